import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sandboxTxnByRef, txnOut } from '../../src/modules/payment/sandbox/adapter.js';
import { deliver, payForm, postPayPage } from '../api/payment-helpers.js';
import type { TestApp } from './app.js';

/** Trade-loop fixtures: demo SKUs of both sellers, an address, checkout and payment through the sandbox as a browser would. */
export type DemoSku = { skuId: string; productId: string; sellerId: string; sellerName: string; title: string; price: number; available: number };

/** In-stock, priced SKUs of the demo shop, `perSeller` from each demo seller (needs createTestApp(…, { catalog: true })). */
export async function demoSkus(t: TestApp, perSeller = 1): Promise<DemoSku[]> {
  const list = (await t.call('GET', '/api/store/products?limit=100&inStock=true')).json().items as Array<{ id: string }>;
  const out: DemoSku[] = [];
  const bySeller = new Map<string, number>();
  for (const p of list) {
    const d = (await t.call('GET', `/api/store/products/${p.id}`)).json();
    const s = d.skus.find((x: { price: unknown; available: number }) => x.price && x.available >= 20);
    if (!s || (bySeller.get(d.seller.id) ?? 0) >= perSeller) continue;
    bySeller.set(d.seller.id, (bySeller.get(d.seller.id) ?? 0) + 1);
    out.push({ skuId: s.id, productId: d.id, sellerId: d.seller.id, sellerName: d.seller.name, title: d.title, price: s.price.retail.amount, available: s.available });
    if (bySeller.size >= 2 && [...bySeller.values()].every((n) => n >= perSeller)) break;
  }
  return out;
}

export async function addAddress(t: TestApp, token: string, over: Record<string, unknown> = {}): Promise<string> {
  const res = await t.call('POST', '/api/store/addresses', { token, body: { recipient: '张三', phone: '13800000005', province: '浙江省', city: '杭州市',
    district: '西湖区', detail: '文三路 90 号 3 幢 501 室', ...over } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function addLine(t: TestApp, token: string | undefined, skuId: string, quantity = 1, headers: Record<string, string> = {}) {
  const res = await t.call('POST', '/api/store/cart/lines', { ...(token ? { token } : {}), body: { skuId, quantity }, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function preview(t: TestApp, token: string, addressId: string, note?: string) {
  const res = await t.call('POST', '/api/store/checkout/preview', { token, body: { addressId, paymentProvider: 'sandbox', ...(note ? { note } : {}) } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { offer: { total: { amount: number }; groups: unknown[] }; offerHash: string; problems: unknown[] };
}

/** Previews and confirms the cart's selected lines; returns the raw answer (201 with the checkout, or a problem). */
export async function confirm(t: TestApp, token: string, addressId: string, opts: { key?: string; offerHash?: string; note?: string } = {}) {
  const hash = opts.offerHash ?? (await preview(t, token, addressId, opts.note)).offerHash;
  return t.call('POST', '/api/store/checkouts', { token, headers: { 'idempotency-key': opts.key ?? randomUUID() },
    body: { addressId, paymentProvider: 'sandbox', offerHash: hash, accept: true, ...(opts.note ? { note: opts.note } : {}) } });
}

/**
 * Pays a checkout as the consumer does on the sandbox page, then delivers the provider's signed
 * notification to the webhook (what the sandbox's notify job does over HTTP). Needs the sandbox
 * credentials set to the test ones (paymentFixture from test/api/payment-helpers.ts).
 */
export async function pay(t: TestApp, checkout: { payment: { id: string; payUrl: string | null } }, action: 'pay' | 'fail' = 'pay') {
  expect(checkout.payment.payUrl).toBeTruthy();
  const page = await postPayPage(t, payForm(checkout.payment.payUrl!, action));
  expect(page.statusCode, page.body).toBe(303);
  const row = await sandboxTxnByRef(t.platform.db, 'charge', checkout.payment.id);
  const res = await deliver(t, txnOut(row!));
  expect(res.statusCode, res.body).toBe(200);
  return res;
}
