import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { BlobStore } from '@/platform/storage/index.js';
import { registerSkus, skuDisplayLabel } from '@/modules/inventory/index.js';
import type { RuleBody, ProductBody } from './contract.js';
import { demoPng } from './demo-images.js';
import { scanText } from './moderation.js';
import { category, price, priceChange, product, productEvent, productVersion, sku } from './schema.js';
import { createCategory, currentRule, defaultRule } from './service/categories.js';
import { publishImages, saveImage } from './service/images.js';
import { listingColumns } from './service/listing.js';
import { createProduct, moderationTerms, submitProduct } from './service/products.js';
import { setPrice } from './service/pricing.js';
import { setShippingRule } from './service/shipping.js';
import { submitIssues, wordingFields } from './service/validate.js';
import type { AttributeDef, ProductContent } from './types.js';

type DemoSku = ProductBody['skus'][number] & { retail: number };
type DemoProduct = Omit<ProductBody, 'categoryId' | 'images' | 'skus'> & { skus: DemoSku[]; list?: boolean };
type Leaf = {
  name: string; nameEn: string; hue: number; rule: Partial<RuleBody> & { attributes: AttributeDef[] };
  products: () => DemoProduct[];
};

const enumAttr = (key: string, label: string, labelEn: string, options: string[], extra: Partial<AttributeDef> = {}): AttributeDef =>
  ({ key, label, labelEn, type: 'enum', options, required: true, level: 'product', filterable: true, ...extra });
const numAttr = (key: string, label: string, labelEn: string, unit: string, extra: Partial<AttributeDef> = {}): AttributeDef =>
  ({ key, label, labelEn, type: 'number', unit, required: true, level: 'product', ...extra });
const textAttr = (key: string, label: string, labelEn: string, extra: Partial<AttributeDef> = {}): AttributeDef =>
  ({ key, label, labelEn, type: 'text', required: false, level: 'product', ...extra });

