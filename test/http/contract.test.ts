import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The HTTP contract of ARCHITECTURE.md ("API conventions"), from the outside: bad requests get
 * RFC 9457 problem+json with a stable code, nothing about them is stored, and request ids are safe.
 */
let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
});
afterAll(async () => { await t?.close(); });

const ORGS = '/api/admin/organisations';
const goodOrg = (name: string) => ({ kind: 'seller', entityType: 'organisation', name });
const goodCalendar = (name: string) => ({ name, weeklyHours: { 1: [['09:00', '18:00']], 2: [['09:00', '18:00']], 3: [['09:00', '18:00']],
  4: [['09:00', '18:00']], 5: [['09:00', '18:00']] }, standardDayMinutes: 480, isDefault: false });

/** Asserts the RFC 9457 shape every error answer has, and that nothing internal leaks. */
function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = res.json() as Record<string, unknown>;
  for (const field of ['type', 'title', 'status', 'detail', 'code', 'requestId']) expect(p, `${field} in ${res.body}`).toHaveProperty(field);
  expect(p.status).toBe(status);
  expect(typeof p.type).toBe('string');
  expect(typeof p.title).toBe('string');
  expect(typeof p.detail).toBe('string');
  expect(p.requestId).toBe(res.headers['x-request-id']);
  if (code) expect(p.code).toBe(code);
  // No stack trace, file path or driver message in any problem.
  expect(res.body).not.toMatch(/\bat .+\(.+:\d+:\d+\)|node_modules|\/src\/|stack|DrizzleQueryError|Failed query/i);
  return p as { code: string; detail: string; issues?: Array<{ path: string; message: string }> };
}

