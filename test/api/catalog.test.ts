import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { demoPng } from '../../src/modules/catalog/demo-images.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { applyShelfSchedules, runPriceDisplayCheck } from '../../src/modules/catalog/index.js';
import { TEA_RULE, createTeaCategory, submittedProduct, teaBody, uploadImage } from '../helpers/catalog.js';

let t: TestApp;
let admin: string;
let seller1: string;
let seller2: string;
let leafId: string;
let rootId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
  seller1 = await t.login('seller1@shiji.test');
  seller2 = await t.login('seller2@shiji.test');
  ({ leafId, rootId } = await createTeaCategory(t, admin));
});
afterAll(async () => { await t.close(); });

const count = async (table: string) => Number((await rows<{ n: number }>(t.platform.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

describe('listing a product from draft to the storefront (PL-CAT-01, PL-CAT-02, MS-CAT-04)', () => {
  it('a seller lists a product, the reviewer approves it, a guest finds it by a Chinese keyword with price and delivery fee', async () => {
    await t.call('PUT', '/api/seller/shipping-rule', { token: seller1, body: { baseFee: 1000, freeOver: 9900, extraItemFee: 200, deliveryTerms: '48 小时内发货' } });
    const p = await submittedProduct(t, seller1, leafId);
    expect(p.status).toBe('in_review');
    expect(p.live).toBe(false);
    // Not visible before approval.
    const before = await t.call('GET', '/api/store/products?q=绿茶');
    expect(before.json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);

    const queue = await t.call('GET', '/api/admin/catalog/reviews', { token: admin });
    const item = queue.json().items.find((x: { productId: string }) => x.productId === p.id);
    expect(item).toMatchObject({ sellerName: '山河茶社', categoryName: '绿茶', flags: [] });
    const ok = await t.call('POST', `/api/admin/catalog/versions/${item.versionId}/approve`, { token: admin, body: { note: '符合要求' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'on_shelf', live: true });

    const found = await t.call('GET', `/api/store/products?q=${encodeURIComponent('绿茶')}`);
    expect(found.statusCode).toBe(200);
    const card = found.json().items.find((x: { id: string }) => x.id === p.id);
    expect(card).toMatchObject({ title: '西湖龙井绿茶 明前特级', price: { amount: 12800, currency: 'CNY' }, priceMax: { amount: 49800 }, seller: { name: '山河茶社' } });
    expect((await t.call('GET', `/api/store/products?q=${encodeURIComponent('红茶')}`)).json().items.map((x: { id: string }) => x.id)).not.toContain(p.id);
    // The root category lists products of its sub-categories.
    expect((await t.call('GET', `/api/store/products?categoryId=${rootId}`)).json().items.map((x: { id: string }) => x.id)).toContain(p.id);

    const page = await t.call('GET', `/api/store/products/${p.id}`);
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.skus.map((s: { price: { retail: { amount: number } } }) => s.price.retail.amount)).toEqual([12800, 49800]);
    expect(body.skus[0].salesUnit).toEqual({ mode: 'measure', netQuantity: 50, unit: 'g' });
    expect(body.shipping).toMatchObject({ baseFee: { amount: 1000 }, freeOver: { amount: 9900 }, deliveryTerms: '48 小时内发货' });
    expect(body.priceTag).toMatchObject({ origin: '浙江杭州', pricingOfficer: '李掌柜', supervisionContact: '12315' });
    expect(body.attributes).toEqual(expect.arrayContaining([{ key: 'origin', label: '产地', labelEn: 'Origin', value: '浙江杭州', unit: null }]));
    expect(body.breadcrumb.map((c: { name: string }) => c.name)).toEqual(['绿茶根', '绿茶']);
    expect(body.seller.name).toBe('山河茶社');
    const img = await t.call('GET', body.images[0].url);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');

    const history = (await t.call('GET', `/api/seller/products/${p.id}/history`, { token: seller1 })).json().items.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['created', 'price_changed', 'submitted', 'approved']));
  });

  it('refuses a submission missing a required attribute, naming it, and stores nothing', async () => {
    const img = await uploadImage(t, seller1);
    const body = teaBody(leafId, [img], { attributes: { origin: '浙江杭州' } });
    const p = (await t.call('POST', '/api/seller/products', { token: seller1, body })).json();
    for (const s of p.latest.content.skus) {
      await t.call('PUT', `/api/seller/skus/${s.id}/price`, { token: seller1, body: { priceType: 'market', retail: 5000, reason: '首次定价' } });
    }
    const events = await count('catalog_product_event');
    const res = await t.call('POST', `/api/seller/products/${p.id}/submit`, { token: seller1 });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('catalog.incomplete_listing');
    expect(res.json().detail).toContain('等级 (grade)');
    // Each issue carries a rule code and the attribute's names, so a UI can say it in its own language.
    expect(res.json().issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'attributes.grade', rule: 'required_attribute',
      params: expect.objectContaining({ attribute: expect.objectContaining({ key: 'grade', label: '等级', labelEn: 'Grade' }) }) })]));
    expect(await count('catalog_product_event')).toBe(events);
    const after = (await t.call('GET', `/api/seller/products/${p.id}`, { token: seller1 })).json();
    expect(after.status).toBe('draft');
    expect(after.latest.state).toBe('draft');
  });

  it('rejects attributes the category does not define and values of the wrong kind at save', async () => {
    const img = await uploadImage(t, seller1);
    const products = await count('catalog_product');
    const bad = await t.call('POST', '/api/seller/products', { token: seller1, body: teaBody(leafId, [img], { attributes: { origin: '火星', colour: 'red' } }) });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/origin/);
    expect(bad.json().detail).toMatch(/colour/);
    expect(await count('catalog_product')).toBe(products);
    const notLeaf = await t.call('POST', '/api/seller/products', { token: seller1, body: teaBody(rootId, [img]) });
    expect(notLeaf.statusCode).toBe(422);
    expect(notLeaf.json().code).toBe('catalog.not_leaf_category');
    const foreignImage = await uploadImage(t, seller2);
    const stolen = await t.call('POST', '/api/seller/products', { token: seller1, body: teaBody(leafId, [foreignImage]) });
    expect(stolen.statusCode).toBe(404);
    expect(await count('catalog_product')).toBe(products);
  });

  it('blocks prohibited wording and flags quality claims until a moderator clears them (PL-CAT-03, PL-CAT-04)', async () => {
    const img = await uploadImage(t, seller1);
    const p = (await t.call('POST', '/api/seller/products', { token: seller1, body: teaBody(leafId, [img], { title: '减肥绿茶 特级' }) })).json();
    for (const s of p.latest.content.skus) await t.call('PUT', `/api/seller/skus/${s.id}/price`, { token: seller1, body: { priceType: 'market', retail: 5000, reason: 'x' } });
    const blocked = await t.call('POST', `/api/seller/products/${p.id}/submit`, { token: seller1 });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().code).toBe('catalog.prohibited_content');
    expect(blocked.json().detail).toContain('减肥');

    const flagged = await submittedProduct(t, seller1, leafId, { title: '中国驰名商标 免检龙井绿茶' });
    const v = flagged.latest;
    expect(v.flags.map((f: { term: string }) => f.term).sort()).toEqual(['中国驰名商标', '免检']);
    const refused = await t.call('POST', `/api/admin/catalog/versions/${v.id}/approve`, { token: admin, body: {} });
    expect(refused.statusCode).toBe(409);
    expect((await t.call('GET', `/api/store/products/${flagged.id}`)).statusCode).toBe(404);
    const cleared = await t.call('POST', `/api/admin/catalog/versions/${v.id}/approve`, { token: admin, body: { clearFlags: true, note: '已核实商标证书' } });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().live).toBe(true);
  });

  it('keeps the live version on shelf while a change is reviewed, then switches (PL-CAT-02)', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const current = (await t.call('GET', `/api/seller/products/${p.id}`, { token: seller1 })).json();
    const body = teaBody(leafId, current.latest.content.images, { title: '西湖龙井绿茶 明前特级 新包装',
      skus: current.latest.content.skus.map((s: Record<string, unknown>) => ({ id: s.id, code: s.code, specification: s.specification, attributes: s.attributes, salesUnit: s.salesUnit })) });
    const saved = await t.call('PUT', `/api/seller/products/${p.id}`, { token: seller1, body });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().latest.versionNo).toBe(2);
    expect(saved.json().skus.map((s: { id: string }) => s.id)).toEqual(current.skus.map((s: { id: string }) => s.id));
    await t.call('POST', `/api/seller/products/${p.id}/submit`, { token: seller1 });
    expect((await t.call('GET', `/api/store/products/${p.id}`)).json().title).toBe('西湖龙井绿茶 明前特级');
    const queue = (await t.call('GET', '/api/admin/catalog/reviews?limit=100', { token: admin })).json().items;
    const item = queue.find((x: { productId: string }) => x.productId === p.id);
    await t.call('POST', `/api/admin/catalog/versions/${item.versionId}/approve`, { token: admin, body: {} });
    expect((await t.call('GET', `/api/store/products/${p.id}`)).json().title).toBe('西湖龙井绿茶 明前特级 新包装');
    const versions = (await t.call('GET', `/api/seller/products/${p.id}/versions`, { token: seller1 })).json().items;
    expect(versions.map((v: { state: string }) => v.state)).toEqual(['approved', 'superseded']);
  });

  it('keeps a SKU removed in a draft on sale until the version without it is approved (MS-CAT-01)', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const [keep, drop] = p.latest.content.skus;
    const body = teaBody(leafId, p.latest.content.images, { skus: [{ id: keep.id, code: keep.code, specification: keep.specification, attributes: {}, salesUnit: keep.salesUnit }] });
    const saved = (await t.call('PUT', `/api/seller/products/${p.id}`, { token: seller1, body })).json();
    expect(saved.skus.find((s: { id: string }) => s.id === drop.id).status).toBe('active');
    expect((await t.call('GET', `/api/store/products/${p.id}`)).json().skus.map((s: { id: string }) => s.id)).toContain(drop.id);
    const sub = (await t.call('POST', `/api/seller/products/${p.id}/submit`, { token: seller1 })).json();
    const approved = (await t.call('POST', `/api/admin/catalog/versions/${sub.pendingVersionId}/approve`, { token: admin, body: {} })).json();
    expect(approved.skus.find((s: { id: string }) => s.id === drop.id).status).toBe('retired');
    expect((await t.call('GET', `/api/store/products/${p.id}`)).json().skus.map((s: { id: string }) => s.id)).toEqual([keep.id]);
  });

  it('an operator takedown removes the product from the storefront; the seller cannot just put it back', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    expect((await t.call('GET', `/api/store/products/${p.id}`)).statusCode).toBe(200);
    const down = await t.call('POST', `/api/admin/catalog/products/${p.id}/take-down`, { token: admin, body: { reason: '虚假宣传' } });
    expect(down.statusCode).toBe(200);
    expect(down.json()).toMatchObject({ status: 'off_shelf', offShelfBy: 'operator', offShelfReason: '虚假宣传' });
    expect((await t.call('GET', `/api/store/products/${p.id}`)).statusCode).toBe(404);
    const back = await t.call('POST', `/api/seller/products/${p.id}/on-shelf`, { token: seller1 });
    expect(back.statusCode).toBe(409);
    expect(back.json()).toMatchObject({ code: 'catalog.invalid_transition', reason: 'taken_down_by_operator', takedownReason: '虚假宣传' });
    const events = await rows<{ name: string }>(t.platform.db, sql`select event as name from jobs_outbox where event = 'catalog.product_taken_down'`);
    expect(events.length).toBeGreaterThan(0);
    // The seller's own off-shelf can be undone by the seller.
    const q = await submittedProduct(t, seller1, leafId);
    await t.call('POST', `/api/admin/catalog/versions/${q.latest.id}/approve`, { token: admin, body: {} });
    expect((await t.call('POST', `/api/seller/products/${q.id}/off-shelf`, { token: seller1, body: { reason: '暂时缺货' } })).statusCode).toBe(200);
    expect((await t.call('GET', `/api/store/products/${q.id}`)).statusCode).toBe(404);
    expect((await t.call('POST', `/api/seller/products/${q.id}/on-shelf`, { token: seller1 })).statusCode).toBe(200);
    expect((await t.call('GET', `/api/store/products/${q.id}`)).statusCode).toBe(200);
  });
});

