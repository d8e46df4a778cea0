import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real CLI as operators run it (`shiji start`, `shiji audit verify`) in child processes on the
 * embedded database, talking to it over 127.0.0.1 only. PGlite only: these processes bring their own
 * database, so the PostgreSQL project has nothing to add here.
 *
 * The CLI runs as `node --import tsx src/main.ts`: exactly what `npx tsx src/main.ts` ends up running,
 * without the npx → sh → tsx wrapper processes, so a signal reaches the server itself and its exit
 * code comes back unchanged.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const DEMO_PASSWORD = 'shiji-demo';
const onPostgresProject = process.env.SHIJI_TEST_DB === 'postgres';

type Proc = { child: ChildProcess; out: () => string; err: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };
const running = new Set<ChildProcess>();
const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** An environment without the test runner's database, port or TLS settings, and no web build (another concern). */
function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(SHIJI_|TLS_|DATABASE_|TEST_DATABASE|PORT$|HOST$|HTTP_REDIRECT_PORT$|LOG_LEVEL$|NODE_ENV$|VITEST)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, SHIJI_WEB_BUILD: 'off', LOG_LEVEL: 'info', ...extra };
}

function shiji(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString('utf8'); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => { running.delete(child); resolve({ code, signal }); });
  });
  return { child, out: () => out, err: () => err, exited };
}

/** Runs a CLI command to its end (bounded). */
async function run(args: string[], env: Record<string, string>, timeoutMs = 30_000) {
  const p = shiji(args, env);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
  const { code } = await p.exited;
  clearTimeout(timer);
  return { code, out: p.out(), err: p.err() };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };
function request(url: string, opts: { method?: string; body?: unknown; headers?: Record<string, string>; agent?: http.Agent } = {}): Promise<Answer> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = lib.request(u, {
      method: opts.method ?? 'GET', rejectUnauthorized: false, agent: opts.agent ?? false,
      headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...opts.headers },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.setTimeout(20_000, () => req.destroy(new Error(`timeout ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Polls until the URL answers 200; returns how long that took (bounded). */
async function waitFor(url: string, proc: Proc, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  let exitedEarly = false;
  void proc.exited.then(() => { exitedEarly = true; });
  while (Date.now() - t0 < timeoutMs) {
    if (exitedEarly) throw new Error(`shiji exited before answering ${url}:\n${proc.out()}\n${proc.err()}`);
    try {
      if ((await request(url)).status === 200) return Date.now() - t0;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${proc.out()}\n${proc.err()}`);
}

/** Resolves true when a new TCP connection is refused. */
function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(false); });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** JSON log lines of a process's stdout (the start banner is plain text). */
const logLines = (out: string) => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);

/** A refusal to start: non-zero exit, the variable named, no stack trace. */
function expectCleanFailure(res: { code: number | null; out: string; err: string }, variable: string): void {
  expect(res.code, res.out + res.err).not.toBe(0);
  expect(res.code).not.toBeNull();
  expect(res.err).toContain(variable);
  expect(res.err).not.toMatch(/\n\s+at |Error:|node:internal|\.ts:\d+/); // no stack trace
}

