import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { afterCommit, rows, type Db, type Queryable, type Tx } from '../db/client.js';
import { newId } from '../db/ids.js';
import { JobNotCancellable, JobNotFound, JobNotRetryable, JobSingletonActive } from './errors.js';
import { jobsJob, jobsOutbox, type JobStatus } from './schema.js';

export type Job = typeof jobsJob.$inferSelect;
export type OutboxRow = typeof jobsOutbox.$inferSelect;
export type { JobStatus } from './schema.js';
export { JOB_STATUSES } from './schema.js';

/** Which running attempt a worker holds: completing or failing needs all three to still match. */
export type JobLease = Readonly<{ id: string; workerId: string; attempt: number }>;

/** Optional clock for the service functions; when absent the database clock (`now()`) is used. */
export type Clock = { now?: Date | undefined };

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_BACKOFF = { baseMs: 10_000, maxMs: 60 * 60_000 } as const;
const LAST_ERROR_MAX = 1000;
const ACTIVE: JobStatus[] = ['queued', 'running'];
const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

const at = (now: Date | undefined): SQL => (now ? sql`${now.toISOString()}::timestamptz` : sql`now()`);
const plusMs = (now: Date | undefined, ms: number): SQL => sql`${at(now)} + ${ms}::double precision * interval '1 millisecond'`;
const json = (value: unknown): SQL => sql`${JSON.stringify(value ?? null)}::jsonb`;

export type EnqueueInput = {
  /** Handler name, e.g. `mail.send`. */
  name: string;
  payload?: unknown;
  /** Not before this time; default now. */
  runAt?: Date | undefined;
  /** Attempts before the job becomes a dead letter; default 5. */
  maxAttempts?: number | undefined;
  /**
   * At most one job per key: while a job with this key is queued or running, enqueue returns it
   * instead of adding another.
   */
  singletonKey?: string | undefined;
  /**
   * `active` (default): the key is free again once its job finished. `ever`: a key is used once,
   * also after its job finished (until finished jobs are pruned), e.g. cron fire times and
   * outbox fan-out, where a late second enqueue must not run the work twice.
   */
  singletonScope?: 'active' | 'ever' | undefined;
};

function checkEnqueue(input: EnqueueInput): void {
  if (!input.name || input.name.length > 200) throw new RangeError('A job name is 1–200 characters.');
  const max = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw new RangeError('maxAttempts is a whole number from 1 to 1000.');
  if (input.singletonScope === 'ever' && !input.singletonKey) throw new RangeError('singletonScope "ever" needs a singletonKey.');
}

async function activeBySingletonKey(q: Queryable, key: string): Promise<Job | undefined> {
  const [row] = await q.select().from(jobsJob)
    .where(and(eq(jobsJob.singletonKey, key), inArray(jobsJob.status, ACTIVE))).limit(1);
  return row;
}

/** Wake-up calls of the job runners of this process, by database handle. */
const runnerWakers = new WeakMap<Db, Set<() => void>>();

/** Lets a runner of this process hear at once when a job or event was committed on `db` (instead of at its next poll). */
export function onJobsCommitted(db: Db, wake: () => void): () => void {
  let set = runnerWakers.get(db);
  if (!set) runnerWakers.set(db, (set = new Set()));
  set.add(wake);
  return () => set.delete(wake);
}

async function wakeRunners(db: Db): Promise<void> {
  for (const wake of runnerWakers.get(db) ?? []) wake();
}

/**
 * Adds a job in the caller's transaction, so it exists only if the change that caused it commits.
 * With a singletonKey that is taken (see `singletonScope`) it returns the job holding the key and
 * inserts nothing; safe under concurrent callers on any number of nodes.
 */
export async function enqueue(tx: Tx, input: EnqueueInput): Promise<Job> {
  return (await enqueueJob(tx, input)).job;
}

/** `enqueue`, also telling whether a new job was inserted (false: an existing job holds the key). */
export async function enqueueJob(tx: Tx, input: EnqueueInput): Promise<{ job: Job; created: boolean }> {
  checkEnqueue(input);
  const key = input.singletonKey ?? null;
  if (key !== null && input.singletonScope === 'ever') {
    // Serialises enqueuers of this key until commit, so the look-up below also sees a job another
    // transaction added and finished meanwhile (the partial unique index only covers active jobs).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`shiji.jobs:${key}`}, 0))`);
    const [seen] = await tx.select().from(jobsJob).where(eq(jobsJob.singletonKey, key))
      .orderBy(desc(jobsJob.id)).limit(1);
    if (seen) return { job: seen, created: false };
  }
  // A conflict can only be on the singleton key; if its holder finished in between, try again.
  for (let i = 0; i < 5; i++) {
    const [row] = await tx.insert(jobsJob).values({
      id: newId('job'),
      name: input.name,
      payload: json(input.payload),
      runAt: input.runAt,
      maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      singletonKey: key,
    }).onConflictDoNothing().returning();
    if (row) {
      afterCommit(tx, 'jobs.wake', wakeRunners);
      return { job: row, created: true };
    }
    const holder = await activeBySingletonKey(tx, key!);
    if (holder) return { job: holder, created: false };
  }
  throw new Error(`Could not enqueue job ${input.name}: its singleton key ${key} kept changing hands.`);
}

