import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '@/platform/db/client.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { systemContext } from '@/platform/http/auth.js';
import { emit } from '@/platform/jobs/index.js';
import { addToCart } from '@/modules/cart/index.js';
import { recordSales } from '@/modules/catalog/index.js';
import { consumeReservation, recordMovement, releaseReservation, reservationsFor, reserveStock } from '@/modules/inventory/index.js';
import { entryForSource, postEntry, reverseEntry, sellerAccount } from '@/modules/finance/index.js';
import { cancelPayment, requestRefund, type PaymentSettled, type RefundSettled } from '@/modules/payment/index.js';
import { InvalidOrderTransition, ModificationPending, RefundTooLarge } from '../errors.js';
import { checkout, order, orderEvent, orderLine, orderModification, sellerOrderSettings } from '../schema.js';
import { confirmationDue, noteEvent, transition, TRANSITIONS, type ActorKind, type OrderRow } from './common.js';

const nonZero = <T extends { amount: number }>(lines: T[]) => lines.filter((l) => l.amount !== 0);

/** Ledger entry of a paid order: the consumer's money is now owed to the seller, less the platform's commission (PL-FIN-02). */
async function postOrderPaid(tx: Tx, ctx: RequestContext, o: OrderRow): Promise<void> {
  const seller = sellerAccount(o.sellerId);
  const common = { sellerId: o.sellerId, orderId: o.id };
  await postEntry(tx, ctx, { kind: 'order.paid', sourceType: 'order', sourceId: o.id, memo: o.number, lines: nonZero([
    { account: 'clearing:consumer', amount: o.total, memo: 'order_total', ...common },
    { account: seller, amount: -(o.goodsAmount - o.commission), memo: 'goods', ...common },
    { account: seller, amount: -o.shippingFee, memo: 'delivery_fee', ...common },
    { account: 'revenue:commission', amount: -o.commission, memo: 'commission', ...common },
  ]) });
}

/**
 * Payment listener (called by the payment module inside the transaction that records the settled
 * payment): succeeded → the checkout and its orders become paid, reserved stock becomes a sale, the
 * confirmation clock starts on each seller's calendar (PL-ORD-02) and the ledger is posted; failed or
 * cancelled → the checkout is cancelled and its stock released. A payment that arrives after its
 * checkout was cancelled is matched to stock again, or refunded in full when the stock is gone.
 */
export async function onCheckoutPayment(tx: Tx, e: PaymentSettled): Promise<void> {
  const ctx = systemContext(`payment ${e.paymentId}`);
  // The usual case in one statement: a checkout awaiting this payment becomes paid (the row lock is taken as by the select below).
  const [paidNow] = e.status === 'succeeded' ? await tx.update(checkout).set({ status: 'paid', paidAt: e.at, updatedAt: new Date() })
    .where(and(eq(checkout.id, e.reference), eq(checkout.status, 'awaiting_payment'))).returning({ id: checkout.id }) : [];
  if (paidNow) return checkoutPaid(tx, ctx, paidNow.id, e);
  const [c] = await tx.select().from(checkout).where(eq(checkout.id, e.reference)).for('update');
  if (!c) return;
  if (e.status !== 'succeeded') {
    if (c.status === 'awaiting_payment') await cancelCheckout(tx, ctx, c.id, 'provider', e.status === 'failed' ? 'payment_failed' : 'payment_cancelled');
    return;
  }
  if (c.status === 'paid') return;
  if (c.status !== 'awaiting_payment') {
    // Late payment for a cancelled checkout: take the stock again if it is still there, else give the money back.
    const restored = await tx.transaction(async (sp) => {
      const orders = await sp.select().from(order).where(eq(order.checkoutId, c.id));
      const lines = await sp.select().from(orderLine).where(inArray(orderLine.orderId, orders.map((o) => o.id)));
      await reserveStock(sp, { reference: c.id, lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })) });
      await sp.update(order).set({ status: 'placed', cancelledAt: null, cancelReason: null }).where(eq(order.checkoutId, c.id));
      return true;
    }).catch(() => false);
    if (!restored) {
      await requestRefund(tx, ctx, { paymentReference: c.id, reference: c.id, sellerId: null, accountId: c.accountId, amount: e.amount,
        reason: 'The order was cancelled before the payment arrived and the goods are no longer in stock: full refund.', requestKey: `late-payment:${c.id}` });
      return;
    }
  }
  await tx.update(checkout).set({ status: 'paid', paidAt: e.at, updatedAt: new Date() }).where(eq(checkout.id, c.id));
  await checkoutPaid(tx, ctx, c.id, e);
}

