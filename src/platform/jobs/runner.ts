import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Cron } from 'croner';
import type { Db } from '../db/client.js';
import { jobRuns } from '../http/metrics.js';
import { UnrecoverableJobError } from './errors.js';
import {
  DEFAULT_BACKOFF, claimExclusiveJob, claimJobs, completeJob, dispatchOutbox, enqueueJob, extendLease, failJob, onJobsCommitted,
  requeueExpiredJobs, subscriberJobName, type Job, type JobLease, type OutboxEvent,
} from './service.js';

/** The slice of a pino / Fastify logger the runner uses. */
export type JobLogger = {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

export type JobContext = Readonly<{
  jobId: string;
  name: string;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** When the job was due; for a cron job, its fire time. */
  runAt: Date;
  /** Open your own (short) transactions with it; the runner holds none while a handler runs. */
  db: Db;
  /** Aborted when this worker lost the job's lease (another node may be running it now). */
  signal: AbortSignal;
  logger: JobLogger;
}>;

/**
 * Runs one job. Delivery is at least once (a worker can die after the work and before recording
 * it), so make handlers idempotent. Throw to fail the attempt; throw UnrecoverableJobError to skip
 * the remaining attempts. Payloads are stored JSON: validate them (e.g. with Zod).
 */
export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

/** A subscriber to an outbox event; `name` must be unique per event and stable across releases. */
export type EventSubscriber = Readonly<{
  name: string;
  handle(event: OutboxEvent, ctx: JobContext): Promise<void>;
}>;

export type CronSchedule = Readonly<{
  /** Stable name; part of the singleton key of each fire time. */
  name: string;
  /** croner syntax: 5 fields (minute precision) or 6 (with seconds), e.g. `0 3 * * *`. */
  pattern: string;
  /** Job (handler) name to enqueue at each fire time. */
  job: string;
  payload?: unknown;
  /** IANA time zone of the pattern; default the runner's timezone. */
  timezone?: string;
  maxAttempts?: number;
}>;

export type JobRunnerOptions = {
  db: Db;
  logger?: JobLogger;
  /** Names this worker in leases; default `<host>:<pid>:<random>`. */
  workerId?: string;
  handlers: Readonly<Record<string, JobHandler>>;
  /** Event name → subscribers; each delivery runs as job `event:<subscriber name>`. */
  subscribers?: Readonly<Record<string, readonly EventSubscriber[]>>;
  crons?: readonly CronSchedule[];
  /** Job names of which at most one may run at a time across all nodes. */
  exclusive?: readonly string[];
  /** Time zone of cron patterns; default Asia/Shanghai. */
  timezone?: string;
  /** Idle poll interval; default 1000 ms. A finishing job, or a job or event committed in this process, triggers the next claim at once. */
  pollMs?: number;
  /** Jobs this node runs at a time; default 4. */
  concurrency?: number;
  /** How long a claimed job is leased; renewed every third of it while the handler runs. Default 5 min. */
  leaseMs?: number;
  /** Retry delay baseMs × 2^(attempt−1), capped at maxMs; default 10 s … 1 h. */
  backoff?: { baseMs: number; maxMs: number };
  /** Cron fire times this far in the past are still enqueued at start (covers a restart); default 60 s. */
  cronCatchUpMs?: number;
  /** Attempts for subscriber deliveries; default 5. */
  eventMaxAttempts?: number;
  /** Clock for tests (cron fire times, due times, leases, backoff); default the real clock and the database's now(). */
  now?: () => Date;
};

export type JobRunner = {
  /** Starts polling: crons, outbox dispatch, claiming and running jobs. */
  start(): void;
  /** Stops claiming and resolves once every running handler has finished. */
  stop(): Promise<void>;
  /**
   * Tests and CLI: runs everything due now (lease sweep, crons, outbox fan-out, jobs, and jobs those
   * jobs add) until nothing is left; returns how many jobs ran. Not while started.
   */
  drain(): Promise<number>;
  readonly workerId: string;
};

const SUBSCRIBER_PREFIX = 'event:';
const silent: JobLogger = { debug() {}, info() {}, warn() {}, error() {} };

type PreparedCron = CronSchedule & { cron: Cron; last: Date | null };

/**
 * A job runner for one app node. Any number of nodes (each with its own runner and connection pool)
 * share the same tables: each job is claimed by one node (SKIP LOCKED), each cron fire time is
 * enqueued once, each outbox event is fanned out once per subscriber. Handlers run outside any
 * transaction the runner holds, so it also works on single-connection PGlite.
 */
export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const db = opts.db;
  const logger = opts.logger ?? silent;
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = opts.pollMs ?? 1000;
  const concurrency = opts.concurrency ?? 4;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const catchUpMs = opts.cronCatchUpMs ?? 60_000;
  const clockNow = opts.now;
  const nowDate = () => (clockNow ? clockNow() : new Date());
  const clock = () => ({ now: clockNow ? clockNow() : undefined });
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a whole number ≥ 1');
  if (!(leaseMs >= 1000)) throw new RangeError('leaseMs must be at least 1000');

  const handlers = new Map<string, JobHandler>();
  for (const [name, handler] of Object.entries(opts.handlers)) {
    if (name.startsWith(SUBSCRIBER_PREFIX)) throw new Error(`Job name ${name}: the prefix "${SUBSCRIBER_PREFIX}" is reserved for event subscribers.`);
    handlers.set(name, handler);
  }
  const subscriberNames: Record<string, string[]> = {};
  for (const [event, subs] of Object.entries(opts.subscribers ?? {})) {
    const names = subs.map((s) => s.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new Error(`Event ${event} has two subscribers named ${dup}.`);
    subscriberNames[event] = names;
    for (const sub of subs) {
      if (!/^[a-z0-9][a-z0-9._-]*$/.test(sub.name)) throw new Error(`Subscriber name ${sub.name}: use lower-case letters, digits, ".", "_" or "-".`);
      const jobName = subscriberJobName(sub.name);
      if (!handlers.has(jobName)) handlers.set(jobName, (payload, ctx) => deliverEvent(sub.name, payload, ctx));
    }
  }

  // The same subscriber name may serve several events; find its handler by the delivered event's name.
  async function deliverEvent(subscriber: string, payload: unknown, ctx: JobContext): Promise<void> {
    const p = payload as { id?: unknown; name?: unknown; payload?: unknown; createdAt?: unknown } | null;
    if (!p || typeof p.id !== 'string' || typeof p.name !== 'string' || typeof p.createdAt !== 'string') {
      throw new UnrecoverableJobError('event delivery payload is malformed');
    }
    const sub = opts.subscribers?.[p.name]?.find((s) => s.name === subscriber);
    if (!sub) throw new UnrecoverableJobError(`subscriber ${subscriber} no longer handles ${p.name}`);
    await sub.handle({ id: p.id, name: p.name, payload: p.payload, createdAt: new Date(p.createdAt) }, ctx);
  }

  const crons: PreparedCron[] = (opts.crons ?? []).map((c) => {
    if (!handlers.has(c.job)) throw new Error(`Cron ${c.name} enqueues job ${c.job}, which has no handler.`);
    return { ...c, cron: new Cron(c.pattern, { timezone: c.timezone ?? opts.timezone ?? 'Asia/Shanghai', paused: true }), last: null };
  });
  const cronNames = crons.map((c) => c.name);
  const dupCron = cronNames.find((n, i) => cronNames.indexOf(n) !== i);
  if (dupCron) throw new Error(`Two crons are named ${dupCron}.`);

  const exclusive = new Set(opts.exclusive ?? []);
  for (const name of exclusive) if (!handlers.has(name)) throw new Error(`Exclusive job ${name} has no handler.`);
  const sharedNames = [...handlers.keys()].filter((n) => !exclusive.has(n));
  const exclusiveNames = [...exclusive];

  /** Enqueues the latest due fire time of each cron, once across all nodes (singleton key per fire time). */
  async function enqueueDueCrons(): Promise<number> {
    const now = nowDate();
    let added = 0;
    for (const c of crons) {
      const from = c.last ?? new Date(now.getTime() - catchUpMs);
      let fire: Date | null = null;
      // Missed fire times (a stalled event loop, a restart) collapse into the latest one.
      for (let t = c.cron.nextRun(from), i = 0; t && t <= now && i < 100_000; t = c.cron.nextRun(t), i++) fire = t;
      if (fire) {
        const at = fire;
        const { created } = await db.transaction((tx) => enqueueJob(tx, {
          name: c.job, payload: c.payload ?? null, runAt: at, maxAttempts: c.maxAttempts,
          singletonKey: `cron:${c.name}:${at.toISOString()}`, singletonScope: 'ever',
        }));
        if (created) {
          added += 1;
          logger.info({ cron: c.name, job: c.job, fireAt: at.toISOString() }, 'cron fired');
        }
      }
      c.last = now;
    }
    return added;
  }

  async function dispatchEvents(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const res = await db.transaction((tx) => dispatchOutbox(tx, subscriberNames, { ...clock(), limit: 100, maxAttempts: opts.eventMaxAttempts }));
      if (res.events > 0) logger.debug({ events: res.events, jobs: res.jobs }, 'outbox dispatched');
      if (res.events < 100) return;
    }
  }

  async function sweepLeases(): Promise<void> {
    const expired = await requeueExpiredJobs(db, clock());
    for (const j of expired) {
      logger.warn({ jobId: j.id, job: j.name, attempt: j.attempts, status: j.status }, 'job lease expired; handed back');
      jobRuns.inc({ name: j.name, outcome: 'lease_expired' });
    }
  }

  /** One round of housekeeping, then claims up to `slots` jobs. */
  async function pump(slots: number, sweep: boolean): Promise<Job[]> {
    if (sweep) await sweepLeases();
    await enqueueDueCrons();
    await dispatchEvents();
    if (slots <= 0) return [];
    const claimed = await claimJobs(db, { ...clock(), workerId, names: sharedNames, limit: slots, leaseMs });
    for (const name of exclusiveNames) {
      if (claimed.length >= slots) break;
      const job = await db.transaction((tx) => claimExclusiveJob(tx, { ...clock(), workerId, name, leaseMs }));
      if (job) claimed.push(job);
    }
    return claimed;
  }

  async function runJob(job: Job): Promise<void> {
    const handler = handlers.get(job.name)!;
    const lease: JobLease = { id: job.id, workerId, attempt: job.attempts };
    const ac = new AbortController();
    const log = { jobId: job.id, job: job.name, attempt: job.attempts };
    const heartbeat = setInterval(() => {
      extendLease(db, lease, leaseMs, clock()).then((held) => {
        if (!held && !ac.signal.aborted) {
          logger.warn(log, 'job lease lost; another worker may run it');
          ac.abort(new Error('job lease lost'));
        }
      }, (err: unknown) => logger.warn({ ...log, err }, 'could not extend job lease'));
    }, Math.floor(leaseMs / 3));
    heartbeat.unref();
    const ctx: JobContext = {
      jobId: job.id, name: job.name, attempt: job.attempts, maxAttempts: job.maxAttempts, runAt: job.runAt,
      db, signal: ac.signal, logger,
    };
    let outcome: 'done' | 'retry' | 'dead' | 'lease_lost' | 'error';
    try {
      let failure: { err: unknown } | null = null;
      try {
        await handler(job.payload, ctx);
      } catch (err) {
        failure = { err };
      }
      clearInterval(heartbeat);
      if (!failure) {
        outcome = (await completeJob(db, lease, clock())) ? 'done' : 'lease_lost';
      } else {
        const res = await failJob(db, lease, failure.err, { ...clock(), backoff, permanent: failure.err instanceof UnrecoverableJobError });
        outcome = !res ? 'lease_lost' : res.status === 'dead' ? 'dead' : 'retry';
        const fields = { ...log, err: failure.err, nextRunAt: res?.status === 'queued' ? res.runAt.toISOString() : undefined };
        if (outcome === 'dead') logger.error(fields, 'job failed for the last time; moved to the dead letters');
        else logger.warn(fields, 'job failed; will retry');
      }
      if (outcome === 'lease_lost') logger.warn(log, 'job finished after its lease was lost; result not recorded');
    } catch (err) {
      // Recording the result failed (database unreachable): the lease will expire and the job re-run.
      outcome = 'error';
      logger.error({ ...log, err }, 'could not record job result');
    } finally {
      clearInterval(heartbeat);
    }
    jobRuns.inc({ name: job.name, outcome });
  }

  let state: 'idle' | 'started' | 'stopping' | 'stopped' = 'idle';
  let draining = false;
  const inflight = new Set<Promise<void>>();
  let wake: (() => void) | null = null;
  // Set when a job or event is committed in this process while the loop is not asleep.
  let kicked = false;
  const kick = () => { kicked = true; wake?.(); };
  let unsubscribe: (() => void) | null = null;
  let loopDone: Promise<void> = Promise.resolve();

  function launch(job: Job): void {
    const p: Promise<void> = runJob(job).finally(() => {
      inflight.delete(p);
      wake?.();
    });
    inflight.add(p);
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() { clearTimeout(t); wake = null; resolve(); }
      wake = done;
    });
  }

  async function loop(): Promise<void> {
    let lastSweep = 0;
    while (state === 'started') {
      let claimed = 0;
      kicked = false;
      try {
        const sweep = Date.now() - lastSweep >= pollMs;
        if (sweep) lastSweep = Date.now();
        const jobs = await pump(concurrency - inflight.size, sweep);
        for (const job of jobs) launch(job);
        claimed = jobs.length;
      } catch (err) {
        logger.error({ err, workerId }, 'job runner poll failed; retrying');
      }
      if (state !== 'started') break;
      // A full batch may mean more is waiting: poll again as soon as a slot is free.
      if (claimed > 0 && inflight.size < concurrency) continue;
      // Work committed in this process meanwhile: claim it now rather than at the next poll.
      if (kicked && inflight.size < concurrency) continue;
      await sleep(pollMs);
    }
  }

  return {
    workerId,
    start() {
      if (state !== 'idle') throw new Error(`The job runner cannot start: it is ${state}.`);
      if (draining) throw new Error('The job runner cannot start while drain() runs.');
      state = 'started';
      unsubscribe = onJobsCommitted(db, kick);
      logger.info({ workerId, concurrency, handlers: handlers.size, crons: crons.length }, 'job runner started');
      loopDone = loop();
    },
    async stop() {
      unsubscribe?.();
      if (state === 'started') {
        state = 'stopping';
        wake?.();
        await loopDone;
        await Promise.allSettled([...inflight]);
        state = 'stopped';
        logger.info({ workerId }, 'job runner stopped');
      } else if (state === 'stopping') {
        await loopDone;
        await Promise.allSettled([...inflight]);
      } else {
        state = 'stopped';
      }
    },
    async drain() {
      if (state !== 'idle') throw new Error(`drain() is for a runner that was not started; this one is ${state}.`);
      if (draining) throw new Error('drain() is already running.');
      draining = true;
      try {
        let ran = 0;
        for (;;) {
          const jobs = await pump(concurrency, true);
          if (jobs.length === 0) return ran;
          await Promise.all(jobs.map(runJob));
          ran += jobs.length;
        }
      } finally {
        draining = false;
      }
    },
  };
}
