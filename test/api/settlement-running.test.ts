import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { postEntry, sellerAccount } from '../../src/modules/finance/index.js';
import { generateStatements } from '../../src/modules/settlement/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** Statements of a period still running (today): settled up to the issue time; the next one goes on from there (PL-FIN-03). */
describe('statements of a running period', () => {
  let t: TestApp;
  let admin: string;
  let org2: string;
  const ctx = systemContext('settlement test');
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin@shiji.test');
    org2 = (await t.call('GET', '/api/auth/me', { token: await t.login('seller2@shiji.test') })).json().org.id;
  });
  afterAll(async () => { await t?.close(); });
  async function sale(amount: number, occurredAt?: Date) {
    const orderId = newId('ord');
    await t.platform.db.transaction((tx) => postEntry(tx, ctx, { kind: 'order.paid', sourceType: 'order', sourceId: orderId, ...(occurredAt ? { occurredAt } : {}), lines: [
      { account: 'clearing:consumer', amount, sellerId: org2, orderId },
      { account: sellerAccount(org2), amount: -amount, memo: 'goods', sellerId: org2, orderId },
    ] }));
  }

  it('settles today so far, and a later statement goes on from that cut-off without a gap or a double count', async () => {
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86400_000).toISOString().slice(0, 10);
    await sale(10_000);
    const first = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org2, from: day(0), to: day(1) } });
    expect(first.statusCode, first.body).toBe(201);
    const s1 = first.json().items[0];
    expect(s1.sales.amount).toBe(10_000);
    expect(new Date(s1.coversTo).getTime()).toBeLessThanOrEqual(Date.now());
    // After the cut-off: a new sale today belongs to the next statement, which starts where the first stopped.
    await sale(7_000);
    const again = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org2, from: day(0), to: day(1) } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('settlement.statement_exists');
    const later = await t.platform.db.transaction((tx) => generateStatements(tx, ctx, { sellerId: org2, from: day(0), to: day(2) }, new Date(Date.now() + 2 * 86400_000)));
    expect(later.items[0]!.sales.amount).toBe(7_000);
    expect(later.items[0]!.coversFrom).toBe(s1.coversTo);
    const overlapping = await t.call('POST', '/api/admin/settlements/statements', { token: admin, body: { sellerId: org2, from: day(-1), to: day(1) } });
    expect(overlapping.json().code).toBe('settlement.period_overlaps');
  });

});
