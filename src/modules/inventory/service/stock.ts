import { and, asc, desc, eq, gt, inArray, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import { containsPattern, type Queryable, type Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { MAX_ON_HAND, type Availability, type MovementBody, type MovementKind, type MovementOut, type MovementResultOut, type SkuStockOut,
  type StockRowOut, type StockSettingsBody, type TransferBody, type TransferResultOut } from '../contract.js';
import { InsufficientStock, InvalidThresholds, LocationFull, LocationNotFound, SkuNotFound, StockLimitExceeded } from '../errors.js';
import { item, location, movement, stock, warehouse } from '../schema.js';
import { syncAlerts } from './alerts.js';
import { skuNames, type SkuNames } from './names.js';
import { exactTime } from './time.js';
import { sellerWarehouse } from './warehouses.js';
import { publicDataChanged } from '@/platform/cache/public-cache.js';

type StockRow = typeof stock.$inferSelect;
type MovementRow = typeof movement.$inferSelect;
type ItemRow = typeof item.$inferSelect;

// ---------------------------------------------------------------- the catalog's view

/** Rows per statement of the bulk SKU writes (3–5 parameters a row, far below PostgreSQL's 65,535). */
const BULK_ROWS = 500;
const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * The display label inventory keeps for a SKU: "product title · specification" (trimmed), or the
 * title alone when the specification is empty. The catalog builds labels with this.
 */
export function skuDisplayLabel(title: string, specification: string): string {
  const t = title.trim();
  const spec = specification.trim();
  return spec ? `${t} · ${spec}` : t;
}

/** A SKU as the catalog registers it: id, owning product and seller, and optionally its code and display label. */
export type SkuRegistration = { skuId: string; productId: string; sellerId: string; code?: string | undefined; label?: string | undefined };

/**
 * Makes a catalog SKU known to inventory (same id, owning seller), with its code and display label
 * when given. Idempotent: a second call changes nothing but the code / label it is given (the owner
 * of a SKU never changes).
 */
export async function registerSku(tx: Tx, s: SkuRegistration): Promise<void> {
  const names = { ...(s.code !== undefined ? { code: s.code } : {}), ...(s.label !== undefined ? { label: s.label } : {}) };
  const insert = tx.insert(item).values({ skuId: s.skuId, productId: s.productId, sellerId: s.sellerId, ...names });
  if (Object.keys(names).length === 0) await insert.onConflictDoNothing();
  else {
    await insert.onConflictDoUpdate({ target: item.skuId, set: {
      ...(s.code !== undefined ? { code: sql`excluded.code` } : {}), ...(s.label !== undefined ? { label: sql`excluded.label` } : {}) } });
  }
}

/**
 * Registers many SKUs with code and label at once (the demo seed): one
 * `insert … on conflict (sku_id) do update set code, label` per 500 rows.
 */
export async function registerSkus(tx: Tx, skus: Array<Required<SkuRegistration>>): Promise<void> {
  for (const c of chunk(skus, BULK_ROWS)) {
    await tx.insert(item).values(c.map((s) => ({ skuId: s.skuId, productId: s.productId, sellerId: s.sellerId, code: s.code, label: s.label })))
      .onConflictDoUpdate({ target: item.skuId, set: { code: sql`excluded.code`, label: sql`excluded.label` } });
  }
}

/**
 * Sets the code and display label of registered SKUs (the catalog calls it when a version goes live,
 * so labels follow the live title and specifications): one `update … from (values …)` per 500 rows,
 * writing only rows that change. Unknown SKU ids are ignored.
 */
export async function relabelSkus(tx: Tx, items: Array<{ skuId: string; code: string; label: string }>): Promise<void> {
  const latest = [...new Map(items.map((x) => [x.skuId, x])).values()];
  for (const c of chunk(latest, BULK_ROWS)) {
    const values = sql.join(c.map((x) => sql`(${x.skuId}::text, ${x.code}::text, ${x.label}::text)`), sql`, `);
    await tx.execute(sql`update inventory_item as i set code = v.code, label = v.label
      from (values ${values}) as v(sku_id, code, label)
      where i.sku_id = v.sku_id and (i.code is distinct from v.code or i.label is distinct from v.label)`);
  }
}

/** An ILIKE pattern matching the text anywhere (%, _ and \ taken literally). */

/** SQL: the SKU's label or code contains the text (case-insensitive), or its SKU or product id does. */
function skuMatches(text: string, cols: { skuId: AnyColumn; productId: AnyColumn }): SQL {
  const like = containsPattern(text);
  return or(sql`${item.label} ilike ${like}`, sql`${item.code} ilike ${like}`, sql`${cols.skuId} ilike ${like}`, sql`${cols.productId} ilike ${like}`)!;
}

/**
 * Stock per SKU summed over its warehouses: onHand and reserved over all of them, available only over
 * active ones (what a checkout can reserve), lowThreshold the sum of the warehouses' minimums (null when
 * none has one). SKUs without stock are in the map with zeros.
 */
export async function availabilityForSkus(q: Queryable, skuIds: string[]): Promise<Map<string, Availability>> {
  const m = new Map<string, Availability>();
  const ids = [...new Set(skuIds)];
  for (const id of ids) m.set(id, { onHand: 0, reserved: 0, available: 0, lowThreshold: null });
  if (ids.length === 0) return m;
  const rs = await q.select({
    skuId: stock.skuId,
    onHand: sql<number>`sum(${stock.onHand})::int`,
    reserved: sql<number>`sum(${stock.reserved})::int`,
    available: sql<number>`coalesce(sum(${stock.onHand} - ${stock.reserved}) filter (where ${warehouse.active}), 0)::int`,
    lowThreshold: sql<number | null>`sum(${stock.lowThreshold})::int`,
  }).from(stock).innerJoin(warehouse, eq(warehouse.id, stock.warehouseId)).where(inArray(stock.skuId, ids)).groupBy(stock.skuId);
  for (const r of rs) {
    m.set(r.skuId, { onHand: Number(r.onHand), reserved: Number(r.reserved), available: Number(r.available),
      lowThreshold: r.lowThreshold === null ? null : Number(r.lowThreshold) });
  }
  return m;
}

/**
 * SQL expression: availabilityForSkus as one JSON object { skuId: Availability } for the SKUs in the
 * text[] expression `skuIds` (same sums), for a catalog query that reads a product page in one
 * statement. SKUs without stock are absent: read them as zeros.
 */
export function availabilityJsonSql(skuIds: SQL): SQL<Record<string, Availability>> {
  return sql<Record<string, Availability>>`(select coalesce(json_object_agg(a.sku_id, json_build_object('onHand', a.on_hand, 'reserved', a.reserved,
    'available', a.available, 'lowThreshold', a.low_threshold)), '{}'::json)
    from (select s.sku_id, sum(s.on_hand)::int as on_hand, sum(s.reserved)::int as reserved,
      coalesce(sum(s.on_hand - s.reserved) filter (where w.active), 0)::int as available, sum(s.low_threshold)::int as low_threshold
      from inventory_stock s join inventory_warehouse w on w.id = s.warehouse_id where s.sku_id = any(${skuIds}) group by s.sku_id) a)`;
}

/**
 * SQL condition "the product has at least one unit available in an active warehouse", for storefront
 * listing queries (an index look-up by product id; no join in the caller's query).
 */
export function productInStockSql(productIdColumn: SQL | AnyColumn): SQL {
  return sql`exists (select 1 from inventory_stock s join inventory_warehouse w on w.id = s.warehouse_id where s.product_id = ${productIdColumn} and s.on_hand > s.reserved and w.active)`;
}

/**
 * The same test as a boolean column of a listing's select list. A scalar sub-select probed per row
 * through the product_id index: an EXISTS in a select list may be planned as a hash of every in-stock
 * product (a scan of all stock rows per query), which PostgreSQL does when it expects many rows.
 */
export function productInStockColumnSql(productIdColumn: SQL | AnyColumn): SQL<boolean> {
  // Nested SQL: drizzle writes columns at the top level of a single-table select list without their
  // table name, and a bare "id" in the sub-select would be the warehouse's.
  const probe = sql`select true from inventory_stock s join inventory_warehouse w on w.id = s.warehouse_id
    where s.product_id = ${productIdColumn} and s.on_hand > s.reserved and w.active limit 1`;
  return sql<boolean>`coalesce((${probe}), false)`;
}

// ---------------------------------------------------------------- reading stock

const namesOf = (it: ItemRow): SkuNames => ({ skuCode: it.code, skuLabel: it.label });

/** The SKU if it is registered to this seller, else SkuNotFound (also for another seller's SKU). */
export async function sellerSku(q: Queryable, sellerId: string, skuId: string): Promise<ItemRow> {
  const [it] = await q.select().from(item).where(and(eq(item.skuId, skuId), eq(item.sellerId, sellerId)));
  if (!it) throw new SkuNotFound(skuId);
  return it;
}

const stockSelect = { s: stock, warehouseName: warehouse.name, warehouseCode: warehouse.code, locationCode: location.code, ...skuNames };
type StockJoined = { s: StockRow; warehouseName: string; warehouseCode: string; locationCode: string | null } & SkuNames;

const stockOut = ({ s, warehouseName, warehouseCode, locationCode, skuCode, skuLabel }: StockJoined): StockRowOut => ({
  skuId: s.skuId, skuCode, skuLabel, productId: s.productId, warehouseId: s.warehouseId, warehouseName, warehouseCode, onHand: s.onHand,
  reserved: s.reserved, available: s.onHand - s.reserved, lowThreshold: s.lowThreshold, maxThreshold: s.maxThreshold, locationId: s.locationId,
  locationCode, updatedAt: s.updatedAt.toISOString(),
});

const stockJoins = () => ({ warehouse: eq(warehouse.id, stock.warehouseId), location: eq(location.id, stock.locationId), item: eq(item.skuId, stock.skuId) });

async function stockRowOut(q: Queryable, skuId: string, warehouseId: string): Promise<StockRowOut> {
  const j = stockJoins();
  const [r] = await q.select(stockSelect).from(stock).innerJoin(warehouse, j.warehouse).leftJoin(location, j.location).leftJoin(item, j.item)
    .where(and(eq(stock.skuId, skuId), eq(stock.warehouseId, warehouseId)));
  return stockOut(r!);
}

export type StockCursor = { skuId: string; warehouseId: string };

/**
 * The seller's stock rows (SKU × warehouse) in SKU order, filtered; `belowThreshold`: available at or
 * below the minimum; `search`: the SKU's label or code contains the text (or its SKU / product id does).
 */
export async function listStock(q: Queryable, sellerId: string, f: { skuId?: string | undefined; warehouseId?: string | undefined;
  productId?: string | undefined; belowThreshold?: boolean | undefined; search?: string | undefined; limit: number; after?: StockCursor | undefined }) {
  const conds: (SQL | undefined)[] = [eq(stock.sellerId, sellerId),
    f.skuId ? eq(stock.skuId, f.skuId) : undefined,
    f.search ? skuMatches(f.search, { skuId: stock.skuId, productId: stock.productId }) : undefined,
    f.warehouseId ? eq(stock.warehouseId, f.warehouseId) : undefined,
    f.productId ? eq(stock.productId, f.productId) : undefined,
    f.belowThreshold ? sql`${stock.lowThreshold} is not null and ${stock.onHand} - ${stock.reserved} <= ${stock.lowThreshold}` : undefined];
  if (f.after) {
    conds.push(or(gt(stock.skuId, f.after.skuId), and(eq(stock.skuId, f.after.skuId), gt(stock.warehouseId, f.after.warehouseId))));
  }
  const j = stockJoins();
  const rs = await q.select(stockSelect).from(stock).innerJoin(warehouse, j.warehouse).leftJoin(location, j.location).leftJoin(item, j.item)
    .where(and(...conds)).orderBy(asc(stock.skuId), asc(stock.warehouseId)).limit(f.limit + 1);
  const items = rs.slice(0, f.limit).map(stockOut);
  const last = items[items.length - 1];
  return { items, next: rs.length > f.limit && last ? { skuId: last.skuId, warehouseId: last.warehouseId } : null };
}

/**
 * The seller's registered SKUs with code, label and stock totals over all warehouses, in SKU order;
 * `search`: the label or code contains the text (or the SKU / product id does), case-insensitive.
 */
export async function listSkus(q: Queryable, sellerId: string, f: { search?: string | undefined; limit: number; after?: string | undefined }) {
  const rs = await q.select({
    skuId: item.skuId, productId: item.productId, skuCode: item.code, skuLabel: item.label,
    onHand: sql<number>`coalesce(sum(${stock.onHand}), 0)::int`,
    reserved: sql<number>`coalesce(sum(${stock.reserved}), 0)::int`,
    warehouses: sql<number>`count(${stock.warehouseId})::int`,
  }).from(item).leftJoin(stock, eq(stock.skuId, item.skuId))
    .where(and(eq(item.sellerId, sellerId), f.after !== undefined ? gt(item.skuId, f.after) : undefined,
      f.search ? skuMatches(f.search, { skuId: item.skuId, productId: item.productId }) : undefined))
    .groupBy(item.skuId).orderBy(asc(item.skuId)).limit(f.limit + 1);
  const items: SkuStockOut[] = rs.slice(0, f.limit).map((r) => ({ skuId: r.skuId, skuCode: r.skuCode, skuLabel: r.skuLabel, productId: r.productId,
    onHand: Number(r.onHand),
    reserved: Number(r.reserved), available: Number(r.onHand) - Number(r.reserved), warehouses: Number(r.warehouses) }));
  return { items, next: rs.length > f.limit ? items[items.length - 1]!.skuId : null };
}

// ---------------------------------------------------------------- changing stock

/** Creates the (SKU, warehouse) stock row at zero when it does not exist yet; never touches an existing row. */
async function ensureStockRow(tx: Tx, it: ItemRow, warehouseId: string): Promise<void> {
  await tx.insert(stock).values({ skuId: it.skuId, warehouseId, productId: it.productId, sellerId: it.sellerId }).onConflictDoNothing();
}

/** Refuses a put-away that would store more units at a location than its capacity. Serialised per location by its row lock. */
async function checkLocationCapacity(tx: Tx, locationId: string, adding: number): Promise<void> {
  const [l] = await tx.select({ capacity: location.capacity }).from(location).where(eq(location.id, locationId)).for('update');
  if (!l || l.capacity === null) return;
  const [r] = await tx.select({ n: sql<number>`coalesce(sum(${stock.onHand}), 0)::int` }).from(stock).where(eq(stock.locationId, locationId));
  const stored = Number(r?.n ?? 0);
  if (stored > l.capacity) throw new LocationFull(locationId, l.capacity, stored - adding, adding);
}

/**
 * Adds delta to on-hand stock with one conditional UPDATE (never read-modify-write): a removal only
 * succeeds while on_hand - reserved covers it (else InsufficientStock naming what is available), an
 * addition only up to MAX_ON_HAND. Returns the row after the change.
 */
async function applyDelta(tx: Tx, it: ItemRow, warehouseId: string, delta: number): Promise<StockRow> {
  const key = and(eq(stock.skuId, it.skuId), eq(stock.warehouseId, warehouseId));
  if (delta > 0) {
    await ensureStockRow(tx, it, warehouseId);
    const [row] = await tx.update(stock).set({ onHand: sql`${stock.onHand} + ${delta}`, updatedAt: new Date() })
      .where(and(key, sql`${stock.onHand} + ${delta} <= ${MAX_ON_HAND}`)).returning();
    if (!row) throw new StockLimitExceeded(it.skuId, warehouseId, MAX_ON_HAND);
    if (row.locationId) await checkLocationCapacity(tx, row.locationId, delta);
    return row;
  }
  const [row] = await tx.update(stock).set({ onHand: sql`${stock.onHand} + ${delta}`, updatedAt: new Date() })
    .where(and(key, sql`${stock.onHand} - ${stock.reserved} >= ${-delta}`)).returning();
  if (row) return row;
  // Only to say how much there is: the refusal itself came from the conditional UPDATE.
  const [cur] = await tx.select({ available: sql<number>`${stock.onHand} - ${stock.reserved}` }).from(stock).where(key);
  throw new InsufficientStock(it.skuId, warehouseId, -delta, Number(cur?.available ?? 0), it);
}

export const movementOut = (m: MovementRow, warehouseName: string, names: SkuNames): MovementOut => ({
  id: m.id, skuId: m.skuId, skuCode: names.skuCode, skuLabel: names.skuLabel, warehouseId: m.warehouseId, warehouseName, kind: m.kind, quantity: m.quantity, onHandAfter: m.onHandAfter,
  reason: m.reason, documentNo: m.documentNo, transferId: m.transferId, reference: m.reference, actorId: m.actorId,
  createdAt: m.createdAt.toISOString(),
});

async function insertMovement(tx: Tx, row: StockRow, m: { kind: MovementKind; quantity: number; reason?: string | undefined;
  documentNo?: string | undefined; transferId?: string | null; reference?: string | null; actorId: string | null }): Promise<MovementRow> {
  const [mv] = await tx.insert(movement).values({ id: newId('mov'), sellerId: row.sellerId, skuId: row.skuId, warehouseId: row.warehouseId,
    kind: m.kind, quantity: m.quantity, onHandAfter: row.onHand, reason: m.reason ?? '', documentNo: m.documentNo ?? '',
    transferId: m.transferId ?? null, reference: m.reference ?? null, actorId: m.actorId }).returning();
  return mv!;
}

/** Signed change of on-hand stock a movement of this kind and quantity makes. */
export function movementDelta(kind: MovementBody['kind'], quantity: number): number {
  return kind === 'damage' ? -quantity : quantity;
}

/**
 * Records a receipt, return, damage or adjustment (PL-WHS-01): one conditional UPDATE of the stock row,
 * a movement with the on-hand quantity after it, alert evaluation and an audit entry, all in the caller's
 * transaction. Removing more than is available fails with InsufficientStock and changes nothing.
 */
export async function recordMovement(tx: Tx, ctx: RequestContext, sellerId: string, input: MovementBody): Promise<MovementResultOut> {
  const it = await sellerSku(tx, sellerId, input.skuId);
  const w = await sellerWarehouse(tx, sellerId, input.warehouseId);
  const delta = movementDelta(input.kind, input.quantity);
  const row = await applyDelta(tx, it, w.id, delta);
  const mv = await insertMovement(tx, row, { kind: input.kind, quantity: delta, reason: input.reason, documentNo: input.documentNo, actorId: ctx.actorId });
  await syncAlerts(tx, row);
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'stock.moved', resourceType: 'inventory_movement', resourceId: mv.id,
    changes: { skuId: it.skuId, warehouseId: w.id, kind: input.kind, quantity: delta, onHandAfter: row.onHand, reason: mv.reason, documentNo: mv.documentNo } });
  return { movement: movementOut(mv, w.name, namesOf(it)), stock: await stockRowOut(tx, it.skuId, w.id) };
}

