import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUDIT_VERIFY_JOB, PURGE_SESSIONS_JOB, jobDefinitions } from '../../src/background.js';
import { rows } from '../../src/platform/db/client.js';
import { createJobRunner, enqueue, getJob } from '../../src/platform/jobs/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const runner = () => createJobRunner({ db: t.platform.db, pollMs: 20, ...jobDefinitions(t.platform) });

it('schedules the audit check, session purge and job pruning as crons', () => {
  const crons = jobDefinitions(t.platform).crons.map((c) => c.job);
  expect(crons).toEqual(expect.arrayContaining([AUDIT_VERIFY_JOB, PURGE_SESSIONS_JOB, 'jobs.prune']));
});

it('the scheduled audit check passes on an intact chain and fails loudly on an altered one (PL-SEC-01)', async () => {
  const ok = await t.platform.db.transaction((tx) => enqueue(tx, { name: AUDIT_VERIFY_JOB, payload: {} }));
  await runner().drain();
  expect((await getJob(t.platform.db, ok.id)).status).toBe('done');

  await t.platform.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  await t.platform.db.execute(sql`update audit_log set action = 'forged' where seq = 2`);
  const bad = await t.platform.db.transaction((tx) => enqueue(tx, { name: AUDIT_VERIFY_JOB, payload: {}, maxAttempts: 1 }));
  await runner().drain();
  const job = await getJob(t.platform.db, bad.id);
  expect(job.status).toBe('dead');
  expect(job.lastError).toMatch(/entry 2/);
});

it('purges sessions that ended long ago', async () => {
  await t.login('consumer@shiji.test');
  await t.platform.db.execute(sql`update identity_session set absolute_expires_at = now() - interval '40 days'`);
  await t.platform.db.transaction((tx) => enqueue(tx, { name: PURGE_SESSIONS_JOB, payload: {} }));
  await runner().drain();
  expect(await rows(t.platform.db, sql`select id from identity_session`)).toEqual([]);
});
