import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chargeSignature, getPayment, payUrl, previousDate, RECONCILE_JOB, reconcileDay, shanghaiDate } from '../../src/modules/payment/index.js';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { enqueue, getJob } from '../../src/platform/jobs/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CREDS, count, deliver, freePort, newPayment, payForm, paymentFixture, postPayPage, runJobs, txnOf, type PaymentFixture } from './payment-helpers.js';

let t: TestApp;
let f: PaymentFixture;
const RETURN = '/checkout/return';

beforeAll(async () => {
  const port = await freePort();
  t = await createTestApp({ port });
  await t.app.listen({ port, host: '127.0.0.1' });
  f = await paymentFixture(t);
});
afterAll(async () => { await t.close(); });

async function payAtSandbox(amount: number) {
  const p = await newPayment(t, f.consumerId, { amount });
  const res = await postPayPage(t, payForm(await payUrl(t.platform.db, t.platform.keyring, p.id, RETURN), 'pay'));
  expect(res.statusCode).toBe(303);
  return p;
}

type Exception = { kind: string; subjectType: string; subjectRef: string; status: string; dueAt: string; id: string; providerRecord: unknown; platform: unknown };

it('finds every kind of difference between our records and the sandbox statement and assigns them to finance with a due time (PL-PAY-07)', async () => {
  const matched = await payAtSandbox(10_000);
  const amountDiffers = await payAtSandbox(20_000);
  await runJobs(t); // both notifications delivered over HTTP: both succeeded on the platform
  expect((await getPayment(t.platform.db, matched.id)).status).toBe('succeeded');
  // The provider's books later show another amount for one charge.
  await t.platform.db.execute(sql`update payment_sandbox_txn set amount = amount + 1 where merchant_ref = ${amountDiffers.id}`);
  // Paid at the provider, notification not delivered yet: still pending here.
  const notNotified = await payAtSandbox(30_000);
  // Charged at the provider for a payment we never recorded.
  const unknownId = newId('pay');
  const exp = Math.floor(Date.now() / 1000) + 600;
  const params = { merchantId: CREDS.merchantId, paymentId: unknownId, amount: 4_000, currency: 'CNY', subject: '?', expiresAt: exp, returnUrl: RETURN };
  const q = new URLSearchParams({ mid: CREDS.merchantId, pid: unknownId, amt: '4000', cur: 'CNY', sub: '?', exp: String(exp), ret: RETURN,
    sig: chargeSignature(CREDS.apiKey, params) });
  expect((await postPayPage(t, payForm(`/sandbox-pay/pay?${q}`, 'pay'))).statusCode).toBe(303);
  // Succeeded on the platform, unknown to the provider.
  const phantom = await newPayment(t, f.consumerId, { amount: 5_000 });
  expect((await deliver(t, txnOf('charge', phantom.id, 'succeeded', 5_000))).json().status).toBe('applied');

  const today = shanghaiDate(new Date());
  const tomorrow = new Date(Date.now() + 86_400_000);
  const ctx = systemContext('test reconciliation');
  const run = await reconcileDay(t.platform.db, t.platform.keyring, ctx, 'sandbox', today, tomorrow);
  expect(run).toMatchObject({ statementDate: today, matched: 1, exceptions: 4, newExceptions: 4 });
  expect(run.platformTotal.amount).toBe(10_000 + 20_000 + 5_000);
  expect(run.providerTotal.amount).toBe(10_000 + 20_001 + 30_000 + 4_000);

  const list = await t.call('GET', `/api/admin/payment/reconciliation-exceptions?runId=${run.id}&limit=100`, { token: f.admin });
  expect(list.statusCode).toBe(200);
  const found = list.json().items as Exception[];
  const byRef = Object.fromEntries(found.map((e) => [e.subjectRef, e.kind]));
  expect(byRef).toEqual({
    [amountDiffers.id]: 'amount_mismatch', [notNotified.id]: 'status_mismatch', [unknownId]: 'missing_on_platform', [phantom.id]: 'missing_at_provider',
  });
  for (const e of found) {
    expect(e.status).toBe('open');
    expect(new Date(e.dueAt).getTime()).toBeGreaterThan(Date.now());
  }
  expect(found.find((e) => e.subjectRef === unknownId)).toMatchObject({ platform: null, providerRecord: { status: 'succeeded', amount: 4_000 } });

  // Finance resolves one; re-running the day changes counts only and never reopens or duplicates.
  const resolved = found.find((e) => e.kind === 'amount_mismatch')!;
  const res = await t.call('POST', `/api/admin/payment/reconciliation-exceptions/${resolved.id}/resolve`, { token: f.admin,
    body: { resolution: '安付确认其账单金额录入错误，已更正。' } });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ status: 'resolved', resolvedBy: f.adminId });
  expect((await t.call('POST', `/api/admin/payment/reconciliation-exceptions/${resolved.id}/resolve`, { token: f.admin, body: { resolution: 'x' } })).statusCode)
    .toBe(409);

  await runJobs(t); // the late notification arrives: that payment succeeds here too
  expect((await getPayment(t.platform.db, notNotified.id)).status).toBe('succeeded');
  const rerun = await reconcileDay(t.platform.db, t.platform.keyring, ctx, 'sandbox', today, tomorrow);
  expect(rerun).toMatchObject({ id: run.id, matched: 2, exceptions: 3, newExceptions: 0 });
  expect(await count(t, sql`select count(*)::int as n from payment_reconciliation_exception where run_id = ${run.id}`)).toBe(4);
  expect(await count(t, sql`select count(*)::int as n from payment_reconciliation_exception where id = ${resolved.id} and status = 'resolved'`)).toBe(1);
  expect(await count(t, sql`select count(*)::int as n from audit_log where action = 'payment.reconciled' and resource_id = ${run.id}`)).toBe(2);

  const runs = (await t.call('GET', '/api/admin/payment/reconciliations?provider=sandbox', { token: f.admin })).json().items;
  expect(runs[0]).toMatchObject({ id: run.id, matched: 2, exceptions: 3 });
});

