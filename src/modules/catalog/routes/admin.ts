import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { requestContext } from '@/platform/http/auth.js';
import { CreatedAtCursor, CursorQuery, IdParams, LimitQuery, UpdatedAtCursor, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { InvalidInput, problemResponses } from '@/platform/http/problem.js';
import { ApproveBody, CategoryOut, CategoryReportOut, EventOut, NewCategoryBody, PriceChangeOut, PriceDisplayIssueOut, ProductOut, ProductSummaryOut, ReasonBody, ReviewItemOut, RuleBody,
  RuleOut, TermBody, TermOut, UpdateCategoryBody, VersionOut } from '../contract.js';
import { addTerm, approvePriceChange, approveVersion, categoryReport, createCategory, getCategory, getProduct, getVersion, listCategories, listPriceChanges,
  listProducts, listRuleVersions, listTerms, priceDisplayIssues, productEvents, productVersions, rejectPriceChange, rejectVersion, removeTerm, reviewQueue,
  setCategoryRule, takeDown, updateCategory } from '../service.js';

const errors = problemResponses;
const operator = { kind: 'operator' as const };
const SubmittedCursor = z.object({ submittedAt: z.string(), id: z.string() });

/** Operator catalog: categories and rules, product review, takedowns, price approvals, moderation terms. */
export const adminCatalogRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;
  const tags = ['admin catalog'];
  const read = { audience: 'admin', permission: 'catalog:read' } as const;
  const categories = { audience: 'admin', permission: 'category:manage' } as const;
  const review = { audience: 'admin', permission: 'content:review' } as const;
  const prices = { audience: 'admin', permission: 'price:approve' } as const;

  app.get('/api/admin/catalog/categories', {
    config: { access: read },
    schema: { tags, summary: 'All categories with their current rule and product counts', response: { 200: z.object({ items: z.array(CategoryOut) }), ...errors } },
  }, async () => ({ items: await listCategories(db) }));

  app.post('/api/admin/catalog/categories', {
    config: { access: categories },
    schema: { tags, summary: 'Create a category (it starts with the default rule)', body: NewCategoryBody, response: { 201: CategoryOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createCategory(tx, requestContext(req), req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/admin/catalog/category-report', {
    config: { access: read },
    schema: { tags, summary: 'Per-category figures for the periodic rule review: products, live, first publications, reclassifications, takedowns, rejections in a period',
      querystring: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
      response: { 200: z.object({ from: z.string(), to: z.string(), items: z.array(CategoryReportOut) }), ...errors } },
  }, async (req) => {
    const from = new Date(`${req.query.from}T00:00:00+08:00`);
    const to = new Date(new Date(`${req.query.to}T00:00:00+08:00`).getTime() + 86_400_000);
    if (to <= from) throw new InvalidInput('catalog.bad_period', 'The period ends before it starts: "to" must be on or after "from".');
    if (to.getTime() - from.getTime() > 366 * 86_400_000) throw new InvalidInput('catalog.bad_period', 'Report at most one year at a time.');
    return { from: req.query.from, to: req.query.to, items: await categoryReport(db, { from, to }) };
  });

  app.get('/api/admin/catalog/categories/:id', {
    config: { access: read },
    schema: { tags, summary: 'One category with its current rule', params: IdParams, response: { 200: CategoryOut, ...errors } },
  }, async (req) => getCategory(db, req.params.id));

  app.patch('/api/admin/catalog/categories/:id', {
    config: { access: categories },
    schema: { tags, summary: 'Rename, reorder, close or reopen a category', params: IdParams, body: UpdateCategoryBody, response: { 200: CategoryOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateCategory(tx, requestContext(req), req.params.id, req.body)));

  app.get('/api/admin/catalog/categories/:id/rules', {
    config: { access: read },
    schema: { tags, summary: 'Every version of a category\'s rule, newest first', params: IdParams,
      response: { 200: z.object({ items: z.array(RuleOut) }), ...errors } },
  }, async (req) => ({ items: await listRuleVersions(db, req.params.id) }));

  app.put('/api/admin/catalog/categories/:id/rule', {
    config: { access: categories },
    schema: { tags, summary: 'Publish a new version of the category\'s classification and description rule', params: IdParams, body: RuleBody,
      response: { 200: RuleOut, ...errors } },
  }, async (req) => db.transaction((tx) => setCategoryRule(tx, requestContext(req), req.params.id, req.body)));

  app.get('/api/admin/catalog/products', {
    config: { access: read },
    schema: { tags, summary: 'Every seller\'s products, most recently changed first',
      querystring: z.strictObject({ sellerId: z.string().max(64).optional(), categoryId: z.string().max(64).optional(),
        status: z.enum(['draft', 'in_review', 'rejected', 'on_shelf', 'off_shelf']).optional(), q: z.string().max(100).optional(),
        limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(ProductSummaryOut), ...errors } },
  }, async (req) => {
    const res = await listProducts(db, { sellerId: req.query.sellerId, categoryId: req.query.categoryId, status: req.query.status,
      search: req.query.q, limit: req.query.limit, before: decodeCursor(req.query.cursor, UpdatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.get('/api/admin/catalog/products/:id', {
    config: { access: read },
    schema: { tags, summary: 'One product', params: IdParams, response: { 200: ProductOut, ...errors } },
  }, async (req) => getProduct(db, req.params.id, operator));

  app.get('/api/admin/catalog/products/:id/versions', {
    config: { access: read },
    schema: { tags, summary: 'Every version of a product', params: IdParams, response: { 200: z.object({ items: z.array(VersionOut) }), ...errors } },
  }, async (req) => ({ items: await productVersions(db, req.params.id, operator) }));

  app.get('/api/admin/catalog/products/:id/history', {
    config: { access: read },
    schema: { tags, summary: 'Full history of a product', params: IdParams, response: { 200: z.object({ items: z.array(EventOut) }), ...errors } },
  }, async (req) => ({ items: await productEvents(db, req.params.id, operator) }));

  app.post('/api/admin/catalog/products/:id/take-down', {
    config: { access: review },
    schema: { tags, summary: 'Take a product down for a violation; the seller is notified with the reason', params: IdParams, body: ReasonBody,
      response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => takeDown(tx, requestContext(req), req.params.id, req.body.reason)));

  app.get('/api/admin/catalog/reviews', {
    config: { access: review },
    schema: { tags, summary: 'Versions waiting for review, oldest first',
      querystring: z.strictObject({ flagged: z.enum(['true', 'false']).optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(ReviewItemOut), ...errors } },
  }, async (req) => {
    const res = await reviewQueue(db, { limit: req.query.limit, after: decodeCursor(req.query.cursor, SubmittedCursor), flaggedOnly: req.query.flagged === 'true' });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.get('/api/admin/catalog/versions/:id', {
    config: { access: read },
    schema: { tags, summary: 'One product version', params: IdParams, response: { 200: VersionOut, ...errors } },
  }, async (req) => getVersion(db, req.params.id, operator));

  app.post('/api/admin/catalog/versions/:id/approve', {
    config: { access: review },
    schema: { tags, summary: 'Approve a submitted version: it goes on shelf (flagged quality claims must be cleared explicitly)', params: IdParams,
      body: ApproveBody, response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => approveVersion(tx, requestContext(req), req.params.id, req.body)));

  app.post('/api/admin/catalog/versions/:id/reject', {
    config: { access: review },
    schema: { tags, summary: 'Reject a submitted version with the reason', params: IdParams, body: ReasonBody, response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => rejectVersion(tx, requestContext(req), req.params.id, req.body.reason)));

  app.get('/api/admin/catalog/price-changes', {
    config: { access: read },
    schema: { tags, summary: 'Price adjustments of every seller (status=pending: the approval queue)',
      querystring: z.strictObject({ status: z.enum(['applied', 'pending', 'approved', 'rejected', 'withdrawn']).optional(),
        sellerId: z.string().max(64).optional(), skuId: z.string().max(64).optional(), productId: z.string().max(64).optional(),
        limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(PriceChangeOut), ...errors } },
  }, async (req) => {
    const res = await listPriceChanges(db, { status: req.query.status, sellerId: req.query.sellerId, skuId: req.query.skuId, productId: req.query.productId,
      limit: req.query.limit,
      before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.post('/api/admin/catalog/price-changes/:id/approve', {
    config: { access: prices },
    schema: { tags, summary: 'Approve a pending price change: it takes effect now', params: IdParams,
      body: z.strictObject({ note: z.string().trim().max(500).optional() }), response: { 200: PriceChangeOut, ...errors } },
  }, async (req) => db.transaction((tx) => approvePriceChange(tx, requestContext(req), req.params.id, req.body.note)));

  app.post('/api/admin/catalog/price-changes/:id/reject', {
    config: { access: prices },
    schema: { tags, summary: 'Reject a pending price change with the reason; the old price stays', params: IdParams, body: ReasonBody,
      response: { 200: PriceChangeOut, ...errors } },
  }, async (req) => db.transaction((tx) => rejectPriceChange(tx, requestContext(req), req.params.id, req.body.reason)));

  app.get('/api/admin/catalog/price-display-issues', {
    config: { access: read },
    schema: { tags, summary: 'Price display supervision: on-shelf products whose price or mandatory price-tag fields are missing under the current rules',
      querystring: z.strictObject({ sellerId: z.string().max(64).optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(PriceDisplayIssueOut), ...errors } },
  }, async (req) => {
    const res = await priceDisplayIssues(db, { sellerId: req.query.sellerId, limit: req.query.limit, after: decodeCursor(req.query.cursor, z.string()) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.get('/api/admin/catalog/terms', {
    config: { access: read },
    schema: { tags, summary: 'Moderation terms: prohibited wording and quality claims', response: { 200: z.object({ items: z.array(TermOut) }), ...errors } },
  }, async () => ({ items: await listTerms(db) }));

  app.post('/api/admin/catalog/terms', {
    config: { access: categories },
    schema: { tags, summary: 'Add a moderation term', body: TermBody, response: { 201: TermOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => addTerm(tx, requestContext(req), req.body));
    reply.code(201);
    return res;
  });

  app.delete('/api/admin/catalog/terms/:id', {
    config: { access: categories },
    schema: { tags, summary: 'Remove a moderation term', params: IdParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await db.transaction((tx) => removeTerm(tx, requestContext(req), req.params.id));
    reply.code(204);
    return null;
  });
};
