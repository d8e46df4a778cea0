import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, onRealPostgres } from '../../../test/helpers/db.js';
import { openDatabase, rows, type Database, type Db } from '../db/client.js';
import { jobRuns } from '../http/metrics.js';
import {
  UnrecoverableJobError, claimJobs, createJobRunner, emit, enqueue, getJob, jobsMaintenance, listJobs, retryJob,
  type JobContext, type JobRunnerOptions, type OutboxEvent,
} from './index.js';

let database: Database & { url?: string };
/** A second "app process": its own connection pool on PostgreSQL; PGlite has only the one connection. */
let other: Database | null = null;
let otherDb: Db;
beforeAll(async () => {
  database = await createTestDb();
  if (database.url) other = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 10 });
  otherDb = other?.db ?? database.db;
});
afterAll(async () => {
  await other?.close();
  await database.close();
});

function fakeClock(iso: string) {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (to: string) => { t = new Date(to).getTime(); },
    advance: (ms: number) => { t += ms; },
  };
}

function runner(opts: Partial<JobRunnerOptions> & Pick<JobRunnerOptions, 'handlers'>) {
  return createJobRunner({ db: database.db, pollMs: 20, ...opts });
}

async function runCount(name: string, outcome: string): Promise<number> {
  const { values } = await jobRuns.get();
  return values.find((v) => v.labels.name === name && v.labels.outcome === outcome)?.value ?? 0;
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => { open = resolve; });
  return { open, opened };
}

