import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Queryable } from '@/platform/db/client.js';
import { emit } from '@/platform/jobs/index.js';
import type { Tx } from '@/platform/db/client.js';
import { organisationNames } from '@/modules/identity/index.js';
import { categoryRule, category, price, product, productVersion } from '../schema.js';
import { submitIssues, type Issue } from './validate.js';

/** The checks that concern displayed prices (PL-PRC-06, PL-PRC-10); the rest of the rule is checked at submission. */
const PRICE_RULES = new Set(['sku_price_missing', 'price_tag_field', 'price_type_not_allowed']);
const BATCH = 200;
/** At most this many products are examined per request, so a page answers quickly even when few have issues. */
const SCAN_LIMIT = 2_000;

export type PriceDisplayIssue = { productId: string; title: string; sellerId: string; sellerName: string; categoryId: string; issues: Issue[] };

async function examine(q: Queryable, rows: Array<typeof product.$inferSelect>): Promise<Array<Omit<PriceDisplayIssue, 'sellerName'>>> {
  if (rows.length === 0) return [];
  const versions = await q.select({ id: productVersion.id, content: productVersion.content }).from(productVersion)
    .where(inArray(productVersion.id, rows.map((r) => r.liveVersionId!)));
  const contentOf = new Map(versions.map((v) => [v.id, v.content]));
  const catIds = [...new Set(rows.map((r) => r.categoryId))];
  const rules = await q.select({ rule: categoryRule }).from(category).innerJoin(categoryRule, eq(categoryRule.id, category.currentRuleId))
    .where(inArray(category.id, catIds));
  const ruleOf = new Map(rules.map((r) => [r.rule.categoryId, r.rule]));
  const skuIds = versions.flatMap((v) => v.content.skus.map((s) => s.id));
  const prices = skuIds.length ? await q.select().from(price).where(inArray(price.skuId, skuIds)) : [];
  const priceOf = new Map(prices.map((p) => [p.skuId, p]));
  const out: Array<Omit<PriceDisplayIssue, 'sellerName'>> = [];
  for (const r of rows) {
    const c = contentOf.get(r.liveVersionId!);
    const rule = ruleOf.get(r.categoryId);
    if (!c || !rule) continue;
    const issues = submitIssues(c, rule, priceOf).filter((i) => PRICE_RULES.has(i.rule));
    if (issues.length) out.push({ productId: r.id, title: c.title, sellerId: r.sellerId, categoryId: r.categoryId, issues });
  }
  return out;
}

/**
 * On-shelf products whose displayed price information is incomplete under the category's current
 * rule: a SKU without a price, a price type the category no longer allows, or a mandatory price-tag
 * field missing (PL-PRC-10). Rules can tighten after approval, which is how such products arise.
 */
export async function priceDisplayIssues(q: Queryable, f: { sellerId?: string | undefined; limit: number; after?: string | undefined }) {
  const items: PriceDisplayIssue[] = [];
  let after = f.after;
  let scanned = 0;
  let exhausted = false;
  while (items.length < f.limit && scanned < SCAN_LIMIT) {
    const rows = await q.select().from(product)
      .where(and(eq(product.live, true), f.sellerId ? eq(product.sellerId, f.sellerId) : undefined, after ? gt(product.id, after) : undefined))
      .orderBy(asc(product.id)).limit(BATCH);
    if (rows.length === 0) { exhausted = true; break; }
    scanned += rows.length;
    const found = await examine(q, rows);
    const names = await organisationNames(q, found.map((x) => x.sellerId));
    for (const x of found) {
      if (items.length === f.limit) break;
      items.push({ ...x, sellerName: names.get(x.sellerId)?.name ?? '' });
      after = x.productId;
    }
    if (items.length < f.limit) after = rows[rows.length - 1]!.id;
    if (rows.length < BATCH) { exhausted = true; break; }
  }
  return { items, next: exhausted && items.length < f.limit ? null : after ?? null };
}

/**
 * The daily supervision run: every on-shelf product is examined; each seller with findings gets one
 * `catalog.price_display_issues` event (for its notification), and the counts are returned for the log.
 */
export async function runPriceDisplayCheck(tx: Tx): Promise<{ products: number; sellers: number }> {
  const bySeller = new Map<string, string[]>();
  let after: string | undefined;
  for (;;) {
    const rows = await tx.select().from(product).where(and(eq(product.live, true), after ? gt(product.id, after) : undefined)).orderBy(asc(product.id)).limit(BATCH);
    if (rows.length === 0) break;
    for (const x of await examine(tx, rows)) bySeller.set(x.sellerId, [...(bySeller.get(x.sellerId) ?? []), x.productId]);
    after = rows[rows.length - 1]!.id;
  }
  for (const [sellerId, productIds] of bySeller) await emit(tx, 'catalog.price_display_issues', { sellerId, productIds });
  return { products: [...bySeller.values()].reduce((n, xs) => n + xs.length, 0), sellers: bySeller.size };
}
