import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '@/platform/platform.js';
import { adminCatalogRoutes } from './routes/admin.js';
import { sellerCatalogRoutes } from './routes/seller.js';
import { storeRoutes } from './routes/store.js';

/** Catalog, pricing and storefront routes: /api/seller/*, /api/admin/catalog/*, /api/store/*, /media/:id. */
export const catalogRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, opts) => {
  await app.register(sellerCatalogRoutes, opts);
  await app.register(adminCatalogRoutes, opts);
  await app.register(storeRoutes, opts);
};