/** A small deterministic generator so the demo shop is the same on every machine. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const rand = rng(20261124);
const yuan = (min: number, max: number) => Math.round((min + rand() * (max - min))) * 100;

const TEA_ORIGINS: Record<string, string> = {
  西湖龙井: '浙江杭州', 碧螺春: '江苏苏州', 黄山毛峰: '安徽黄山', 信阳毛尖: '河南信阳', 竹叶青: '四川峨眉', 安吉白茶: '浙江湖州', 六安瓜片: '安徽六安',
  太平猴魁: '安徽黄山', 湄潭翠芽: '贵州湄潭', 正山小种: '福建武夷山', 祁门红茶: '安徽祁门', 滇红: '云南临沧', 金骏眉: '福建武夷山', 英德红茶: '广东英德',
  宜兴红茶: '江苏宜兴', 铁观音: '福建安溪', 大红袍: '福建武夷山', 凤凰单丛: '广东潮州', 冻顶乌龙: '台湾南投', 东方美人: '台湾新竹', 肉桂: '福建武夷山', 水仙: '福建武夷山',
};
const teaOrigins = [...new Set(Object.values(TEA_ORIGINS)), '云南勐海', '云南西双版纳'];
const teaRule = (standard: string): Partial<RuleBody> & { attributes: AttributeDef[] } => ({
  criteria: `按加工工艺归类：${standard}。注意区分产地与品种；拼配茶归入主要茶类。`,
  attributes: [
    enumAttr('origin', '产地', 'Origin', teaOrigins),
    enumAttr('grade', '等级', 'Grade', ['特级', '一级', '二级', '三级']),
    textAttr('harvest', '采摘时节', 'Harvest'),
    numAttr('shelf_life_days', '保质期', 'Shelf life', '天'),
    textAttr('storage', '贮存条件', 'Storage'),
  ],
  priceTagRequired: ['origin', 'grade', 'specification', 'pricingOfficer', 'supervisionContact'],
  qualityStandardRequired: true,
  requiredQualifications: ['食品经营许可证'],
  prohibitedTerms: ['减肥', '降血压'],
  pricing: { approvalThresholdPct: 30, maxDiscountPct: 70, displayMode: 'list_struck' },
});

const measureSkus = (base: string, grams: number[], prices: number[]) => grams.map((g, i) => ({
  code: `${base}-${g}G`, specification: `${g}g`, attributes: {}, barcode: null, weightGrams: g + 80,
  salesUnit: { mode: 'measure' as const, netQuantity: g, unit: 'g' as const }, retail: prices[i]!,
}));

const LEAVES: Record<string, Leaf[]> = {
  '茶叶|Tea': [
    { name: '绿茶', nameEn: 'Green tea', hue: 110, rule: teaRule('GB/T 14456 绿茶'), products: () => ['西湖龙井', '碧螺春', '黄山毛峰', '信阳毛尖', '竹叶青', '安吉白茶', '六安瓜片', '太平猴魁', '湄潭翠芽']
      .flatMap((n) => ['特级', '一级'].flatMap((grade) => ['明前', '雨前'].map((harvest) => ({ n, grade, harvest }))))
      .map(({ n, grade, harvest }, i) => teaProduct(`${n}绿茶 ${harvest}${grade}`, n, grade, harvest, 'GB/T 14456.1', `GT${i}`, grade === '特级' ? [120, 260, 480] : [68, 150, 280])) },
    { name: '红茶', nameEn: 'Black tea', hue: 8, rule: teaRule('GB/T 13738 红茶'), products: () => ['正山小种', '祁门红茶', '滇红', '金骏眉', '英德红茶', '宜兴红茶']
      .flatMap((n) => ['特级', '一级'].flatMap((grade) => ['罐装', '礼盒装'].map((pack) => ({ n, grade, pack }))))
      .map(({ n, grade, pack }, i) => teaProduct(`${n} ${grade} ${pack}`, n, grade, '春茶', 'GB/T 13738.2', `BT${i}`, pack === '礼盒装' ? [198, 368, 688] : [58, 128, 238])) },
    { name: '乌龙茶', nameEn: 'Oolong tea', hue: 35, rule: teaRule('GB/T 30357 乌龙茶'), products: () => ['铁观音', '大红袍', '凤凰单丛', '冻顶乌龙', '东方美人', '肉桂', '水仙']
      .flatMap((n) => ['特级', '一级'].flatMap((grade) => ['清香型', '浓香型'].map((style) => ({ n, grade, style }))))
      .map(({ n, grade, style }, i) => teaProduct(`${n}乌龙茶 ${style} ${grade}`, n, grade, '秋茶', 'GB/T 30357.2', `OT${i}`, [78, 168, 298])) },
    { name: '普洱茶', nameEn: "Pu'er tea", hue: 20, rule: teaRule('GB/T 22111 地理标志产品 普洱茶'), products: () => ['冰岛', '班章', '易武', '勐海']
      .flatMap((hill) => ['生普', '熟普'].flatMap((kind) => ['2016', '2019', '2021', '2023'].map((year) => ({ hill, kind, year }))))
      .map(({ hill, kind, year }, i) => ({
        ...teaProduct(`${year}年${hill}古树${kind}饼茶`, '普洱', '一级', `${year}年春`, 'GB/T 22111', `PE${i}`, [0]),
        skus: [{ code: `PE${i}-357G`, specification: '357g/饼', attributes: {}, barcode: null, weightGrams: 420,
          salesUnit: { mode: 'measure' as const, netQuantity: 357, unit: 'g' as const }, retail: yuan(180, 980) }],
        attributes: { origin: hill === '勐海' ? '云南勐海' : '云南西双版纳', grade: '一级', harvest: `${year}年春`, shelf_life_days: 36500, storage: '通风、干燥、避光、无异味' },
      })) },
  ],
  '茶具|Teaware': [
    { name: '茶壶', nameEn: 'Teapots', hue: 200, rule: {
      attributes: [enumAttr('material', '材质', 'Material', ['紫砂', '陶瓷', '玻璃', '铸铁']), numAttr('capacity_ml', '容量', 'Capacity', 'ml'),
        textAttr('craft', '工艺', 'Craft')],
      priceTagRequired: ['origin', 'specification'], pricing: { approvalThresholdPct: 40, displayMode: 'list_struck' } },
    products: () => ['紫砂', '陶瓷', '玻璃', '铸铁'].flatMap((material) => ['西施壶', '石瓢壶', '仿古壶', '提梁壶', '侧把壶'].map((style) => ({ material, style })))
      .map(({ material, style }, i) => countProduct(`${material}${style} 家用泡茶壶`, { material, capacity_ml: 180 + (i % 5) * 60, craft: material === '紫砂' ? '全手工' : '机制' },
        material === '紫砂' ? '江苏宜兴' : material === '铸铁' ? '山东淄博' : '江西景德镇', `TP${i}`, ['单壶', '壶+四杯套装'], [yuan(88, 680)], '把')) },
    { name: '茶杯', nameEn: 'Tea cups', hue: 180, rule: {
      attributes: [enumAttr('material', '材质', 'Material', ['白瓷', '青瓷', '玻璃', '紫砂', '陶瓷']), numAttr('capacity_ml', '容量', 'Capacity', 'ml')],
      priceTagRequired: ['origin', 'specification'], pricing: { approvalThresholdPct: 40, displayMode: 'list_struck' } },
    products: () => ['白瓷', '青瓷', '玻璃', '紫砂', '陶瓷'].flatMap((material) => ['品茗杯', '主人杯', '公道杯', '闻香杯'].map((kind) => ({ material, kind })))
      .map(({ material, kind }, i) => countProduct(`${material}${kind}`, { material, capacity_ml: kind === '公道杯' ? 250 : 60 + (i % 4) * 20 },
        material === '青瓷' ? '浙江龙泉' : material === '紫砂' ? '江苏宜兴' : '江西景德镇', `TC${i}`, ['单只', '六只装'], [yuan(18, 128)], '只')) },
  ],
  '数码|Electronics': [
    { name: '耳机', nameEn: 'Earphones', hue: 230, rule: {
      attributes: [enumAttr('connection', '连接方式', 'Connection', ['蓝牙', '有线']), numAttr('battery_hours', '续航', 'Battery life', '小时', { required: false }),
        enumAttr('color', '颜色', 'Colour', ['黑色', '白色', '蓝色', '粉色'], { level: 'sku', filterable: false })],
      priceTagRequired: ['origin', 'specification'], qualityStandardRequired: true, reviewMode: 'auto',
      pricing: { approvalThresholdPct: 25, displayMode: 'list_struck' } },
    products: () => ['青禾', '声悦', '听澜', '极光'].flatMap((brand) => ['真无线蓝牙耳机', '头戴式降噪耳机', '运动挂耳耳机', '有线入耳耳机'].flatMap((kind) =>
      ['标准版', 'Pro'].map((ed) => ({ brand, kind, ed }))))
      .map(({ brand, kind, ed }, i) => digital(`${brand} ${kind} ${ed}`, brand, { connection: kind.includes('有线') ? '有线' : '蓝牙',
        ...(kind.includes('有线') ? {} : { battery_hours: 6 + (i % 5) * 6 }) }, `EP${i}`, ['黑色', '白色'], yuan(kind.includes('头戴') ? 299 : 69, kind.includes('头戴') ? 999 : 399), 'GB 4943.1-2022')) },
    { name: '充电器', nameEn: 'Chargers', hue: 260, rule: {
      attributes: [numAttr('power_w', '功率', 'Power', 'W'), enumAttr('ports', '接口', 'Ports', ['单口USB-C', '双口C+A', '三口2C1A'])],
      priceTagRequired: ['origin', 'specification'], qualityStandardRequired: true, reviewMode: 'auto',
      pricing: { approvalThresholdPct: 25, displayMode: 'list_struck' } },
    products: () => [20, 33, 65, 100, 120].flatMap((w) => ['单口USB-C', '双口C+A', '三口2C1A'].flatMap((ports) => ['青禾', '极光'].map((brand) => ({ w, ports, brand }))))
      .map(({ w, ports, brand }, i) => digital(`${brand} ${w}W 氮化镓快充充电器 ${ports}`, brand, { power_w: w, ports }, `CH${i}`, ['白色'], yuan(29 + w / 2, 49 + w), 'GB 4943.1-2022')) },
    { name: '移动电源', nameEn: 'Power banks', hue: 290, rule: {
      attributes: [numAttr('capacity_mah', '容量', 'Capacity', 'mAh'), enumAttr('feature', '特点', 'Feature', ['磁吸', '快充', '迷你'])],
      priceTagRequired: ['origin', 'specification'], qualityStandardRequired: true,
      pricing: { approvalThresholdPct: 25, displayMode: 'list_struck' } },
    products: () => [5000, 10000, 20000, 30000].flatMap((mah) => ['磁吸', '快充', '迷你'].flatMap((feature) => ['青禾', '极光'].map((brand) => ({ mah, feature, brand }))))
      .map(({ mah, feature, brand }, i) => digital(`${brand} ${mah}mAh ${feature}移动电源`, brand, { capacity_mah: mah, feature }, `PB${i}`, ['黑色', '白色'], yuan(59 + mah / 500, 99 + mah / 250), 'GB/T 35590-2017')) },
  ],
};

function teaProduct(title: string, name: string, grade: string, harvest: string, standard: string, code: string, prices: number[]) {
  return {
    title, subtitle: `${TEA_ORIGINS[name] ?? '云南'}产区直采，山河茶社自有茶园`, brand: '山河',
    description: `${title}。条索紧结、香气清高、滋味鲜醇。冲泡建议：85℃ 水温，茶水比 1:50，首泡 30 秒。开封后请密封冷藏保存。`,
    attributes: { origin: TEA_ORIGINS[name] ?? '云南勐海', grade, harvest, shelf_life_days: 540, storage: '密封、避光、防潮、无异味，建议冷藏' },
    qualityStandard: { type: 'national_recommended' as const, code: standard },
    priceTag: { origin: TEA_ORIGINS[name] ?? '云南勐海', grade, pricingOfficer: '李掌柜', supervisionContact: '12315' },
    skus: measureSkus(code, [50, 125, 250], prices.map((p) => p * 100 + Math.round(rand() * 20) * 100)),
  };
}

function countProduct(title: string, attributes: Record<string, string | number>, origin: string, code: string, specs: string[], base: number[], unitName: string) {
  return {
    title, subtitle: `${origin}手作，茶席常备`, brand: '山河',
    description: `${title}，${attributes.material}材质，出水流畅，适合日常冲泡与茶席陈设。首次使用前请用沸水烫洗。`,
    attributes, qualityStandard: null, priceTag: { origin, pricingOfficer: '李掌柜', supervisionContact: '12315' },
    skus: specs.map((s, i) => ({ code: `${code}-${i + 1}`, specification: s, attributes: {}, barcode: null, weightGrams: 300 + i * 400,
      salesUnit: { mode: 'count' as const, unitName: i === 0 ? unitName : '套' }, retail: base[0]! * (i === 0 ? 1 : 3) })),
  };
}

function digital(title: string, brand: string, attributes: Record<string, string | number>, code: string, colours: string[], retail: number, standard: string) {
  // GB … standards are mandatory, GB/T … recommended (PL-CAT-05).
  const standardType = standard.startsWith('GB/T') ? 'national_recommended' as const : 'national_mandatory' as const;
  const skuColour = 'connection' in attributes;
  return {
    title, subtitle: '青禾数码 官方授权 全国联保一年', brand,
    description: `${title}。支持主流手机与电脑，通过 3C 认证。包装内含主机、说明书与保修卡。七天无理由退货（未拆封）。`,
    attributes, qualityStandard: { type: standardType, code: standard },
    priceTag: { origin: '广东深圳', pricingOfficer: '陈店长', supervisionContact: '12315' },
    skus: colours.map((c, i): DemoSku => ({ code: `${code}-${i + 1}`, specification: c, attributes: skuColour ? { color: c } : {},
      barcode: `69${String(1000000000 + Math.floor(rand() * 8999999999)).slice(0, 11)}`, weightGrams: 120 + i * 10,
      salesUnit: { mode: 'count' as const, unitName: '件' }, retail })),
    list: true,
  };
}

export type DemoCatalogResult = { categories: number; products: number; skus: Array<{ skuId: string; sellerId: string; productId: string }> };

const insertChunks = async <T>(rowsIn: T[], insert: (chunk: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rowsIn.length; i += 400) await insert(rowsIn.slice(i, i + 400));
};

/**
 * The demo shop: a category tree with real classification rules, and about 250 products of the two
 * demo sellers (tea and teaware for 山河茶社, electronics for 青禾数码). Categories, rules, images and
 * delivery fees go through the services; products are written in bulk (one service call per product
 * took 16 s on the embedded database) after passing the same save, submission and wording checks a
 * seller's submission passes. A few stay in the review queue and one is rejected.
 */
