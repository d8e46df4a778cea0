import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { prepareData } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { createKeyring } from '../../src/platform/crypto/index.js';
import type { ServerOptions } from '../../src/platform/http/server.js';
import type { Platform } from '../../src/platform/platform.js';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';

/**
 * Security behaviour of the HTTP layer from the outside: headers, CORS, rate limiting, sign-in
 * throttling that does not reveal which accounts exist, secrets kept out of logs and metrics, the
 * session cookie, and who may reach the operator API.
 */
const ADMIN_ORGS = '/api/admin/organisations';
const problemOf = (res: LightMyRequestResponse) => {
  expect(res.headers['content-type'], res.body).toMatch(/^application\/problem\+json/);
  return res.json() as { status: number; code: string; detail: string; requestId: string };
};

describe('headers, CORS, cookie and access', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('sends the helmet security headers on JSON answers, problems and the API docs', async () => {
    for (const res of [await t.call('GET', '/healthz'), await t.call('GET', '/api/no-such-route'), await t.call('GET', ADMIN_ORGS),
      await t.call('GET', '/docs/')]) {
      const where = `${res.statusCode} ${String(res.headers['content-type'])}`;
      expect(res.headers['x-content-type-options'], where).toBe('nosniff');
      expect(res.headers['content-security-policy'], where).toMatch(/default-src 'self'/);
      expect(res.headers['content-security-policy'], where).toMatch(/object-src 'none'/);
      expect(res.headers['content-security-policy'], where).toMatch(/frame-ancestors 'self'/);
      // Plain-HTTP demo: no upgrade directive, or browsers off localhost would fetch assets over a missing https port.
      expect(res.headers['content-security-policy'], where).not.toMatch(/upgrade-insecure-requests/);
      expect(res.headers['x-frame-options'], where).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy'], where).toBe('no-referrer');
      expect(res.headers['cross-origin-opener-policy'], where).toBe('same-origin');
      expect(res.headers['x-powered-by'], where).toBeUndefined();
      // HSTS only over TLS (checked in test/ops/server.test.ts): on plain HTTP it would be ignored or wrong.
      expect(res.headers['strict-transport-security'], where).toBeUndefined();
    }
  });

  it('has CORS off: no access-control-allow-origin for a cross-origin request or a preflight', async () => {
    const origin = 'https://evil.example';
    const simple = await t.call('GET', '/healthz', { headers: { origin } });
    expect(simple.statusCode).toBe(200);
    const token = await t.login('admin@shiji.test');
    const withCreds = await t.call('GET', ADMIN_ORGS, { token, headers: { origin } });
    const login = await t.call('POST', '/api/auth/login', { headers: { origin }, body: { login: 'consumer@shiji.test', password: DEMO_PASSWORD } });
    const preflight = await t.call('OPTIONS', ADMIN_ORGS, { headers: { origin, 'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type' } });
    for (const res of [simple, withCreds, login, preflight]) {
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
      expect(res.headers['access-control-allow-methods']).toBeUndefined();
    }
    expect(preflight.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('sets the session cookie httpOnly, SameSite=Lax, for the whole site, and the cookie alone authenticates', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: { login: 'consumer@shiji.test', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('shiji_session='));
    expect(setCookie).toBeDefined();
    const attrs = setCookie!.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs).not.toContain('secure'); // plain HTTP here; over TLS it is Secure (test/ops/server.test.ts)
    const value = setCookie!.split(';')[0]!.slice('shiji_session='.length);
    expect(value).toBe(res.json().token);
    expect((await t.call('GET', '/api/auth/me', { headers: { cookie: `shiji_session=${value}` } })).statusCode).toBe(200);
  });

  it('lets only operator staff reach /api/admin/organisations: guest 401, platform users and consumers 403', async () => {
    const guest = await t.call('GET', ADMIN_ORGS);
    expect(guest.statusCode).toBe(401);
    expect(problemOf(guest).code).toBe('auth.unauthenticated');
    const forged = await t.call('GET', ADMIN_ORGS, { token: 'not-a-session-token' });
    expect(forged.statusCode).toBe(401);
    for (const who of ['seller1', 'courier', 'consumer']) {
      const res = await t.call('GET', ADMIN_ORGS, { token: await t.login(`${who}@shiji.test`) });
      expect(res.statusCode, who).toBe(403);
      expect(problemOf(res).code, who).toBe('auth.forbidden');
      const write = await t.call('POST', ADMIN_ORGS, { token: await t.login(`${who}@shiji.test`), body: { kind: 'seller', entityType: 'organisation', name: 'x' } });
      expect(write.statusCode, who).toBe(403);
    }
    expect((await t.call('GET', ADMIN_ORGS, { token: await t.login('admin@shiji.test') })).statusCode).toBe(200);
  });

  it('answers a login with characters outside the Basic Multilingual Plane like any wrong login (401, not 500)', async () => {
    for (const login of ['𝒶𝒹𝓂𝒾𝓃123', '😀@shiji.test', '+86😀13800000000']) {
      const res = await t.call('POST', '/api/auth/login', { body: { login, password: 'wrong-password' } });
      expect(res.statusCode, `${login}: ${res.body}`).toBe(401);
      expect(problemOf(res).code).toBe('auth.invalid_credentials');
    }
  });
});

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ rateLimitPerMinute: 5 }); });
  afterAll(async () => { await t?.close(); });

  it('answers 429 problem+json with Retry-After once a client exceeds its requests per minute; health checks are exempt', async () => {
    const statuses: number[] = [];
    let limited: LightMyRequestResponse | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await t.call('GET', ADMIN_ORGS);
      statuses.push(res.statusCode);
      if (res.statusCode === 429) limited ??= res;
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const p = problemOf(limited!);
    expect(p.status).toBe(429);
    expect(p.code).toBe('http.rate_limited');
    expect(p.requestId).toBe(limited!.headers['x-request-id']);
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not affected; health checks never are.
    expect((await t.app.inject({ method: 'GET', url: ADMIN_ORGS, remoteAddress: '127.0.0.9' })).statusCode).toBe(401);
    expect((await t.call('GET', '/healthz')).statusCode).toBe(200);
    expect((await t.call('GET', '/readyz')).statusCode).toBe(200);
  });
});

