import { randomInt } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import type { Keyring } from '@/platform/crypto/index.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { recordAudit } from '@/platform/audit/index.js';
import { emit } from '@/platform/jobs/index.js';
import { removePurchased } from '@/modules/cart/index.js';
import { reserveStock } from '@/modules/inventory/index.js';
import { commissionRateBp } from '@/modules/finance/index.js';
import { createPayment } from '@/modules/payment/index.js';
import { CartHasProblems, OfferChanged } from '../errors.js';
import { checkout, order, orderEvent, orderLine } from '../schema.js';
import { buildOffer, offerOut } from './offer.js';

/** How long a confirmed checkout waits for its payment before it is cancelled and its stock released (default 30 min). */
export const DEFAULT_PAYMENT_MINUTES = 30;

/** A human-readable, unique order number: SJ + Shanghai date + 10 random digits. */
function orderNumber(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return `SJ${d}${String(randomInt(0, 1e10)).padStart(10, '0')}`;
}

/** Half-up commission of an amount at a rate in basis points, in integer arithmetic. */
export function commissionOf(amount: number, bp: number): number {
  return Math.floor((amount * bp + 5000) / 10000);
}

export type PlaceCheckoutInput = { accountId: string; addressId: string; paymentProvider: string; note: string; offerHash: string; paymentMinutes?: number };

/**
 * Turns the consumer's explicit confirmation of an offer into a checkout (PL-CHK-02): the offer is
 * rebuilt from current data and must hash to what the consumer saw (else OfferChanged, nothing
 * stored); stock for every line is reserved atomically (SKU order, one conditional UPDATE each: no
 * oversell, no deadlock; OutOfStock otherwise); one order per seller, one payment for the whole
 * checkout; the confirmed snapshot, its hash, time, account and client address are stored and audited.
 * All in the caller's transaction: either everything exists afterwards or nothing does.
 */
export async function placeCheckout(tx: Tx, ctx: RequestContext, k: Keyring, input: PlaceCheckoutInput) {
  const built = await buildOffer(tx, k, input);
  const blocking = built.problems.filter((p) => p.problem !== 'insufficient_stock');
  if (blocking.length) throw new CartHasProblems(blocking);
  if (built.hash !== input.offerHash) throw new OfferChanged(offerOut(built.offer), built.hash);
  const { offer } = built;

  const now = new Date();
  const checkoutId = newId('chk');
  const paymentDueAt = new Date(now.getTime() + (input.paymentMinutes ?? DEFAULT_PAYMENT_MINUTES) * 60_000);
  // The payment's id is chosen here so the checkout row is written once, already pointing at it.
  const paymentId = newId('pay');
  const placedCheckout = tx.insert(checkout).values({
    id: checkoutId, accountId: input.accountId, status: 'awaiting_payment', offer, offerHash: built.hash, total: offer.total, paymentId,
    paymentProvider: input.paymentProvider, confirmedAt: now, confirmIp: ctx.ip, confirmUserAgent: ctx.userAgent, paymentDueAt,
  });
  const addressEnc = k.encrypt(JSON.stringify({ recipient: built.address.recipient, phone: built.address.phone, region: built.address.region,
    detail: built.address.detail, regionCode: built.address.regionCode }), `order_checkout:${checkoutId}:address`);
  const rates = new Map<string, number>();
  const orders: Array<typeof order.$inferInsert> = [];
  const lines: Array<typeof orderLine.$inferInsert> = [];
  for (const g of offer.groups) {
    const orderId = newId('ord');
    let commission = 0;
    for (const l of g.lines) {
      const key = `${g.sellerId}|${l.categoryId}`;
      if (!rates.has(key)) rates.set(key, await commissionRateBp(tx, { sellerId: g.sellerId, categoryId: l.categoryId }));
      const bp = rates.get(key)!;
      const c = commissionOf(l.lineTotal, bp);
      commission += c;
      lines.push({ id: newId('oln'), orderId, sellerId: g.sellerId, skuId: l.skuId, productId: l.productId, productVersionId: l.productVersionId,
        categoryId: l.categoryId, title: l.title, specification: l.specification, skuCode: l.skuCode, salesUnit: l.salesUnit, imageId: l.imageId,
        priceType: l.priceType, unitPrice: l.unitPrice, quantity: l.quantity, lineTotal: l.lineTotal, commissionBp: bp, commission: c });
    }
    orders.push({ id: orderId, number: orderNumber(now), checkoutId, accountId: input.accountId, sellerId: g.sellerId, status: 'placed',
      goodsAmount: g.goodsAmount, shippingFee: g.shippingFee, total: g.total, commission, addressEnc, region: built.address.region,
      deliveryTerms: g.deliveryTerms, note: input.note, placedAt: now });
  }
  const events = orders.map((o) => ({ id: newId('oev'), orderId: o.id!, action: 'placed', fromStatus: null, toStatus: 'placed',
    actorId: ctx.actorId, actorKind: 'consumer' as const, detail: { checkoutId, offerHash: built.hash } }));
  // The checkout, its orders, their lines and 'placed' events in one statement (data-modifying WITH queries; foreign keys are checked at its end).
  await tx.execute(sql`with placed_checkout as (${placedCheckout.getSQL()}), placed_orders as (${tx.insert(order).values(orders).getSQL()}),
    placed_lines as (${tx.insert(orderLine).values(lines).getSQL()}) ${tx.insert(orderEvent).values(events).getSQL()}`);

  const names = offer.groups.map((g) => g.sellerName).join('、');
  const payment = await createPayment(tx, ctx, { id: paymentId, providerCode: input.paymentProvider, reference: checkoutId, accountId: input.accountId,
    amount: offer.total, currency: offer.currency, subject: `市集订单 ${names}`.slice(0, 120), expiresAt: paymentDueAt });
  if (payment.id !== paymentId) await tx.update(checkout).set({ paymentId: payment.id }).where(eq(checkout.id, checkoutId));
  await removePurchased(tx, built.cartId, offer.groups.flatMap((g) => g.lines.map((l) => l.skuId)));
  await emit(tx, 'checkout.confirmed', { checkoutId, orderIds: orders.map((o) => o.id), total: offer.total });
  await recordAudit(tx, ctx, { action: 'checkout.confirmed', resourceType: 'checkout', resourceId: checkoutId,
    changes: { offerHash: built.hash, total: offer.total, orders: orders.map((o) => o.number), paymentId: payment.id } });
  // Last: the stock rows are the only rows other consumers' checkouts wait for (a popular SKU), so
  // they are locked for as short a time as possible, from here to the commit. Reservations outlive the
  // payment deadline by a margin: the order module releases them on time; the inventory job is the safety net.
  await reserveStock(tx, {
    reference: checkoutId, expiresAt: new Date(paymentDueAt.getTime() + 10 * 60_000), deliveryRegion: built.address.region,
    lines: offer.groups.flatMap((g) => g.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }))),
  });
  return { checkoutId };
}

export type CheckoutRow = typeof checkout.$inferSelect;

/** A checkout of the consumer's own (or any, for the operator: accountId null). */
export async function loadCheckout(q: Queryable, id: string, accountId: string | null): Promise<CheckoutRow | null> {
  const [c] = await q.select().from(checkout).where(and(eq(checkout.id, id), accountId ? eq(checkout.accountId, accountId) : undefined));
  return c ?? null;
}

export async function ordersOfCheckouts(q: Queryable, ids: string[]) {
  return ids.length ? q.select().from(order).where(inArray(order.checkoutId, ids)).orderBy(order.id) : [];
}
