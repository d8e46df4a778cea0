/**
 * Development harness for the trade scenarios (checkout, contention, ceiling) until bench/run.ts's
 * seeding is there to call them: a Shiji server on PostgreSQL with the demo shop, buyers copied from
 * the demo consumer, and a SeedInfo built from the shop through the API.
 *
 *   npx tsx bench/lib/trade-dev.ts checkout   [concurrency=16] [seconds=5] [--webhook] [--no-warmup]
 *   npx tsx bench/lib/trade-dev.ts contention [buyers=200] [units=100]
 *   npx tsx bench/lib/trade-dev.ts ceiling    [concurrency=16] [seconds=5] [--no-warmup] [--unprepared]   (TRADE_DEV_POOL: pool size)
 *   npx tsx bench/lib/trade-dev.ts serve      (start the server and leave it running; prints its PID)
 *
 * Prints the result, then the CPU seconds the server, this database's PostgreSQL backends and this
 * process used during the scenario (with --no-warmup, divide by `completed` for CPU per checkout).
 * Environment: TRADE_DEV_DB (default bench_trade1), TRADE_DEV_PORT (4120), TRADE_DEV_BUYERS (200).
 * A server already answering on the port is reused (its data directory must be /tmp/<db>-data).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { loadKeyring, randomToken } from '../../src/platform/crypto/index.js';
import { newId } from '../../src/platform/db/ids.js';
import type { BenchServer, SeedInfo, SeededSku } from './types.js';
import { expectStatus, httpClient, json, sleep } from './trade-util.js';
import { runCheckout } from './checkout.js';
import { runContention } from './contention.js';
import { runCeiling } from './ceiling.js';

const pglite = process.env.TRADE_DEV_PGLITE === '1';
const dbName = process.env.TRADE_DEV_DB ?? (pglite ? 'bench_trade_pglite' : 'bench_trade1');
const port = Number(process.env.TRADE_DEV_PORT ?? (pglite ? 4121 : 4120));
const databaseUrl = pglite ? null : `postgres://postgres@127.0.0.1:5432/${dbName}`;
const dataDir = `/tmp/${dbName}-data`;
const baseUrl = `http://127.0.0.1:${port}`;
const serverEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NODE_ENV: 'production', SHIJI_RATE_LIMIT_PER_MINUTE: '1000000',
  SHIJI_PUBLIC_URL: baseUrl, SHIJI_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
if (databaseUrl) serverEnv.DATABASE_URL = databaseUrl;
else delete serverEnv.DATABASE_URL;

async function answers(): Promise<boolean> {
  try { return (await fetch(`${baseUrl}/healthz`)).ok; } catch { return false; }
}

/** Creates and seeds the database when missing, starts the server unless one answers already. */
export async function devServer(): Promise<{ server: BenchServer; stop: () => void }> {
  let exists = 1;
  if (databaseUrl) {
    const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin.connect();
    exists = (await admin.query('select 1 from pg_database where datname = $1', [dbName])).rowCount ?? 0;
    await admin.end();
  }
  if (!exists) {
    execFileSync('createdb', ['-h', '127.0.0.1', '-U', 'postgres', dbName]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    execFileSync('npx', ['tsx', 'src/main.ts', 'seed', '--demo'], { env: serverEnv, stdio: 'inherit' });
  }
  let pid = 0;
  let stop = () => {};
  if (!(await answers())) {
    const log = fs.openSync(`/tmp/${dbName}-server.log`, 'a');
    const child = spawn('npx', ['tsx', 'src/main.ts', 'start'], { env: serverEnv, stdio: ['ignore', log, log], detached: true });
    pid = child.pid!;
    stop = () => { try { process.kill(-pid, 'SIGTERM'); } catch { /* gone */ } };
    for (let i = 0; i < 600 && !(await answers()); i++) await sleep(200);
    if (!(await answers())) {
      stop();
      throw new Error(`the server did not answer on ${baseUrl} within 2 minutes (log: /tmp/${dbName}-server.log)`);
    }
  }
  const serverPid = Number(execFileSync('sh', ['-c', `ss -ltnp 'sport = :${port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`]).toString().trim());
  const server: BenchServer = { baseUrl, databaseUrl, pid: serverPid, rssMiB: () => {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${serverPid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } };
  return { server, stop };
}

/** SeedInfo from the demo shop: priced in-stock SKUs of both sellers, a contention SKU, `nBuyers` copied consumers. */
export async function devSeed(server: BenchServer, nBuyers: number): Promise<SeedInfo> {
  const c = httpClient(server.baseUrl, 8);
  const login = async (l: string) => json<{ token: string; account: { id: string } }>(expectStatus('login',
    await c.request('POST', '/api/auth/login', { json: { login: l, password: 'shiji-demo' } }), 200));
  const list = json<{ items: Array<{ id: string; categoryId: string }> }>(await c.request('GET', '/api/store/products?limit=100&inStock=true')).items;
  const skus: SeededSku[] = [];
  for (const p of list) {
    const d = json<{ id: string; seller: { id: string }; skus: Array<{ id: string; price: { retail: { amount: number } } | null; available: number }> }>(
      await c.request('GET', `/api/store/products/${p.id}`));
    for (const s of d.skus) if (s.price && s.available > 0) skus.push({ skuId: s.id, productId: d.id, sellerId: d.seller.id, price: s.price.retail.amount });
  }
  const s1 = await login('seller1@shiji.test');
  const s1Org = json<{ org: { id: string } }>(await c.request('GET', '/api/auth/me', { token: s1.token })).org.id;
  const contentionSku = skus.find((s) => s.sellerId === s1Org)!;
  const checkoutSkus = skus.filter((s) => s !== contentionSku);
  const consumer = await login('consumer@shiji.test');

  const run = Date.now().toString(36);
  if (!server.databaseUrl) {
    // The embedded database belongs to the server process: buyers register and sign in through the API (an argon2 hash each, slow).
    const buyers: SeedInfo['buyers'] = [];
    for (let i = 0; i < nBuyers; i++) {
      const email = `bench-${run}-${i}@shiji.test`;
      const reg = expectStatus('register', await c.request('POST', '/api/auth/register', { json: { email, password: 'Bench-Pass-2026!', displayName: '压测买家' } }), 201);
      const token = json<{ token: string }>(expectStatus('login', await c.request('POST', '/api/auth/login', { json: { login: email, password: 'Bench-Pass-2026!' } }), 200)).token;
      buyers.push({ accountId: json<{ id: string }>(reg).id, token });
    }
    c.close();
    return { categoryId: list[0]!.categoryId, searchTerm: '茶', productIds: list.map((p) => p.id), checkoutSkus, contentionSku, contentionSellerToken: s1.token, buyers };
  }
  c.close();

  // Buyers: copies of the demo consumer with a session each (as copyConsumers in test/helpers/trade.ts).
  const keyring = loadKeyring({ dataDir });
  const pool = new pg.Pool({ connectionString: server.databaseUrl!, max: 2 });
  const [tpl] = (await pool.query<{ password_hash: string }>('select password_hash from identity_account where id = $1', [consumer.account.id])).rows;
  const buyers = Array.from({ length: nBuyers }, (_, i) => {
    const id = newId('acc');
    const email = `bench-${run}-${i}@shiji.test`;
    return { id, token: randomToken(), emailEnc: keyring.encrypt(email, `${id}:email`), emailIdx: keyring.blindIndex(email, 'account.email'),
      nameEnc: keyring.encrypt('压测买家', `${id}:displayName`) };
  });
  const until = new Date(Date.now() + 6 * 3600_000).toISOString();
  const client = await pool.connect();
  try {
    await client.query('begin');
    for (const b of buyers) {
      await client.query(`insert into identity_account (id, kind, entity_type, email_enc, email_idx, display_name_enc, password_hash)
        values ($1, 'consumer', 'individual', $2, $3, $4, $5)`, [b.id, b.emailEnc, b.emailIdx, b.nameEnc, tpl!.password_hash]);
      await client.query(`insert into identity_session (id, token_hash, account_id, idle_expires_at, absolute_expires_at, ip, user_agent)
        values ($1, $2, $3, $4, $4, '127.0.0.1', 'bench trade-dev')`, [newId('ses'), keyring.hashToken(b.token), b.id, until]);
    }
    await client.query('commit');
  } finally {
    client.release();
    await pool.end();
  }
  const categoryId = list[0]!.categoryId;
  return { categoryId, searchTerm: '茶', productIds: list.map((p) => p.id), checkoutSkus, contentionSku, contentionSellerToken: s1.token,
    buyers: buyers.map((b) => ({ accountId: b.id, token: b.token })) };
}

/** CPU seconds used so far by a process (utime + stime from /proc; 0 when it is gone). */
function cpuOf(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch { return 0; }
}

/**
 * CPU used by the server, this database's PostgreSQL backends and this process between two calls:
 * where the time goes, independent of other load on the box. Backends are sampled every 200 ms
 * (pools open and close connections during a run); a backend first seen after the start counts from 0.
 */
async function cpuMeter(server: BenchServer) {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async (initial: boolean) => {
    const pids = (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [dbName])).rows.map((r) => r.pid);
    for (const p of pids) {
      const t = cpuOf(p);
      if (t === 0) continue;
      if (!first.has(p)) first.set(p, initial ? t : 0);
      last.set(p, t);
    }
  };
  if (server.databaseUrl) await sample(true);
  const timer = server.databaseUrl ? setInterval(() => { void sample(false).catch(() => {}); }, 200) : null;
  const srv0 = cpuOf(server.pid);
  const self0 = process.cpuUsage();
  return async () => {
    if (timer) clearInterval(timer);
    if (server.databaseUrl) await sample(false);
    await admin.end();
    let pgCpu = 0;
    for (const [p, t] of last) pgCpu += t - (first.get(p) ?? 0);
    const self = process.cpuUsage(self0);
    return { serverCpuSec: Math.round((cpuOf(server.pid) - srv0) * 100) / 100, postgresCpuSec: Math.round(pgCpu * 100) / 100,
      driverCpuSec: Math.round((self.user + self.system) / 1e4) / 100 };
  };
}

async function main() {
  const [what = 'checkout', a, b] = process.argv.slice(2).filter((x) => !x.startsWith('--'));
  const { server, stop } = await devServer();
  if (what === 'serve') {
    console.log(`server ${server.baseUrl} pid ${server.pid}; stop this process to stop it`);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { stop(); process.exit(0); });
    await new Promise(() => {});
  }
  try {
    const seed = await devSeed(server, Number(process.env.TRADE_DEV_BUYERS ?? 200));
    console.log(`seed: ${seed.checkoutSkus.length} checkout SKUs, ${seed.buyers.length} buyers; server rss ${server.rssMiB().toFixed(0)} MiB`);
    let result: unknown;
    const warmup = !process.argv.includes('--no-warmup');
    const meter = await cpuMeter(server);
    if (what === 'checkout') {
      result = await runCheckout(server, seed, { concurrency: Number(a ?? 16), durationSec: Number(b ?? 5), sync: !process.argv.includes('--webhook'), warmup });
    } else if (what === 'contention') {
      result = await runContention(server, seed, { buyers: Number(a ?? 200), units: Number(b ?? 100) });
    } else if (what === 'ceiling') {
      result = await runCeiling(server, seed, { concurrency: Number(a ?? 16), durationSec: Number(b ?? 5), warmup,
        prepared: !process.argv.includes('--unprepared'), ...(process.env.TRADE_DEV_POOL ? { poolSize: Number(process.env.TRADE_DEV_POOL) } : {}) });
    } else {
      throw new Error(`unknown scenario ${what}`);
    }
    const cpu = await meter();
    const n = (result as { orders?: number; transactions?: number; completedAfterWindow?: number }).transactions
      ?? ((result as { orders?: number }).orders ?? 0) + ((result as { completedAfterWindow?: number }).completedAfterWindow ?? 0);
    console.log(JSON.stringify(result, null, 2));
    // Per completed checkout (the warm-up's checkouts are in the CPU totals too: these are upper estimates).
    console.log(JSON.stringify({ cpu, completed: n, load: fs.readFileSync('/proc/loadavg', 'utf8').trim() }));
  } finally {
    stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
