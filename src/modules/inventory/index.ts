import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Platform } from '@/platform/platform.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { item, stock } from './schema.js';

// PLACEHOLDER (the inventory helper replaces this whole file with the real module index).
export const inventoryRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async () => {};
export async function registerSku(tx: Tx, s: { skuId: string; productId: string; sellerId: string }): Promise<void> {
  await tx.insert(item).values(s).onConflictDoNothing();
}
export async function availabilityForSkus(q: Queryable, skuIds: string[]) {
  const m = new Map<string, { onHand: number; reserved: number; available: number; lowThreshold: number | null }>();
  if (!skuIds.length) return m;
  const rs = await q.select().from(stock).where(inArray(stock.skuId, skuIds));
  for (const r of rs) {
    const cur = m.get(r.skuId) ?? { onHand: 0, reserved: 0, available: 0, lowThreshold: null };
    m.set(r.skuId, { onHand: cur.onHand + r.onHand, reserved: cur.reserved + r.reserved, available: cur.available + r.onHand - r.reserved, lowThreshold: r.lowThreshold });
  }
  return m;
}
export function productInStockSql(col: SQL | AnyColumn): SQL {
  return sql`exists (select 1 from inventory_stock s where s.product_id = ${col} and s.on_hand > s.reserved)`;
}
