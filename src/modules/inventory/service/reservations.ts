import { and, eq, lte, sql, type SQL } from 'drizzle-orm';
import { rows, type Db, type Queryable, type Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { MAX_QUANTITY, type Reservation, type ReservationLine } from '../contract.js';
import { InvalidReservation, OutOfStock } from '../errors.js';
import { movement, reservation, stock } from '../schema.js';
import { syncAlerts } from './alerts.js';

/** Attempts per line when a concurrent checkout took the chosen warehouse's last units between choice and update. */
const RESERVE_ATTEMPTS = 10;

type ReservationRow = typeof reservation.$inferSelect;
const reservationOut = (r: ReservationRow): Reservation => ({ id: r.id, reference: r.reference, sellerId: r.sellerId, skuId: r.skuId,
  warehouseId: r.warehouseId, quantity: r.quantity, status: r.status, expiresAt: r.expiresAt });

function normaliseLines(reference: string, lines: ReservationLine[]): ReservationLine[] {
  if (!reference || reference.length > 200) throw new InvalidReservation('A reservation needs a reference (the cart or order id) of 1–200 characters.');
  if (lines.length === 0) throw new InvalidReservation('A reservation needs at least one line.');
  const bySku = new Map<string, number>();
  for (const l of lines) {
    if (!l.skuId || !Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > MAX_QUANTITY) {
      throw new InvalidReservation(`Line for SKU ${l.skuId || '(none)'}: the quantity must be a whole number from 1 to ${MAX_QUANTITY}.`);
    }
    bySku.set(l.skuId, (bySku.get(l.skuId) ?? 0) + l.quantity);
  }
  // Sorted by SKU: every checkout locks stock rows in the same order, so two carts cannot deadlock.
  return [...bySku].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([skuId, quantity]) => ({ skuId, quantity }));
}

/** Most units of the SKU one active warehouse can reserve right now. */
async function bestAvailable(tx: Tx, skuId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(tx, sql`select coalesce(max(s.on_hand - s.reserved), 0)::int as n from inventory_stock s
    join inventory_warehouse w on w.id = s.warehouse_id where s.sku_id = ${skuId} and w.active`);
  return Math.max(0, Number(r?.n ?? 0));
}

/**
 * Reserves every line from one warehouse each, or fails with OutOfStock (nothing is left reserved once
 * the caller's transaction rolls back). Each line is ONE conditional UPDATE that picks the best active
 * warehouse with enough available stock (delivery region first when given, then priority, then id)
 * and re-checks availability on the locked row, so concurrent checkouts can never oversell; lines are
 * processed in SKU order so checkouts cannot deadlock. Alerts are re-evaluated for each changed row.
 */
export async function reserveStock(tx: Tx, input: { reference: string; lines: ReservationLine[]; expiresAt?: Date | undefined;
  deliveryRegion?: string | undefined }): Promise<Reservation[]> {
  const lines = normaliseLines(input.reference, input.lines);
  const region = input.deliveryRegion ?? '';
  const held: Reservation[] = [];
  for (const line of lines) {
    let row: StockLevel | undefined;
    for (let attempt = 1; !row; attempt += 1) {
      const id = newId('rsv');
      const take = tx.update(stock).set({ reserved: sql`${stock.reserved} + ${line.quantity}`, updatedAt: new Date() })
        .where(and(eq(stock.skuId, line.skuId), sql`${stock.onHand} - ${stock.reserved} >= ${line.quantity}`,
          sql`${stock.warehouseId} = (select s.warehouse_id from inventory_stock s join inventory_warehouse w on w.id = s.warehouse_id
            where s.sku_id = ${line.skuId} and w.active and s.on_hand - s.reserved >= ${line.quantity}
            order by (${region}::text <> '' and left(${region}::text, length(w.region)) = w.region) desc, w.priority, w.id limit 1)`))
        .returning({ sellerId: stock.sellerId, skuId: stock.skuId, warehouseId: stock.warehouseId, onHand: stock.onHand, reserved: stock.reserved,
          lowThreshold: stock.lowThreshold, maxThreshold: stock.maxThreshold });
      // The stock row and its reservation in one statement: the reservation is written only when the conditional update took the units.
      const [r] = await rows<{ seller_id: string; sku_id: string; warehouse_id: string; on_hand: number; reserved: number; low_threshold: number | null;
        max_threshold: number | null }>(tx, sql`with taken as (${take.getSQL()}), held as (
          insert into ${reservation} (id, reference, seller_id, sku_id, warehouse_id, quantity, status, expires_at)
          select ${id}::text, ${input.reference}::text, taken.seller_id, taken.sku_id, taken.warehouse_id, ${line.quantity}::int, 'held',
            ${input.expiresAt?.toISOString() ?? null}::timestamptz from taken)
        select * from taken`);
      if (r) {
        row = { sellerId: r.seller_id, skuId: r.sku_id, warehouseId: r.warehouse_id, onHand: Number(r.on_hand), reserved: Number(r.reserved),
          lowThreshold: r.low_threshold === null ? null : Number(r.low_threshold), maxThreshold: r.max_threshold === null ? null : Number(r.max_threshold) };
        held.push({ id, reference: input.reference, sellerId: row.sellerId, skuId: row.skuId, warehouseId: row.warehouseId, quantity: line.quantity,
          status: 'held', expiresAt: input.expiresAt ?? null });
        break;
      }
      // No row: either no warehouse has enough, or another checkout took the chosen one's units meanwhile.
      const available = await bestAvailable(tx, line.skuId);
      if (available < line.quantity || attempt >= RESERVE_ATTEMPTS) throw new OutOfStock(line.skuId, line.quantity, available);
    }
    await syncAlerts(tx, row);
  }
  return held;
}