describe('pricing (PL-PRC-01, PL-PRC-02, PL-PRC-05, MS-PRC-01, MS-PRC-02)', () => {
  it('a price change above the threshold is not live until approved', async () => {
    const p = await submittedProduct(t, seller1, leafId, {}, [10000, 40000]);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const skuId = p.latest.content.skus[0].id;
    const small = await t.call('PUT', `/api/seller/skus/${skuId}/price`, { token: seller1, body: { priceType: 'market', retail: 11000, reason: '原料上涨' } });
    expect(small.json().status).toBe('applied');
    expect((await t.call('GET', `/api/store/products/${p.id}`)).json().skus[0].price.retail.amount).toBe(11000);

    const big = await t.call('PUT', `/api/seller/skus/${skuId}/price`, { token: seller1, body: { priceType: 'market', retail: 22000, reason: '新茶上市' } });
    expect(big.statusCode).toBe(200);
    expect(big.json().status).toBe('pending');
    expect(big.json().change.needsApprovalBecause).toContain('30 %');
    expect(big.json().change.approvalReasons).toEqual([{ kind: 'threshold', changePct: 100, thresholdPct: 30 }]);
    expect((await t.call('GET', `/api/store/products/${p.id}`)).json().skus[0].price.retail.amount).toBe(11000);
    const listed = (await t.call('GET', `/api/store/products?q=${encodeURIComponent('龙井')}&limit=100`)).json().items.find((x: { id: string }) => x.id === p.id);
    expect(listed.price.amount).toBe(11000);

    // Sellers cannot approve; the pricing reviewer can.
    expect((await t.call('POST', `/api/admin/catalog/price-changes/${big.json().change.id}/approve`, { token: seller1, body: {} })).statusCode).toBe(403);
    const pending = (await t.call('GET', '/api/admin/catalog/price-changes?status=pending', { token: admin })).json().items;
    expect(pending.map((c: { id: string }) => c.id)).toContain(big.json().change.id);
    const ok = await t.call('POST', `/api/admin/catalog/price-changes/${big.json().change.id}/approve`, { token: admin, body: { note: '核实' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', before: { retail: { amount: 11000 } }, after: { retail: { amount: 22000 } } });
    expect((await t.call('GET', `/api/store/products/${p.id}`)).json().skus[0].price.retail.amount).toBe(22000);
    const log = (await t.call('GET', `/api/seller/price-changes?skuId=${skuId}`, { token: seller1 })).json().items;
    expect(log.map((c: { status: string }) => c.status)).toEqual(['approved', 'applied', 'applied']);
  });

  it('enforces government-guided ranges and honest reference prices, storing nothing on refusal', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    const skuId = p.latest.content.skus[0].id;
    const changes = await count('catalog_price_change');
    const gov = { authority: '杭州市发展和改革委员会', documentNo: '杭发改价〔2026〕12号', basePrice: 10000, minPrice: 9000, maxPrice: 11000 };
    const outside = await t.call('PUT', `/api/seller/skus/${skuId}/price`, { token: seller1, body: { priceType: 'government_guided', retail: 12000, government: gov, reason: 'x' } });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().detail).toContain('outside the government-guided range');
    expect(outside.json()).toMatchObject({ reason: 'government_range', minPrice: 9000, maxPrice: 11000 });
    const fixed = await t.call('PUT', `/api/seller/skus/${skuId}/price`, { token: seller1, body: { priceType: 'government_fixed', retail: 10000, government: gov, reason: 'x' } });
    expect(fixed.statusCode).toBe(422);
    expect(fixed.json().detail).toContain('not allowed in this category');
    const fakeList = await t.call('PUT', `/api/seller/skus/${skuId}/price`, { token: seller1, body: { priceType: 'market', retail: 12800, list: 9900, reason: 'x' } });
    expect(fakeList.statusCode).toBe(422);
    const float = await t.call('PUT', `/api/seller/skus/${skuId}/price`, { token: seller1, body: { priceType: 'market', retail: 99.5, reason: 'x' } });
    expect(float.statusCode).toBe(400);
    expect(await count('catalog_price_change')).toBe(changes);
    const inside = await t.call('PUT', `/api/seller/skus/${skuId}/price`, { token: seller1, body: { priceType: 'government_guided', retail: 10500, government: gov, reason: '按指导价' } });
    expect(inside.statusCode).toBe(200);
  });

  it('never lets one seller price another seller\'s SKU', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    const res = await t.call('PUT', `/api/seller/skus/${p.latest.content.skus[0].id}/price`, { token: seller2, body: { priceType: 'market', retail: 1, reason: 'x' } });
    expect(res.statusCode).toBe(404);
  });
});

