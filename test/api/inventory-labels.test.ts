import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTeaCategory, submittedProduct, teaBody } from '../helpers/catalog.js';

/**
 * Inventory names SKUs by the label the catalog gives it (product title · specification) and the
 * seller's SKU code, without reading catalog tables: registered when a SKU is created, relabelled when
 * a version goes live.
 */
type SkuRow = { skuId: string; skuCode: string; skuLabel: string };

describe('SKU labels from the catalog', () => {
  let t: TestApp;
  let admin: string;
  let seller1: string;
  let seller2: string;
  let leafId: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin@shiji.test');
    seller1 = await t.login('seller1@shiji.test');
    seller2 = await t.login('seller2@shiji.test');
    ({ leafId } = await createTeaCategory(t, admin, '标签绿茶'));
  });
  afterAll(async () => { await t.close(); });

  const skus = async (q: string, token = seller1): Promise<SkuRow[]> => {
    const res = await t.call('GET', `/api/seller/stock/skus?limit=100&q=${encodeURIComponent(q)}`, { token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const approve = async (versionId: string) => {
    const res = await t.call('POST', `/api/admin/catalog/versions/${versionId}/approve`, { token: admin, body: {} });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('finds a new product\'s SKUs by part of the title, labelled "title · specification" with their codes', async () => {
    const tag = Math.random().toString(36).slice(2, 7);
    const title = `狮峰龙井${tag} 明前特级`;
    const p = await submittedProduct(t, seller1, leafId, { title });
    const [a, b] = p.latest.content.skus as Array<{ id: string; code: string; specification: string }>;
    const found = await skus(`龙井${tag}`);
    expect(found.map((s) => s.skuId).sort()).toEqual([a!.id, b!.id].sort());
    expect(found.find((s) => s.skuId === a!.id)).toMatchObject({ skuCode: a!.code, skuLabel: `${title} · 50g` });
    expect(found.find((s) => s.skuId === b!.id)).toMatchObject({ skuCode: b!.code, skuLabel: `${title} · 250g` });
    expect(await skus(b!.code.toLowerCase())).toEqual([expect.objectContaining({ skuId: b!.id })]);
    // Another seller finds nothing of it.
    expect(await skus(`龙井${tag}`, seller2)).toEqual([]);
  });

  it('follows the live version: a changed title or specification shows once that version is approved', async () => {
    const tag = Math.random().toString(36).slice(2, 7);
    const title = `碧螺春${tag} 一级`;
    const p = await submittedProduct(t, seller1, leafId, { title });
    await approve(p.latest.id);
    const [a, b] = p.latest.content.skus as Array<{ id: string; code: string; specification: string; salesUnit: unknown }>;

    // A new version renames the product, changes one specification and adds a SKU.
    const renamed = `洞庭碧螺春${tag} 特级`;
    const body = teaBody(leafId, p.latest.content.images, { title: renamed, skus: [
      { id: a!.id, code: a!.code, specification: a!.specification, attributes: {}, salesUnit: a!.salesUnit },
      { id: b!.id, code: b!.code, specification: '250g 罐装', attributes: {}, salesUnit: b!.salesUnit },
      { code: `BLC-${tag}-500`, specification: '500g', attributes: {}, salesUnit: { mode: 'measure', netQuantity: 500, unit: 'g' } },
    ] });
    const saved = await t.call('PUT', `/api/seller/products/${p.id}`, { token: seller1, body });
    expect(saved.statusCode, saved.body).toBe(200);
    const added = (saved.json().latest.content.skus as Array<{ id: string; code: string }>).find((s) => s.code === `BLC-${tag}-500`)!;

    // Until approval the live labels stay; the new SKU is named from the draft at once.
    let rows = await skus(tag);
    expect(rows.find((s) => s.skuId === a!.id)!.skuLabel).toBe(`${title} · 50g`);
    expect(rows.find((s) => s.skuId === b!.id)!.skuLabel).toBe(`${title} · 250g`);
    expect(rows.find((s) => s.skuId === added.id)).toMatchObject({ skuCode: `BLC-${tag}-500`, skuLabel: `${renamed} · 500g` });

    const price = await t.call('PUT', `/api/seller/skus/${added.id}/price`, { token: seller1, body: { priceType: 'market', retail: 79800, list: null, reason: '首次定价' } });
    expect(price.statusCode, price.body).toBe(200);
    const sub = await t.call('POST', `/api/seller/products/${p.id}/submit`, { token: seller1 });
    expect(sub.statusCode, sub.body).toBe(200);
    await approve(sub.json().pendingVersionId);

    rows = await skus(`洞庭碧螺春${tag}`);
    expect(rows.map((s) => s.skuId).sort()).toEqual([a!.id, b!.id, added.id].sort());
    expect(rows.find((s) => s.skuId === a!.id)!.skuLabel).toBe(`${renamed} · 50g`);
    expect(rows.find((s) => s.skuId === b!.id)!.skuLabel).toBe(`${renamed} · 250g 罐装`);
    expect(await skus(`${title}`)).toEqual([]);

    // Stock rows and alerts carry the new label too.
    const w = await t.call('POST', '/api/seller/warehouses', { token: seller1, body: { code: `LBL-${tag}`, name: '标签测试仓', address: '浙江省杭州市', region: '浙江省杭州市' } });
    expect(w.statusCode, w.body).toBe(201);
    const set = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: b!.id, warehouseId: w.json().id, lowThreshold: 3 } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ skuCode: b!.code, skuLabel: `${renamed} · 250g 罐装` });
    const stock = (await t.call('GET', `/api/seller/stock?q=${encodeURIComponent(`洞庭碧螺春${tag}`)}`, { token: seller1 })).json().items;
    expect(stock).toEqual([expect.objectContaining({ skuId: b!.id, skuLabel: `${renamed} · 250g 罐装` })]);
    const alerts = (await t.call('GET', '/api/admin/inventory/alerts?status=open&limit=100', { token: admin })).json().items as SkuRow[];
    expect(alerts.find((x) => x.skuId === b!.id)).toMatchObject({ skuCode: b!.code, skuLabel: `${renamed} · 250g 罐装` });
  });
});

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({}, { catalog: true }); });
  afterAll(async () => { await t.close(); });

  it('names every demo SKU in stock lists and alerts', async () => {
    const seller1 = await t.login('seller1@shiji.test');
    const page = (await t.call('GET', '/api/seller/stock?limit=100', { token: seller1 })).json().items as SkuRow[];
    expect(page.length).toBeGreaterThan(50);
    expect(page.every((r) => r.skuLabel.includes(' · ') && r.skuCode)).toBe(true);
    const alerts = (await t.call('GET', '/api/seller/stock/alerts?status=open&limit=100', { token: seller1 })).json().items as SkuRow[];
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.skuLabel && a.skuCode)).toBe(true);
    const longjing = (await t.call('GET', `/api/seller/stock/skus?limit=100&q=${encodeURIComponent('龙井')}`, { token: seller1 })).json().items as SkuRow[];
    expect(longjing.length).toBeGreaterThan(0);
    expect(longjing.every((s) => s.skuLabel.includes('龙井'))).toBe(true);
  });
});
