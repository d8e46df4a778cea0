import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { ensureAccount, postEntry, reverseEntry, sellerAccount } from '../../src/modules/finance/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
let seller1: string;
let seller2: string;
let org1: string;
let org2: string;
const ctx = systemContext('finance api test');

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
  seller1 = await t.login('seller1@shiji.test');
  seller2 = await t.login('seller2@shiji.test');
  org1 = (await t.call('GET', '/api/auth/me', { token: seller1 })).json().org.id;
  org2 = (await t.call('GET', '/api/auth/me', { token: seller2 })).json().org.id;
  await t.platform.db.transaction((tx) => ensureAccount(tx, { code: 'psp:sandbox', kind: 'asset', name: '沙箱支付' }));
});
afterAll(async () => { await t.close(); });

const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(t.platform.db, query))[0]!.n);
const auditCount = (action: string) => count(sql`select count(*)::int as n from audit_log where action = ${action}`);

/** What the payment and order modules post for one paid order of one seller (goods, delivery fee, commission). */
async function paidOrder(sellerId: string, goods: number, delivery: number, commission: number) {
  const orderId = newId('ord');
  const total = goods + delivery;
  await t.platform.db.transaction(async (tx) => {
    await postEntry(tx, ctx, { kind: 'payment.succeeded', sourceType: 'payment', sourceId: newId('pay'), lines: [
      { account: 'psp:sandbox', amount: total }, { account: 'clearing:consumer', amount: -total }] });
    await postEntry(tx, ctx, { kind: 'order.paid', sourceType: 'order', sourceId: orderId, lines: [
      { account: 'clearing:consumer', amount: total, sellerId, orderId },
      { account: sellerAccount(sellerId), amount: -(goods - commission), memo: 'goods', sellerId, orderId },
      { account: sellerAccount(sellerId), amount: -delivery, memo: 'delivery_fee', sellerId, orderId },
      { account: 'revenue:commission', amount: -commission, memo: 'commission', sellerId, orderId },
    ] });
  });
  return orderId;
}