type StockLevel = Pick<typeof stock.$inferSelect, 'sellerId' | 'skuId' | 'warehouseId' | 'onHand' | 'reserved' | 'lowThreshold' | 'maxThreshold'>;

type Released = { skuId: string; warehouseId: string; quantity: number };

/** Sums what the given reservations hold per stock row, in (SKU, warehouse) order (the lock order). */
function perStockRow(rs: Released[]): Released[] {
  const m = new Map<string, Released>();
  for (const r of rs) {
    const k = `${r.skuId}\u0000${r.warehouseId}`;
    const cur = m.get(k);
    m.set(k, { skuId: r.skuId, warehouseId: r.warehouseId, quantity: (cur?.quantity ?? 0) + r.quantity });
  }
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

async function releaseWhere(tx: Tx, where: SQL): Promise<Reservation[]> {
  const rs = await tx.update(reservation).set({ status: 'released', updatedAt: new Date() })
    .where(and(eq(reservation.status, 'held'), where)).returning();
  for (const r of perStockRow(rs)) {
    const [row] = await tx.update(stock).set({ reserved: sql`${stock.reserved} - ${r.quantity}`, updatedAt: new Date() })
      .where(and(eq(stock.skuId, r.skuId), eq(stock.warehouseId, r.warehouseId))).returning();
    if (row) await syncAlerts(tx, row);
  }
  return rs.map(reservationOut);
}

/** Gives back the stock held under a reference (held → released). Idempotent: releasing again changes nothing. */
export async function releaseReservation(tx: Tx, reference: string): Promise<Reservation[]> {
  return releaseWhere(tx, eq(reservation.reference, reference));
}

/**
 * Turns the stock held under a reference into a sale (held → consumed): on-hand and reserved both drop
 * by the quantity (available is unchanged, so alerts are too) and a 'sale' movement with the reference
 * is written per stock row. Idempotent: consuming again changes nothing. The caller audits its order.
 */
export async function consumeReservation(tx: Tx, reference: string, ctx: RequestContext): Promise<Reservation[]> {
  const rs = await tx.update(reservation).set({ status: 'consumed', updatedAt: new Date() })
    .where(and(eq(reservation.status, 'held'), eq(reservation.reference, reference))).returning();
  for (const r of perStockRow(rs)) {
    // The stock row and its 'sale' movement in one statement (the movement records the on-hand the update left).
    const sold = tx.update(stock).set({ onHand: sql`${stock.onHand} - ${r.quantity}`, reserved: sql`${stock.reserved} - ${r.quantity}`,
      updatedAt: new Date() }).where(and(eq(stock.skuId, r.skuId), eq(stock.warehouseId, r.warehouseId))).returning({ sellerId: stock.sellerId, onHand: stock.onHand });
    const moved = await rows<{ id: string }>(tx, sql`with sold as (${sold.getSQL()})
      insert into ${movement} (id, seller_id, sku_id, warehouse_id, kind, quantity, on_hand_after, reference, actor_id)
      select ${newId('mov')}::text, sold.seller_id, ${r.skuId}::text, ${r.warehouseId}::text, 'sale', ${-r.quantity}::int, sold.on_hand,
        ${reference}::text, ${ctx.actorId}::text from sold returning id`);
    if (moved.length === 0) throw new Error(`no stock row of SKU ${r.skuId} in warehouse ${r.warehouseId} for reservation ${reference}`);
  }
  return rs.map(reservationOut);
}

/** Reservations held under a reference (any status), oldest first. */
export async function reservationsFor(q: Queryable, reference: string): Promise<Reservation[]> {
  const rs = await q.select().from(reservation).where(eq(reservation.reference, reference)).orderBy(reservation.id);
  return rs.map(reservationOut);
}

/**
 * Releases every held reservation whose expiry has passed, one reference per short transaction
 * (for the `inventory.release_expired` job; safe to run on several nodes at once: a reservation is
 * released exactly once). Returns how many reservations were released.
 */
export async function releaseExpiredReservations(q: Queryable, now: Date, opts: { batch?: number } = {}): Promise<number> {
  const refs = await q.selectDistinct({ reference: reservation.reference }).from(reservation)
    .where(and(eq(reservation.status, 'held'), lte(reservation.expiresAt, now))).limit(opts.batch ?? 500);
  let released = 0;
  for (const { reference } of refs) {
    const rs = await (q as Db).transaction((tx) => releaseWhere(tx, and(eq(reservation.reference, reference), lte(reservation.expiresAt, now))!));
    released += rs.length;
  }
  return released;
}
