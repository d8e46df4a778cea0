import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { requestContext, tenantOf } from '@/platform/http/auth.js';
import { CreatedAtCursor, CursorQuery, IdParams, LimitQuery, UpdatedAtCursor, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { Problem, problemResponses } from '@/platform/http/problem.js';
import { fileBlobStore } from '@/platform/storage/index.js';
import path from 'node:path';
import { InvalidImage } from '../errors.js';
import { EventOut, ImageOut, PriceBody, ScheduleBody, PriceChangeOut, PriceDisplayIssueOut, ProductBody, ProductOut, ProductSummaryOut, ReasonBody, RuleOut, SetPriceOut,
  ShippingRuleBody, ShippingRuleOut, VersionOut } from '../contract.js';
import { IMAGE_MAX_BYTES, IMAGE_TYPES, createProduct, getCategory, getProduct, getShippingRule, getVersion, listImages, listPriceChanges,
  listProducts, priceDisplayIssues, scheduleShelf, productEvents, productVersions, saveImage, saveProduct, sellerOffShelf, sellerOnShelf, setPrice, setShippingRule,
  submitProduct } from '../service.js';

const errors = problemResponses;
const ProductStatusQuery = z.enum(['draft', 'in_review', 'rejected', 'on_shelf', 'off_shelf']).optional();

/** The seller center's catalog: products, versions, review submission, shelf, images, prices, delivery fee. Scoped to the caller's shop. */
export const sellerCatalogRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;
  const blobs = fileBlobStore(path.join(platform.config.dataDir, 'uploads'));
  const tags = ['seller catalog'];
  const manage = { audience: 'seller', permission: 'catalog:manage' } as const;
  const seller = (req: Parameters<typeof tenantOf>[0]) => ({ kind: 'seller' as const, sellerId: tenantOf(req).orgId });

  app.get('/api/seller/categories/:id/rule', {
    config: { access: manage },
    schema: { tags, summary: 'The current rule of a category: the attributes, price tag fields and checks a listing must meet', params: IdParams,
      response: { 200: RuleOut, ...errors } },
  }, async (req) => (await getCategory(db, req.params.id)).rule!);

  app.get('/api/seller/products', {
    config: { access: manage },
    schema: { tags, summary: 'Own products, most recently changed first',
      querystring: z.strictObject({ status: ProductStatusQuery, q: z.string().max(100).optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(ProductSummaryOut), ...errors } },
  }, async (req) => {
    const res = await listProducts(db, { sellerId: tenantOf(req).orgId, status: req.query.status, search: req.query.q, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, UpdatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.post('/api/seller/products', {
    config: { access: manage },
    schema: { tags, summary: 'Create a product (draft, version 1) with its SKUs', body: ProductBody, response: { 201: ProductOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createProduct(tx, requestContext(req), tenantOf(req).orgId, req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/seller/products/:id', {
    config: { access: manage },
    schema: { tags, summary: 'One own product: latest version, live version, SKUs and prices', params: IdParams, response: { 200: ProductOut, ...errors } },
  }, async (req) => getProduct(db, req.params.id, seller(req)));

  app.put('/api/seller/products/:id', {
    config: { access: manage },
    schema: { tags, summary: 'Save a change as a new version (a live version stays live until the change is approved)', params: IdParams,
      body: ProductBody, response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => saveProduct(tx, requestContext(req), tenantOf(req).orgId, req.params.id, req.body)));

  app.post('/api/seller/products/:id/submit', {
    config: { access: manage },
    schema: { tags, summary: 'Submit the latest version for review (422 names every missing attribute or field)', params: IdParams,
      response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => submitProduct(tx, requestContext(req), tenantOf(req).orgId, req.params.id)));

  app.post('/api/seller/products/:id/off-shelf', {
    config: { access: manage },
    schema: { tags, summary: 'Take an own product off shelf, with the reason', params: IdParams, body: ReasonBody, response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => sellerOffShelf(tx, requestContext(req), tenantOf(req).orgId, req.params.id, req.body.reason)));

  app.post('/api/seller/products/:id/on-shelf', {
    config: { access: manage },
    schema: { tags, summary: 'Put an own approved product back on shelf', params: IdParams, response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => sellerOnShelf(tx, requestContext(req), tenantOf(req).orgId, req.params.id)));

  app.put('/api/seller/products/:id/schedule', {
    config: { access: manage },
    schema: { tags, summary: 'Schedule an approved product on shelf and/or off shelf at a time (null clears a schedule)', params: IdParams,
      body: ScheduleBody, response: { 200: ProductOut, ...errors } },
  }, async (req) => db.transaction((tx) => scheduleShelf(tx, requestContext(req), tenantOf(req).orgId, req.params.id, req.body)));

  app.get('/api/seller/products/:id/versions', {
    config: { access: manage },
    schema: { tags, summary: 'Every version of an own product, newest first', params: IdParams,
      response: { 200: z.object({ items: z.array(VersionOut) }), ...errors } },
  }, async (req) => ({ items: await productVersions(db, req.params.id, seller(req)) }));

  app.get('/api/seller/product-versions/:id', {
    config: { access: manage },
    schema: { tags, summary: 'One version of an own product', params: IdParams, response: { 200: VersionOut, ...errors } },
  }, async (req) => getVersion(db, req.params.id, seller(req)));

  app.get('/api/seller/products/:id/history', {
    config: { access: manage },
    schema: { tags, summary: 'History of an own product: content, category, price and shelf changes', params: IdParams,
      response: { 200: z.object({ items: z.array(EventOut) }), ...errors } },
  }, async (req) => ({ items: await productEvents(db, req.params.id, seller(req)) }));

  // ------------------------------------------------------------------ images

  await app.register(async (scoped) => {
    for (const type of IMAGE_TYPES) scoped.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: IMAGE_MAX_BYTES }, (_req, body, done) => done(null, body));
    scoped.post('/api/seller/images', {
      config: { access: manage },
      bodyLimit: IMAGE_MAX_BYTES,
      schema: { tags, summary: 'Upload a product image: the file itself as the body, Content-Type image/png, image/jpeg or image/webp, at most 5 MB',
        consumes: [...IMAGE_TYPES], response: { 201: ImageOut, 413: Problem, 415: Problem, ...errors } },
    }, async (req, reply) => {
      const body = req.body;
      if (!Buffer.isBuffer(body)) throw new InvalidImage('Send the image file itself as the body with Content-Type image/png, image/jpeg or image/webp.', 415);
      const res = await db.transaction((tx) => saveImage(tx, requestContext(req), blobs, tenantOf(req).orgId, body, req.headers['content-type'] ?? ''));
      reply.code(201);
      return res;
    });
  });

  app.get('/api/seller/images', {
    config: { access: manage },
    schema: { tags, summary: 'Own uploaded images (newest 200)', response: { 200: z.object({ items: z.array(ImageOut) }), ...errors } },
  }, async (req) => ({ items: await listImages(db, tenantOf(req).orgId) }));

  // ------------------------------------------------------------------ prices and delivery fee

  const pricing = { audience: 'seller', permission: 'price:manage' } as const;

  app.put('/api/seller/skus/:id/price', {
    config: { access: pricing },
    schema: { tags, summary: 'Set or change a SKU\'s price: applied at once, or pending approval when beyond the category\'s threshold',
      params: IdParams, body: PriceBody, response: { 200: SetPriceOut, ...errors } },
  }, async (req) => db.transaction((tx) => setPrice(tx, requestContext(req), tenantOf(req).orgId, req.params.id, req.body)));

  app.get('/api/seller/price-changes', {
    config: { access: pricing },
    schema: { tags, summary: 'Own price adjustment log, newest first',
      querystring: z.strictObject({ skuId: z.string().max(64).optional(), productId: z.string().max(64).optional(),
        status: z.enum(['applied', 'pending', 'approved', 'rejected', 'withdrawn']).optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(PriceChangeOut), ...errors } },
  }, async (req) => {
    const res = await listPriceChanges(db, { sellerId: tenantOf(req).orgId, skuId: req.query.skuId, productId: req.query.productId,
      status: req.query.status, limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.get('/api/seller/price-display-issues', {
    config: { access: pricing },
    schema: { tags, summary: 'Own on-shelf products whose price or mandatory price-tag fields are missing under the current category rules',
      querystring: z.strictObject({ limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(PriceDisplayIssueOut), ...errors } },
  }, async (req) => {
    const res = await priceDisplayIssues(db, { sellerId: tenantOf(req).orgId, limit: req.query.limit, after: decodeCursor(req.query.cursor, z.string()) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.get('/api/seller/shipping-rule', {
    config: { access: pricing },
    schema: { tags, summary: 'Own delivery-fee rule', response: { 200: ShippingRuleOut, ...errors } },
  }, async (req) => getShippingRule(db, tenantOf(req).orgId));

  app.put('/api/seller/shipping-rule', {
    config: { access: pricing },
    schema: { tags, summary: 'Set own delivery-fee rule (shown on every product page)', body: ShippingRuleBody, response: { 200: ShippingRuleOut, ...errors } },
  }, async (req) => db.transaction((tx) => setShippingRule(tx, requestContext(req), tenantOf(req).orgId, req.body)));
};