export type OutboxEvent = Readonly<{ id: string; name: string; payload: unknown; createdAt: Date }>;

/**
 * Records a domain event in the caller's transaction; it is announced (fanned out to subscribers
 * as jobs) only after that transaction commits, at least once. Names are `<domain>.<past_tense>`.
 */
export async function emit(tx: Tx, event: string, payload: unknown): Promise<OutboxEvent> {
  if (!EVENT_NAME.test(event) || event.length > 200) {
    throw new RangeError(`Event name "${event}" must look like <domain>.<past_tense>, e.g. order.placed.`);
  }
  const [row] = await tx.insert(jobsOutbox).values({ id: newId('evt'), event, payload: json(payload) }).returning();
  afterCommit(tx, 'jobs.wake', wakeRunners);
  return { id: row!.id, name: row!.event, payload: row!.payload, createdAt: row!.createdAt };
}

export type ClaimInput = Clock & {
  workerId: string;
  /** Only jobs with these names (the ones this node has handlers for). */
  names: readonly string[];
  limit: number;
  leaseMs: number;
};

/**
 * Claims up to `limit` due queued jobs in one statement. Concurrent claimers (other nodes) skip
 * rows locked by each other, so a job is handed to exactly one worker; each claimed job is
 * `running`, leased to `workerId` until now + leaseMs, with `attempts` incremented.
 */
export async function claimJobs(q: Queryable, input: ClaimInput): Promise<Job[]> {
  if (input.limit < 1 || input.names.length === 0) return [];
  const due = q.select({ id: jobsJob.id }).from(jobsJob)
    .where(and(eq(jobsJob.status, 'queued'), sql`${jobsJob.runAt} <= ${at(input.now)}`, inArray(jobsJob.name, [...input.names])))
    .orderBy(asc(jobsJob.runAt), asc(jobsJob.id)).limit(input.limit)
    .for('update', { skipLocked: true });
  return q.update(jobsJob).set({
    status: 'running',
    attempts: sql`${jobsJob.attempts} + 1`,
    lockedBy: input.workerId,
    lockedUntil: plusMs(input.now, input.leaseMs),
    updatedAt: at(input.now),
  }).where(inArray(jobsJob.id, due)).returning();
}

/**
 * Claims the oldest due job named `name` only if no job of that name is running on any node:
 * "at most one running at a time". Claimers of the same name are serialised by a transaction-scoped
 * advisory lock (a claimer that cannot get it at once skips the name this round), so run it in its
 * own short transaction.
 */
export async function claimExclusiveJob(tx: Tx, input: Omit<ClaimInput, 'names' | 'limit'> & { name: string }): Promise<Job | null> {
  const [lock] = await rows<{ ok: boolean }>(tx,
    sql`select pg_try_advisory_xact_lock(hashtextextended(${`shiji.jobs.exclusive:${input.name}`}, 0)) as ok`);
  if (!lock?.ok) return null;
  const [busy] = await tx.select({ id: jobsJob.id }).from(jobsJob)
    .where(and(eq(jobsJob.name, input.name), eq(jobsJob.status, 'running'))).limit(1);
  if (busy) return null;
  const [job] = await claimJobs(tx, { ...input, names: [input.name], limit: 1 });
  return job ?? null;
}

const held = (lease: JobLease): SQL =>
  and(eq(jobsJob.id, lease.id), eq(jobsJob.status, 'running'), eq(jobsJob.lockedBy, lease.workerId), eq(jobsJob.attempts, lease.attempt))!;

/** Extends a lease the worker still holds; false when it was lost (expired and re-queued or re-claimed). */
export async function extendLease(q: Queryable, lease: JobLease, leaseMs: number, clock: Clock = {}): Promise<boolean> {
  const res = await q.update(jobsJob).set({ lockedUntil: plusMs(clock.now, leaseMs), updatedAt: at(clock.now) })
    .where(held(lease)).returning({ id: jobsJob.id });
  return res.length === 1;
}

/** Marks the attempt done; null when the worker no longer holds the lease (the job was handed on). */
export async function completeJob(q: Queryable, lease: JobLease, clock: Clock = {}): Promise<Job | null> {
  const [row] = await q.update(jobsJob).set({
    status: 'done', lockedBy: null, lockedUntil: null, finishedAt: at(clock.now), updatedAt: at(clock.now),
  }).where(held(lease)).returning();
  return row ?? null;
}

