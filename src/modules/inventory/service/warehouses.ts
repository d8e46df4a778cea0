import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { LocationBody, LocationOut, PickListOut, UpdateLocationBody, UpdateWarehouseBody, WarehouseBody, WarehouseOut } from '../contract.js';
import { LocationCodeTaken, LocationNotFound, WarehouseCodeTaken, WarehouseNotFound } from '../errors.js';
import { item, location, stock, warehouse } from '../schema.js';
import { skuNames } from './names.js';

type WarehouseRow = typeof warehouse.$inferSelect;
type LocationRow = typeof location.$inferSelect;

const num = (v: string | null) => (v === null ? null : Number(v));
const coord = (v: number | null | undefined) => (v === undefined ? undefined : v === null ? null : String(v));

export const warehouseOut = (w: WarehouseRow): WarehouseOut => ({
  id: w.id, code: w.code, name: w.name, address: w.address, region: w.region, latitude: num(w.latitude), longitude: num(w.longitude),
  capacity: w.capacity, priority: w.priority, active: w.active, createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString(),
});
const locationOut = (l: LocationRow, onHand: number): LocationOut => ({
  id: l.id, warehouseId: l.warehouseId, code: l.code, zone: l.zone, pickSequence: l.pickSequence, capacity: l.capacity,
  conditions: l.conditions, onHand, createdAt: l.createdAt.toISOString(),
});

/** True when err is PostgreSQL's unique violation (23505), through Drizzle's wrapper on either driver. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i += 1) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** One of the seller's warehouses (optionally row-locked); WarehouseNotFound for anybody else's or a malformed id. */
export async function sellerWarehouse(q: Queryable, sellerId: string, id: string, lock = false): Promise<WarehouseRow> {
  if (!isId('whs', id)) throw new WarehouseNotFound(id);
  const query = q.select().from(warehouse).where(and(eq(warehouse.id, id), eq(warehouse.sellerId, sellerId)));
  const [w] = lock ? await query.for('update') : await query;
  if (!w) throw new WarehouseNotFound(id);
  return w;
}

/** The seller's warehouses in code order (cursor: the last code). */
export async function listWarehouses(q: Queryable, sellerId: string, f: { limit: number; after?: string | undefined; activeOnly?: boolean | undefined }) {
  const rs = await q.select().from(warehouse)
    .where(and(eq(warehouse.sellerId, sellerId), f.after !== undefined ? gt(warehouse.code, f.after) : undefined,
      f.activeOnly ? eq(warehouse.active, true) : undefined))
    .orderBy(asc(warehouse.code)).limit(f.limit + 1);
  const items = rs.slice(0, f.limit).map(warehouseOut);
  return { items, next: rs.length > f.limit ? items[items.length - 1]!.code : null };
}

export async function getWarehouse(q: Queryable, sellerId: string, id: string): Promise<WarehouseOut> {
  return warehouseOut(await sellerWarehouse(q, sellerId, id));
}

/** Adds a warehouse to the seller's register (MS-WHS-01); the code is unique per seller. Audited. */
export async function createWarehouse(tx: Tx, ctx: RequestContext, sellerId: string, input: WarehouseBody): Promise<WarehouseOut> {
  const id = newId('whs');
  const values = { id, sellerId, code: input.code, name: input.name, address: input.address, region: input.region,
    latitude: coord(input.latitude) ?? null, longitude: coord(input.longitude) ?? null, capacity: input.capacity ?? null,
    priority: input.priority ?? 100, active: input.active ?? true };
  const [w] = await tx.insert(warehouse).values(values).onConflictDoNothing().returning();
  if (!w) throw new WarehouseCodeTaken(input.code);
  await recordAudit(tx, ctx, { action: 'warehouse.created', resourceType: 'inventory_warehouse', resourceId: id,
    changes: { code: w.code, name: w.name, address: w.address, region: w.region, priority: w.priority, active: w.active, capacity: w.capacity } });
  return warehouseOut(w);
}

/** Changes a warehouse's register entry; deactivating it stops new reservations from it (stock stays). Audited with before/after. */
export async function updateWarehouse(tx: Tx, ctx: RequestContext, sellerId: string, id: string, input: UpdateWarehouseBody): Promise<WarehouseOut> {
  const before = await sellerWarehouse(tx, sellerId, id, true);
  const set = Object.fromEntries(Object.entries({ ...input, latitude: coord(input.latitude), longitude: coord(input.longitude) })
    .filter(([, v]) => v !== undefined)) as Partial<WarehouseRow>;
  let after: WarehouseRow | undefined;
  try {
    // A savepoint: a taken code must not abort the caller's transaction.
    [after] = await tx.transaction(async (sp) => sp.update(warehouse).set({ ...set, updatedAt: new Date() }).where(eq(warehouse.id, id)).returning());
  } catch (err) {
    if (isUniqueViolation(err)) throw new WarehouseCodeTaken(input.code ?? before.code);
    throw err;
  }
  const changes = Object.fromEntries(Object.keys(set).filter((k) => before[k as keyof WarehouseRow] !== after![k as keyof WarehouseRow])
    .map((k) => [k, { from: before[k as keyof WarehouseRow], to: after![k as keyof WarehouseRow] }]));
  await recordAudit(tx, ctx, { action: 'warehouse.updated', resourceType: 'inventory_warehouse', resourceId: id, changes });
  return warehouseOut(after!);
}

