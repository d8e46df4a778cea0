import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { ensureAccount, postEntry, reverseEntry, sellerAccount } from '../../src/modules/finance/index.js';
import { SANDBOX_COMPLETE_JOB, ensureSandboxProvider, executeTransfer, getTransfer, notifySettled } from '../../src/modules/payment/index.js';
import { registerSettlementListeners } from '../../src/modules/settlement/index.js';
import { jobDefinitions } from '../../src/background.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
let finance2: string;
let financeId: string;
let seller1: string;
let seller2: string;
let org1: string;
let org2: string;
const ctx = systemContext('settlement test');
const PERIOD = { from: '2025-03-01', to: '2025-04-01' };

const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(t.platform.db, query))[0]!.n);
const auditCount = (action: string) => count(sql`select count(*)::int as n from audit_log where action = ${action}`);
const statements = () => count(sql`select count(*)::int as n from settlement_statement`);
const payouts = () => count(sql`select count(*)::int as n from settlement_payout`);
const at = (local: string) => new Date(`${local}+08:00`);

/** The order module's 'order.paid' entry for one order of one seller, dated `when` (Asia/Shanghai). */
async function paid(sellerId: string, when: string, goods: number, delivery: number, commission: number) {
  const orderId = newId('ord');
  await t.platform.db.transaction((tx) => postEntry(tx, ctx, { kind: 'order.paid', sourceType: 'order', sourceId: orderId, occurredAt: at(when), lines: [
    { account: 'clearing:consumer', amount: goods + delivery, sellerId, orderId },
    { account: sellerAccount(sellerId), amount: -(goods - commission), memo: 'goods', sellerId, orderId },
    { account: sellerAccount(sellerId), amount: -delivery, memo: 'delivery_fee', sellerId, orderId },
    { account: 'revenue:commission', amount: -commission, memo: 'commission', sellerId, orderId },
  ] }));
  return orderId;
}
/** The order module's 'order.refund' entry: the seller's part and the commission part go back to the consumer. */
async function refund(sellerId: string, orderId: string, when: string, sellerPart: number, commissionPart: number) {
  const refundId = newId('rfd');
  return t.platform.db.transaction((tx) => postEntry(tx, ctx, { kind: 'order.refund', sourceType: 'refund', sourceId: refundId, occurredAt: at(when), lines: [
    { account: sellerAccount(sellerId), amount: sellerPart, memo: 'refund', sellerId, orderId },
    { account: 'revenue:commission', amount: commissionPart, memo: 'commission_refund', sellerId, orderId },
    { account: 'clearing:refunds', amount: -(sellerPart + commissionPart), sellerId, orderId },
  ] }));
}
const balanceOf = async (token: string) => (await t.call('GET', '/api/seller/finance/balance', { token })).json().balance.amount as number;

