export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export { catalogRoutes } from './routes.js';
export { indexTokens, queryTokens } from './search.js';
export { seedDemoCatalog } from './seed.js';
export { catalogJobs, PRICE_DISPLAY_CHECK_JOB, SHELF_SCHEDULE_JOB } from './jobs.js';
