export * from './service/ledger.js';