it('reconciles only finished days through the admin route, and the daily job reconciles yesterday', async () => {
  const today = shanghaiDate(new Date());
  const now = await t.call('POST', '/api/admin/payment/reconciliations', { token: f.admin, body: { providerCode: 'sandbox', date: today } });
  expect(now.statusCode).toBe(422);
  expect(now.json().code).toBe('payment.invalid_statement_date');
  const bad = await t.call('POST', '/api/admin/payment/reconciliations', { token: f.admin, body: { providerCode: 'sandbox', date: '2026-13-01' } });
  expect(bad.statusCode).toBe(400);
  const unknown = await t.call('POST', '/api/admin/payment/reconciliations', { token: f.admin, body: { providerCode: 'nosuch', date: '2026-01-01' } });
  expect(unknown.statusCode).toBe(404);
  const before = await count(t, sql`select count(*)::int as n from payment_reconciliation_run`);
  expect(before).toBe(1);

  const job = await t.platform.db.transaction((tx) => enqueue(tx, { name: RECONCILE_JOB, payload: {} }));
  await runJobs(t);
  expect((await getJob(t.platform.db, job.id)).status).toBe('done');
  const runs = (await t.call('GET', '/api/admin/payment/reconciliations', { token: f.admin })).json().items as Array<{ statementDate: string; exceptions: number }>;
  expect(runs.find((r) => r.statementDate === previousDate(today))).toMatchObject({ exceptions: 0 });

  const seller = await t.login('seller1@shiji.test');
  expect((await t.call('POST', '/api/admin/payment/reconciliations', { token: seller, body: { providerCode: 'sandbox', date: '2026-01-01' } })).statusCode).toBe(403);
});
