import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/platform/http/auth.js';
import { createTestApp } from '../helpers/app.js';

/**
 * Robustness over the whole published contract: every operation in /openapi.json that takes a body,
 * path or query parameters gets arbitrary input (schema-shaped values, wrong types, unknown keys, huge
 * strings, deep nesting, NUL and unpaired surrogates, bad percent-encoding) from a caller its audience
 * admits, so authorisation passes and validation and the services are exercised. The answer is never a
 * 5xx, and every 4xx is problem+json. Operations come from the document, so new routes are fuzzed too.
 * FUZZ_SEED=<n> replays a run (the seed is in a failure's report); FUZZ_RUNS=<n> fuzzes longer locally. Under CI=true the seed is fixed.
 */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 25);
// CI replays one known seed so a landing never depends on luck; local runs explore a new seed each time.
const SEED = Number(process.env.FUZZ_SEED ?? (process.env.CI ? 20261124 : Date.now() % 2_147_483_647));
// Fuzzed requests come from their own address, so their failed sign-ins never throttle the re-logins below.
const FUZZ_ADDRESS = '127.0.0.2';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { [k: string]: unknown };
type Param = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema?: Schema };
type Operation = { method: string; path: string; route: string; params: Param[]; body: Schema | null; access: Access | undefined };
type Doc = { openapi: string; paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> } };

const t = await createTestApp();
afterAll(async () => { await t.close(); });

const doc = (await t.call('GET', '/openapi.json')).json() as Doc;
const accessByRoute = new Map(t.app.apiRoutes.map((r) => [`${r.method} ${r.url}`, r.access]));
const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops)
  .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
  .map(([method, op]) => {
    const route = path.replace(/\{(\w+)\}/g, ':$1');
    return { method: method.toUpperCase(), path, route, params: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema ?? null, access: accessByRoute.get(`${method.toUpperCase()} ${route}`) };
  }))
  .filter((op) => op.body !== null || op.params.some((p) => p.in === 'path' || p.in === 'query'));

// ---- callers: one per audience, kept signed in -------------------------------------------------
const CALLER: Record<Access['audience'], string> = {
  public: 'admin@shiji.test', authenticated: 'admin@shiji.test', admin: 'admin@shiji.test',
  seller: 'seller1@shiji.test', org: 'seller1@shiji.test', delivery: 'courier@shiji.test', consumer: 'consumer@shiji.test',
};
const tokens = new Map<string, string>();
async function tokenFor(login: string): Promise<string> {
  const known = tokens.get(login);
  // A fuzzed call may have ended the session (or changed the name…): sign in again when it no longer works.
  if (known && (await t.call('GET', '/api/auth/me', { token: known })).statusCode === 200) return known;
  const fresh = await t.login(login);
  tokens.set(login, fresh);
  return fresh;
}

// ---- real ids, so some calls get past "not found" into the services ----------------------------
function collectIds(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => collectIds(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'string') out.add(v);
      else collectIds(v, out);
    }
  }
}
const listPaths = Object.entries(doc.paths).filter(([path, ops]) => ops.get && !path.includes('{')).map(([path]) => path);
const realIds = new Set<string>();
const callerIds = new Set<string>();
for (const login of new Set(Object.values(CALLER))) {
  const token = await tokenFor(login);
  // The callers' own account, organisation and sessions stay out of the pool: fuzzing must not lock the fuzzer out.
  collectIds((await t.call('GET', '/api/auth/me', { token })).json(), callerIds);
  collectIds((await t.call('GET', '/api/auth/sessions', { token })).json(), callerIds);
  for (const path of listPaths) {
    const access = accessByRoute.get(`GET ${path}`);
    if (!access || CALLER[access.audience] !== login) continue;
    const res = await t.call('GET', path, { token });
    if (res.statusCode === 200) collectIds(res.json(), realIds);
  }
}
for (const id of callerIds) realIds.delete(id);

// ---- arbitraries --------------------------------------------------------------------------------
const nasty = fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udfff', '😀', '\u202e', '%', '%00', '%zz', '../..', '\\', '"', "'; drop table x; --",
  '{"a":1}', '__proto__', 'constructor', 'null', 'true', '0', '-1', '1e309', 'NaN', 'org_01', 'ａｄｍｉｎ', '市集', '\r\n', '<script>');
