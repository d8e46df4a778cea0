/**
 * Benchmarks (speed and memory targets live here, never in tests). Until the load-test issue lands
 * this measures the request pipeline in-process: session resolution + permission check + handler.
 * Run: npm run bench   (BENCH_DATABASE_URL=postgres://… to measure on PostgreSQL)
 */
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { prepareData } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { createKeyring } from '../src/platform/crypto/index.js';
import { openDatabase } from '../src/platform/db/client.js';
import { migrate } from '../src/platform/db/migrate.js';

const url = process.env.BENCH_DATABASE_URL;
const database = url ? await openDatabase({ kind: 'postgres', url }) : await openDatabase({ kind: 'pglite' });
await migrate(database.db);
const config = loadConfig({ LOG_LEVEL: 'silent', SHIJI_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-bench-')) }, { rateLimitPerMinute: 10_000_000 });
const platform = Object.freeze({ config, database, db: database.db, keyring: createKeyring({ active: Buffer.alloc(32, 1), indexRoot: Buffer.alloc(32, 2) }) });
await prepareData(platform, { forceDemo: true });
const app = await buildApp(platform, { logger: false });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'admin@shiji.test', password: 'shiji-demo' } });
const token = (login.json() as { token: string }).token;

async function measure(name: string, n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(50, n); i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const ms = performance.now() - t0;
  console.log(`${name.padEnd(40)} ${(n / (ms / 1000)).toFixed(0).padStart(8)} req/s  ${(ms / n).toFixed(2)} ms/req`);
}

console.log(`database: ${database.kind}`);
await measure('GET /healthz', 2000, () => app.inject({ method: 'GET', url: '/healthz' }));
await measure('GET /api/auth/me (session + permissions)', 1000, () => app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } }));
await measure('GET /api/admin/organisations', 500, () => app.inject({ method: 'GET', url: '/api/admin/organisations', headers: { authorization: `Bearer ${token}` } }));
console.log(`rss: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
await app.close();
await database.close();
