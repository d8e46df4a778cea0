/**
 * Storefront read load with autocannon (programmatic API, in this process: the load generator shares
 * the machine's cores with the server and PostgreSQL, which the report says).
 */
import autocannon from 'autocannon';
import type { BenchServer, HttpResult, SeedInfo } from './types.js';
import { latencyOfHistogram, round } from './stats.js';

export type HttpScenario = HttpResult['scenario'];

/** The request paths of a scenario: one fixed path, or a rotation (product pages over many products). */
export function pathsOf(scenario: HttpScenario, seed: Pick<SeedInfo, 'categoryId' | 'searchTerm' | 'productIds'>): string[] {
  switch (scenario) {
    case 'listing': return [`/api/store/products?categoryId=${encodeURIComponent(seed.categoryId)}&limit=20`];
    case 'search': return [`/api/store/products?q=${encodeURIComponent(seed.searchTerm)}&limit=20`];
    case 'product': return seed.productIds.map((id) => `/api/store/products/${encodeURIComponent(id)}`);
  }
}

/** Runs autocannon against `paths` (rotating over them, one request after another per connection). */
export async function load(baseUrl: string, paths: string[], o: { concurrency: number; durationSec: number }): Promise<autocannon.Result> {
  let next = 0;
  const opts: autocannon.Options = {
    url: `${baseUrl}${paths[0]}`,
    connections: o.concurrency,
    duration: o.durationSec,
    timeout: 30,
    ...(paths.length > 1 ? {
      requests: [{ method: 'GET', setupRequest: (req: autocannon.Request) => ({ ...req, path: paths[next++ % paths.length]! }) }],
    } : {}),
  };
  return await autocannon(opts);
}

/** One measured run of a storefront scenario. */
export async function runHttp(server: BenchServer, scenario: HttpScenario, seed: Pick<SeedInfo, 'categoryId' | 'searchTerm' | 'productIds'>,
  o: { concurrency: number; durationSec: number }): Promise<HttpResult> {
  const r = await load(server.baseUrl, pathsOf(scenario, seed), o);
  return {
    scenario, concurrency: o.concurrency, durationSec: o.durationSec,
    requests: r.requests.total,
    rps: round(r.requests.total / Math.max(r.duration, 0.001), 0),
    latency: latencyOfHistogram(r.latency),
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/** A few seconds of each request kind, not measured: JIT, connection pools, PostgreSQL's caches. */
export async function warmUp(server: BenchServer, seed: Pick<SeedInfo, 'categoryId' | 'searchTerm' | 'productIds'>, seconds = 3): Promise<void> {
  for (const s of ['listing', 'search', 'product'] as const) await load(server.baseUrl, pathsOf(s, seed), { concurrency: 16, durationSec: seconds });
}
