import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/client.js';
import { storeListingQuery, type StoreQuery } from '../../src/modules/catalog/index.js';
import { createTestDb } from '../helpers/db.js';

/**
 * PL-CAT-01: storefront listing queries stay index-backed. 40,000 listing rows are generated with SQL,
 * then every query shape the storefront sends is EXPLAINed: no sequential scan of catalog_product, and
 * a partial index of live products is used. (Speed itself is measured by `npm run bench`, not here.)
 */
let database: Database;

beforeAll(async () => {
  database = await createTestDb();
  const db = database.db;
  await db.execute(sql`insert into catalog_category (id, parent_id, name, name_en, path) values ('ctg_root', null, '根', 'Root', array['ctg_root'])`);
  await db.execute(sql`
    insert into catalog_product (id, seller_id, category_id, status, title, latest_version_id, latest_version_no, live_version_id, live, live_title,
      search_tokens, category_path, attrs, price_min, price_max, sales_count, published_at)
    select 'prd_' || lpad(g::text, 26, '0'), 'org_s' || (g % 20), 'ctg_root', 'on_shelf', '商品' || g, 'pver_x', 1, 'pver_x', g % 10 <> 0, '商品' || g,
      array['商品', '茶' || (g % 100), 'tok' || (g % 1000)], array['ctg_root', 'ctg_' || (g % 40)],
      jsonb_build_object('origin', 'o' || (g % 10), 'grade', 'g' || (g % 3)), 1000 + (g * 7919) % 50000, 2000 + (g * 7919) % 50000, g % 300,
      now() - g * interval '1 minute'
    from generate_series(1, 40000) g`);
  await db.execute(sql`analyze catalog_product`);
});
afterAll(async () => { await database.close(); });

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
function nodes(n: PlanNode): PlanNode[] {
  return [n, ...(n.Plans ?? []).flatMap(nodes)];
}

async function plan(f: Partial<StoreQuery>): Promise<PlanNode[]> {
  const query = storeListingQuery(database.db, { sort: 'newest', limit: 20, ...f }).toSQL();
  const client = (database.db as unknown as { $client: { query(text: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> } }).$client;
  const res = await client.query(`explain (format json) ${query.sql}`, query.params);
  const raw = res.rows[0]!['QUERY PLAN'];
  const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  return nodes(json[0]!.Plan);
}

const CASES: Array<[string, Partial<StoreQuery>]> = [
  ['newest first', {}],
  ['cheapest first', { sort: 'price_asc' }],
  ['dearest first', { sort: 'price_desc' }],
  ['best sellers', { sort: 'sales' }],
  ['a category', { categoryId: 'ctg_7' }],
  ['a Chinese keyword', { q: '茶7' }],
  ['a keyword in a category, cheapest first', { q: 'tok42', categoryId: 'ctg_2', sort: 'price_asc' }],
  ['a price range', { minPrice: 20000, maxPrice: 21000, sort: 'price_asc' }],
  ['an attribute', { attrs: [['origin', 'o3']], categoryId: 'ctg_3' }],
  ['the next page', { after: { k: new Date(Date.now() - 20_000 * 60_000).toISOString(), id: 'prd_00000000000000000000020000' } }],
  ['the next page by price', { sort: 'price_asc', after: { k: 30000, id: 'prd_00000000000000000000020000' } }],
];

describe('storefront query plans (PL-CAT-01)', () => {
  it.each(CASES)('%s: no sequential scan of products, a live-products index is used', async (_name, f) => {
    const ns = await plan(f);
    const onProducts = ns.filter((n) => n['Relation Name'] === 'catalog_product');
    expect(onProducts.length).toBeGreaterThan(0);
    expect(onProducts.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(ns.some((n) => (n['Index Name'] ?? '').startsWith('catalog_product_live_'))).toBe(true);
  });
});