describe('images', () => {
  const up = (token: string, payload: Buffer, type: string) => t.app.inject({ method: 'POST', url: '/api/seller/images', payload,
    headers: { authorization: `Bearer ${token}`, 'content-type': type } });
  it('accepts PNG by its bytes and refuses other files, wrong declared types and tiny images', async () => {
    const before = await count('catalog_image');
    expect((await up(seller1, Buffer.from('GIF89a not really'), 'image/png')).statusCode).toBe(415);
    expect((await up(seller1, demoPng(10, 0, 120), 'image/jpeg')).statusCode).toBe(415);
    const tiny = await up(seller1, demoPng(10, 0, 40), 'image/png');
    expect(tiny.statusCode).toBe(422);
    expect(tiny.json().detail).toContain('40×40');
    expect((await up(seller1, Buffer.from('{}'), 'text/plain')).statusCode).toBe(415);
    expect(await count('catalog_image')).toBe(before);
    const ok = await up(seller1, demoPng(10, 0, 120), 'image/png');
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ width: 120, height: 120, contentType: 'image/png' });
    expect((await t.call('GET', '/media/img_00000000000000000000000000')).statusCode).toBe(404);
    // Until approved, an image is its seller's and the reviewers' only.
    const url = ok.json().url;
    expect((await t.call('GET', url)).statusCode).toBe(404);
    expect((await t.call('GET', url, { token: seller2 })).statusCode).toBe(404);
    const own = await t.call('GET', url, { token: seller1 });
    expect(own.statusCode).toBe(200);
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect((await t.call('GET', url, { token: admin })).statusCode).toBe(200);
    const p = await submittedProduct(t, seller1, leafId, { images: [ok.json().id] });
    expect((await t.call('GET', url)).statusCode).toBe(404);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const pub = await t.call('GET', url);
    expect(pub.statusCode).toBe(200);
    expect(pub.headers['cache-control']).toContain('immutable');
    expect((await t.call('GET', '/media/..%2F..%2Fkeys.json')).statusCode).toBe(404);
  });
});