describe('sign-in throttling', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });
  afterEach(() => { vi.useRealTimers(); });

  const attempt = (login: string, password: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { login, password } });
  const answer = (res: LightMyRequestResponse) => {
    const p = res.json() as { status: number; code: string; detail: string };
    return { status: res.statusCode, code: p.code, detail: p.detail, retryAfter: res.headers['retry-after'], type: res.headers['content-type'] };
  };

  it('throttles 20 wrong passwords for an existing account and for an unknown login alike, with identical answers at every step', async () => {
    // One frozen clock for both series, so a lock-expiry time in the answer cannot differ by the
    // milliseconds between two requests; anything else that differs would reveal which account exists.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-24T08:00:00.000Z') });
    const existing: ReturnType<typeof answer>[] = [];
    const unknown: ReturnType<typeof answer>[] = [];
    for (let i = 1; i <= 20; i++) {
      existing.push(answer(await attempt('seller2@shiji.test', `wrong-password-${i}`, '10.0.0.1')));
      unknown.push(answer(await attempt('nobody-here@shiji.test', `wrong-password-${i}`, '10.0.0.2')));
    }
    for (let i = 0; i < 20; i++) expect(unknown[i], `attempt ${i + 1}`).toEqual(existing[i]);
    // The first attempts are plain "wrong login or password"; then the login is locked.
    expect(existing[0]).toMatchObject({ status: 401, code: 'auth.invalid_credentials' });
    const firstLocked = existing.findIndex((a) => a.status === 429);
    expect(firstLocked).toBeGreaterThan(0);
    expect(firstLocked).toBeLessThanOrEqual(10);
    for (const a of existing.slice(firstLocked)) {
      expect(a).toMatchObject({ status: 429, code: 'auth.too_many_attempts' });
      expect(a.type).toMatch(/^application\/problem\+json/);
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }

    // During the lock even the right password is refused, for the locked login only.
    const right = await attempt('seller2@shiji.test', DEMO_PASSWORD, '10.0.0.1');
    expect(answer(right)).toMatchObject({ status: 429, code: 'auth.too_many_attempts' });
    expect(right.headers['set-cookie']).toBeUndefined();
    expect(right.body).not.toContain('token');
    expect(answer(await attempt('seller2@shiji.test', DEMO_PASSWORD, '10.0.0.3'))).toMatchObject({ status: 429 });
    expect((await attempt('seller1@shiji.test', DEMO_PASSWORD, '10.0.0.3')).statusCode).toBe(200);

    // After the lock the right password works again.
    vi.setSystemTime(new Date('2026-11-24T09:00:00.000Z'));
    expect((await attempt('seller2@shiji.test', DEMO_PASSWORD, '10.0.0.4')).statusCode).toBe(200);
  });

  it('throttles one address guessing across many logins', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T08:00:00.000Z') });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await attempt(`spray-${i}@shiji.test`, 'wrong-password', '10.0.0.66')).statusCode);
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
    // The address is throttled, not the accounts: the same login from elsewhere still signs in.
    expect((await attempt('consumer@shiji.test', DEMO_PASSWORD, '10.0.0.66')).statusCode).toBe(429);
    expect((await attempt('consumer@shiji.test', DEMO_PASSWORD, '10.0.0.67')).statusCode).toBe(200);
  });

  it('never locks an address out through successful sign-ins (an office behind one address)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T09:00:00.000Z') });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await attempt(i % 2 ? 'consumer@shiji.test' : 'seller1@shiji.test', DEMO_PASSWORD, '10.0.0.88')).statusCode);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Failures from that address still count.
    const failures: number[] = [];
    for (let i = 0; i < 40; i++) failures.push((await attempt(`guess-${i}@shiji.test`, 'wrong-password', '10.0.0.88')).statusCode);
    expect(failures.at(-1)).toBe(429);
  });
});

