import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { rows } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { ValidationFailed } from '@/platform/http/problem.js';
import type { CategoryOut, NewCategoryBody, RuleBody, RuleOut } from '../contract.js';
import { CategoryInUse, CategoryNotFound } from '../errors.js';
import { category, categoryRule, product } from '../schema.js';
import { iso } from './common.js';
import { publicDataChanged } from '@/platform/cache/public-cache.js';

type RuleRow = typeof categoryRule.$inferSelect;
type CategoryRow = typeof category.$inferSelect;

/** The rule every new category starts with: no attributes, manual review, market prices, 30 % approval threshold. */
export function defaultRule(today = new Date()): RuleBody {
  const due = new Date(today.getTime() + 365 * 86_400_000);
  return {
    criteria: '', attributes: [], titleMinLength: 4, titleMaxLength: 60, prohibitedTerms: [], requiredQualifications: [],
    priceTagRequired: ['origin', 'specification'], qualityStandardRequired: false, reviewMode: 'manual',
    allowedPriceTypes: ['market'], pricing: { approvalThresholdPct: 30, displayMode: 'list_struck' },
    reviewDueOn: due.toISOString().slice(0, 10), note: '',
  };
}

export function ruleOut(r: RuleRow, now = new Date()): RuleOut {
  return {
    id: r.id, categoryId: r.categoryId, version: r.version, criteria: r.criteria, attributes: r.attributes,
    titleMinLength: r.titleMinLength, titleMaxLength: r.titleMaxLength, prohibitedTerms: r.prohibitedTerms,
    requiredQualifications: r.requiredQualifications, priceTagRequired: r.priceTagRequired,
    qualityStandardRequired: r.qualityStandardRequired, reviewMode: r.reviewMode,
    allowedPriceTypes: r.allowedPriceTypes as RuleOut['allowedPriceTypes'], pricing: r.pricing, reviewDueOn: r.reviewDueOn, note: r.note,
    createdBy: r.createdBy, createdAt: iso(r.createdAt)!, reviewOverdue: r.reviewDueOn < now.toISOString().slice(0, 10),
  };
}

function checkRule(body: RuleBody): void {
  const issues: Array<{ path: string; message: string }> = [];
  const seen = new Set<string>();
  body.attributes.forEach((a, i) => {
    if (seen.has(a.key)) issues.push({ path: `attributes.${i}.key`, message: `attribute key “${a.key}” is used twice` });
    seen.add(a.key);
    if (a.type === 'enum' && (!a.options || a.options.length === 0)) {
      issues.push({ path: `attributes.${i}.options`, message: `attribute “${a.label}” is a choice: list its allowed values` });
    }
    if (a.type !== 'enum' && a.options && a.options.length > 0) {
      issues.push({ path: `attributes.${i}.options`, message: `only choice (enum) attributes have allowed values; “${a.label}” is ${a.type}` });
    }
  });
  if (body.titleMinLength > body.titleMaxLength) issues.push({ path: 'titleMinLength', message: 'the minimum title length is above the maximum' });
  if (issues.length) throw new ValidationFailed(issues);
}

async function insertRule(tx: Tx, ctx: RequestContext, categoryId: string, body: RuleBody): Promise<RuleRow> {
  checkRule(body);
  const [last] = await tx.select({ v: categoryRule.version }).from(categoryRule).where(eq(categoryRule.categoryId, categoryId))
    .orderBy(desc(categoryRule.version)).limit(1);
  const [r] = await tx.insert(categoryRule).values({ id: newId('crl'), categoryId, version: (last?.v ?? 0) + 1, ...body, createdBy: ctx.actorId })
    .returning();
  await tx.update(category).set({ currentRuleId: r!.id, updatedAt: new Date() }).where(eq(category.id, categoryId));
  return r!;
}

export async function loadCategory(q: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<CategoryRow> {
  const base = q.select().from(category).where(eq(category.id, id));
  const [c] = opts.lock ? await base.for('update') : await base;
  if (!c) throw new CategoryNotFound(id);
  return c;
}

export async function currentRule(q: Queryable, categoryId: string): Promise<RuleRow> {
  const [r] = await q.select().from(categoryRule).where(eq(categoryRule.categoryId, categoryId)).orderBy(desc(categoryRule.version)).limit(1);
  if (!r) throw new CategoryNotFound(categoryId);
  return r;
}

/** True when the category has open sub-categories (a closed child does not stop listings on its parent). */
export async function hasChildren(q: Queryable, id: string): Promise<boolean> {
  const [r] = await q.select({ id: category.id }).from(category).where(and(eq(category.parentId, id), eq(category.active, true))).limit(1);
  return Boolean(r);
}

/** Creates a category with the default rule (version 1). Products live on leaves, so a category with products cannot get children. */
export async function createCategory(tx: Tx, ctx: RequestContext, body: NewCategoryBody, rule?: RuleBody): Promise<CategoryOut> {
  let path: string[] = [];
  if (body.parentId) {
    const parent = await loadCategory(tx, body.parentId, { lock: true });
    const [used] = await tx.select({ id: product.id }).from(product).where(eq(product.categoryId, parent.id)).limit(1);
    if (used) throw new CategoryInUse(`“${parent.name}” already holds products, so it cannot get sub-categories: move its products first.`);
    path = parent.path;
  }
  const id = newId('ctg');
  await tx.insert(category).values({ id, parentId: body.parentId, name: body.name, nameEn: body.nameEn, position: body.position ?? 0, path: [...path, id] });
  await insertRule(tx, ctx, id, rule ?? defaultRule());
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'category.created', resourceType: 'category', resourceId: id, changes: { ...body } });
  return getCategory(tx, id);
}

