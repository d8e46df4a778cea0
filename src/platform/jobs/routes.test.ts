import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { claimJobs, enqueue, failJob, type Job } from './index.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
});
afterAll(async () => { await t.close(); });

/** A job that failed its only attempt: a dead letter. */
async function deadJob(name: string, payload: unknown): Promise<Job> {
  const job = await t.platform.db.transaction((tx) => enqueue(tx, { name, payload, maxAttempts: 1 }));
  const [claimed] = await claimJobs(t.platform.db, { workerId: 'test', names: [name], limit: 1, leaseMs: 60_000 });
  expect(claimed?.id).toBe(job.id);
  return (await failJob(t.platform.db, { id: job.id, workerId: 'test', attempt: 1 }, new Error('mailbox unavailable')))!;
}

async function auditFor(jobId: string) {
  const res = await t.call('GET', `/api/admin/audit?resourceType=job&resourceId=${jobId}`, { token: admin });
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: Array<{ action: string; actorId: string | null; changes: Record<string, unknown> }> }).items;
}

describe('jobs admin API', () => {
  it('lists the dead letters with their last error, personal data masked', async () => {
    const dead = await deadJob('route.mail', { email: 'alice@example.com', orderId: 'ord_1' });
    const res = await t.call('GET', '/api/admin/jobs?status=dead&name=route.mail', { token: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [expect.objectContaining({
        id: dead.id, name: 'route.mail', status: 'dead', attempts: 1, maxAttempts: 1, lastError: 'mailbox unavailable',
        payload: { email: 'a***@example.com', orderId: 'ord_1' }, finishedAt: expect.any(String), lockedBy: null,
      })],
      nextCursor: null,
    });
  });

  it('pages with an opaque cursor and validates the query strictly', async () => {
    const ids = await t.platform.db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 5; i++) out.push((await enqueue(tx, { name: 'route.page', payload: i, runAt: new Date(Date.now() + 3_600_000) })).id);
      return out;
    });
    const first = (await t.call('GET', '/api/admin/jobs?name=route.page&limit=2', { token: admin })).json();
    const second = (await t.call('GET', `/api/admin/jobs?name=route.page&limit=2&cursor=${first.nextCursor}`, { token: admin })).json();
    const third = (await t.call('GET', `/api/admin/jobs?name=route.page&limit=2&cursor=${second.nextCursor}`, { token: admin })).json();
    expect([...first.items, ...second.items, ...third.items].map((j: { id: string }) => j.id)).toEqual([...ids].reverse());
    expect(third.nextCursor).toBeNull();

    const bad = async (qs: string) => {
      const r = await t.call('GET', `/api/admin/jobs?${qs}`, { token: admin });
      return [r.statusCode, r.json().code];
    };
    expect(await bad('status=sleeping')).toEqual([400, 'validation_failed']);
    expect(await bad('limit=ten')).toEqual([400, 'validation_failed']);
    expect(await bad('limit=101')).toEqual([400, 'validation_failed']);
    expect(await bad('colour=red')).toEqual([400, 'validation_failed']);
    expect(await bad('cursor=not-a-cursor')).toEqual([422, 'http.bad_cursor']);
  });

  it('shows one job and answers 404 for an unknown or malformed id', async () => {
    const dead = await deadJob('route.one', { n: 1 });
    const res = await t.call('GET', `/api/admin/jobs/${dead.id}`, { token: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: dead.id, status: 'dead', runAt: dead.runAt.toISOString() });
    for (const id of ['job_01HZZZZZZZZZZZZZZZZZZZZZZZ', 'nonsense']) {
      const missing = await t.call('GET', `/api/admin/jobs/${id}`, { token: admin });
      expect([missing.statusCode, missing.json().code]).toEqual([404, 'jobs.not_found']);
    }
  });

  it('retries a dead letter and audits who did it and why', async () => {
    const dead = await deadJob('route.retry', { n: 1 });
    const res = await t.call('POST', `/api/admin/jobs/${dead.id}/retry`, { token: admin, body: { reason: 'mail server is back' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: dead.id, status: 'queued', attempts: 0, finishedAt: null });
    const [entry] = await auditFor(dead.id);
    expect(entry).toMatchObject({
      action: 'jobs.retried', actorId: expect.stringMatching(/^acc_/),
      changes: { name: 'route.retry', status: { from: 'dead', to: 'queued' }, attempts: { from: 1, to: 0 }, reason: 'mail server is back' },
    });

    const again = await t.call('POST', `/api/admin/jobs/${dead.id}/retry`, { token: admin });
    expect([again.statusCode, again.json().code]).toEqual([409, 'jobs.not_retryable']);
    expect(await auditFor(dead.id)).toHaveLength(1);
  });

  it('cancels a queued job once, without a body, and refuses unknown body fields', async () => {
    const job = await t.platform.db.transaction((tx) => enqueue(tx, { name: 'route.cancel', runAt: new Date(Date.now() + 3_600_000) }));
    const strict = await t.call('POST', `/api/admin/jobs/${job.id}/cancel`, { token: admin, body: { reason: 'x', force: true } });
    expect([strict.statusCode, strict.json().code]).toEqual([400, 'validation_failed']);
    const res = await t.call('POST', `/api/admin/jobs/${job.id}/cancel`, { token: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: job.id, status: 'cancelled' });
    expect(await auditFor(job.id)).toEqual([expect.objectContaining({
      action: 'jobs.cancelled', changes: { name: 'route.cancel', status: { from: 'queued', to: 'cancelled' }, attempts: { from: 0, to: 0 } } })]);
    const again = await t.call('POST', `/api/admin/jobs/${job.id}/cancel`, { token: admin });
    expect([again.statusCode, again.json().code]).toEqual([409, 'jobs.not_cancellable']);
  });

  it('is for operator staff with the jobs permissions only', async () => {
    const dead = await deadJob('route.guarded', {});
    expect((await t.call('GET', '/api/admin/jobs')).statusCode).toBe(401);
    const seller = await t.login('seller1@shiji.test');
    const res = await t.call('POST', `/api/admin/jobs/${dead.id}/retry`, { token: seller });
    expect([res.statusCode, res.json().code]).toEqual([403, 'auth.forbidden']);
    expect((await t.call('GET', `/api/admin/jobs/${dead.id}`, { token: admin })).json().status).toBe('dead');
  });

  it('describes the routes and the Job schema in the OpenAPI document', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/admin/jobs', '/api/admin/jobs/{id}', '/api/admin/jobs/{id}/retry', '/api/admin/jobs/{id}/cancel']));
    expect(doc.paths['/api/admin/jobs'].get.tags).toEqual(['jobs']);
    expect(doc.components.schemas.Job.properties.status).toBeDefined();
  });
});
