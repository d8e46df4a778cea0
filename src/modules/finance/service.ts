export * from './service/ledger.js';
export * from './service/queries.js';
export * from './service/admin.js';
