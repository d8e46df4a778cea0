import { recordAudit } from '@/platform/audit/index.js';
import type { Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { movement, stock } from '../schema.js';
import { syncAlerts } from './alerts.js';
import { createWarehouse } from './warehouses.js';

const chunk = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * Demo stock for demo SKUs: per seller one warehouse (`MAIN`, in the given region), every SKU received
 * into it with a deterministic quantity (every 7th SKU low, every 13th sold out) and a minimum of 5, so
 * the demo storefront, stock list and alerts (opened as usual, with their events) have something to show. Bulk inserts, one audit entry per
 * seller; for `shiji seed --demo` only.
 */
export async function seedDemoStock(tx: Tx, ctx: RequestContext, skus: Array<{ skuId: string; sellerId: string; productId: string }>,
  regions: Record<string, { name: string; region: string; address: string }> = {}): Promise<{ warehouses: number; skus: number }> {
  const bySeller = new Map<string, typeof skus>();
  for (const s of skus) bySeller.set(s.sellerId, [...(bySeller.get(s.sellerId) ?? []), s]);
  for (const [sellerId, list] of bySeller) {
    const place = regions[sellerId] ?? { name: '主仓', region: '浙江省杭州市', address: '浙江省杭州市余杭区仓前街道 1 号' };
    const w = await createWarehouse(tx, ctx, sellerId, { code: 'MAIN', name: place.name, address: place.address, region: place.region, priority: 10 });
    const rows = list.map((s, i) => {
      const onHand = i % 13 === 12 ? 0 : i % 7 === 6 ? 3 : 20 + ((i * 37) % 180);
      return { s, onHand };
    });
    for (const c of chunk(rows, 500)) {
      const inserted = await tx.insert(stock).values(c.map(({ s, onHand }) => ({ skuId: s.skuId, warehouseId: w.id, productId: s.productId, sellerId, onHand,
        lowThreshold: 5 }))).onConflictDoNothing().returning();
      for (const row of inserted) if (row.onHand <= 5) await syncAlerts(tx, row);
      const moved = c.filter((r) => r.onHand > 0);
      if (moved.length) {
        await tx.insert(movement).values(moved.map(({ s, onHand }) => ({ id: newId('mov'), sellerId, skuId: s.skuId, warehouseId: w.id, kind: 'receipt' as const,
          quantity: onHand, onHandAfter: onHand, documentNo: 'DEMO-RK-0001', reason: '演示数据期初入库', actorId: ctx.actorId })));
      }
    }
    await recordAudit(tx, ctx, { action: 'stock.demo_seeded', resourceType: 'inventory_warehouse', resourceId: w.id,
      changes: { sellerId, skus: rows.length, units: rows.reduce((n, r) => n + r.onHand, 0) } });
  }
  return { warehouses: bySeller.size, skus: skus.length };
}
