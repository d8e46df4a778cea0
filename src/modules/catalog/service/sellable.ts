import { and, eq, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { organisationActiveSql } from '@/modules/identity/index.js';
import { product, productVersion } from '../schema.js';
import { pricesForSkus } from './pricing.js';

/** What a cart or checkout needs to know about a SKU for sale right now. */
export type SellableSku = {
  skuId: string; productId: string; sellerId: string; productVersionId: string; categoryId: string;
  title: string; specification: string; skuCode: string; salesUnit: Record<string, unknown>; imageId: string | null;
  price: { priceType: string; retail: number; currency: string } | null;
};

/**
 * The SKUs that can be bought now, by id: on-shelf product of an active seller, SKU present in the live
 * (approved) version, with the current approved price (null when unpriced). SKUs missing from the map
 * are not for sale (unknown, off shelf, removed from the live version, seller suspended). One query for
 * products, one for versions, one for prices, whatever the number of SKUs.
 */
export async function sellableSkus(q: Queryable | Tx, skuIds: string[]): Promise<Map<string, SellableSku>> {
  const ids = [...new Set(skuIds)];
  const out = new Map<string, SellableSku>();
  if (ids.length === 0) return out;
  const rows = await q.select({ productId: product.id, sellerId: product.sellerId, versionId: productVersion.id, content: productVersion.content,
    cover: product.coverImageId })
    .from(product).innerJoin(productVersion, eq(productVersion.id, product.liveVersionId))
    .where(and(eq(product.live, true), organisationActiveSql(product.sellerId),
      sql`${product.id} in (select product_id from catalog_sku where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}))`));
  const prices = await pricesForSkus(q, ids);
  const wanted = new Set(ids);
  for (const r of rows) {
    for (const s of r.content.skus) {
      if (!wanted.has(s.id)) continue;
      const p = prices.get(s.id);
      out.set(s.id, {
        skuId: s.id, productId: r.productId, sellerId: r.sellerId, productVersionId: r.versionId, categoryId: r.content.categoryId,
        title: r.content.title, specification: s.specification, skuCode: s.code, salesUnit: s.salesUnit as Record<string, unknown>,
        imageId: s.imageId ?? r.content.images[0] ?? r.cover ?? null,
        price: p ? { priceType: p.priceType, retail: p.retail, currency: p.currency } : null,
      });
    }
  }
  return out;
}

/** Adds sold quantities to the products' sales counts (the storefront's "sales" sort). */
export async function recordSales(tx: Tx, sold: Array<{ productId: string; quantity: number }>): Promise<void> {
  const byProduct = new Map<string, number>();
  for (const s of sold) byProduct.set(s.productId, (byProduct.get(s.productId) ?? 0) + s.quantity);
  for (const [id, n] of [...byProduct].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await tx.update(product).set({ salesCount: sql`${product.salesCount} + ${n}` }).where(eq(product.id, id));
  }
}
