import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '@/platform/platform.js';

/** Placeholder until the inventory service lands (replaced by the module's real index). */
export const inventoryRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async () => {};
