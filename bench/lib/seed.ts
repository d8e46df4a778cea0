/**
 * Seeding of the benchmark catalog, in-process before the server starts (PGlite is single-process):
 * the demo platform through the platform's own code (`prepareData`: operator, two demo sellers, the
 * category tree with rules, the sandbox payment provider, ~250 demo products), more sellers through
 * the identity, inventory and catalog services, then bulk products written with `insert … select
 * generate_series` in the shape of a valid demo product of the same category (product, live version
 * with its SKUs, SKU rows, prices with their price-change records, inventory items, stock in the
 * seller's warehouse with its receipt movements) and consumer accounts with signed-in sessions. The
 * same bulk writer grows the catalog for the scale check.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import { openPlatform, prepareData } from '../../src/bootstrap.js';
import { recordAudit } from '../../src/platform/audit/index.js';
import { randomToken, type Keyring } from '../../src/platform/crypto/index.js';
import { rows, type Db } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { createOrganisation } from '../../src/modules/identity/index.js';
import { createWarehouse } from '../../src/modules/inventory/index.js';
import { indexTokens, setShippingRule } from '../../src/modules/catalog/index.js';
import type { BenchServer, SeedInfo, SeededSku } from './types.js';
import { HarnessError } from './server.js';

export type SeedOptions = { products: number; skusPerProduct: number; sellers: number; buyers: number };

export const DEFAULT_SEED: SeedOptions = { products: 1000, skusPerProduct: 10, sellers: 20, buyers: 300 };

/** SeedInfo before the server runs: everything but the seller's token (a sign-in over HTTP). */
export type SeedPlan = Omit<SeedInfo, 'contentionSellerToken'> & { counts: { products: number; skus: number; sellers: number; buyers: number; seconds: number } };

// ------------------------------------------------------------------ word lists (titles in Chinese)

type Words = { parts: string[][]; specs: string[]; tail: string };
const TEA_SPECS = ['50g', '100g', '125g', '250g', '500g', '50g×2罐', '100g×2罐', '250g×2罐', '500g×2罐', '1000g'];
const COLOURS = ['黑色', '白色', '灰色', '蓝色', '粉色', '绿色', '紫色', '银色', '金色', '红色'];
const TEA_TAIL = '条索紧结、香气清高、滋味鲜醇。冲泡建议 85℃ 水温，密封冷藏保存。';
const WARE_TAIL = '手工制作，出水流畅，适合日常泡茶与茶席陈设。';
const DIGITAL_TAIL = '支持主流手机与电脑，通过 3C 认证。包装内含主机、说明书与保修卡。七天无理由退货（未拆封）。';

