import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { LEDGER_INTEGRITY_JOB, ensureAccount, financeJobs, postEntry } from '../../src/modules/finance/index.js';
import { jobDefinitions } from '../../src/background.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
const ctx = systemContext('integrity test');
const logged: Array<{ level: string; msg: string }> = [];
const logger = {
  info: (_o: unknown, msg?: string) => { logged.push({ level: 'info', msg: msg ?? '' }); },
  warn: (_o: unknown, msg?: string) => { logged.push({ level: 'warn', msg: msg ?? '' }); },
  error: (_o: unknown, msg?: string) => { logged.push({ level: 'error', msg: msg ?? '' }); },
  debug: () => {},
};
const runJob = () => financeJobs.handlers[LEDGER_INTEGRITY_JOB]!(null, { db: t.platform.db, signal: new AbortController().signal, logger } as never);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
  await t.platform.db.transaction(async (tx) => {
    await ensureAccount(tx, { code: 'psp:sandbox', kind: 'asset', name: '沙箱支付' });
    await postEntry(tx, ctx, { kind: 'payment.succeeded', sourceType: 'payment', sourceId: newId('pay'), lines: [
      { account: 'psp:sandbox', amount: 1_000 }, { account: 'clearing:consumer', amount: -1_000 }] });
  });
});
afterAll(async () => { await t.close(); });

describe('ledger integrity check (MS-FIN-02)', () => {
  it('is scheduled hourly with the platform jobs', () => {
    const defs = jobDefinitions(t.platform);
    expect(defs.handlers[LEDGER_INTEGRITY_JOB]).toBeTypeOf('function');
    expect(defs.crons).toContainEqual({ name: 'finance-integrity', pattern: '0 * * * *', job: LEDGER_INTEGRITY_JOB });
  });

  it('passes on a sound ledger', async () => {
    await expect(runJob()).resolves.toBeUndefined();
    expect(logged.at(-1)).toEqual({ level: 'info', msg: 'ledger integrity verified' });
    expect((await t.call('GET', '/api/admin/finance/integrity', { token: admin })).json().ok).toBe(true);
  });

  it('fails the job and reports the damage when the ledger was tampered with behind the triggers', async () => {
    // Only a superuser can do this: switch the guards off, add a stray posting and an orphan, switch them on.
    const [e] = (await t.call('GET', '/api/admin/finance/entries?kind=payment.succeeded', { token: admin })).json().items;
    await t.platform.db.transaction(async (tx) => {
      await tx.execute(sql`alter table finance_posting disable trigger all`);
      await tx.execute(sql`insert into finance_posting (id, entry_id, account_code, amount) values (${newId('pst')}, ${e.id}, 'psp:sandbox', 5)`);
      await tx.execute(sql`insert into finance_posting (id, entry_id, account_code, amount) values (${newId('pst')}, ${newId('jnl')}, 'psp:sandbox', -2)`);
      await tx.execute(sql`alter table finance_posting enable trigger all`);
    });
    await expect(runJob()).rejects.toThrow(/ledger integrity broken/);
    expect(logged.at(-1)).toEqual({ level: 'error', msg: 'LEDGER INTEGRITY BROKEN' });
    const res = (await t.call('GET', '/api/admin/finance/integrity', { token: admin })).json();
    expect(res).toMatchObject({ ok: false, grandTotal: { amount: 3 }, orphanPostings: 1, unbalancedEntries: [{ entryId: e.id, sum: 5, postings: 3 }] });
    expect(res.problems).toHaveLength(3);
    const tb = (await t.call('GET', '/api/admin/finance/trial-balance', { token: admin })).json();
    expect(tb.balanced).toBe(false);
  });
});
