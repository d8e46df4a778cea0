import { newId } from '../../../src/platform/db/ids.js';
import { registerSku, reserveStock } from '../../../src/modules/inventory/index.js';
import type { TenantCaseSet } from './types.js';

/** Inventory routes aimed by seller2 at seller1's warehouse, location, SKU, stock, movements and alerts. */
export const inventoryCases: TenantCaseSet = {
  async setup({ t, tokens, ids }) {
    const s1 = tokens.seller1!;
    const me = (await t.call('GET', '/api/auth/me', { token: s1 })).json();
    const skuId = newId('sku');
    const skuB = newId('sku');
    await t.platform.db.transaction(async (tx) => {
      await registerSku(tx, { skuId, productId: newId('prd'), sellerId: me.org.id });
      await registerSku(tx, { skuId: skuB, productId: newId('prd'), sellerId: me.org.id });
    });
    const post = async (url: string, body: unknown) => {
      const res = await t.call('POST', url, { token: s1, body });
      if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const w = await post('/api/seller/warehouses', { code: 'S1-SECRET', name: '山河秘密仓', address: '浙江省杭州市西湖区秘密路 1 号', region: '浙江省杭州市' });
    const w2 = await post('/api/seller/warehouses', { code: 'S1-SECOND', name: '山河二号仓', address: '浙江省湖州市', region: '浙江省湖州市' });
    const loc = await post(`/api/seller/warehouses/${w.id}/locations`, { code: 'SECRET-LOC', pickSequence: 1 });
    const mv = await post('/api/seller/stock/movements', { skuId, warehouseId: w.id, kind: 'receipt', quantity: 9, documentNo: 'S1-DOC-SECRET' });
    await post('/api/seller/stock/transfers', { skuId, fromWarehouseId: w.id, toWarehouseId: w2.id, quantity: 1, documentNo: 'S1-XFER-SECRET' });
    const set = await t.call('PUT', '/api/seller/stock/settings', { token: s1, body: { skuId, warehouseId: w.id, lowThreshold: 100, locationId: loc.id } });
    if (set.statusCode !== 200) throw new Error(`settings: ${set.body}`);
    await t.platform.db.transaction((tx) => reserveStock(tx, { reference: 'tenant-walk', lines: [{ skuId, quantity: 1 }] }));
    const alerts = (await t.call('GET', '/api/seller/stock/alerts', { token: s1 })).json();
    Object.assign(ids, { invWarehouse: w.id, invWarehouse2: w2.id, invLocation: loc.id, invSku: skuId, invSkuB: skuB, invMovement: mv.movement.id,
      invAlert: alerts.items[0].id });
  },
  cases: {
    'GET /api/seller/warehouses': () => ({ url: '/api/seller/warehouses?limit=100' }),
    'POST /api/seller/warehouses': () => ({ url: '/api/seller/warehouses', body: { code: 'S1-SECRET', name: '二号商家仓', address: '广东省深圳市', region: '广东省深圳市' } }),
    'GET /api/seller/warehouses/:id': (ids) => ({ url: `/api/seller/warehouses/${ids.invWarehouse}` }),
    'PATCH /api/seller/warehouses/:id': (ids) => ({ url: `/api/seller/warehouses/${ids.invWarehouse}`, body: { name: 'hijacked', active: false } }),
    'GET /api/seller/warehouses/:id/locations': (ids) => ({ url: `/api/seller/warehouses/${ids.invWarehouse}/locations` }),
    'POST /api/seller/warehouses/:id/locations': (ids) => ({ url: `/api/seller/warehouses/${ids.invWarehouse}/locations`, body: { code: 'HIJACK', pickSequence: 0 } }),
    'PATCH /api/seller/locations/:id': (ids) => ({ url: `/api/seller/locations/${ids.invLocation}`, body: { pickSequence: 999 } }),
    'GET /api/seller/warehouses/:id/pick-list': (ids) => ({ url: `/api/seller/warehouses/${ids.invWarehouse}/pick-list?skuIds=${ids.invSku}` }),
    'GET /api/seller/stock': (ids) => ({ url: `/api/seller/stock?skuId=${ids.invSku}` }),
    'GET /api/seller/stock/skus': () => ({ url: '/api/seller/stock/skus?limit=100' }),
    'PUT /api/seller/stock/settings': (ids) => ({ url: '/api/seller/stock/settings', body: { skuId: ids.invSku, warehouseId: ids.invWarehouse, lowThreshold: null, locationId: null } }),
    'POST /api/seller/stock/movements': (ids) => ({ url: '/api/seller/stock/movements',
      body: { skuId: ids.invSku, warehouseId: ids.invWarehouse, kind: 'adjustment', quantity: -5, reason: 'hijack' } }),
    'GET /api/seller/stock/movements': (ids) => ({ url: `/api/seller/stock/movements?skuId=${ids.invSku}&warehouseId=${ids.invWarehouse}` }),
    'POST /api/seller/stock/transfers': (ids) => ({ url: '/api/seller/stock/transfers',
      body: { skuId: ids.invSku, fromWarehouseId: ids.invWarehouse, toWarehouseId: ids.invWarehouse2, quantity: 1, documentNo: 'HIJACK' } }),
    'GET /api/seller/stock/alerts': () => ({ url: '/api/seller/stock/alerts?limit=100' }),
  },
  secrets: (ids) => [ids.invWarehouse!, ids.invWarehouse2!, ids.invLocation!, ids.invSku!, ids.invSkuB!, ids.invMovement!, ids.invAlert!,
    '山河秘密仓', 'SECRET-LOC', 'S1-DOC-SECRET', 'S1-XFER-SECRET'],
};
