/**
 * `npm run bench`: Shiji started in production mode against BENCH_DATABASE_URL (or the embedded
 * database), a seeded catalog and buyers, then the scenarios of issue 6 (storefront reads with
 * autocannon, full checkouts over HTTP, contention, the raw-SQL ceiling, memory, start time, scale),
 * one table with pass/miss lines against the targets, bench/results/<timestamp>.json, and the JSON
 * summary as the last line. Run `npm run bench -- --help`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchServer, SeedInfo } from './lib/types.js';
import { freshDatabase, HarnessError, startServer, tail, timeNpmStart, type BenchDatabase, type RunningServer } from './lib/server.js';
import { DEFAULT_SEED, finishSeed, newMasterKey, seedDatabase } from './lib/seed.js';
import { runHttp, warmUp } from './lib/http.js';
import { runScale } from './lib/scale.js';
import { evaluateTargets, renderTable, scaleSummary, writeResults, type Summary } from './lib/report.js';
import { PeakSampler, round } from './lib/stats.js';
import { runCheckout } from './lib/checkout.js';
import { runContention } from './lib/contention.js';
import { runCeiling } from './lib/ceiling.js';

const SCENARIOS = ['listing', 'search', 'product', 'checkout', 'ceiling', 'contention', 'scale', 'start'] as const;
type Scenario = (typeof SCENARIOS)[number];

const HELP = `Usage: npm run bench -- [options]

Starts Shiji in production mode as a child process, seeds a catalog and buyers, warms up and runs the
benchmark scenarios; prints one table with pass/miss lines against the targets, writes
bench/results/<timestamp>.json and prints the JSON summary as the last line.

Database:
  BENCH_DATABASE_URL=postgres://user@host:5432/<name>
      PostgreSQL to run on. THE HARNESS DROPS AND RECREATES THE DATABASE <name> on every run (and drops
      it at the end unless --keep). It refuses the database "test" (the test suite's) and a database that
      already holds Shiji accounts unless --reuse.
  Without BENCH_DATABASE_URL the embedded database (PGlite) is used, with a warning: no ceiling and no
  scale check there.

Scenarios (--scenario, repeatable or comma-separated; default: all but scale):
  listing     category page   GET /api/store/products?categoryId=…&limit=20   (c=16 and c=64)
  search      Chinese keyword GET /api/store/products?q=蓝牙耳机&limit=20     (c=16 and c=64)
  product     product pages   GET /api/store/products/:id over many products (c=16 and c=64)
  checkout    full checkouts over HTTP (cart → preview → confirm → sandbox payment → paid), plus the ceiling
  ceiling     the checkout's database work as a bare SQL loop over a pg pool (PostgreSQL only)
  contention  200 buyers for 100 units of one SKU: orders, stock after, oversell
  start       time from \`npm start\` (embedded database, new data dir, then existing) to the first 200 from /healthz
  scale       catalog grown to 10k and ~1M SKUs (PostgreSQL only; minutes): listing/search p99 and query plans

Options:
  --scenario S          run only these scenarios (see above)
  --all                 every scenario, scale included
  --duration N          seconds per measured load run (default 20)
  --checkout-concurrency N   concurrent buyers of the checkout and the ceiling (default 64)
  --products N          bulk products (default ${DEFAULT_SEED.products}; the ~250 demo products come on top)
  --skus-per-product N  SKUs per bulk product (default ${DEFAULT_SEED.skusPerProduct})
  --sellers N           sellers (default ${DEFAULT_SEED.sellers}: the two demo sellers and ${DEFAULT_SEED.sellers - 2} more)
  --buyers N            signed-in consumer accounts (default ${DEFAULT_SEED.buyers})
  --scale-skus LIST     SKU counts of the scale check (default 10000,1000000)
  --scale-duration N    seconds per scale measurement (default 10)
  --store-cache-ms N    the server's SHIJI_STORE_CACHE_MS (default: the server's default, 1000; 0 measures
                        every storefront request against the database)
  --port N              the server's port (default 4100; \`npm start\` timing uses N+1)
  --keep                keep the database and the temporary data directory
  --reuse               allow dropping a BENCH_DATABASE_URL database that holds Shiji accounts
  --help                this text

Exit code: 0 when the benchmark ran (missed targets are reported, not failures), 1 on harness errors.`;

function int(v: string | undefined, name: string, def: number, min = 1): number {
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new HarnessError(`--${name} must be a whole number ≥ ${min} (got "${v}")`);
  return Number(v);
}

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv, strict: true, allowPositionals: false,
    options: {
      scenario: { type: 'string', multiple: true }, all: { type: 'boolean' }, duration: { type: 'string' }, 'checkout-concurrency': { type: 'string' },
      products: { type: 'string' }, 'skus-per-product': { type: 'string' }, sellers: { type: 'string' }, buyers: { type: 'string' },
      'scale-skus': { type: 'string' }, 'scale-duration': { type: 'string' }, 'store-cache-ms': { type: 'string' }, port: { type: 'string' }, keep: { type: 'boolean' }, reuse: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const picked = (values.scenario ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const s of picked) if (!(SCENARIOS as readonly string[]).includes(s)) throw new HarnessError(`unknown scenario "${s}" (one of ${SCENARIOS.join(', ')})`);
  const scenarios = new Set<Scenario>(picked.length ? picked as Scenario[] : SCENARIOS.filter((s) => s !== 'scale' || values.all));
  if (values.all) for (const s of SCENARIOS) scenarios.add(s);
  if (scenarios.has('checkout')) scenarios.add('ceiling');
  const sellers = int(values.sellers, 'sellers', DEFAULT_SEED.sellers, 2);
  return {
    help: Boolean(values.help), scenarios,
    duration: int(values.duration, 'duration', 20),
    checkoutConcurrency: int(values['checkout-concurrency'], 'checkout-concurrency', 64),
    seed: {
      products: int(values.products, 'products', DEFAULT_SEED.products, sellers),
      skusPerProduct: int(values['skus-per-product'], 'skus-per-product', DEFAULT_SEED.skusPerProduct),
      sellers,
      buyers: int(values.buyers, 'buyers', DEFAULT_SEED.buyers, 0),
    },
    scaleSkus: (values['scale-skus'] ?? '10000,1000000').split(',').map((x) => int(x.trim(), 'scale-skus', 0)),
    scaleDuration: int(values['scale-duration'], 'scale-duration', 10),
    port: int(values.port, 'port', 4100),
    storeCacheMs: values['store-cache-ms'] === undefined ? null : int(values['store-cache-ms'], 'store-cache-ms', 0, 0),
    keep: Boolean(values.keep), reuse: Boolean(values.reuse),
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const url = process.env.BENCH_DATABASE_URL || null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-bench-'));
  let summary: Summary = {
    meta: {
      at: new Date().toISOString(), database: url ? `PostgreSQL ${new URL(url).host}${new URL(url).pathname}` : 'embedded PGlite (no BENCH_DATABASE_URL)',
      cores: os.availableParallelism(), node: process.version, loadAvg: { start: round(os.loadavg()[0]!, 2), end: 0 },
      catalog: { products: 0, skus: 0, sellers: 0, buyers: 0, seedSec: 0 },
      options: { scenarios: [...o.scenarios], durationSec: o.duration, checkoutConcurrency: o.checkoutConcurrency, storeCacheMs: o.storeCacheMs ?? 'default', ...o.seed },
      notes: [],
    },
    targets: [],
  };
  const errors: Record<string, string> = {};
  const details: Record<string, unknown> = {};
  const has = (s: Scenario) => o.scenarios.has(s);
  const scenarioError = (name: string, err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    errors[name] = msg;
    log(`ERROR in ${name}: ${msg}`);
  };
  let database: BenchDatabase | null = null;
  let server: RunningServer | null = null;
  let harnessFailed = false;

  if (!url) {
    const w = 'WARNING: BENCH_DATABASE_URL is not set: running on the embedded database (PGlite), which is single-process; no ceiling and no scale check. '
      + 'Set BENCH_DATABASE_URL=postgres://… (the harness drops and recreates that database) for the real numbers.';
    log(w);
    summary.meta.notes.push('embedded database (no BENCH_DATABASE_URL): ceiling and scale skipped');
  }
  const needServer = ['listing', 'search', 'product', 'checkout', 'ceiling', 'contention', 'scale'].some((s) => has(s as Scenario));
  try {
    // First, so a refused database stops the run before anything is measured.
    if (needServer && url) {
      log(`database: recreating ${summary.meta.database} …`);
      database = await freshDatabase(url, { reuse: o.reuse });
    }
    if (has('start')) {
      log('start: npm start on the embedded database, new data dir …');
      const dataDir = path.join(tmp, 'npm-start-data');
      const logFile = path.join(tmp, 'npm-start.log');
      try {
        const firstMs = await timeNpmStart({ port: o.port + 1, dataDir, logFile });
        log(`  first request after ${(firstMs / 1000).toFixed(2)} s; again with the data dir in place …`);
        const secondMs = await timeNpmStart({ port: o.port + 1, dataDir, logFile });
        log(`  first request after ${(secondMs / 1000).toFixed(2)} s`);
        summary.start = { firstMs: Math.round(firstMs), secondMs: Math.round(secondMs) };
      } catch (err) {
        scenarioError('start', err);
      }
    }
    if (needServer) {
      const masterKey = newMasterKey();
      const dataDir = path.join(tmp, 'data');
      log(`seeding ${o.seed.products.toLocaleString('en')} products × ${o.seed.skusPerProduct} SKUs, ${o.seed.sellers} sellers, ${o.seed.buyers} buyers …`);
      const plan = await seedDatabase({ databaseUrl: url, dataDir, masterKey, ...o.seed }, log);
      summary.meta.catalog = { products: plan.counts.products, skus: plan.counts.skus, sellers: plan.counts.sellers, buyers: plan.counts.buyers, seedSec: plan.counts.seconds };
      log(`  seeded in ${plan.counts.seconds} s: ${plan.counts.products} live products, ${plan.counts.skus} SKUs; starting the server …`);
      server = await startServer({ port: o.port, databaseUrl: url, dataDir, masterKey,
        ...(o.storeCacheMs === null ? {} : { env: { SHIJI_STORE_CACHE_MS: String(o.storeCacheMs) } }) });
      log(`  server pid ${server.pid} at ${server.baseUrl} (log: ${server.logFile})`);
      const seed = await finishSeed(server, plan);
      log('warming up (3 s of each request kind) …');
      await warmUp(server, seed);
      const sampler = new PeakSampler(() => server!.rssMiB(), 250);
      const idleMiB = server.rssMiB();
      await sampler.during(() => runScenarios(server!, seed, o, summary, details, scenarioError, url !== null));
      summary.rss = { idleMiB, peakMiB: sampler.peak, samples: sampler.samples };
      const c = summary.checkout;
      if (c && summary.ceiling && !('skipped' in summary.ceiling) && summary.ceiling.perSec > 0) c.percentOfCeiling = round((c.ordersPerSec / summary.ceiling.perSec) * 100, 1);
    }
  } catch (err) {
    harnessFailed = true;
    scenarioError('harness', err);
    if (server) log(`--- last lines of the server log ---\n${tail(server.logFile, 20)}`);
  } finally {
    if (server) {
      log('stopping the server …');
      await server.stop().catch((err: unknown) => scenarioError('stop', err));
    }
    if (database && !o.keep) await database.drop().catch((err: unknown) => scenarioError('drop database', err));
    if (o.keep) log(`kept: ${database ? `database ${database.name}, ` : ''}data in ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  summary.meta.loadAvg.end = round(os.loadavg()[0]!, 2);
  if (Object.keys(errors).length) summary.errors = errors;
  summary.targets = evaluateTargets(summary);
  // The targets last, after what ran (as the summary line is read).
  const { meta, targets, ...ran } = summary;
  summary = { meta, ...ran, targets };
  process.stdout.write(`${renderTable(summary)}\n\n`);
  if (summary.targets.some((t) => t.pass !== null) || summary.scale) {
    try {
      process.stdout.write(`results: ${path.relative(process.cwd(), writeResults(summary, details))}\n`);
    } catch (err) {
      scenarioError('results file', err);
    }
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return harnessFailed || Object.keys(errors).length ? 1 : 0;
}

async function runScenarios(server: BenchServer, seed: SeedInfo, o: ReturnType<typeof options>, summary: Summary, details: Record<string, unknown>,
  scenarioError: (name: string, err: unknown) => void, onPostgres: boolean): Promise<void> {
  for (const s of ['listing', 'search', 'product'] as const) {
    if (!o.scenarios.has(s)) continue;
    try {
      const results = [];
      for (const c of [16, 64]) {
        log(`${s}: c=${c}, ${o.duration} s …`);
        const r = await runHttp(server, s, seed, { concurrency: c, durationSec: o.duration });
        log(`  ${r.rps} req/s, p99 ${r.latency.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`);
        results.push(r);
      }
      summary[s] = results;
    } catch (err) {
      scenarioError(s, err);
    }
  }
  if (o.scenarios.has('checkout')) {
    try {
      log(`checkout: c=${o.checkoutConcurrency}, ${o.duration} s …`);
      const r = await runCheckout(server, seed, { concurrency: o.checkoutConcurrency, durationSec: o.duration });
      log(`  ${r.ordersPerSec} orders/s, p99 ${r.latency.p99} ms, errors ${r.errors}`);
      summary.checkout = { ...r, percentOfCeiling: null };
    } catch (err) {
      scenarioError('checkout', err);
    }
  }
  if (o.scenarios.has('ceiling')) {
    if (!onPostgres) {
      summary.ceiling = { skipped: 'embedded database: the ceiling needs PostgreSQL (BENCH_DATABASE_URL)' };
    } else {
      try {
        log(`ceiling: c=${o.checkoutConcurrency}, ${o.duration} s …`);
        const r = await runCeiling(server, seed, { concurrency: o.checkoutConcurrency, durationSec: o.duration });
        log(`  ${r.perSec} transactions/s`);
        summary.ceiling = r;
      } catch (err) {
        scenarioError('ceiling', err);
      }
    }
  }
  if (o.scenarios.has('contention')) {
    try {
      log('contention: 200 buyers, 100 units …');
      const r = await runContention(server, seed, { buyers: 200, units: 100 });
      log(`  ${r.orders} orders, ${r.outOfStock} out of stock, oversell ${r.oversell}`);
      summary.contention = r;
    } catch (err) {
      scenarioError('contention', err);
    }
  }
  if (o.scenarios.has('scale')) {
    if (!onPostgres) {
      summary.meta.notes.push('scale skipped: it needs PostgreSQL (BENCH_DATABASE_URL)');
    } else {
      try {
        log(`scale: ${o.scaleSkus.map((n) => n.toLocaleString('en')).join(' and ')} SKUs …`);
        const r = await runScale(server, seed, { targets: o.scaleSkus, skusPerProduct: o.seed.skusPerProduct, sellers: o.seed.sellers, concurrency: 16,
          durationSec: o.scaleDuration, log });
        summary.scale = scaleSummary(r);
        details.scalePlans = r.points.map((p) => ({ skus: p.skus, listing: p.plans.listing.text, search: p.plans.search.text }));
        for (const p of r.points) {
          log(`\n-- EXPLAIN (ANALYZE, BUFFERS) at ${p.skus.toLocaleString('en')} SKUs: category page\n${p.plans.listing.text}`);
          log(`\n-- EXPLAIN (ANALYZE, BUFFERS) at ${p.skus.toLocaleString('en')} SKUs: search ${seed.searchTerm}\n${p.plans.search.text}`);
        }
      } catch (err) {
        scenarioError('scale', err);
      }
    }
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${err instanceof HarnessError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
