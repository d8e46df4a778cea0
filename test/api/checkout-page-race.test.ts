import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentForCheckout } from '../../src/modules/payment/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { addAddress, addLine, confirm, demoSkus, pay } from '../helpers/trade.js';
import { paymentFixture } from './payment-helpers.js';

/**
 * Found by the checkout benchmark (issue 6): a consumer polling the result page while the payment
 * notification is applied could get 409 payment.not_payable, because the page read the checkout as
 * awaiting payment and then the payment as already succeeded. A page read is never refused now.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({}, { catalog: true });
  await paymentFixture(t);
});
afterAll(async () => { await t.close(); });

describe('checkout page while the payment settles', () => {
  it('answers a paid payment with no pay link instead of refusing the read, and the page shows it paid', async () => {
    const token = await t.login('consumer@shiji.test');
    const addressId = await addAddress(t, token);
    const [sku] = await demoSkus(t, 1);
    await addLine(t, token, sku!.skuId, 1);
    const res = await confirm(t, token, addressId);
    expect(res.statusCode, res.body).toBe(201);
    const checkout = res.json();
    await pay(t, checkout);
    // What the page read does when it saw the checkout still awaiting payment a moment earlier:
    const p = await paymentForCheckout(t.platform.db, t.platform.keyring, checkout.id, 'http://127.0.0.1:3000/checkout/result');
    expect(p).toMatchObject({ status: 'succeeded', payUrl: null });
    const page = await t.call('GET', `/api/store/checkouts/${checkout.id}`, { token });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().status).toBe('paid');
  });
});
