import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '@/platform/db/client.js';
import { category, price, product, productVersion } from '../schema.js';
import { indexTokens } from '../search.js';
import type { ProductContent } from '../types.js';
import { publicDataChanged } from '@/platform/cache/public-cache.js';

/** The storefront columns of a product, from its live content, category path and names, and SKU retail prices. */
export function listingColumns(c: ProductContent, path: string[], categoryNames: string[], retail: number[]) {
  const attrText = Object.values(c.attributes).filter((x): x is string => typeof x === 'string');
  return {
    liveTitle: c.title,
    coverImageId: c.images[0] ?? null,
    categoryPath: path,
    attrs: c.attributes,
    searchTokens: indexTokens(c.title, c.subtitle, c.brand, ...attrText, ...categoryNames, ...c.skus.map((s) => s.specification)),
    priceMin: retail.length ? Math.min(...retail) : null,
    priceMax: retail.length ? Math.max(...retail) : null,
  };
}

/**
 * Rewrites the storefront columns of a product from its live version and current prices, so listing
 * and search read one row per product through partial indexes (PL-CAT-01, PL-PRC-05: a price or
 * shelf change is visible on the next request).
 */
export async function refreshListing(tx: Tx, productId: string): Promise<void> {
  const [p] = await tx.select({ liveVersionId: product.liveVersionId }).from(product).where(eq(product.id, productId));
  if (!p?.liveVersionId) return;
  publicDataChanged(tx);
  const [v] = await tx.select({ content: productVersion.content }).from(productVersion).where(eq(productVersion.id, p.liveVersionId));
  const c = v!.content;
  const [cat] = await tx.select({ path: category.path }).from(category).where(eq(category.id, c.categoryId));
  const path = cat?.path ?? [c.categoryId];
  const names = await tx.select({ name: category.name, nameEn: category.nameEn }).from(category).where(inArray(category.id, path));
  const skuIds = c.skus.map((s) => s.id);
  const prices = skuIds.length ? await tx.select({ retail: price.retail }).from(price).where(inArray(price.skuId, skuIds)) : [];
  await tx.update(product).set(listingColumns(c, path, names.flatMap((n) => [n.name, n.nameEn]), prices.map((x) => x.retail)))
    .where(eq(product.id, productId));
}
