/**
 * The server under test: a fresh PostgreSQL database per run, Shiji started as a child process in
 * production mode (one Node process, so its PID is the server's and /proc/<pid>/status gives its
 * RSS), and the "start" measurement (`npm start` on the embedded database until /healthz answers).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { BenchServer } from './types.js';

/** The repository root (bench/lib → ../..). */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A failure of the harness itself (bad setup, server did not start, seeding did not verify): exit non-zero. */
export class HarnessError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS of a process in MiB from /proc/<pid>/status (VmRSS); throws when the process is gone. */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Math.round((Number(m[1]) / 1024) * 10) / 10;
}

// ------------------------------------------------------------------ the database of a run

export type BenchDatabase = { url: string; name: string; created: boolean; drop(): Promise<void> };

/** Database names the harness never drops, whatever the options. */
const PROTECTED = new Set(['test', 'postgres', 'template0', 'template1']);

/**
 * Makes the database named in BENCH_DATABASE_URL empty and fresh: drops it (with its connections) and
 * creates it again. Refuses the `test` database (the test suite's) and the server's own databases, and
 * a database that holds Shiji accounts unless `reuse` (e.g. one left behind by --keep).
 */
export async function freshDatabase(url: string, opts: { reuse: boolean }): Promise<BenchDatabase> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!name) throw new HarnessError('BENCH_DATABASE_URL names no database (expected postgres://user@host:port/<database>).');
  if (PROTECTED.has(name)) throw new HarnessError(`BENCH_DATABASE_URL names the database "${name}": the benchmark drops and recreates its database, so it refuses "${name}". Use a database of its own, e.g. …/bench.`);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new HarnessError(`BENCH_DATABASE_URL: database name "${name}" must be letters, digits and _ only.`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect().catch((err: unknown) => {
    throw new HarnessError(`BENCH_DATABASE_URL: cannot connect to ${u.host} (${err instanceof Error ? err.message : String(err)})`);
  });
  try {
    const exists = (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount! > 0;
    if (exists && !opts.reuse) {
      const accounts = await accountsIn(url);
      if (accounts > 0) {
        throw new HarnessError(`The database "${name}" holds ${accounts} Shiji account(s). The benchmark drops and recreates its database; `
          + 'pass --reuse to allow that, or point BENCH_DATABASE_URL at another database.');
      }
    }
    if (exists) await client.query(`drop database "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  return {
    url, name, created: true,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

async function accountsIn(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const reg = await c.query<{ t: string | null }>(`select to_regclass('public.identity_account')::text as t`);
    if (!reg.rows[0]?.t) return 0;
    const n = await c.query<{ n: string }>('select count(*)::text as n from identity_account');
    return Number(n.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

// ------------------------------------------------------------------ the server

/** Environment variables that must not leak from the caller's shell into a server the harness starts. */
const SERVER_VARS = /^(DATABASE_URL|DATABASE_POOL_SIZE|NODE_ENV|LOG_LEVEL|PORT|HOST|TLS_CERT_FILE|TLS_KEY_FILE|HTTP_REDIRECT_PORT|SHIJI_.*)$/;

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !SERVER_VARS.test(k)));
}

/** GETs `url` until it answers 200; resolves with the time it took, rejects after `timeoutMs` or when `alive()` turns false. */
export async function waitForOk(url: string, opts: { timeoutMs: number; everyMs?: number; alive?: () => boolean }): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - t0;
    } catch { /* not listening yet */ }
    if (opts.alive && !opts.alive()) throw new HarnessError(`the server exited before ${url} answered`);
    if (performance.now() - t0 > opts.timeoutMs) throw new HarnessError(`${url} did not answer 200 within ${Math.round(opts.timeoutMs / 1000)} s`);
    await sleep(opts.everyMs ?? 100);
  }
}

export type RunningServer = BenchServer & { logFile: string; stop(): Promise<void> };

export type ServerOptions = {
  port: number;
  /** postgres://… or null for the embedded database in dataDir/pgdata. */
  databaseUrl: string | null;
  dataDir: string;
  /** The field-encryption key the seeding used (accounts and sessions must decrypt and match). */
  masterKey: string;
  /** Extra environment (e.g. DATABASE_POOL_SIZE). */
  env?: Record<string, string>;
};

/** The Node flags of `npm start` (package.json): a 4 MiB young generation keeps RSS ~40 MiB lower under load. */
const START_FLAGS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));

/**
 * Starts Shiji as `npm start` does (`node scripts/start.mjs start`: the precompiled server bundle, rebuilt
 * first if the sources changed) in production mode (warn-level logs, no demo
 * data, no web rebuild, a rate limit that never trips) and waits for /healthz. Output goes to
 * <dataDir>/server.log; its last lines are shown when the server fails to start.
 */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const baseUrl = `http://127.0.0.1:${o.port}`;
  const logFile = path.join(o.dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    // 1,000,000 is the most the configuration accepts: ~16,000 requests/s from the one client address.
    SHIJI_RATE_LIMIT_PER_MINUTE: '1000000',
    SHIJI_DEMO: 'false',
    SHIJI_DATA_DIR: o.dataDir,
    SHIJI_MASTER_KEY: o.masterKey,
    SHIJI_PUBLIC_URL: baseUrl,
    SHIJI_WEB_BUILD: 'off',
    SHIJI_SESSION_IDLE_MINUTES: '720',
    HOST: '127.0.0.1',
    PORT: String(o.port),
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...o.env,
  };
  const child: ChildProcess = spawn(process.execPath, [...START_FLAGS, 'scripts/start.mjs', 'start'], { cwd: ROOT, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited: number | null | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exited = code ?? (signal ? -1 : 0);
    resolve();
  }));
  const pid = child.pid;
  if (!pid) throw new HarnessError('could not spawn the server');
  const stop = async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), sleep(20_000).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  try {
    await waitForOk(`${baseUrl}/healthz`, { timeoutMs: 180_000, alive: () => exited === undefined });
  } catch (err) {
    await stop();
    throw new HarnessError(`${err instanceof Error ? err.message : String(err)}\n--- last lines of ${logFile} ---\n${tail(logFile, 30)}`);
  }
  return { baseUrl, databaseUrl: o.databaseUrl, pid, rssMiB: () => rssOf(pid), logFile, stop };
}

export function tail(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// ------------------------------------------------------------------ start time (`npm start`)

export type StartTiming = { ms: number; dataDir: 'fresh' | 'existing' };

/**
 * Runs literally `npm start` in the repository (its own process group) on the embedded database with
 * `dataDir` (empty: a first start that creates the database and the demo data), waits for the first
 * 200 from /healthz and kills the whole group. The web app is not rebuilt (SHIJI_WEB_BUILD=off:
 * `npm ci` builds it, and a rebuild would write web/dist under everyone working in this tree).
 */
export async function timeNpmStart(o: { port: number; dataDir: string; logFile: string }): Promise<number> {
  const fresh = !fs.existsSync(o.dataDir) || fs.readdirSync(o.dataDir).length === 0;
  fs.mkdirSync(o.dataDir, { recursive: true });
  const log = fs.openSync(o.logFile, 'a');
  fs.writeSync(log, `\n=== npm start (${fresh ? 'fresh' : 'existing'} data dir ${o.dataDir}) ===\n`);
  const env = { ...cleanEnv(), PORT: String(o.port), HOST: '127.0.0.1', SHIJI_DATA_DIR: o.dataDir, SHIJI_WEB_BUILD: 'off' };
  const t0 = performance.now();
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const pgid = child.pid;
  if (!pgid) throw new HarnessError('could not spawn npm start');
  try {
    await waitForOk(`http://127.0.0.1:${o.port}/healthz`, { timeoutMs: 180_000, everyMs: 20, alive: () => !exited });
    return performance.now() - t0;
  } catch (err) {
    throw new HarnessError(`npm start: ${err instanceof Error ? err.message : String(err)}\n--- last lines of ${o.logFile} ---\n${tail(o.logFile, 30)}`);
  } finally {
    await killGroup(pgid);
  }
}

const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to a process group we started, SIGKILL after 20 s; waits until no process of the group is left. */
export async function killGroup(pgid: number): Promise<void> {
  try { process.kill(-pgid, 'SIGTERM'); } catch { return; }
  const t0 = Date.now();
  while (groupAlive(pgid) && Date.now() - t0 < 20_000) await sleep(50);
  if (groupAlive(pgid)) {
    try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
    while (groupAlive(pgid)) await sleep(50);
  }
}
