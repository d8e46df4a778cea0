/**
 * Scale check (PostgreSQL only): the catalog grown to 10k and then ~1M SKUs with the bulk writer
 * (`insert … select generate_series`, batches of 10,000 products), VACUUM ANALYZE, then listing and
 * search p99 at c=16 and `EXPLAIN (ANALYZE, BUFFERS)` of the storefront's own listing and search SQL
 * (from drizzle: storeListingQuery(…).toSQL()) to show the plans stay index-backed.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../../src/platform/db/client.js';
import { rows } from '../../src/platform/db/client.js';
import { storeListingQuery } from '../../src/modules/catalog/index.js';
import type { BenchServer, Latency, SeedInfo } from './types.js';
import { load, pathsOf } from './http.js';
import { insertBulkProducts } from './seed.js';
import { latencyOfHistogram, round } from './stats.js';
import { HarnessError } from './server.js';

export type PlanCheck = {
  /** Every access to catalog_product is through an index (no Seq Scan on catalog_product). */
  indexBacked: boolean;
  /** How catalog_product is read, e.g. "Bitmap Index Scan on catalog_product_live_search". */
  productAccess: string[];
  executionMs: number;
  /** The whole EXPLAIN (ANALYZE, BUFFERS) output. */
  text: string;
};

export type ScalePoint = {
  targetSkus: number;
  skus: number;
  products: number;
  /** Seconds spent growing the catalog to this size (insert + VACUUM ANALYZE). */
  growSec: number;
  listing: { rps: number; latency: Latency; errors: number; non2xx: number };
  search: { rps: number; latency: Latency; errors: number; non2xx: number };
  plans: { listing: PlanCheck; search: PlanCheck };
};

export type ScaleResult = { concurrency: number; durationSec: number; points: ScalePoint[] };

const BATCH = 10_000;

/** Reads how catalog_product is accessed in an EXPLAIN text. */
export function checkPlan(text: string, executionMs: number): PlanCheck {
  const access: string[] = [];
  let seq = false;
  for (const line of text.split('\n')) {
    const m = /(Seq Scan|Parallel Seq Scan|Index Only Scan|Index Scan Backward|Index Scan|Bitmap Index Scan)(?: using| on)? (\S+)(?: on (\S+))?/.exec(line);
    if (!m) continue;
    const kind = m[1]!;
    const name = m[2]!;
    const table = m[3] ?? (kind.includes('Seq Scan') ? name : '');
    if (kind.includes('Seq Scan')) {
      if (name === 'catalog_product') { seq = true; access.push(`${kind} on catalog_product`); }
      continue;
    }
    if (table === 'catalog_product' || name.startsWith('catalog_product_')) access.push(`${kind} ${kind === 'Bitmap Index Scan' ? 'on' : 'using'} ${name}`);
  }
  return { indexBacked: !seq && access.length > 0, productAccess: [...new Set(access)], executionMs, text };
}

async function explain(client: pg.Client, query: { sql: string; params: unknown[] }): Promise<PlanCheck> {
  const res = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${query.sql}`, query.params);
  const text = res.rows.map((r) => r['QUERY PLAN']).join('\n');
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
  return checkPlan(text, ms);
}

/**
 * Grows the catalog of the running server's database to each SKU count in `targets` and measures
 * there. `skusPerProduct` and `sellers` as seeded.
 */
export async function runScale(server: BenchServer, seed: Pick<SeedInfo, 'categoryId' | 'searchTerm' | 'productIds'>,
  o: { targets: number[]; skusPerProduct: number; sellers: number; concurrency: number; durationSec: number; log: (line: string) => void }): Promise<ScaleResult> {
  if (!server.databaseUrl) throw new HarnessError('the scale check needs PostgreSQL (BENCH_DATABASE_URL)');
  const database = await openDatabase({ kind: 'postgres', url: server.databaseUrl, poolSize: 2 });
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  const points: ScalePoint[] = [];
  try {
    const db = database.db;
    for (const target of o.targets) {
      const t0 = performance.now();
      const [c] = await rows<{ skus: number; last: number | null }>(db, sql`select (select count(*)::int from catalog_sku) as skus,
        (select max(substr(id, 10)::int) from catalog_product where id like 'prd_BENCH%') as last`);
      let skus = Number(c!.skus);
      let next = Number(c!.last ?? 0) + 1;
      const want = Math.ceil(Math.max(0, target - skus) / o.skusPerProduct);
      if (want > 0) {
        o.log(`  growing to ${target.toLocaleString('en')} SKUs: ${want.toLocaleString('en')} products × ${o.skusPerProduct} SKUs …`);
        for (let done = 0; done < want; done += BATCH) {
          const count = Math.min(BATCH, want - done);
          await insertBulkProducts(db, { from: next, count, skusPerProduct: o.skusPerProduct, sellers: o.sellers });
          next += count;
          skus += count * o.skusPerProduct;
          if (want > BATCH) o.log(`    ${(done + count).toLocaleString('en')} / ${want.toLocaleString('en')} products (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        }
        await client.query('vacuum analyze');
      }
      const growSec = round((performance.now() - t0) / 1000, 1);
      const [n] = await rows<{ products: number; skus: number }>(db, sql`select (select count(*)::int from catalog_product where live) as products,
        (select count(*)::int from catalog_sku) as skus`);
      o.log(`  ${Number(n!.skus).toLocaleString('en')} SKUs, ${Number(n!.products).toLocaleString('en')} live products${want > 0 ? ` (grown in ${growSec} s)` : ''}: measuring listing and search at c=${o.concurrency} …`);
      const measure = async (s: 'listing' | 'search') => {
        const paths = pathsOf(s, seed);
        await load(server.baseUrl, paths, { concurrency: o.concurrency, durationSec: 2 });
        const r = await load(server.baseUrl, paths, { concurrency: o.concurrency, durationSec: o.durationSec });
        return { rps: round(r.requests.total / Math.max(r.duration, 0.001), 0), latency: latencyOfHistogram(r.latency), errors: r.errors, non2xx: r.non2xx };
      };
      const listing = await measure('listing');
      const search = await measure('search');
      const plans = {
        listing: await explain(client, storeListingQuery(db, { categoryId: seed.categoryId, sort: 'newest', limit: 20 }).toSQL()),
        search: await explain(client, storeListingQuery(db, { q: seed.searchTerm, sort: 'newest', limit: 20 }).toSQL()),
      };
      points.push({ targetSkus: target, skus: Number(n!.skus), products: Number(n!.products), growSec, listing, search, plans });
    }
  } finally {
    await client.end();
    await database.close();
  }
  return { concurrency: o.concurrency, durationSec: o.durationSec, points };
}
