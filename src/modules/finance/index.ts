export * from './service.js';
export * from './contract.js';
export * from './errors.js';
export { financeRoutes } from './routes.js';
export { financeJobs, LEDGER_INTEGRITY_JOB } from './jobs.js';