async function locationStock(q: Queryable, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rs = await q.select({ id: stock.locationId, n: sql<number>`coalesce(sum(${stock.onHand}), 0)::int` }).from(stock)
    .where(inArray(stock.locationId, ids)).groupBy(stock.locationId);
  return new Map(rs.map((r) => [r.id!, Number(r.n)]));
}

/** A warehouse's storage locations in walk order (pick sequence, then code); cursor: the last [sequence, code]. */
export async function listLocations(q: Queryable, sellerId: string, warehouseId: string,
  f: { limit: number; after?: { seq: number; code: string } | undefined }) {
  await sellerWarehouse(q, sellerId, warehouseId);
  const rs = await q.select().from(location)
    .where(and(eq(location.warehouseId, warehouseId), f.after ? or(gt(location.pickSequence, f.after.seq),
      and(eq(location.pickSequence, f.after.seq), gt(location.code, f.after.code))) : undefined))
    .orderBy(asc(location.pickSequence), asc(location.code)).limit(f.limit + 1);
  const page = rs.slice(0, f.limit);
  const onHand = await locationStock(q, page.map((l) => l.id));
  const items = page.map((l) => locationOut(l, onHand.get(l.id) ?? 0));
  const last = items[items.length - 1];
  return { items, next: rs.length > f.limit && last ? { seq: last.pickSequence, code: last.code } : null };
}

/** Adds a storage location (bin) with its walk order, capacity and storage conditions (MS-WHS-02, MS-WHS-03). Audited. */
export async function createLocation(tx: Tx, ctx: RequestContext, sellerId: string, warehouseId: string, input: LocationBody): Promise<LocationOut> {
  await sellerWarehouse(tx, sellerId, warehouseId);
  const id = newId('loc');
  const [l] = await tx.insert(location).values({ id, warehouseId, sellerId, code: input.code, zone: input.zone ?? '', pickSequence: input.pickSequence,
    capacity: input.capacity ?? null, conditions: input.conditions ?? '' }).onConflictDoNothing().returning();
  if (!l) throw new LocationCodeTaken(input.code);
  await recordAudit(tx, ctx, { action: 'location.created', resourceType: 'inventory_location', resourceId: id,
    changes: { warehouseId, code: l.code, zone: l.zone, pickSequence: l.pickSequence, capacity: l.capacity, conditions: l.conditions } });
  return locationOut(l, 0);
}

/** Changes a location's zone, walk order, capacity or conditions. Audited with before/after. */
export async function updateLocation(tx: Tx, ctx: RequestContext, sellerId: string, id: string, input: UpdateLocationBody): Promise<LocationOut> {
  if (!isId('loc', id)) throw new LocationNotFound(id);
  const [before] = await tx.select().from(location).where(and(eq(location.id, id), eq(location.sellerId, sellerId))).for('update');
  if (!before) throw new LocationNotFound(id);
  const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<LocationRow>;
  const [after] = await tx.update(location).set(set).where(eq(location.id, id)).returning();
  const changes = Object.fromEntries(Object.keys(set).filter((k) => before[k as keyof LocationRow] !== after![k as keyof LocationRow])
    .map((k) => [k, { from: before[k as keyof LocationRow], to: after![k as keyof LocationRow] }]));
  await recordAudit(tx, ctx, { action: 'location.updated', resourceType: 'inventory_location', resourceId: id, changes });
  return locationOut(after!, (await locationStock(tx, [id])).get(id) ?? 0);
}

/**
 * A pick list for the given SKUs in one warehouse, sorted along the warehouse's walk sequence
 * (MS-WHS-03): by the pick sequence of each SKU's location, then location code and SKU; SKUs
 * without a location come last; SKUs the warehouse holds no stock of are named separately.
 */
export async function pickList(q: Queryable, sellerId: string, warehouseId: string, skuIds: string[]): Promise<PickListOut> {
  const w = await sellerWarehouse(q, sellerId, warehouseId);
  const rs = await q.select({ s: stock, l: location, ...skuNames }).from(stock).leftJoin(location, eq(location.id, stock.locationId))
    .leftJoin(item, eq(item.skuId, stock.skuId))
    .where(and(eq(stock.warehouseId, warehouseId), eq(stock.sellerId, sellerId), inArray(stock.skuId, skuIds)))
    .orderBy(sql`${location.pickSequence} asc nulls last`, sql`${location.code} asc nulls last`, asc(stock.skuId));
  const found = new Set(rs.map((r) => r.s.skuId));
  return {
    warehouseId: w.id, warehouseName: w.name,
    items: rs.map(({ s, l, skuCode, skuLabel }) => ({ skuId: s.skuId, skuCode, skuLabel, productId: s.productId, locationId: l?.id ?? null, locationCode: l?.code ?? null,
      zone: l?.zone ?? null, pickSequence: l?.pickSequence ?? null, onHand: s.onHand, reserved: s.reserved, available: s.onHand - s.reserved })),
    missingSkuIds: skuIds.filter((id) => !found.has(id)),
  };
}