describe('admin ledger views', () => {
  let orderA: string;
  beforeAll(async () => {
    orderA = await paidOrder(org1, 10_000, 800, 500);
    await paidOrder(org2, 20_000, 0, 1_000);
  });

  it('lists accounts with debits, credits and balances on their normal side', async () => {
    const res = await t.call('GET', '/api/admin/finance/accounts?limit=100', { token: admin });
    expect(res.statusCode, res.body).toBe(200);
    const byCode = new Map<string, { kind: string; balance: { amount: number }; debits: { amount: number }; orgId: string | null }>(
      res.json().items.map((a: { code: string }) => [a.code, a]));
    expect(byCode.get(sellerAccount(org1))).toMatchObject({ kind: 'liability', orgId: org1, balance: { amount: 10_300 } });
    expect(byCode.get('psp:sandbox')).toMatchObject({ kind: 'asset', debits: { amount: 30_800 }, balance: { amount: 30_800 } });
    expect(byCode.get('clearing:consumer')!.balance.amount).toBe(0);
    expect(byCode.get('revenue:commission')!.balance.amount).toBe(1_500);
    const page1 = (await t.call('GET', '/api/admin/finance/accounts?limit=1&prefix=payable:seller:', { token: admin })).json();
    const page2 = (await t.call('GET', `/api/admin/finance/accounts?limit=1&prefix=payable:seller:&cursor=${page1.nextCursor}`, { token: admin })).json();
    expect([...page1.items, ...page2.items].map((a: { code: string }) => a.code).sort()).toEqual([sellerAccount(org1), sellerAccount(org2)].sort());
    expect(page2.nextCursor).toBeNull();
  });

  it('lists entries with postings and a source link, filtered by source, seller, account and kind, page by page', async () => {
    const bySource = await t.call('GET', `/api/admin/finance/entries?sourceType=order&sourceId=${orderA}`, { token: admin });
    expect(bySource.statusCode, bySource.body).toBe(200);
    const [e] = bySource.json().items;
    expect(bySource.json().items).toHaveLength(1);
    expect(e).toMatchObject({ kind: 'order.paid', source: { type: 'order', id: orderA, href: `/admin/orders/${orderA}` }, reversedBy: null });
    expect(e.postings.map((p: { memo: string; amount: { amount: number } }) => [p.memo, p.amount.amount]).sort())
      .toEqual([['', 10_800], ['commission', -500], ['delivery_fee', -800], ['goods', -9_500]].sort());
    const bySeller = (await t.call('GET', `/api/admin/finance/entries?sellerId=${org2}`, { token: admin })).json().items;
    expect(bySeller.map((x: { kind: string }) => x.kind)).toEqual(['order.paid']);
    const byAccount = (await t.call('GET', '/api/admin/finance/entries?account=psp:sandbox&kind=payment.succeeded', { token: admin })).json().items;
    expect(byAccount).toHaveLength(2);
    const first = await t.call('GET', '/api/admin/finance/entries?limit=3', { token: admin });
    const second = await t.call('GET', `/api/admin/finance/entries?limit=3&cursor=${first.json().nextCursor}`, { token: admin });
    const ids = [...first.json().items, ...second.json().items].map((x: { id: string }) => x.id);
    expect(new Set(ids).size).toBe(4);
    const future = (await t.call('GET', `/api/admin/finance/entries?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, { token: admin })).json();
    expect(future.items).toEqual([]);
  });

  it('shows a reversal linked both ways', async () => {
    const orderId = await paidOrder(org1, 1_000, 0, 50);
    const [entry] = (await t.call('GET', `/api/admin/finance/entries?sourceId=${orderId}`, { token: admin })).json().items;
    const rev = await t.platform.db.transaction((tx) => reverseEntry(tx, ctx, entry.id, 'order cancelled'));
    const one = (await t.call('GET', `/api/admin/finance/entries/${entry.id}`, { token: admin })).json();
    expect(one.reversedBy).toBe(rev.id);
    const r = (await t.call('GET', `/api/admin/finance/entries/${rev.id}`, { token: admin })).json();
    expect(r).toMatchObject({ kind: 'order.paid.reversal', reversalOf: entry.id, memo: 'order cancelled', source: { type: 'entry', id: entry.id } });
    const missing = await t.call('GET', `/api/admin/finance/entries/${newId('jnl')}`, { token: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('finance.entry_not_found');
  });

  it('answers a trial balance whose grand total is zero and a sound integrity check', async () => {
    const tb = (await t.call('GET', '/api/admin/finance/trial-balance', { token: admin })).json();
    expect(tb.balanced).toBe(true);
    expect(tb.total.net.amount).toBe(0);
    expect(tb.total.debits.amount).toBeGreaterThan(0);
    expect(tb.rows.reduce((s: number, r: { net: { amount: number } }) => s + r.net.amount, 0)).toBe(0);
    const early = (await t.call('GET', '/api/admin/finance/trial-balance?asOf=2000-01-01T00:00:00Z', { token: admin })).json();
    expect(early.total.debits.amount).toBe(0);
    const integrity = await t.call('GET', '/api/admin/finance/integrity', { token: admin });
    expect(integrity.statusCode).toBe(200);
    expect(integrity.json()).toMatchObject({ ok: true, grandTotal: { amount: 0 }, unbalancedEntries: [], orphanPostings: 0, problems: [] });
    expect(integrity.json().entries).toBeGreaterThanOrEqual(5);
  });

  it('keeps the ledger away from sellers, and sellers\' own lines from each other', async () => {
    for (const url of ['/api/admin/finance/accounts', '/api/admin/finance/entries', '/api/admin/finance/trial-balance', '/api/admin/finance/integrity']) {
      expect((await t.call('GET', url, { token: seller1 })).statusCode).toBe(403);
    }
    const own = await t.call('GET', '/api/seller/finance/entries', { token: seller1 });
    expect(own.statusCode).toBe(200);
    const postings = own.json().items.flatMap((e: { postings: Array<{ sellerId: string | null; account: string }> }) => e.postings);
    expect(postings.length).toBeGreaterThan(0);
    expect(postings.every((p: { sellerId: string | null }) => p.sellerId === org1)).toBe(true);
    expect(own.body).not.toContain(org2);
    expect(own.body).not.toContain('psp:sandbox');
    expect(own.json().items.every((e: { createdBy: string | null }) => e.createdBy === null)).toBe(true);
    const bal = (await t.call('GET', '/api/seller/finance/balance', { token: seller1 })).json();
    expect(bal).toMatchObject({ account: sellerAccount(org1), balance: { amount: 10_300 } });
    const bal2 = (await t.call('GET', '/api/seller/finance/balance', { token: seller2 })).json();
    expect(bal2.balance.amount).toBe(19_000);
    expect((await t.call('GET', '/api/seller/finance/balance', { token: admin })).statusCode).toBe(403);
  });
});

describe('commission rates', () => {
  it('sets, changes and removes a seller rate, audited; the default stays', async () => {
    const before = await auditCount('finance.commission_rate_created');
    const res = await t.call('POST', '/api/admin/finance/commission-rates', { token: admin, body: { scope: 'seller', scopeId: org1, rateBp: 300 } });
    expect(res.statusCode, res.body).toBe(201);
    const rate = res.json();
    expect(await auditCount('finance.commission_rate_created')).toBe(before + 1);
    const dup = await t.call('POST', '/api/admin/finance/commission-rates', { token: admin, body: { scope: 'seller', scopeId: org1, rateBp: 200 } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'finance.commission_rate_exists', rateId: rate.id });
    const patched = await t.call('PATCH', `/api/admin/finance/commission-rates/${rate.id}`, { token: admin, body: { rateBp: 250 } });
    expect(patched.json().rateBp).toBe(250);
    expect(await auditCount('finance.commission_rate_changed')).toBe(1);
    const list = (await t.call('GET', '/api/admin/finance/commission-rates', { token: admin })).json().items;
    expect(list[0]).toMatchObject({ scope: 'default', rateBp: 500 });
    expect(list.find((r: { id: string }) => r.id === rate.id).rateBp).toBe(250);
    const del = await t.call('DELETE', `/api/admin/finance/commission-rates/${rate.id}`, { token: admin });
    expect(del.statusCode).toBe(204);
    expect(await auditCount('finance.commission_rate_deleted')).toBe(1);
    const delDefault = await t.call('DELETE', `/api/admin/finance/commission-rates/${list[0].id}`, { token: admin });
    expect(delDefault.statusCode).toBe(409);
    expect(delDefault.json().code).toBe('finance.default_rate_required');
  });

  it('refuses rates for unknown targets and out-of-range rates, storing nothing', async () => {
    const rates = () => count(sql`select count(*)::int as n from finance_commission_rate`);
    const before = await rates();
    const cases: Array<[unknown, number, string]> = [
      [{ scope: 'seller', scopeId: newId('org'), rateBp: 100 }, 422, 'finance.unknown_rate_scope'],
      [{ scope: 'category', scopeId: newId('ctg'), rateBp: 100 }, 422, 'finance.unknown_rate_scope'],
      [{ scope: 'seller', scopeId: org1, rateBp: 10_001 }, 400, 'validation_failed'],
      [{ scope: 'seller', scopeId: org1, rateBp: 1.5 }, 400, 'validation_failed'],
      [{ scope: 'default', scopeId: '', rateBp: 100 }, 400, 'validation_failed'],
      [{ scope: 'seller', scopeId: org1, rateBp: '100' }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.call('POST', '/api/admin/finance/commission-rates', { token: admin, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().code).toBe(code);
    }
    const courierOrg = (await t.call('GET', '/api/auth/me', { token: await t.login('courier@shiji.test') })).json().org.id;
    const courier = await t.call('POST', '/api/admin/finance/commission-rates', { token: admin, body: { scope: 'seller', scopeId: courierOrg, rateBp: 1 } });
    expect(courier.json().code).toBe('finance.unknown_rate_scope');
    expect(await rates()).toBe(before);
    expect((await t.call('POST', '/api/admin/finance/commission-rates', { token: seller1, body: { scope: 'seller', scopeId: org1, rateBp: 0 } })).statusCode).toBe(403);
  });
});

describe('periods and settings', () => {
  it('closes an ended month once, audited; refuses the current month and malformed months', async () => {
    const res = await t.call('POST', '/api/admin/finance/periods/2021-07/close', { token: admin });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ month: '2021-07' });
    expect(await auditCount('finance.period_closed')).toBe(1);
    expect((await t.call('POST', '/api/admin/finance/periods/2021-07/close', { token: admin })).json().code).toBe('finance.period_already_closed');
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const now = await t.call('POST', `/api/admin/finance/periods/${thisMonth}/close`, { token: admin });
    expect(now.statusCode).toBe(422);
    expect(now.json().code).toBe('finance.period_not_ended');
    expect((await t.call('POST', '/api/admin/finance/periods/2021-13/close', { token: admin })).statusCode).toBe(400);
    expect((await t.call('GET', '/api/admin/finance/periods', { token: admin })).json().items.map((p: { month: string }) => p.month)).toEqual(['2021-07']);
    expect(await auditCount('finance.period_closed')).toBe(1);
  });

  it('changes the payout approval threshold, audited; refuses a negative or fractional one', async () => {
    expect((await t.call('GET', '/api/admin/finance/settings', { token: admin })).json().payoutApprovalThreshold.amount).toBe(1_000_000);
    for (const v of [-1, 10.5, '5000']) {
      const bad = await t.call('PUT', '/api/admin/finance/settings', { token: admin, body: { payoutApprovalThreshold: v } });
      expect(bad.statusCode).toBe(400);
    }
    expect(await auditCount('finance.settings_changed')).toBe(0);
    const res = await t.call('PUT', '/api/admin/finance/settings', { token: admin, body: { payoutApprovalThreshold: 50_000 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().payoutApprovalThreshold.amount).toBe(50_000);
    expect(await auditCount('finance.settings_changed')).toBe(1);
    expect((await t.call('GET', '/api/admin/finance/settings', { token: admin })).json().payoutApprovalThreshold.amount).toBe(50_000);
  });
});
