import { createHash } from 'node:crypto';
import type { Queryable } from '@/platform/db/client.js';
import type { Keyring } from '@/platform/crypto/index.js';
import { canonicalJson, maskName, maskPhone } from '@/platform/crypto/index.js';
import { organisationNames } from '@/modules/identity/index.js';
import { shippingFee, shippingRulesFor } from '@/modules/catalog/index.js';
import { pricedCartLines, type PricedLine } from '@/modules/cart/index.js';
import { getAddress, type AddressOut } from '@/modules/consumer/index.js';
import { CheckoutEmpty } from '../errors.js';
import type { OfferGroup, OfferSnapshot } from '../types.js';
import { money } from '@/platform/db/money.js';

/** The service terms every offer refers to (PL-PUB-04 publishes their text). */
export const SERVICE_TERMS = { version: '2026-12', title: '市集平台服务协议与交易规则 (2026-12)' } as const;


/** SHA-256 of the canonical JSON of an offer: what the consumer confirms and the audit log keeps (PL-CHK-02). */
export function offerHash(offer: OfferSnapshot): string {
  return createHash('sha256').update(canonicalJson(offer)).digest('hex');
}

export type BuiltOffer = {
  offer: OfferSnapshot; hash: string; cartId: string; address: AddressOut;
  /** Lines that cannot be bought: no longer on sale or unpriced (blocking), or short of stock now (informational). */
  problems: Array<{ skuId: string; problem: NonNullable<PricedLine['problem']> }>;
};

/**
 * The complete offer for the selected lines of the consumer's cart, delivered to one of their
 * addresses (PL-CHK-02, PL-PRC-08): every line with unit and price type, per-seller goods amount,
 * delivery fee and terms, totals, masked recipient, payment provider and service terms. Deterministic:
 * the same cart, prices, fees and address always give the same offer and hash.
 */
export async function buildOffer(q: Queryable, k: Keyring, input: { accountId: string; addressId: string; paymentProvider: string; note: string }): Promise<BuiltOffer> {
  const address = await getAddress(q, k, input.accountId, input.addressId);
  const cart = await pricedCartLines(q, { kind: 'account', accountId: input.accountId });
  const priced = cart.priced.filter((p) => p.line.selected === 'yes');
  if (cart.cartId === null || priced.length === 0) throw new CheckoutEmpty();
  const problems = priced.filter((p) => p.problem !== null).map((p) => ({ skuId: p.line.skuId, problem: p.problem! }));
  const buyable = priced.filter((p) => p.sku && p.sku.price);
  const sellerIds = [...new Set(buyable.map((p) => p.sku!.sellerId))].sort();
  // Seller names came with the cart lines; a seller not among the lines' (the SKU changed hands) is looked up.
  const names = new Map(priced.map((p) => [p.line.sellerId, { name: p.sellerName ?? '' }]));
  const unnamed = sellerIds.filter((id) => !names.has(id));
  if (unnamed.length) for (const [id, o] of await organisationNames(q, unnamed)) names.set(id, o);
  const groups: OfferGroup[] = [];
  for (const sellerId of sellerIds) {
    const lines = buyable.filter((p) => p.sku!.sellerId === sellerId).sort((a, b) => (a.line.skuId < b.line.skuId ? -1 : 1)).map(({ line, sku }) => ({
      skuId: sku!.skuId, productId: sku!.productId, productVersionId: sku!.productVersionId, categoryId: sku!.categoryId, title: sku!.title,
      specification: sku!.specification, skuCode: sku!.skuCode, salesUnit: sku!.salesUnit, imageId: sku!.imageId, priceType: sku!.price!.priceType,
      unitPrice: sku!.price!.retail, quantity: line.quantity, lineTotal: sku!.price!.retail * line.quantity,
    }));
    const goods = lines.reduce((s, l) => s + l.lineTotal, 0);
    const units = lines.reduce((s, l) => s + l.quantity, 0);
    const rule = await shippingRulesFor(q, sellerId);
    const fee = shippingFee(rule, goods, units);
    groups.push({ sellerId, sellerName: names.get(sellerId)?.name ?? '', lines, goodsAmount: goods, shippingFee: fee, total: goods + fee,
      deliveryMethod: 'express', deliveryTerms: rule?.deliveryTerms ?? '' });
  }
  const goodsAmount = groups.reduce((s, g) => s + g.goodsAmount, 0);
  const fees = groups.reduce((s, g) => s + g.shippingFee, 0);
  const offer: OfferSnapshot = {
    currency: 'CNY', groups, goodsAmount, shippingFee: fees, total: goodsAmount + fees,
    address: { id: address.id, region: address.region, recipientMasked: maskName(address.recipient), phoneMasked: maskPhone(address.phone) },
    paymentProvider: input.paymentProvider, terms: { ...SERVICE_TERMS }, note: input.note,
  };
  return { offer, hash: offerHash(offer), cartId: cart.cartId, address, problems };
}

/** The offer in API shape (Money objects, image URLs). */
export function offerOut(o: OfferSnapshot) {
  return {
    groups: o.groups.map((g) => ({ seller: { id: g.sellerId, name: g.sellerName }, goodsAmount: money(g.goodsAmount), shippingFee: money(g.shippingFee),
      total: money(g.total), deliveryMethod: g.deliveryMethod, deliveryTerms: g.deliveryTerms,
      lines: g.lines.map((l) => ({ skuId: l.skuId, productId: l.productId, title: l.title, specification: l.specification, skuCode: l.skuCode,
        salesUnit: l.salesUnit, priceType: l.priceType, unitPrice: money(l.unitPrice), quantity: l.quantity, lineTotal: money(l.lineTotal),
        imageUrl: l.imageId ? `/media/${l.imageId}` : null })) })),
    goodsAmount: money(o.goodsAmount), shippingFee: money(o.shippingFee), total: money(o.total), address: o.address,
    paymentProvider: o.paymentProvider, terms: o.terms, note: o.note,
  };
}