/** Title parts per leaf category (by its Chinese name); a title is one pick from each part. */
const WORDS: Record<string, Words> = {
  绿茶: { parts: [['西湖龙井', '洞庭碧螺春', '信阳毛尖', '黄山毛峰', '六安瓜片', '太平猴魁', '安吉白茶', '都匀毛尖'], ['绿茶'], ['明前特级', '雨前一级', '特级', '一级', '二级'], ['罐装', '礼盒装', '袋装', '纸包', '散装']], specs: TEA_SPECS, tail: TEA_TAIL },
  红茶: { parts: [['正山小种', '金骏眉', '祁门红茶', '滇红工夫', '英德红茶', '坦洋工夫', '宜兴红茶'], ['特级', '一级', '浓香', '蜜香'], ['罐装', '礼盒装', '袋装', '散装']], specs: TEA_SPECS, tail: TEA_TAIL },
  乌龙茶: { parts: [['安溪铁观音', '武夷大红袍', '凤凰单丛', '冻顶乌龙', '武夷肉桂', '闽北水仙'], ['乌龙茶'], ['清香型', '浓香型', '炭焙', '陈香'], ['特级', '一级', '礼盒装']], specs: TEA_SPECS, tail: TEA_TAIL },
  普洱茶: { parts: [['2012年', '2014年', '2016年', '2018年', '2020年', '2022年'], ['冰岛古树', '老班章', '易武', '景迈山', '勐海'], ['生普饼茶', '熟普饼茶', '沱茶', '散茶']], specs: ['357g/饼', '200g/饼', '100g/沱', '500g/罐', '7饼/提', '357g×2饼', '250g/砖', '1000g/砖', '50g/盒', '100g/盒'], tail: TEA_TAIL },
  茶壶: { parts: [['紫砂', '白瓷', '青瓷', '玻璃', '铸铁', '粗陶'], ['西施壶', '石瓢壶', '仿古壶', '提梁壶', '侧把壶'], ['家用泡茶壶', '功夫茶具', '大容量', '手工']], specs: ['单壶', '壶+四杯套装', '壶+六杯套装', '150ml', '200ml', '300ml', '500ml', '礼盒装', '旅行装', '茶盘套装'], tail: WARE_TAIL },
  茶杯: { parts: [['白瓷', '青瓷', '建盏', '玻璃', '粗陶', '汝窑'], ['品茗杯', '主人杯', '闻香杯', '公道杯'], ['单只装', '六只装', '礼盒装', '对杯']], specs: ['单只', '两只装', '四只装', '六只装', '八只装', '十只装', '60ml', '100ml', '150ml', '礼盒装'], tail: WARE_TAIL },
  耳机: { parts: [['青禾', '声浪', '极光', '云雀', '星河'], ['真无线蓝牙耳机', '头戴式蓝牙耳机', '运动蓝牙耳机', '降噪蓝牙耳机', '有线耳机'], ['标准版', '降噪版', '青春版', 'Pro']], specs: COLOURS, tail: DIGITAL_TAIL },
  充电器: { parts: [['青禾', '声浪', '极光', '云雀', '星河'], ['20W 氮化镓快充充电器', '65W 氮化镓充电器', '30W 快充充电头', '车载充电器'], ['单口USB-C', '双口', '三口', '套装']], specs: COLOURS, tail: DIGITAL_TAIL },
  移动电源: { parts: [['青禾', '声浪', '极光', '云雀', '星河'], ['5000mAh', '10000mAh', '20000mAh'], ['磁吸移动电源', '快充移动电源', '超薄充电宝', '自带线充电宝']], specs: COLOURS, tail: DIGITAL_TAIL },
};

/** The keyword of the search scenario: matches the Bluetooth earphones (4 of 5 earphone kinds). */
export const SEARCH_TERM = '蓝牙耳机';
/** The leaf category of the category page. */
export const LISTING_CATEGORY = '绿茶';

const SELLER_NAMES = ['云岭茶庄', '闽南茶行', '徽州茶舍', '江南瓷坊', '景德瓷苑', '宜兴壶艺', '声浪数码', '极光电子', '云雀科技', '星河数码', '武夷岩茶坊',
  '西湖茶人', '滇南普洱社', '潮州单丛馆', '龙泉青瓷坊', '华强电子', '北岸数码', '松风茶寮', '听雨茶舍', '南山电子'];

/** Every combination of one word per part; a one-word part (the kind, e.g. 绿茶) is glued to the word before it. */
function titles(parts: string[][]): string[] {
  return parts.reduce<string[]>((acc, p) => acc.flatMap((a) => p.map((w) => (a ? `${a}${p.length === 1 ? '' : ' '}${w}` : w))), ['']);
}

// ------------------------------------------------------------------ templates and sellers of the bulk writer

type Template = {
  t: number; categoryId: string; categoryPath: string[]; title: string; tokens: string[]; attrs: Record<string, unknown>;
  content: Record<string, unknown>; tail: string; base: number; specs: string[]; salesUnit: unknown; skuAttrs: unknown; ruleId: string | null; cover: string | null;
};