async function until(check: () => Promise<boolean> | boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('job runner', () => {
  it('runs due jobs through their handlers and records each outcome', async () => {
    const seen: Array<{ payload: unknown; attempt: number; jobId: string }> = [];
    const r = runner({ handlers: { 'rt.echo': async (payload, ctx) => { seen.push({ payload, attempt: ctx.attempt, jobId: ctx.jobId }); } } });
    const before = await runCount('rt.echo', 'done');
    const jobs = await database.db.transaction(async (tx) => [
      await enqueue(tx, { name: 'rt.echo', payload: { n: 1 } }),
      await enqueue(tx, { name: 'rt.echo', payload: { n: 2 } }),
      await enqueue(tx, { name: 'rt.echo', payload: { n: 3 }, runAt: new Date(Date.now() + 3_600_000) }),
    ]);
    expect(await r.drain()).toBe(2);
    expect(seen.map((s) => s.payload).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ n: 1 }, { n: 2 }]);
    expect(seen.every((s) => s.attempt === 1)).toBe(true);
    expect((await getJob(database.db, jobs[0]!.id)).status).toBe('done');
    expect((await getJob(database.db, jobs[2]!.id)).status).toBe('queued');
    expect(await runCount('rt.echo', 'done')).toBe(before + 2);
  });

  it('starts a job committed in this process at once, not at its next poll', async () => {
    const ran = gate();
    // An hour between polls: only the wake-up on commit can run the job while the test waits.
    const r = runner({ pollMs: 3_600_000, handlers: { 'rt.woken': async () => { ran.open(); } } });
    r.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the first poll find nothing and sleep
      await database.db.transaction((tx) => enqueue(tx, { name: 'rt.woken', payload: {} }));
      await ran.opened;
    } finally {
      await r.stop();
    }
  });

  it('lets handlers open their own transactions, also to queue follow-up jobs', async () => {
    const order: string[] = [];
    const r = runner({
      handlers: {
        'rt.first': async (_p, ctx) => {
          order.push('first');
          await ctx.db.transaction((tx) => enqueue(tx, { name: 'rt.second', payload: { from: ctx.jobId } }));
        },
        'rt.second': async () => { order.push('second'); },
      },
    });
    await database.db.transaction((tx) => enqueue(tx, { name: 'rt.first' }));
    expect(await r.drain()).toBe(2);
    expect(order).toEqual(['first', 'second']);
  });

  it('retries a failing handler with exponential backoff, dead-letters it, and runs it again after a retry', async () => {
    const clock = fakeClock('2031-03-01T00:00:00Z');
    let healthy = false;
    const attempts: number[] = [];
    const r = runner({
      now: clock.now, backoff: { baseMs: 1_000, maxMs: 60_000 },
      handlers: { 'rt.flaky': async (_p, ctx) => { attempts.push(ctx.attempt); if (!healthy) throw new Error('provider unavailable'); } },
    });
    const deadBefore = await runCount('rt.flaky', 'dead');
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'rt.flaky', maxAttempts: 3, runAt: clock.now() }));

    expect(await r.drain()).toBe(1);
    expect(await getJob(database.db, job.id)).toMatchObject({ status: 'queued', attempts: 1, lastError: 'provider unavailable',
      runAt: new Date('2031-03-01T00:00:01Z') });
    expect(await r.drain()).toBe(0);
    clock.advance(1_000);
    expect(await r.drain()).toBe(1);
    clock.advance(1_999);
    expect(await r.drain()).toBe(0);
    clock.advance(1);
    expect(await r.drain()).toBe(1);
    expect(await getJob(database.db, job.id)).toMatchObject({ status: 'dead', attempts: 3 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(await runCount('rt.flaky', 'dead')).toBe(deadBefore + 1);
    clock.advance(86_400_000);
    expect(await r.drain()).toBe(0);

    healthy = true;
    await database.db.transaction((tx) => retryJob(tx, job.id, { now: clock.now() }));
    expect(await r.drain()).toBe(1);
    expect(await getJob(database.db, job.id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(attempts).toEqual([1, 2, 3, 1]);
  });

  it('dead-letters at once when a handler says retrying cannot help', async () => {
    const r = runner({ handlers: { 'rt.unrecoverable': async () => { throw new UnrecoverableJobError('order ord_x no longer exists'); } } });
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'rt.unrecoverable' }));
    expect(await r.drain()).toBe(1);
    expect(await getJob(database.db, job.id)).toMatchObject({ status: 'dead', attempts: 1,
      lastError: 'UnrecoverableJobError: order ord_x no longer exists' });
  });

  it('enqueues each cron fire time once across two runners, and again at the next fire time', async () => {
    // 03:00 in Shanghai is 19:00 UTC the day before.
    const clock = fakeClock('2031-01-01T19:00:01Z');
    const runs: Array<{ runAt: string; payload: unknown; worker: string }> = [];
    const make = (db: Db, worker: string) => createJobRunner({
      db, now: clock.now, workerId: worker,
      handlers: { 'rt.nightly': async (payload, ctx) => { runs.push({ runAt: ctx.runAt.toISOString(), payload, worker }); } },
      crons: [{ name: 'rt-nightly', pattern: '0 3 * * *', job: 'rt.nightly', payload: { scope: 'all' } }],
    });
    const a = make(database.db, 'node-a');
    const b = make(otherDb, 'node-b');
    const ran = await Promise.all([a.drain(), b.drain()]);
    expect(ran[0] + ran[1]).toBe(1);
    expect(runs.map((x) => [x.runAt, x.payload])).toEqual([['2031-01-01T19:00:00.000Z', { scope: 'all' }]]);

    // Later ticks, and a node restarting inside the catch-up window, add nothing for the same fire time.
    clock.advance(30_000);
    const c = make(otherDb, 'node-c');
    expect(await a.drain() + await b.drain() + await c.drain()).toBe(0);

    clock.set('2031-01-02T19:00:00Z');
    await Promise.all([a.drain(), b.drain(), c.drain()]);
    expect(runs.map((x) => x.runAt)).toEqual(['2031-01-01T19:00:00.000Z', '2031-01-02T19:00:00.000Z']);
    const jobs = await listJobs(database.db, { name: 'rt.nightly', limit: 10 });
    expect(jobs.items.map((j) => j.singletonKey)).toEqual(['cron:rt-nightly:2031-01-02T19:00:00.000Z', 'cron:rt-nightly:2031-01-01T19:00:00.000Z']);
  });

  it('refuses a cron whose job has no handler, and an invalid pattern', () => {
    expect(() => runner({ handlers: {}, crons: [{ name: 'x', pattern: '* * * * *', job: 'rt.none' }] })).toThrow(/no handler/);
    expect(() => runner({ handlers: { 'rt.x': async () => {} }, crons: [{ name: 'x', pattern: 'not a pattern', job: 'rt.x' }] })).toThrow();
  });

  it('fans outbox events out to each subscriber exactly once, even when dispatched twice', async () => {
    const delivered: Array<{ sub: string; event: OutboxEvent; attempt: number }> = [];
    let webhookFailures = 1;
    const subscribers = {
      'rt.order_placed': [
        { name: 'rt-mail', handle: async (event: OutboxEvent, ctx: JobContext) => { delivered.push({ sub: 'rt-mail', event, attempt: ctx.attempt }); } },
        { name: 'rt-webhook', handle: async (event: OutboxEvent, ctx: JobContext) => {
          if (webhookFailures-- > 0) throw new Error('endpoint returned 503');
          delivered.push({ sub: 'rt-webhook', event, attempt: ctx.attempt });
        } },
      ],
      'rt.order_paid': [
        { name: 'rt-mail', handle: async (event: OutboxEvent, ctx: JobContext) => { delivered.push({ sub: 'rt-mail', event, attempt: ctx.attempt }); } },
      ],
    };
    const opts = { handlers: {}, subscribers, backoff: { baseMs: 0, maxMs: 0 } };
    const a = createJobRunner({ ...opts, db: database.db });
    const b = createJobRunner({ ...opts, db: otherDb });

    const [placed, paid] = await database.db.transaction(async (tx) => [
      await emit(tx, 'rt.order_placed', { orderId: 'ord_1' }),
      await emit(tx, 'rt.order_paid', { orderId: 'ord_1' }),
    ]);
    await expect(database.db.transaction(async (tx) => {
      await emit(tx, 'rt.order_placed', { orderId: 'ord_rolled_back' });
      throw new Error('rollback');
    })).rejects.toThrow('rollback');

    // 3 deliveries plus one retry of the webhook (backoff 0 makes the retry due at once).
    expect(await a.drain()).toBe(4);
    const summary = () => delivered.map((d) => `${d.sub}:${d.event.name}:${d.event.id}`).sort();
    const expected = [`rt-mail:rt.order_paid:${paid!.id}`, `rt-mail:rt.order_placed:${placed!.id}`, `rt-webhook:rt.order_placed:${placed!.id}`];
    expect(summary()).toEqual(expected);
    expect(delivered.find((d) => d.sub === 'rt-webhook')).toMatchObject({ attempt: 2, event: { payload: { orderId: 'ord_1' }, createdAt: placed!.createdAt } });

    // The same events come round again (e.g. an operator re-dispatches them): nothing is delivered twice.
    await database.db.execute(sql`update jobs_outbox set dispatched_at = null where id in (${placed!.id}, ${paid!.id})`);
    expect(await Promise.all([a.drain(), b.drain()])).toEqual([0, 0]);
    expect(summary()).toEqual(expected);
    expect((await listJobs(database.db, { name: 'event:rt-mail', limit: 10 })).items).toHaveLength(2);
  });

  it('re-runs the job of a crashed worker once its lease has expired', async () => {
    const clock = fakeClock('2032-01-01T00:00:00Z');
    const attempts: number[] = [];
    const r = runner({ now: clock.now, handlers: { 'rt.crash': async (_p, ctx) => { attempts.push(ctx.attempt); } } });
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'rt.crash', runAt: clock.now() }));
    // Another node claims it and dies without finishing.
    const [claimed] = await claimJobs(database.db, { workerId: 'crashed-node', names: ['rt.crash'], limit: 1, leaseMs: 30_000, now: clock.now() });
    expect(claimed?.id).toBe(job.id);

    clock.advance(29_000);
    expect(await r.drain()).toBe(0);
    expect(attempts).toEqual([]);
    clock.advance(2_000);
    expect(await r.drain()).toBe(1);
    expect(attempts).toEqual([2]);
    expect(await getJob(database.db, job.id)).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
    expect(await r.drain()).toBe(0);
  });

  it('runs at most one job of an exclusive name at a time, across runners', async () => {
    const g = gate();
    let running = 0;
    let maxRunning = 0;
    const handler = async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await g.opened;
      running -= 1;
    };
    const a = createJobRunner({ db: database.db, handlers: { 'rt.exclusive': handler }, exclusive: ['rt.exclusive'], concurrency: 4 });
    const b = createJobRunner({ db: otherDb, handlers: { 'rt.exclusive': handler }, exclusive: ['rt.exclusive'], concurrency: 4 });
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await enqueue(tx, { name: 'rt.exclusive', payload: i });
    });
    const aDone = a.drain();
    await until(() => running === 1);
    expect(await b.drain()).toBe(0);
    expect(await listJobs(database.db, { name: 'rt.exclusive', status: 'running', limit: 10 })).toMatchObject({ items: [expect.anything()] });
    g.open();
    expect(await aDone).toBe(3);
    expect(maxRunning).toBe(1);
  });

  it('extends the lease while a handler runs', async () => {
    let during: Date | null = null;
    let claimedUntil: Date | null = null;
    const r = runner({
      leaseMs: 1_000,
      handlers: {
        'rt.long': async (_p, ctx) => {
          claimedUntil = (await getJob(ctx.db, ctx.jobId)).lockedUntil;
          await new Promise((resolve) => setTimeout(resolve, 600));
          during = (await getJob(ctx.db, ctx.jobId)).lockedUntil;
        },
      },
    });
    await database.db.transaction((tx) => enqueue(tx, { name: 'rt.long' }));
    expect(await r.drain()).toBe(1);
    expect(during!.getTime()).toBeGreaterThan(claimedUntil!.getTime());
  });

  it('runs jobs after start(), and stop() waits for running handlers', async () => {
    const g = gate();
    let started = false;
    let finished = false;
    const r = runner({
      handlers: { 'rt.background': async () => { started = true; await g.opened; finished = true; } },
    });
    r.start();
    expect(() => r.start()).toThrow(/cannot start/);
    await expect(r.drain()).rejects.toThrow(/not started/);
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'rt.background' }));
    await until(() => started);
    let stopped = false;
    const stopping = r.stop().then(() => { stopped = true; });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    g.open();
    await stopping;
    expect(finished).toBe(true);
    expect((await getJob(database.db, job.id)).status).toBe('done');

    // A stopped runner claims nothing more.
    const later = await database.db.transaction((tx) => enqueue(tx, { name: 'rt.background' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await getJob(database.db, later.id)).status).toBe('queued');
  });

  it('prunes old finished jobs with its nightly maintenance cron', async () => {
    const clock = fakeClock('2033-05-01T00:00:00Z');
    const maintenance = jobsMaintenance({ retentionDays: 7 });
    const old = await database.db.transaction((tx) => enqueue(tx, { name: 'rt.old', runAt: clock.now() }));
    await runner({ now: clock.now, handlers: { 'rt.old': async () => {} } }).drain();
    expect((await getJob(database.db, old.id)).status).toBe('done');
    // 03:17 Shanghai on 2033-05-09, more than 7 days after the job finished.
    clock.set('2033-05-08T19:17:00Z');
    const r = runner({ now: clock.now, handlers: { ...maintenance.handlers }, crons: maintenance.crons });
    expect(await r.drain()).toBe(1);
    await expect(getJob(database.db, old.id)).rejects.toMatchObject({ code: 'jobs.not_found' });
  });

  it.runIf(onRealPostgres)('shares 200 jobs between two app processes with separate pools: each runs exactly once', async () => {
    expect(other).not.toBeNull();
    const runs: Array<{ id: string; worker: string }> = [];
    const handler = (worker: string) => async (payload: unknown, ctx: JobContext) => {
      runs.push({ id: ctx.jobId, worker });
      expect(payload).toMatchObject({ n: expect.any(Number) });
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 3)));
    };
    const a = createJobRunner({ db: database.db, workerId: 'proc-a', handlers: { 'rt.bulk': handler('proc-a') }, concurrency: 8, pollMs: 10 });
    const b = createJobRunner({ db: other!.db, workerId: 'proc-b', handlers: { 'rt.bulk': handler('proc-b') }, concurrency: 8, pollMs: 10 });
    a.start();
    b.start();
    const ids = await database.db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 200; i++) out.push((await enqueue(tx, { name: 'rt.bulk', payload: { n: i } })).id);
      return out;
    });
    const done = async () => (await rows<{ n: number }>(database.db,
      sql`select count(*)::int as n from jobs_job where name = 'rt.bulk' and status = 'done'`))[0]!.n;
    await until(async () => (await done()) === 200, 20_000);
    await Promise.all([a.stop(), b.stop()]);

    expect(runs).toHaveLength(200);
    expect(new Set(runs.map((x) => x.id))).toEqual(new Set(ids));
    expect(runs.filter((x) => x.worker === 'proc-a').length).toBeGreaterThan(0);
    expect(runs.filter((x) => x.worker === 'proc-b').length).toBeGreaterThan(0);
    for (const id of ids.slice(0, 20)) expect(await getJob(database.db, id)).toMatchObject({ status: 'done', attempts: 1 });
  });
});