afterAll(async () => {
  // Every spawned process ends, even when a test failed half-way.
  for (const child of running) child.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(onPostgresProject)('shiji start on an empty data dir, then stop, restart and audit', () => {
  let dataDir: string;
  let port: number;
  let base: string;
  let server: Proc;
  let certDir: string;

  beforeAll(async () => {
    dataDir = tempDir('shiji-ops-');
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = shiji(['start'], { SHIJI_DATA_DIR: dataDir, PORT: String(port) });
    const ms = await waitFor(`${base}/healthz`, server, 90_000);
    console.log(`shiji start on an empty data dir → /healthz answered after ${(ms / 1000).toFixed(1)} s (target ≤ 10 s)`);
  }, 100_000);

  it('is live and ready, and the demo admin can sign in', async () => {
    expect(JSON.parse((await request(`${base}/healthz`)).body)).toEqual({ status: 'ok' });
    const ready = await request(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', database: 'pglite' });
    const login = await request(`${base}/api/auth/login`, { method: 'POST', body: { login: 'admin@shiji.test', password: DEMO_PASSWORD } });
    expect(login.status).toBe(200);
    const { token, account } = JSON.parse(login.body) as { token: string; account: { org: { kind: string } } };
    expect(account.org.kind).toBe('platform');
    expect((await request(`${base}/api/admin/organisations`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(server.out()).toContain('Demo logins');
  });

  it('serves Prometheus metrics at /metrics', async () => {
    const res = await request(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/^# HELP shiji_/m);
    expect(res.body).toMatch(/^# TYPE shiji_http_request_duration_seconds histogram$/m);
    expect(res.body).toMatch(/^shiji_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+$/m);
    expect(res.body).toMatch(/^shiji_process_cpu_seconds_total \d/m);
  });

  it('publishes OpenAPI 3.1 where every /api operation has a summary and response schemas, and HTML docs at /docs', async () => {
    const res = await request(`${base}/openapi.json`);
    expect(res.status).toBe(200);
    type Op = { summary?: string; responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };
    const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, Record<string, Op>> };
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const apiOps = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/')).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })));
    expect(apiOps.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const { key, op } of apiOps) {
      if (!op.summary?.trim()) problems.push(`${key}: no summary`);
      const responses = Object.entries(op.responses ?? {});
      if (!responses.some(([status]) => status.startsWith('2'))) problems.push(`${key}: no success response`);
      for (const [status, r] of responses) {
        if (status === '204') continue;
        if (!r.content?.['application/json']?.schema) problems.push(`${key}: response ${status} has no schema`);
      }
    }
    expect(problems).toEqual([]);
    const docs = await request(`${base}/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.headers['content-type']).toMatch(/^text\/html/);
    expect(docs.body).toMatch(/<html/i);
    expect([200, 302]).toContain((await request(`${base}/docs`)).status);
  });

  it('keeps passwords, tokens and full emails out of its log', async () => {
    const login = (body: unknown) => request(`${base}/api/auth/login`, { method: 'POST', body });
    const ok = JSON.parse((await login({ login: 'consumer@shiji.test', password: DEMO_PASSWORD })).body) as { token: string };
    await login({ login: 'consumer@shiji.test', password: 'Not-The-Password-51' });
    await login({ login: 'ghost@shiji.test', password: 'Not-The-Password-51' });
    await request(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${ok.token}` } });
    await request(`${base}/api/auth/me`, { headers: { cookie: `shiji_session=${ok.token}` } });
    await new Promise((r) => setTimeout(r, 300)); // let the log lines of those requests arrive
    const lines = logLines(server.out());
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(true);
    const log = JSON.stringify(lines);
    for (const secret of [DEMO_PASSWORD, 'Not-The-Password-51', ok.token, 'consumer@shiji.test', 'ghost@shiji.test', 'admin@shiji.test']) {
      expect(log.includes(secret), `"${secret}" in the log`).toBe(false);
    }
  });

  it('on SIGTERM finishes the request in flight, refuses new connections and exits 0', async () => {
    const body = JSON.stringify({ login: 'admin@shiji.test', password: DEMO_PASSWORD });
    // A request whose head has arrived but whose body has not: in flight for as long as the test wants.
    let inFlight: http.ClientRequest | undefined;
    const answer = new Promise<Answer>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/login', agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': 'in-flight-1' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      inFlight = req;
    });
    await until(() => logLines(server.out()).some((l) => l.reqId === 'in-flight-1' && l.msg === 'incoming request'), 10_000, 'the request to arrive');

    server.child.kill('SIGTERM');
    await until(() => server.out().includes('shutting down'), 10_000, 'the shutdown to start');
    await until(() => connectionRefused(port), 5_000, 'new connections to be refused');
    expect(server.child.exitCode).toBeNull(); // still finishing the request in flight

    inFlight!.end(body.slice(10));
    const res = await answer;
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).token).toEqual(expect.any(String));
    const { code, signal } = await server.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(server.err()).toBe('');
  }, 30_000);

  it('audit verify exits 0 on the intact chain of the stopped server', async () => {
    const intact = await run(['audit', 'verify'], { SHIJI_DATA_DIR: dataDir });
    expect(intact.code, intact.out + intact.err).toBe(0);
    expect(intact.out).toMatch(/Audit chain intact: \d+ entries/);
  }, 30_000);

  it('names PORT when a second start finds the port taken, without a stack trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const res = await run(['start'], { SHIJI_DATA_DIR: dataDir, PORT: String(taken), SHIJI_JOBS: 'false' }, 60_000);
      expectCleanFailure(res, 'PORT');
      expect(res.err).toContain(String(taken));
    } finally {
      blocker.close();
    }
  }, 60_000);

  describe('over HTTPS (same data dir, restarted with a certificate)', () => {
    let port: number;
    let redirectPort: number;
    let secure: Proc;

    beforeAll(async () => {
      const dir = tempDir('shiji-tls-');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      certDir = dir;
      port = await freePort();
      redirectPort = await freePort();
      secure = shiji(['start'], { SHIJI_DATA_DIR: dataDir, PORT: String(port), HTTP_REDIRECT_PORT: String(redirectPort),
        TLS_CERT_FILE: path.join(dir, 'cert.pem'), TLS_KEY_FILE: path.join(dir, 'key.pem'), SHIJI_JOBS: 'false' });
      await waitFor(`https://127.0.0.1:${port}/healthz`, secure, 60_000);
    }, 70_000);
    afterAll(async () => {
      if (secure && secure.child.exitCode === null) {
        secure.child.kill('SIGTERM');
        await secure.exited;
      }
    });

    it('answers over HTTPS with Strict-Transport-Security', async () => {
      const res = await request(`https://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      expect(res.headers['strict-transport-security']).toMatch(/includeSubDomains/);
      expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    });

    it('refuses TLS 1.1 (and accepts TLS 1.2 from the same client)', async () => {
      const handshake = (p: number, version: tls.SecureVersion) => new Promise<string>((resolve) => {
        // SECLEVEL=0 lets this client offer TLS 1.1 at all; the server must be the one refusing it.
        const s = tls.connect({ host: '127.0.0.1', port: p, rejectUnauthorized: false, minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' });
        s.once('secureConnect', () => { const v = s.getProtocol() ?? '?'; s.destroy(); resolve(v); });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(`refused: ${e.code ?? e.message}`));
      });
      // Control: this client does speak TLS 1.1 to a server that allows it.
      const lenient = tls.createServer({ cert: fs.readFileSync(path.join(certDir, 'cert.pem')), key: fs.readFileSync(path.join(certDir, 'key.pem')),
        minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => s.end());
      await new Promise<void>((r) => lenient.listen(0, '127.0.0.1', () => r()));
      try {
        expect(await handshake((lenient.address() as net.AddressInfo).port, 'TLSv1.1')).toBe('TLSv1.1');
      } finally {
        lenient.close();
      }
      expect(await handshake(port, 'TLSv1.1')).toMatch(/^refused/);
      expect(await handshake(port, 'TLSv1.2')).toBe('TLSv1.2');
    });

    it('redirects plain HTTP on the redirect port to HTTPS with 308', async () => {
      const res = await request(`http://127.0.0.1:${redirectPort}/api/auth/me?x=1`);
      expect(res.status).toBe(308);
      expect(res.headers.location).toBe(`https://127.0.0.1:${port}/api/auth/me?x=1`);
      // A Host header that is not a plain host name cannot steer the redirect elsewhere.
      const odd = await request(`http://127.0.0.1:${redirectPort}/x`, { headers: { host: 'evil.example/@phish' } });
      expect(odd.headers.location).toBe(`https://127.0.0.1:${port}/x`);
    });

    it('sets the session cookie Secure (and httpOnly, SameSite=Lax) over HTTPS', async () => {
      const res = await request(`https://127.0.0.1:${port}/api/auth/login`, { method: 'POST', body: { login: 'admin@shiji.test', password: DEMO_PASSWORD } });
      expect(res.status).toBe(200);
      const cookie = [res.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('shiji_session='));
      const attrs = cookie!.split(';').map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
    });

    it('stops with exit code 0 on SIGTERM', async () => {
      secure.child.kill('SIGTERM');
      expect(await secure.exited).toEqual({ code: 0, signal: null });
    });
  });

  it('audit verify exits 1 naming entry 2 after one audit row was changed by hand', async () => {
    // Change one entry behind the application's back (no server runs: PGlite has one user at a time).
    const db = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata') });
    await db.exec(`alter table audit_log disable trigger audit_log_append_only;
      update audit_log set action = 'x' where seq = 2;
      alter table audit_log enable trigger audit_log_append_only;`);
    expect((await db.query<{ action: string }>('select action from audit_log where seq = 2')).rows[0]?.action).toBe('x');
    await db.close();

    const broken = await run(['audit', 'verify'], { SHIJI_DATA_DIR: dataDir });
    expect(broken.code, broken.out + broken.err).toBe(1);
    expect(broken.out).toMatch(/BROKEN at entry 2\b/);
    expect(broken.err).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe.skipIf(onPostgresProject)('bad configuration', () => {
  it('exits non-zero naming the variable, without a stack trace', async () => {
    const dataDir = tempDir('shiji-badcfg-');
    const notADir = path.join(dataDir, 'a-file');
    fs.writeFileSync(notADir, 'x');
    const cases: Array<[Record<string, string>, string]> = [
      [{ PORT: 'abc' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ TLS_CERT_FILE: path.join(dataDir, 'cert.pem') }, 'TLS_KEY_FILE'],
      [{ TLS_CERT_FILE: path.join(dataDir, 'missing-cert.pem'), TLS_KEY_FILE: path.join(dataDir, 'missing-key.pem') }, 'TLS_CERT_FILE'],
      [{ TLS_CERT_FILE: notADir, TLS_KEY_FILE: notADir }, 'TLS_CERT_FILE'],
      [{ SHIJI_DATA_DIR: notADir }, 'SHIJI_DATA_DIR'],
    ];
    const results = await Promise.all(cases.map(([env]) => run(['start'], { SHIJI_DATA_DIR: dataDir, PORT: '0', ...env })));
    results.forEach((res, i) => expectCleanFailure(res, cases[i]![1]));
  }, 60_000);

  it('names DATABASE_URL (and not its password) when the database cannot be reached', async () => {
    const closedPort = await freePort();
    const res = await run(['start'], { SHIJI_DATA_DIR: tempDir('shiji-nodb-'), DATABASE_URL: `postgres://shiji:pw@127.0.0.1:${closedPort}/shiji`, PORT: '0' });
    expectCleanFailure(res, 'DATABASE_URL');
    expect(res.err).not.toContain(':pw@');
  }, 30_000);

  it('creates an operator administrator from the CLI, migrates idempotently, refuses demo data in a database in use, rotates keys', async () => {
    const dir = tempDir('shiji-cli-');
    const env = { SHIJI_DATA_DIR: dir, SHIJI_DEMO: 'false' };
    const created = await run(['admin', 'create', '--email', 'ops@example.com', '--password', 'Ops-Secret-2026', '--name', '运营负责人'], env, 60_000);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toMatch(/Created operator administrator acc_/);
    const migrated = await run(['migrate'], env, 60_000);
    expect(migrated.out).toMatch(/up to date/);
    const seeded = await run(['seed', '--demo'], env, 60_000);
    expect(seeded.code).toBe(0);
    expect(seeded.out).toMatch(/already has accounts; demo data was not added/);
    const keys = JSON.parse(fs.readFileSync(path.join(dir, 'keys.json'), 'utf8')) as { active: string };
    const rotated = await run(['keys', 'rotate'], env, 30_000);
    expect(rotated.code).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'keys.json'), 'utf8')) as { active: string; keys: Record<string, string> };
    expect(after.active).not.toBe(keys.active);
    expect(Object.keys(after.keys)).toContain(keys.active);
    // The administrator signs in after the rotation (old ciphertexts still decrypt), and no demo login exists.
    const port = await freePort();
    const server = shiji(['start'], { ...env, PORT: String(port) });
    await waitFor(`http://127.0.0.1:${port}/healthz`, server, 90_000);
    const ok = await request(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', body: { login: 'ops@example.com', password: 'Ops-Secret-2026' } });
    expect(ok.status).toBe(200);
    expect((JSON.parse(ok.body) as { account: { displayName: string } }).account.displayName).toBe('运营负责人');
    const demo = await request(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', body: { login: 'admin@shiji.test', password: DEMO_PASSWORD } });
    expect(demo.status).toBe(401);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 180_000);
});
