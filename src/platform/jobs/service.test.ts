import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/helpers/db.js';
import type { Database } from '../db/client.js';
import {
  JobNotCancellable, JobNotFound, JobNotRetryable, JobSingletonActive, cancelJob, claimJobs, completeJob, countPendingEvents,
  dispatchOutbox, emit, enqueue, errorMessage, failJob, getJob, listJobs, pruneJobs, requeueExpiredJobs, retryJob,
  type Job,
} from './index.js';

let database: Database;
beforeAll(async () => { database = await createTestDb(); });
afterAll(async () => { await database.close(); });

const T0 = new Date('2030-06-01T00:00:00.000Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);
const lease = (job: Job, workerId = 'w1') => ({ id: job.id, workerId, attempt: job.attempts });
const claim = (name: string, now: Date, workerId = 'w1', limit = 10) =>
  claimJobs(database.db, { workerId, names: [name], limit, leaseMs: 60_000, now });

describe('enqueue', () => {
  it('adds a job only when the transaction that enqueued it commits', async () => {
    await expect(database.db.transaction(async (tx) => {
      await enqueue(tx, { name: 'svc.rollback', payload: { n: 1 } });
      await emit(tx, 'svc.rolled_back', { n: 1 });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect((await listJobs(database.db, { name: 'svc.rollback', limit: 10 })).items).toHaveLength(0);
    expect(await countPendingEvents(database.db)).toBe(0);

    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.rollback', payload: { n: 2 } }));
    expect(job).toMatchObject({ status: 'queued', attempts: 0, maxAttempts: 5, payload: { n: 2 } });
    expect((await listJobs(database.db, { name: 'svc.rollback', limit: 10 })).items.map((j) => j.id)).toEqual([job.id]);
  });

  it('keeps a null payload as JSON null', async () => {
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.null_payload' }));
    expect((await getJob(database.db, job.id)).payload).toBeNull();
  });

  it('returns the active job for a singleton key instead of queuing a second one', async () => {
    const a = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.single', singletonKey: 'reindex', payload: 1 }));
    const b = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.single', singletonKey: 'reindex', payload: 2 }));
    expect(b.id).toBe(a.id);
    expect(b.payload).toBe(1);
    // Still held while running …
    const [running] = await claim('svc.single', plus(0));
    const c = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.single', singletonKey: 'reindex' }));
    expect(c.id).toBe(a.id);
    // … and free again once the job finished.
    await completeJob(database.db, lease(running!), { now: plus(1) });
    const d = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.single', singletonKey: 'reindex' }));
    expect(d.id).not.toBe(a.id);
    expect((await listJobs(database.db, { name: 'svc.single', limit: 10 })).items).toHaveLength(2);
  });

  it('uses an "ever" singleton key once, even after its job finished', async () => {
    const opts = { name: 'svc.once', singletonKey: 'welcome:acc_1', singletonScope: 'ever' as const };
    const a = await database.db.transaction((tx) => enqueue(tx, opts));
    const [running] = await claim('svc.once', plus(0));
    await completeJob(database.db, lease(running!), { now: plus(1) });
    const b = await database.db.transaction((tx) => enqueue(tx, opts));
    expect(b).toMatchObject({ id: a.id, status: 'done' });
    expect((await listJobs(database.db, { name: 'svc.once', limit: 10 })).items).toHaveLength(1);
  });

  it('rejects malformed event names and attempt counts', async () => {
    await expect(database.db.transaction((tx) => emit(tx, 'OrderPlaced', {}))).rejects.toThrow(/<domain>\.<past_tense>/);
    await expect(database.db.transaction((tx) => enqueue(tx, { name: 'svc.bad', maxAttempts: 0 }))).rejects.toThrow(/maxAttempts/);
  });
});

describe('claim, complete and fail', () => {
  it('claims only due jobs, each once, and leases them', async () => {
    const ids = await database.db.transaction(async (tx) => [
      (await enqueue(tx, { name: 'svc.claim', runAt: plus(0) })).id,
      (await enqueue(tx, { name: 'svc.claim', runAt: plus(5_000) })).id,
    ]);
    const first = await claim('svc.claim', plus(1_000), 'w1');
    expect(first.map((j) => j.id)).toEqual([ids[0]]);
    expect(first[0]).toMatchObject({ status: 'running', attempts: 1, lockedBy: 'w1', lockedUntil: plus(61_000) });
    expect(await claim('svc.claim', plus(1_000), 'w2')).toEqual([]);
    expect((await claim('svc.claim', plus(5_000), 'w2')).map((j) => j.id)).toEqual([ids[1]]);
  });

  it('retries with exponential backoff, then moves the job to the dead letters', async () => {
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.flaky', maxAttempts: 3, runAt: plus(0) }));
    const backoff = { baseMs: 10_000, maxMs: 15_000 };

    const [a1] = await claim('svc.flaky', plus(0));
    const f1 = await failJob(database.db, lease(a1!), new Error('smtp down'), { now: plus(0), backoff });
    expect(f1).toMatchObject({ status: 'queued', attempts: 1, lastError: 'smtp down', lockedBy: null, runAt: plus(10_000) });
    expect(await claim('svc.flaky', plus(9_999))).toEqual([]);

    const [a2] = await claim('svc.flaky', plus(10_000));
    expect(a2).toMatchObject({ id: job.id, attempts: 2 });
    const f2 = await failJob(database.db, lease(a2!), new Error('smtp down'), { now: plus(10_000), backoff });
    // 2 × 10 s would be 20 s; capped at 15 s.
    expect(f2).toMatchObject({ status: 'queued', attempts: 2, runAt: plus(25_000) });

    const [a3] = await claim('svc.flaky', plus(25_000));
    const f3 = await failJob(database.db, lease(a3!), new TypeError('still down'), { now: plus(26_000), backoff });
    expect(f3).toMatchObject({ status: 'dead', attempts: 3, lastError: 'TypeError: still down', finishedAt: plus(26_000) });
    expect(await claim('svc.flaky', plus(3_600_000))).toEqual([]);
    expect((await listJobs(database.db, { status: 'dead', name: 'svc.flaky', limit: 10 })).items.map((j) => j.id)).toEqual([job.id]);
  });

  it('dead-letters a permanent failure at once', async () => {
    await database.db.transaction((tx) => enqueue(tx, { name: 'svc.permanent', runAt: plus(0) }));
    const [a] = await claim('svc.permanent', plus(0));
    expect(await failJob(database.db, lease(a!), new Error('bad payload'), { now: plus(0), permanent: true }))
      .toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('stores one line of the message, truncated, never the stack', () => {
    const err = new Error(`line one\n${'x'.repeat(2000)}`);
    const msg = errorMessage(err);
    expect(msg.length).toBe(1000);
    expect(msg).toMatch(/^line one x+…$/);
    expect(msg).not.toContain('at ');
    expect(errorMessage('plain')).toBe('plain');
  });

  it('ignores the result of a worker whose lease expired and was handed on', async () => {
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.lease', runAt: plus(0), maxAttempts: 2 }));
    const [a1] = await claimJobs(database.db, { workerId: 'crashed', names: ['svc.lease'], limit: 1, leaseMs: 1_000, now: plus(0) });
    // Other tests leave running jobs behind; look only at this one.
    const mine = (jobs: Job[]) => jobs.filter((j) => j.id === job.id);
    expect(mine(await requeueExpiredJobs(database.db, { now: plus(999) }))).toEqual([]);
    const swept = mine(await requeueExpiredJobs(database.db, { now: plus(1_001) }));
    expect(swept.map((j) => j.status)).toEqual(['queued']);
    expect(swept[0]!.lastError).toMatch(/lease of worker crashed expired/);
    const [a2] = await claim('svc.lease', plus(1_001), 'w2');
    expect(a2).toMatchObject({ id: job.id, attempts: 2, lockedBy: 'w2' });
    // The first worker comes back late: its result is not recorded.
    expect(await completeJob(database.db, lease(a1!, 'crashed'))).toBeNull();
    expect(await failJob(database.db, lease(a1!, 'crashed'), new Error('late'))).toBeNull();
    expect((await getJob(database.db, job.id)).status).toBe('running');
    // The second worker's lease expires too: that was the last attempt.
    const dead = mine(await requeueExpiredJobs(database.db, { now: plus(62_000) }));
    expect(dead.map((j) => j.status)).toEqual(['dead']);
  });
});

describe('admin operations', () => {
  it('retries a dead job with its attempts reset', async () => {
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.retry', maxAttempts: 1, runAt: plus(0) }));
    const [a] = await claim('svc.retry', plus(0));
    await failJob(database.db, lease(a!), new Error('nope'), { now: plus(0) });
    const { before, after } = await database.db.transaction((tx) => retryJob(tx, job.id, { now: plus(100) }));
    expect(before).toMatchObject({ status: 'dead', attempts: 1 });
    expect(after).toMatchObject({ status: 'queued', attempts: 0, runAt: plus(100), finishedAt: null, lastError: 'nope' });
    const [again] = await claim('svc.retry', plus(100));
    expect(again).toMatchObject({ id: job.id, attempts: 1 });
    await completeJob(database.db, lease(again!));
    await expect(database.db.transaction((tx) => retryJob(tx, job.id))).rejects.toBeInstanceOf(JobNotRetryable);
  });

  it('retries a failed job waiting for its backoff at once, but not a fresh or running one', async () => {
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.retry_wait', runAt: plus(0) }));
    await expect(database.db.transaction((tx) => retryJob(tx, job.id))).rejects.toMatchObject({ code: 'jobs.not_retryable' });
    const [a] = await claim('svc.retry_wait', plus(0));
    await expect(database.db.transaction((tx) => retryJob(tx, job.id))).rejects.toBeInstanceOf(JobNotRetryable);
    await failJob(database.db, lease(a!), new Error('later'), { now: plus(0) });
    const { after } = await database.db.transaction((tx) => retryJob(tx, job.id, { now: plus(1) }));
    expect(after).toMatchObject({ status: 'queued', attempts: 0, runAt: plus(1) });
  });

  it('refuses to retry a job whose singleton key another job holds', async () => {
    const old = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.retry_single', singletonKey: 'k1', maxAttempts: 1, runAt: plus(0) }));
    const [a] = await claim('svc.retry_single', plus(0));
    await failJob(database.db, lease(a!), new Error('x'), { now: plus(0) });
    const fresh = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.retry_single', singletonKey: 'k1' }));
    expect(fresh.id).not.toBe(old.id);
    await expect(database.db.transaction((tx) => retryJob(tx, old.id))).rejects.toMatchObject({
      code: 'jobs.singleton_active', meta: { activeJobId: fresh.id } });
    await expect(database.db.transaction((tx) => retryJob(tx, old.id))).rejects.toBeInstanceOf(JobSingletonActive);
  });

  it('cancels a queued job so it never runs, and refuses other states', async () => {
    const job = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.cancel', runAt: plus(0) }));
    const { before, after } = await database.db.transaction((tx) => cancelJob(tx, job.id, { now: plus(5) }));
    expect([before.status, after.status, after.finishedAt]).toEqual(['queued', 'cancelled', plus(5)]);
    expect(await claim('svc.cancel', plus(10))).toEqual([]);
    await expect(database.db.transaction((tx) => cancelJob(tx, job.id))).rejects.toBeInstanceOf(JobNotCancellable);
    const running = await database.db.transaction((tx) => enqueue(tx, { name: 'svc.cancel2', runAt: plus(0) }));
    await claim('svc.cancel2', plus(0));
    await expect(database.db.transaction((tx) => cancelJob(tx, running.id))).rejects.toMatchObject({ code: 'jobs.not_cancellable', status: 409 });
    // A cancelled job can be brought back by an operator.
    expect((await database.db.transaction((tx) => retryJob(tx, job.id))).after.status).toBe('queued');
  });

  it('answers not found for unknown ids', async () => {
    await expect(getJob(database.db, 'job_01HZZZZZZZZZZZZZZZZZZZZZZZ')).rejects.toBeInstanceOf(JobNotFound);
    await expect(database.db.transaction((tx) => retryJob(tx, 'job_x'))).rejects.toMatchObject({ code: 'jobs.not_found', status: 404 });
    await expect(database.db.transaction((tx) => cancelJob(tx, 'job_x'))).rejects.toBeInstanceOf(JobNotFound);
  });

  it('lists newest first, filters, and pages without gaps or repeats', async () => {
    const ids = await database.db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 7; i++) out.push((await enqueue(tx, { name: 'svc.list', payload: i })).id);
      return out;
    });
    await database.db.transaction((tx) => cancelJob(tx, ids[2]!));
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const res = await listJobs(database.db, { name: 'svc.list', limit: 3, cursor });
      seen.push(...res.items.map((j) => j.id));
      if (!res.nextCursor) break;
      cursor = res.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    const cancelled = await listJobs(database.db, { name: 'svc.list', status: 'cancelled', limit: 10 });
    expect(cancelled).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
  });
});

describe('outbox', () => {
  it('fans an event out once per subscriber, even when dispatched twice', async () => {
    const evt = await database.db.transaction((tx) => emit(tx, 'svc.fanned_out', { orderId: 'ord_1' }));
    const subs = { 'svc.fanned_out': ['svc-mail', 'svc-webhook'] };
    const first = await database.db.transaction((tx) => dispatchOutbox(tx, subs));
    expect(first).toEqual({ events: 1, jobs: 2 });
    expect(await countPendingEvents(database.db)).toBe(0);
    expect(await database.db.transaction((tx) => dispatchOutbox(tx, subs))).toEqual({ events: 0, jobs: 0 });

    const mail = (await listJobs(database.db, { name: 'event:svc-mail', limit: 10 })).items;
    expect(mail).toEqual([expect.objectContaining({
      singletonKey: `${evt.id}:svc-mail`,
      payload: { id: evt.id, name: 'svc.fanned_out', payload: { orderId: 'ord_1' }, createdAt: evt.createdAt.toISOString() },
    })]);
    expect((await listJobs(database.db, { name: 'event:svc-webhook', limit: 10 })).items).toHaveLength(1);
  });

  it('does not deliver an event whose transaction rolled back', async () => {
    await expect(database.db.transaction(async (tx) => {
      await emit(tx, 'svc.never_happened', {});
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    expect(await database.db.transaction((tx) => dispatchOutbox(tx, { 'svc.never_happened': ['svc-x'] }))).toEqual({ events: 0, jobs: 0 });
  });
});

describe('pruning', () => {
  it('deletes old done and cancelled jobs and dispatched events, keeps dead letters', async () => {
    const [done, dead, cancelled, recent] = await database.db.transaction(async (tx) => [
      await enqueue(tx, { name: 'svc.prune_done', runAt: plus(0) }),
      await enqueue(tx, { name: 'svc.prune_dead', runAt: plus(0), maxAttempts: 1 }),
      await enqueue(tx, { name: 'svc.prune_cancelled', runAt: plus(0) }),
      await enqueue(tx, { name: 'svc.prune_recent', runAt: plus(0) }),
    ]);
    const [d] = await claim('svc.prune_done', plus(0));
    await completeJob(database.db, lease(d!), { now: plus(0) });
    const [x] = await claim('svc.prune_dead', plus(0));
    await failJob(database.db, lease(x!), new Error('x'), { now: plus(0) });
    await database.db.transaction((tx) => cancelJob(tx, cancelled!.id, { now: plus(0) }));
    const [r] = await claim('svc.prune_recent', plus(0));
    await completeJob(database.db, lease(r!), { now: plus(10 * 86_400_000) });

    const res = await pruneJobs(database.db, plus(86_400_000));
    expect(res.jobs).toBeGreaterThanOrEqual(2);
    await expect(getJob(database.db, done!.id)).rejects.toBeInstanceOf(JobNotFound);
    await expect(getJob(database.db, cancelled!.id)).rejects.toBeInstanceOf(JobNotFound);
    expect((await getJob(database.db, dead!.id)).status).toBe('dead');
    expect((await getJob(database.db, recent!.id)).status).toBe('done');
  });
});
