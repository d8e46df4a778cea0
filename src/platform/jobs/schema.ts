import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Job states. `queued` covers both new jobs and jobs waiting for a retry (then `attempts > 0` and
 * `last_error` is set); `dead` is a dead letter (attempts exhausted or a permanent failure) and stays
 * until an operator retries it. `done`, `dead` and `cancelled` are final.
 */
export const JOB_STATUSES = ['queued', 'running', 'done', 'dead', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Durable jobs, claimed with `FOR UPDATE SKIP LOCKED` so any number of app nodes share them. A
 * running job carries a lease (`locked_by`, `locked_until`); a lease that runs out means the worker
 * died and the job is queued again.
 */
export const jobsJob = pgTable('jobs_job', {
  id: text().primaryKey(),
  name: text().notNull(),
  payload: jsonb().$type<unknown>().notNull(),
  status: text().$type<JobStatus>().notNull().default('queued'),
  runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  attempts: integer().notNull().default(0),
  maxAttempts: integer().notNull().default(5),
  lockedBy: text(),
  lockedUntil: timestamp({ withTimezone: true }),
  lastError: text(),
  singletonKey: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp({ withTimezone: true }),
}, (t) => [
  check('jobs_job_status_check', sql`${t.status} in ('queued', 'running', 'done', 'dead', 'cancelled')`),
  check('jobs_job_attempts_check', sql`${t.attempts} >= 0 and ${t.maxAttempts} >= 1`),
  // The claim query: due queued jobs in run_at order.
  index('jobs_job_claim_idx').on(t.runAt, t.id).where(sql`${t.status} = 'queued'`),
  // Lease expiry sweep.
  index('jobs_job_lease_idx').on(t.lockedUntil).where(sql`${t.status} = 'running'`),
  // A singleton key is held by at most one unfinished job.
  uniqueIndex('jobs_job_singleton_active_uq').on(t.singletonKey)
    .where(sql`${t.singletonKey} is not null and ${t.status} in ('queued', 'running')`),
  // "Enqueue once ever" look-ups (cron fire times, outbox fan-out) also see finished jobs.
  index('jobs_job_singleton_key_idx').on(t.singletonKey).where(sql`${t.singletonKey} is not null`),
  // Admin lists: by status or name, newest first (ids are ULIDs, so id order is creation order).
  index('jobs_job_status_id_idx').on(t.status, t.id),
  index('jobs_job_name_id_idx').on(t.name, t.id),
  // Pruning old finished jobs.
  index('jobs_job_finished_at_idx').on(t.finishedAt).where(sql`${t.status} in ('done', 'cancelled')`),
]);

/**
 * Domain events written in the same transaction as the change they announce; the job runner fans
 * each one out to its subscribers as jobs and then sets `dispatched_at`.
 */
export const jobsOutbox = pgTable('jobs_outbox', {
  id: text().primaryKey(),
  event: text().notNull(),
  payload: jsonb().$type<unknown>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  dispatchedAt: timestamp({ withTimezone: true }),
}, (t) => [
  // Undispatched rows in id (= creation) order.
  index('jobs_outbox_pending_idx').on(t.id).where(sql`${t.dispatchedAt} is null`),
  index('jobs_outbox_dispatched_at_idx').on(t.dispatchedAt).where(sql`${t.dispatchedAt} is not null`),
]);
