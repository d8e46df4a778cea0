export * from './service.js';
export * from './errors.js';
export * from './contract.js';
export {
  createJobRunner,
  type CronSchedule, type EventSubscriber, type JobContext, type JobHandler, type JobLogger, type JobRunner,
  type JobRunnerOptions,
} from './runner.js';
export { PRUNE_JOB, jobsMaintenance } from './maintenance.js';
export { jobsRoutes } from './routes.js';