const anyString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: nasty },
  // Long, but within what an HTTP server takes in a URL (Node refuses request heads over 16 KB).
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 4000 }).map((n) => 'é'.repeat(n)) },
);
/** Strings for bodies: also huge ones, up to and beyond the 1 MB body limit. */
const bodyString = fc.oneof({ weight: 8, arbitrary: anyString }, { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 600_000 }).map((n) => 'é'.repeat(n)) });
const deepNesting = fc.integer({ min: 50, max: 3000 }).map((n) => {
  let v: Json = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const wildNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 63), 0.5));
const wildOf = (str: fc.Arbitrary<string>): fc.Arbitrary<Json> => fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }) as fc.Arbitrary<Json> },
  { weight: 2, arbitrary: str },
  { weight: 1, arbitrary: wildNumber },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.dictionary(str, fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { maxKeys: 30 }) },
);
const wild = { url: wildOf(anyString), body: wildOf(bodyString) };
type Where = keyof typeof wild;

function resolve(s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; i < 10 && typeof cur.$ref === 'string'; i++) {
    cur = doc.components?.schemas?.[(cur.$ref as string).replace('#/components/schemas/', '')] ?? {};
  }
  return cur;
}

/** Values shaped by a JSON schema (right keys and types, random contents), with wild values mixed in at every level. */
function fromSchema(raw: Schema | undefined, where: Where, depth = 0): fc.Arbitrary<Json> {
  const s = resolve(raw);
  const str = where === 'body' ? bodyString : anyString;
  const mixed = (shaped: fc.Arbitrary<Json>) => depth > 6 ? shaped : fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: wild[where] });
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, where, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return fromSchema(s.allOf[0] as Schema, where, depth + 1);
  if ('const' in s) return mixed(fc.constant(s.const as Json));
  if (Array.isArray(s.enum)) return mixed(fc.constantFrom(...(s.enum as Json[])));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const shaped = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, where, depth + 1)])),
        { requiredKeys: Object.keys(props).filter((k) => ((s.required as string[] | undefined) ?? []).includes(k)) });
      const withExtra = fc.tuple(shaped, anyString, wild[where]).map(([o, k, v]) => ({ ...o, [k]: v }));
      return mixed(fc.oneof({ weight: 4, arbitrary: shaped as fc.Arbitrary<Json> }, { weight: 1, arbitrary: withExtra as fc.Arbitrary<Json> }));
    }
    case 'array': {
      if (Array.isArray(s.prefixItems)) return mixed(fc.tuple(...(s.prefixItems as Schema[]).map((p) => fromSchema(p, where, depth + 1))));
      return mixed(fc.array(fromSchema(s.items as Schema, where, depth + 1), { maxLength: Math.min(Number(s.maxItems ?? 6), 6) }));
    }
    case 'string': {
      const shaped: fc.Arbitrary<string>[] = [str];
      if (s.format === 'date-time') shaped.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
      if (s.format === 'date') shaped.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
      if (s.format === 'email') shaped.push(fc.emailAddress());
      if (typeof s.pattern === 'string') {
        try { shaped.push(fc.stringMatching(new RegExp(s.pattern))); } catch { /* a pattern fast-check cannot generate from */ }
      }
      if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') {
        shaped.push(fc.string({ unit: 'grapheme', minLength: Number(s.minLength ?? 0), maxLength: Math.min(Number(s.maxLength ?? 50), 300) }));
      }
      return mixed(fc.oneof(...shaped));
    }
    case 'integer': return mixed(fc.oneof(fc.integer({ min: Number(s.minimum ?? -1000), max: Number(s.maximum ?? 1_000_000) }), wildNumber));
    case 'number': return mixed(wildNumber);
    case 'boolean': return mixed(fc.boolean());
    case 'null': return mixed(fc.constant(null));
    default: return wild[where];
  }
}

