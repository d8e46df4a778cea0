import { z } from 'zod';
import { MoneyOut } from '@/modules/catalog/index.js';
import { PaymentOut, RefundOut } from '@/modules/payment/index.js';
import { ORDER_STATUSES } from './types.js';

const Id = z.string().min(1).max(64);
const Reason = z.string().trim().min(2, 'give a reason of at least 2 characters').max(500);
export const OrderStatus = z.enum(ORDER_STATUSES);

export const PreviewBody = z.strictObject({
  addressId: Id, paymentProvider: z.string().min(1).max(32), note: z.string().trim().max(200).optional(),
}).meta({ id: 'CheckoutPreviewBody' });
export type PreviewBody = z.infer<typeof PreviewBody>;
export const ConfirmBody = PreviewBody.extend({
  offerHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the offerHash the preview answered'),
  accept: z.literal(true).describe('The consumer\'s explicit confirmation of the offer (PL-CHK-02)'),
}).strict().meta({ id: 'CheckoutConfirmBody' });
export type ConfirmBody = z.infer<typeof ConfirmBody>;

const OfferLineOut = z.object({ skuId: z.string(), productId: z.string(), title: z.string(), specification: z.string(), skuCode: z.string(),
  salesUnit: z.record(z.string(), z.unknown()), priceType: z.string(), unitPrice: MoneyOut, quantity: z.number().int(), lineTotal: MoneyOut,
  imageUrl: z.string().nullable() });
export const OfferOut = z.object({
  groups: z.array(z.object({ seller: z.object({ id: z.string(), name: z.string() }), lines: z.array(OfferLineOut), goodsAmount: MoneyOut,
    shippingFee: MoneyOut, total: MoneyOut, deliveryMethod: z.string(), deliveryTerms: z.string() })),
  goodsAmount: MoneyOut, shippingFee: MoneyOut, total: MoneyOut,
  address: z.object({ id: z.string(), region: z.string(), recipientMasked: z.string(), phoneMasked: z.string() }),
  paymentProvider: z.string(), terms: z.object({ version: z.string(), title: z.string() }), note: z.string(),
}).meta({ id: 'Offer' });
export type OfferOut = z.infer<typeof OfferOut>;
export const PreviewOut = z.object({
  offer: OfferOut, offerHash: z.string().describe('Send it back with accept:true to confirm exactly this offer'),
  problems: z.array(z.object({ skuId: z.string(), problem: z.string() })).describe('Lines that cannot be bought now; they block confirmation'),
}).meta({ id: 'CheckoutPreview' });

export const OrderSummaryOut = z.object({
  id: z.string(), number: z.string(), status: OrderStatus, seller: z.object({ id: z.string(), name: z.string() }),
  total: MoneyOut, refunded: MoneyOut, itemCount: z.number().int(), firstTitle: z.string(), firstImageUrl: z.string().nullable(),
  placedAt: z.string(), paidAt: z.string().nullable(), confirmDueAt: z.string().nullable(), overdue: z.boolean(), checkoutId: z.string(),
}).meta({ id: 'OrderSummary' });
export type OrderSummaryOut = z.infer<typeof OrderSummaryOut>;

export const CheckoutOut = z.object({
  id: z.string(), status: z.enum(['awaiting_payment', 'paid', 'expired', 'cancelled']), offerHash: z.string(), total: MoneyOut,
  confirmedAt: z.string(), paymentDueAt: z.string(), paidAt: z.string().nullable(),
  orders: z.array(OrderSummaryOut),
  payment: z.object({ id: z.string(), status: z.string(), payUrl: z.string().nullable().describe('The provider\'s payment page while the payment can be made'),
    failureReason: z.string().nullable() }).nullable(),
}).meta({ id: 'Checkout' });
export type CheckoutOut = z.infer<typeof CheckoutOut>;

export const OrderLineOut = z.object({ id: z.string(), skuId: z.string(), productId: z.string(), productVersionId: z.string(), title: z.string(),
  specification: z.string(), skuCode: z.string(), salesUnit: z.record(z.string(), z.unknown()), imageUrl: z.string().nullable(), priceType: z.string(),
  unitPrice: MoneyOut, quantity: z.number().int(), lineTotal: MoneyOut });
