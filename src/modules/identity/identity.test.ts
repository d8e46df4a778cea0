import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
});
afterAll(async () => { await t.close(); });

async function auditActions(): Promise<string[]> {
  const res = await t.call('GET', '/api/admin/audit?limit=100', { token: admin });
  return (res.json() as { items: { action: string }[] }).items.map((i) => i.action);
}

describe('sign-in and sessions', () => {
  it('signs in by email or by phone and returns the account with its permissions', async () => {
    const byEmail = await t.call('POST', '/api/auth/login', { body: { login: 'Admin@Shiji.test', password: 'shiji-demo' } });
    expect(byEmail.statusCode).toBe(200);
    const body = byEmail.json();
    expect(body.account).toMatchObject({ email: 'admin@shiji.test', org: { kind: 'platform' } });
    expect(body.account.permissions).toContain('org:manage');
    expect(byEmail.cookies.find((c) => c.name === 'shiji_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const byPhone = await t.call('POST', '/api/auth/login', { body: { login: '138 0000 0001', password: 'shiji-demo' } });
    expect(byPhone.statusCode).toBe(200);
  });

  it('accepts the session cookie as well as the bearer token', async () => {
    const login = await t.call('POST', '/api/auth/login', { body: { login: 'consumer@shiji.test', password: 'shiji-demo' } });
    const cookie = login.cookies.find((c) => c.name === 'shiji_session')!;
    const res = await t.call('GET', '/api/auth/me', { headers: { cookie: `shiji_session=${cookie.value}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'consumer', org: null });
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const wrong = await t.call('POST', '/api/auth/login', { body: { login: 'seller2@shiji.test', password: 'not-the-password' } });
    const unknown = await t.call('POST', '/api/auth/login', { body: { login: 'nobody@shiji.test', password: 'not-the-password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('logs out: the token stops working and the logout is audited', async () => {
    const token = await t.login('seller1@shiji.test');
    expect((await t.call('POST', '/api/auth/logout', { token })).statusCode).toBe(204);
    const after = await t.call('GET', '/api/auth/me', { token });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.unauthenticated');
    expect(await auditActions()).toContain('auth.session_revoked');
  });

  it('lists own sessions and revokes one; an admin revokes anyone\'s', async () => {
    const a = await t.login('courier@shiji.test');
    const b = await t.login('courier@shiji.test');
    const list = (await t.call('GET', '/api/auth/sessions', { token: a })).json().items as { id: string; current: boolean }[];
    expect(list.length).toBeGreaterThanOrEqual(2);
    const other = list.find((s) => !s.current)!;
    expect((await t.call('DELETE', `/api/auth/sessions/${other.id}`, { token: a })).statusCode).toBe(204);
    const stillA = await t.call('GET', '/api/auth/me', { token: a });
    expect(stillA.statusCode).toBe(200);
    const me = stillA.json();
    const adminList = (await t.call('GET', `/api/admin/accounts/${me.id}/sessions`, { token: admin })).json().items as { id: string }[];
    for (const s of adminList) expect((await t.call('DELETE', `/api/admin/sessions/${s.id}`, { token: admin })).statusCode).toBe(204);
    expect((await t.call('GET', '/api/auth/me', { token: a })).statusCode).toBe(401);
    expect((await t.call('GET', '/api/auth/me', { token: b })).statusCode).toBe(401);
  });

  it('expires a session after the idle timeout and after the absolute timeout', async () => {
    const token = await t.login('seller2@shiji.test');
    await t.platform.db.execute(sql`update identity_session set idle_expires_at = now() - interval '1 second' where revoked_at is null and account_id = (select account_id from identity_session order by created_at desc limit 1)`);
    expect((await t.call('GET', '/api/auth/me', { token })).statusCode).toBe(401);
    const token2 = await t.login('seller2@shiji.test');
    await t.platform.db.execute(sql`update identity_session set absolute_expires_at = now() - interval '1 second' where revoked_at is null and account_id = (select account_id from identity_session order by created_at desc limit 1)`);
    expect((await t.call('GET', '/api/auth/me', { token: token2 })).statusCode).toBe(401);
  });

  it('changes the password, ends the other sessions and refuses a wrong current password', async () => {
    const reg = await t.call('POST', '/api/auth/register', { body: { email: 'pw@example.com', password: 'first-Passw0rd', displayName: '测试用户' } });
    expect(reg.statusCode).toBe(201);
    const a = await t.login('pw@example.com', 'first-Passw0rd');
    const b = await t.login('pw@example.com', 'first-Passw0rd');
    const bad = await t.call('POST', '/api/auth/password', { token: a, body: { currentPassword: 'nope-nope', newPassword: 'second-Passw0rd' } });
    expect(bad.statusCode).toBe(401);
    const ok = await t.call('POST', '/api/auth/password', { token: a, body: { currentPassword: 'first-Passw0rd', newPassword: 'second-Passw0rd' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.call('GET', '/api/auth/me', { token: a })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/auth/me', { token: b })).statusCode).toBe(401);
    await expect(t.login('pw@example.com', 'first-Passw0rd')).rejects.toThrow(/401/);
    await t.login('pw@example.com', 'second-Passw0rd');
  });
});

describe('consumer registration', () => {
  it('registers with a phone only, refuses a taken login and a weak password, storing nothing', async () => {
    const ok = await t.call('POST', '/api/auth/register', { body: { phone: '13912345678', password: 'tea-lover-2026', displayName: '小王' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'consumer', phone: '+8613912345678', email: null });
    const taken = await t.call('POST', '/api/auth/register', { body: { phone: '+86 139 1234 5678', password: 'another-pass-1', displayName: '冒名' } });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('identity.login_taken');
    const weak = await t.call('POST', '/api/auth/register', { body: { email: 'weak@example.com', password: '12345678', displayName: '弱' } });
    expect(weak.statusCode).toBe(422);
    expect((await t.call('POST', '/api/auth/login', { body: { login: 'weak@example.com', password: '12345678' } })).statusCode).toBe(401);
    const none = await t.call('POST', '/api/auth/register', { body: { password: 'tea-lover-2026', displayName: '无' } });
    expect(none.statusCode).toBe(400);
  });

  it('stores email, phone and name only encrypted, with blind indexes', async () => {
    await t.call('POST', '/api/auth/register', { body: { email: 'secret.person@example.com', phone: '13698765432', password: 'tea-lover-2026', displayName: '秘密' } });
    const res = await t.platform.db.execute(sql`select * from identity_account`);
    const dump = JSON.stringify((res as unknown as { rows: unknown[] }).rows);
    expect(dump).not.toContain('secret.person');
    expect(dump).not.toContain('13698765432');
    expect(dump).not.toContain('秘密');
  });
});

describe('two-step verification', () => {
  it('sets up TOTP, then requires the code at sign-in and refuses a replayed code', async () => {
    await t.call('POST', '/api/auth/register', { body: { email: 'totp@example.com', password: 'tea-lover-2026', displayName: '双因子' } });
    const token = await t.login('totp@example.com', 'tea-lover-2026');
    const setup = await t.call('POST', '/api/auth/totp/setup', { token });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await t.call('POST', '/api/auth/totp/enable', { token, body: { code: '000000' } })).json().code).toBe('identity.invalid_totp_code');
    const code = await generate({ secret });
    expect((await t.call('POST', '/api/auth/totp/enable', { token, body: { code } })).statusCode).toBe(204);
    const noCode = await t.call('POST', '/api/auth/login', { body: { login: 'totp@example.com', password: 'tea-lover-2026' } });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('auth.totp_required');
    // The code used to enable is spent; a fresh window may yield the same code, so replay must fail.
    const replay = await t.call('POST', '/api/auth/login', { body: { login: 'totp@example.com', password: 'tea-lover-2026', totp: code } });
    expect(replay.statusCode).toBe(401);
  });

  it('restricts operator staff to TOTP set-up when the policy requires it', async () => {
    const strict = await createTestApp({ requireStaffTotp: true });
    try {
      const token = await strict.login('admin@shiji.test');
      const me = (await strict.call('GET', '/api/auth/me', { token })).json();
      expect(me.mustEnrollTotp).toBe(true);
      expect(me.permissions).toEqual([]);
      expect((await strict.call('GET', '/api/admin/organisations', { token })).statusCode).toBe(403);
      expect((await strict.call('POST', '/api/auth/totp/setup', { token })).statusCode).toBe(200);
      // Sellers are not operator staff: unaffected.
      const seller = await strict.login('seller1@shiji.test');
      expect((await strict.call('GET', '/api/org/staff', { token: seller })).statusCode).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('organisations, staff and roles', () => {
  it('creates a seller organisation with its owner, who lands in the seller area', async () => {
    const res = await t.call('POST', '/api/admin/organisations', { token: admin, body: {
      kind: 'seller', entityType: 'individual', name: '小林手作', owner: { email: 'lin@example.com', displayName: '林小姐', password: 'handmade-2026' } } });
    expect(res.statusCode).toBe(201);
    const { organisation, owner } = res.json();
    expect(organisation).toMatchObject({ kind: 'seller', entityType: 'individual', status: 'active' });
    expect(owner.roles.map((r: { key: string }) => r.key)).toEqual(['seller_owner']);
    const token = await t.login('lin@example.com', 'handmade-2026');
    const me = (await t.call('GET', '/api/auth/me', { token })).json();
    expect(me.org).toMatchObject({ id: organisation.id, kind: 'seller' });
    expect((await t.call('GET', '/api/admin/organisations', { token })).statusCode).toBe(403);
    expect(await auditActions()).toEqual(expect.arrayContaining(['org.created', 'staff.created']));
  });

  it('refuses an individual payment provider and stores nothing (PL-IAM-01)', async () => {
    const before = (await t.call('GET', '/api/admin/organisations?kind=payment', { token: admin })).json().items.length;
    const res = await t.call('POST', '/api/admin/organisations', { token: admin, body: { kind: 'payment', entityType: 'individual', name: '个人支付' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('identity.invalid_entity_type');
    expect((await t.call('GET', '/api/admin/organisations?kind=payment', { token: admin })).json().items.length).toBe(before);
  });

  it('suspending an organisation ends its sessions and blocks sign-in', async () => {
    const created = (await t.call('POST', '/api/admin/organisations', { token: admin, body: {
      kind: 'delivery', entityType: 'organisation', name: '临时物流', owner: { email: 'tmp@logistics.example', displayName: '调度', password: 'dispatch-2026' } } })).json();
    const token = await t.login('tmp@logistics.example', 'dispatch-2026');
    expect((await t.call('PATCH', `/api/admin/organisations/${created.organisation.id}`, { token: admin, body: { status: 'suspended' } })).statusCode).toBe(200);
    expect((await t.call('GET', '/api/auth/me', { token })).statusCode).toBe(401);
    expect((await t.call('POST', '/api/auth/login', { body: { login: 'tmp@logistics.example', password: 'dispatch-2026' } })).statusCode).toBe(401);
  });

  it('lets a seller owner add staff with a predefined role but not grant permissions it lacks', async () => {
    const owner = await t.login('seller1@shiji.test');
    const roles = (await t.call('GET', '/api/org/roles', { token: owner })).json().items as { id: string; key: string }[];
    expect(roles.map((r) => r.key).sort()).toEqual(['seller_owner', 'seller_staff']);
    const staffRole = roles.find((r) => r.key === 'seller_staff')!;
    const created = await t.call('POST', '/api/org/staff', { token: owner, body: { email: 'clerk@shanhe.example', displayName: '店员小刘', password: 'shop-Floor-2026', roleIds: [staffRole.id] } });
    expect(created.statusCode).toBe(201);
    const operatorRoles = (await t.call('GET', '/api/admin/roles?orgKind=platform', { token: admin })).json().items as { id: string; key: string }[];
    const adminRole = operatorRoles.find((r) => r.key === 'operator_admin')!;
    const escalate = await t.call('PUT', `/api/org/staff/${created.json().id}/roles`, { token: owner, body: { roleIds: [adminRole.id] } });
    expect(escalate.statusCode).toBe(422);
    expect(escalate.json().code).toBe('identity.role_not_assignable');
    const custom = await t.call('POST', '/api/org/roles', { token: owner, body: { key: 'packer', name: 'Packer', nameZh: '打包员', permissions: ['order:manage', 'org:manage'] } });
    expect(custom.statusCode).toBe(422);
    const clerk = await t.login('clerk@shanhe.example', 'shop-Floor-2026');
    expect((await t.call('POST', '/api/org/staff', { token: clerk, body: { email: 'x@shanhe.example', displayName: 'x', password: 'shop-Floor-2026' } })).statusCode).toBe(403);
  });

  it('audits reads of unmasked personal data and masks it in lists', async () => {
    const list = (await t.call('GET', '/api/admin/accounts?kind=consumer', { token: admin })).json().items as { id: string; email: string | null }[];
    const consumer = list.find((a) => a.email?.endsWith('@shiji.test'))!;
    expect(consumer.email).toBe('c***@shiji.test');
    const one = await t.call('GET', `/api/admin/accounts/${consumer.id}`, { token: admin });
    expect(one.json().email).toBe('consumer@shiji.test');
    const trail = (await t.call('GET', `/api/admin/audit?resourceId=${consumer.id}&action=personal_data.viewed`, { token: admin })).json().items;
    expect(trail.length).toBe(1);
  });

  it('refuses a predefined role change and an unknown permission', async () => {
    const roles = (await t.call('GET', '/api/admin/roles', { token: admin })).json().items as { id: string; key: string }[];
    const auditor = roles.find((r) => r.key === 'auditor')!;
    expect((await t.call('PATCH', `/api/admin/roles/${auditor.id}`, { token: admin, body: { name: 'x' } })).statusCode).toBe(409);
    const bad = await t.call('POST', '/api/admin/roles', { token: admin, body: { key: 'odd', name: 'Odd', nameZh: '奇怪', permissions: ['nuke:all'] } });
    expect(bad.statusCode).toBe(422);
    const ok = await t.call('POST', '/api/admin/roles', { token: admin, body: { key: 'night_cs', name: 'Night CS', nameZh: '夜班客服', permissions: ['complaint:handle'] } });
    expect(ok.statusCode).toBe(201);
  });
});