/** Percent-encodes the UTF-8 bytes of any string (encodeURIComponent throws on unpaired surrogates). */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
const pathValue = (schema: Schema | undefined) => fc.oneof(
  { weight: 3, arbitrary: anyString.map(pct) },
  { weight: 2, arbitrary: realIds.size ? fc.constantFrom(...realIds) : fc.constant('org_01') },
  { weight: 2, arbitrary: fromSchema(schema, 'url').map((v) => pct(typeof v === 'string' ? v : JSON.stringify(v) ?? '')) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%FF', '..', '.', '%2F', 'a;b=c') },
).filter((v) => v.length > 0);
const queryValue = (schema: Schema | undefined) => fc.oneof(
  { weight: 3, arbitrary: fromSchema(schema, 'url').map((v) => [typeof v === 'string' ? v : JSON.stringify(v) ?? '']) },
  { weight: 2, arbitrary: anyString.map((v) => [v]) },
  { weight: 1, arbitrary: fc.array(anyString, { minLength: 2, maxLength: 3 }) },
);

type Input = { pathValues: Record<string, string>; query: Array<[string, string[]]>; rawQuery: string; body: { value: Json } | null };
function inputFor(op: Operation): fc.Arbitrary<Input> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  return fc.record({
    pathValues: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, pathValue(p.schema)]))) as fc.Arbitrary<Record<string, string>>,
    query: fc.tuple(
      fc.subarray(queryParams).chain((chosen) => fc.tuple(...chosen.map((p) => queryValue(p.schema).map((v): [string, string[]] => [p.name, v])))),
      fc.option(fc.tuple(anyString, anyString).map(([k, v]): [string, string[]] => [k, [v]]), { freq: 4 }),
    ).map(([known, extra]) => (extra ? [...known, extra] : known)),
    rawQuery: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('&%zz=1', '&a=%', '&&==&', '&x[y]=1', '&__proto__[a]=1') }),
    body: op.body ? fromSchema(op.body, 'body').map((value) => ({ value })) : fc.constant(null),
  });
}

function urlFor(op: Operation, input: Input): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => input.pathValues[name] ?? 'x');
  const qs = input.query.flatMap(([k, vs]) => vs.map((v) => `${pct(k)}=${pct(v)}`)).join('&') + input.rawQuery;
  return qs ? `${path}?${qs}` : path;
}

function checkAnswer(op: Operation, url: string, res: LightMyRequestResponse): void {
  const where = `${op.method} ${url.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 500)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
    const p = JSON.parse(res.body) as Record<string, unknown>;
    for (const field of ['type', 'title', 'status', 'detail', 'code', 'requestId']) expect(p, where).toHaveProperty(field);
    expect(p.status, where).toBe(res.statusCode);
    // A problem names what is wrong; it does not echo a large request back.
    expect(res.body.length, where).toBeLessThan(16_384);
  }
}

describe('fuzzing every operation of /openapi.json', () => {
  it('finds the operations in the document, and every /api route is in the document', () => {
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(operations.length).toBeGreaterThan(20);
    expect(operations.some((o) => o.body)).toBe(true);
    expect(operations.some((o) => o.params.some((p) => p.in === 'path'))).toBe(true);
    expect(operations.some((o) => o.params.some((p) => p.in === 'query'))).toBe(true);
    // A route hidden from the document would escape this fuzzing (and the API conventions).
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)));
    expect(t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).filter((k) => !documented.has(k))).toEqual([]);
    expect(operations.filter((o) => !o.access).map((o) => `${o.method} ${o.path}`)).toEqual([]);
    expect(realIds.size).toBeGreaterThan(3);
  });

  for (const op of operations) {
    it(`${op.method} ${op.path}: never a 5xx, every 4xx is problem+json`, async () => {
      const token = await tokenFor(CALLER[op.access?.audience ?? 'admin']);
      await fc.assert(fc.asyncProperty(inputFor(op), async (input) => {
        const url = urlFor(op, input);
        const res = await t.app.inject({
          method: op.method as 'GET', url, remoteAddress: FUZZ_ADDRESS,
          headers: { authorization: `Bearer ${token}`, ...(input.body ? { 'content-type': 'application/json' } : {}) },
          ...(input.body ? { payload: JSON.stringify(input.body.value) ?? 'null' } : {}),
        });
        checkAnswer(op, url, res);
      }), { numRuns: RUNS_PER_OPERATION, seed: SEED, endOnFailure: true });
    });
  }
});