/**
 * Moves stock between two of the seller's warehouses: a transfer_out and a transfer_in movement sharing
 * a transfer id, atomically (both or neither). Rows are locked in warehouse-id order, so two opposite
 * transfers cannot deadlock.
 */
export async function transferStock(tx: Tx, ctx: RequestContext, sellerId: string, input: TransferBody): Promise<TransferResultOut> {
  const it = await sellerSku(tx, sellerId, input.skuId);
  const from = await sellerWarehouse(tx, sellerId, input.fromWarehouseId);
  const to = await sellerWarehouse(tx, sellerId, input.toWarehouseId);
  const transferId = newId('xfer');
  const steps = [{ w: from, delta: -input.quantity }, { w: to, delta: input.quantity }].sort((a, b) => (a.w.id < b.w.id ? -1 : 1));
  const after = new Map<string, StockRow>();
  for (const step of steps) after.set(step.w.id, await applyDelta(tx, it, step.w.id, step.delta));
  const common = { reason: input.reason, documentNo: input.documentNo, transferId, actorId: ctx.actorId };
  const out = await insertMovement(tx, after.get(from.id)!, { ...common, kind: 'transfer_out', quantity: -input.quantity });
  const inn = await insertMovement(tx, after.get(to.id)!, { ...common, kind: 'transfer_in', quantity: input.quantity });
  for (const step of steps) await syncAlerts(tx, after.get(step.w.id)!);
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'stock.transferred', resourceType: 'inventory_transfer', resourceId: transferId,
    changes: { skuId: it.skuId, fromWarehouseId: from.id, toWarehouseId: to.id, quantity: input.quantity, documentNo: input.documentNo,
      reason: input.reason ?? '', movements: [out.id, inn.id] } });
  return { transferId, out: movementOut(out, from.name, namesOf(it)), in: movementOut(inn, to.name, namesOf(it)),
    from: await stockRowOut(tx, it.skuId, from.id), to: await stockRowOut(tx, it.skuId, to.id) };
}

