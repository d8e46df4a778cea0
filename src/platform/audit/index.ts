export * from './service.js';
export { auditLog } from './schema.js';