/**
 * One template per title: the shape (attributes, images, quality standard, price tag, rule) of a live
 * demo product of the same leaf category, the title from the word lists, search tokens computed as the
 * catalog computes them (title, subtitle, brand, text attributes, category names, SKU specifications).
 */
async function loadTemplates(db: Db, skusPerProduct: number): Promise<Template[]> {
  const cats = await rows<{ id: string; name: string; name_en: string; path: string[]; parent_id: string | null }>(db,
    sql`select id, name, name_en, path, parent_id from catalog_category where active`);
  const byId = new Map(cats.map((c) => [c.id, c]));
  const demo = await rows<{ category_id: string; content: Record<string, unknown> & { skus: Array<Record<string, unknown>>; images: string[]; attributes: Record<string, unknown> }; rule_id: string | null; retail: number }>(db, sql`
    select distinct on (p.category_id) p.category_id, v.content, v.rule_id, pr.retail::int as retail
    from catalog_product p join catalog_product_version v on v.id = p.live_version_id
    join catalog_price pr on pr.sku_id = v.content->'skus'->0->>'id'
    where p.live order by p.category_id, p.published_at, p.id`);
  const perLeaf: Template[][] = [];
  for (const d of demo) {
    const cat = byId.get(d.category_id);
    if (!cat || !cat.parent_id) continue;
    const words = WORDS[cat.name] ?? { parts: [[String(d.content.title)], ['甲款', '乙款', '丙款', '丁款']], specs: ['标准装'], tail: '' };
    const specs = Array.from({ length: skusPerProduct }, (_, k) => {
      const base = words.specs[k % words.specs.length]!;
      return k < words.specs.length ? base : `${base} 第${Math.floor(k / words.specs.length) + 1}款`;
    });
    const catNames = cat.path.flatMap((id) => (byId.get(id) ? [byId.get(id)!.name, byId.get(id)!.name_en] : []));
    const { title: _t, description: _d, skus, ...rest } = d.content;
    const attrText = Object.values(d.content.attributes).filter((x): x is string => typeof x === 'string');
    perLeaf.push(titles(words.parts).map((title, i) => ({
      t: 0, categoryId: cat.id, categoryPath: cat.path, title,
      tokens: indexTokens(title, String(rest.subtitle ?? ''), String(rest.brand ?? ''), ...attrText, ...catNames, ...specs),
      attrs: d.content.attributes, content: rest, tail: words.tail,
      // A spread of prices around the demo product's: 60 % … 180 % in 100-fen steps.
      base: Math.max(100, Math.round((d.retail * (60 + ((i * 7) % 13) * 10)) / 10000) * 100),
      specs, salesUnit: skus[0]?.salesUnit ?? { mode: 'count', unitName: '件' }, skuAttrs: skus[0]?.attributes ?? {}, ruleId: d.rule_id, cover: d.content.images[0] ?? null,
    })));
  }
  if (perLeaf.length === 0) throw new HarnessError('seeding: the demo catalog has no live products to copy the shape of');
  // Interleave the leaves, so consecutive products are of different categories.
  const out: Template[] = [];
  const longest = Math.max(...perLeaf.map((l) => l.length));
  for (let i = 0; i < longest; i += 1) for (const l of perLeaf) if (l[i]) out.push({ ...l[i]!, t: out.length });
  return out;
}

type SellerRow = { s: number; sellerId: string; warehouseId: string };

/** Sellers with their MAIN warehouse, the demo tea seller (seller1@shiji.test's shop) first. */
async function loadSellers(db: Db, limit: number): Promise<SellerRow[]> {
  const rs = await rows<{ seller_id: string; warehouse_id: string }>(db, sql`
    select o.id as seller_id, w.id as warehouse_id from identity_organisation o join inventory_warehouse w on w.seller_id = o.id and w.code = 'MAIN'
    where o.kind = 'seller' and o.status = 'active' order by (o.name = '山河茶社') desc, o.created_at, o.id limit ${limit}`);
  return rs.map((r, s) => ({ s, sellerId: r.seller_id, warehouseId: r.warehouse_id }));
}

