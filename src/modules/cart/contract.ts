import { z } from 'zod';
import { MoneyOut } from '@/modules/catalog/index.js';

export const MAX_LINE_QUANTITY = 9999;
export const MAX_CART_LINES = 100;

const SkuId = z.string().min(1).max(64);
export const AddLineBody = z.strictObject({
  skuId: SkuId,
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).describe('Units to add to what the cart already holds'),
}).meta({ id: 'AddCartLineBody' });
export type AddLineBody = z.infer<typeof AddLineBody>;

export const UpdateLineBody = z.strictObject({
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY).optional().describe('New quantity of the line'),
  selected: z.boolean().optional().describe('Whether the line goes to checkout'),
}).meta({ id: 'UpdateCartLineBody' });
export type UpdateLineBody = z.infer<typeof UpdateLineBody>;

export const SkuParams = z.strictObject({ skuId: SkuId });

export const CartLineProblem = z.enum(['unavailable', 'no_price', 'insufficient_stock']);
export const CartLineOut = z.object({
  skuId: z.string(), productId: z.string(), title: z.string(), specification: z.string(), imageUrl: z.string().nullable(),
  salesUnit: z.record(z.string(), z.unknown()), quantity: z.number().int(), selected: z.boolean(),
  unitPrice: MoneyOut.nullable().describe('Current approved price; null when the SKU is no longer on sale'),
  priceWhenAdded: MoneyOut.nullable(), priceChanged: z.boolean(),
  lineTotal: MoneyOut.nullable(),
  available: z.number().int(), stock: z.enum(['in_stock', 'low', 'out_of_stock']),
  problem: CartLineProblem.nullable().describe('Why the line cannot be checked out now; null when it can'),
}).meta({ id: 'CartLine' });
export type CartLineOut = z.infer<typeof CartLineOut>;

export const CartOut = z.object({
  id: z.string().nullable(),
  groups: z.array(z.object({
    seller: z.object({ id: z.string(), name: z.string() }),
    lines: z.array(CartLineOut),
    goodsAmount: MoneyOut.describe('Selected, purchasable lines'), shippingFee: MoneyOut, deliveryTerms: z.string(),
  })),
  goodsAmount: MoneyOut, shippingFee: MoneyOut, total: MoneyOut,
  selectedUnits: z.number().int(), lineCount: z.number().int(),
  cartToken: z.string().optional().describe('Guests only, when the cart was just created: send it back as X-Cart-Token (browsers get a cookie)'),
}).meta({ id: 'Cart' });
export type CartOut = z.infer<typeof CartOut>;
