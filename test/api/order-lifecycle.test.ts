import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireUnpaidCheckouts, flagOverdueOrders } from '../../src/modules/order/index.js';
import { rows } from '../../src/platform/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addAddress, addLine, confirm, demoSkus, pay, type DemoSku } from '../helpers/trade.js';
import { count, paymentFixture, type PaymentFixture } from './payment-helpers.js';

/** Order lifecycle rules beyond the happy path: modifications (MS-ORD-01), overdue confirmation (PL-ORD-02), payment timeout, calendars. */
describe('order lifecycle', () => {
  let t: TestApp;
  let f: PaymentFixture;
  let skus: DemoSku[];
  let addressId: string;
  let seller1: string;
  beforeAll(async () => {
    t = await createTestApp({}, { catalog: true });
    f = await paymentFixture(t);
    skus = await demoSkus(t);
    addressId = await addAddress(t, f.consumer);
    seller1 = await t.login('seller1@shiji.test');
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  const seller1Sku = () => skus.find((s) => s.sellerId === f.seller1Org)!;
  const trialTotal = () => count(t, sql`select coalesce(sum(amount),0)::bigint as n from finance_posting`);
  async function paidOrder(quantity = 3) {
    await addLine(t, f.consumer, seller1Sku().skuId, quantity);
    const res = await confirm(t, f.consumer, addressId);
    expect(res.statusCode, res.body).toBe(201);
    await pay(t, res.json());
    return res.json().orders[0] as { id: string; total: { amount: number } };
  }

  it('applies a note change at once, and a quantity cut only after the other party accepts, keeping the old version', async () => {
    const o = await paidOrder(3);
    const note = await t.call('POST', `/api/store/orders/${o.id}/modifications`, { token: f.consumer, body: { note: '放门卫室' } });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().status).toBe('applied');
    const cut = await t.call('POST', `/api/seller/orders/${o.id}/modifications`, { token: seller1,
      body: { lines: [{ skuId: seller1Sku().skuId, quantity: 2 }], reason: '库存只够 2 件' } });
    expect(cut.statusCode, cut.body).toBe(201);
    expect(cut.json()).toMatchObject({ status: 'pending', needsAcceptanceBy: 'consumer', priceDelta: { amount: -seller1Sku().price } });
    // While a proposal waits, the seller cannot confirm and cannot decide its own proposal.
    expect((await t.call('POST', `/api/seller/orders/${o.id}/confirm`, { token: seller1 })).json().code).toBe('order.modification_pending');
    expect((await t.call('POST', `/api/seller/orders/${o.id}/modifications/${cut.json().id}/accept`, { token: seller1, body: {} })).statusCode).toBe(422);
    const raise = await t.call('POST', `/api/store/orders/${o.id}/modifications`, { token: f.consumer, body: { lines: [{ skuId: seller1Sku().skuId, quantity: 9 }] } });
    expect(raise.statusCode).toBe(409);
    const ok = await t.call('POST', `/api/store/orders/${o.id}/modifications/${cut.json().id}/accept`, { token: f.consumer, body: { note: '同意' } });
    expect(ok.statusCode, ok.body).toBe(200);
    const d = (await t.call('GET', `/api/store/orders/${o.id}`, { token: f.consumer })).json();
    expect(d.version).toBe(3);
    expect(d.note).toBe('放门卫室');
    expect(d.lines[0].quantity).toBe(2);
    expect(d.total.amount).toBe(o.total.amount - seller1Sku().price);
    expect(d.refunds.some((r: { amount: { amount: number } }) => r.amount.amount === seller1Sku().price)).toBe(true);
    expect(await count(t, sql`select count(*)::int as n from order_version where order_id = ${o.id}`)).toBe(2);
    expect(await trialTotal()).toBe(0);
    // An increase is refused with a reason, and nothing is stored.
    const more = await t.call('POST', `/api/seller/orders/${o.id}/modifications`, { token: seller1, body: { lines: [{ skuId: seller1Sku().skuId, quantity: 5 }] } });
    expect(more.statusCode).toBe(422);
    expect(more.json().code).toBe('order.invalid_modification');
    expect(await count(t, sql`select count(*)::int as n from order_modification where order_id = ${o.id}`)).toBe(2);
  });

  it('flags a paid order past its confirmation due time once, for the seller and operators, and counts it in the SLA', async () => {
    const o = await paidOrder(1);
    expect(await flagOverdueOrders(t.platform.db)).toBe(0);
    await t.platform.db.execute(sql`update order_order set confirm_due_at = now() - interval '1 minute' where id = ${o.id}`);
    expect(await flagOverdueOrders(t.platform.db)).toBe(1);
    expect(await flagOverdueOrders(t.platform.db)).toBe(0);
    expect(await count(t, sql`select count(*)::int as n from jobs_outbox where event = 'order.confirmation_overdue' and payload->>'orderId' = ${o.id}`)).toBe(1);
    const overdue = (await t.call('GET', '/api/seller/orders?overdue=true', { token: seller1 })).json().items;
    expect(overdue.map((x: { id: string }) => x.id)).toContain(o.id);
    expect(overdue.find((x: { id: string }) => x.id === o.id).overdue).toBe(true);
    const sla = (await t.call('GET', '/api/admin/orders/sla', { token: f.admin })).json();
    expect(sla.overdueOpen).toBeGreaterThanOrEqual(1);
    // Confirming late is allowed and counted as late.
    expect((await t.call('POST', `/api/seller/orders/${o.id}/confirm`, { token: seller1 })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/admin/orders/sla', { token: f.admin })).json().confirmedLate).toBeGreaterThanOrEqual(1);
  });

  it('cancels a checkout not paid in time and gives its stock back', async () => {
    const sku = seller1Sku();
    await addLine(t, f.consumer, sku.skuId, 2);
    const res = await confirm(t, f.consumer, addressId);
    expect(res.statusCode).toBe(201);
    const reserved = async () => (await rows<{ r: number }>(t.platform.db, sql`select coalesce(sum(reserved),0)::int as r from inventory_stock where sku_id = ${sku.skuId}`))[0]!.r;
    const held = await reserved();
    expect(await expireUnpaidCheckouts(t.platform.db, new Date(Date.now() + 31 * 60_000))).toBe(1);
    expect(await reserved()).toBe(held - 2);
    const c = (await t.call('GET', `/api/store/checkouts/${res.json().id}`, { token: f.consumer })).json();
    expect(c.status).toBe('expired');
    expect(c.orders[0].status).toBe('cancelled');
    expect(c.payment.payUrl).toBeNull();
  });

  it('lets a seller choose a service calendar of at least 5 × 8 h only', async () => {
    const settings = (await t.call('GET', '/api/seller/order-settings', { token: seller1 })).json();
    expect(settings.usesDefault).toBe(true);
    // The choices are the service calendars (the 2026 mainland 5 × 8 and the 7 × 24 ones are preloaded).
    expect(settings.calendars.length).toBeGreaterThanOrEqual(2);
    const bad = await t.call('PUT', '/api/seller/order-settings', { token: seller1, body: { calendarId: 'cal_01JUNKNOWN0000000000000000' } });
    expect(bad.statusCode).toBe(404);
    const choice = (settings.calendars as Array<{ id: string; isDefault: boolean }>).find((c) => !c.isDefault)!;
    const ok = await t.call('PUT', '/api/seller/order-settings', { token: seller1, body: { calendarId: choice.id } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ usesDefault: false, calendarId: choice.id });
  });
});
