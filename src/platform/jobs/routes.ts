import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Platform } from '../platform.js';

// Placeholder until the jobs work lands; replaced by the real admin API.
export const jobsRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async () => {};
