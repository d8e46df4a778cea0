import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/platform/http/auth.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * PL-IAM-04: walks EVERY /api route the app registers. Operator routes must refuse platform users
 * and consumers; tenant routes (seller, delivery, org audiences) must never let one organisation
 * read or change another's records. A new tenant route without a case below fails this test, so
 * the walk grows with every module.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

type Case = (who: { other: string }) => { url: string; body?: unknown };
/** For each tenant route: a request by seller2 aimed at seller1's records (ids.seller1Staff etc.). */
const TENANT_CASES: Record<string, Case> = {
  'GET /api/org': () => ({ url: '/api/org' }),
  'GET /api/org/staff': () => ({ url: '/api/org/staff' }),
  'POST /api/org/staff': () => ({ url: '/api/org/staff', body: { email: 'x-tenant@example.com', displayName: 'x', password: 'tenant-Walk-2026', roleIds: [ids.seller1CustomRole] } }),
  'GET /api/org/staff/:id': () => ({ url: `/api/org/staff/${ids.seller1Owner}` }),
  'PATCH /api/org/staff/:id': () => ({ url: `/api/org/staff/${ids.seller1Owner}`, body: { status: 'disabled' } }),
  'PUT /api/org/staff/:id/roles': () => ({ url: `/api/org/staff/${ids.seller1Owner}/roles`, body: { roleIds: [] } }),
  'GET /api/org/roles': () => ({ url: '/api/org/roles' }),
  'POST /api/org/roles': () => ({ url: '/api/org/roles', body: { key: 'walk', name: 'Walk', nameZh: '巡查', permissions: ['order:manage'] } }),
  'PATCH /api/org/roles/:id': () => ({ url: `/api/org/roles/${ids.seller1CustomRole}`, body: { name: 'hijacked' } }),
};

beforeAll(async () => {
  t = await createTestApp();
  for (const who of ['admin', 'seller1', 'seller2', 'courier', 'consumer']) tokens[who] = await t.login(`${who}@shiji.test`);
  const me1 = (await t.call('GET', '/api/auth/me', { token: tokens.seller1 })).json();
  ids.seller1Owner = me1.id;
  ids.seller1Org = me1.org.id;
  const role = await t.call('POST', '/api/org/roles', { token: tokens.seller1, body: { key: 'packer', name: 'Packer', nameZh: '打包员', permissions: ['order:manage'] } });
  ids.seller1CustomRole = role.json().id;
});
afterAll(async () => { await t.close(); });

const isTenant = (a: Access) => a.audience === 'seller' || a.audience === 'delivery' || a.audience === 'org';

describe('tenant isolation over every route', () => {
  it('knows a case for every tenant-scoped route', () => {
    const tenantRoutes = t.app.apiRoutes.filter((r) => isTenant(r.access)).map((r) => `${r.method} ${r.url}`);
    expect(tenantRoutes.length).toBeGreaterThan(0);
    expect(tenantRoutes.filter((k) => !TENANT_CASES[k])).toEqual([]);
  });

  it('refuses every operator route to sellers, couriers and consumers (403), and to guests (401)', async () => {
    const adminRoutes = t.app.apiRoutes.filter((r) => r.access.audience === 'admin');
    expect(adminRoutes.length).toBeGreaterThan(10);
    for (const r of adminRoutes) {
      const url = r.url.replace(/:(\w+)/g, 'xyz');
      for (const who of ['seller1', 'courier', 'consumer']) {
        const res = await t.call(r.method, url, { token: tokens[who], body: ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined });
        expect.soft(res.statusCode, `${who} ${r.method} ${r.url}`).toBe(403);
      }
      const guest = await t.call(r.method, url);
      expect.soft(guest.statusCode, `guest ${r.method} ${r.url}`).toBe(401);
    }
  });

  it('never lets seller2 read or change seller1\'s records', async () => {
    for (const r of t.app.apiRoutes.filter((x) => isTenant(x.access))) {
      const key = `${r.method} ${r.url}`;
      const c = TENANT_CASES[key]!({ other: ids.seller1Org! });
      const res = await t.call(r.method, c.url, { token: tokens.seller2, body: c.body });
      const text = res.body;
      // Either refused/not found, or answered about seller2's own organisation only.
      if (res.statusCode < 300) {
        expect.soft(text, key).not.toContain(ids.seller1Owner);
        expect.soft(text, key).not.toContain(ids.seller1Org);
        expect.soft(text, key).not.toContain(ids.seller1CustomRole);
        expect.soft(text, key).not.toContain('山河茶社');
      } else {
        expect.soft([403, 404, 422], `${key} → ${res.statusCode} ${text}`).toContain(res.statusCode);
      }
    }
    // seller1's records are untouched.
    const owner = (await t.call('GET', `/api/org/staff/${ids.seller1Owner}`, { token: tokens.seller1 })).json();
    expect(owner.status).toBe('active');
    const roles = (await t.call('GET', '/api/org/roles', { token: tokens.seller1 })).json().items as { id: string; name: string }[];
    expect(roles.find((r) => r.id === ids.seller1CustomRole)?.name).toBe('Packer');
  });

  it('keeps delivery staff out of seller organisations and consumers out of every tenant route', async () => {
    for (const r of t.app.apiRoutes.filter((x) => isTenant(x.access))) {
      const c = TENANT_CASES[`${r.method} ${r.url}`]!({ other: ids.seller1Org! });
      const res = await t.call(r.method, c.url, { token: tokens.consumer, body: c.body });
      expect.soft(res.statusCode, `consumer ${r.method} ${r.url}`).toBe(403);
      const courier = await t.call(r.method, c.url, { token: tokens.courier, body: c.body });
      if (courier.statusCode < 300) {
        expect.soft(courier.body).not.toContain(ids.seller1Owner);
        expect.soft(courier.body).not.toContain('山河茶社');
      }
    }
  });
});
