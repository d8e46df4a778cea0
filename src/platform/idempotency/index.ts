export * from './service.js';
export { idempotencyKey } from './schema.js';
