import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/platform/db/client.js';
import { organisationActiveSql, organisationNames } from '@/modules/identity/index.js';
import { availabilityForSkus, productInStockSql } from '@/modules/inventory/index.js';
import type { StoreProductOut } from '../contract.js';
import { ProductNotFound } from '../errors.js';
import { category, categoryRule, product, productVersion } from '../schema.js';
import { queryCharTokens, queryTokens } from '../search.js';
import { categoriesOnPath } from './categories.js';
import { imageUrl, iso, moneyOrNull, priceValuesOut } from './common.js';
import { pricesForSkus } from './pricing.js';
import { getShippingRule } from './shipping.js';

export type StoreSort = 'newest' | 'price_asc' | 'price_desc' | 'sales';
export type StoreQuery = {
  q?: string | undefined; categoryId?: string | undefined; sellerId?: string | undefined; minPrice?: number | undefined; maxPrice?: number | undefined;
  inStock?: boolean | undefined; attrs?: Array<[string, string]> | undefined; sort: StoreSort; limit: number;
  after?: { k: string | number; id: string } | undefined;
  /** phrase: every character pair of the keyword must occur (default); chars: every character (the fallback when phrase finds nothing). */
  match?: 'phrase' | 'chars' | undefined;
};

/** Below this many units a SKU shows as "only a few left". */
export const LOW_STOCK_SHOWN = 5;

