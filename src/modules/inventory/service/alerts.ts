import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import { emit } from '@/platform/jobs/index.js';
import { organisationNames } from '@/modules/identity/index.js';
import type { AdminAlertOut, AlertOut } from '../contract.js';
import { INVENTORY_EVENTS, type StockAlertEvent } from '../events.js';
import { alert, item, stock, warehouse } from '../schema.js';
import { skuNames } from './names.js';
import { exactTime } from './time.js';

type StockLevel = Pick<typeof stock.$inferSelect, 'sellerId' | 'skuId' | 'warehouseId' | 'onHand' | 'reserved' | 'lowThreshold' | 'maxThreshold'>;

async function openAlert(tx: Tx, s: StockLevel, kind: 'low' | 'over', available: number, threshold: number): Promise<void> {
  // The partial unique index (one open alert per SKU, warehouse and kind) makes this idempotent under concurrency.
  const [opened] = await tx.insert(alert).values({ id: newId('alrt'), sellerId: s.sellerId, skuId: s.skuId, warehouseId: s.warehouseId,
    kind, available, threshold }).onConflictDoNothing().returning({ id: alert.id });
  if (opened) {
    const [names] = await tx.select({ code: item.code, label: item.label }).from(item).where(eq(item.skuId, s.skuId));
    const payload: StockAlertEvent = { alertId: opened.id, sellerId: s.sellerId, skuId: s.skuId, skuCode: names?.code ?? '', skuLabel: names?.label ?? '',
      warehouseId: s.warehouseId, available, threshold };
    await emit(tx, kind === 'low' ? INVENTORY_EVENTS.lowStock : INVENTORY_EVENTS.overStock, payload);
    return;
  }
  // Already open: keep its figures current for the overview (no write when nothing changed).
  await tx.update(alert).set({ available, threshold })
    .where(and(eq(alert.skuId, s.skuId), eq(alert.warehouseId, s.warehouseId), eq(alert.kind, kind), eq(alert.status, 'open'),
      or(sql`${alert.available} <> ${available}`, sql`${alert.threshold} <> ${threshold}`)));
}

async function resolveAlert(tx: Tx, s: StockLevel, kind: 'low' | 'over', available: number): Promise<void> {
  await tx.update(alert).set({ status: 'resolved', resolvedAt: new Date(), available })
    .where(and(eq(alert.skuId, s.skuId), eq(alert.warehouseId, s.warehouseId), eq(alert.kind, kind), eq(alert.status, 'open')));
}

/**
 * Brings the stock-level alerts of one (SKU, warehouse) in line with its stock after a change (MS-WHS-04):
 * available <= lowThreshold → one open 'low' alert; available > maxThreshold → one open 'over' alert;
 * otherwise the open alert is resolved. An `inventory.low_stock` / `inventory.over_stock` event is emitted
 * only when an alert opens. Cheap on the checkout path: a row without thresholds costs no query unless
 * `thresholdsChanged` (only a threshold change can leave an alert open without a threshold).
 */
export async function syncAlerts(tx: Tx, s: StockLevel, thresholdsChanged = false): Promise<void> {
  if (!thresholdsChanged && s.lowThreshold === null && s.maxThreshold === null) return;
  const available = s.onHand - s.reserved;
  if (s.lowThreshold !== null && available <= s.lowThreshold) await openAlert(tx, s, 'low', available, s.lowThreshold);
  else await resolveAlert(tx, s, 'low', available);
  if (s.maxThreshold !== null && available > s.maxThreshold) await openAlert(tx, s, 'over', available, s.maxThreshold);
  else if (thresholdsChanged || s.maxThreshold !== null) await resolveAlert(tx, s, 'over', available);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export type AlertCursor = { createdAt: string; id: string };

async function alertRows(q: Queryable, f: { sellerId?: string | undefined; status?: 'open' | 'resolved' | undefined; limit: number;
  before?: AlertCursor | undefined }) {
  const conds: (SQL | undefined)[] = [f.sellerId ? eq(alert.sellerId, f.sellerId) : undefined, f.status ? eq(alert.status, f.status) : undefined];
  if (f.before) {
    const at = f.before.createdAt;
    conds.push(or(sql`${alert.createdAt} < ${at}::timestamptz`, and(sql`${alert.createdAt} = ${at}::timestamptz`, lt(alert.id, f.before.id))));
  }
  const rs = await q.select({ a: alert, warehouseName: warehouse.name, at: exactTime(alert.createdAt), ...skuNames }).from(alert)
    .innerJoin(warehouse, eq(warehouse.id, alert.warehouseId)).leftJoin(item, eq(item.skuId, alert.skuId))
    .where(and(...conds)).orderBy(desc(alert.createdAt), desc(alert.id)).limit(f.limit + 1);
  const page = rs.slice(0, f.limit);
  const items: AlertOut[] = page.map(({ a, warehouseName, skuCode, skuLabel }) => ({
    id: a.id, sellerId: a.sellerId, skuId: a.skuId, skuCode, skuLabel, warehouseId: a.warehouseId, warehouseName, kind: a.kind, available: a.available,
    threshold: a.threshold, status: a.status, createdAt: a.createdAt.toISOString(), resolvedAt: iso(a.resolvedAt),
  }));
  const last = page[page.length - 1];
  return { items, next: rs.length > f.limit && last ? { createdAt: last.at, id: last.a.id } : null };
}

/** A seller's own stock alerts, newest first. */
export async function listAlerts(q: Queryable, sellerId: string, f: { status?: 'open' | 'resolved' | undefined; limit: number;
  before?: AlertCursor | undefined }): Promise<{ items: AlertOut[]; next: AlertCursor | null }> {
  return alertRows(q, { ...f, sellerId });
}

/** Stock alerts across sellers for the operator (MS-WHS-04 overview), with each seller's name. */
export async function listAllAlerts(q: Queryable, f: { sellerId?: string | undefined; status?: 'open' | 'resolved' | undefined; limit: number;
  before?: AlertCursor | undefined }): Promise<{ items: AdminAlertOut[]; next: AlertCursor | null }> {
  const res = await alertRows(q, f);
  const names = await organisationNames(q, res.items.map((a) => a.sellerId));
  return { items: res.items.map((a) => ({ ...a, sellerName: names.get(a.sellerId)?.name ?? a.sellerId })), next: res.next };
}
