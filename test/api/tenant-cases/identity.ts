import type { TenantCaseSet } from './types.js';

export const identityCases: TenantCaseSet = {
  async setup({ t, tokens, ids }) {
    const me1 = (await t.call('GET', '/api/auth/me', { token: tokens.seller1 })).json();
    ids.seller1Owner = me1.id;
    ids.seller1Org = me1.org.id;
    const role = await t.call('POST', '/api/org/roles', { token: tokens.seller1, body: { key: 'packer', name: 'Packer', nameZh: '打包员', permissions: ['order:manage'] } });
    ids.seller1CustomRole = role.json().id;
  },
  cases: {
    'GET /api/org': () => ({ url: '/api/org' }),
    'GET /api/org/staff': () => ({ url: '/api/org/staff' }),
    'POST /api/org/staff': (ids) => ({ url: '/api/org/staff', body: { email: 'x-tenant@example.com', displayName: 'x', password: 'tenant-Walk-2026', roleIds: [ids.seller1CustomRole] } }),
    'GET /api/org/staff/:id': (ids) => ({ url: `/api/org/staff/${ids.seller1Owner}` }),
    'PATCH /api/org/staff/:id': (ids) => ({ url: `/api/org/staff/${ids.seller1Owner}`, body: { status: 'disabled' } }),
    'PUT /api/org/staff/:id/roles': (ids) => ({ url: `/api/org/staff/${ids.seller1Owner}/roles`, body: { roleIds: [] } }),
    'GET /api/org/roles': () => ({ url: '/api/org/roles' }),
    'POST /api/org/roles': () => ({ url: '/api/org/roles', body: { key: 'walk', name: 'Walk', nameZh: '巡查', permissions: ['order:manage'] } }),
    'PATCH /api/org/roles/:id': (ids) => ({ url: `/api/org/roles/${ids.seller1CustomRole}`, body: { name: 'hijacked' } }),
  },
  secrets: (ids) => [ids.seller1Owner!, ids.seller1Org!, ids.seller1CustomRole!, '山河茶社'],
};
