import { and, desc, eq, inArray, lt, or } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { organisationNames } from '@/modules/identity/index.js';
import type { PriceBody, PriceChangeOut, PriceOut } from '../contract.js';
import { InvalidTransition, PriceChangeNotFound, PriceRejected, SkuNotFound } from '../errors.js';
import { price, priceChange, product, sku, type ApprovalReason, type PriceValues } from '../schema.js';
import { currentRule } from './categories.js';
import { iso, priceValuesOut, productHistory } from './common.js';
import { refreshListing } from './listing.js';

type ChangeRow = typeof priceChange.$inferSelect;
type PriceRow = typeof price.$inferSelect;

export const priceOut = (p: PriceRow): PriceOut => ({
  skuId: p.skuId, ...priceValuesOut({ priceType: p.priceType, retail: p.retail, member: p.member, list: p.list, government: p.government }),
  updatedAt: iso(p.updatedAt)!,
});

const fenText = (f: number) => `¥${(f / 100).toFixed(2)}`;

/** Current approved prices of SKUs. */
export async function pricesForSkus(q: Queryable, skuIds: string[]): Promise<Map<string, PriceRow>> {
  if (skuIds.length === 0) return new Map();
  const rs = await q.select().from(price).where(inArray(price.skuId, skuIds));
  return new Map(rs.map((r) => [r.skuId, r]));
}

/** Price-type rules (PL-PRC-02) and the category's pricing principles (MS-PRC-01). Throws for a price that can never take effect. */
function checkPriceRules(v: PriceValues, allowed: string[]): void {
  if (!allowed.includes(v.priceType)) {
    throw new PriceRejected(`Price type ${v.priceType} is not allowed in this category; allowed: ${allowed.join(', ')}.`, { field: 'priceType', reason: 'price_type_not_allowed', allowed });
  }
  if (v.priceType === 'government_fixed' || v.priceType === 'government_guided') {
    if (!v.government) throw new PriceRejected('A government-set or government-guided price needs the issuing authority, document number and base price.', { field: 'government', reason: 'government_reference_required' });
  }
  if (v.priceType === 'government_fixed' && v.retail !== v.government!.basePrice) {
    throw new PriceRejected(`A government-set price must equal the official price ${fenText(v.government!.basePrice)}.`, { field: 'retail', reason: 'government_fixed_mismatch', basePrice: v.government!.basePrice });
  }
  if (v.priceType === 'government_guided') {
    const g = v.government!;
    if (g.minPrice === undefined || g.maxPrice === undefined || g.minPrice > g.maxPrice) {
      throw new PriceRejected('A government-guided price needs the permitted range (minPrice ≤ maxPrice).', { field: 'government', reason: 'government_range_missing' });
    }
    if (v.retail < g.minPrice || v.retail > g.maxPrice) {
      throw new PriceRejected(`The price ${fenText(v.retail)} is outside the government-guided range ${fenText(g.minPrice)}–${fenText(g.maxPrice)}.`, { field: 'retail', reason: 'government_range', minPrice: g.minPrice, maxPrice: g.maxPrice });
    }
  }
  if (v.retail <= 0 && v.priceType !== 'negotiated') throw new PriceRejected('The retail price must be above zero.', { field: 'retail', reason: 'retail_not_positive' });
  if (v.member !== null && v.member > v.retail) throw new PriceRejected('The member price cannot be above the retail price.', { field: 'member', reason: 'member_above_retail' });
  if (v.list !== null && v.list < v.retail) {
    throw new PriceRejected('The reference (list) price cannot be below the selling price: a struck-through price must be real.', { field: 'list', reason: 'list_below_retail' });
  }
}

async function applyPrice(tx: Tx, ctx: RequestContext, s: { id: string; productId: string; sellerId: string }, v: PriceValues, changeId: string, actorKind: 'seller' | 'operator') {
  await tx.insert(price).values({ skuId: s.id, productId: s.productId, sellerId: s.sellerId, ...v, changeId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: price.skuId, set: { ...v, changeId, updatedAt: new Date() } });
  await tx.update(priceChange).set({ effectiveAt: new Date() }).where(eq(priceChange.id, changeId));
  await productHistory(tx, ctx, { productId: s.productId, action: 'price_changed', actorKind,
    detail: { skuId: s.id, changeId, retail: v.retail, member: v.member, list: v.list, priceType: v.priceType } });
  await refreshListing(tx, s.productId);
}

/**
 * Sets a SKU's price. A first price within the principles, or a change within the category's
 * threshold, takes effect at once; otherwise it waits for an approver and the old price stays
 * live (MS-PRC-01). Every request is logged with old and new values (MS-PRC-02).
 */