/** The message of an error, one line, truncated: stored and shown to operators, so never a stack. */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  const line = text.replace(/\s+/g, ' ').trim() || 'unknown error';
  return line.length > LAST_ERROR_MAX ? `${line.slice(0, LAST_ERROR_MAX - 1)}…` : line;
}

export type FailOptions = Clock & {
  backoff?: { baseMs: number; maxMs: number } | undefined;
  /** Skip the remaining attempts: straight to the dead letters. */
  permanent?: boolean | undefined;
};

/**
 * Records a failed attempt: the job is queued again after an exponential backoff
 * (baseMs × 2^(attempts−1), capped at maxMs) or, when its attempts are used up or the failure is
 * permanent, becomes a dead letter. Null when the worker no longer holds the lease.
 */
export async function failJob(q: Queryable, lease: JobLease, err: unknown, opts: FailOptions = {}): Promise<Job | null> {
  const { baseMs, maxMs } = opts.backoff ?? DEFAULT_BACKOFF;
  const dead = opts.permanent ? sql`true` : sql`${jobsJob.attempts} >= ${jobsJob.maxAttempts}`;
  const [row] = await q.update(jobsJob).set({
    status: sql`case when ${dead} then 'dead' else 'queued' end`,
    runAt: sql`case when ${dead} then ${jobsJob.runAt}
      else ${at(opts.now)} + least(${maxMs}::double precision, ${baseMs}::double precision * power(2, ${jobsJob.attempts} - 1)) * interval '1 millisecond' end`,
    lastError: errorMessage(err),
    lockedBy: null,
    lockedUntil: null,
    finishedAt: sql`case when ${dead} then ${at(opts.now)} else null end`,
    updatedAt: at(opts.now),
  }).where(held(lease)).returning();
  return row ?? null;
}

/**
 * Hands back jobs whose lease ran out (their worker crashed or hung): queued again at once, or dead
 * when that was their last attempt. Returns the jobs it touched.
 */
export async function requeueExpiredJobs(q: Queryable, clock: Clock = {}): Promise<Job[]> {
  const dead = sql`${jobsJob.attempts} >= ${jobsJob.maxAttempts}`;
  return q.update(jobsJob).set({
    status: sql`case when ${dead} then 'dead' else 'queued' end`,
    runAt: sql`case when ${dead} then ${jobsJob.runAt} else ${at(clock.now)} end`,
    lastError: sql`'lease of worker ' || coalesce(${jobsJob.lockedBy}, '?') || ' expired: the worker stopped or hung during attempt ' || ${jobsJob.attempts}`,
    lockedBy: null,
    lockedUntil: null,
    finishedAt: sql`case when ${dead} then ${at(clock.now)} else null end`,
    updatedAt: at(clock.now),
  }).where(and(eq(jobsJob.status, 'running'), sql`${jobsJob.lockedUntil} < ${at(clock.now)}`)).returning();
}

/** Event name → names of its subscribers. */
export type SubscriberNames = Readonly<Record<string, readonly string[]>>;

/** The job name a subscriber's deliveries run under. */
export const subscriberJobName = (subscriber: string): string => `event:${subscriber}`;

/**
 * Fans out up to `limit` undispatched outbox events in the caller's transaction: for each
 * subscriber of an event, one job `event:<subscriber>` keyed `<eventId>:<subscriber>` (so a second
 * dispatch of the same event adds nothing), then marks the events dispatched. Concurrent
 * dispatchers skip each other's rows. Returns how many events and jobs it handled.
 */
export async function dispatchOutbox(tx: Tx, subscribers: SubscriberNames, opts: Clock & { limit?: number; maxAttempts?: number } = {}):
  Promise<{ events: number; jobs: number }> {
  const batch = await tx.select().from(jobsOutbox).where(isNull(jobsOutbox.dispatchedAt))
    .orderBy(asc(jobsOutbox.id)).limit(opts.limit ?? 100).for('update', { skipLocked: true });
  let jobs = 0;
  for (const evt of batch) {
    for (const sub of subscribers[evt.event] ?? []) {
      const event = { id: evt.id, name: evt.event, payload: evt.payload, createdAt: evt.createdAt.toISOString() };
      const { created } = await enqueueJob(tx, {
        name: subscriberJobName(sub), payload: event, singletonKey: `${evt.id}:${sub}`, singletonScope: 'ever',
        maxAttempts: opts.maxAttempts,
      });
      if (created) jobs += 1;
    }
  }
  if (batch.length > 0) {
    await tx.update(jobsOutbox).set({ dispatchedAt: at(opts.now) }).where(inArray(jobsOutbox.id, batch.map((e) => e.id)));
  }
  return { events: batch.length, jobs };
}