/** Id of bulk product n / SKU k of product n (opaque text ids with the table's prefix). */
export const bulkProductId = (n: number) => `prd_BENCH${String(n).padStart(9, '0')}`;
export const bulkSkuId = (n: number, k: number) => `sku_BENCH${String(n).padStart(9, '0')}${String(k).padStart(3, '0')}`;
const P = (prefix: string) => sql.raw(`'${prefix}_BENCH' || lpad(n::text, 9, '0')`);

/** On-hand units of bulk SKU k of product n: plenty (5,000–9,999), except the last SKU of every 17th product (sold out). */
const ON_HAND_SQL = (K: number) => sql.raw(`case when n % 17 = 0 and k = ${K - 1} and ${K} > 1 then 0 else 5000 + ((n * 37 + k * 11) % 5000) end`);

/**
 * Writes bulk products from..from+count-1 (each with `skusPerProduct` SKUs) in one transaction:
 * ~10 statements whatever the count.
 */
export async function insertBulkProducts(db: Db, o: { from: number; count: number; skusPerProduct: number; sellers: number }): Promise<{ products: number; skus: number }> {
  const K = o.skusPerProduct;
  for (const [k, v] of Object.entries({ from: o.from, count: o.count, skusPerProduct: K, sellers: o.sellers })) {
    if (!Number.isSafeInteger(v) || v < (k === 'from' ? 0 : 1)) throw new HarnessError(`seeding: ${k} must be a positive whole number (got ${v})`);
  }
  const templates = await loadTemplates(db, K);
  const sellers = await loadSellers(db, o.sellers);
  const T = templates.length;
  const S = sellers.length;
  const F = o.from;
  const L = o.from + o.count - 1;
  const ctx = systemContext('npm run bench');
  await db.transaction(async (tx) => {
    await tx.execute(sql`create temp table bench_tpl (t int primary key, category_id text, category_path text[], title text, tokens text[], attrs jsonb,
      content jsonb, tail text, base bigint, specs text[], sales_unit jsonb, sku_attrs jsonb, rule_id text, cover text) on commit drop`);
    // jsonb_to_recordset matches keys exactly: write the camelCase JSON keys into snake_case columns.
    await tx.execute(sql`insert into bench_tpl
      select x.t, x."categoryId", array(select e from jsonb_array_elements_text(x."categoryPath") with ordinality as a(e, i) order by i), x.title,
        array(select jsonb_array_elements_text(x.tokens)), x.attrs, x.content, x.tail, x.base,
        array(select e from jsonb_array_elements_text(x.specs) with ordinality as a(e, i) order by i), x."salesUnit", x."skuAttrs", x."ruleId", x.cover
      from jsonb_to_recordset(${JSON.stringify(templates)}::jsonb) as x(t int, "categoryId" text, "categoryPath" jsonb, title text, tokens jsonb, attrs jsonb,
        content jsonb, tail text, base bigint, specs jsonb, "salesUnit" jsonb, "skuAttrs" jsonb, "ruleId" text, cover text)`);
    await tx.execute(sql`create temp table bench_sellers (s int primary key, seller_id text, warehouse_id text) on commit drop`);
    await tx.execute(sql`insert into bench_sellers select x.s, x."sellerId", x."warehouseId"
      from jsonb_to_recordset(${JSON.stringify(sellers)}::jsonb) as x(s int, "sellerId" text, "warehouseId" text)`);
    const range = sql.raw(`generate_series(${F}, ${L}) n join bench_tpl t on t.t = n % ${T} join bench_sellers s on s.s = n % ${S}`);
    const retail = (k: string) => sql.raw(`((t.base * (100 + 15 * ${k})) / 10000) * 100`);
    await tx.execute(sql`create temp table bench_skus on commit drop as
      select n, k, 'sku_BENCH' || lpad(n::text, 9, '0') || lpad(k::text, 3, '0') as sku_id, ${P('prd')} as product_id, ${P('pchg')} || lpad(k::text, 3, '0') as change_id,
        ${P('mov')} || lpad(k::text, 3, '0') as movement_id, s.seller_id, s.warehouse_id, 'B' || n || '-' || (k + 1) as code,
        t.title || ' · ' || t.specs[k + 1] as label, ${retail('k')} as retail, ${ON_HAND_SQL(K)} as on_hand
      from ${range} cross join generate_series(0, ${sql.raw(String(K - 1))}) k`);
    await tx.execute(sql`insert into catalog_product (id, seller_id, category_id, status, title, latest_version_id, latest_version_no, live_version_id, live,
        live_title, cover_image_id, search_tokens, category_path, attrs, price_min, price_max, sales_count, published_at, created_at, updated_at)
      select ${P('prd')}, s.seller_id, t.category_id, 'on_shelf', t.title, ${P('pver')}, 1, ${P('pver')}, true,
        t.title, t.cover, t.tokens, t.category_path, t.attrs, ${retail('0')}, ${retail(String(K - 1))}, (n * 31) % 500,
        now() - n * interval '1 second', now() - n * interval '1 second', now() - n * interval '1 second'
      from ${range}`);
    await tx.execute(sql`insert into catalog_product_version (id, product_id, version_no, content, rule_id, state, submitted_at, decided_at, decision_reason, created_at)
      select ${P('pver')}, ${P('prd')}, 1,
        t.content || jsonb_build_object('title', t.title, 'description', t.title || '。' || t.tail, 'skus', (
          select jsonb_agg(jsonb_build_object('id', 'sku_BENCH' || lpad(n::text, 9, '0') || lpad(k::text, 3, '0'), 'code', 'B' || n || '-' || (k + 1),
            'specification', t.specs[k + 1], 'attributes', t.sku_attrs, 'barcode', null, 'weightGrams', 100 + 10 * k, 'salesUnit', t.sales_unit, 'imageId', null)
            order by k) from generate_series(0, ${sql.raw(String(K - 1))}) k)),
        t.rule_id, 'approved', now() - n * interval '1 second', now() - n * interval '1 second', '压测数据 bench data', now() - n * interval '1 second'
      from ${range}`);
    await tx.execute(sql`insert into catalog_product_event (id, product_id, version_id, action, actor_kind, detail, created_at)
      select ${P('pev')}, ${P('prd')}, ${P('pver')}, 'created', 'system', '{"seeded":"bench"}'::jsonb, now() - n * interval '1 second' from ${range}`);
    await tx.execute(sql`insert into catalog_sku (id, product_id, seller_id, code) select sku_id, product_id, seller_id, code from bench_skus`);
    await tx.execute(sql`insert into catalog_price_change (id, sku_id, product_id, seller_id, after, reason, status, effective_at)
      select change_id, sku_id, product_id, seller_id,
        jsonb_build_object('priceType', 'market', 'retail', retail, 'member', null, 'list', null, 'government', null), '首次定价', 'applied', now() from bench_skus`);
    await tx.execute(sql`insert into catalog_price (sku_id, product_id, seller_id, price_type, retail, currency, change_id)
      select sku_id, product_id, seller_id, 'market', retail, 'CNY', change_id from bench_skus`);
    await tx.execute(sql`insert into inventory_item (sku_id, product_id, seller_id, code, label) select sku_id, product_id, seller_id, code, label from bench_skus`);
    await tx.execute(sql`insert into inventory_stock (sku_id, warehouse_id, product_id, seller_id, on_hand, reserved, low_threshold)
      select sku_id, warehouse_id, product_id, seller_id, on_hand, 0, 5 from bench_skus`);
    await tx.execute(sql`insert into inventory_movement (id, seller_id, sku_id, warehouse_id, kind, quantity, on_hand_after, reason, document_no)
      select movement_id, seller_id, sku_id, warehouse_id, 'receipt', on_hand, on_hand, '压测数据期初入库', 'BENCH-RK-0001' from bench_skus where on_hand > 0`);
    await recordAudit(tx, ctx, { action: 'catalog.bench_seeded', resourceType: 'catalog', resourceId: null,
      changes: { from: F, products: o.count, skusPerProduct: K, sellers: S } });
  });
  return { products: o.count, skus: o.count * K };
}

