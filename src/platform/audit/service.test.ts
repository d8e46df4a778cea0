import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, onRealPostgres } from '../../../test/helpers/db.js';
import type { Database } from '../db/client.js';
import { systemContext } from '../http/auth.js';
import { recordAudit, verifyAudit, writeAuditAnchor } from './service.js';

let database: Database;
beforeAll(async () => { database = await createTestDb(); });
afterAll(async () => { await database.close(); });

const ctx = systemContext('test');

describe('audit chain', () => {
  it('links entries and verifies an untouched chain', async () => {
    for (let i = 0; i < 5; i++) {
      await database.db.transaction((tx) => recordAudit(tx, ctx, { action: 'test.did', resourceType: 'thing', resourceId: `t${i}`, changes: { n: i, email: 'alice@example.com' } }));
    }
    const res = await verifyAudit(database.db);
    expect(res).toMatchObject({ ok: true, checked: 5, firstBroken: null });
  });

  it('masks personal data and drops secrets in recorded changes', async () => {
    const rec = await database.db.transaction((tx) => recordAudit(tx, ctx, {
      action: 'test.masked', resourceType: 'thing', changes: { phone: '13800138000', password: 'hunter2', nested: { email: 'bob@example.com' }, to: 'carol@example.com', list: ['+8613912345678'], kind: 'seller' } }));
    expect(rec.changes).toEqual({ phone: '138****8000', password: '[secret]', nested: { email: 'b***@example.com' }, to: 'c***@example.com', list: ['+86****5678'], kind: 'seller' });
  });

  it('rolls the entry back with the transaction it belongs to', async () => {
    const before = await verifyAudit(database.db);
    await expect(database.db.transaction(async (tx) => {
      await recordAudit(tx, ctx, { action: 'test.rolled_back', resourceType: 'thing' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const after = await verifyAudit(database.db);
    expect(after.checked).toBe(before.checked);
  });

  it('refuses UPDATE and DELETE on the audit table', async () => {
    await expect(database.db.execute(sql`update audit_log set action = 'x' where seq = 1`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(database.db.execute(sql`delete from audit_log where seq = 1`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
  });

  it.runIf(onRealPostgres)('stays linear under 40 concurrent writers', async () => {
    const before = (await verifyAudit(database.db)).checked;
    await Promise.all(Array.from({ length: 40 }, (_, i) =>
      database.db.transaction((tx) => recordAudit(tx, ctx, { action: 'test.concurrent', resourceType: 'thing', resourceId: String(i) }))));
    const res = await verifyAudit(database.db);
    expect(res.ok).toBe(true);
    expect(res.checked).toBe(before + 40);
  });

  it('names the altered row when an entry is changed by hand, and detects a full rewrite via anchors', async () => {
    const anchorFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-anchor-')), 'anchors.jsonl');
    await writeAuditAnchor(database.db, anchorFile);
    // A database administrator bypassing the append-only trigger:
    await database.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
    await database.db.execute(sql`update audit_log set resource_id = 'forged' where seq = 3`);
    const res = await verifyAudit(database.db, anchorFile);
    expect(res.ok).toBe(false);
    expect(res.firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/altered/) });
    await database.db.execute(sql`update audit_log set resource_id = 't2' where seq = 3`);
    expect((await verifyAudit(database.db, anchorFile)).ok).toBe(true);
    // Deleting the newest entries is caught by the anchor.
    const head = (await verifyAudit(database.db)).head!.seq;
    await database.db.execute(sql`delete from audit_log where seq = ${head}`);
    const cut = await verifyAudit(database.db, anchorFile);
    expect(cut.ok).toBe(false);
    expect(cut.firstBroken?.reason).toMatch(/deleted/);
    await database.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);
  });
});
