import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyPendingNotifications, cancelPayment, createPayment, getPayment, getTransfer, onPaymentSettled, paymentAdapter, payUrl, registerPaymentAdapter,
  requestRefund, requestTransfer, type PaymentSettled, type RefundSettled, type TransferSettled,
} from '../../src/modules/payment/index.js';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { onRealPostgres } from '../helpers/db.js';
import { CREDS, count, deliver, freePort, ledgerEntries, newPayment, payForm, paymentFixture, postPayPage, runJobs, txnOf, type PaymentFixture } from './payment-helpers.js';

let t: TestApp;
let f: PaymentFixture;
const heard: { payment: PaymentSettled[]; refund: RefundSettled[]; transfer: TransferSettled[] } = { payment: [], refund: [], transfer: [] };
const ctx = systemContext('payment test');
const RETURN = '/checkout/return';

beforeAll(async () => {
  const port = await freePort();
  t = await createTestApp({ port });
  // The sandbox delivers notifications over real HTTP to http://127.0.0.1:<port>.
  await t.app.listen({ port, host: '127.0.0.1' });
  f = await paymentFixture(t);
  onPaymentSettled('payment', async (_tx, e) => { heard.payment.push(e); });
  onPaymentSettled('refund', async (_tx, e) => { heard.refund.push(e); });
  onPaymentSettled('transfer', async (_tx, e) => { heard.transfer.push(e); });
});
afterAll(async () => { await t.close(); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Runs due jobs, waits for the sandbox to complete refunds and transfers, runs the notifications it queued. */
async function settleSandbox(): Promise<void> {
  await runJobs(t);
  await sleep(1100);
  await runJobs(t);
}
const notificationsOf = (ref: string) => count(t, sql`select count(*)::int as n from payment_notification where subject_ref = ${ref}`);
const eventsOf = (id: string) => count(t, sql`select count(*)::int as n from payment_event where subject_id = ${id}`);
const sandboxCharges = (paymentId: string) => count(t, sql`select count(*)::int as n from payment_sandbox_txn where kind = 'charge' and merchant_ref = ${paymentId}`);
const refundsOf = (paymentId: string) => count(t, sql`select count(*)::int as n from payment_refund where payment_id = ${paymentId}`);

/** A payment that succeeded through a signed notification. */
async function paidPayment(amount = 12_900) {
  const p = await newPayment(t, f.consumerId, { amount });
  const res = await deliver(t, txnOf('charge', p.id, 'succeeded', amount));
  expect(res.json().status).toBe('applied');
  return getPayment(t.platform.db, p.id);
}

/** A payment paid at the sandbox's pay page, its notification delivered over HTTP (the provider has the charge in its books). */
async function paidAtSandbox(amount = 12_900) {
  const p = await newPayment(t, f.consumerId, { amount });
  const res = await postPayPage(t, payForm(await payUrl(t.platform.db, t.platform.keyring, p.id, RETURN), 'pay'));
  expect(res.statusCode).toBe(303);
  await runJobs(t);
  const paid = await getPayment(t.platform.db, p.id);
  expect(paid.status).toBe('succeeded');
  return paid;
}

describe('provider records (PL-PAY-01, PL-PAY-03, PL-PAY-08)', () => {
  it('seeds the sandbox provider as offerable under a contract in force, and never returns or audits its credentials', async () => {
    const res = await t.call('GET', '/api/admin/payment/providers', { token: f.admin });
    expect(res.statusCode).toBe(200);
    const sandbox = res.json().items.find((p: { code: string }) => p.code === 'sandbox');
    expect(sandbox).toMatchObject({ name: '安付支付 沙箱', status: 'active', qualification: 'approved', offerable: true, adapterInstalled: true,
      credentialsSet: true, currentContract: { number: 'AF-SBX-2026-001', validFrom: '2026-01-01', validTo: '2027-12-31', inForce: true } });
    const orgs = (await t.call('GET', '/api/admin/organisations?kind=payment', { token: f.admin })).json().items as Array<{ id: string; name: string }>;
    expect(sandbox.orgId).toBe(orgs.find((o) => o.name === '安付支付')?.id);
    for (const secret of [CREDS.apiKey, CREDS.webhookSecret]) {
      expect(res.body).not.toContain(secret);
      expect(await count(t, sql`select count(*)::int as n from audit_log where changes::text like ${`%${secret}%`}`)).toBe(0);
      expect(await count(t, sql`select count(*)::int as n from payment_provider where credentials_enc like ${`%${secret}%`}`)).toBe(0);
    }
    const rotated = await t.call('POST', `/api/admin/payment/providers/${f.sandboxId}/credentials`, { token: f.admin, body: CREDS });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.body).not.toContain(CREDS.apiKey);
    expect(rotated.body).not.toContain(CREDS.webhookSecret);
    expect(rotated.json().credentialsRotatedAt).not.toBeNull();
    const stores = await t.call('GET', '/api/store/payment-providers');
    if (stores.statusCode === 200) expect(stores.body).not.toContain(CREDS.apiKey);
  });

  it('offers a provider only while it is active, approved and under a contract in force; otherwise payments are refused', async () => {
    registerPaymentAdapter('testpay', (deps) => paymentAdapter('sandbox', deps)!);
    const created = await t.call('POST', '/api/admin/payment/providers', { token: f.admin, body: {
      code: 'testpay', name: '测试支付', credentials: { merchantId: 'M-1', apiKey: 'testpay-key-0123456789', webhookSecret: 'testpay-secret-0123456789' } } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.body).not.toContain('testpay-key-0123456789');
    expect(created.json()).toMatchObject({ qualification: 'pending', offerable: false, currentContract: null });
    const tryPay = () => newPayment(t, f.consumerId, { providerCode: 'testpay' });
    await expect(tryPay()).rejects.toMatchObject({ code: 'payment.provider_not_offerable', status: 422 });

    expect((await t.call('PATCH', `/api/admin/payment/providers/${id}`, { token: f.admin, body: { qualification: 'approved' } })).statusCode).toBe(200);
    await expect(tryPay()).rejects.toMatchObject({ code: 'payment.provider_not_offerable', meta: { reason: 'no contract with it is in force' } });
    const expired = await t.call('POST', `/api/admin/payment/providers/${id}/contracts`, { token: f.admin, body: {
      number: 'TP-2020', parties: '平台 与 测试支付', validFrom: '2020-01-01', validTo: '2020-12-31', feeBp: 55 } });
    expect(expired.statusCode).toBe(201);
    expect(expired.json().inForce).toBe(false);
    await expect(tryPay()).rejects.toMatchObject({ code: 'payment.provider_not_offerable' });

    const current = await t.call('POST', `/api/admin/payment/providers/${id}/contracts`, { token: f.admin, body: {
      number: 'TP-NOW', parties: '平台 与 测试支付', validFrom: '2025-01-01', validTo: '2099-12-31', feeBp: 55, refundTerms: '原路退回' } });
    expect(current.statusCode).toBe(201);
    const offered = (await t.call('GET', '/api/store/payment-providers')).json();
    expect(JSON.stringify(offered)).toContain('testpay');
    expect((await tryPay()).status).toBe('pending');

    expect((await t.call('PATCH', `/api/admin/payment/providers/${id}`, { token: f.admin, body: { status: 'suspended' } })).json().offerable).toBe(false);
    await expect(tryPay()).rejects.toMatchObject({ code: 'payment.provider_not_offerable', meta: { reason: 'it is suspended' } });
    const dup = await t.call('POST', `/api/admin/payment/providers/${id}/contracts`, { token: f.admin, body: {
      number: 'TP-NOW', parties: 'x', validFrom: '2025-01-01', validTo: '2025-12-31', feeBp: 1 } });
    expect(dup.json().code).toBe('payment.contract_number_taken');
  });

  it('refuses bad provider and contract input with a problem and stores nothing', async () => {
    const before = await count(t, sql`select count(*)::int as n from payment_provider`);
    const bad = await t.call('POST', '/api/admin/payment/providers', { token: f.admin, body: {
      code: 'sandbox2', name: 'x', credentials: { merchantId: 'M', apiKey: 'short', webhookSecret: 'also-short' }, extra: true } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
    const unknown = await t.call('POST', '/api/admin/payment/providers', { token: f.admin, body: {
      code: 'alipay', name: '支付宝', credentials: { merchantId: 'M', apiKey: 'a'.repeat(20), webhookSecret: 'b'.repeat(20) } } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('payment.unknown_adapter');
    const backwards = await t.call('POST', `/api/admin/payment/providers/${f.sandboxId}/contracts`, { token: f.admin, body: {
      number: 'BAD', parties: 'x', validFrom: '2027-01-01', validTo: '2026-01-01', feeBp: 1 } });
    expect(backwards.json().code).toBe('payment.invalid_contract_period');
    expect(await count(t, sql`select count(*)::int as n from payment_provider`)).toBe(before);
    expect(await count(t, sql`select count(*)::int as n from payment_contract where number = 'BAD'`)).toBe(0);
  });
});

describe('signed notifications (webhook)', () => {
  it('rejects a forged notification with 401 and stores nothing', async () => {
    const p = await newPayment(t, f.consumerId);
    const res = await deliver(t, txnOf('charge', p.id, 'succeeded', p.amount.amount), { secret: 'not-the-webhook-secret-000' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('payment.notification_rejected');
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/webhooks/payments/sandbox', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ eventId: 'x' }) });
    expect(unsigned.statusCode).toBe(401);
    expect(await notificationsOf(p.id)).toBe(0);
    expect((await getPayment(t.platform.db, p.id)).status).toBe('pending');
  });

  it('rejects a notification signed 6 minutes ago with 401 and stores nothing', async () => {
    const p = await newPayment(t, f.consumerId);
    const res = await deliver(t, txnOf('charge', p.id, 'succeeded', p.amount.amount), { at: new Date(Date.now() - 6 * 60_000) });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/signed 3\d\d s ago/);
    expect(await notificationsOf(p.id)).toBe(0);
    expect((await getPayment(t.platform.db, p.id)).status).toBe('pending');
  });

  it('rejects a body altered after signing', async () => {
    const p = await newPayment(t, f.consumerId);
    const txn = txnOf('charge', p.id, 'succeeded', p.amount.amount);
    const { buildSignedNotification, notificationBody } = await import('../../src/modules/payment/index.js');
    const signed = buildSignedNotification(CREDS.webhookSecret, notificationBody(txn, new Date()));
    const res = await t.app.inject({ method: 'POST', url: '/api/webhooks/payments/sandbox', headers: signed.headers,
      payload: signed.rawBody.replace(`"amount":${p.amount.amount}`, '"amount":1') });
    expect(res.statusCode).toBe(401);
    expect(await notificationsOf(p.id)).toBe(0);
  });

  it('applies a valid notification once: payment succeeded, ledger posted, listeners told; a replay answers 200 and changes nothing', async () => {
    const p = await newPayment(t, f.consumerId);
    const txn = txnOf('charge', p.id, 'succeeded', p.amount.amount);
    const first = await deliver(t, txn);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ received: true, status: 'applied' });
    const paid = await getPayment(t.platform.db, p.id);
    expect(paid).toMatchObject({ status: 'succeeded', providerRef: txn.providerRef, payerMasked: '138****0005' });
    expect(paid.events.map((e) => [e.from, e.to, e.source])).toEqual([[null, 'pending', 'platform'], ['pending', 'succeeded', 'notification']]);
    expect(await ledgerEntries(t, 'payment', p.id)).toBe(1);
    const lines = await count(t, sql`select count(*)::int as n from finance_posting po join finance_entry e on e.id = po.entry_id
      where e.source_id = ${p.id} and ((po.account_code = ${`psp:${f.sandboxId}`} and po.amount = ${p.amount.amount}) or (po.account_code = 'clearing:consumer' and po.amount = ${-p.amount.amount}))`);
    expect(lines).toBe(2);
    expect(heard.payment.filter((e) => e.paymentId === p.id)).toEqual([expect.objectContaining({ status: 'succeeded', reference: p.reference, amount: 12_900 })]);

    const events = await eventsOf(p.id);
    const replay = await deliver(t, txn); // same event id, freshly signed
    expect(replay.statusCode).toBe(200);
    expect(replay.json().status).toBe('duplicate');
    expect(await notificationsOf(p.id)).toBe(1);
    expect(await eventsOf(p.id)).toBe(events);
    expect(await ledgerEntries(t, 'payment', p.id)).toBe(1);
    expect(heard.payment.filter((e) => e.paymentId === p.id)).toHaveLength(1);
  });

  it('never downgrades: a failure arriving after the success is recorded as ignored', async () => {
    const p = await newPayment(t, f.consumerId);
    const ok = txnOf('charge', p.id, 'succeeded', p.amount.amount);
    expect((await deliver(t, ok)).json().status).toBe('applied');
    const late = await deliver(t, { ...ok, status: 'failed', failureReason: 'late failure' });
    expect(late.statusCode).toBe(200);
    expect(late.json().status).toBe('ignored');
    expect((await getPayment(t.platform.db, p.id)).status).toBe('succeeded');
    const [n] = (await t.call('GET', `/api/admin/payment/notifications?subjectRef=${p.id}&status=ignored`, { token: f.admin })).json().items;
    expect(n).toMatchObject({ type: 'charge.failed', status: 'ignored', lastError: 'a failure does not change a succeeded payment' });
    expect(heard.payment.filter((e) => e.paymentId === p.id).map((e) => e.status)).toEqual(['succeeded']);
  });

  it('keeps a notification that arrives before its payment exists and applies it exactly once when the payment appears', async () => {
    const id = newId('pay');
    const txn = txnOf('charge', id, 'succeeded', 8_800);
    const early = await deliver(t, txn);
    expect(early.statusCode).toBe(200);
    expect(early.json().status).toBe('pending');
    expect(await notificationsOf(id)).toBe(1);
    // The checkout commits afterwards.
    const p = await newPayment(t, f.consumerId, { id, amount: 8_800 });
    expect(p.status).toBe('pending');
    expect(await applyPendingNotifications(t.platform.db, p.reference)).toBe(1);
    expect((await getPayment(t.platform.db, id)).status).toBe('succeeded');
    // The per-minute sweep and a second call find nothing left to do.
    expect(await applyPendingNotifications(t.platform.db, p.reference)).toBe(0);
    expect(await applyPendingNotifications(t.platform.db)).toBe(0);
    expect((await deliver(t, txn)).json().status).toBe('duplicate');
    expect(await ledgerEntries(t, 'payment', id)).toBe(1);
    expect(heard.payment.filter((e) => e.paymentId === id)).toHaveLength(1);
  });

  it.runIf(onRealPostgres)('on PostgreSQL, a notification arriving while the checkout transaction is still open is applied once after it commits', async () => {
    const id = newId('pay');
    const reference = `chk_race_${Date.now()}`;
    const client = new pg.Client({ connectionString: (t.platform.database as unknown as { url: string }).url });
    await client.connect();
    try {
      await client.query('begin');
      const [prov] = (await client.query('select id from payment_provider where code = $1', ['sandbox'])).rows;
      await client.query(`insert into payment_payment (id, provider_id, reference, account_id, amount, currency, status, expires_at)
        values ($1, $2, $3, $4, 5000, 'CNY', 'pending', now() + interval '30 minutes')`, [id, prov.id, reference, f.consumerId]);
      const res = await deliver(t, txnOf('charge', id, 'succeeded', 5000));
      expect(res.json().status).toBe('pending');
      await client.query('commit');
    } finally {
      await client.end();
    }
    expect(await applyPendingNotifications(t.platform.db, reference)).toBe(1);
    expect(await applyPendingNotifications(t.platform.db)).toBe(0);
    expect((await getPayment(t.platform.db, id)).status).toBe('succeeded');
    expect(await ledgerEntries(t, 'payment', id)).toBe(1);
  });

  it('applies a late success to a payment cancelled meanwhile (money moved) but a late failure changes nothing', async () => {
    const a = await newPayment(t, f.consumerId);
    await t.platform.db.transaction((tx) => cancelPayment(tx, ctx, a.id, 'checkout timed out'));
    expect((await deliver(t, txnOf('charge', a.id, 'failed', a.amount.amount))).json().status).toBe('ignored');
    expect((await deliver(t, txnOf('charge', a.id, 'succeeded', a.amount.amount))).json().status).toBe('applied');
    const after = await getPayment(t.platform.db, a.id);
    expect(after.status).toBe('succeeded');
    expect(after.events.at(-1)).toMatchObject({ from: 'cancelled', to: 'succeeded', note: 'charged at the provider after the payment was cancelled' });
    expect(heard.payment.filter((e) => e.paymentId === a.id).map((e) => e.status)).toEqual(['cancelled', 'succeeded']);
  });
});

describe('the sandbox pay page', () => {
  it('shows merchant, subject and amount on a signed link and refuses a tampered (403) or expired (410) one', async () => {
    const p = await newPayment(t, f.consumerId, { amount: 123_456 });
    const url = await payUrl(t.platform.db, t.platform.keyring, p.id, RETURN);
    expect(url.startsWith('/sandbox-pay/pay?')).toBe(true);
    const page = await t.call('GET', url);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const text of ['¥1,234.56', '龙井 250g × 1', '确认支付', '模拟支付失败', CREDS.merchantId, '市集']) expect(page.body).toContain(text);

    const tampered = await t.call('GET', url.replace('amt=123456', 'amt=1'));
    expect(tampered.statusCode).toBe(403);
    expect(tampered.body).toContain('支付链接无效');
    const post = await postPayPage(t, payForm(url.replace('amt=123456', 'amt=1'), 'pay'));
    expect(post.statusCode).toBe(403);
    expect(await sandboxCharges(p.id)).toBe(0);

    const { chargeSignature } = await import('../../src/modules/payment/index.js');
    const exp = Math.floor(Date.now() / 1000) - 1;
    const params = { merchantId: CREDS.merchantId, paymentId: p.id, amount: 100, currency: 'CNY', subject: 'x', expiresAt: exp, returnUrl: RETURN };
    const q = new URLSearchParams({ mid: params.merchantId, pid: p.id, amt: '100', cur: 'CNY', sub: 'x', exp: String(exp), ret: RETURN,
      sig: chargeSignature(CREDS.apiKey, params) });
    const expired = await t.call('GET', `/sandbox-pay/pay?${q}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('支付链接已过期');
  });

  it('pays through the page: 303 back to the merchant, the signed notification arrives over HTTP, paying twice charges once', async () => {
    const p = await newPayment(t, f.consumerId);
    const url = await payUrl(t.platform.db, t.platform.keyring, p.id, `${RETURN}?checkout=${p.reference}`);
    const paid = await postPayPage(t, payForm(url, 'pay'));
    expect(paid.statusCode).toBe(303);
    const location = new URL(paid.headers.location as string, 'http://x');
    expect(location.pathname).toBe(RETURN);
    expect(Object.fromEntries(location.searchParams)).toEqual({ checkout: p.reference, paymentId: p.id, result: 'succeeded' });
    expect((await getPayment(t.platform.db, p.id)).status).toBe('pending'); // asynchronous: nothing applied yet

    await runJobs(t); // payment.sandbox_notify → POST http://127.0.0.1:<port>/api/webhooks/payments/sandbox
    const after = await getPayment(t.platform.db, p.id);
    expect(after).toMatchObject({ status: 'succeeded', payerMasked: '138****0005' });
    expect(after.providerRef).toMatch(/^sbx_/);
    expect(await notificationsOf(p.id)).toBe(1);

    const again = await postPayPage(t, payForm(url, 'pay'));
    expect(again.statusCode).toBe(303);
    expect(await sandboxCharges(p.id)).toBe(1);
    const page = await t.call('GET', url);
    expect(page.body).toContain('该笔交易已支付');
    await runJobs(t);
    expect(await ledgerEntries(t, 'payment', p.id)).toBe(1);
  });

  it('a simulated failure fails the payment; the consumer sees the reason and can enquire (PL-PAY-06)', async () => {
    const p = await newPayment(t, f.consumerId);
    const url = await payUrl(t.platform.db, t.platform.keyring, p.id, RETURN);
    const res = await postPayPage(t, payForm(url, 'fail', ''));
    expect(res.statusCode).toBe(303);
    expect(new URL(res.headers.location as string, 'http://x').searchParams.get('result')).toBe('failed');
    await runJobs(t);
    const failed = await getPayment(t.platform.db, p.id);
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toMatch(/insufficient funds/);
    await expect(payUrl(t.platform.db, t.platform.keyring, p.id, RETURN)).rejects.toMatchObject({ code: 'payment.not_payable' });

    const mine = (await t.call('GET', '/api/store/payments?limit=100', { token: f.consumer })).json().items as Array<{ id: string; status: string }>;
    expect(mine.find((x) => x.id === p.id)?.status).toBe('failed');
    const enq = await t.call('POST', '/api/store/payment-enquiries', { token: f.consumer, body: { subjectType: 'payment', subjectId: p.id, message: '为什么付款失败？' } });
    expect(enq.statusCode, enq.body).toBe(201);
    expect(enq.json()).toMatchObject({ status: 'open', subjectStatus: 'failed', failureReason: failed.failureReason });
    const reply = await t.call('POST', `/api/admin/payment/enquiries/${enq.json().id}/reply`, { token: f.admin,
      body: { reply: '银行拒绝了这笔付款，请换一张卡重新下单。', resolve: true } });
    expect(reply.statusCode).toBe(200);
    const own = (await t.call('GET', '/api/store/payment-enquiries', { token: f.consumer })).json().items;
    expect(own[0]).toMatchObject({ id: enq.json().id, status: 'resolved', reply: '银行拒绝了这笔付款，请换一张卡重新下单。' });
  });

  it('refuses enquiries about payments that did not fail or are not the consumer\'s own, storing nothing', async () => {
    const ok = await paidPayment();
    const others = await newPayment(t, f.adminId);
    const before = await count(t, sql`select count(*)::int as n from payment_enquiry`);
    const paid = await t.call('POST', '/api/store/payment-enquiries', { token: f.consumer, body: { subjectType: 'payment', subjectId: ok.id, message: '?' } });
    expect(paid.statusCode).toBe(409);
    expect(paid.json().code).toBe('payment.enquiry_not_applicable');
    const notMine = await t.call('POST', '/api/store/payment-enquiries', { token: f.consumer, body: { subjectType: 'payment', subjectId: others.id, message: '?' } });
    expect(notMine.statusCode).toBe(404);
    const bad = await t.call('POST', '/api/store/payment-enquiries', { token: f.consumer, body: { subjectType: 'payment', subjectId: ok.id, message: '' } });
    expect(bad.statusCode).toBe(400);
    expect(await count(t, sql`select count(*)::int as n from payment_enquiry`)).toBe(before);
    expect((await t.call('GET', `/api/store/payments/${others.id}`, { token: f.consumer })).statusCode).toBe(404);
    const list = (await t.call('GET', '/api/store/payments?limit=100', { token: f.consumer })).json().items as Array<{ id: string }>;
    expect(list.some((x) => x.id === others.id)).toBe(false);
  });
});

describe('refunds (PL-PAY-04)', () => {
  const refund = (p: { reference: string }, amount: number, key: string, reason = '商品破损') =>
    t.platform.db.transaction((tx) => requestRefund(tx, ctx, { paymentReference: p.reference, reference: 'ord_test', sellerId: f.seller1Org,
      accountId: f.consumerId, amount, reason, requestKey: key }));

  it('refuses a refund larger than what is left of the payment and stores nothing', async () => {
    const p = await paidPayment(12_900);
    await expect(refund(p, 13_000, `over-${p.id}`)).rejects.toMatchObject({ code: 'payment.refund_exceeds_payment', status: 422 });
    expect(await refundsOf(p.id)).toBe(0);
    await refund(p, 5_000, `part-${p.id}`);
    await expect(refund(p, 8_000, `more-${p.id}`)).rejects.toMatchObject({ code: 'payment.refund_exceeds_payment', meta: { refundable: 7_900 } });
    expect(await refundsOf(p.id)).toBe(1);
    const pending = await newPayment(t, f.consumerId);
    await expect(refund(pending, 100, `unpaid-${pending.id}`)).rejects.toMatchObject({ code: 'payment.not_refundable', status: 409 });
    expect(await refundsOf(pending.id)).toBe(0);
  });

  it('is idempotent on the request key: the same key gives the same refund, other details under it are refused', async () => {
    const p = await paidPayment(12_900);
    const a = await refund(p, 3_000, `same-${p.id}`);
    const b = await refund(p, 3_000, `same-${p.id}`);
    expect(b.id).toBe(a.id);
    expect(await refundsOf(p.id)).toBe(1);
    await expect(refund(p, 4_000, `same-${p.id}`)).rejects.toMatchObject({ code: 'payment.refund_key_reused', status: 422 });
    expect(await count(t, sql`select count(*)::int as n from jobs_job where name = 'payment.execute_refund' and payload->>'refundId' = ${a.id}`)).toBe(1);
  });

  it('executes a refund through the provider after commit and applies its notification: refunded amount, ledger, listeners', async () => {
    const p = await paidAtSandbox(12_900);
    const r = await refund(p, 4_900, `e2e-${p.id}`);
    expect(r.status).toBe('pending');
    await settleSandbox();
    const after = await getPayment(t.platform.db, p.id);
    expect(after.refunded).toEqual({ amount: 4_900, currency: 'CNY' });
    const rows = (await t.call('GET', `/api/admin/payment/refunds?paymentId=${p.id}`, { token: f.admin })).json().items;
    expect(rows[0]).toMatchObject({ id: r.id, status: 'succeeded', paymentReference: p.reference, provider: { code: 'sandbox' } });
    expect(rows[0].providerRef).toMatch(/^sbx_/);
    expect(await ledgerEntries(t, 'refund', r.id)).toBe(1);
    expect(heard.refund.filter((e) => e.refundId === r.id)).toEqual([expect.objectContaining({ status: 'succeeded', amount: 4_900, sellerId: f.seller1Org })]);
    const consumerView = (await t.call('GET', '/api/store/payments?limit=100', { token: f.consumer })).json().items.find((x: { id: string }) => x.id === p.id);
    expect(consumerView.refunds).toEqual([expect.objectContaining({ id: r.id, status: 'succeeded', providerRef: rows[0].providerRef })]);
  });

  it('a refund the provider refuses fails with its reason and gives the refundable amount back', async () => {
    const p = await paidAtSandbox(10_000);
    const r = await refund(p, 10_000, `fail-${p.id}`, '测试 FAIL 标记');
    await settleSandbox();
    const after = (await t.call('GET', `/api/admin/payment/refunds/${r.id}`, { token: f.admin })).json();
    expect(after).toMatchObject({ status: 'failed' });
    expect(after.failureReason).toMatch(/closed/);
    expect((await getPayment(t.platform.db, p.id)).refunded.amount).toBe(0);
    expect(await ledgerEntries(t, 'refund', r.id)).toBe(0);
    const again = await refund(p, 10_000, `retry-${p.id}`);
    expect(again.status).toBe('pending');
  });
});

describe('transfers (payouts) and their failures (PL-PAY-06)', () => {
  it('pays out through the provider; a payee the provider refuses fails with a reason the seller sees and can enquire about', async () => {
    const ok = await t.platform.db.transaction((tx) => requestTransfer(tx, ctx, { reference: newId('pout'), orgId: f.seller1Org, amount: 50_000,
      payee: '6222021234567890', memo: '2026-11 结算' }));
    expect(ok.payeeMasked).toBe('6222 **** **** 7890');
    const bad = await t.platform.db.transaction((tx) => requestTransfer(tx, ctx, { reference: newId('pout'), orgId: f.seller1Org, amount: 7_000,
      payee: '6222 FAIL', memo: '2026-11 结算' }));
    const same = await t.platform.db.transaction((tx) => requestTransfer(tx, ctx, { reference: bad.reference, orgId: f.seller1Org, amount: 7_000,
      payee: '6222 FAIL', memo: '2026-11 结算' }));
    expect(same.id).toBe(bad.id);
    await settleSandbox();
    expect((await getTransfer(t.platform.db, ok.id)).status).toBe('succeeded');
    expect(await ledgerEntries(t, 'transfer', ok.id)).toBe(1);
    const failed = await getTransfer(t.platform.db, bad.id);
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toMatch(/payee account refused/);
    expect(await ledgerEntries(t, 'transfer', bad.id)).toBe(0);
    expect(heard.transfer.filter((e) => e.transferId === bad.id)).toEqual([expect.objectContaining({ status: 'failed', failureReason: failed.failureReason })]);
    expect(await count(t, sql`select count(*)::int as n from payment_transfer where payee_masked like '%1234567890%'`)).toBe(0);

    const seller = await t.login('seller1@shiji.test');
    const mine = (await t.call('GET', '/api/seller/payment/transfers?status=failed', { token: seller })).json().items;
    expect(mine.map((x: { id: string }) => x.id)).toContain(bad.id);
    const notFailed = await t.call('POST', '/api/seller/payment-enquiries', { token: seller, body: { transferId: ok.id, message: '?' } });
    expect(notFailed.statusCode).toBe(409);
    const enq = await t.call('POST', '/api/seller/payment-enquiries', { token: seller, body: { transferId: bad.id, message: '结算款为什么没有到账？' } });
    expect(enq.statusCode, enq.body).toBe(201);
    expect(enq.json()).toMatchObject({ subjectType: 'transfer', subjectStatus: 'failed', failureReason: failed.failureReason });
    const other = await t.login('seller2@shiji.test');
    expect((await t.call('POST', '/api/seller/payment-enquiries', { token: other, body: { transferId: bad.id, message: '?' } })).statusCode).toBe(404);
    expect((await t.call('GET', '/api/seller/payment-enquiries', { token: other })).json().items).toEqual([]);
  });
});

describe('risk rules (PL-PAY-09)', () => {
  it('holds a payment above the limit: the pay page refuses it until a reviewer releases it; a rejected one is cancelled', async () => {
    const rule = await t.call('POST', '/api/admin/payment/risk-rules', { token: f.admin, body: { appliesTo: 'payment', kind: 'amount_over', threshold: 100_000,
      note: '单笔超过 ¥1,000 人工审核' } });
    expect(rule.statusCode, rule.body).toBe(201);
    try {
      const held = await newPayment(t, f.consumerId, { amount: 150_000 });
      expect(held.status).toBe('held');
      expect(held.review).toMatchObject({ status: 'open' });
      expect(held.review!.reason).toMatch(/¥1,500.00 is above the limit of ¥1,000.00/);
      const small = await newPayment(t, f.consumerId, { amount: 90_000 });
      expect(small.status).toBe('pending');

      const url = await payUrl(t.platform.db, t.platform.keyring, held.id, RETURN);
      const page = await t.call('GET', url);
      expect(page.statusCode).toBe(409);
      expect(page.body).toContain('审核');
      expect((await postPayPage(t, payForm(url, 'pay'))).statusCode).toBe(409);
      expect(await sandboxCharges(held.id)).toBe(0);

      const reviews = (await t.call('GET', '/api/admin/payment/risk-reviews?status=open', { token: f.admin })).json().items;
      const rv = reviews.find((x: { subjectId: string }) => x.subjectId === held.id);
      expect(rv).toMatchObject({ subjectType: 'payment', amount: { amount: 150_000 }, subjectStatus: 'held' });
      const released = await t.call('POST', `/api/admin/payment/risk-reviews/${rv.id}/release`, { token: f.admin, body: { note: '已电话核实' } });
      expect(released.statusCode).toBe(200);
      expect(released.json()).toMatchObject({ status: 'released', subjectStatus: 'pending', decidedBy: f.adminId });
      expect((await t.call('POST', `/api/admin/payment/risk-reviews/${rv.id}/reject`, { token: f.admin, body: { note: 'x' } })).json().code)
        .toBe('payment.risk_review_decided');
      expect((await t.call('GET', url)).statusCode).toBe(200);
      expect(await count(t, sql`select count(*)::int as n from audit_log where action = 'payment.risk_review_released' and resource_id = ${held.id}`)).toBe(1);

      const second = await newPayment(t, f.consumerId, { amount: 200_000 });
      const rv2 = (await t.call('GET', '/api/admin/payment/risk-reviews?status=open', { token: f.admin })).json().items
        .find((x: { subjectId: string }) => x.subjectId === second.id);
      const rejected = await t.call('POST', `/api/admin/payment/risk-reviews/${rv2.id}/reject`, { token: f.admin, body: { note: '收货地址与历史不符' } });
      expect(rejected.json()).toMatchObject({ status: 'rejected', subjectStatus: 'cancelled' });
      expect(heard.payment.filter((e) => e.paymentId === second.id).map((e) => e.status)).toEqual(['cancelled']);
      expect((await getPayment(t.platform.db, second.id)).events.map((e) => e.to)).toEqual(['held', 'cancelled']);
    } finally {
      await t.call('PATCH', `/api/admin/payment/risk-rules/${rule.json().id}`, { token: f.admin, body: { active: false } });
    }
  });

  it('holds a refund by rule; it goes to the provider only when released, and a rejected one is reported to the refund listeners', async () => {
    const rule = await t.call('POST', '/api/admin/payment/risk-rules', { token: f.admin, body: { appliesTo: 'refund', kind: 'amount_over', threshold: 1_000 } });
    try {
      const p = await paidAtSandbox(12_900);
      const held = await t.platform.db.transaction((tx) => requestRefund(tx, ctx, { paymentReference: p.reference, reference: 'ord_risk', sellerId: null,
        accountId: f.consumerId, amount: 2_000, reason: '退货', requestKey: `risk-${p.id}` }));
      expect(held.status).toBe('held');
      expect(await count(t, sql`select count(*)::int as n from jobs_job where name = 'payment.execute_refund' and payload->>'refundId' = ${held.id}`)).toBe(0);
      const rv = (await t.call('GET', '/api/admin/payment/risk-reviews?status=open', { token: f.admin })).json().items
        .find((x: { subjectId: string }) => x.subjectId === held.id);
      expect((await t.call('POST', `/api/admin/payment/risk-reviews/${rv.id}/release`, { token: f.admin, body: {} })).statusCode).toBe(200);
      await settleSandbox();
      expect((await t.call('GET', `/api/admin/payment/refunds/${held.id}`, { token: f.admin })).json().status).toBe('succeeded');

      const held2 = await t.platform.db.transaction((tx) => requestRefund(tx, ctx, { paymentReference: p.reference, reference: 'ord_risk', sellerId: null,
        accountId: f.consumerId, amount: 3_000, reason: '退货', requestKey: `risk2-${p.id}` }));
      const rv2 = (await t.call('GET', '/api/admin/payment/risk-reviews?status=open', { token: f.admin })).json().items
        .find((x: { subjectId: string }) => x.subjectId === held2.id);
      const rej = await t.call('POST', `/api/admin/payment/risk-reviews/${rv2.id}/reject`, { token: f.admin, body: { note: '重复申请' } });
      expect(rej.json().subjectStatus).toBe('rejected');
      expect(heard.refund.filter((e) => e.refundId === held2.id).map((e) => e.status)).toEqual(['rejected']);
      const refundsAfter = (await t.call('GET', `/api/admin/payment/refunds?paymentId=${p.id}&status=rejected`, { token: f.admin })).json().items;
      expect(refundsAfter[0]).toMatchObject({ id: held2.id, failureReason: 'rejected by risk review: 重复申请' });
    } finally {
      await t.call('PATCH', `/api/admin/payment/risk-rules/${rule.json().id}`, { token: f.admin, body: { active: false } });
    }
  });

  it('holds a payment by frequency, and a rule that held something can only be deactivated', async () => {
    const rule = await t.call('POST', '/api/admin/payment/risk-rules', { token: f.admin, body: { appliesTo: 'payment', kind: 'count_per_account_per_hour', threshold: 2 } });
    const ruleId = rule.json().id as string;
    try {
      const someone = newId('acc');
      expect((await newPayment(t, someone)).status).toBe('pending');
      expect((await newPayment(t, someone)).status).toBe('pending');
      const third = await newPayment(t, someone);
      expect(third.status).toBe('held');
      expect(third.review!.reason).toMatch(/already made 2 payment/);
      const del = await t.call('DELETE', `/api/admin/payment/risk-rules/${ruleId}`, { token: f.admin });
      expect(del.statusCode).toBe(409);
      expect(del.json().code).toBe('payment.risk_rule_in_use');
    } finally {
      await t.call('PATCH', `/api/admin/payment/risk-rules/${ruleId}`, { token: f.admin, body: { active: false } });
    }
    const unused = await t.call('POST', '/api/admin/payment/risk-rules', { token: f.admin, body: { appliesTo: 'refund', kind: 'amount_over', threshold: 9, active: false } });
    expect((await t.call('DELETE', `/api/admin/payment/risk-rules/${unused.json().id}`, { token: f.admin })).statusCode).toBe(204);
    const bad = await t.call('POST', '/api/admin/payment/risk-rules', { token: f.admin, body: { appliesTo: 'payment', kind: 'amount_over', threshold: -1 } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('cancelling', () => {
  it('cancels a pending payment once: listeners hear it once, repeating changes nothing, a paid payment cannot be cancelled', async () => {
    const p = await newPayment(t, f.consumerId);
    await t.platform.db.transaction((tx) => cancelPayment(tx, ctx, p.id, 'checkout timed out'));
    await t.platform.db.transaction((tx) => cancelPayment(tx, ctx, p.id, 'again'));
    const after = await getPayment(t.platform.db, p.id);
    expect(after.status).toBe('cancelled');
    expect(after.events.map((e) => e.to)).toEqual(['pending', 'cancelled']);
    expect(heard.payment.filter((e) => e.paymentId === p.id).map((e) => e.status)).toEqual(['cancelled']);
    const url = await payUrl(t.platform.db, t.platform.keyring, (await newPayment(t, f.consumerId)).id, RETURN);
    expect(url).toContain('sig=');
    const paid = await paidPayment();
    await expect(t.platform.db.transaction((tx) => cancelPayment(tx, ctx, paid.id, 'x'))).rejects.toMatchObject({ code: 'payment.not_cancellable' });
  });

  it('refuses a payment the provider cannot take and stores nothing', async () => {
    const before = await count(t, sql`select count(*)::int as n from payment_payment`);
    await expect(newPayment(t, f.consumerId, { providerCode: 'nosuch' })).rejects.toMatchObject({ code: 'payment.provider_not_offerable' });
    await expect(newPayment(t, f.consumerId, { amount: 0 })).rejects.toMatchObject({ code: 'payment.invalid_payment' });
    await expect(newPayment(t, f.consumerId, { expiresAt: new Date(Date.now() - 1000) })).rejects.toMatchObject({ code: 'payment.invalid_payment' });
    expect(await count(t, sql`select count(*)::int as n from payment_payment`)).toBe(before);
    const p = await newPayment(t, f.consumerId);
    const same = await t.platform.db.transaction((tx) => createPayment(tx, ctx, { providerCode: 'sandbox', reference: p.reference, accountId: f.consumerId,
      amount: 12_900, currency: 'CNY', subject: 'x', expiresAt: new Date(Date.now() + 60_000) }));
    expect(same.id).toBe(p.id);
    await expect(t.platform.db.transaction((tx) => createPayment(tx, ctx, { providerCode: 'sandbox', reference: p.reference, accountId: f.consumerId,
      amount: 1, currency: 'CNY', subject: 'x', expiresAt: new Date(Date.now() + 60_000) }))).rejects.toMatchObject({ code: 'payment.reference_taken' });
  });
});