/** Row counts of every table, so "stores nothing" covers audit entries, outbox rows, sessions and all the rest. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await rows<{ name: string }>(t.platform.db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [r] = await rows<{ n: number | string }>(t.platform.db, sql.raw(`select count(*) as n from "${name}"`));
    out[name] = Number(r!.n);
  }
  return out;
}

const raw = (method: 'POST' | 'PATCH', url: string, payload: string | Buffer, contentType = 'application/json') =>
  t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${admin}`, 'content-type': contentType } });

describe('bad request bodies', () => {
  it('rejects an unknown field with 400 validation_failed naming the field, at the top level and nested', async () => {
    const top = expectProblem(await t.call('POST', ORGS, { token: admin, body: { ...goodOrg('多余字段'), isAdmin: true } }), 400, 'validation_failed');
    expect(top.issues?.map((i) => i.path)).toContain('body.isAdmin');
    const nested = expectProblem(await t.call('POST', ORGS, { token: admin, body: { ...goodOrg('多余字段'),
      owner: { email: 'owner@example.com', displayName: 'Owner', password: 'a-long-password-1', role: 'admin' } } }), 400, 'validation_failed');
    expect(nested.issues?.map((i) => i.path)).toContain('body.owner.role');
    expect(nested.detail).toContain('body.owner.role');
  });

  it('never coerces types: a number where a string belongs, or a string where a number or boolean belongs, is a 400', async () => {
    const num = expectProblem(await t.call('POST', ORGS, { token: admin, body: { ...goodOrg('x'), name: 12345 } }), 400, 'validation_failed');
    expect(num.issues?.map((i) => i.path)).toEqual(['body.name']);
    const str = expectProblem(await t.call('POST', '/api/admin/calendars', { token: admin, body: { ...goodCalendar('按字符串'), standardDayMinutes: '480' } }),
      400, 'validation_failed');
    expect(str.issues?.map((i) => i.path)).toEqual(['body.standardDayMinutes']);
    const bool = expectProblem(await t.call('POST', '/api/admin/calendars', { token: admin, body: { ...goodCalendar('按字符串'), isDefault: 'false' } }),
      400, 'validation_failed');
    expect(bool.issues?.map((i) => i.path)).toEqual(['body.isDefault']);
    const arr = expectProblem(await t.call('GET', `${ORGS}?limit=5&limit=6`, { token: admin }), 400, 'validation_failed');
    expect(arr.issues?.map((i) => i.path)).toEqual(['querystring.limit']);
    // The same bodies with the right types are accepted: the refusals above are about the types alone.
    expect((await t.call('POST', '/api/admin/calendars', { token: admin, body: goodCalendar('按数字') })).statusCode).toBe(201);
  });

  it('answers malformed JSON with 400 http.malformed_json and an empty JSON body with 400', async () => {
    expectProblem(await raw('POST', ORGS, '{"kind": "seller", "name": '), 400, 'http.malformed_json');
    expectProblem(await raw('POST', ORGS, "{'kind': 'seller'}"), 400, 'http.malformed_json');
    expectProblem(await raw('POST', ORGS, '{"__proto__": {"isAdmin": true}, "kind": "seller"}'), 400);
    expectProblem(await raw('POST', ORGS, ''), 400, 'http.empty_body');
  });

  it('answers 2 MB of junk with 413 http.body_too_large, as JSON or as anything else', async () => {
    const junk = Buffer.alloc(2 * 1024 * 1024, 'x');
    expectProblem(await raw('POST', ORGS, junk), 413, 'http.body_too_large');
    expectProblem(await raw('POST', ORGS, Buffer.concat([Buffer.from('{"name":"'), junk, Buffer.from('"}')])), 413, 'http.body_too_large');
  });

  it('refuses a body that is not JSON with 415', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expectProblem(await raw('POST', ORGS, type === 'application/x-www-form-urlencoded' ? 'kind=seller&name=x' : 'kind=seller', type),
        415, 'http.unsupported_media_type');
    }
  });

  it('refuses text the database cannot store (NUL, unpaired surrogate) with 400 instead of failing', async () => {
    const nul = expectProblem(await t.call('POST', ORGS, { token: admin, body: goodOrg('a\u0000b') }), 400, 'validation_failed');
    expect(nul.issues?.map((i) => i.path)).toEqual(['body.name']);
    expectProblem(await raw('POST', ORGS, '{"kind":"seller","entityType":"organisation","name":"\\ud800x"}'), 400, 'validation_failed');
    expectProblem(await t.call('GET', `${ORGS}/org_%00`, { token: admin }), 400, 'validation_failed');
    expectProblem(await t.call('GET', `${ORGS}?q=%00`, { token: admin }), 400, 'validation_failed');
  });

  it('stores nothing for any of those bad requests: every table keeps its row count (a good request adds exactly one organisation)', async () => {
    const before = await rowCounts();
    const listBefore = (await t.call('GET', `${ORGS}?limit=100`, { token: admin })).json().items.length;
    const bad: Array<() => Promise<LightMyRequestResponse>> = [
      () => t.call('POST', ORGS, { token: admin, body: { ...goodOrg('坏请求一'), extra: 1 } }),
      () => t.call('POST', ORGS, { token: admin, body: { ...goodOrg('坏请求二'), owner: { email: 'x@example.com', displayName: 'X', password: 'a-long-password-1', extra: 1 } } }),
      () => t.call('POST', ORGS, { token: admin, body: { ...goodOrg('坏请求三'), kind: 7 } }),
      () => t.call('POST', ORGS, { token: admin, body: { ...goodOrg('坏请求四'), entityType: ['organisation'] } }),
      () => raw('POST', ORGS, '{"kind":"seller","entityType":"organisation","name":"坏请求五"'),
      () => raw('POST', ORGS, Buffer.alloc(2 * 1024 * 1024, '{')),
      () => raw('POST', ORGS, JSON.stringify(goodOrg('坏请求六')), 'text/plain'),
      () => raw('POST', ORGS, JSON.stringify(goodOrg('坏请求七')), 'application/xml'),
      () => t.call('POST', ORGS, { token: admin, body: goodOrg('坏\u0000请求八') }),
      () => t.call('POST', '/api/admin/calendars', { token: admin, body: { ...goodCalendar('坏日历'), standardDayMinutes: '480' } }),
    ];
    for (const send of bad) {
      const res = await send();
      expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body).toBeLessThan(500);
    }
    expect(await rowCounts()).toEqual(before);
    expect((await t.call('GET', `${ORGS}?limit=100`, { token: admin })).json().items.length).toBe(listBefore);

    // The counts do see a stored change: one good request adds one organisation and its audit entry.
    expect((await t.call('POST', ORGS, { token: admin, body: goodOrg('好请求') })).statusCode).toBe(201);
    const after = await rowCounts();
    expect(after.identity_organisation).toBe(before.identity_organisation! + 1);
    expect(after.audit_log).toBeGreaterThan(before.audit_log!);
  });
});

describe('routes and request ids', () => {
  it('answers an unknown route with a 404 problem, for the API and any method', async () => {
    expectProblem(await t.call('GET', '/api/no-such-thing', { token: admin }), 404, 'http.not_found');
    expectProblem(await t.call('POST', '/api/admin/no-such-thing', { token: admin, body: {} }), 404, 'http.not_found');
    expectProblem(await t.call('DELETE', '/no-such-thing'), 404, 'http.not_found');
  });

  it('answers URLs the router cannot read (bad percent-encoding, over-long segment) with a problem, not Fastify\'s own JSON', async () => {
    expectProblem(await t.call('GET', `${ORGS}/%E0%A4%A`, { token: admin }), 400, 'http.bad_url');
    // 414 from the router, or 404 when a catch-all route (the web app's) takes the path first: a problem either way.
    const long = await t.call('GET', `${ORGS}/${'x'.repeat(500)}`, { token: admin });
    expect([404, 414]).toContain(long.statusCode);
    expectProblem(long, long.statusCode);
  });

  it('echoes a plain x-request-id and uses it in the problem', async () => {
    const res = await t.call('GET', '/api/no-such-thing', { headers: { 'x-request-id': 'client-42.abc_DEF' } });
    expect(res.headers['x-request-id']).toBe('client-42.abc_DEF');
    expect(res.json().requestId).toBe('client-42.abc_DEF');
    const ok = await t.call('GET', '/healthz', { headers: { 'x-request-id': 'probe-1' } });
    expect(ok.headers['x-request-id']).toBe('probe-1');
  });

  it('replaces a forged or odd request id (spaces, over 64 characters, other characters) with its own', async () => {
    for (const forged of ['abc def', 'x'.repeat(65), 'a"b', 'id\tb', '../../etc', 'ok,ok', '']) {
      const res = await t.call('GET', '/api/no-such-thing', { headers: { 'x-request-id': forged } });
      const id = res.headers['x-request-id'] as string;
      expect(id, JSON.stringify(forged)).not.toBe(forged);
      expect(id).toMatch(/^req_[0-9A-Z]{26}$/);
      expect(res.json().requestId).toBe(id);
    }
    // Each request without a usable id gets its own.
    const a = await t.call('GET', '/healthz');
    const b = await t.call('GET', '/healthz');
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    // Exactly 64 plain characters is still accepted.
    expect((await t.call('GET', '/healthz', { headers: { 'x-request-id': 'y'.repeat(64) } })).headers['x-request-id']).toBe('y'.repeat(64));
  });
});
