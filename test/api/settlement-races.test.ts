import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { postEntry, sellerAccount } from '../../src/modules/finance/index.js';
import { ensureSandboxProvider } from '../../src/modules/payment/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { onRealPostgres } from '../helpers/db.js';

let t: TestApp;
let admin: string;
let org1: string;
const ctx = systemContext('settlement race test');

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
  org1 = (await t.call('GET', '/api/auth/me', { token: await t.login('seller1@shiji.test') })).json().org.id;
  await t.platform.db.transaction((tx) => ensureSandboxProvider(tx, ctx, t.platform.keyring));
});
afterAll(async () => { await t.close(); });

async function sale(month: string, goods: number) {
  const orderId = newId('ord');
  await t.platform.db.transaction((tx) => postEntry(tx, ctx, { kind: 'order.paid', sourceType: 'order', sourceId: orderId,
    occurredAt: new Date(`${month}-10T10:00:00+08:00`), lines: [
      { account: 'clearing:consumer', amount: goods, sellerId: org1, orderId },
      { account: sellerAccount(org1), amount: -goods, memo: 'goods', sellerId: org1, orderId }] }));
}

describe.runIf(onRealPostgres)('settlement under concurrency (real PostgreSQL)', () => {
  it('issues a seller\'s statement once when generated many times at once', async () => {
    await sale('2024-05', 3_000);
    const res = await Promise.all(Array.from({ length: 6 }, () =>
      t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org1, from: '2024-05-01', to: '2024-06-01' } })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const list = (await t.call('GET', `/api/admin/settlements/statements?sellerId=${org1}`, { token: admin })).json().items;
    expect(list).toHaveLength(1);
  });

  it('pays a statement out once when many payouts are requested at once', async () => {
    await sale('2024-07', 5_000);
    const s = (await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org1, from: '2024-07-01', to: '2024-08-01' } }))
      .json().items[0];
    const before = (await t.call('GET', `/api/admin/finance/accounts?prefix=${sellerAccount(org1)}`, { token: admin })).json().items[0].balance.amount;
    const res = await Promise.all(Array.from({ length: 6 }, () =>
      t.call('POST', `/api/admin/settlements/statements/${s.id}/payout`, { token: admin, body: { payee: '6222 **** **** 1234' } })));
    expect(res.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const after = (await t.call('GET', `/api/admin/finance/accounts?prefix=${sellerAccount(org1)}`, { token: admin })).json().items[0].balance.amount;
    expect(before - after).toBe(5_000);
  });
});
