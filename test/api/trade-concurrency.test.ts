import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCheckout } from '../../src/modules/order/index.js';
import { applyPendingNotifications, buildSignedNotification, getPaymentByReference, notificationBody, payUrl } from '../../src/modules/payment/index.js';
import { sandboxTxnByRef, txnOut } from '../../src/modules/payment/sandbox/adapter.js';
import { rows } from '../../src/platform/db/client.js';
import type { RequestContext } from '../../src/platform/http/auth.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { onRealPostgres } from '../helpers/db.js';
import { addLine, confirm, demoSkus, inBatches, ledgerHealth, pay, prepareBuyer, prepareBuyers, preview, sellerTokens, setAvailable, stockOf, tally,
  type Buyer, type DemoSku } from '../helpers/trade.js';
import { CREDS, count, deliver, payForm, paymentFixture, postPayPage, txnOf, type PaymentFixture } from './payment-helpers.js';

/**
 * The trade loop under real concurrency (issue 5, "Done when"): many consumers confirming at once over
 * HTTP (app.inject on a PostgreSQL pool of 20 connections: real parallel transactions and row locks),
 * checkouts crossing payment notifications and seller rejections of the same stock, the same
 * confirmation retried concurrently with one Idempotency-Key, and provider notifications replayed,
 * forged, stale, out of order, or arriving before the checkout's transaction commits.
 * PostgreSQL only: PGlite runs one transaction at a time, so nothing here could race on it.
 */
