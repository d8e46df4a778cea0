import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('a raw dump of every table holds no plaintext email, phone or personal name (PL-SEC-03)', async () => {
  const admin = await t.login('admin@shiji.test');
  // Exercise paths that touch personal data: registration, failed login, staff creation, audited reads.
  await t.call('POST', '/api/auth/register', { body: { email: 'dump.check@example.com', phone: '13711112222', password: 'dump-check-2026', displayName: '欧阳娜娜' } });
  await t.call('POST', '/api/auth/login', { body: { login: 'dump.check@example.com', password: 'wrong-password' } });
  await t.call('POST', '/api/auth/login', { body: { login: '13711112222', password: 'wrong-password' } });
  const list = (await t.call('GET', '/api/admin/accounts?kind=consumer', { token: admin })).json().items as { id: string }[];
  for (const a of list) await t.call('GET', `/api/admin/accounts/${a.id}`, { token: admin });
  const tables = await rows<{ name: string }>(t.platform.db, sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`);
  expect(tables.length).toBeGreaterThan(5);
  let dump = '';
  for (const { name } of tables) {
    const r = await rows(t.platform.db, sql.raw(`select row_to_json(x)::text as j from "${name}" x`));
    dump += r.map((x) => (x as { j: string }).j).join('\n');
  }
  for (const plain of ['dump.check@example.com', 'dump.check', '13711112222', '欧阳娜娜', 'consumer@shiji.test', '13800000005', '张三', 'admin@shiji.test']) {
    expect(dump, plain).not.toContain(plain);
  }
});