/**
 * Sets the minimum / maximum thresholds (MS-WHS-04) and the storage location (put-away, MS-WHS-02) of a
 * SKU in a warehouse, creating the stock row at zero if needed; re-evaluates alerts at once. Audited.
 */
export async function setStockSettings(tx: Tx, ctx: RequestContext, sellerId: string, input: StockSettingsBody): Promise<StockRowOut> {
  const it = await sellerSku(tx, sellerId, input.skuId);
  const w = await sellerWarehouse(tx, sellerId, input.warehouseId);
  if (input.locationId) {
    const [l] = isId('loc', input.locationId) ? await tx.select({ id: location.id }).from(location)
      .where(and(eq(location.id, input.locationId), eq(location.warehouseId, w.id), eq(location.sellerId, sellerId))) : [];
    if (!l) throw new LocationNotFound(input.locationId);
  }
  await ensureStockRow(tx, it, w.id);
  const key = and(eq(stock.skuId, it.skuId), eq(stock.warehouseId, w.id));
  const [before] = await tx.select().from(stock).where(key).for('update');
  const low = input.lowThreshold !== undefined ? input.lowThreshold : before!.lowThreshold;
  const max = input.maxThreshold !== undefined ? input.maxThreshold : before!.maxThreshold;
  if (low !== null && max !== null && max <= low) throw new InvalidThresholds(low, max);
  const set: Partial<StockRow> = {};
  if (input.lowThreshold !== undefined) set.lowThreshold = input.lowThreshold;
  if (input.maxThreshold !== undefined) set.maxThreshold = input.maxThreshold;
  if (input.locationId !== undefined) set.locationId = input.locationId;
  const [row] = await tx.update(stock).set({ ...set, updatedAt: new Date() }).where(key).returning();
  if (row!.locationId && row!.locationId !== before!.locationId) await checkLocationCapacity(tx, row!.locationId, row!.onHand);
  await syncAlerts(tx, row!, true);
  const changes = Object.fromEntries(Object.keys(set).filter((k) => before![k as keyof StockRow] !== row![k as keyof StockRow])
    .map((k) => [k, { from: before![k as keyof StockRow], to: row![k as keyof StockRow] }]));
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'stock.settings_changed', resourceType: 'inventory_stock', resourceId: `${it.skuId}@${w.id}`,
    changes: { skuId: it.skuId, warehouseId: w.id, ...changes } });
  return stockRowOut(tx, it.skuId, w.id);
}