describe.runIf(onRealPostgres)('the trade loop under concurrency (real PostgreSQL)', () => {
  let t: TestApp;
  let f: PaymentFixture;
  /** Demo SKUs of one seller (xs) and of the other (ys); each test takes its own, so stock never carries over. */
  let xs: DemoSku[];
  let ys: DemoSku[];
  let sellers: Map<string, string>;
  const dbUrl = () => (t.platform.database as unknown as { url: string }).url;
  /** Checkouts, orders and payments of some accounts, counted in the database. */
  const storedFor = async (accountIds: string[]) => {
    if (accountIds.length === 0) return { checkouts: 0, orders: 0, lines: 0, payments: 0 };
    return (await rows<{ checkouts: number; orders: number; lines: number; payments: number }>(t.platform.db, sql`select
      (select count(*)::int from order_checkout where account_id in ${accountIds}) as checkouts,
      (select count(*)::int from order_order where account_id in ${accountIds}) as orders,
      (select count(*)::int from order_line l join order_order o on o.id = l.order_id where o.account_id in ${accountIds}) as lines,
      (select count(*)::int from payment_payment where account_id in ${accountIds}) as payments`))[0]!;
  };
  const entries = (kind: string) => count(t, sql`select count(*)::int as n from finance_entry where kind = ${kind}`);

  beforeAll(async () => {
    t = await createTestApp({}, { catalog: true });
    f = await paymentFixture(t);
    const skus = await demoSkus(t, 4);
    xs = skus.filter((s) => s.sellerId === skus[0]!.sellerId);
    ys = skus.filter((s) => s.sellerId !== skus[0]!.sellerId);
    expect([xs.length, ys.length]).toEqual([4, 4]);
    sellers = await sellerTokens(t);
  }, 180_000);
  afterAll(async () => { await t?.close(); });

  it('sells exactly 100 units to 200 buyers confirming at once: 100 checkouts, 100 clear out-of-stock problems, 100 paid orders, a balanced ledger', async () => {
    const sku = xs[0]!;
    await setAvailable(t, sellers.get(sku.sellerId)!, sku.skuId, 100);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 100, reserved: 0, held: 0 });
    const t0 = Date.now();
    const buyers = await prepareBuyers(t, 200, 'oversell', () => [{ skuId: sku.skuId, quantity: 1 }]);
    const hashes = await inBatches(buyers, 20, async (b) => (await preview(t, b.token, b.addressId)).offerHash);
    const prepared = Date.now() - t0;

    // A second connection watches the stock row the whole time: available must never drop below zero.
    const watcher = new pg.Client({ connectionString: dbUrl() });
    await watcher.connect();
    let watching = true;
    const seen = { samples: 0, minAvailable: Number.POSITIVE_INFINITY, maxReserved: 0 };
    const watch = (async () => {
      while (watching) {
        const r = await watcher.query<{ available: number; reserved: number }>(
          'select min(on_hand - reserved)::int as available, sum(reserved)::int as reserved from inventory_stock where sku_id = $1', [sku.skuId]);
        seen.samples += 1;
        seen.minAvailable = Math.min(seen.minAvailable, r.rows[0]!.available);
        seen.maxReserved = Math.max(seen.maxReserved, r.rows[0]!.reserved);
      }
    })();

    const t1 = Date.now();
    const answers = await Promise.all(buyers.map((b, i) => confirm(t, b.token, b.addressId, { offerHash: hashes[i]! })));
    const stormMs = Date.now() - t1;
    watching = false;
    await watch;
    await watcher.end();

    const counts = tally(answers);
    console.log(`oversell: ${buyers.length} buyers prepared in ${prepared} ms; confirmations ${JSON.stringify(counts)} in ${stormMs} ms; `
      + `stock watched ${seen.samples}× (min available ${seen.minAvailable}, max reserved ${seen.maxReserved})`);
    expect(counts).toEqual({ 201: 100, '409 inventory.out_of_stock': 100 });
    for (const a of answers.filter((x) => x.statusCode === 409)) {
      expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(a.json()).toMatchObject({ status: 409, skuId: sku.skuId, requested: 1, available: 0 });
      expect(a.json().detail).toContain('out of stock');
    }
    expect(seen.samples).toBeGreaterThan(0);
    expect(seen.minAvailable).toBeGreaterThanOrEqual(0);
    expect(seen.maxReserved).toBeLessThanOrEqual(100);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 100, reserved: 100, held: 100 });

    const won = buyers.filter((_, i) => answers[i]!.statusCode === 201);
    const lost = buyers.filter((_, i) => answers[i]!.statusCode === 409);
    expect(await storedFor(won.map((b) => b.accountId))).toEqual({ checkouts: 100, orders: 100, lines: 100, payments: 100 });
    // A refused confirmation leaves nothing behind: no checkout, order or payment, and the cart line is still there.
    expect(await storedFor(lost.map((b) => b.accountId))).toEqual({ checkouts: 0, orders: 0, lines: 0, payments: 0 });
    expect((await t.call('GET', '/api/store/cart', { token: lost[0]!.token })).json().lineCount).toBe(1);

    // Everyone who got a checkout pays through the sandbox page; the provider's notifications arrive concurrently.
    const paidBefore = await entries('order.paid');
    const t2 = Date.now();
    const checkouts = won.map((b) => answers[buyers.indexOf(b)]!.json());
    await Promise.all(checkouts.map((c) => pay(t, c)));
    const payMs = Date.now() - t2;
    const states = await Promise.all(won.map((b, i) => t.call('GET', `/api/store/checkouts/${checkouts[i].id}`, { token: b.token }).then((r) => r.json())));
    expect(states.map((c) => c.status)).toEqual(Array(100).fill('paid'));
    expect(states.flatMap((c) => c.orders.map((o: { status: string }) => o.status))).toEqual(Array(100).fill('paid'));
    expect(await count(t, sql`select count(*)::int as n from order_order o join order_line l on l.order_id = o.id
      where l.sku_id = ${sku.skuId} and o.status = 'paid'`)).toBe(100);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 0, reserved: 0, held: 0 });
    expect(await count(t, sql`select coalesce(-sum(quantity), 0)::int as n from inventory_movement where sku_id = ${sku.skuId} and kind = 'sale'`)).toBe(100);
    expect(await entries('order.paid') - paidBefore).toBe(100);
    const ledger = await ledgerHealth(t, f.admin);
    console.log(`oversell: 100 payments applied in ${payMs} ms; trial balance net ${ledger.net}, integrity ${ledger.integrityOk ? 'ok' : ledger.problems.join('; ')}`);
    expect(ledger).toMatchObject({ net: 0, balanced: true, integrityOk: true });
  }, 300_000);

  it('never deadlocks when carts hold the same two SKUs in opposite order: every answer is 201 or out of stock, never more sold than stocked', async () => {
    const [a, b] = [xs[1]!, xs[2]!];
    const seller = sellers.get(a.sellerId)!;
    await setAvailable(t, seller, a.skuId, 50);
    await setAvailable(t, seller, b.skuId, 50);
    // Half add A then B, half B then A, with different quantities: about 90 units of A and 120 of B are wanted.
    const buyers = await prepareBuyers(t, 60, 'deadlock', (i) => {
      const lineA = { skuId: a.skuId, quantity: 1 + (i % 2) };
      const lineB = { skuId: b.skuId, quantity: 1 + (i % 3) };
      return i % 2 === 0 ? [lineA, lineB] : [lineB, lineA];
    });
    const hashes = await inBatches(buyers, 20, async (x) => (await preview(t, x.token, x.addressId)).offerHash);
    const before = (await rows<{ deadlocks: number }>(t.platform.db, sql`select deadlocks::int from pg_stat_database where datname = current_database()`))[0]!;

    const t0 = Date.now();
    const answers = await Promise.all(buyers.map((x, i) => confirm(t, x.token, x.addressId, { offerHash: hashes[i]! })));
    const counts = tally(answers);
    const won = buyers.filter((_, i) => answers[i]!.statusCode === 201).map((x) => x.accountId);
    const sold = await rows<{ sku_id: string; n: number }>(t.platform.db, sql`select l.sku_id, sum(l.quantity)::int as n from order_line l
      join order_order o on o.id = l.order_id where o.account_id in ${buyers.map((x) => x.accountId)} group by l.sku_id`);
    const soldOf = (id: string) => Number(sold.find((r) => r.sku_id === id)?.n ?? 0);
    const after = (await rows<{ deadlocks: number }>(t.platform.db, sql`select deadlocks::int from pg_stat_database where datname = current_database()`))[0]!;
    console.log(`deadlock: 60 opposite-order carts → ${JSON.stringify(counts)} in ${Date.now() - t0} ms; sold A ${soldOf(a.skuId)}/50, B ${soldOf(b.skuId)}/50; `
      + `pg_stat_database.deadlocks ${before.deadlocks} → ${after.deadlocks}`);

    expect(Object.keys(counts).every((k) => k === '201' || k === '409 inventory.out_of_stock'), JSON.stringify(counts)).toBe(true);
    expect(counts['201']).toBeGreaterThan(0);
    expect(counts['409 inventory.out_of_stock']).toBeGreaterThan(0);
    expect(await storedFor(won)).toMatchObject({ checkouts: won.length, orders: won.length, lines: 2 * won.length, payments: won.length });
    expect(await storedFor(buyers.filter((_, i) => answers[i]!.statusCode !== 201).map((x) => x.accountId)))
      .toEqual({ checkouts: 0, orders: 0, lines: 0, payments: 0 });
    for (const sku of [a, b]) {
      const s = await stockOf(t, sku.skuId);
      expect(soldOf(sku.skuId)).toBeLessThanOrEqual(50);
      expect(s).toEqual({ onHand: 50, reserved: soldOf(sku.skuId), held: soldOf(sku.skuId) });
    }
  }, 120_000);

  it('never deadlocks checkouts against payment notifications and seller rejections of the same SKU happening at the same time', async () => {
    const sku = ys[2]!;
    const seller = sellers.get(sku.sellerId)!;
    await setAvailable(t, seller, sku.skuId, 150);
    const buyers = await prepareBuyers(t, 90, 'crossing', () => [{ skuId: sku.skuId, quantity: 1 }]);
    const [paid, paying, confirmers] = [buyers.slice(0, 30), buyers.slice(30, 60), buyers.slice(60)];
    // Thirty orders are paid (the seller will reject them); thirty checkouts are paid on the provider's page, their notifications on the way.
    const paidOrders = await inBatches(paid, 10, async (b) => {
      const res = await confirm(t, b.token, b.addressId);
      expect(res.statusCode, res.body).toBe(201);
      await pay(t, res.json());
      return res.json().orders[0].id as string;
    });
    const inFlight = await inBatches(paying, 10, async (b) => {
      const res = await confirm(t, b.token, b.addressId);
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json() as { payment: { id: string; payUrl: string } };
      expect((await postPayPage(t, payForm(c.payment.payUrl, 'pay'))).statusCode).toBe(303);
      return txnOut((await sandboxTxnByRef(t.platform.db, 'charge', c.payment.id))!);
    });
    const hashes = await inBatches(confirmers, 10, async (b) => (await preview(t, b.token, b.addressId)).offerHash);
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 120, reserved: 30, held: 30 });

    // Now, all at once on the same stock row: thirty confirmations (reserve), thirty notifications (sell), thirty rejections (return, refund).
    const t0 = Date.now();
    const [confirmed, notified, rejected] = await Promise.all([
      Promise.all(confirmers.map((b, i) => confirm(t, b.token, b.addressId, { offerHash: hashes[i]! }))),
      Promise.all(inFlight.map((txn) => deliver(t, txn))),
      Promise.all(paidOrders.map((id) => t.call('POST', `/api/seller/orders/${id}/reject`, { token: seller, body: { reason: '仓库盘点差异，无法发货' } }))),
    ]);
    const webhook: Record<string, number> = {};
    for (const r of notified) webhook[`${r.statusCode} ${r.json().status}`] = (webhook[`${r.statusCode} ${r.json().status}`] ?? 0) + 1;
    console.log(`crossing: 30 confirmations ${JSON.stringify(tally(confirmed))}, 30 notifications ${JSON.stringify(webhook)}, `
      + `30 rejections ${JSON.stringify(tally(rejected))} at once in ${Date.now() - t0} ms`);
    expect(tally(confirmed)).toEqual({ 201: 30 });
    expect(webhook).toEqual({ '200 applied': 30 });
    expect(tally(rejected)).toEqual({ 200: 30 });
    // 120 on hand: 30 sold now, 30 returned by the rejections; 30 reserved by the new checkouts.
    expect(await stockOf(t, sku.skuId)).toEqual({ onHand: 120, reserved: 30, held: 30 });
    expect(await ledgerHealth(t, f.admin)).toMatchObject({ net: 0, balanced: true, integrityOk: true });
  }, 180_000);

  it('creates one checkout, one order per seller and one payment for the same confirmation sent 20 times at once with one Idempotency-Key', async () => {
    const lines = [xs[3]!, ys[0]!];
    const buyer = await prepareBuyer(t, 'buyer-idem@shiji.test', lines.map((s) => ({ skuId: s.skuId, quantity: 2 })));
    const stockBefore = await Promise.all(lines.map((s) => stockOf(t, s.skuId)));
    const p = await preview(t, buyer.token, buyer.addressId);
    const key = randomUUID();
    const keysBefore = await count(t, sql`select count(*)::int as n from idempotency_key`);

    const answers = await Promise.all(Array.from({ length: 20 }, () => confirm(t, buyer.token, buyer.addressId, { key, offerHash: p.offerHash })));
    console.log(`idempotency: 20 concurrent confirmations with one key → ${JSON.stringify(tally(answers))}, `
      + `${answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length} replayed`);
    expect(tally(answers)).toEqual({ 201: 20 });
    const ids = new Set(answers.map((a) => a.json().id as string));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    const checkout = answers[0]!.json();
    expect(checkout.orders).toHaveLength(2);
    expect(new Set(answers.map((a) => JSON.stringify(a.json().orders.map((o: { id: string }) => o.id))))).toEqual(new Set([JSON.stringify(checkout.orders.map((o: { id: string }) => o.id))]));
    expect(await storedFor([buyer.accountId])).toEqual({ checkouts: 1, orders: 2, lines: 2, payments: 1 });
    expect(await count(t, sql`select count(*)::int as n from idempotency_key`)).toBe(keysBefore + 1);
    for (const [i, s] of lines.entries()) expect((await stockOf(t, s.skuId)).reserved).toBe(stockBefore[i]!.reserved + 2);

    // The same key with another body (another note) is refused and stores nothing.
    const other = await t.call('POST', '/api/store/checkouts', { token: buyer.token, headers: { 'idempotency-key': key },
      body: { addressId: buyer.addressId, paymentProvider: 'sandbox', offerHash: p.offerHash, accept: true, note: '另一个请求' } });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency.key_reused');
    expect(await storedFor([buyer.accountId])).toEqual({ checkouts: 1, orders: 2, lines: 2, payments: 1 });
    expect(await count(t, sql`select count(*)::int as n from idempotency_key`)).toBe(keysBefore + 1);

    // One charge: the pay page pressed five times at once books one provider transaction; its notifications apply once.
    const pages = await Promise.all(Array.from({ length: 5 }, () => postPayPage(t, payForm(checkout.payment.payUrl, 'pay'))));
    expect(pages.map((r) => r.statusCode)).toEqual(Array(5).fill(303));
    expect(await count(t, sql`select count(*)::int as n from payment_sandbox_txn where kind = 'charge' and merchant_ref = ${checkout.payment.id}`)).toBe(1);
    const txn = txnOut((await sandboxTxnByRef(t.platform.db, 'charge', checkout.payment.id))!);
    const delivered = await Promise.all(Array.from({ length: 5 }, () => deliver(t, txn)));
    expect(delivered.map((r) => r.statusCode)).toEqual(Array(5).fill(200));
    expect(delivered.map((r) => r.json().status).sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await count(t, sql`select count(*)::int as n from finance_entry where kind = 'payment.succeeded' and source_id = ${checkout.payment.id}`)).toBe(1);
    expect((await t.call('GET', `/api/store/checkouts/${checkout.id}`, { token: buyer.token })).json().status).toBe('paid');
  }, 60_000);

  describe('payment notifications', () => {
    let buyer: Buyer;
    const sku = () => ys[1]!;
    /** Everything a notification could change: statuses, ledger, stock, stored notifications. */
    const snapshot = async (checkoutId: string, paymentId: string) => ({
      checkout: (await rows<{ status: string }>(t.platform.db, sql`select status from order_checkout where id = ${checkoutId}`))[0]!.status,
      orders: (await rows<{ status: string }>(t.platform.db, sql`select status from order_order where checkout_id = ${checkoutId} order by id`)).map((r) => r.status),
      payment: (await rows<{ status: string }>(t.platform.db, sql`select status from payment_payment where id = ${paymentId}`))[0]!.status,
      entries: await count(t, sql`select count(*)::int as n from finance_entry`),
      postings: await count(t, sql`select count(*)::int as n from finance_posting`),
      movements: await count(t, sql`select count(*)::int as n from inventory_movement where sku_id = ${sku().skuId}`),
      stock: await stockOf(t, sku().skuId),
      notifications: await count(t, sql`select count(*)::int as n from payment_notification where subject_ref = ${paymentId}`),
    });
    const checkoutFor = async () => {
      await addLine(t, buyer.token, sku().skuId, 1);
      const res = await confirm(t, buyer.token, buyer.addressId);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; total: { amount: number }; payment: { id: string; payUrl: string } };
    };

    beforeAll(async () => { buyer = await prepareBuyer(t, 'buyer-notify@shiji.test'); });

    it('changes nothing on a replayed charge.succeeded, and a failure arriving after the success does not downgrade it', async () => {
      const c = await checkoutFor();
      await pay(t, c);
      const paid = await snapshot(c.id, c.payment.id);
      expect(paid).toMatchObject({ checkout: 'paid', orders: ['paid'], payment: 'succeeded', notifications: 1 });
      const txn = txnOut((await sandboxTxnByRef(t.platform.db, 'charge', c.payment.id))!);
      // The provider retries (re-signed) and an attacker replays the very same request: all answered 200 "duplicate".
      const same = buildSignedNotification(CREDS.webhookSecret, notificationBody(txn, new Date()));
      const replays = await Promise.all([
        ...Array.from({ length: 4 }, () => deliver(t, txn)),
        ...Array.from({ length: 4 }, () => t.app.inject({ method: 'POST', url: '/api/webhooks/payments/sandbox', headers: same.headers, payload: same.rawBody })),
      ]);
      expect(replays.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
      expect(new Set(replays.map((r) => r.json().status))).toEqual(new Set(['duplicate']));
      expect(await snapshot(c.id, c.payment.id)).toEqual(paid);

      const failed = await deliver(t, txnOf('charge', c.payment.id, 'failed', c.total.amount));
      expect(failed.statusCode).toBe(200);
      expect(failed.json().status).toBe('ignored');
      expect(await snapshot(c.id, c.payment.id)).toEqual({ ...paid, notifications: 2 });
    });

    it('refuses a forged or a 6-minute-old notification with 401 and stores and changes nothing', async () => {
      const c = await checkoutFor();
      const before = await snapshot(c.id, c.payment.id);
      expect(before).toMatchObject({ checkout: 'awaiting_payment', payment: 'pending', notifications: 0 });
      const txn = txnOf('charge', c.payment.id, 'succeeded', c.total.amount);
      const forged = await deliver(t, txn, { secret: 'not-the-webhook-secret-0000000000' });
      expect(forged.statusCode).toBe(401);
      expect(forged.json().code).toBe('payment.notification_rejected');
      const stale = await deliver(t, txn, { at: new Date(Date.now() - 6 * 60_000) });
      expect(stale.statusCode).toBe(401);
      expect(stale.json().code).toBe('payment.notification_rejected');
      expect(stale.json().detail).toMatch(/signed 3\d\d s ago/);
      expect(await snapshot(c.id, c.payment.id)).toEqual(before);
      // Control: the same notification signed now and with the right secret is accepted.
      expect((await deliver(t, txn)).json().status).toBe('applied');
      expect((await snapshot(c.id, c.payment.id)).checkout).toBe('paid');
    });

    it('applies exactly once a notification that arrives while the checkout\'s transaction is still open', async () => {
      await addLine(t, buyer.token, sku().skuId, 1);
      const offer = await preview(t, buyer.token, buyer.addressId);
      const ctx: RequestContext = { actorId: buyer.accountId, actorOrgId: null, ip: '127.0.0.1', userAgent: 'trade-concurrency test', requestId: null };
      const paidBefore = await entries('order.paid');
      const stockBefore = await stockOf(t, sku().skuId);
      // Handshake: the transaction signals once the checkout is written, then waits (uncommitted) until the webhook has answered.
      let opened!: (v: { checkoutId: string; paymentId: string; url: string }) => void;
      const isOpen = new Promise<{ checkoutId: string; paymentId: string; url: string }>((r) => { opened = r; });
      let answered!: () => void;
      const webhookDone = new Promise<void>((r) => { answered = r; });
      const committed = t.platform.db.transaction(async (tx) => {
        const { checkoutId } = await placeCheckout(tx, ctx, t.platform.keyring, { accountId: buyer.accountId, addressId: buyer.addressId,
          paymentProvider: 'sandbox', note: '', offerHash: offer.offerHash });
        const p = (await getPaymentByReference(tx, checkoutId))!;
        opened({ checkoutId, paymentId: p.id, url: await payUrl(tx, t.platform.keyring, p.id, `/checkout/result?checkout=${checkoutId}`) });
        await webhookDone;
        return checkoutId;
      });
      const { checkoutId, paymentId, url } = await isOpen;
      try {
        // Outside the transaction nothing exists yet…
        expect((await t.call('GET', `/api/store/checkouts/${checkoutId}`, { token: buyer.token })).statusCode).toBe(404);
        // …but the consumer pays at the provider and its signed notification arrives now: stored, kept pending.
        expect((await postPayPage(t, payForm(url, 'pay'))).statusCode).toBe(303);
        const txn = txnOut((await sandboxTxnByRef(t.platform.db, 'charge', paymentId))!);
        const early = await deliver(t, txn);
        expect(early.statusCode).toBe(200);
        expect(early.json().status).toBe('pending');
      } finally {
        answered();
      }
      expect(await committed).toBe(checkoutId);

      // After the commit the route applies pending notifications of its checkout while the per-minute sweep runs too.
      const [byRoute, bySweep] = await Promise.all([applyPendingNotifications(t.platform.db, checkoutId), applyPendingNotifications(t.platform.db)]);
      expect(byRoute + bySweep).toBe(1);
      expect(await applyPendingNotifications(t.platform.db, checkoutId)).toBe(0);
      const view = (await t.call('GET', `/api/store/checkouts/${checkoutId}`, { token: buyer.token })).json();
      expect(view.status).toBe('paid');
      expect(view.orders.map((o: { status: string }) => o.status)).toEqual(['paid']);
      expect(await entries('order.paid') - paidBefore).toBe(1);
      expect(await count(t, sql`select count(*)::int as n from finance_entry where kind = 'payment.succeeded' and source_id = ${paymentId}`)).toBe(1);
      expect(await count(t, sql`select count(*)::int as n from inventory_movement where reference = ${checkoutId} and kind = 'sale'`)).toBe(1);
      expect(await count(t, sql`select count(*)::int as n from payment_notification where subject_ref = ${paymentId} and status = 'applied'`)).toBe(1);
      expect(await stockOf(t, sku().skuId)).toEqual({ onHand: stockBefore.onHand - 1, reserved: stockBefore.reserved, held: stockBefore.held });
      expect(await ledgerHealth(t, f.admin)).toMatchObject({ net: 0, balanced: true, integrityOk: true });
    });
  });
});
