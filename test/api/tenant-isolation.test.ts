import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/platform/http/auth.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { catalogCases } from './tenant-cases/catalog.js';
import { identityCases } from './tenant-cases/identity.js';
import { inventoryCases } from './tenant-cases/inventory.js';
import { financeCases } from './tenant-cases/finance.js';
import { paymentCases } from './tenant-cases/payment.js';
import { orderCases } from './tenant-cases/order.js';
import type { TenantCase, TenantCaseSet } from './tenant-cases/types.js';

/**
 * PL-IAM-04: walks EVERY /api route the app registers. Operator routes must refuse platform users
 * and consumers; tenant routes (seller, delivery, org audiences) must never let one organisation
 * read or change another's records. A new tenant route without a case below fails this test, so
 * the walk grows with every module.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

/** Every module's cases; a module with tenant routes adds its file here. */
const SETS: TenantCaseSet[] = [identityCases, catalogCases, inventoryCases, financeCases, paymentCases, orderCases];
const TENANT_CASES: Record<string, TenantCase> = Object.assign({}, ...SETS.map((s) => s.cases));
let secrets: string[] = [];

beforeAll(async () => {
  t = await createTestApp({}, { catalog: true });
  for (const who of ['admin', 'seller1', 'seller2', 'courier', 'consumer']) tokens[who] = await t.login(`${who}@shiji.test`);
  for (const set of SETS) await set.setup?.({ t, tokens, ids });
  secrets = SETS.flatMap((s) => s.secrets?.(ids) ?? []);
  expect(secrets.every((x) => typeof x === 'string' && x.length > 0)).toBe(true);
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
      const c = TENANT_CASES[key]!(ids);
      const res = await t.call(r.method, c.url, { token: tokens.seller2, body: c.body });
      const text = res.body;
      // Either refused/not found, or answered about seller2's own organisation only.
      if (res.statusCode < 300) {
        for (const secret of secrets) expect.soft(text, key).not.toContain(secret);
      } else {
        expect.soft([403, 404, 415, 422], `${key} → ${res.statusCode} ${text}`).toContain(res.statusCode);
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
      const c = TENANT_CASES[`${r.method} ${r.url}`]!(ids);
      const res = await t.call(r.method, c.url, { token: tokens.consumer, body: c.body });
      expect.soft(res.statusCode, `consumer ${r.method} ${r.url}`).toBe(403);
      const courier = await t.call(r.method, c.url, { token: tokens.courier, body: c.body });
      if (courier.statusCode < 300) {
        for (const secret of secrets) expect.soft(courier.body).not.toContain(secret);
      }
    }
  });
});
