export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export { consumerRoutes } from './routes.js';