export type ListJobsInput = {
  status?: JobStatus | undefined;
  name?: string | undefined;
  limit: number;
  /** Continue below this job id (the last id of the previous page). */
  cursor?: string | undefined;
};

/** Newest-first page of jobs, optionally by status (`dead` = dead letters) and name. */
export async function listJobs(q: Queryable, input: ListJobsInput): Promise<{ items: Job[]; nextCursor: string | null }> {
  const conds: SQL[] = [];
  if (input.status) conds.push(eq(jobsJob.status, input.status));
  if (input.name) conds.push(eq(jobsJob.name, input.name));
  if (input.cursor) conds.push(lt(jobsJob.id, input.cursor));
  const found = await q.select().from(jobsJob).where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(jobsJob.id)).limit(input.limit + 1);
  const more = found.length > input.limit;
  const items = more ? found.slice(0, input.limit) : found;
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}

/** One job; throws JobNotFound. */
export async function getJob(q: Queryable, id: string): Promise<Job> {
  const [row] = await q.select().from(jobsJob).where(eq(jobsJob.id, id)).limit(1);
  if (!row) throw new JobNotFound(id);
  return row;
}

export type JobChange = { before: Job; after: Job };

async function lockJob(tx: Tx, id: string): Promise<Job> {
  const [row] = await tx.select().from(jobsJob).where(eq(jobsJob.id, id)).limit(1).for('update');
  if (!row) throw new JobNotFound(id);
  return row;
}

/**
 * Queues a dead, cancelled, or failed-and-waiting job to run now with its attempts reset. Refuses
 * (JobSingletonActive) when another job already holds its singleton key, so a key never has two
 * active jobs.
 */
export async function retryJob(tx: Tx, id: string, clock: Clock = {}): Promise<JobChange> {
  const before = await lockJob(tx, id);
  const waitingRetry = before.status === 'queued' && before.attempts > 0;
  if (before.status !== 'dead' && before.status !== 'cancelled' && !waitingRetry) throw new JobNotRetryable(id, before.status);
  if (before.singletonKey !== null && before.status !== 'queued') {
    const holder = await activeBySingletonKey(tx, before.singletonKey);
    if (holder && holder.id !== id) throw new JobSingletonActive(id, before.singletonKey, holder.id);
  }
  const [after] = await tx.update(jobsJob).set({
    status: 'queued', attempts: 0, runAt: at(clock.now), lockedBy: null, lockedUntil: null, finishedAt: null, updatedAt: at(clock.now),
  }).where(eq(jobsJob.id, id)).returning();
  return { before, after: after! };
}

/** Cancels a queued job so it never runs; a running job cannot be cancelled (JobNotCancellable). */
export async function cancelJob(tx: Tx, id: string, clock: Clock = {}): Promise<JobChange> {
  const before = await lockJob(tx, id);
  if (before.status !== 'queued') throw new JobNotCancellable(id, before.status);
  const [after] = await tx.update(jobsJob).set({
    status: 'cancelled', finishedAt: at(clock.now), updatedAt: at(clock.now),
  }).where(eq(jobsJob.id, id)).returning();
  return { before, after: after! };
}

/**
 * Deletes done and cancelled jobs and dispatched outbox events that finished before `olderThan`.
 * Dead letters stay until an operator retries them. Undispatched events are never deleted.
 */
export async function pruneJobs(q: Queryable, olderThan: Date): Promise<{ jobs: number; events: number }> {
  const jobs = await q.delete(jobsJob)
    .where(and(inArray(jobsJob.status, ['done', 'cancelled']), isNotNull(jobsJob.finishedAt), lt(jobsJob.finishedAt, olderThan)))
    .returning({ id: jobsJob.id });
  const events = await q.delete(jobsOutbox)
    .where(and(isNotNull(jobsOutbox.dispatchedAt), lt(jobsOutbox.dispatchedAt, olderThan)))
    .returning({ id: jobsOutbox.id });
  return { jobs: jobs.length, events: events.length };
}

/** How many outbox events are not yet fanned out (operations: a growing number means no runner is dispatching). */
export async function countPendingEvents(q: Queryable): Promise<number> {
  const [row] = await q.select({ n: sql<number>`count(*)::int` }).from(jobsOutbox).where(isNull(jobsOutbox.dispatchedAt));
  return row?.n ?? 0;
}

/** Jobs per status, for dashboards and the admin overview. */
export async function countJobsByStatus(q: Queryable): Promise<Record<JobStatus, number>> {
  const counts = await q.select({ status: jobsJob.status, n: sql<number>`count(*)::int` }).from(jobsJob).groupBy(jobsJob.status);
  const out: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, dead: 0, cancelled: 0 };
  for (const r of counts) out[r.status] = r.n;
  return out;
}