/** The rest of a paid checkout, after its row became 'paid': stock sold, orders paid on their sellers' calendars, ledger posted. */
async function checkoutPaid(tx: Tx, ctx: RequestContext, checkoutId: string, e: PaymentSettled): Promise<void> {
  // Row locks (stock, then products) before the transitions' audit entries: the audit chain's lock must come last, or this
  // deadlocks with checkouts (stock, then audit) and product edits (product, then audit).
  await consumeReservation(tx, checkoutId, ctx);
  // The placed orders with their lines (for the sales counts) and their seller's calendar in one statement.
  const rs = await tx.select({ o: order, calendarId: sellerOrderSettings.calendarId,
    lines: sql<Array<{ productId: string; quantity: number }> | string>`(select coalesce(json_agg(json_build_object('productId', ${orderLine.productId},
      'quantity', ${orderLine.quantity}) order by ${orderLine.id}), '[]'::json) from ${orderLine} where ${orderLine.orderId} = ${order.id})` })
    .from(order).leftJoin(sellerOrderSettings, eq(sellerOrderSettings.sellerId, order.sellerId))
    .where(and(eq(order.checkoutId, checkoutId), eq(order.status, 'placed'))).orderBy(order.id);
  const orders = rs.map((r) => r.o);
  await recordSales(tx, rs.flatMap((r) => (typeof r.lines === 'string' ? JSON.parse(r.lines) as Array<{ productId: string; quantity: number }> : r.lines)));
  const calendars = new Map<string, string | null>(rs.map((r) => [r.o.sellerId, r.calendarId ?? null]));
  const dueByCalendar = new Map<string | null, Awaited<ReturnType<typeof confirmationDue>>>();
  for (const o of orders) {
    const cal = calendars.get(o.sellerId) ?? null;
    if (!dueByCalendar.has(cal)) dueByCalendar.set(cal, await confirmationDue(tx, cal, e.at));
    const due = dueByCalendar.get(cal)!;
    const paid = await transition(tx, ctx, o, 'paid', { action: 'paid', actorKind: 'provider', detail: { paymentId: e.paymentId },
      set: { paidAt: e.at, confirmDueAt: due.due, calendarId: due.calendarId } });
    await postOrderPaid(tx, ctx, paid);
    await emit(tx, 'order.paid', { orderId: o.id, sellerId: o.sellerId, confirmDueAt: due.due.toISOString() });
  }
}

/**
 * Cancels a checkout that has not been paid: its orders become cancelled, the reserved stock is
 * released, the pending payment is cancelled and the lines go back to the consumer's cart. Idempotent.
 */
export async function cancelCheckout(tx: Tx, ctx: RequestContext, checkoutId: string, by: ActorKind, reason: string): Promise<void> {
  const [c] = await tx.update(checkout).set({ status: reason === 'payment_timeout' ? 'expired' : 'cancelled', updatedAt: new Date() })
    .where(and(eq(checkout.id, checkoutId), eq(checkout.status, 'awaiting_payment'))).returning();
  if (!c) return;
  await releaseReservation(tx, checkoutId);
  const orders = await tx.select().from(order).where(and(eq(order.checkoutId, checkoutId), eq(order.status, 'placed')));
  for (const o of orders) {
    await transition(tx, ctx, o, 'cancelled', { action: 'cancelled', actorKind: by, reason, set: { cancelledAt: new Date(), cancelReason: reason } });
  }
  if (c.paymentId && by !== 'provider') await cancelPayment(tx, ctx, c.paymentId, reason);
  const lines = await tx.select().from(orderLine).where(inArray(orderLine.orderId, orders.map((o) => o.id)));
  for (const l of lines) {
    // Back to the cart for convenience; a SKU no longer on sale simply stays out.
    await tx.transaction((sp) => addToCart(sp, { kind: 'account', accountId: c.accountId }, { skuId: l.skuId, quantity: l.quantity })).catch(() => undefined);
  }
}

/** Checkouts whose payment deadline passed: cancelled one per short transaction (job `order.expire_unpaid`). */
export async function expireUnpaidCheckouts(db: Db, now = new Date()): Promise<number> {
  const due = await db.select({ id: checkout.id }).from(checkout)
    .where(and(eq(checkout.status, 'awaiting_payment'), lt(checkout.paymentDueAt, now))).limit(200);
  for (const { id } of due) await db.transaction((tx) => cancelCheckout(tx, systemContext('order.expire_unpaid'), id, 'system', 'payment_timeout'));
  return due.length;
}

/**
 * Requests a refund of part or all of an order through the payment provider (PL-PAY-04, PL-AFS-05):
 * the amount is reserved against the order (never more than paid), the seller's payable and the
 * commission are reduced in the ledger at once, the provider call happens after commit. Idempotent per
 * request key.
 */