beforeAll(async () => {
  t = await createTestApp();
  registerSettlementListeners();
  admin = await t.login('admin@shiji.test');
  seller1 = await t.login('seller1@shiji.test');
  seller2 = await t.login('seller2@shiji.test');
  const me = (await t.call('GET', '/api/auth/me', { token: admin })).json();
  org1 = (await t.call('GET', '/api/auth/me', { token: seller1 })).json().org.id;
  org2 = (await t.call('GET', '/api/auth/me', { token: seller2 })).json().org.id;
  // A second finance user, for the two-person rule.
  const roles = (await t.call('GET', '/api/admin/roles?orgKind=platform', { token: admin })).json().items as Array<{ id: string; key: string }>;
  const res = await t.call('POST', '/api/admin/accounts', { token: admin, body: { orgId: me.org.id, email: 'finance2@shiji.test', displayName: '财务二',
    password: 'finance-Two-2026', roleIds: [roles.find((r) => r.key === 'finance')!.id] } });
  expect(res.statusCode, res.body).toBe(201);
  financeId = res.json().id;
  finance2 = await t.login('finance2@shiji.test', 'finance-Two-2026');
  await t.platform.db.transaction((tx) => ensureSandboxProvider(tx, ctx, t.platform.keyring));

  // March 2025 (Asia/Shanghai): seller1 sells two orders and refunds part of one (a second refund failed and was
  // reversed); seller2 sells one order. Entries just outside the month must not count.
  const a = await paid(org1, '2025-03-05T10:00:00', 10_000, 800, 500);
  await paid(org1, '2025-03-31T23:59:00', 5_000, 0, 250);
  await paid(org1, '2025-04-01T00:00:00', 7_000, 0, 350);
  await paid(org1, '2025-02-28T23:59:59', 3_000, 0, 150);
  await refund(org1, a, '2025-03-20T12:00:00', 1_900, 100);
  const failed = await refund(org1, a, '2025-03-21T12:00:00', 950, 50);
  await t.platform.db.transaction((tx) => reverseEntry(tx, ctx, failed.id, 'refund failed'));
  await paid(org2, '2025-03-10T09:00:00', 20_000, 1_000, 1_000);
  // May 2025: only the payment module's refund booking (clearing and provider accounts) mentions seller2: no statement.
  await t.platform.db.transaction(async (tx) => {
    await ensureAccount(tx, { code: 'psp:test', kind: 'asset', name: 'test provider' });
    await postEntry(tx, ctx, { kind: 'refund.succeeded', sourceType: 'refund', sourceId: newId('rfd'), occurredAt: at('2025-05-03T10:00:00'), lines: [
      { account: 'clearing:refunds', amount: 700, memo: 'refund', sellerId: org2 }, { account: 'psp:test', amount: -700, memo: 'refund', sellerId: org2 }] });
  });
});
afterAll(async () => { await t.close(); });