export type MovementCursor = { createdAt: string; id: string };

/** The seller's stock movements, newest first, optionally for one SKU and/or warehouse. */
export async function listMovements(q: Queryable, sellerId: string, f: { skuId?: string | undefined; warehouseId?: string | undefined;
  limit: number; before?: MovementCursor | undefined }) {
  const conds: (SQL | undefined)[] = [eq(movement.sellerId, sellerId), f.skuId ? eq(movement.skuId, f.skuId) : undefined,
    f.warehouseId ? eq(movement.warehouseId, f.warehouseId) : undefined];
  if (f.before) {
    const at = f.before.createdAt;
    conds.push(or(sql`${movement.createdAt} < ${at}::timestamptz`, and(sql`${movement.createdAt} = ${at}::timestamptz`, lt(movement.id, f.before.id))));
  }
  const rs = await q.select({ m: movement, warehouseName: warehouse.name, at: exactTime(movement.createdAt), ...skuNames }).from(movement)
    .innerJoin(warehouse, eq(warehouse.id, movement.warehouseId)).leftJoin(item, eq(item.skuId, movement.skuId)).where(and(...conds))
    .orderBy(desc(movement.createdAt), desc(movement.id)).limit(f.limit + 1);
  const page = rs.slice(0, f.limit);
  const last = page[page.length - 1];
  return { items: page.map((r) => movementOut(r.m, r.warehouseName, r)), next: rs.length > f.limit && last ? { createdAt: last.at, id: last.m.id } : null };
}
