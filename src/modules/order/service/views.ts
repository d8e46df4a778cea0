import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/platform/db/client.js';
import type { Keyring } from '@/platform/crypto/index.js';
import { organisationNameSql, organisationNames } from '@/modules/identity/index.js';
import { availabilityForSkus } from '@/modules/inventory/index.js';
import { paymentForCheckout, paymentsForReferences, refundsForReferences } from '@/modules/payment/index.js';
import type { CheckoutOut, OrderDetailOut, OrderSummaryOut } from '../contract.js';
import { CheckoutNotFound } from '../errors.js';
import { checkout, order, orderEvent, orderLine, orderModification } from '../schema.js';
import type { OrderStatus } from '../types.js';
import type { CheckoutRow } from './checkout.js';
import { loadOrder, scopeWhere, type OrderRow, type OrderScope } from './common.js';
import { money } from '@/platform/db/money.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const img = (id: string | null) => (id ? `/media/${id}` : null);

type LineSummary = { n: number | null; title: string | null; image: string | null };

async function summaries(q: Queryable, rows: OrderRow[], now = new Date()): Promise<OrderSummaryOut[]> {
  if (rows.length === 0) return [];
  const names = await organisationNames(q, [...new Set(rows.map((o) => o.sellerId))]);
  const firsts = await q.select({ orderId: orderLine.orderId, n: sql<number>`sum(${orderLine.quantity})::int`,
    title: sql<string>`(array_agg(${orderLine.title} order by ${orderLine.id}))[1]`, image: sql<string | null>`(array_agg(${orderLine.imageId} order by ${orderLine.id}))[1]` })
    .from(orderLine).where(inArray(orderLine.orderId, rows.map((o) => o.id))).groupBy(orderLine.orderId);
  return summariesOf(rows, new Map(firsts.map((f) => [f.orderId, f])), names, now);
}

function summariesOf(rows: OrderRow[], byOrder: Map<string, LineSummary>, names: Map<string, { name: string }>, now = new Date()): OrderSummaryOut[] {
  return rows.map((o) => ({
    id: o.id, number: o.number, status: o.status, seller: { id: o.sellerId, name: names.get(o.sellerId)?.name ?? '' }, total: money(o.total),
    refunded: money(o.refundedAmount), itemCount: Number(byOrder.get(o.id)?.n ?? 0), firstTitle: byOrder.get(o.id)?.title ?? '',
    firstImageUrl: img(byOrder.get(o.id)?.image ?? null), placedAt: o.placedAt.toISOString(), paidAt: iso(o.paidAt), confirmDueAt: iso(o.confirmDueAt),
    overdue: o.status === 'paid' && o.confirmDueAt !== null && o.confirmDueAt < now, checkoutId: o.checkoutId,
  }));
}

export type OrderFilter = { status?: OrderStatus | undefined; overdue?: boolean | undefined; sellerId?: string | undefined; q?: string | undefined;
  limit: number; after?: { createdAt: string; id: string } | undefined };

/** Orders the scope may see, newest first, with keyset paging. */
export async function listOrders(q: Queryable, scope: OrderScope, f: OrderFilter) {
  const conds: (SQL | undefined)[] = [scopeWhere(scope)];
  if (f.status) conds.push(eq(order.status, f.status));
  if (f.overdue) conds.push(and(eq(order.status, 'paid'), sql`${order.confirmDueAt} < now()`));
  if (f.sellerId) conds.push(eq(order.sellerId, f.sellerId));
  if (f.q) conds.push(or(eq(order.number, f.q), eq(order.id, f.q), eq(order.checkoutId, f.q), ilike(order.number, `${f.q.replace(/[%_\\]/g, '')}%`)));
  if (f.after) conds.push(sql`(${order.createdAt}, ${order.id}) < (${new Date(f.after.createdAt).toISOString()}::timestamptz, ${f.after.id})`);
  const rows = await q.select().from(order).where(and(...conds)).orderBy(desc(order.createdAt), desc(order.id)).limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return { items: await summaries(q, page), next: rows.length > f.limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null };
}

/** Decrypts an order's delivery address (for its consumer, seller and the operator only). */
export function orderAddress(k: Keyring, o: OrderRow) {
  const a = JSON.parse(k.decrypt(o.addressEnc, `order_checkout:${o.checkoutId}:address`)) as { recipient: string; phone: string; region: string; detail: string };
  return { recipient: a.recipient, phone: a.phone, region: a.region, detail: a.detail };
}

