/**
 * The benchmark report: the summary of what ran, pass/miss lines against the issue's targets, one
 * readable table, and the results file bench/results/<timestamp>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CeilingResult, CheckoutResult, ContentionResult, HttpResult, Latency } from './types.js';
import type { ScaleResult } from './scale.js';
import { round } from './stats.js';

export type Target = {
  id: string;
  /** What is measured and the target, in words. */
  what: string;
  value: number | null;
  unit: string;
  /** true pass, false miss, null not measured in this run. */
  pass: boolean | null;
  note?: string;
};

export type Summary = {
  meta: {
    at: string; database: string; cores: number; node: string;
    /** 1-minute load average of the machine when the run started and when it ended (other work on the box distorts the numbers). */
    loadAvg: { start: number; end: number };
    catalog: { products: number; skus: number; sellers: number; buyers: number; seedSec: number };
    options: Record<string, unknown>;
    notes: string[];
  };
  start?: { firstMs: number; secondMs: number };
  listing?: HttpResult[];
  search?: HttpResult[];
  product?: HttpResult[];
  checkout?: CheckoutResult & { percentOfCeiling: number | null };
  contention?: ContentionResult;
  ceiling?: CeilingResult | { skipped: string };
  rss?: { idleMiB: number; peakMiB: number; samples: number };
  scale?: {
    concurrency: number; durationSec: number;
    points: Array<{ skus: number; products: number; growSec: number; listingP99: number; searchP99: number; listingRps: number; searchRps: number;
      listingPlan: { indexBacked: boolean; access: string[]; ms: number }; searchPlan: { indexBacked: boolean; access: string[]; ms: number } }>;
  };
  errors?: Record<string, string>;
  targets: Target[];
};

// ------------------------------------------------------------------ targets (issue 6)

const at = (rs: HttpResult[] | undefined, c: number) => rs?.find((r) => r.concurrency === c);

export function evaluateTargets(s: Summary): Target[] {
  const t: Target[] = [];
  const add = (id: string, what: string, value: number | null | undefined, unit: string, ok: (v: number) => boolean, note?: string) => {
    const v = value === undefined || value === null || Number.isNaN(value) ? null : value;
    t.push({ id, what, value: v, unit, pass: v === null ? null : ok(v), ...(note ? { note } : {}) });
  };
  for (const name of ['listing', 'search'] as const) {
    const label = name === 'listing' ? 'category page' : 'search';
    add(`${name}.c16.rps`, `${label} ≥ 1,500 req/s at c=16`, at(s[name], 16)?.rps, 'req/s', (v) => v >= 1500);
    add(`${name}.c64.rps`, `${label} ≥ 1,500 req/s at c=64`, at(s[name], 64)?.rps, 'req/s', (v) => v >= 1500);
    add(`${name}.c16.p99`, `${label} p99 ≤ 50 ms at c=16`, at(s[name], 16)?.latency.p99, 'ms', (v) => v <= 50);
  }
  for (const c of [16, 64]) add(`product.c${c}.rps`, `product page ≥ 2,500 req/s at c=${c}`, at(s.product, c)?.rps, 'req/s', (v) => v >= 2500);
  const co = s.checkout;
  add('checkout.ordersPerSec', `checkout ≥ 150 orders/s at c=${co?.concurrency ?? 64}`, co?.ordersPerSec, 'orders/s', (v) => v >= 150,
    co && co.concurrency !== 64 ? 'the target is at c=64' : undefined);
  add('checkout.p99', 'checkout p99 ≤ 1 s', co?.latency.p99, 'ms', (v) => v <= 1000);
  add('checkout.ceilingPct', 'checkout ≥ 50 % of the raw-SQL ceiling', co?.percentOfCeiling, '%', (v) => v >= 50,
    s.ceiling && 'skipped' in s.ceiling ? s.ceiling.skipped : undefined);
  add('contention.oversell', 'contention: 0 oversell', s.contention?.oversell, 'units', (v) => v === 0);
  add('contention.otherErrors', 'contention: 0 errors other than out-of-stock', s.contention?.otherErrors, 'errors', (v) => v === 0);
  add('rss.peak', 'server RSS ≤ 200 MiB under load', s.rss?.peakMiB, 'MiB', (v) => v <= 200);
  add('start.first', 'npm start to first request ≤ 10 s (embedded, new data dir)', s.start ? round(s.start.firstMs / 1000, 2) : undefined, 's', (v) => v <= 10);
  add('start.second', 'npm start to first request ≤ 10 s (embedded, existing data dir)', s.start ? round(s.start.secondMs / 1000, 2) : undefined, 's', (v) => v <= 10);
  for (const p of s.scale?.points ?? []) {
    const k = p.skus >= 1_000_000 ? `${round(p.skus / 1_000_000, 1)}M` : `${Math.round(p.skus / 1000)}k`;
    // On a small table a sequential scan is PostgreSQL's cheaper choice; say so next to the miss.
    const small = p.products < 20_000 ? `${p.products.toLocaleString('en')} products: the planner may prefer reading the small table whole` : undefined;
    add(`scale.${k}.listingIndexed`, `scale ${k} SKUs: listing plan index-backed`, p.listingPlan.indexBacked ? 1 : 0, '', (v) => v === 1,
      p.listingPlan.indexBacked ? undefined : small);
    add(`scale.${k}.searchIndexed`, `scale ${k} SKUs: search plan index-backed`, p.searchPlan.indexBacked ? 1 : 0, '', (v) => v === 1,
      p.searchPlan.indexBacked ? undefined : small);
  }
  return t;
}

