import { and, asc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '@/platform/db/client.js';
import { organisationActiveSql, organisationNameSql } from '@/modules/identity/index.js';
import { availabilityJsonSql, productInStockColumnSql, productInStockSql } from '@/modules/inventory/index.js';
import type { StoreProductOut } from '../contract.js';
import { ProductNotFound } from '../errors.js';
import { category, categoryRule, price, product, productVersion, shippingRule, type PriceValues } from '../schema.js';
import { queryCharTokens, queryTokens } from '../search.js';
import type { PricingPrinciples } from '../types.js';
import { imageUrl, iso, moneyOrNull, priceValuesOut } from './common.js';
import { shippingRuleOut } from './shipping.js';

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

/** Sort key column and direction of each storefront order; every one has a partial index with id as tie-breaker. */
const SORTS: Record<StoreSort, { key: SQL; dir: 'asc' | 'desc'; cursor: (k: string | number) => unknown }> = {
  newest: { key: sql`${product.publishedAt}`, dir: 'desc', cursor: (k) => new Date(String(k)) },
  price_asc: { key: sql`${product.priceMin}`, dir: 'asc', cursor: Number },
  price_desc: { key: sql`${product.priceMin}`, dir: 'desc', cursor: Number },
  sales: { key: sql`${product.salesCount}`, dir: 'desc', cursor: Number },
};

/**
 * The parameters of a listing query by name; which names are present decides the statement's shape.
 * attr<i>_<j> is value j of the i-th attribute filter.
 */
type ListingParams = Record<string, unknown> & { limit: number };

function listingParams(f: StoreQuery): ListingParams {
  const p: ListingParams = { limit: f.limit + 1 };
  if (f.q !== undefined) {
    const tokens = f.match === 'chars' ? queryCharTokens(f.q) : queryTokens(f.q);
    if (tokens.length) p.tokens = tokens;
  }
  if (f.categoryId) p.category = [f.categoryId];
  if (f.sellerId) p.seller = f.sellerId;
  if (f.minPrice !== undefined) p.minPrice = f.minPrice;
  if (f.maxPrice !== undefined) p.maxPrice = f.maxPrice;
  const byKey = new Map<string, string[]>();
  for (const [k, v] of f.attrs ?? []) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  [...byKey].forEach(([k, vs], i) => vs.forEach((v, j) => { p[`attr${i}_${j}`] = JSON.stringify({ [k]: v }); }));
  if (f.after) {
    p.afterKey = SORTS[f.sort].cursor(f.after.k);
    p.afterId = f.after.id;
  }
  return p;
}

/** The listing statement for these parameters; `bind` gives a parameter's value, or a placeholder for it. */
function listingStatement(q: Queryable, f: Pick<StoreQuery, 'sort' | 'inStock'>, p: ListingParams, bind: (name: string) => unknown) {
  // Only on-shelf products of active sellers are displayed (PL-CAT-01).
  const conds: SQL[] = [sql`${product.live}`, isNotNull(product.priceMin), organisationActiveSql(product.sellerId)];
  if ('tokens' in p) conds.push(sql`${product.searchTokens} @> ${bind('tokens')}::text[]`);
  if ('category' in p) conds.push(sql`${product.categoryPath} @> ${bind('category')}::text[]`);
  if ('seller' in p) conds.push(sql`${product.sellerId} = ${bind('seller')}`);
  if ('minPrice' in p) conds.push(sql`${product.priceMin} >= ${bind('minPrice')}`);
  if ('maxPrice' in p) conds.push(sql`${product.priceMin} <= ${bind('maxPrice')}`);
  // Values of one attribute are alternatives (origin A or B); different attributes must all match.
  for (let i = 0; `attr${i}_0` in p; i += 1) {
    const alternatives: SQL[] = [];
    for (let j = 0; `attr${i}_${j}` in p; j += 1) alternatives.push(sql`${product.attrs} @> ${bind(`attr${i}_${j}`)}::jsonb`);
    conds.push(sql`(${sql.join(alternatives, sql` or `)})`);
  }
  if (f.inStock) conds.push(productInStockSql(product.id));
  const s = SORTS[f.sort];
  const cmp = s.dir === 'desc' ? sql`<` : sql`>`;
  if ('afterKey' in p) conds.push(sql`(${s.key}, ${product.id}) ${cmp} (${bind('afterKey')}, ${bind('afterId')})`);
  // The null ordering must match the partial indexes exactly (newest/sales: DESC NULLS LAST; price: the
  // ASC index, read backwards for price_desc) or PostgreSQL sorts instead of reading the index in order.
  const order = f.sort === 'price_desc' ? sql`${s.key} desc nulls first, ${product.id} desc nulls first`
    : s.dir === 'desc' ? sql`${s.key} desc nulls last, ${product.id} desc nulls last` : sql`${s.key} asc, ${product.id} asc`;
  return q.select({
    id: product.id, title: product.liveTitle, cover: product.coverImageId, priceMin: product.priceMin, priceMax: product.priceMax,
    sellerId: product.sellerId, sellerName: organisationNameSql(product.sellerId), categoryId: product.categoryId, salesCount: product.salesCount,
    publishedAt: product.publishedAt, inStock: productInStockColumnSql(product.id),
  }).from(product).where(and(...conds)).orderBy(order).limit(bind('limit') as number);
}

/**
 * Storefront listing and search (PL-CAT-01): only on-shelf products; keyword tokens (Chinese
 * bigrams), category subtree, price range, attributes, in stock; keyset pagination on the sort key.
 * Each filter is backed by a partial index on live products. One statement per page: seller names
 * and the in-stock flag are sub-selects of the page's rows. (The statement listStoreProducts runs,
 * with its values bound, e.g. for EXPLAIN.)
 */
export function storeListingQuery(q: Queryable, f: StoreQuery) {
  const p = listingParams(f);
  // sql.param: one parameter each, also for the token arrays (drizzle would spread a bare array into a list).
  return listingStatement(q, f, p, (name) => sql.param(p[name]));
}

type ListingStatement = ReturnType<ReturnType<typeof listingStatement>['prepare']>;
/** Built listing statements by shape, per database handle; a bounded set (attribute filters make the most shapes). */
const listingStatements = new WeakMap<Queryable, Map<string, ListingStatement>>();
const MAX_LISTING_SHAPES = 200;

/**
 * One page of rows. The statement of each shape is built by drizzle once and kept (building it cost
 * about a quarter of the request's Node CPU). It is sent unnamed, so PostgreSQL plans it for each
 * request's values: a cached generic plan cannot tell a rare keyword from a common one.
 */
function runListing(q: Queryable, f: StoreQuery) {
  const p = listingParams(f);
  const shape = `${f.sort}${f.inStock ? '+in_stock' : ''}:${Object.keys(p).join(',')}`;
  let byShape = listingStatements.get(q);
  if (!byShape) listingStatements.set(q, (byShape = new Map()));
  let stmt = byShape.get(shape);
  if (!stmt) {
    if (byShape.size >= MAX_LISTING_SHAPES) byShape.clear();
    byShape.set(shape, (stmt = listingStatement(q, f, p, (name) => sql.placeholder(name)).prepare('')));
  }
  return stmt.execute(p);
}

export async function listStoreProducts(q: Queryable, f0: StoreQuery) {
  let f = f0;
  let rs = await runListing(q, f);
  // Chinese has no spaces: "紫砂壶" should find "紫砂西施壶". When the phrase finds nothing on the first
  // page, match every character instead; the cursor remembers which mode the pages belong to. (A second
  // statement only then: folding it into the first as a gated UNION doubled the planning time of every
  // first search page, about 0.5-0.9 ms of PostgreSQL CPU, to save a round trip on the rare empty one.)
  if (rs.length === 0 && !f.after && f.match !== 'chars' && f.q && queryCharTokens(f.q).join() !== queryTokens(f.q).join()) {
    const relaxed = { ...f, match: 'chars' as const };
    const more = await runListing(q, relaxed);
    if (more.length) { f = relaxed; rs = more; }
  }
  const page = rs.slice(0, f.limit);
  const items = page.map((r) => ({
    id: r.id, title: r.title ?? '', coverImageUrl: imageUrl(r.cover), price: moneyOrNull(r.priceMin),
    priceMax: r.priceMax !== r.priceMin ? moneyOrNull(r.priceMax) : null, inStock: Boolean(r.inStock),
    seller: { id: r.sellerId, name: r.sellerName ?? '' }, categoryId: r.categoryId, salesCount: r.salesCount,
  }));
  const last = page[page.length - 1];
  const keyOf = (r: (typeof rs)[number]): string | number => (f.sort === 'newest' ? iso(r.publishedAt)! : f.sort === 'sales' ? r.salesCount : r.priceMin!);
  return { items, match: f.match ?? 'phrase', next: rs.length > f.limit && last ? { k: keyOf(last), id: last.id } : null };
}

/**
 * The product page in one statement: live product of an active seller, its live version, the
 * breadcrumb of the version's category, the category rule, seller name, delivery-fee rule, and the
 * price and stock sums of the version's SKUs as JSON objects keyed by SKU id.
 */
function productPageQuery(q: Queryable) {
  const skuIds = sql`array(select s->>'id' from jsonb_array_elements(${productVersion.content}->'skus') s)`;
  return q.select({
    id: product.id, sellerId: product.sellerId, publishedAt: product.publishedAt, versionId: productVersion.id, content: productVersion.content,
    ruleAttributes: categoryRule.attributes, displayMode: sql<PricingPrinciples['displayMode'] | null>`${categoryRule.pricing}->>'displayMode'`,
    breadcrumb: sql<Array<{ id: string; name: string; nameEn: string }>>`(select coalesce(json_agg(json_build_object('id', crumb.id,
      'name', crumb.name, 'nameEn', crumb.name_en) order by x.n), '[]'::json)
      from unnest(${category.path}) with ordinality as x(id, n) join ${category} as crumb on crumb.id = x.id)`,
    sellerName: organisationNameSql(product.sellerId),
    // baseFee first: it is never null in a rule, so a null there means "no rule" and drizzle gives null.
    shipping: { baseFee: shippingRule.baseFee, freeOver: shippingRule.freeOver, extraItemFee: shippingRule.extraItemFee,
      deliveryTerms: shippingRule.deliveryTerms, updatedAt: shippingRule.updatedAt },
    prices: sql<Record<string, PriceValues>>`(select coalesce(json_object_agg(${price.skuId}, json_build_object('priceType', ${price.priceType},
      'retail', ${price.retail}, 'member', ${price.member}, 'list', ${price.list}, 'government', ${price.government})), '{}'::json)
      from ${price} where ${price.skuId} = any(${skuIds}))`,
    stock: availabilityJsonSql(skuIds),
  }).from(product)
    .innerJoin(productVersion, eq(productVersion.id, product.liveVersionId))
    .leftJoin(category, eq(category.id, sql`${productVersion.content}->>'categoryId'`))
    .leftJoin(categoryRule, eq(categoryRule.id, productVersion.ruleId))
    .leftJoin(shippingRule, eq(shippingRule.sellerId, product.sellerId))
    .where(and(eq(product.id, sql.placeholder('id')), eq(product.live, true), organisationActiveSql(product.sellerId)));
}

/**
 * Prepared once per database handle and named: no query building per request, and PostgreSQL parses it
 * once per connection and soon reuses one plan (an id look-up, the same for every id). Planning it took
 * about 1.4 ms, three times its execution; named, the page cost 0.5 ms of PostgreSQL CPU instead of 3 ms.
 */
const productPageStatements = new WeakMap<Queryable, ReturnType<ReturnType<typeof productPageQuery>['prepare']>>();

/** The product page (PL-CAT-01, PL-PRC-06, PL-PRC-08): live version, SKUs with current price and stock state, seller, delivery fee. */
export async function getStoreProduct(q: Queryable, id: string): Promise<StoreProductOut> {
  let stmt = productPageStatements.get(q);
  if (!stmt) productPageStatements.set(q, (stmt = productPageQuery(q).prepare('catalog_store_product_page')));
  const [r] = await stmt.execute({ id });
  if (!r) throw new ProductNotFound(id);
  const c = r.content;
  const ruleAttrs = r.ruleAttributes ?? [];
  const defs = new Map(ruleAttrs.map((a) => [a.key, a]));
  const keys = ruleAttrs.map((a) => a.key);
  const order = (k: string) => (keys.includes(k) ? keys.indexOf(k) : keys.length);
  return {
    id: r.id, versionId: r.versionId, title: c.title, subtitle: c.subtitle, description: c.description, brand: c.brand,
    breadcrumb: r.breadcrumb,
    // In the order the category rule lists them; anything the rule no longer knows comes last.
    attributes: Object.entries(c.attributes).sort(([a], [b]) => order(a) - order(b)).map(([key, value]) => {
      const d = defs.get(key);
      return { key, label: d?.label ?? key, labelEn: d?.labelEn ?? key, value, unit: d?.unit ?? null };
    }),
    images: c.images.map((i) => ({ id: i, url: imageUrl(i)! })),
    qualityStandard: c.qualityStandard,
    priceTag: { ...c.priceTag, displayMode: r.displayMode ?? 'list_struck' },
    skus: c.skus.map((s) => {
      const pr = r.prices[s.id];
      const a = r.stock[s.id];
      const available = a?.available ?? 0;
      const low = Math.max(LOW_STOCK_SHOWN, a?.lowThreshold ?? 0);
      return {
        id: s.id, code: s.code, specification: s.specification, attributes: s.attributes, salesUnit: s.salesUnit, weightGrams: s.weightGrams,
        imageUrl: imageUrl(s.imageId),
        price: pr ? priceValuesOut(pr) : null,
        stock: available <= 0 ? 'out_of_stock' as const : available <= low ? 'low' as const : 'in_stock' as const, available,
      };
    }),
    seller: { id: r.sellerId, name: r.sellerName ?? '' },
    shipping: shippingRuleOut(r.shipping),
    publishedAt: iso(r.publishedAt),
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
