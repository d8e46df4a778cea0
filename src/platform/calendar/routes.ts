import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '../platform.js';

// Placeholder until the calendar work lands; replaced by the real admin API.
export const calendarRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async () => {};