export async function refundOrder(tx: Tx, ctx: RequestContext, o: OrderRow, input: { amount: number; reason: string; by: ActorKind; requestKey: string }) {
  if (o.status === 'placed' || !o.paidAt) throw new InvalidOrderTransition(o.id, o.status, 'refunded', 'Only paid orders can be refunded; cancel an unpaid order instead.');
  const before = o.refundedAmount;
  const refundable = o.total - before;
  if (input.amount > refundable) throw new RefundTooLarge(o.id, refundable);
  const [upd] = await tx.update(order).set({ refundedAmount: sql`${order.refundedAmount} + ${input.amount}`, updatedAt: new Date() })
    .where(and(eq(order.id, o.id), eq(order.refundedAmount, before))).returning();
  if (!upd) throw new RefundTooLarge(o.id, refundable);
  const r = await requestRefund(tx, ctx, { paymentReference: o.checkoutId, reference: o.id, sellerId: o.sellerId, accountId: o.accountId,
    amount: input.amount, reason: input.reason, requestKey: input.requestKey });
  const share = (paid: number) => Math.floor((o.commission * paid) / o.total);
  const commission = share(before + input.amount) - share(before);
  const common = { sellerId: o.sellerId, orderId: o.id };
  await postEntry(tx, ctx, { kind: 'order.refund', sourceType: 'refund', sourceId: r.id, memo: o.number, lines: nonZero([
    { account: sellerAccount(o.sellerId), amount: input.amount - commission, memo: 'refund', ...common },
    { account: 'revenue:commission', amount: commission, memo: 'commission_refund', ...common },
    { account: 'clearing:refunds', amount: -input.amount, memo: 'refund', ...common },
  ]) });
  await noteEvent(tx, ctx, o.id, { action: 'refund_requested', actorKind: input.by, reason: input.reason, detail: { refundId: r.id, amount: input.amount } });
  return r;
}

/** Refund listener: a failed or rejected refund gives the amount back to the order and reverses its ledger entry. */
export async function onOrderRefund(tx: Tx, e: RefundSettled): Promise<void> {
  const ctx = systemContext(`refund ${e.refundId}`);
  const [o] = await tx.select().from(order).where(eq(order.id, e.reference)).for('update');
  if (!o) return;
  if (e.status === 'succeeded') {
    await noteEvent(tx, ctx, o.id, { action: 'refund_succeeded', actorKind: 'provider', detail: { refundId: e.refundId, amount: e.amount }, audit: false });
    return;
  }
  // A refund requested against the order's paid total gives its amount back; one from a quantity cut lowered the total instead.
  const [asked] = await tx.select({ id: orderEvent.id }).from(orderEvent).where(and(eq(orderEvent.orderId, o.id), eq(orderEvent.action, 'refund_requested'),
    sql`${orderEvent.detail}->>'refundId' = ${e.refundId}`));
  if (asked) await tx.update(order).set({ refundedAmount: sql`greatest(0, ${order.refundedAmount} - ${e.amount})`, updatedAt: new Date() }).where(eq(order.id, o.id));
  const entry = await entryForSource(tx, { kind: 'order.refund', sourceType: 'refund', sourceId: e.refundId });
  if (entry) await reverseEntry(tx, ctx, entry.id, `refund ${e.status}`);
  await noteEvent(tx, ctx, o.id, { action: 'refund_failed', actorKind: 'provider', reason: e.status, detail: { refundId: e.refundId, amount: e.amount } });
}

/** Puts the units of a paid order back into the warehouses they were sold from (order cancelled after payment). */
async function returnStock(tx: Tx, ctx: RequestContext, o: OrderRow): Promise<void> {
  const held = await reservationsFor(tx, o.checkoutId);
  const lines = await tx.select().from(orderLine).where(eq(orderLine.orderId, o.id));
  for (const l of lines) {
    const r = held.find((x) => x.skuId === l.skuId && x.status === 'consumed');
    if (!r) continue;
    await recordMovement(tx, ctx, o.sellerId, { skuId: l.skuId, warehouseId: r.warehouseId, kind: 'return', quantity: l.quantity,
      reason: 'order cancelled', documentNo: o.number });
  }
}

/**
 * Cancels a paid order (consumer before confirmation, seller rejection, operator): the rest of the
 * order is refunded in full through the provider and its stock returned.
 */