// ------------------------------------------------------------------ the table

const num = (x: number, digits = 0) => x.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const padR = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lat = (l: Latency) => [l.p50, l.p90, l.p99, l.max].map((x) => pad(num(x, x >= 1000 ? 0 : 1), 9)).join('');

export function renderTable(s: Summary): string {
  const out: string[] = [];
  const m = s.meta;
  out.push('', `Shiji benchmark  ${m.at}  ${m.database}`);
  if (m.catalog.products) out.push(`catalog: ${num(m.catalog.products)} live products, ${num(m.catalog.skus)} SKUs, ${m.catalog.sellers} sellers, ${m.catalog.buyers} buyers (seeded in ${m.catalog.seedSec} s)`);
  out.push(`NOTE: the load generator (this process), the server and PostgreSQL share the same ${m.cores} CPU cores; numbers are for the whole box.`);
  if (Math.max(m.loadAvg.start, m.loadAvg.end) > m.cores * 0.5) {
    out.push(`NOTE: the machine was busy (1-minute load average ${m.loadAvg.start} at the start, ${m.loadAvg.end} at the end, ${m.cores} cores): other work distorts these numbers.`);
  }
  for (const n of m.notes) out.push(`NOTE: ${n}`);
  const http = [...(s.listing ?? []), ...(s.search ?? []), ...(s.product ?? [])];
  if (http.length) {
    out.push('', `${padR('storefront (autocannon)', 24)}${pad('c', 4)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('errors', 8)}${pad('non-2xx', 9)}`);
    const names = { listing: 'category page', search: 'search (Chinese)', product: 'product page' };
    for (const r of http) {
      out.push(`${padR(names[r.scenario], 24)}${pad(String(r.concurrency), 4)}${pad(num(r.rps), 9)}${lat(r.latency)}${pad(String(r.errors), 8)}${pad(String(r.non2xx), 9)}`);
    }
  }
  if (s.checkout) {
    const c = s.checkout;
    out.push('', `checkout (c=${c.concurrency}, ${c.durationSec} s): ${num(c.ordersPerSec, 1)} orders/s, ${num(c.orders)} orders, errors ${c.errors}`
      + `${Object.keys(c.errorKinds).length ? ` ${JSON.stringify(c.errorKinds)}` : ''}${c.percentOfCeiling !== null ? `, ${num(c.percentOfCeiling, 1)} % of the ceiling` : ''}`);
    out.push(`${padR('  step', 24)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}`);
    out.push(`${padR('  whole checkout', 24)}${lat(c.latency)}`);
    for (const [k, l] of Object.entries(c.steps)) out.push(`${padR(`  ${k}`, 24)}${lat(l)}`);
  }
  if (s.ceiling) {
    out.push('', 'skipped' in s.ceiling ? `ceiling: skipped (${s.ceiling.skipped})`
      : `ceiling (bare SQL over a pg pool, c=${s.ceiling.concurrency}, ${s.ceiling.durationSec} s): ${num(s.ceiling.perSec, 1)} transactions/s, p50 ${s.ceiling.latency.p50} ms, p99 ${s.ceiling.latency.p99} ms`);
  }
  if (s.contention) {
    const c = s.contention;
    out.push('', `contention (${c.buyers} buyers, ${c.units} units): ${c.orders} orders, ${c.outOfStock} out of stock, ${c.otherErrors} other errors`
      + `${Object.keys(c.errorKinds).length ? ` ${JSON.stringify(c.errorKinds)}` : ''}; stock after: on hand ${c.stockAfter.onHand}, reserved ${c.stockAfter.reserved}, available ${c.stockAfter.available}; oversell ${c.oversell}`);
  }
  if (s.rss) out.push('', `server RSS: idle ${num(s.rss.idleMiB, 1)} MiB (after seeding and warm-up), peak ${num(s.rss.peakMiB, 1)} MiB under load (${s.rss.samples} samples, every 250 ms)`);
  if (s.start) out.push('', `npm start → first 200 from /healthz (embedded database): ${num(s.start.firstMs / 1000, 2)} s with a new data dir (creates the demo data), ${num(s.start.secondMs / 1000, 2)} s with the data dir already there`);
  if (s.scale) {
    out.push('', `scale (c=${s.scale.concurrency}, ${s.scale.durationSec} s each)`, `${padR('  SKUs', 14)}${pad('products', 10)}${pad('listing p99', 13)}${pad('req/s', 8)}${pad('search p99', 12)}${pad('req/s', 8)}  plans`);
    for (const p of s.scale.points) {
      out.push(`${padR(`  ${num(p.skus)}`, 14)}${pad(num(p.products), 10)}${pad(`${num(p.listingP99, 1)} ms`, 13)}${pad(num(p.listingRps), 8)}${pad(`${num(p.searchP99, 1)} ms`, 12)}${pad(num(p.searchRps), 8)}`
        + `  listing: ${p.listingPlan.indexBacked ? 'index' : 'NOT INDEX-BACKED'} (${p.listingPlan.access.join(', ')}; ${p.listingPlan.ms} ms), search: ${p.searchPlan.indexBacked ? 'index' : 'NOT INDEX-BACKED'} (${p.searchPlan.access.join(', ')}; ${p.searchPlan.ms} ms)`);
    }
  }
  if (s.errors && Object.keys(s.errors).length) {
    out.push('');
    for (const [k, v] of Object.entries(s.errors)) out.push(`ERROR in ${k}: ${v}`);
  }
  const measured = s.targets.filter((t) => t.pass !== null);
  out.push('', `targets (issue 6)${measured.length < s.targets.length ? `: ${s.targets.length - measured.length} not measured in this run` : ''}`);
  for (const t of measured) {
    const v = t.value === null ? 'not run' : t.unit ? `${num(t.value, Number.isInteger(t.value) ? 0 : 1)} ${t.unit}` : t.value === 1 ? 'yes' : 'no';
    out.push(`  ${t.pass === null ? '----' : t.pass ? 'PASS' : 'MISS'}  ${padR(t.what, 62)} ${v}${t.note ? `  (${t.note})` : ''}`);
  }
  return out.join('\n');
}

// ------------------------------------------------------------------ the results file

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

/** Writes bench/results/<ISO timestamp, colons as dashes>.json: the summary plus details (query plans). */
export function writeResults(s: Summary, details: Record<string, unknown>): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${s.meta.at.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...s, details }, null, 2)}\n`);
  return file;
}

/** The scale result as the summary carries it (plans reduced to their verdict; the text goes to details). */
export function scaleSummary(r: ScaleResult): NonNullable<Summary['scale']> {
  return {
    concurrency: r.concurrency, durationSec: r.durationSec,
    points: r.points.map((p) => ({
      skus: p.skus, products: p.products, growSec: p.growSec, listingP99: p.listing.latency.p99, searchP99: p.search.latency.p99,
      listingRps: p.listing.rps, searchRps: p.search.rps,
      listingPlan: { indexBacked: p.plans.listing.indexBacked, access: p.plans.listing.productAccess, ms: p.plans.listing.executionMs },
      searchPlan: { indexBacked: p.plans.search.indexBacked, access: p.plans.search.productAccess, ms: p.plans.search.executionMs },
    })),
  };
}
