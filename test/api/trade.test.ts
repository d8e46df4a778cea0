import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addAddress, addLine, confirm, demoSkus, pay, preview, type DemoSku } from '../helpers/trade.js';
import { count, paymentFixture, runJobs, type PaymentFixture } from './payment-helpers.js';

/** The trade loop end to end on one database: cart → offer → confirmation → payment → orders → confirmation, refunds, ledger. */
describe('trade loop', () => {
  let t: TestApp;
  let f: PaymentFixture;
  let skus: DemoSku[];
  let consumer: string;
  let addressId: string;
  beforeAll(async () => {
    t = await createTestApp({}, { catalog: true });
    f = await paymentFixture(t);
    consumer = f.consumer;
    skus = await demoSkus(t);
    addressId = await addAddress(t, consumer);
  }, 120_000);
  afterAll(async () => { await t?.close(); });

  const onHand = async (skuId: string) => (await rows<{ on_hand: number; reserved: number }>(t.platform.db,
    sql`select coalesce(sum(on_hand),0)::int as on_hand, coalesce(sum(reserved),0)::int as reserved from inventory_stock where sku_id = ${skuId}`))[0]!;
  const trialTotal = () => count(t, sql`select coalesce(sum(amount),0)::bigint as n from finance_posting`);

  it('keeps a guest cart under its token and merges it into the consumer\'s cart at sign-in', async () => {
    const [a, b] = skus;
    const guest = await addLine(t, undefined, a!.skuId, 2);
    expect(guest.cartToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const headers = { 'x-cart-token': guest.cartToken as string };
    await addLine(t, undefined, b!.skuId, 1, headers);
    const seen = (await t.call('GET', '/api/store/cart', { headers })).json();
    expect(seen.groups).toHaveLength(2);
    expect(seen.lineCount).toBe(2);
    // The consumer already has one unit of A in their own cart (another device): quantities add up.
    await addLine(t, consumer, a!.skuId, 1);
    const merged = (await t.call('GET', '/api/store/cart', { token: consumer, headers })).json();
    const lineA = merged.groups.flatMap((g: { lines: Array<{ skuId: string; quantity: number }> }) => g.lines).find((l: { skuId: string }) => l.skuId === a!.skuId);
    expect(lineA.quantity).toBe(3);
    expect(merged.lineCount).toBe(2);
    expect(merged.total.amount).toBe(merged.goodsAmount.amount + merged.shippingFee.amount);
    // The guest cart is gone: its token shows an empty cart.
    expect((await t.call('GET', '/api/store/cart', { headers })).json().lineCount).toBe(0);
  });

  it('refuses bad cart input with a clear problem and stores nothing', async () => {
    const before = await count(t, sql`select count(*)::int as n from cart_line`);
    const unknown = await t.call('POST', '/api/store/cart/lines', { token: consumer, body: { skuId: 'sku_01JUNKNOWN0000000000000000', quantity: 1 } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('cart.sku_unavailable');
    const zero = await t.call('POST', '/api/store/cart/lines', { token: consumer, body: { skuId: skus[0]!.skuId, quantity: 0 } });
    expect(zero.statusCode).toBe(400);
    const float = await t.call('POST', '/api/store/cart/lines', { token: consumer, body: { skuId: skus[0]!.skuId, quantity: 1.5 } });
    expect(float.statusCode).toBe(400);
    const staff = await t.call('POST', '/api/store/cart/lines', { token: f.admin, body: { skuId: skus[0]!.skuId, quantity: 1 } });
    expect(staff.statusCode).toBe(403);
    expect(await count(t, sql`select count(*)::int as n from cart_line`)).toBe(before);
  });

  it('stores the address book encrypted and refuses an invalid phone', async () => {
    const bad = await t.call('POST', '/api/store/addresses', { token: consumer, body: { recipient: '李四', phone: '12345', province: '浙江省', city: '杭州市', detail: 'x 路' } });
    expect(bad.statusCode).toBe(400);
    const raw = await rows<{ recipient_enc: string; phone_enc: string; detail_enc: string }>(t.platform.db, sql`select * from consumer_address where id = ${addressId}`);
    expect(JSON.stringify(raw)).not.toContain('13800000005');
    expect(JSON.stringify(raw)).not.toContain('文三路');
    const other = await t.login('seller1@shiji.test');
    expect((await t.call('GET', '/api/store/addresses', { token: other })).statusCode).toBe(403);
  });

  let checkout: { id: string; payment: { id: string; payUrl: string | null; status: string }; orders: Array<{ id: string; seller: { id: string }; total: { amount: number } }>; total: { amount: number } };

  it('shows the complete offer and creates orders only on explicit confirmation of that exact offer', async () => {
    const p = await preview(t, consumer, addressId, '请工作日送货');
    expect(p.offer.groups).toHaveLength(2);
    expect(p.problems).toEqual([]);
    const before = await count(t, sql`select count(*)::int as n from order_order`);
    const noAccept = await t.call('POST', '/api/store/checkouts', { token: consumer, body: { addressId, paymentProvider: 'sandbox', offerHash: p.offerHash, note: '请工作日送货' } });
    expect(noAccept.statusCode).toBe(400);
    const stale = await confirm(t, consumer, addressId, { offerHash: 'a'.repeat(64), note: '请工作日送货' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('checkout.offer_changed');
    expect(stale.json().offerHash).toBe(p.offerHash);
    expect(stale.json().offer.total).toEqual(p.offer.total);
    expect(await count(t, sql`select count(*)::int as n from order_order`)).toBe(before);

    const key = 'journey-key-1';
    const res = await confirm(t, consumer, addressId, { key, offerHash: p.offerHash, note: '请工作日送货' });
    expect(res.statusCode, res.body).toBe(201);
    checkout = res.json();
    expect(checkout.orders).toHaveLength(2);
    expect(checkout.total.amount).toBe(p.offer.total.amount);
    expect(checkout.payment.status).toBe('pending');
    // A retry with the same key and body answers the same checkout; another body with the key is refused.
    const again = await confirm(t, consumer, addressId, { key, offerHash: p.offerHash, note: '请工作日送货' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(checkout.id);
    const other = await confirm(t, consumer, addressId, { key, offerHash: p.offerHash, note: '改了备注' });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency.key_reused');
    expect(await count(t, sql`select count(*)::int as n from order_checkout where account_id = ${f.consumerId}`)).toBe(1);
    // The confirmation record: snapshot hash, time, account, address; audited; stock reserved; cart emptied.
    const [c] = await rows<{ offer_hash: string; confirm_ip: string | null }>(t.platform.db, sql`select * from order_checkout where id = ${checkout.id}`);
    expect(c!.offer_hash).toBe(p.offerHash);
    expect(await count(t, sql`select count(*)::int as n from audit_log where action = 'checkout.confirmed' and resource_id = ${checkout.id}`)).toBe(1);
    expect((await onHand(skus[0]!.skuId)).reserved).toBeGreaterThanOrEqual(3);
    expect((await t.call('GET', '/api/store/cart', { token: consumer })).json().lineCount).toBe(0);
  });

  it('pays through the sandbox: both orders become paid with a confirmation due time, stock is sold and the ledger balances', async () => {
    const stockBefore = await onHand(skus[0]!.skuId);
    await pay(t, checkout);
    const after = (await t.call('GET', `/api/store/checkouts/${checkout.id}`, { token: consumer })).json();
    expect(after.status).toBe('paid');
    for (const o of after.orders) {
      expect(o.status).toBe('paid');
      expect(new Date(o.confirmDueAt).getTime()).toBeGreaterThan(new Date(o.paidAt).getTime());
    }
    const stockAfter = await onHand(skus[0]!.skuId);
    expect(stockAfter.on_hand).toBe(stockBefore.on_hand - 3);
    expect(stockAfter.reserved).toBe(stockBefore.reserved - 3);
    expect(await trialTotal()).toBe(0);
    expect(await count(t, sql`select count(*)::int as n from finance_entry where kind = 'order.paid'`)).toBe(2);
    // The consumer sees the payment with the provider's reference (PL-PAY-05).
    const detail = (await t.call('GET', `/api/store/orders/${checkout.orders[0]!.id}`, { token: consumer })).json();
    expect(detail.payments[0].status).toBe('succeeded');
    expect(detail.payments[0].providerRef).toBeTruthy();
    expect(detail.address.recipient).toBe('张三');
  });

  it('lets each seller see and confirm only its own order, with the confirmation check', async () => {
    const s1 = await t.login('seller1@shiji.test');
    const s2 = await t.login('seller2@shiji.test');
    const mine = (token: string) => t.call('GET', '/api/seller/orders?status=paid', { token }).then((r) => r.json().items as Array<{ id: string }>);
    const o1 = (await mine(s1)).find((o) => checkout.orders.some((x) => x.id === o.id))!;
    const o2 = (await mine(s2)).find((o) => checkout.orders.some((x) => x.id === o.id))!;
    expect(o1.id).not.toBe(o2.id);
    expect((await t.call('GET', `/api/seller/orders/${o2.id}`, { token: s1 })).statusCode).toBe(404);
    expect((await t.call('POST', `/api/seller/orders/${o2.id}/confirm`, { token: s1 })).statusCode).toBe(404);
    const view = (await t.call('GET', `/api/seller/orders/${o1.id}`, { token: s1 })).json();
    expect(view.check[0]).toMatchObject({ quantity: expect.any(Number), enough: true });
    expect(view.note).toBe('请工作日送货');
    // The checkout's one payment covers both sellers: each seller sees only its own order's share.
    expect(view.payments[0].amount.amount).toBe(view.total.amount);
    expect(view.payments[0].amount.amount).toBeLessThan(checkout.total.amount);
    const ok = await t.call('POST', `/api/seller/orders/${o1.id}/confirm`, { token: s1 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('confirmed');
    const twice = await t.call('POST', `/api/seller/orders/${o1.id}/confirm`, { token: s1 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('order.invalid_transition');
    // Seller 2 rejects its order: cancelled, refunded in full through the provider, stock returned.
    const rejectNoReason = await t.call('POST', `/api/seller/orders/${o2.id}/reject`, { token: s2, body: { reason: '' } });
    expect(rejectNoReason.statusCode).toBe(400);
    const rejected = await t.call('POST', `/api/seller/orders/${o2.id}/reject`, { token: s2, body: { reason: '仓库缺货，无法发货' } });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json().status).toBe('cancelled');
    expect(rejected.json().refunds[0].status).toMatch(/pending|succeeded/);
    await runJobs(t);
    expect(await trialTotal()).toBe(0);
  });

  it('refunds part of an order at most up to what was paid, and the seller cannot refund another seller\'s order', async () => {
    const s1 = await t.login('seller1@shiji.test');
    const o1 = checkout.orders.find((o) => o.seller.id === f.seller1Org)!;
    const o2 = checkout.orders.find((o) => o.seller.id !== f.seller1Org)!;
    expect((await t.call('POST', `/api/seller/orders/${o2.id}/refunds`, { token: s1, body: { amount: 100, reason: '越权' } })).statusCode).toBe(404);
    const tooMuch = await t.call('POST', `/api/seller/orders/${o1.id}/refunds`, { token: s1, body: { amount: o1.total.amount + 1, reason: '补偿' } });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().code).toBe('order.refund_exceeds_order');
    const part = await t.call('POST', `/api/seller/orders/${o1.id}/refunds`, { token: s1, body: { amount: 100, reason: '包装破损补偿' } });
    expect(part.statusCode, part.body).toBe(200);
    expect(part.json().refunded.amount).toBe(100);
    expect(await trialTotal()).toBe(0);
  });

  it('cancels an unpaid checkout when its payment fails, releasing stock and putting the lines back in the cart', async () => {
    await addLine(t, consumer, skus[1]!.skuId, 2);
    const before = await onHand(skus[1]!.skuId);
    const res = await confirm(t, consumer, addressId);
    expect(res.statusCode, res.body).toBe(201);
    expect((await onHand(skus[1]!.skuId)).reserved).toBe(before.reserved + 2);
    await pay(t, res.json(), 'fail');
    const c = (await t.call('GET', `/api/store/checkouts/${res.json().id}`, { token: consumer })).json();
    expect(c.status).toBe('cancelled');
    expect(c.orders[0].status).toBe('cancelled');
    expect((await onHand(skus[1]!.skuId)).reserved).toBe(before.reserved);
    expect((await t.call('GET', '/api/store/cart', { token: consumer })).json().lineCount).toBe(1);
  });

  it('gives every operator order view and the SLA figure to admins only', async () => {
    const list = await t.call('GET', '/api/admin/orders', { token: f.admin });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(3);
    const sla = await t.call('GET', '/api/admin/orders/sla', { token: f.admin });
    expect(sla.json()).toMatchObject({ paid: 2, confirmedOnTime: 1 });
    expect((await t.call('GET', '/api/admin/orders', { token: consumer })).statusCode).toBe(403);
  });
});