export async function cancelPaidOrder(tx: Tx, ctx: RequestContext, o: OrderRow, by: ActorKind, reason: string): Promise<OrderRow> {
  const [pending] = await tx.select({ id: orderModification.id }).from(orderModification)
    .where(and(eq(orderModification.orderId, o.id), eq(orderModification.status, 'pending')));
  if (pending) await tx.update(orderModification).set({ status: 'withdrawn', updatedAt: new Date() }).where(eq(orderModification.id, pending.id));
  if (!TRANSITIONS[o.status].includes('cancelled')) throw new InvalidOrderTransition(o.id, o.status, by === 'seller' ? 'rejected' : 'cancelled');
  // Stock rows before the transition's audit entry (the audit chain's lock comes last; checkouts lock stock, then audit).
  await returnStock(tx, ctx, o);
  const cancelled = await transition(tx, ctx, o, 'cancelled', { action: by === 'seller' ? 'rejected' : 'cancelled', actorKind: by, reason,
    set: { cancelledAt: new Date(), cancelReason: reason } });
  const rest = o.total - o.refundedAmount;
  if (rest > 0) await refundOrder(tx, ctx, cancelled, { amount: rest, reason, by, requestKey: `cancel:${o.id}` });
  await emit(tx, 'order.cancelled', { orderId: o.id, sellerId: o.sellerId, by, reason });
  return cancelled;
}

/** The seller confirms it can fulfil a paid order (PL-ORD-02, MS-ORD-02). */
export async function confirmOrder(tx: Tx, ctx: RequestContext, o: OrderRow): Promise<OrderRow> {
  const [pending] = await tx.select({ id: orderModification.id }).from(orderModification)
    .where(and(eq(orderModification.orderId, o.id), eq(orderModification.status, 'pending')));
  if (pending) throw new ModificationPending(o.id, pending.id);
  const now = new Date();
  const res = await transition(tx, ctx, o, 'confirmed', { action: 'confirmed', actorKind: 'seller', set: { confirmedAt: now },
    detail: { onTime: o.confirmDueAt ? now <= o.confirmDueAt : true }, hint: o.status === 'placed' ? 'It has not been paid yet.' : undefined });
  await emit(tx, 'order.confirmed', { orderId: o.id, sellerId: o.sellerId });
  return res;
}

/**
 * Flags paid orders whose confirmation is overdue (PL-ORD-02): once per order, with an event and an
 * outbox notification for the seller and the operator. Safe on several nodes (conditional UPDATE).
 */
export async function flagOverdueOrders(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const flagged = await tx.update(order).set({ overdueAt: now, updatedAt: now })
      .where(and(eq(order.status, 'paid'), lt(order.confirmDueAt, now), isNull(order.overdueAt))).returning();
    const ctx = systemContext('order.flag_overdue');
    for (const o of flagged) {
      await noteEvent(tx, ctx, o.id, { action: 'confirmation_overdue', actorKind: 'system', detail: { confirmDueAt: o.confirmDueAt?.toISOString() } });
      await emit(tx, 'order.confirmation_overdue', { orderId: o.id, number: o.number, sellerId: o.sellerId, confirmDueAt: o.confirmDueAt?.toISOString() });
    }
    return flagged.length;
  });
}

/** Confirmation SLA over orders paid in a period (PL-ORD-02, PL-RPT-02). */
export async function confirmationSla(q: Queryable, f: { from: Date; to: Date; sellerId?: string | undefined }, now = new Date()) {
  const [r] = await q.select({
    paid: sql<number>`count(*)::int`,
    confirmed: sql<number>`count(*) filter (where ${order.confirmedAt} is not null)::int`,
    onTime: sql<number>`count(*) filter (where ${order.confirmedAt} is not null and ${order.confirmedAt} <= ${order.confirmDueAt})::int`,
    late: sql<number>`count(*) filter (where ${order.confirmedAt} > ${order.confirmDueAt})::int`,
    overdueOpen: sql<number>`count(*) filter (where ${order.status} = 'paid' and ${order.confirmDueAt} < ${now.toISOString()}::timestamptz)::int`,
  }).from(order).where(and(sql`${order.paidAt} >= ${f.from.toISOString()}::timestamptz and ${order.paidAt} < ${f.to.toISOString()}::timestamptz`, f.sellerId ? eq(order.sellerId, f.sellerId) : undefined));
  const paid = Number(r?.paid ?? 0), onTime = Number(r?.onTime ?? 0), late = Number(r?.late ?? 0), overdueOpen = Number(r?.overdueOpen ?? 0);
  const decided = onTime + late + overdueOpen;
  return { paid, confirmed: Number(r?.confirmed ?? 0), confirmedOnTime: onTime, confirmedLate: late, overdueOpen,
    onTimeRate: decided === 0 ? null : Math.round((onTime / decided) * 10000) / 10000 };
}
