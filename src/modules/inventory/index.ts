export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export * from './events.js';
export { inventoryRoutes } from './routes.js';
export { inventoryJobs, RELEASE_EXPIRED_JOB } from './jobs.js';