describe('categories and rules (MS-CAT-02, MS-CAT-03)', () => {
  it('versions every rule change and refuses inconsistent rules', async () => {
    const versions = (await t.call('GET', `/api/admin/catalog/categories/${leafId}/rules`, { token: admin })).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const dup = await t.call('PUT', `/api/admin/catalog/categories/${leafId}/rule`, { token: admin, body: {
      ...versions[0], id: undefined, categoryId: undefined, version: undefined, createdBy: undefined, createdAt: undefined, reviewOverdue: undefined,
      attributes: [versions[0].attributes[0], versions[0].attributes[0]] } });
    expect(dup.statusCode).toBe(400);
    const seller = await t.call('PUT', `/api/admin/catalog/categories/${leafId}/rule`, { token: seller1, body: {} });
    expect(seller.statusCode).toBe(403);
    const withProducts = await t.call('POST', '/api/admin/catalog/categories', { token: admin, body: { parentId: leafId, name: '子类', nameEn: 'Child' } });
    expect(withProducts.statusCode).toBe(409);
  });
});

describe('storefront listing (PL-CAT-01)', () => {
  it('pages with keyset cursors without repeats, filters by price and refuses limit > 100', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.call('GET', `/api/store/products?sort=price_asc&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      all.push(...body.items.map((x: { id: string }) => x.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(3);
    const cheap = (await t.call('GET', '/api/store/products?maxPrice=12000&limit=100')).json().items;
    expect(cheap.every((x: { price: { amount: number } }) => x.price.amount <= 12000)).toBe(true);
    expect((await t.call('GET', '/api/store/products?limit=101')).statusCode).toBe(400);
    expect((await t.call('GET', '/api/store/products?minPrice=abc')).statusCode).toBe(400);
    expect((await t.call('GET', '/api/store/products?minPrice=500&maxPrice=100')).statusCode).toBe(422);
    expect((await t.call('GET', '/api/store/products?attr=origin:浙江杭州&limit=100')).json().items.length).toBeGreaterThan(0);
    expect((await t.call('GET', '/api/store/products?attr=origin:福建安溪')).json().items).toEqual([]);
  });
});

describe('suspended sellers (PL-CAT-01: only on-shelf products of active sellers are displayed)', () => {
  it('hides a suspended seller\'s products from listing and product pages, and shows them again on reinstatement', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const org = p.sellerId;
    const listed = async () => (await t.call('GET', `/api/store/products?sellerId=${org}&limit=100`)).json().items.map((x: { id: string }) => x.id);
    expect(await listed()).toContain(p.id);
    expect((await t.call('PATCH', `/api/admin/organisations/${org}`, { token: admin, body: { status: 'suspended' } })).statusCode).toBe(200);
    expect(await listed()).not.toContain(p.id);
    expect((await t.call('GET', `/api/store/products/${p.id}`)).statusCode).toBe(404);
    expect((await t.call('PATCH', `/api/admin/organisations/${org}`, { token: admin, body: { status: 'active' } })).statusCode).toBe(200);
    expect(await listed()).toContain(p.id);
    seller1 = await t.login('seller1@shiji.test');
  });
});

describe('price display supervision (PL-PRC-10)', () => {
  it('lists on-shelf products that a tightened rule leaves without a mandatory price-tag field, per seller and for supervisors, and the daily run emits one event per seller', async () => {
    const { leafId: cat } = await createTeaCategory(t, admin, '白茶');
    const p = await submittedProduct(t, seller1, cat);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const clean = (await t.call('GET', '/api/admin/catalog/price-display-issues?limit=100', { token: admin })).json().items;
    expect(clean.map((x: { productId: string }) => x.productId)).not.toContain(p.id);
    // The category now requires a member price on the price tag: the approved listing lacks it.
    const tightened = await t.call('PUT', `/api/admin/catalog/categories/${cat}/rule`, { token: admin, body: { ...TEA_RULE, priceTagRequired: ['origin', 'specification', 'memberPrice'] } });
    expect(tightened.statusCode).toBe(200);
    const found = (await t.call('GET', '/api/admin/catalog/price-display-issues?limit=100', { token: admin })).json().items;
    const mine = found.find((x: { productId: string }) => x.productId === p.id);
    expect(mine).toMatchObject({ sellerName: '山河茶社' });
    expect(mine.issues.map((i: { rule: string; params: { field: string } }) => `${i.rule}:${i.params.field}`)).toEqual(['price_tag_field:memberPrice', 'price_tag_field:memberPrice']);
    const own = (await t.call('GET', '/api/seller/price-display-issues?limit=100', { token: seller1 })).json().items;
    expect(own.map((x: { productId: string }) => x.productId)).toContain(p.id);
    const other = (await t.call('GET', '/api/seller/price-display-issues?limit=100', { token: seller2 })).json().items;
    expect(other.map((x: { productId: string }) => x.productId)).not.toContain(p.id);

    const res = await t.platform.db.transaction((tx) => runPriceDisplayCheck(tx));
    expect(res.products).toBeGreaterThanOrEqual(1);
    const events = await rows<{ payload: { sellerId: string; productIds: string[] } }>(t.platform.db,
      sql`select payload from jobs_outbox where event = 'catalog.price_display_issues'`);
    expect(events.some((e) => e.payload.productIds.includes(p.id))).toBe(true);
  });
});

describe('category report (MS-CAT-02)', () => {
  it('counts products, publications, reclassifications and takedowns per category for a period', async () => {
    const { leafId: other } = await createTeaCategory(t, admin, '黄茶');
    const p = await submittedProduct(t, seller1, leafId);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const moved = await t.call('PUT', `/api/seller/products/${p.id}`, { token: seller1, body: teaBody(other, p.latest.content.images, {
      skus: p.latest.content.skus.map((s: Record<string, unknown>) => ({ id: s.id, code: s.code, specification: s.specification, attributes: {}, salesUnit: s.salesUnit })) }) });
    expect(moved.statusCode).toBe(200);
    const sub = (await t.call('POST', `/api/seller/products/${p.id}/submit`, { token: seller1 })).json();
    await t.call('POST', `/api/admin/catalog/versions/${sub.pendingVersionId}/approve`, { token: admin, body: {} });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = await t.call('GET', `/api/admin/catalog/category-report?from=${today}&to=${today}`, { token: admin });
    expect(res.statusCode).toBe(200);
    const byId = new Map(res.json().items.map((r: { categoryId: string }) => [r.categoryId, r]));
    expect(byId.get(leafId)).toMatchObject({ reclassifiedOut: 1, ruleVersion: 2 });
    expect((byId.get(leafId) as { published: number; takenDown: number }).published).toBeGreaterThan(3);
    expect((byId.get(leafId) as { takenDown: number }).takenDown).toBeGreaterThanOrEqual(1);
    expect(byId.get(other)).toMatchObject({ reclassifiedIn: 1, products: 1, live: 1 });
    expect((await t.call('GET', `/api/admin/catalog/category-report?from=${today}&to=2020-01-01`, { token: admin })).statusCode).toBe(422);
    expect((await t.call('GET', '/api/admin/catalog/category-report?from=yesterday&to=today', { token: admin })).statusCode).toBe(400);
    expect((await t.call('GET', `/api/admin/catalog/category-report?from=${today}&to=${today}`, { token: seller1 })).statusCode).toBe(403);
  });
});

describe('scheduled shelf changes (MS-CAT-04)', () => {
  it('takes a product off shelf and puts it back at the scheduled times, refusing past times and unapproved products', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    const early = await t.call('PUT', `/api/seller/products/${p.id}/schedule`, { token: seller1, body: { onAt: new Date(Date.now() + 60_000).toISOString() } });
    expect(early.statusCode).toBe(409);
    expect(early.json().reason).toBe('never_approved');
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    const past = await t.call('PUT', `/api/seller/products/${p.id}/schedule`, { token: seller1, body: { offAt: '2020-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(422);
    expect((await t.call('PUT', `/api/seller/products/${p.id}/schedule`, { token: seller1, body: {} })).statusCode).toBe(400);

    const off = new Date(Date.now() + 3_600_000);
    const on = new Date(Date.now() + 2 * 3_600_000);
    const set = await t.call('PUT', `/api/seller/products/${p.id}/schedule`, { token: seller1, body: { offAt: off.toISOString(), onAt: on.toISOString() } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ scheduledOffAt: off.toISOString(), scheduledOnAt: on.toISOString(), live: true });

    // Nothing is due yet.
    expect(await t.platform.db.transaction((tx) => applyShelfSchedules(tx, new Date()))).toMatchObject({ on: 0, off: 0 });
    await t.platform.db.transaction((tx) => applyShelfSchedules(tx, new Date(off.getTime() + 1000)));
    expect((await t.call('GET', `/api/store/products/${p.id}`)).statusCode).toBe(404);
    const offNow = (await t.call('GET', `/api/seller/products/${p.id}`, { token: seller1 })).json();
    expect(offNow).toMatchObject({ status: 'off_shelf', offShelfReason: 'scheduled', scheduledOffAt: null, scheduledOnAt: on.toISOString() });
    await t.platform.db.transaction((tx) => applyShelfSchedules(tx, new Date(on.getTime() + 1000)));
    expect((await t.call('GET', `/api/store/products/${p.id}`)).statusCode).toBe(200);
    const history = (await t.call('GET', `/api/seller/products/${p.id}/history`, { token: seller1 })).json().items.map((e: { action: string; actorKind: string }) => `${e.action}/${e.actorKind}`);
    expect(history).toEqual(expect.arrayContaining(['shelf_scheduled/seller', 'off_shelf/system', 'on_shelf/system']));
  });

  it('does not put back a product the platform took down after it was scheduled', async () => {
    const p = await submittedProduct(t, seller1, leafId);
    await t.call('POST', `/api/admin/catalog/versions/${p.latest.id}/approve`, { token: admin, body: {} });
    await t.call('POST', `/api/seller/products/${p.id}/off-shelf`, { token: seller1, body: { reason: '盘点' } });
    const on = new Date(Date.now() + 3_600_000);
    expect((await t.call('PUT', `/api/seller/products/${p.id}/schedule`, { token: seller1, body: { onAt: on.toISOString() } })).statusCode).toBe(200);
    await t.call('POST', `/api/admin/catalog/products/${p.id}/take-down`, { token: admin, body: { reason: '虚假宣传' } });
    const res = await t.platform.db.transaction((tx) => applyShelfSchedules(tx, new Date(on.getTime() + 1000)));
    expect(res.skipped).toBeGreaterThanOrEqual(1);
    expect((await t.call('GET', `/api/store/products/${p.id}`)).statusCode).toBe(404);
  });
});