export const OrderEventOut = z.object({ id: z.string(), action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(),
  actorKind: z.string(), reason: z.string().nullable(), detail: z.record(z.string(), z.unknown()), at: z.string() });
export const ModificationOut = z.object({ id: z.string(), baseVersion: z.number().int(), proposedBy: z.enum(['consumer', 'seller']),
  changes: z.record(z.string(), z.unknown()), priceDelta: MoneyOut, needsAcceptanceBy: z.enum(['consumer', 'seller']).nullable(),
  status: z.enum(['pending', 'applied', 'rejected', 'withdrawn']), reason: z.string(), decisionNote: z.string().nullable(), createdAt: z.string(),
  decidedAt: z.string().nullable() }).meta({ id: 'OrderModification' });
export const ConfirmationCheckOut = z.array(z.object({ skuId: z.string(), skuCode: z.string(), title: z.string(), specification: z.string(),
  salesUnit: z.record(z.string(), z.unknown()), quantity: z.number().int(), allocatable: z.number().int(), enough: z.boolean() }))
  .describe('MS-ORD-02: what to check before confirming');

export const OrderDetailOut = OrderSummaryOut.extend({
  version: z.number().int(), lines: z.array(OrderLineOut), goodsAmount: MoneyOut, shippingFee: MoneyOut, commission: MoneyOut.optional(),
  address: z.object({ recipient: z.string(), phone: z.string(), region: z.string(), detail: z.string() }),
  deliveryTerms: z.string(), note: z.string(), confirmedAt: z.string().nullable(), overdueAt: z.string().nullable(), cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(), events: z.array(OrderEventOut), payments: z.array(PaymentOut), refunds: z.array(RefundOut),
  modifications: z.array(ModificationOut), check: ConfirmationCheckOut.optional(),
  account: z.object({ id: z.string() }).optional(),
}).meta({ id: 'OrderDetail' });
export type OrderDetailOut = z.infer<typeof OrderDetailOut>;

export const ReasonBody = z.strictObject({ reason: Reason }).meta({ id: 'ReasonBody' });
export const RefundBody = z.strictObject({ amount: z.number().int().min(1).max(1_000_000_000).describe('fen'), reason: Reason }).meta({ id: 'OrderRefundBody' });
export const ModificationBody = z.strictObject({
  addressId: Id.optional().describe('Consumer only: deliver to another of their addresses'),
  note: z.string().trim().max(200).optional(),
  lines: z.array(z.strictObject({ skuId: Id, quantity: z.number().int().min(0).max(9999) })).min(1).max(100).optional()
    .describe('New quantities (lower only; 0 removes the line). Changes the price: the other party must accept'),
  reason: z.string().trim().max(500).optional(),
}).refine((b) => b.addressId !== undefined || b.note !== undefined || b.lines !== undefined, { message: 'propose at least one change: addressId, note or lines' })
  .meta({ id: 'OrderModificationBody' });
export type ModificationBody = z.infer<typeof ModificationBody>;
export const DecisionBody = z.strictObject({ note: z.string().trim().max(500).optional() }).meta({ id: 'ModificationDecisionBody' });
export const OrderListQuery = z.strictObject({
  status: OrderStatus.optional(), overdue: z.enum(['true', 'false']).optional(), sellerId: Id.optional(), q: z.string().trim().max(64).optional(),
  limit: z.string().optional(), cursor: z.string().max(200).optional(),
});
export const SlaOut = z.object({ paid: z.number().int(), confirmed: z.number().int(), confirmedOnTime: z.number().int(), confirmedLate: z.number().int(),
  overdueOpen: z.number().int(), onTimeRate: z.number().nullable() }).meta({ id: 'ConfirmationSla' });
export const OrderSettingsBody = z.strictObject({ calendarId: Id }).meta({ id: 'OrderSettingsBody' });
export const OrderSettingsOut = z.object({ calendarId: z.string().nullable(), calendarName: z.string(), usesDefault: z.boolean(),
  calendars: z.array(z.object({ id: z.string(), name: z.string(), isDefault: z.boolean() })).describe('Service calendars the seller may choose (at least 5 × 8 h a week)') }).meta({ id: 'OrderSettings' });