export async function seedDemoCatalog(tx: Tx, ctx: RequestContext, blobs: BlobStore, sellers: { tea: string; digital: string }): Promise<DemoCatalogResult> {
  const result: DemoCatalogResult = { categories: 0, products: 0, skus: [] };
  const terms = await moderationTerms(tx);
  let n = 0;
  const seededAt = Date.now();
  for (const [rootLabel, leaves] of Object.entries(LEAVES)) {
    const [name, nameEn] = rootLabel.split('|') as [string, string];
    const root = await createCategory(tx, ctx, { parentId: null, name, nameEn, position: result.categories });
    result.categories += 1;
    const seller = name === '数码' ? sellers.digital : sellers.tea;
    for (const [i, leaf] of leaves.entries()) {
      const cat = await createCategory(tx, ctx, { parentId: root.id, name: leaf.name, nameEn: leaf.nameEn, position: i },
        { ...defaultRule(), ...leaf.rule, allowedPriceTypes: ['market'] });
      result.categories += 1;
      const rule = await currentRule(tx, cat.id);
      const catNames = [name, nameEn, leaf.name, leaf.nameEn];
      const images: string[] = [];
      for (let v = 0; v < 4; v += 1) images.push((await saveImage(tx, ctx, blobs, seller, demoPng(leaf.hue + v * 6, v), 'image/png')).id);
      // Every leaf has approved products using these pictures.
      await publishImages(tx, images);
      const rows = { products: [] as Array<typeof product.$inferInsert>, versions: [] as Array<typeof productVersion.$inferInsert>,
        skus: [] as Array<typeof sku.$inferInsert>, prices: [] as Array<typeof price.$inferInsert>, changes: [] as Array<typeof priceChange.$inferInsert>,
        events: [] as Array<typeof productEvent.$inferInsert>, labels: new Map<string, string>() };
      for (const p of leaf.products()) {
        n += 1;
        const productId = newId('prd');
        const versionId = newId('pver');
        const skus = p.skus.map((s) => ({ ...s, id: newId('sku') }));
        const content: ProductContent = {
          title: p.title, subtitle: p.subtitle ?? '', description: p.description, categoryId: cat.id, brand: p.brand ?? '', attributes: p.attributes,
          images: [images[n % 4]!, images[(n + 1) % 4]!], qualityStandard: p.qualityStandard, priceTag: p.priceTag,
          skus: skus.map((s) => ({ id: s.id, code: s.code, specification: s.specification, attributes: s.attributes, barcode: s.barcode ?? null,
            weightGrams: s.weightGrams ?? null, salesUnit: s.salesUnit, imageId: null })),
        };
        const values = new Map(skus.map((s) => [s.id, { priceType: 'market' as const, retail: s.retail,
          list: p.list || n % 3 === 0 ? Math.round((s.retail * 1.25) / 100) * 100 : null, member: n % 4 === 0 ? Math.round((s.retail * 0.95) / 100) * 100 : null,
          government: null }]));
        const issues = submitIssues(content, rule, values);
        const findings = scanText(wordingFields(content), terms);
        if (issues.length || findings.length) throw new Error(`demo product ${p.title} fails its checks: ${JSON.stringify([...issues, ...findings])}`);
        const at = new Date(seededAt - (400 - n) * 60_000);
        const state = n % 61 === 7 ? 'draft' as const : n % 53 === 11 ? 'submitted' as const : n % 97 === 13 ? 'rejected' as const : 'approved' as const;
        const live = state === 'approved';
        const auto = rule.reviewMode === 'auto';
        rows.products.push({ id: productId, sellerId: seller, categoryId: cat.id, title: p.title, latestVersionId: versionId, latestVersionNo: 1,
          status: live ? 'on_shelf' : state === 'submitted' ? 'in_review' : state, liveVersionId: live ? versionId : null,
          pendingVersionId: state === 'submitted' ? versionId : null, live, publishedAt: live ? at : null, createdAt: at, updatedAt: at,
          ...(live ? listingColumns(content, cat.path, catNames, [...values.values()].map((x) => x.retail)) : {}) });
        rows.versions.push({ id: versionId, productId, versionNo: 1, content, ruleId: rule.id, state, createdBy: ctx.actorId, createdAt: at,
          ...(state !== 'draft' ? { submittedAt: at, submittedBy: ctx.actorId } : {}),
          ...(live || state === 'rejected' ? { decidedAt: at, decidedBy: ctx.actorId,
            decisionReason: state === 'rejected' ? '主图与商品不符，请上传实拍图片' : auto ? 'automatic review: the category rule allows it' : '演示数据初审通过' } : {}) });
        const event = (action: string, extra: Partial<typeof productEvent.$inferInsert> = {}) => rows.events.push({ id: newId('pev'), productId,
          versionId, action, actorId: ctx.actorId, actorKind: 'system', createdAt: at, ...extra });
        event('created', { detail: { title: p.title, categoryId: cat.id, seeded: true } });
        for (const s of skus) {
          const v = values.get(s.id)!;
          const changeId = newId('pchg');
          rows.skus.push({ id: s.id, productId, sellerId: seller, code: s.code, createdAt: at });
          rows.labels.set(s.id, skuDisplayLabel(p.title, s.specification));
          rows.prices.push({ skuId: s.id, productId, sellerId: seller, ...v, changeId, updatedAt: at });
          rows.changes.push({ id: changeId, skuId: s.id, productId, sellerId: seller, before: null, after: v, reason: '首次定价', status: 'applied',
            requestedBy: ctx.actorId, effectiveAt: at, createdAt: at });
          event('price_changed', { detail: { skuId: s.id, changeId, retail: v.retail } });
          result.skus.push({ skuId: s.id, sellerId: seller, productId });
        }
        if (state !== 'draft') event('submitted', { detail: { versionNo: 1, ruleVersion: rule.version } });
        if (live) event('approved', { detail: { versionNo: 1 } });
        if (state === 'rejected') event('rejected', { reason: '主图与商品不符，请上传实拍图片' });
        result.products += 1;
      }
      await insertChunks(rows.products, (c) => tx.insert(product).values(c));
      await insertChunks(rows.versions, (c) => tx.insert(productVersion).values(c));
      await insertChunks(rows.skus, (c) => tx.insert(sku).values(c));
      await insertChunks(rows.prices, (c) => tx.insert(price).values(c));
      await insertChunks(rows.changes, (c) => tx.insert(priceChange).values(c));
      await insertChunks(rows.events, (c) => tx.insert(productEvent).values(c));
      await registerSkus(tx, rows.skus.map((s) => ({ skuId: s.id!, productId: s.productId, sellerId: s.sellerId, code: s.code,
        label: rows.labels.get(s.id!)! })));
      await recordAudit(tx, ctx, { action: 'catalog.demo_seeded', resourceType: 'category', resourceId: cat.id,
        changes: { sellerId: seller, products: rows.products.length, skus: rows.skus.length, live: rows.products.filter((x) => x.live).length } });
    }
  }
  // Work for the operator's queues: two price rises beyond the 30 % threshold and a listing that
  // claims 国家免检, flagged for the content reviewer (both through the services sellers use).
  const teaSkus = result.skus.filter((x) => x.sellerId === sellers.tea);
  for (const pick of [teaSkus[3]!, teaSkus[40]!]) {
    const [cur] = await tx.select().from(price).where(eq(price.skuId, pick.skuId));
    await setPrice(tx, ctx, sellers.tea, pick.skuId, { priceType: 'market', retail: Math.round((cur!.retail * 1.6) / 100) * 100, list: null,
      member: cur!.member, reason: '新茶上市，原料成本上涨' });
  }
  const greenTea = (await tx.select({ id: category.id }).from(category).where(eq(category.name, '绿茶')))[0]!.id;
  const claimImages = (await tx.select({ images: sql<string[]>`${productVersion.content}->'images'` }).from(productVersion)
    .innerJoin(product, eq(product.id, productVersion.productId)).where(eq(product.categoryId, greenTea)).limit(1))[0]!.images;
  const claim = await createProduct(tx, ctx, sellers.tea, { categoryId: greenTea, title: '国家免检 特级西湖龙井绿茶 礼盒装', subtitle: '送礼佳品',
    description: '特级西湖龙井，手工炒制，礼盒包装，适合馈赠亲友。', brand: '山河', images: claimImages,
    attributes: { origin: '浙江杭州', grade: '特级', harvest: '明前', shelf_life_days: 540, storage: '密封冷藏' },
    qualityStandard: { type: 'national_recommended', code: 'GB/T 18650' },
    priceTag: { origin: '浙江杭州', grade: '特级', pricingOfficer: '李掌柜', supervisionContact: '12315' },
    skus: [{ code: 'GIFT-LJ-250', specification: '250g 礼盒', attributes: {}, salesUnit: { mode: 'measure', netQuantity: 250, unit: 'g' } }] });
  await setPrice(tx, ctx, sellers.tea, claim.skus[0]!.id, { priceType: 'market', retail: 68800, reason: '首次定价' });
  await submitProduct(tx, ctx, sellers.tea, claim.id);
  result.skus.push({ skuId: claim.skus[0]!.id, sellerId: sellers.tea, productId: claim.id });
  result.products += 1;

  await setShippingRule(tx, ctx, sellers.tea, { baseFee: 1000, freeOver: 9900, extraItemFee: 200, deliveryTerms: '杭州仓 48 小时内发货，顺丰或中通，偏远地区除外。' });
  await setShippingRule(tx, ctx, sellers.digital, { baseFee: 800, freeOver: 19900, extraItemFee: 0, deliveryTerms: '深圳仓当日 16 点前下单当日发货。' });
  return result;
}