export async function setPrice(tx: Tx, ctx: RequestContext, sellerId: string, skuId: string, body: PriceBody) {
  const [s] = await tx.select().from(sku).where(and(eq(sku.id, skuId), eq(sku.sellerId, sellerId))).for('update');
  if (!s) throw new SkuNotFound(skuId);
  if (s.status === 'retired') throw new InvalidTransition(`SKU ${s.code} is retired: it cannot get a new price.`, { reason: 'sku_retired' });
  const [p] = await tx.select({ categoryId: product.categoryId }).from(product).where(eq(product.id, s.productId));
  const rule = await currentRule(tx, p!.categoryId);
  const after: PriceValues = { priceType: body.priceType, retail: body.retail, member: body.member ?? null, list: body.list ?? null, government: body.government ?? null };
  checkPriceRules(after, rule.allowedPriceTypes);
  const [cur] = await tx.select().from(price).where(eq(price.skuId, skuId));
  const before: PriceValues | null = cur ? { priceType: cur.priceType, retail: cur.retail, member: cur.member, list: cur.list, government: cur.government } : null;
  const changeBp = before && before.retail > 0 ? Math.round((Math.abs(after.retail - before.retail) * 10_000) / before.retail) : null;
  const reasons: string[] = [];
  const structured: ApprovalReason[] = [];
  if (changeBp !== null && changeBp > rule.pricing.approvalThresholdPct * 100) {
    reasons.push(`the retail price changes by ${(changeBp / 100).toFixed(1)} %, above the ${rule.pricing.approvalThresholdPct} % threshold`);
    structured.push({ kind: 'threshold', changePct: changeBp / 100, thresholdPct: rule.pricing.approvalThresholdPct });
  }
  const maxDiscount = rule.pricing.maxDiscountPct;
  if (maxDiscount !== undefined && after.list !== null && after.retail * 100 < after.list * (100 - maxDiscount)) {
    reasons.push(`the price is more than ${maxDiscount} % below the reference price`);
    structured.push({ kind: 'discount', maxDiscountPct: maxDiscount });
  }
  // A newer request replaces a pending one.
  const withdrawn = await tx.update(priceChange).set({ status: 'withdrawn', decidedAt: new Date(), decidedBy: ctx.actorId, decisionNote: 'replaced by a newer request' })
    .where(and(eq(priceChange.skuId, skuId), eq(priceChange.status, 'pending'))).returning({ id: priceChange.id });
  const id = newId('pchg');
  const status = reasons.length ? 'pending' as const : 'applied' as const;
  await tx.insert(priceChange).values({ id, skuId, productId: s.productId, sellerId, before, after, changeBp, reason: body.reason,
    needsApprovalBecause: reasons.length ? reasons.join('; ') : null, approvalReasons: structured, status, requestedBy: ctx.actorId });
  await recordAudit(tx, ctx, { action: status === 'pending' ? 'price.change_requested' : 'price.changed', resourceType: 'sku', resourceId: skuId,
    changes: { changeId: id, before, after, reason: body.reason, ...(reasons.length ? { needsApprovalBecause: reasons } : {}),
      ...(withdrawn.length ? { replaced: withdrawn.map((w) => w.id) } : {}) } });
  if (status === 'applied') await applyPrice(tx, ctx, s, after, id, 'seller');
  else {
    await productHistory(tx, ctx, { productId: s.productId, action: 'price_change_requested', actorKind: 'seller', reason: body.reason,
      detail: { skuId, changeId: id, retail: after.retail, needsApprovalBecause: reasons } });
  }
  return { status, change: (await changesOut(tx, [await loadChange(tx, id)]))[0]! };
}

async function loadChange(q: Queryable, id: string, lock = false): Promise<ChangeRow> {
  const base = q.select().from(priceChange).where(eq(priceChange.id, id));
  const [c] = lock ? await base.for('update') : await base;
  if (!c) throw new PriceChangeNotFound(id);
  return c;
}

/** Approves a pending price change: it takes effect now (MS-PRC-01). */
export async function approvePriceChange(tx: Tx, ctx: RequestContext, id: string, note?: string) {
  const c = await loadChange(tx, id, true);
  if (c.status !== 'pending') throw new InvalidTransition(`This price change is ${c.status}; only pending changes can be approved.`, { reason: 'not_pending', status: c.status });
  const [s] = await tx.select().from(sku).where(eq(sku.id, c.skuId)).for('update');
  await tx.update(priceChange).set({ status: 'approved', decidedBy: ctx.actorId, decidedAt: new Date(), decisionNote: note ?? null }).where(eq(priceChange.id, id));
  await recordAudit(tx, ctx, { action: 'price.change_approved', resourceType: 'sku', resourceId: c.skuId, changes: { changeId: id, after: c.after, note } });
  await applyPrice(tx, ctx, s!, c.after, id, 'operator');
  return (await changesOut(tx, [await loadChange(tx, id)]))[0]!;
}

