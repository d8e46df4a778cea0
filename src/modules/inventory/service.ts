export * from './service/alerts.js';
export * from './service/reservations.js';
export * from './service/stock.js';
export * from './service/warehouses.js';
export * from './service/seed.js';
