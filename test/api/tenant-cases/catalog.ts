import type { TenantCaseSet } from './types.js';

/** Catalog routes aimed by seller2 at seller1's demo products, SKUs, versions and images. */
export const catalogCases: TenantCaseSet = {
  async setup({ t, tokens, ids }) {
    const list = (await t.call('GET', '/api/seller/products?status=on_shelf&limit=1', { token: tokens.seller1 })).json();
    const p = (await t.call('GET', `/api/seller/products/${list.items[0].id}`, { token: tokens.seller1 })).json();
    ids.s1Product = p.id;
    ids.s1Sku = p.skus[0].id;
    ids.s1Version = p.latest.id;
    ids.s1Image = p.latest.content.images[0];
    ids.s1Category = p.categoryId;
    ids.s1Body = JSON.stringify({ ...p.latest.content, skus: p.latest.content.skus.map((s: Record<string, unknown>) => ({
      id: s.id, code: s.code, specification: s.specification, attributes: s.attributes, salesUnit: s.salesUnit })) });
  },
  cases: {
    'GET /api/seller/categories/:id/rule': (ids) => ({ url: `/api/seller/categories/${ids.s1Category}/rule` }),
    'GET /api/seller/products': () => ({ url: '/api/seller/products?limit=100' }),
    'POST /api/seller/products': (ids) => ({ url: '/api/seller/products', body: JSON.parse(ids.s1Body!) }),
    'GET /api/seller/products/:id': (ids) => ({ url: `/api/seller/products/${ids.s1Product}` }),
    'PUT /api/seller/products/:id': (ids) => ({ url: `/api/seller/products/${ids.s1Product}`, body: JSON.parse(ids.s1Body!) }),
    'POST /api/seller/products/:id/submit': (ids) => ({ url: `/api/seller/products/${ids.s1Product}/submit` }),
    'POST /api/seller/products/:id/off-shelf': (ids) => ({ url: `/api/seller/products/${ids.s1Product}/off-shelf`, body: { reason: 'hijack' } }),
    'POST /api/seller/products/:id/on-shelf': (ids) => ({ url: `/api/seller/products/${ids.s1Product}/on-shelf` }),
    'PUT /api/seller/products/:id/schedule': (ids) => ({ url: `/api/seller/products/${ids.s1Product}/schedule`, body: { offAt: new Date(Date.now() + 3_600_000).toISOString() } }),
    'GET /api/seller/products/:id/versions': (ids) => ({ url: `/api/seller/products/${ids.s1Product}/versions` }),
    'GET /api/seller/product-versions/:id': (ids) => ({ url: `/api/seller/product-versions/${ids.s1Version}` }),
    'GET /api/seller/products/:id/history': (ids) => ({ url: `/api/seller/products/${ids.s1Product}/history` }),
    'POST /api/seller/images': () => ({ url: '/api/seller/images', body: {} }),
    'GET /api/seller/images': () => ({ url: '/api/seller/images' }),
    'PUT /api/seller/skus/:id/price': (ids) => ({ url: `/api/seller/skus/${ids.s1Sku}/price`, body: { priceType: 'market', retail: 1, reason: 'hijack' } }),
    'GET /api/seller/price-changes': (ids) => ({ url: `/api/seller/price-changes?skuId=${ids.s1Sku}` }),
    'GET /api/seller/shipping-rule': () => ({ url: '/api/seller/shipping-rule' }),
    'GET /api/seller/price-display-issues': () => ({ url: '/api/seller/price-display-issues?limit=100' }),
    'PUT /api/seller/shipping-rule': () => ({ url: '/api/seller/shipping-rule', body: { baseFee: 0, freeOver: null, extraItemFee: 0, deliveryTerms: 'seller2 own rule' } }),
  },
  secrets: (ids) => [ids.s1Product!, ids.s1Sku!, ids.s1Version!, ids.s1Image!],
};