/** The whole order as the scope may see it: lines, address, events, payments, refunds, modifications; sellers get the confirmation check (MS-ORD-02). */
export async function orderDetail(q: Queryable, k: Keyring, id: string, scope: OrderScope): Promise<OrderDetailOut> {
  const o = await loadOrder(q, id, scope);
  const [summary] = await summaries(q, [o]);
  const lines = await q.select().from(orderLine).where(eq(orderLine.orderId, o.id)).orderBy(asc(orderLine.id));
  const events = await q.select().from(orderEvent).where(eq(orderEvent.orderId, o.id)).orderBy(asc(orderEvent.createdAt), asc(orderEvent.id));
  const mods = await q.select().from(orderModification).where(eq(orderModification.orderId, o.id)).orderBy(desc(orderModification.createdAt));
  let payments = await paymentsForReferences(q, [o.checkoutId]);
  let refunds = await refundsForReferences(q, [o.id, o.checkoutId]);
  if (scope.kind === 'seller') {
    // One payment covers every seller's order of a checkout: a seller sees its own share, never the others'.
    payments = payments.map((p) => ({ ...p, amount: money(o.total), refunded: money(o.refundedAmount) }));
    refunds = refunds.filter((r) => r.reference === o.id);
  }
  const detail: OrderDetailOut = {
    ...summary!, version: o.version, goodsAmount: money(o.goodsAmount), shippingFee: money(o.shippingFee),
    lines: lines.map((l) => ({ id: l.id, skuId: l.skuId, productId: l.productId, productVersionId: l.productVersionId, title: l.title,
      specification: l.specification, skuCode: l.skuCode, salesUnit: l.salesUnit, imageUrl: img(l.imageId), priceType: l.priceType,
      unitPrice: money(l.unitPrice), quantity: l.quantity, lineTotal: money(l.lineTotal) })),
    address: orderAddress(k, o), deliveryTerms: o.deliveryTerms, note: o.note, confirmedAt: iso(o.confirmedAt), overdueAt: iso(o.overdueAt),
    cancelledAt: iso(o.cancelledAt), cancelReason: o.cancelReason,
    events: events.map((e) => ({ id: e.id, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, actorKind: e.actorKind, reason: e.reason,
      detail: e.detail, at: e.createdAt.toISOString() })),
    payments, refunds,
    modifications: mods.map((m) => ({ id: m.id, baseVersion: m.baseVersion, proposedBy: m.proposedBy, changes: m.changes, priceDelta: money(m.priceDelta),
      needsAcceptanceBy: m.needsAcceptanceBy, status: m.status, reason: m.reason, decisionNote: m.decisionNote, createdAt: m.createdAt.toISOString(),
      decidedAt: iso(m.decidedAt) })),
  };
  if (scope.kind !== 'consumer') detail.commission = money(o.commission);
  if (scope.kind === 'operator') detail.account = { id: o.accountId };
  if (scope.kind === 'seller') {
    const stock = await availabilityForSkus(q, lines.map((l) => l.skuId));
    detail.check = lines.map((l) => {
      // Once paid, the order's own units are already taken out of stock: allocatable shows what else is on hand.
      const allocatable = stock.get(l.skuId)?.available ?? 0;
      return { skuId: l.skuId, skuCode: l.skuCode, title: l.title, specification: l.specification, salesUnit: l.salesUnit, quantity: l.quantity,
        allocatable, enough: o.paidAt !== null || allocatable >= l.quantity };
    });
  }
  return detail;
}

type CheckoutPayment = { id: string; status: string; failureReason: string | null } | null | undefined;

function checkoutOut(c: CheckoutRow, orders: OrderSummaryOut[], payment: CheckoutPayment, payUrl: string | null): CheckoutOut {
  return {
    id: c.id, status: c.status, offerHash: c.offerHash, total: money(c.total), confirmedAt: c.confirmedAt.toISOString(),
    paymentDueAt: c.paymentDueAt.toISOString(), paidAt: iso(c.paidAt), orders,
    payment: payment ? { id: payment.id, status: payment.status as NonNullable<CheckoutOut['payment']>['status'],
      payUrl: c.status === 'awaiting_payment' && payment.status === 'pending' ? payUrl : null, failureReason: payment.failureReason } : null,
  };
}

/** A checkout with its orders and payment, as its consumer sees it (payUrl while the payment can be made). */
export async function checkoutView(q: Queryable, c: CheckoutRow, payUrl: string | null): Promise<CheckoutOut> {
  const orders = await q.select().from(order).where(eq(order.checkoutId, c.id)).orderBy(asc(order.id));
  const [payment] = await paymentsForReferences(q, [c.id]);
  return checkoutOut(c, await summaries(q, orders), payment, payUrl);
}

/**
 * The consumer's own checkout as checkoutView shows it, in two statements: the checkout with its
 * orders, their line summaries and seller names, and the payment with its pay URL (while awaiting
 * payment: `returnUrl` is where the provider sends the consumer back). CheckoutNotFound when not theirs.
 */
export async function consumerCheckoutView(q: Queryable, k: Keyring, id: string, accountId: string, returnUrl: string): Promise<CheckoutOut> {
  const rs = await q.select({ c: checkout, o: order,
    n: sql<number | null>`(select sum(${orderLine.quantity})::int from ${orderLine} where ${orderLine.orderId} = ${order.id})`,
    title: sql<string | null>`(select ${orderLine.title} from ${orderLine} where ${orderLine.orderId} = ${order.id} order by ${orderLine.id} limit 1)`,
    image: sql<string | null>`(select ${orderLine.imageId} from ${orderLine} where ${orderLine.orderId} = ${order.id} order by ${orderLine.id} limit 1)`,
    sellerName: organisationNameSql(order.sellerId) })
    .from(checkout).leftJoin(order, eq(order.checkoutId, checkout.id))
    .where(and(eq(checkout.id, id), eq(checkout.accountId, accountId))).orderBy(asc(order.id));
  const c = rs[0]?.c;
  if (!c) throw new CheckoutNotFound(id);
  const orders = rs.flatMap((r) => (r.o ? [r.o] : []));
  const lines = new Map(rs.flatMap((r) => (r.o ? [[r.o.id, { n: r.n, title: r.title, image: r.image }] as const] : [])));
  const p = await paymentForCheckout(q, k, c.id, c.status === 'awaiting_payment' ? returnUrl : null);
  const names = new Map(rs.flatMap((r) => (r.o ? [[r.o.sellerId, { name: r.sellerName ?? '' }] as const] : [])));
  return checkoutOut(c, summariesOf(orders, lines, names), p, p?.payUrl ?? null);
}