// ------------------------------------------------------------------ the whole seeding step

/** The harness's own field-encryption key of a run (the server gets the same through SHIJI_MASTER_KEY). */
export function newMasterKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Seeds the database the server will use (it must not run yet: PGlite is single-process): migrations,
 * demo platform, extra sellers with warehouses and delivery fees, bulk products, buyers with sessions,
 * VACUUM ANALYZE. Returns what the scenarios need (the seller's token comes from signIn after the start).
 */
export async function seedDatabase(o: { databaseUrl: string | null; dataDir: string; masterKey: string } & SeedOptions, log: (line: string) => void): Promise<SeedPlan> {
  const t0 = performance.now();
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SHIJI_DATA_DIR: o.dataDir, SHIJI_MASTER_KEY: o.masterKey, SHIJI_DEMO: 'false',
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}) });
  const platform = await openPlatform(config);
  try {
    const db = platform.db;
    await prepareData(platform, { forceDemo: true, demoOrders: false });
    log(`  demo platform: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const ctx = systemContext('npm run bench');
    const existing = await rows<{ n: number }>(db, sql`select count(*)::int as n from identity_organisation where kind = 'seller'`);
    const more = Math.max(0, o.sellers - Number(existing[0]?.n ?? 0));
    await db.transaction(async (tx) => {
      for (let i = 0; i < more; i += 1) {
        const name = SELLER_NAMES[i % SELLER_NAMES.length]! + (i >= SELLER_NAMES.length ? ` ${Math.floor(i / SELLER_NAMES.length) + 1}店` : '');
        const org = await createOrganisation(tx, ctx, platform.keyring, { kind: 'seller', entityType: 'organisation', name } as never);
        const sellerId = (org as { organisation: { id: string } }).organisation.id;
        await createWarehouse(tx, ctx, sellerId, { code: 'MAIN', name: `${name}主仓`, address: `浙江省杭州市余杭区仓前街道 ${i + 2} 号`, region: '浙江省杭州市', priority: 10 });
        await setShippingRule(tx, ctx, sellerId, { baseFee: 600 + (i % 5) * 100, freeOver: 9900, extraItemFee: 100, deliveryTerms: '48 小时内发货，中通或韵达。' });
      }
    });
    const t1 = performance.now();
    const bulk = await insertBulkProducts(db, { from: 1, count: o.products, skusPerProduct: o.skusPerProduct, sellers: o.sellers });
    log(`  ${bulk.products} products × ${o.skusPerProduct} SKUs across ${o.sellers} sellers: ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const buyers = await copyConsumers(db, platform.keyring, o.buyers);
    // VACUUM as well: after a bulk insert the GIN search index keeps the new rows in its pending list,
    // and PostgreSQL then stops using it (a keyword with no match took 16 ms instead of 0.05 ms).
    await db.execute(sql`vacuum analyze`);
    const plan = await describeSeed(db, o);
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    return { ...plan, buyers, counts: { ...plan.counts, buyers: buyers.length, seconds } };
  } finally {
    await platform.database.close();
  }
}

