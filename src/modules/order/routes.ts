import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '@/platform/platform.js';
import { orderStaffRoutes } from './routes/staff.js';
import { orderStoreRoutes } from './routes/store.js';

/** Checkout and order routes for consumers, sellers and the operator. */
export const orderRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, opts) => {
  await app.register(orderStoreRoutes, opts);
  await app.register(orderStaffRoutes, opts);
};
