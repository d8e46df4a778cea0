import { demoPng } from '../../src/modules/catalog/demo-images.js';
import type { TestApp } from './app.js';

/** Test fixtures for catalog tests: a category with a real rule, image uploads, product bodies. */
export const TEA_RULE = {
  criteria: '按加工工艺归类', titleMinLength: 4, titleMaxLength: 60, prohibitedTerms: ['减肥'], requiredQualifications: ['食品经营许可证'],
  priceTagRequired: ['origin', 'specification'], qualityStandardRequired: true, reviewMode: 'manual', allowedPriceTypes: ['market', 'government_guided'],
  pricing: { approvalThresholdPct: 30, displayMode: 'list_struck' }, reviewDueOn: '2027-06-30', note: '',
  attributes: [
    { key: 'origin', label: '产地', labelEn: 'Origin', type: 'enum', options: ['浙江杭州', '福建安溪'], required: true, level: 'product', filterable: true },
    { key: 'grade', label: '等级', labelEn: 'Grade', type: 'enum', options: ['特级', '一级'], required: true, level: 'product', filterable: true },
    { key: 'shelf_life_days', label: '保质期', labelEn: 'Shelf life', type: 'number', unit: '天', required: false, level: 'product' },
  ],
};

export async function createTeaCategory(t: TestApp, admin: string, name = '绿茶'): Promise<{ rootId: string; leafId: string }> {
  const root = await t.call('POST', '/api/admin/catalog/categories', { token: admin, body: { parentId: null, name: `${name}根`, nameEn: 'Tea root' } });
  if (root.statusCode !== 201) throw new Error(`category: ${root.body}`);
  const leaf = await t.call('POST', '/api/admin/catalog/categories', { token: admin, body: { parentId: root.json().id, name, nameEn: 'Green tea' } });
  if (leaf.statusCode !== 201) throw new Error(`category: ${leaf.body}`);
  const rule = await t.call('PUT', `/api/admin/catalog/categories/${leaf.json().id}/rule`, { token: admin, body: TEA_RULE });
  if (rule.statusCode !== 200) throw new Error(`rule: ${rule.body}`);
  return { rootId: root.json().id, leafId: leaf.json().id };
}

export async function uploadImage(t: TestApp, token: string, hue = 120): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/seller/images', payload: demoPng(hue, 0, 120),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' } });
  if (res.statusCode !== 201) throw new Error(`upload: ${res.body}`);
  return res.json().id;
}

export function teaBody(categoryId: string, images: string[], over: Record<string, unknown> = {}) {
  return {
    categoryId, title: '西湖龙井绿茶 明前特级', subtitle: '核心产区', description: '条索扁平挺直，香气清高持久，滋味鲜醇甘爽。', brand: '山河',
    attributes: { origin: '浙江杭州', grade: '特级', shelf_life_days: 540 }, images,
    qualityStandard: { type: 'national_recommended', code: 'GB/T 18650' },
    priceTag: { origin: '浙江杭州', grade: '特级', pricingOfficer: '李掌柜', supervisionContact: '12315' },
    skus: [
      { code: `LJ-${Math.random().toString(36).slice(2, 8)}-50`, specification: '50g', attributes: {}, salesUnit: { mode: 'measure', netQuantity: 50, unit: 'g' } },
      { code: `LJ-${Math.random().toString(36).slice(2, 8)}-250`, specification: '250g', attributes: {}, salesUnit: { mode: 'measure', netQuantity: 250, unit: 'g' } },
    ],
    ...over,
  };
}

/** Creates a product, prices its SKUs and submits it; returns the product as the seller sees it. */
export async function submittedProduct(t: TestApp, seller: string, categoryId: string, over: Record<string, unknown> = {}, retail = [12800, 49800]) {
  const img = await uploadImage(t, seller);
  const created = await t.call('POST', '/api/seller/products', { token: seller, body: teaBody(categoryId, [img], over) });
  if (created.statusCode !== 201) throw new Error(`create: ${created.body}`);
  const p = created.json();
  for (const [i, s] of p.latest.content.skus.entries()) {
    const r = await t.call('PUT', `/api/seller/skus/${s.id}/price`, { token: seller, body: { priceType: 'market', retail: retail[i] ?? 9900, list: null, reason: '首次定价' } });
    if (r.statusCode !== 200) throw new Error(`price: ${r.body}`);
  }
  const sub = await t.call('POST', `/api/seller/products/${p.id}/submit`, { token: seller });
  if (sub.statusCode !== 200) throw new Error(`submit: ${sub.body}`);
  return sub.json();
}