describe('secrets in logs and metrics', () => {
  let app: FastifyInstance;
  let platform: Platform;
  let dataDir: string;
  const lines: string[] = [];

  beforeAll(async () => {
    // The real app with its real logger configuration, writing to a stream this test reads.
    const database = await createTestDb();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-sec-'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace', SHIJI_DATA_DIR: dataDir }, { rateLimitPerMinute: 100_000 });
    const keyring = createKeyring({ active: Buffer.alloc(32, 7), indexRoot: Buffer.alloc(32, 9) });
    platform = Object.freeze({ config, database, db: database.db, keyring });
    await prepareData(platform, { forceDemo: true });
    const opts: ServerOptions = { logger: true, logStream: { write: (line) => { lines.push(line); } } };
    app = await buildApp(platform, opts);
  });
  afterAll(async () => {
    await app?.close();
    await platform?.database.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('never writes a password, token or full email or phone to the log or /metrics', async () => {
    const secrets = ['WrongHorse-Battery-77', 'Brand-New-Secret-88', DEMO_PASSWORD];
    const personal = ['admin@shiji.test', 'nobody@shiji.test', 'new.consumer@example.com', '13912345678', 'staff.member@example.com'];
    const send = (method: 'GET' | 'POST', url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) => app.inject({
      method, url, ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.headers ?? {}) },
    });
    const ok = await send('POST', '/api/auth/login', { body: { login: 'admin@shiji.test', password: DEMO_PASSWORD } });
    expect(ok.statusCode).toBe(200);
    const token = ok.json().token as string;
    secrets.push(token);
    await send('POST', '/api/auth/login', { body: { login: 'admin@shiji.test', password: 'WrongHorse-Battery-77' } });
    await send('POST', '/api/auth/login', { body: { login: 'nobody@shiji.test', password: 'WrongHorse-Battery-77' } });
    await send('POST', '/api/auth/login', { body: { login: 'admin@shiji.test', password: 'WrongHorse-Battery-77', extra: 'x' } });
    expect((await send('POST', '/api/auth/register', { body: { email: 'new.consumer@example.com', phone: '13912345678',
      password: 'Brand-New-Secret-88', displayName: '新顾客' } })).statusCode).toBe(201);
    const orgs = (await send('GET', '/api/admin/organisations?kind=seller', { token })).json().items as Array<{ id: string }>;
    expect((await send('POST', '/api/admin/accounts', { token, body: { orgId: orgs[0]!.id, email: 'staff.member@example.com',
      displayName: '新员工', password: 'Brand-New-Secret-88' } })).statusCode).toBe(201);
    await send('GET', '/api/auth/me', { headers: { cookie: `shiji_session=${token}` } });
    await send('GET', '/api/auth/me', { token: 'WrongHorse-Battery-77' });
    // Anything a handler or plugin logs goes through the same redaction.
    app.log.info({ body: { email: 'admin@shiji.test', password: DEMO_PASSWORD, token, phone: '13912345678', login: 'nobody@shiji.test' } }, 'a careless log line');
    const metrics = (await send('GET', '/metrics')).body;

    const log = lines.join('');
    if (process.env.SHOW_LOG) console.log(log);
    expect(lines.length).toBeGreaterThan(10); // the stream really received the app's log
    expect(log).toContain('"reqId"');
    expect(log).toContain('[redacted]');
    for (const text of [log, metrics]) {
      for (const s of [...secrets, ...personal]) expect(text.includes(s), `"${s}" appears in ${text === log ? 'the log' : '/metrics'}`).toBe(false);
    }
    expect(metrics).toMatch(/shiji_security_events_total\{type="login_failed"\} \d+/);
  });

  it('keeps a forged request id out of the log lines of that request', async () => {
    lines.length = 0;
    const forged = 'forged id\\" injected';
    const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': forged } });
    const id = res.headers['x-request-id'] as string;
    expect(id).not.toBe(forged);
    const entries = lines.map((l) => JSON.parse(l) as { reqId?: string });
    expect(entries.some((e) => e.reqId === id)).toBe(true);
    expect(lines.join('')).not.toContain('forged id');
  });
});
