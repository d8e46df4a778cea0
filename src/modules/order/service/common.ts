import { and, eq, inArray } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { recordAudit } from '@/platform/audit/index.js';
import { dueAt, loadCalendarSpec } from '@/platform/calendar/index.js';
import { InvalidOrderTransition, OrderNotFound } from '../errors.js';
import { order, orderEvent, sellerOrderSettings } from '../schema.js';
import type { OrderStatus } from '../types.js';

export type OrderRow = typeof order.$inferSelect;
export type ActorKind = 'consumer' | 'seller' | 'operator' | 'system' | 'provider';
/** Who may see an order: its consumer, its seller, or the operator. */
export type OrderScope = { kind: 'consumer'; accountId: string } | { kind: 'seller'; sellerId: string } | { kind: 'operator' };

/** The transitions of PL-ORD-01; anything else is refused. Delivery and after-sales transitions are used by later modules. */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['paid', 'cancelled'],
  paid: ['confirmed', 'cancelled'],
  confirmed: ['allocated', 'handed_over', 'cancelled'],
  allocated: ['handed_over', 'cancelled'],
  handed_over: ['in_delivery', 'delivered', 'refused'],
  in_delivery: ['delivered', 'refused'],
  delivered: ['completed', 'after_sales'],
  refused: ['completed', 'after_sales'],
  completed: ['after_sales'],
  after_sales: ['completed'],
  cancelled: [],
};

export const scopeWhere = (scope: OrderScope) => (scope.kind === 'consumer' ? eq(order.accountId, scope.accountId)
  : scope.kind === 'seller' ? eq(order.sellerId, scope.sellerId) : undefined);

/** An order the scope may see; anything else is "not found" (never "forbidden": ids do not leak). */
export async function loadOrder(q: Queryable, id: string, scope: OrderScope, lock = false): Promise<OrderRow> {
  const where = and(eq(order.id, id), scopeWhere(scope));
  const [o] = lock ? await q.select().from(order).where(where).for('update') : await q.select().from(order).where(where);
  if (!o) throw new OrderNotFound(id);
  return o;
}

/**
 * Moves an order to `to` if the state machine allows it from its current state, with a conditional
 * UPDATE (so two concurrent actions cannot both succeed), an order event and an audit entry.
 */
export async function transition(tx: Tx, ctx: RequestContext, o: OrderRow, to: OrderStatus, e: {
  action: string; actorKind: ActorKind; reason?: string | null; detail?: Record<string, unknown>; set?: Partial<typeof order.$inferInsert>; hint?: string;
}): Promise<OrderRow> {
  if (!TRANSITIONS[o.status].includes(to)) throw new InvalidOrderTransition(o.id, o.status, e.action, e.hint);
  const [after] = await tx.update(order).set({ ...e.set, status: to, updatedAt: new Date() })
    .where(and(eq(order.id, o.id), eq(order.status, o.status))).returning();
  if (!after) {
    const [now] = await tx.select({ status: order.status }).from(order).where(eq(order.id, o.id));
    throw new InvalidOrderTransition(o.id, now?.status ?? o.status, e.action, e.hint);
  }
  await tx.insert(orderEvent).values({ id: newId('oev'), orderId: o.id, action: e.action, fromStatus: o.status, toStatus: to, actorId: ctx.actorId,
    actorKind: e.actorKind, reason: e.reason ?? null, detail: e.detail ?? {} });
  await recordAudit(tx, ctx, { action: `order.${e.action}`, resourceType: 'order', resourceId: o.id,
    changes: { from: o.status, to, reason: e.reason ?? undefined, ...e.detail } });
  return after;
}

/** An order event that is not a state change (refund requested, modification proposed…), also audited. */
export async function noteEvent(tx: Tx, ctx: RequestContext, orderId: string, e: { action: string; actorKind: ActorKind; reason?: string | null;
  detail?: Record<string, unknown>; audit?: boolean }): Promise<void> {
  await tx.insert(orderEvent).values({ id: newId('oev'), orderId, action: e.action, actorId: ctx.actorId, actorKind: e.actorKind,
    reason: e.reason ?? null, detail: e.detail ?? {} });
  if (e.audit !== false) {
    await recordAudit(tx, ctx, { action: `order.${e.action}`, resourceType: 'order', resourceId: orderId, changes: { reason: e.reason ?? undefined, ...e.detail } });
  }
}

/** The calendar each seller's confirmation clock runs on (PL-ORD-03); null → the platform default. */
export async function sellerCalendars(q: Queryable, sellerIds: string[]): Promise<Map<string, string | null>> {
  const rs = sellerIds.length ? await q.select().from(sellerOrderSettings).where(inArray(sellerOrderSettings.sellerId, sellerIds)) : [];
  const m = new Map<string, string | null>(sellerIds.map((s) => [s, null]));
  for (const r of rs) m.set(r.sellerId, r.calendarId);
  return m;
}

/** Confirmation due time: 1 working day after `from` on the calendar (PL-ORD-02). */
export async function confirmationDue(q: Queryable, calendarId: string | null, from: Date): Promise<{ calendarId: string; due: Date }> {
  const spec = await loadCalendarSpec(q, calendarId);
  return { calendarId: spec.calendarId, due: dueAt(spec, from, '1 working day') };
}