export async function rejectPriceChange(tx: Tx, ctx: RequestContext, id: string, reason: string) {
  const c = await loadChange(tx, id, true);
  if (c.status !== 'pending') throw new InvalidTransition(`This price change is ${c.status}; only pending changes can be rejected.`, { reason: 'not_pending', status: c.status });
  await tx.update(priceChange).set({ status: 'rejected', decidedBy: ctx.actorId, decidedAt: new Date(), decisionNote: reason }).where(eq(priceChange.id, id));
  await recordAudit(tx, ctx, { action: 'price.change_rejected', resourceType: 'sku', resourceId: c.skuId, changes: { changeId: id, reason } });
  await productHistory(tx, ctx, { productId: c.productId, action: 'price_change_rejected', actorKind: 'operator', reason, detail: { skuId: c.skuId, changeId: id } });
  return (await changesOut(tx, [await loadChange(tx, id)]))[0]!;
}

async function changesOut(q: Queryable, rs: ChangeRow[]): Promise<PriceChangeOut[]> {
  const names = await organisationNames(q, rs.map((r) => r.sellerId));
  const skus = rs.length ? await q.select({ id: sku.id, code: sku.code }).from(sku).where(inArray(sku.id, rs.map((r) => r.skuId))) : [];
  const prods = rs.length ? await q.select({ id: product.id, title: product.title }).from(product).where(inArray(product.id, rs.map((r) => r.productId))) : [];
  const code = new Map(skus.map((s) => [s.id, s.code]));
  const title = new Map(prods.map((p) => [p.id, p.title]));
  return rs.map((r) => ({
    id: r.id, skuId: r.skuId, skuCode: code.get(r.skuId) ?? '', productId: r.productId, productTitle: title.get(r.productId) ?? '',
    sellerId: r.sellerId, sellerName: names.get(r.sellerId)?.name ?? '',
    before: r.before ? priceValuesOut(r.before) : null, after: priceValuesOut(r.after),
    changePct: r.changeBp === null ? null : r.changeBp / 100, reason: r.reason, needsApprovalBecause: r.needsApprovalBecause,
    approvalReasons: r.approvalReasons, status: r.status,
    requestedBy: r.requestedBy, decidedBy: r.decidedBy, decidedAt: iso(r.decidedAt), decisionNote: r.decisionNote, effectiveAt: iso(r.effectiveAt),
    createdAt: iso(r.createdAt)!,
  }));
}

export type PriceChangeFilter = { sellerId?: string | undefined; skuId?: string | undefined; productId?: string | undefined;
  status?: ChangeRow['status'] | undefined; limit: number; before?: { createdAt: string; id: string } | undefined };

/** Price adjustment log (MS-PRC-02), newest first. */
export async function listPriceChanges(q: Queryable, f: PriceChangeFilter) {
  const conds = [
    f.sellerId ? eq(priceChange.sellerId, f.sellerId) : undefined,
    f.skuId ? eq(priceChange.skuId, f.skuId) : undefined,
    f.productId ? eq(priceChange.productId, f.productId) : undefined,
    f.status ? eq(priceChange.status, f.status) : undefined,
  ];
  if (f.before) {
    const at = new Date(f.before.createdAt);
    conds.push(or(lt(priceChange.createdAt, at), and(eq(priceChange.createdAt, at), lt(priceChange.id, f.before.id))));
  }
  const rs = await q.select().from(priceChange).where(and(...conds)).orderBy(desc(priceChange.createdAt), desc(priceChange.id)).limit(f.limit + 1);
  const items = await changesOut(q, rs.slice(0, f.limit));
  const last = items[items.length - 1];
  return { items, next: rs.length > f.limit && last ? { createdAt: last.createdAt, id: last.id } : null };
}

export async function pendingChangeIds(q: Queryable, skuIds: string[]): Promise<Map<string, string>> {
  if (skuIds.length === 0) return new Map();
  const rs = await q.select({ id: priceChange.id, skuId: priceChange.skuId }).from(priceChange)
    .where(and(inArray(priceChange.skuId, skuIds), eq(priceChange.status, 'pending')));
  return new Map(rs.map((r) => [r.skuId, r.id]));
}
