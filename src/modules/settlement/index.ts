export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export { settlementRoutes } from './routes.js';
export { registerSettlementListeners } from './listeners.js';