/**
 * Consumer accounts copied from the demo consumer (same password hash, own email and name), each with
 * a session valid for 12 hours, in two statements (the idea of test/helpers/trade.ts copyConsumers:
 * registering and signing in 300 buyers through the API would spend a minute on argon2).
 */
async function copyConsumers(db: Db, k: Keyring, n: number): Promise<Array<{ accountId: string; token: string }>> {
  if (n <= 0) return [];
  const [tpl] = await rows<{ password_hash: string }>(db, sql`select password_hash from identity_account where kind = 'consumer' order by created_at, id limit 1`);
  if (!tpl) throw new HarnessError('seeding: no consumer account to copy (the demo consumer is missing)');
  const until = new Date(Date.now() + 12 * 3_600_000).toISOString();
  const copies = Array.from({ length: n }, (_, i) => {
    const id = newId('acc');
    const email = `bench-buyer-${i + 1}@shiji.test`;
    return { id, token: randomToken(), emailEnc: k.encrypt(email, `${id}:email`), emailIdx: k.blindIndex(email, 'account.email'),
      nameEnc: k.encrypt(`压测买家${i + 1}`, `${id}:displayName`) };
  });
  for (let i = 0; i < copies.length; i += 500) {
    const part = copies.slice(i, i + 500);
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into identity_account (id, kind, entity_type, email_enc, email_idx, display_name_enc, password_hash) values
        ${sql.join(part.map((c) => sql`(${c.id}, 'consumer', 'individual', ${c.emailEnc}, ${c.emailIdx}, ${c.nameEnc}, ${tpl.password_hash})`), sql`, `)}`);
      await tx.execute(sql`insert into identity_session (id, token_hash, account_id, idle_expires_at, absolute_expires_at, ip, user_agent) values
        ${sql.join(part.map((c) => sql`(${newId('ses')}, ${k.hashToken(c.token)}, ${c.id}, ${until}::timestamptz, ${until}::timestamptz, '127.0.0.1', 'npm run bench')`), sql`, `)}`);
    });
  }
  return copies.map((c) => ({ accountId: c.id, token: c.token }));
}

/** The category, keyword, product ids and SKUs the scenarios use, read back from the seeded database. */
async function describeSeed(db: Db, o: SeedOptions): Promise<Omit<SeedPlan, 'buyers'>> {
  const [cat] = await rows<{ id: string }>(db, sql`select id from catalog_category where name = ${LISTING_CATEGORY} and parent_id is not null limit 1`);
  if (!cat) throw new HarnessError(`seeding: no category named ${LISTING_CATEGORY}`);
  const products = await rows<{ id: string }>(db, sql`select id from catalog_product where live order by published_at desc, id limit 5000`);
  // Checkout SKUs: the first SKU of up to 200 bulk products spread over the catalog (every seller), never
  // the contention product. Contention: the first SKU of the demo tea seller's (seller 0) last bulk product.
  const sellers = await loadSellers(db, o.sellers);
  const S = sellers.length;
  const contentionN = o.products - ((o.products % S) + S) % S;
  if (contentionN < 1) throw new HarnessError(`seeding: --products must be at least the number of sellers (${S}) for a contention SKU of the demo tea seller`);
  const picks: number[] = [];
  const step = Math.max(1, Math.floor(o.products / 200));
  for (let n = 1; n <= o.products && picks.length < 200; n += step) if (n !== contentionN) picks.push(n);
  const skuIds = [...picks.map((n) => bulkSkuId(n, 0)), bulkSkuId(contentionN, 0)];
  const skus = await rows<{ id: string; product_id: string; seller_id: string; retail: number }>(db, sql`
    select s.id, s.product_id, s.seller_id, p.retail::int as retail from catalog_sku s join catalog_price p on p.sku_id = s.id
    where s.id in (${sql.join(skuIds.map((x) => sql`${x}`), sql`, `)})`);
  const byId = new Map(skus.map((s): [string, SeededSku] => [s.id, { skuId: s.id, productId: s.product_id, sellerId: s.seller_id, price: Number(s.retail) }]));
  const contentionSku = byId.get(bulkSkuId(contentionN, 0));
  if (!contentionSku || contentionSku.sellerId !== sellers[0]!.sellerId) throw new HarnessError('seeding: the contention SKU is missing or not the demo tea seller\'s');
  const checkoutSkus = picks.map((n) => byId.get(bulkSkuId(n, 0))).filter((x): x is SeededSku => Boolean(x));
  const [counts] = await rows<{ products: number; skus: number; sellers: number }>(db, sql`select
    (select count(*)::int from catalog_product where live) as products, (select count(*)::int from catalog_sku) as skus,
    (select count(*)::int from identity_organisation where kind = 'seller') as sellers`);
  return {
    categoryId: cat.id, searchTerm: SEARCH_TERM, productIds: products.map((p) => p.id), checkoutSkus, contentionSku,
    counts: { products: Number(counts!.products), skus: Number(counts!.skus), sellers: Number(counts!.sellers), buyers: 0, seconds: 0 },
  };
}

// ------------------------------------------------------------------ after the server started

type Page = { items: Array<{ id: string; price: unknown; inStock: boolean }>; nextCursor: string | null };

/**
 * Signs the contention SKU's seller owner in (seller1@shiji.test, the demo tea seller) and checks the
 * seeded catalog through the HTTP API: the category page shows 20 items, the keyword finds at least 20,
 * a product page answers 200, a buyer's session works. Throws (the run stops) otherwise.
 */
export async function finishSeed(server: BenchServer, plan: SeedPlan): Promise<SeedInfo> {
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    return { status: res.status, body: text, json: () => JSON.parse(text) as unknown };
  };
  const problems: string[] = [];
  const cat = await api(`/api/store/products?categoryId=${encodeURIComponent(plan.categoryId)}&limit=20`);
  const catItems = cat.status === 200 ? (cat.json() as Page).items : [];
  if (catItems.length !== 20) problems.push(`category page: HTTP ${cat.status}, ${catItems.length} items (expected 20)`);
  if (catItems.some((i) => !i.price)) problems.push('category page: items without a price');
  const search = await api(`/api/store/products?q=${encodeURIComponent(plan.searchTerm)}&limit=20`);
  const found = search.status === 200 ? (search.json() as Page) : { items: [], nextCursor: null };
  if (found.items.length < 20) problems.push(`search ${plan.searchTerm}: HTTP ${search.status}, ${found.items.length} items (expected at least 20)`);
  const pid = plan.productIds[Math.floor(plan.productIds.length / 2)] ?? '';
  const page = await api(`/api/store/products/${encodeURIComponent(pid)}`);
  if (page.status !== 200) problems.push(`product page ${pid}: HTTP ${page.status} ${page.body.slice(0, 200)}`);
  const bulkPage = await api(`/api/store/products/${encodeURIComponent(plan.contentionSku.productId)}`);
  if (bulkPage.status !== 200) problems.push(`product page ${plan.contentionSku.productId}: HTTP ${bulkPage.status} ${bulkPage.body.slice(0, 200)}`);
  const buyer = plan.buyers[0];
  if (buyer) {
    const me = await api('/api/auth/me', { headers: { authorization: `Bearer ${buyer.token}` } });
    if (me.status !== 200) problems.push(`a seeded buyer's session: HTTP ${me.status} ${me.body.slice(0, 200)}`);
  }
  const login = await api('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'seller1@shiji.test', password: 'shiji-demo' }) });
  const token = login.status === 200 ? (login.json() as { token?: string }).token : undefined;
  if (!token) problems.push(`seller1@shiji.test sign-in: HTTP ${login.status} ${login.body.slice(0, 200)}`);
  if (found.items.length < 20 || catItems.length < 20) problems.push('(a small catalog? each of the nine categories gets 1/9 of --products: use --products 300 or more)');
  if (problems.length) throw new HarnessError(`the seeded catalog does not verify through the API:\n  ${problems.join('\n  ')}`);
  const { counts: _c, ...info } = plan;
  return { ...info, contentionSellerToken: token! };
}
