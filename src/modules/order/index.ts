export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export { ORDER_STATUSES, type OfferSnapshot, type OfferGroup, type OfferLine, type OrderSnapshot } from './types.js';
export { orderRoutes } from './routes.js';
export { orderJobs, EXPIRE_UNPAID_JOB, FLAG_OVERDUE_JOB } from './jobs.js';
export { registerOrderListeners } from './listeners.js';
export { seedDemoOrders } from './seed.js';