export async function updateCategory(tx: Tx, ctx: RequestContext, id: string, body: { name?: string | undefined; nameEn?: string | undefined;
  position?: number | undefined; active?: boolean | undefined }): Promise<CategoryOut> {
  const before = await loadCategory(tx, id, { lock: true });
  const set = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  await tx.update(category).set({ ...set, updatedAt: new Date() }).where(eq(category.id, id));
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'category.updated', resourceType: 'category', resourceId: id,
    changes: Object.fromEntries(Object.entries(set).map(([k, v]) => [k, { from: before[k as keyof CategoryRow], to: v }])) });
  return getCategory(tx, id);
}

/** A new version of the category's classification and description rule (MS-CAT-02, MS-CAT-03). */
export async function setCategoryRule(tx: Tx, ctx: RequestContext, categoryId: string, body: RuleBody): Promise<RuleOut> {
  await loadCategory(tx, categoryId, { lock: true });
  const r = await insertRule(tx, ctx, categoryId, body);
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'category.rule_versioned', resourceType: 'category', resourceId: categoryId,
    changes: { version: r.version, ruleId: r.id, reviewMode: r.reviewMode, attributes: r.attributes.map((a) => a.key), reviewDueOn: r.reviewDueOn } });
  return ruleOut(r);
}

export async function listRuleVersions(q: Queryable, categoryId: string): Promise<RuleOut[]> {
  await loadCategory(q, categoryId);
  const rs = await q.select().from(categoryRule).where(eq(categoryRule.categoryId, categoryId)).orderBy(desc(categoryRule.version));
  return rs.map((r) => ruleOut(r));
}

/** Every category with its current rule and product counts (the tree is small: one query each). */
export async function listCategories(q: Queryable, opts: { activeOnly?: boolean } = {}): Promise<CategoryOut[]> {
  const cats = await q.select().from(category).where(opts.activeOnly ? eq(category.active, true) : undefined)
    .orderBy(asc(category.position), asc(category.name));
  const rules = await q.select().from(categoryRule)
    .where(sql`${categoryRule.id} in (select ${category.currentRuleId} from ${category})`);
  const byId = new Map(rules.map((r) => [r.categoryId, r]));
  const counts = await rows<{ category_id: string; total: string | number; live: string | number }>(q,
    sql`select category_id, count(*) as total, count(*) filter (where live) as live from catalog_product group by category_id`);
  const countBy = new Map(counts.map((c) => [c.category_id, { total: Number(c.total), live: Number(c.live) }]));
  const parents = new Set(cats.filter((c) => c.active).map((c) => c.parentId).filter(Boolean));
  return cats.map((c) => {
    const r = byId.get(c.id);
    return {
      id: c.id, parentId: c.parentId, name: c.name, nameEn: c.nameEn, position: c.position, path: c.path, active: c.active,
      leaf: !parents.has(c.id), productCount: countBy.get(c.id)?.total ?? 0, liveCount: countBy.get(c.id)?.live ?? 0,
      rule: r ? ruleOut(r) : null,
    };
  });
}

export async function getCategory(q: Queryable, id: string): Promise<CategoryOut> {
  const c = await loadCategory(q, id);
  const r = await currentRule(q, id);
  const [cnt] = await rows<{ total: number; live: number }>(q,
    sql`select count(*)::int as total, (count(*) filter (where live))::int as live from catalog_product where category_id = ${id}`);
  return {
    id: c.id, parentId: c.parentId, name: c.name, nameEn: c.nameEn, position: c.position, path: c.path, active: c.active,
    leaf: !(await hasChildren(q, id)), productCount: cnt?.total ?? 0, liveCount: cnt?.live ?? 0, rule: ruleOut(r),
  };
}

/** Categories along a path, root first (breadcrumbs). */
export async function categoriesOnPath(q: Queryable, path: string[]): Promise<CategoryRow[]> {
  if (path.length === 0) return [];
  const rs = await q.select().from(category).where(inArray(category.id, path));
  const byId = new Map(rs.map((r) => [r.id, r]));
  return path.map((id) => byId.get(id)).filter((x): x is CategoryRow => Boolean(x));
}
