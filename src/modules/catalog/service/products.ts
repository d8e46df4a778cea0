import { and, asc, desc, eq, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import { containsPattern, type Queryable, type Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { emit } from '@/platform/jobs/index.js';
import { organisationNames } from '@/modules/identity/index.js';
import { registerSkus, relabelSkus, skuDisplayLabel } from '@/modules/inventory/index.js';
import type { ProductBody, ProductOut, ProductSummaryOut, VersionOut } from '../contract.js';
import { DuplicateSkuCode, ImageNotFound, IncompleteListing, InvalidContent, InvalidTransition, NotLeafCategory, ProductNotFound,
  ProhibitedContent, VersionNotFound } from '../errors.js';
import { scanText, type Finding, type Term } from '../moderation.js';
import { category, moderationTerm, price, product, productEvent, productVersion, sku } from '../schema.js';
import type { ProductContent } from '../types.js';
import { currentRule, hasChildren, loadCategory } from './categories.js';
import { imageUrl, iso, moneyOrNull, productHistory, type ActorKind } from './common.js';
import { foreignImages, publishImages } from './images.js';
import { refreshListing } from './listing.js';
import { pendingChangeIds, priceOut, pricesForSkus } from './pricing.js';
import { saveIssues, submitIssues, wordingFields } from './validate.js';

type ProductRow = typeof product.$inferSelect;
type VersionRow = typeof productVersion.$inferSelect;
export type ProductScope = { kind: 'seller'; sellerId: string } | { kind: 'operator' };

const versionOut = (v: VersionRow): VersionOut => ({
  id: v.id, productId: v.productId, versionNo: v.versionNo, state: v.state, flags: v.flags, submittedAt: iso(v.submittedAt),
  decidedAt: iso(v.decidedAt), decidedBy: v.decidedBy, decisionReason: v.decisionReason, createdAt: iso(v.createdAt)!, content: v.content,
});

/** Product status from its parts: a pending version means in review; otherwise the shelf state, or the draft's fate. */
function statusOf(p: { pendingVersionId: string | null; live: boolean; liveVersionId: string | null }, latestState: VersionRow['state']): ProductRow['status'] {
  if (p.pendingVersionId) return 'in_review';
  if (p.live) return 'on_shelf';
  if (p.liveVersionId) return 'off_shelf';
  return latestState === 'rejected' ? 'rejected' : 'draft';
}

export async function loadProduct(q: Queryable, id: string, scope: ProductScope, lock = false): Promise<ProductRow> {
  const where = scope.kind === 'seller' ? and(eq(product.id, id), eq(product.sellerId, scope.sellerId)) : eq(product.id, id);
  const base = q.select().from(product).where(where);
  const [p] = lock ? await base.for('update') : await base;
  if (!p) throw new ProductNotFound(id);
  return p;
}

async function loadVersion(q: Queryable, id: string): Promise<VersionRow> {
  const [v] = await q.select().from(productVersion).where(eq(productVersion.id, id));
  if (!v) throw new VersionNotFound(id);
  return v;
}

/**
 * Turns a saved body into version content: SKUs named by id must be this product's; new SKUs get
 * ids now (for life, never reused). SKUs left out stay on sale with the live version and are retired
 * when a version without them is approved.
 */
async function resolveContent(tx: Tx, sellerId: string, productId: string, body: ProductBody, existing: Array<typeof sku.$inferSelect>): Promise<ProductContent> {
  const own = new Map(existing.map((s) => [s.id, s]));
  const unknown = body.skus.filter((s) => s.id && !own.has(s.id));
  if (unknown.length) throw new InvalidContent(unknown.map((s) => ({ path: 'skus', message: `SKU ${s.id} is not part of this product: leave out id for a new SKU.` })));
  const missingImages = await foreignImages(tx, sellerId, [...body.images, ...body.skus.map((s) => s.imageId).filter((x): x is string => Boolean(x))]);
  if (missingImages.length) throw new ImageNotFound(missingImages[0]!);
  // One look-up for every code in the body: a code held by another of the seller's SKUs is a clash.
  const holders = await tx.select({ id: sku.id, code: sku.code }).from(sku)
    .where(and(eq(sku.sellerId, sellerId), inArray(sku.code, body.skus.map((s) => s.code))));
  const clash = body.skus.find((s) => holders.some((h) => h.code === s.code && h.id !== s.id));
  if (clash) throw new DuplicateSkuCode(clash.code);
  const created: Array<typeof sku.$inferInsert & { label: string }> = [];
  const skus: ProductContent['skus'] = [];
  for (const s of body.skus) {
    let id = s.id;
    if (!id) {
      id = newId('sku');
      created.push({ id, productId, sellerId, code: s.code, label: skuDisplayLabel(body.title, s.specification) });
    } else if (own.get(id)!.code !== s.code) {
      await tx.update(sku).set({ code: s.code }).where(eq(sku.id, id));
    }
    skus.push({ id, code: s.code, specification: s.specification, attributes: s.attributes, barcode: s.barcode ?? null,
      weightGrams: s.weightGrams ?? null, salesUnit: s.salesUnit, imageId: s.imageId ?? null });
  }
  if (created.length) {
    await tx.insert(sku).values(created.map(({ label: _label, ...row }) => row));
    await registerSkus(tx, created.map((c) => ({ skuId: c.id, productId, sellerId, code: c.code, label: c.label })));
  }
  return {
    title: body.title, subtitle: body.subtitle ?? '', description: body.description, categoryId: body.categoryId, brand: body.brand ?? '',
    attributes: body.attributes, images: body.images, qualityStandard: body.qualityStandard, priceTag: body.priceTag, skus,
  };
}

async function checkCategory(q: Queryable, categoryId: string) {
  const c = await loadCategory(q, categoryId);
  if (!c.active) throw new InvalidContent([{ path: 'categoryId', message: `Category “${c.name}” is closed for new listings.` }]);
  if (await hasChildren(q, categoryId)) throw new NotLeafCategory(c.name);
  return currentRule(q, categoryId);
}

/** A new product in draft with version 1 (PL-CAT-02). */
export async function createProduct(tx: Tx, ctx: RequestContext, sellerId: string, body: ProductBody): Promise<ProductOut> {
  const rule = await checkCategory(tx, body.categoryId);
  const id = newId('prd');
  const versionId = newId('pver');
  await tx.insert(product).values({ id, sellerId, categoryId: body.categoryId, title: body.title, latestVersionId: versionId, latestVersionNo: 1 });
  const content = await resolveContent(tx, sellerId, id, body, []);
  const issues = saveIssues(content, rule);
  if (issues.length) throw new InvalidContent(issues);
  await tx.insert(productVersion).values({ id: versionId, productId: id, versionNo: 1, content, ruleId: rule.id, createdBy: ctx.actorId });
  await productHistory(tx, ctx, { productId: id, versionId, action: 'created', actorKind: 'seller', detail: { title: body.title, categoryId: body.categoryId } });
  return getProduct(tx, id, { kind: 'seller', sellerId });
}

/**
 * Saves a change as a new version. A version waiting for review is withdrawn (the new one must be
 * submitted again); a live version stays live until the new one is approved.
 */
export async function saveProduct(tx: Tx, ctx: RequestContext, sellerId: string, productId: string, body: ProductBody): Promise<ProductOut> {
  const p = await loadProduct(tx, productId, { kind: 'seller', sellerId }, true);
  const rule = await checkCategory(tx, body.categoryId);
  const existing = await tx.select().from(sku).where(eq(sku.productId, productId));
  const content = await resolveContent(tx, sellerId, productId, body, existing);
  const issues = saveIssues(content, rule);
  if (issues.length) throw new InvalidContent(issues);
  if (p.pendingVersionId) {
    await tx.update(productVersion).set({ state: 'withdrawn', decidedAt: new Date(), decisionReason: 'replaced by a newer version' })
      .where(eq(productVersion.id, p.pendingVersionId));
    await productHistory(tx, ctx, { productId, versionId: p.pendingVersionId, action: 'withdrawn', actorKind: 'seller', reason: 'edited while in review' });
  }
  const [latest] = await tx.select({ state: productVersion.state }).from(productVersion).where(eq(productVersion.id, p.latestVersionId));
  if (latest?.state === 'draft') {
    // An unsubmitted draft is superseded by the newer save, but kept: every save is a version.
    await tx.update(productVersion).set({ state: 'superseded' }).where(eq(productVersion.id, p.latestVersionId));
  }
  if (!p.liveVersionId) {
    // Nothing is on sale yet, so stock screens follow the draft's names; once live they follow approvals.
    await relabelSkus(tx, content.skus.map((x) => ({ skuId: x.id, code: x.code, label: skuDisplayLabel(content.title, x.specification) })));
  }
  const versionId = newId('pver');
  const versionNo = p.latestVersionNo + 1;
  await tx.insert(productVersion).values({ id: versionId, productId, versionNo, content, ruleId: rule.id, createdBy: ctx.actorId });
  const next = { ...p, pendingVersionId: null };
  await tx.update(product).set({ title: body.title, categoryId: p.liveVersionId ? p.categoryId : body.categoryId, latestVersionId: versionId,
    latestVersionNo: versionNo, pendingVersionId: null, status: statusOf(next, 'draft'), updatedAt: new Date() }).where(eq(product.id, productId));
  await productHistory(tx, ctx, { productId, versionId, action: 'saved', actorKind: 'seller',
    detail: { versionNo, ...(body.categoryId !== p.categoryId ? { categoryFrom: p.categoryId, categoryTo: body.categoryId } : {}) } });
  return getProduct(tx, productId, { kind: 'seller', sellerId });
}

export async function moderationTerms(q: Queryable): Promise<Term[]> {
  return q.select({ term: moderationTerm.term, kind: moderationTerm.kind }).from(moderationTerm);
}

/**
 * Submits the latest version for review after the category's checks (MS-CAT-03) and the wording
 * checks (PL-CAT-03, PL-CAT-04). With automatic review and no flags it goes on shelf at once.
 */
export async function submitProduct(tx: Tx, ctx: RequestContext, sellerId: string, productId: string): Promise<ProductOut> {
  const p = await loadProduct(tx, productId, { kind: 'seller', sellerId }, true);
  const v = await loadVersion(tx, p.latestVersionId);
  if (v.state === 'submitted') throw new InvalidTransition('This version is already waiting for review.', { reason: 'already_in_review' });
  if (v.state !== 'draft') throw new InvalidTransition('There are no unsubmitted changes: edit the product first.', { reason: 'nothing_to_submit' });
  const rule = await checkCategory(tx, v.content.categoryId);
  const prices = await pricesForSkus(tx, v.content.skus.map((s) => s.id));
  const issues = submitIssues(v.content, rule, prices);
  if (issues.length) throw new IncompleteListing(issues);
  const terms: Term[] = [...await moderationTerms(tx), ...rule.prohibitedTerms.map((term) => ({ term, kind: 'prohibited' as const }))];
  const findings: Finding[] = scanText(wordingFields(v.content), terms);
  const prohibited = findings.filter((f) => f.kind === 'prohibited');
  if (prohibited.length) throw new ProhibitedContent(prohibited);
  const flags = findings.filter((f) => f.kind === 'quality_claim').map((f) => ({ term: f.term, field: f.field, kind: 'quality_claim' as const }));
  await tx.update(productVersion).set({ state: 'submitted', submittedAt: new Date(), submittedBy: ctx.actorId, ruleId: rule.id, flags })
    .where(eq(productVersion.id, v.id));
  await tx.update(product).set({ pendingVersionId: v.id, status: 'in_review', updatedAt: new Date() }).where(eq(product.id, productId));
  await productHistory(tx, ctx, { productId, versionId: v.id, action: 'submitted', actorKind: 'seller',
    detail: { versionNo: v.versionNo, ruleVersion: rule.version, flags: flags.map((f) => f.term) } });
  if (rule.reviewMode === 'auto' && flags.length === 0) {
    await approveVersion(tx, ctx, v.id, { note: 'automatic review: the category rule allows it' }, 'system');
  }
  return getProduct(tx, productId, { kind: 'seller', sellerId });
}

/** Approves a submitted version: it becomes the live version and the product is on shelf (MS-CAT-04). */
export async function approveVersion(tx: Tx, ctx: RequestContext, versionId: string, body: { note?: string | undefined; clearFlags?: boolean | undefined },
  actorKind: ActorKind = 'operator'): Promise<ProductOut> {
  const v0 = await loadVersion(tx, versionId);
  const p = await loadProduct(tx, v0.productId, { kind: 'operator' }, true);
  const v = await loadVersion(tx, versionId);
  if (v.state !== 'submitted' || p.pendingVersionId !== v.id) throw new InvalidTransition(`Version ${v.versionNo} is ${v.state}; only a version waiting for review can be approved.`, { reason: 'not_pending', state: v.state });
  if (v.flags.length && !body.clearFlags) {
    throw new InvalidTransition(`This version makes quality claims (${v.flags.map((f) => f.term).join(', ')}): clear the flags explicitly to approve it, or reject it.`,
      { reason: 'flags_not_cleared', flags: v.flags });
  }
  if (p.liveVersionId) await tx.update(productVersion).set({ state: 'superseded' }).where(eq(productVersion.id, p.liveVersionId));
  await tx.update(productVersion).set({ state: 'approved', decidedAt: new Date(), decidedBy: ctx.actorId, decisionReason: body.note ?? null })
    .where(eq(productVersion.id, v.id));
  const now = new Date();
  await tx.update(product).set({ liveVersionId: v.id, pendingVersionId: null, live: true, status: 'on_shelf', offShelfBy: null, offShelfReason: null,
    categoryId: v.content.categoryId, publishedAt: p.publishedAt ?? now, updatedAt: now }).where(eq(product.id, p.id));
  // The approved content decides which SKUs are on sale: the others retire (ids are never reused).
  const selling = v.content.skus.map((x) => x.id);
  await tx.update(sku).set({ status: 'retired' }).where(and(eq(sku.productId, p.id), notInArray(sku.id, selling), eq(sku.status, 'active')));
  await tx.update(sku).set({ status: 'active' }).where(and(inArray(sku.id, selling), eq(sku.status, 'retired')));
  // Inventory's labels follow the live version's title and specifications.
  await relabelSkus(tx, v.content.skus.map((x) => ({ skuId: x.id, code: x.code, label: skuDisplayLabel(v.content.title, x.specification) })));
  await publishImages(tx, [...v.content.images, ...v.content.skus.map((x) => x.imageId).filter((x): x is string => Boolean(x))]);
  await refreshListing(tx, p.id);
  await productHistory(tx, ctx, { productId: p.id, versionId: v.id, action: 'approved', actorKind, reason: body.note ?? null,
    detail: { versionNo: v.versionNo, ...(v.flags.length ? { clearedFlags: v.flags.map((f) => f.term) } : {}),
      ...(p.categoryId !== v.content.categoryId ? { categoryFrom: p.categoryId, categoryTo: v.content.categoryId } : {}) } });
  await emit(tx, 'catalog.product_published', { productId: p.id, sellerId: p.sellerId, versionId: v.id });
  return getProduct(tx, p.id, { kind: 'operator' });
}

export async function rejectVersion(tx: Tx, ctx: RequestContext, versionId: string, reason: string): Promise<ProductOut> {
  const v0 = await loadVersion(tx, versionId);
  const p = await loadProduct(tx, v0.productId, { kind: 'operator' }, true);
  const v = await loadVersion(tx, versionId);
  if (v.state !== 'submitted' || p.pendingVersionId !== v.id) throw new InvalidTransition(`Version ${v.versionNo} is ${v.state}; only a version waiting for review can be rejected.`, { reason: 'not_pending', state: v.state });
  await tx.update(productVersion).set({ state: 'rejected', decidedAt: new Date(), decidedBy: ctx.actorId, decisionReason: reason }).where(eq(productVersion.id, v.id));
  const status = statusOf({ ...p, pendingVersionId: null }, 'rejected');
  await tx.update(product).set({ pendingVersionId: null, status, updatedAt: new Date() }).where(eq(product.id, p.id));
  await productHistory(tx, ctx, { productId: p.id, versionId: v.id, action: 'rejected', actorKind: 'operator', reason, detail: { versionNo: v.versionNo } });
  await emit(tx, 'catalog.version_rejected', { productId: p.id, sellerId: p.sellerId, versionId: v.id, reason });
  return getProduct(tx, p.id, { kind: 'operator' });
}

/** Puts a product on or off shelf with the history entry; callers check the transition is allowed. */
export async function setShelfState(tx: Tx, ctx: RequestContext, p: ProductRow, live: boolean, by: 'seller' | 'operator' | null, reason: string | null,
  action: string, actorKind: ActorKind) {
  const [latest] = await tx.select({ state: productVersion.state }).from(productVersion).where(eq(productVersion.id, p.latestVersionId));
  const status = statusOf({ ...p, live }, latest!.state);
  await tx.update(product).set({ live, offShelfBy: live ? null : by, offShelfReason: live ? null : reason, status, updatedAt: new Date() }).where(eq(product.id, p.id));
  if (live) await refreshListing(tx, p.id);
  await productHistory(tx, ctx, { productId: p.id, versionId: p.liveVersionId, action, actorKind, reason });
}

/** The seller takes an on-shelf product off shelf: it leaves the storefront, search and checkout at once. */
export async function sellerOffShelf(tx: Tx, ctx: RequestContext, sellerId: string, productId: string, reason: string): Promise<ProductOut> {
  const p = await loadProduct(tx, productId, { kind: 'seller', sellerId }, true);
  if (!p.live) throw new InvalidTransition('The product is not on shelf.', { reason: 'not_on_shelf' });
  await setShelfState(tx, ctx, p, false, 'seller', reason, 'off_shelf', 'seller');
  return getProduct(tx, productId, { kind: 'seller', sellerId });
}

/** The seller puts its approved product back on shelf; after an operator takedown only a new approved version can. */
export async function sellerOnShelf(tx: Tx, ctx: RequestContext, sellerId: string, productId: string): Promise<ProductOut> {
  const p = await loadProduct(tx, productId, { kind: 'seller', sellerId }, true);
  if (p.live) throw new InvalidTransition('The product is already on shelf.', { reason: 'already_on_shelf' });
  if (!p.liveVersionId) throw new InvalidTransition('The product has no approved version yet: submit it for review.', { reason: 'never_approved' });
  if (p.offShelfBy === 'operator') {
    throw new InvalidTransition(`The platform took this product down (${p.offShelfReason ?? 'violation'}): correct it and submit a new version for review.`, { reason: 'taken_down_by_operator', takedownReason: p.offShelfReason });
  }
  await setShelfState(tx, ctx, p, true, null, null, 'on_shelf', 'seller');
  return getProduct(tx, productId, { kind: 'seller', sellerId });
}

/** An operator takes a product down for a violation, with the reason; the seller is notified (PL-CAT-03). */
export async function takeDown(tx: Tx, ctx: RequestContext, productId: string, reason: string): Promise<ProductOut> {
  const p = await loadProduct(tx, productId, { kind: 'operator' }, true);
  if (!p.liveVersionId) throw new InvalidTransition('The product was never on shelf.', { reason: 'never_approved' });
  if (!p.live && p.offShelfBy === 'operator') throw new InvalidTransition('The product is already taken down.', { reason: 'already_taken_down' });
  await setShelfState(tx, ctx, p, false, 'operator', reason, 'taken_down', 'operator');
  await emit(tx, 'catalog.product_taken_down', { productId: p.id, sellerId: p.sellerId, reason });
  return getProduct(tx, productId, { kind: 'operator' });
}

export async function getProduct(q: Queryable, id: string, scope: ProductScope): Promise<ProductOut> {
  const p = await loadProduct(q, id, scope);
  const latest = await loadVersion(q, p.latestVersionId);
  const live = p.liveVersionId ? await loadVersion(q, p.liveVersionId) : null;
  const skus = await q.select().from(sku).where(eq(sku.productId, id)).orderBy(asc(sku.createdAt), asc(sku.id));
  const ids = skus.map((s) => s.id);
  const prices = await pricesForSkus(q, ids);
  const pending = await pendingChangeIds(q, ids);
  const names = await organisationNames(q, [p.sellerId]);
  return {
    id: p.id, sellerId: p.sellerId, sellerName: names.get(p.sellerId)?.name ?? '', categoryId: p.categoryId, status: p.status, title: p.title,
    live: p.live, offShelfBy: p.offShelfBy, offShelfReason: p.offShelfReason, scheduledOnAt: iso(p.scheduledOnAt), scheduledOffAt: iso(p.scheduledOffAt),
    latest: versionOut(latest),
    liveVersion: live ? { id: live.id, versionNo: live.versionNo } : null, pendingVersionId: p.pendingVersionId,
    skus: skus.map((s) => ({ id: s.id, code: s.code, status: s.status, price: prices.has(s.id) ? priceOut(prices.get(s.id)!) : null,
      pendingPriceChangeId: pending.get(s.id) ?? null })),
    createdAt: iso(p.createdAt)!, updatedAt: iso(p.updatedAt)!,
  };
}

export type ProductFilter = { sellerId?: string | undefined; status?: ProductRow['status'] | undefined; categoryId?: string | undefined;
  search?: string | undefined; limit: number; before?: { updatedAt: string; id: string } | undefined };

/** Seller and operator product lists, most recently changed first. */
export async function listProducts(q: Queryable, f: ProductFilter): Promise<{ items: ProductSummaryOut[]; next: { updatedAt: string; id: string } | null }> {
  const conds = [
    f.sellerId ? eq(product.sellerId, f.sellerId) : undefined,
    f.status ? eq(product.status, f.status) : undefined,
    f.categoryId ? eq(product.categoryId, f.categoryId) : undefined,
    f.search ? sql`${product.title} ilike ${containsPattern(f.search)}` : undefined,
  ];
  if (f.before) {
    const at = new Date(f.before.updatedAt);
    conds.push(or(lt(product.updatedAt, at), and(eq(product.updatedAt, at), lt(product.id, f.before.id))));
  }
  // Seller and operator lists show the latest version's cover and the current prices, also before a first approval.
  const rs = await q.select({ p: product,
    latestCover: sql<string | null>`(select ${productVersion.content}->'images'->>0 from ${productVersion} where ${productVersion.id} = ${product.latestVersionId})`,
    minRetail: sql<string | number | null>`(select min(${price.retail}) from ${price} where ${price.productId} = ${product.id})`,
    maxRetail: sql<string | number | null>`(select max(${price.retail}) from ${price} where ${price.productId} = ${product.id})`,
  }).from(product).where(and(...conds)).orderBy(desc(product.updatedAt), desc(product.id)).limit(f.limit + 1);
  const page = rs.slice(0, f.limit);
  const names = await organisationNames(q, page.map((r) => r.p.sellerId));
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  const items = page.map(({ p, latestCover, minRetail, maxRetail }) => ({
    id: p.id, sellerId: p.sellerId, sellerName: names.get(p.sellerId)?.name ?? '', categoryId: p.categoryId, status: p.status, title: p.title,
    live: p.live, latestVersionNo: p.latestVersionNo, priceMin: moneyOrNull(p.priceMin ?? num(minRetail)), priceMax: moneyOrNull(p.priceMax ?? num(maxRetail)),
    coverImageUrl: imageUrl(p.coverImageId ?? latestCover), offShelfBy: p.offShelfBy, updatedAt: iso(p.updatedAt)!,
  }));
  const last = items[items.length - 1];
  return { items, next: rs.length > f.limit && last ? { updatedAt: last.updatedAt, id: last.id } : null };
}

/** Full history of a product: content, category, price and shelf changes with actor, reason and time (MS-CAT-01). */
export async function productEvents(q: Queryable, productId: string, scope: ProductScope) {
  await loadProduct(q, productId, scope);
  const rs = await q.select().from(productEvent).where(eq(productEvent.productId, productId)).orderBy(desc(productEvent.createdAt), desc(productEvent.id)).limit(500);
  return rs.map((e) => ({ id: e.id, action: e.action, versionId: e.versionId, actorId: e.actorId, actorKind: e.actorKind, reason: e.reason,
    detail: e.detail, createdAt: iso(e.createdAt)! }));
}

export async function productVersions(q: Queryable, productId: string, scope: ProductScope): Promise<VersionOut[]> {
  await loadProduct(q, productId, scope);
  const rs = await q.select().from(productVersion).where(eq(productVersion.productId, productId)).orderBy(desc(productVersion.versionNo));
  return rs.map(versionOut);
}

/** One version (an order line points to the version it sold, MS-CAT-01). */
export async function getVersion(q: Queryable, versionId: string, scope: ProductScope): Promise<VersionOut> {
  const v = await loadVersion(q, versionId);
  await loadProduct(q, v.productId, scope);
  return versionOut(v);
}

/** Versions waiting for review, oldest first (first come, first served). */
export async function reviewQueue(q: Queryable, f: { limit: number; after?: { submittedAt: string; id: string } | undefined; flaggedOnly?: boolean | undefined }) {
  const conds = [eq(productVersion.state, 'submitted'),
    f.flaggedOnly ? sql`jsonb_array_length(${productVersion.flags}) > 0` : undefined];
  if (f.after) {
    const at = new Date(f.after.submittedAt);
    conds.push(or(sql`${productVersion.submittedAt} > ${at}`, and(eq(productVersion.submittedAt, at), sql`${productVersion.id} > ${f.after.id}`)));
  }
  const rs = await q.select({ v: productVersion, p: product }).from(productVersion).innerJoin(product, eq(product.id, productVersion.productId))
    .where(and(...conds)).orderBy(asc(productVersion.submittedAt), asc(productVersion.id)).limit(f.limit + 1);
  const page = rs.slice(0, f.limit);
  const names = await organisationNames(q, page.map((r) => r.p.sellerId));
  const catIds = [...new Set(page.map((r) => r.v.content.categoryId))];
  const cats = catIds.length ? await q.select({ id: category.id, name: category.name }).from(category).where(inArray(category.id, catIds)) : [];
  const catName = new Map(cats.map((c) => [c.id, c.name]));
  const items = page.map(({ v, p }) => ({
    versionId: v.id, productId: p.id, versionNo: v.versionNo, sellerId: p.sellerId, sellerName: names.get(p.sellerId)?.name ?? '',
    title: v.content.title, categoryId: v.content.categoryId, categoryName: catName.get(v.content.categoryId) ?? '', flags: v.flags,
    submittedAt: iso(v.submittedAt)!, liveVersionId: p.liveVersionId,
  }));
  const last = items[items.length - 1];
  return { items, next: rs.length > f.limit && last ? { submittedAt: last.submittedAt, id: last.versionId } : null };
}
