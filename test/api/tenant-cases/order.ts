import { randomUUID } from 'node:crypto';
import type { TenantCaseSet } from './types.js';

/** Seller order routes: seller2 must never see or act on seller1's orders or its customers' addresses. */
export const orderCases: TenantCaseSet = {
  async setup({ t, tokens, ids }) {
    const org1 = (await t.call('GET', '/api/auth/me', { token: tokens.seller1 })).json().org.id as string;
    const list = (await t.call('GET', `/api/store/products?limit=100`)).json().items as Array<{ id: string; seller: { id: string } }>;
    const product = (await t.call('GET', `/api/store/products/${list.find((p) => p.seller.id === org1)!.id}`)).json();
    const sku = product.skus.find((s: { price: unknown; available: number }) => s.price && s.available > 0);
    const addr = await t.call('POST', '/api/store/addresses', { token: tokens.consumer, body: { recipient: '隔离测试', phone: '13900001111', province: '江苏省',
      city: '南京市', detail: '秘密街 77 号' } });
    await t.call('POST', '/api/store/cart/lines', { token: tokens.consumer, body: { skuId: sku.id, quantity: 1 } });
    const pv = (await t.call('POST', '/api/store/checkout/preview', { token: tokens.consumer, body: { addressId: addr.json().id, paymentProvider: 'sandbox' } })).json();
    const res = await t.call('POST', '/api/store/checkouts', { token: tokens.consumer, headers: { 'idempotency-key': randomUUID() },
      body: { addressId: addr.json().id, paymentProvider: 'sandbox', offerHash: pv.offerHash, accept: true } });
    if (res.statusCode !== 201) throw new Error(`checkout: ${res.statusCode} ${res.body}`);
    ids.order1 = res.json().orders[0].id;
    ids.order1Number = res.json().orders[0].number;
  },
  cases: {
    'GET /api/seller/orders': () => ({ url: '/api/seller/orders?limit=100' }),
    'GET /api/seller/orders/:id': (ids) => ({ url: `/api/seller/orders/${ids.order1}` }),
    'POST /api/seller/orders/:id/confirm': (ids) => ({ url: `/api/seller/orders/${ids.order1}/confirm` }),
    'POST /api/seller/orders/:id/reject': (ids) => ({ url: `/api/seller/orders/${ids.order1}/reject`, body: { reason: '越权拒单' } }),
    'POST /api/seller/orders/:id/refunds': (ids) => ({ url: `/api/seller/orders/${ids.order1}/refunds`, body: { amount: 1, reason: '越权退款' } }),
    'POST /api/seller/orders/:id/modifications': (ids) => ({ url: `/api/seller/orders/${ids.order1}/modifications`, body: { note: '越权修改' } }),
    'POST /api/seller/orders/:id/modifications/:mid/accept': (ids) => ({ url: `/api/seller/orders/${ids.order1}/modifications/omod_x/accept`, body: {} }),
    'POST /api/seller/orders/:id/modifications/:mid/reject': (ids) => ({ url: `/api/seller/orders/${ids.order1}/modifications/omod_x/reject`, body: {} }),
    'GET /api/seller/order-settings': () => ({ url: '/api/seller/order-settings' }),
    'PUT /api/seller/order-settings': () => ({ url: '/api/seller/order-settings', body: { calendarId: 'cal_unknown' } }),
  },
  secrets: (ids) => [ids.order1!, ids.order1Number!, '秘密街', '13900001111'],
};
