export * from './service/statements.js';
export * from './service/payouts.js';
export { payeesOf } from './service/payouts-out.js';