const textArray = (xs: string[]) => sql`array[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;

/** Sort key column and direction of each storefront order; every one has a partial index with id as tie-breaker. */
const SORTS: Record<StoreSort, { key: SQL; dir: 'asc' | 'desc'; cursor: (k: string | number) => unknown }> = {
  newest: { key: sql`${product.publishedAt}`, dir: 'desc', cursor: (k) => new Date(String(k)) },
  price_asc: { key: sql`${product.priceMin}`, dir: 'asc', cursor: Number },
  price_desc: { key: sql`${product.priceMin}`, dir: 'desc', cursor: Number },
  sales: { key: sql`${product.salesCount}`, dir: 'desc', cursor: Number },
};

/**
 * Storefront listing and search (PL-CAT-01): only on-shelf products; keyword tokens (Chinese
 * bigrams), category subtree, price range, attributes, in stock; keyset pagination on the sort key.
 * Each filter is backed by a partial index on live products.
 */
export function storeListingQuery(q: Queryable, f: StoreQuery) {
  // Only on-shelf products of active sellers are displayed (PL-CAT-01).
  const conds: Array<SQL | undefined> = [sql`${product.live}`, isNotNull(product.priceMin), organisationActiveSql(product.sellerId)];
  if (f.q !== undefined) {
    const tokens = f.match === 'chars' ? queryCharTokens(f.q) : queryTokens(f.q);
    if (tokens.length) conds.push(sql`${product.searchTokens} @> ${textArray(tokens)}`);
  }
  if (f.categoryId) conds.push(sql`${product.categoryPath} @> ${textArray([f.categoryId])}`);
  if (f.sellerId) conds.push(eq(product.sellerId, f.sellerId));
  if (f.minPrice !== undefined) conds.push(sql`${product.priceMin} >= ${f.minPrice}`);
  if (f.maxPrice !== undefined) conds.push(sql`${product.priceMin} <= ${f.maxPrice}`);
  // Values of one attribute are alternatives (origin A or B); different attributes must all match.
  const byKey = new Map<string, string[]>();
  for (const [k, v] of f.attrs ?? []) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  for (const [k, vs] of byKey) {
    conds.push(sql`(${sql.join(vs.map((v) => sql`${product.attrs} @> ${JSON.stringify({ [k]: v })}::jsonb`), sql` or `)})`);
  }
  if (f.inStock) conds.push(productInStockSql(product.id));
  const s = SORTS[f.sort];
  const cmp = s.dir === 'desc' ? sql`<` : sql`>`;
  if (f.after) conds.push(sql`(${s.key}, ${product.id}) ${cmp} (${s.cursor(f.after.k)}, ${f.after.id})`);
  // The null ordering must match the partial indexes exactly (newest/sales: DESC NULLS LAST; price: the
  // ASC index, read backwards for price_desc) or PostgreSQL sorts instead of reading the index in order.
  const order = f.sort === 'price_desc' ? sql`${s.key} desc nulls first, ${product.id} desc nulls first`
    : s.dir === 'desc' ? sql`${s.key} desc nulls last, ${product.id} desc nulls last` : sql`${s.key} asc, ${product.id} asc`;
  return q.select({
    id: product.id, title: product.liveTitle, cover: product.coverImageId, priceMin: product.priceMin, priceMax: product.priceMax,
    sellerId: product.sellerId, categoryId: product.categoryId, salesCount: product.salesCount, publishedAt: product.publishedAt,
    inStock: sql<boolean>`${productInStockSql(product.id)}`,
  }).from(product).where(and(...conds)).orderBy(order).limit(f.limit + 1);
}

export async function listStoreProducts(q: Queryable, f0: StoreQuery) {
  let f = f0;
  let rs = await storeListingQuery(q, f);
  // Chinese has no spaces: "紫砂壶" should find "紫砂西施壶". When the phrase finds nothing on the first
  // page, match every character instead; the cursor remembers which mode the pages belong to.
  if (rs.length === 0 && !f.after && f.match !== 'chars' && f.q && queryCharTokens(f.q).join() !== queryTokens(f.q).join()) {
    const relaxed = { ...f, match: 'chars' as const };
    const more = await storeListingQuery(q, relaxed);
    if (more.length) { f = relaxed; rs = more; }
  }
  const page = rs.slice(0, f.limit);
  const names = await organisationNames(q, page.map((r) => r.sellerId));
  const items = page.map((r) => ({
    id: r.id, title: r.title ?? '', coverImageUrl: imageUrl(r.cover), price: moneyOrNull(r.priceMin),
    priceMax: r.priceMax !== r.priceMin ? moneyOrNull(r.priceMax) : null, inStock: Boolean(r.inStock),
    seller: { id: r.sellerId, name: names.get(r.sellerId)?.name ?? '' }, categoryId: r.categoryId, salesCount: r.salesCount,
  }));
  const last = page[page.length - 1];
  const keyOf = (r: (typeof rs)[number]): string | number => (f.sort === 'newest' ? iso(r.publishedAt)! : f.sort === 'sales' ? r.salesCount : r.priceMin!);
  return { items, match: f.match ?? 'phrase', next: rs.length > f.limit && last ? { k: keyOf(last), id: last.id } : null };
}

/** The product page (PL-CAT-01, PL-PRC-06, PL-PRC-08): live version, SKUs with current price and stock state, seller, delivery fee. */
export async function getStoreProduct(q: Queryable, id: string): Promise<StoreProductOut> {
  const [p] = await q.select().from(product).where(and(eq(product.id, id), eq(product.live, true), organisationActiveSql(product.sellerId)));
  if (!p || !p.liveVersionId) throw new ProductNotFound(id);
  const [v] = await q.select().from(productVersion).where(eq(productVersion.id, p.liveVersionId));
  const c = v!.content;
  const [cat] = await q.select().from(category).where(eq(category.id, c.categoryId));
  const crumbs = await categoriesOnPath(q, cat?.path ?? []);
  const [rule] = v!.ruleId ? await q.select().from(categoryRule).where(eq(categoryRule.id, v!.ruleId)) : [];
  const defs = new Map((rule?.attributes ?? []).map((a) => [a.key, a]));
  const keys = (rule?.attributes ?? []).map((a) => a.key);
  const order = (k: string) => (keys.includes(k) ? keys.indexOf(k) : keys.length);
  const ids = c.skus.map((s) => s.id);
  const prices = await pricesForSkus(q, ids);
  const stock = await availabilityForSkus(q, ids);
  const names = await organisationNames(q, [p.sellerId]);
  const shipping = await getShippingRule(q, p.sellerId);
  return {
    id: p.id, versionId: v!.id, title: c.title, subtitle: c.subtitle, description: c.description, brand: c.brand,
    breadcrumb: crumbs.map((x) => ({ id: x.id, name: x.name, nameEn: x.nameEn })),
    // In the order the category rule lists them; anything the rule no longer knows comes last.
    attributes: Object.entries(c.attributes).sort(([a], [b]) => order(a) - order(b)).map(([key, value]) => {
      const d = defs.get(key);
      return { key, label: d?.label ?? key, labelEn: d?.labelEn ?? key, value, unit: d?.unit ?? null };
    }),
    images: c.images.map((i) => ({ id: i, url: imageUrl(i)! })),
    qualityStandard: c.qualityStandard,
    priceTag: { ...c.priceTag, displayMode: rule?.pricing.displayMode ?? 'list_struck' },
    skus: c.skus.map((s) => {
      const pr = prices.get(s.id);
      const a = stock.get(s.id);
      const available = a?.available ?? 0;
      const low = Math.max(LOW_STOCK_SHOWN, a?.lowThreshold ?? 0);
      return {
        id: s.id, code: s.code, specification: s.specification, attributes: s.attributes, salesUnit: s.salesUnit, weightGrams: s.weightGrams,
        imageUrl: imageUrl(s.imageId),
        price: pr ? priceValuesOut({ priceType: pr.priceType, retail: pr.retail, member: pr.member, list: pr.list, government: pr.government }) : null,
        stock: available <= 0 ? 'out_of_stock' as const : available <= low ? 'low' as const : 'in_stock' as const, available,
      };
    }),
    seller: { id: p.sellerId, name: names.get(p.sellerId)?.name ?? '' },
    shipping,
    publishedAt: iso(p.publishedAt),
  };
}

/** Active categories with the filterable choice attributes of each (for facet filters). */
export async function storeCategories(q: Queryable) {
  const cats = await q.select().from(category).where(eq(category.active, true)).orderBy(asc(category.position), asc(category.name));
  const ruleIds = cats.map((c) => c.currentRuleId).filter((x): x is string => Boolean(x));
  const rules = ruleIds.length ? await q.select().from(categoryRule).where(inArray(categoryRule.id, ruleIds)) : [];
  const byCat = new Map(rules.map((r) => [r.categoryId, r]));
  const parents = new Set(cats.map((c) => c.parentId));
  const own = (id: string) => (byCat.get(id)?.attributes ?? []).filter((a) => a.level === 'product' && a.type === 'enum' && a.filterable);
  /** A parent category offers the filters of every category below it; options of the same key are merged. */
  const filtersOf = (c: (typeof cats)[number]) => {
    const merged = new Map<string, { key: string; label: string; labelEn: string; options: string[]; unit: string | null }>();
    for (const d of cats.filter((x) => x.path.includes(c.id))) {
      for (const a of own(d.id)) {
        const m = merged.get(a.key) ?? { key: a.key, label: a.label, labelEn: a.labelEn, options: [], unit: a.unit ?? null };
        for (const o of a.options ?? []) if (!m.options.includes(o)) m.options.push(o);
        merged.set(a.key, m);
      }
    }
    return [...merged.values()];
  };
  return cats.map((c) => ({
    id: c.id, parentId: c.parentId, name: c.name, nameEn: c.nameEn, position: c.position, leaf: !parents.has(c.id), filters: filtersOf(c),
  }));
}
