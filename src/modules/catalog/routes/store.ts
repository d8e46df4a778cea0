import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { CursorQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { InvalidInput, NotFound, problemResponses } from '@/platform/http/problem.js';
import { fileBlobStore } from '@/platform/storage/index.js';
import { createPublicCache } from '@/platform/cache/public-cache.js';
import { STORE_SORTS, StoreCardOut, StoreCategoryOut, StoreProductOut } from '../contract.js';
import { getStoreProduct, listStoreProducts, readImage, storeCategories } from '../service.js';

const errors = problemResponses;
const FenQuery = z.string().regex(/^\d{1,12}$/, 'an amount in fen (whole number, e.g. 12900 for ¥129.00)').transform(Number).optional();
const AttrQuery = z.string().max(100).regex(/^[a-z][a-z0-9_]{0,39}:.+$/, 'use key:value, e.g. origin:浙江');
const StoreCursor = z.object({ k: z.union([z.string(), z.number()]), id: z.string(), s: z.enum(STORE_SORTS), m: z.enum(['phrase', 'chars']).optional() });

/** Public storefront: categories, listing and search, product pages, and product images. */
export const storeRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;
  const blobs = fileBlobStore(path.join(platform.config.dataDir, 'uploads'));
  const tags = ['storefront'];
  const pub = { audience: 'public' } as const;
  // The answers below are the same for every visitor: served from the node's short-lived cache
  // (SHIJI_STORE_CACHE_MS, see public-cache.ts for how fresh they stay).
  const cache = createPublicCache(db, { ttlMs: platform.config.storeCacheMs });
  app.addHook('onClose', async () => cache.close());
  /** Sends the cached body for this URL, or computes, serializes (with the route's response schema) and keeps it. */
  async function cached(req: FastifyRequest, reply: FastifyReply, compute: () => Promise<unknown>) {
    const key = req.url;
    const hit = cache.get(key);
    reply.type('application/json; charset=utf-8');
    if (hit !== undefined) return reply.header('x-shiji-cache', 'hit').send(hit);
    const generation = cache.generation();
    const body = reply.serialize(await compute()) as string;
    cache.set(key, body, generation);
    return reply.header('x-shiji-cache', cache.ttlMs > 0 ? 'miss' : 'off').send(body);
  }

  app.get('/api/store/categories', {
    config: { access: pub },
    schema: { tags, summary: 'Open categories with their filterable attributes', response: { 200: z.object({ items: z.array(StoreCategoryOut) }), ...errors } },
  }, async (req, reply) => cached(req, reply, async () => ({ items: await storeCategories(db) })));

  app.get('/api/store/products', {
    config: { access: pub },
    schema: {
      tags, summary: 'On-shelf products: keyword search (Chinese works: 绿茶 finds 西湖龙井绿茶), category (with sub-categories), price range in fen, attributes, in stock; keyset pages',
      querystring: z.strictObject({
        q: z.string().max(100).optional(), categoryId: z.string().max(64).optional(), sellerId: z.string().max(64).optional(),
        minPrice: FenQuery, maxPrice: FenQuery, inStock: z.enum(['true', 'false']).optional(),
        attr: z.union([AttrQuery, z.array(AttrQuery).max(10)]).optional(),
        sort: z.enum(STORE_SORTS).optional(), limit: LimitQuery, cursor: CursorQuery,
      }),
      response: { 200: page(StoreCardOut), ...errors },
    },
  }, async (req, reply) => cached(req, reply, async () => {
    const qs = req.query;
    const sort = qs.sort ?? 'newest';
    if (qs.minPrice !== undefined && qs.maxPrice !== undefined && qs.minPrice > qs.maxPrice) {
      throw new InvalidInput('store.bad_price_range', 'minPrice is above maxPrice: swap them or drop one.');
    }
    const cursor = decodeCursor(qs.cursor, StoreCursor);
    if (cursor && cursor.s !== sort) throw new InvalidInput('http.bad_cursor', 'The cursor belongs to another sort order: start again without it.');
    const attrs = (qs.attr === undefined ? [] : Array.isArray(qs.attr) ? qs.attr : [qs.attr]).map((a) => {
      const i = a.indexOf(':');
      return [a.slice(0, i), a.slice(i + 1)] as [string, string];
    });
    const res = await listStoreProducts(db, { q: qs.q, categoryId: qs.categoryId, sellerId: qs.sellerId, minPrice: qs.minPrice, maxPrice: qs.maxPrice,
      inStock: qs.inStock === 'true', attrs, sort, limit: qs.limit, after: cursor, match: cursor?.m });
    return { items: res.items, nextCursor: res.next ? encodeCursor({ ...res.next, s: sort, m: res.match }) : null };
  }));

  app.get('/api/store/products/:id', {
    config: { access: pub },
    schema: { tags, summary: 'A product page: content, SKUs with price and stock state, price tag, seller and delivery fee', params: IdParams,
      response: { 200: StoreProductOut, ...errors } },
  }, async (req, reply) => cached(req, reply, () => getStoreProduct(db, req.params.id)));

  app.get('/media/:id', {
    config: { access: pub },
    schema: { hide: true, params: IdParams },
  }, async (req, reply) => {
    const img = /^img_[0-9A-Z]{26}$/.test(req.params.id) ? await readImage(db, blobs, req.params.id) : null;
    // Until a version using it is approved, an image is its seller's and the reviewers' only: others get the same 404 as for no image.
    const actor = req.actor;
    const mayPreview = Boolean(actor && img && ((actor.orgKind === 'seller' && actor.orgId === img.sellerId)
      || (actor.orgKind === 'platform' && actor.permissions.has('catalog:read'))));
    if (!img || (!img.public && !mayPreview)) throw new NotFound('Image', req.params.id);
    reply.header('cache-control', img.public ? 'public, max-age=31536000, immutable' : 'private, no-store');
    reply.header('content-security-policy', "default-src 'none'");
    reply.type(img.contentType);
    return img.bytes;
  });
};