describe('settlement statements from the ledger (PL-FIN-03)', () => {
  let s1: { id: string };
  let s2: { id: string };

  it('issues one statement per seller with activity, with the period\'s sales, fees, refunds, commission and net', async () => {
    const res = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: PERIOD });
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json().items as Array<Record<string, unknown> & { id: string; sellerId: string }>;
    expect(items).toHaveLength(2);
    const money = (amount: number) => ({ amount, currency: 'CNY' });
    s1 = items.find((s) => s.sellerId === org1)!;
    s2 = items.find((s) => s.sellerId === org2)!;
    // seller1: goods 15000 gross (14250 net + 750 commission), delivery 800, refunds 3000 (1900 + 950 seller parts, 100 + 50
    // commission parts: the failed refund was reversed only now, so the reversal belongs to the current period),
    // commission 750 − 150 = 600, net 14250 + 800 − 2850 = 12200 = 15000 + 800 − 3000 − 600.
    expect(s1).toMatchObject({ periodFrom: '2025-03-01', periodTo: '2025-04-01', sales: money(15_000), deliveryFees: money(800), refunds: money(3_000),
      commission: money(600), deductions: money(0), net: money(12_200), orders: 2, status: 'issued', payouts: [] });
    expect(s2).toMatchObject({ sales: money(20_000), deliveryFees: money(1_000), refunds: money(0), commission: money(1_000), net: money(20_000), orders: 1 });
    expect(await auditCount('settlement.statement_issued')).toBe(2);
  });

  it('issues a statement once: a batch re-run skips, a single re-run answers 409 with its id, an overlap is refused', async () => {
    const again = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: PERIOD });
    expect(again.statusCode).toBe(201);
    expect(again.json().items).toEqual([]);
    expect(again.json().skipped).toHaveLength(2);
    const one = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { ...PERIOD, sellerId: org1 } });
    expect(one.statusCode).toBe(409);
    expect(one.json()).toMatchObject({ code: 'settlement.statement_exists', statementId: s1.id });
    const overlap = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org1, from: '2025-03-15', to: '2025-04-15' } });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'settlement.period_overlaps', statementId: s1.id });
    expect(await statements()).toBe(2);
  });

  it('refuses periods that have not ended, are empty or malformed, and sellers without activity, storing nothing', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const cases: Array<[unknown, number, string]> = [
      [{ from: '2025-05-01', to: '2099-01-01' }, 422, 'settlement.invalid_period'],
      [{ from: today, to: new Date(Date.now() + 8 * 3600_000 + 2 * 86400_000).toISOString().slice(0, 10) }, 422, 'settlement.invalid_period'],
      [{ from: '2025-05-01', to: '2025-05-01' }, 422, 'settlement.invalid_period'],
      [{ from: '2025-05-01', to: '2025-04-01' }, 422, 'settlement.invalid_period'],
      [{ sellerId: org2, from: '2025-05-01', to: '2025-06-01' }, 422, 'settlement.nothing_to_settle'],
      [{ sellerId: newId('org'), from: '2025-05-01', to: '2025-06-01' }, 422, 'settlement.unknown_seller'],
      [{ from: '2025-5-1', to: '2025-06-01' }, 400, 'validation_failed'],
      [{ from: '2025-05-01', to: '2025-06-01', extra: 1 }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body });
      expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    // An ended period with no activity at all: nothing issued.
    const empty = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { from: '2025-05-01', to: '2025-06-01' } });
    expect(empty.json()).toEqual({ items: [], skipped: [] });
    expect(await statements()).toBe(2);
    expect((await t.call('POST', '/api/admin/settlements/statements', { token: seller1, body: PERIOD })).statusCode).toBe(403);
  });

  it('shows each seller only its own statements', async () => {
    const own = await t.call('GET', '/api/seller/settlements/statements', { token: seller1 });
    expect(own.statusCode).toBe(200);
    expect(own.json().items.map((s: { id: string }) => s.id)).toEqual([s1.id]);
    expect(own.json().items[0].createdBy).toBeNull();
    expect((await t.call('GET', `/api/seller/settlements/statements/${s1.id}`, { token: seller1 })).statusCode).toBe(200);
    const theirs = await t.call('GET', `/api/seller/settlements/statements/${s2.id}`, { token: seller1 });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().code).toBe('settlement.statement_not_found');
    expect((await t.call('GET', '/api/seller/settlements/statements', { token: seller2 })).json().items.map((s: { id: string }) => s.id)).toEqual([s2.id]);
    const list = (await t.call('GET', `/api/admin/settlements/statements?sellerId=${org2}`, { token: admin })).json();
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([s2.id]);
  });

  describe('payouts (MS-FIN-02)', () => {
    it('pays out below the threshold at once: ledger entry, transfer, statement paying; paid when the transfer succeeds', async () => {
      const before = await balanceOf(seller1);
      const res = await t.call('POST', `/api/admin/settlements/statements/${s1.id}/payout`, { token: admin, body: { payee: '6222 **** **** 1234' } });
      expect(res.statusCode, res.body).toBe(201);
      const p = res.json();
      expect(p).toMatchObject({ status: 'processing', amount: { amount: 12_200 }, payee: '6222 **** **** 1234', approvedBy: null });
      expect(p.transferId).toMatch(/^trf_/);
      const transfer = await getTransfer(t.platform.db, p.transferId);
      expect(transfer).toMatchObject({ reference: p.id, orgId: org1, amount: { amount: 12_200 }, status: 'pending' });
      expect(await balanceOf(seller1)).toBe(before - 12_200);
      const [entry] = (await t.call('GET', `/api/admin/finance/entries?sourceType=payout&sourceId=${p.id}`, { token: admin })).json().items;
      expect(entry.kind).toBe('payout.initiated');
      expect((await t.call('GET', `/api/admin/settlements/statements/${s1.id}`, { token: admin })).json().status).toBe('paying');
      // A second payout of the same statement is refused while this one runs.
      const dup = await t.call('POST', `/api/admin/settlements/statements/${s1.id}/payout`, { token: admin, body: { payee: '6222 **** **** 1234' } });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 'settlement.statement_not_payable', payoutId: p.id });

      await t.platform.db.transaction((tx) => notifySettled(tx, 'transfer', { transferId: p.transferId, reference: p.id, orgId: org1, status: 'succeeded',
        amount: 12_200, providerId: 'psp_sandbox', failureReason: null, at: new Date() }));
      const done = (await t.call('GET', `/api/admin/settlements/payouts/${p.id}`, { token: admin })).json();
      expect(done.status).toBe('paid');
      expect(done.paidAt).not.toBeNull();
      expect((await t.call('GET', `/api/seller/settlements/statements/${s1.id}`, { token: seller1 })).json()).toMatchObject({ status: 'paid',
        payouts: [{ id: p.id, status: 'paid', requestedBy: null }] });
      expect(await auditCount('settlement.payout_paid')).toBe(1);
    });

    it('holds a payout at or above the threshold for a second finance user; the requester cannot approve it', async () => {
      const th = await t.call('PUT', '/api/admin/finance/settings', { token: admin, body: { payoutApprovalThreshold: 20_000 } });
      expect(th.statusCode).toBe(200);
      const before = await balanceOf(seller2);
      const res = await t.call('POST', `/api/admin/settlements/statements/${s2.id}/payout`, { token: admin, body: { payee: '6217 0000 1111 2222 333' } });
      expect(res.statusCode, res.body).toBe(201);
      const p = res.json();
      expect(p).toMatchObject({ status: 'awaiting_approval', transferId: null, payee: '6217 **** **** ***2 333' });
      expect(await balanceOf(seller2)).toBe(before);
      expect((await t.call('GET', '/api/admin/settlements/payouts?status=awaiting_approval', { token: admin })).json().items.map((x: { id: string }) => x.id))
        .toEqual([p.id]);

      const same = await t.call('POST', `/api/admin/settlements/payouts/${p.id}/approve`, { token: admin });
      expect(same.statusCode).toBe(403);
      expect(same.json().code).toBe('settlement.same_approver');
      expect((await t.call('POST', `/api/admin/settlements/payouts/${p.id}/approve`, { token: seller2 })).statusCode).toBe(403);
      expect(await balanceOf(seller2)).toBe(before);

      const ok = await t.call('POST', `/api/admin/settlements/payouts/${p.id}/approve`, { token: finance2 });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ status: 'processing', approvedBy: financeId });
      expect(ok.json().transferId).toMatch(/^trf_/);
      expect(await balanceOf(seller2)).toBe(before - 20_000);
      const again = await t.call('POST', `/api/admin/settlements/payouts/${p.id}/approve`, { token: finance2 });
      expect(again.json().code).toBe('settlement.payout_not_awaiting_approval');
      expect(await auditCount('settlement.payout_approved')).toBe(1);
    });

    it('reverses the payout entry when the transfer fails; the seller sees why and the statement can be paid again', async () => {
      const p = (await t.call('GET', `/api/admin/settlements/payouts?sellerId=${org2}`, { token: admin })).json().items[0];
      const before = await balanceOf(seller2);
      const failure = { transferId: p.transferId, reference: p.id, orgId: org2, status: 'failed' as const, amount: 20_000, providerId: 'psp',
        failureReason: '收款账户状态异常 (payee account closed)', at: new Date() };
      await t.platform.db.transaction((tx) => notifySettled(tx, 'transfer', failure));
      expect(await balanceOf(seller2)).toBe(before + 20_000);
      const entries = (await t.call('GET', `/api/admin/finance/entries?kind=payout.initiated.reversal`, { token: admin })).json().items;
      expect(entries).toHaveLength(1);
      expect(entries[0].memo).toContain('payee account closed');
      const mine = (await t.call('GET', '/api/seller/settlements/payouts', { token: seller2 })).json().items;
      expect(mine).toMatchObject([{ id: p.id, status: 'failed', failureReason: '收款账户状态异常 (payee account closed)', approvedBy: null }]);
      expect((await t.call('GET', `/api/seller/settlements/statements/${p.statementId}`, { token: seller2 })).json().status).toBe('issued');
      // The same result delivered twice changes nothing.
      await t.platform.db.transaction((tx) => notifySettled(tx, 'transfer', failure));
      expect(await balanceOf(seller2)).toBe(before + 20_000);
      expect(await auditCount('settlement.payout_failed')).toBe(1);
      // seller1 never sees seller2's payouts.
      expect((await t.call('GET', '/api/seller/settlements/payouts', { token: seller1 })).body).not.toContain(p.id);
    });

    it('rejects a held payout with a reason, after which the statement can be paid out again', async () => {
      const res = await t.call('POST', `/api/admin/settlements/statements/${s2.id}/payout`, { token: finance2, body: { payee: '6222 **** **** 9999' } });
      expect(res.json().status).toBe('awaiting_approval');
      const noReason = await t.call('POST', `/api/admin/settlements/payouts/${res.json().id}/reject`, { token: admin, body: { reason: ' ' } });
      expect(noReason.statusCode).toBe(400);
      const rej = await t.call('POST', `/api/admin/settlements/payouts/${res.json().id}/reject`, { token: admin, body: { reason: '收款账户待核实' } });
      expect(rej.statusCode, rej.body).toBe(200);
      expect(rej.json()).toMatchObject({ status: 'rejected', failureReason: '收款账户待核实', transferId: null });
      const next = await t.call('POST', `/api/admin/settlements/statements/${s2.id}/payout`, { token: admin, body: { payee: '6222 **** **** 9999' } });
      expect(next.statusCode).toBe(201);
      expect(next.json().status).toBe('awaiting_approval');
    });

    it('refuses to pay out a statement whose net is not positive, and unknown statements', async () => {
      await refund(org1, newId('ord'), '2025-06-10T10:00:00', 500, 0);
      const res = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org1, from: '2025-06-01', to: '2025-07-01' } });
      expect(res.statusCode, res.body).toBe(201);
      const s = res.json().items[0];
      expect(s).toMatchObject({ net: { amount: -500 }, refunds: { amount: 500 }, sales: { amount: 0 } });
      const n = await payouts();
      const pay = await t.call('POST', `/api/admin/settlements/statements/${s.id}/payout`, { token: admin, body: { payee: '6222 **** **** 1234' } });
      expect(pay.statusCode).toBe(422);
      expect(pay.json().code).toBe('settlement.nothing_to_pay');
      const missing = await t.call('POST', `/api/admin/settlements/statements/${newId('stm')}/payout`, { token: admin, body: { payee: '6222 **** **** 1234' } });
      expect(missing.statusCode).toBe(404);
      const bad = await t.call('POST', `/api/admin/settlements/statements/${s.id}/payout`, { token: admin, body: { payee: 12 } });
      expect(bad.statusCode).toBe(400);
      expect(await payouts()).toBe(n);
    });

    it('fails a payout end to end when the sandbox provider refuses the transfer', async () => {
      await paid(org1, '2025-08-08T08:00:00', 4_000, 0, 200);
      const s = (await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org1, from: '2025-08-01', to: '2025-09-01' } }))
        .json().items[0];
      const before = await balanceOf(seller1);
      const p = (await t.call('POST', `/api/admin/settlements/statements/${s.id}/payout`, { token: admin, body: { payee: 'FAIL 6222 **** 0000' } })).json();
      expect(p.status).toBe('processing');
      expect(await balanceOf(seller1)).toBe(before - 3_800);
      // The payment module's job sends the transfer; the sandbox completes it a moment later; asking again applies the result.
      await executeTransfer(t.platform.db, t.platform.keyring, p.transferId);
      const [job] = await rows<{ payload: unknown }>(t.platform.db, sql`select payload from jobs_job where name = ${SANDBOX_COMPLETE_JOB} order by created_at desc limit 1`);
      await jobDefinitions(t.platform).handlers[SANDBOX_COMPLETE_JOB]!(job!.payload, { db: t.platform.db, signal: new AbortController().signal,
        logger: { info() {}, warn() {}, error() {}, debug() {} } } as never);
      await executeTransfer(t.platform.db, t.platform.keyring, p.transferId);
      const after = (await t.call('GET', `/api/admin/settlements/payouts/${p.id}`, { token: admin })).json();
      expect(after.status).toBe('failed');
      expect(after.failureReason).toMatch(/payee account refused/);
      expect(await balanceOf(seller1)).toBe(before);
      expect((await t.call('GET', '/api/admin/finance/integrity', { token: admin })).json().ok).toBe(true);
    });
  });
});
