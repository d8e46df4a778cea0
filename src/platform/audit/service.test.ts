import { sql } from 'drizzle-orm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, onRealPostgres } from '../../../test/helpers/db.js';
import type { Database } from '../db/client.js';
import { systemContext } from '../http/auth.js';
import { recordAudit, sealAudit, searchAudit, verifyAudit, writeAuditAnchor } from './service.js';

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

  it('writes the entry unsealed in the transaction and seals it into the chain as soon as that commits', async () => {
    let inTx: Awaited<ReturnType<typeof recordAudit>> | null = null;
    await database.db.transaction(async (tx) => {
      inTx = await recordAudit(tx, ctx, { action: 'test.sealed_after_commit', resourceType: 'thing', resourceId: 'late' });
      const [r] = (await tx.execute(sql`select seq, hash from audit_log where id = ${inTx.id}`)).rows as Array<{ seq: unknown; hash: unknown }>;
      expect(r).toEqual({ seq: null, hash: null });
    });
    const [after] = (await database.db.execute(sql`select seq, prev_hash, hash from audit_log where id = ${inTx!.id}`)).rows as Array<{ seq: number; prev_hash: string; hash: string }>;
    expect(after!.seq).toBeGreaterThan(0);
    expect(after!.hash).toMatch(/^[0-9a-f]{64}$/);
    const res = await verifyAudit(database.db);
    expect(res).toMatchObject({ ok: true, unsealed: 0, head: { seq: after!.seq, hash: after!.hash } });
  });

  it('seals entries whose writer stopped between commit and sealing (the background sweep), and the search shows them', async () => {
    // As if the process died right after committing: the entry is in the table, unsealed.
    await database.db.execute(sql`insert into audit_log (id, occurred_at, action, resource_type, resource_id)
      values ('aud_orphan_entry', now(), 'test.orphan', 'thing', 'o1')`);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, unsealed: 1 });
    // Its content is fixed from the insert on: only sealing may touch it, and nothing may delete it.
    await expect(database.db.execute(sql`update audit_log set action = 'x' where id = 'aud_orphan_entry'`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(database.db.execute(sql`delete from audit_log where id = 'aud_orphan_entry'`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    expect(await sealAudit(database.db)).toBe(1);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, unsealed: 0 });
    const found = await searchAudit(database.db, { action: 'test.orphan', limit: 5 });
    expect(found.items.map((e) => e.id)).toEqual(['aud_orphan_entry']);
    // Sealed once: moving it in the chain or unsealing it is refused.
    await expect(database.db.execute(sql`update audit_log set seq = seq + 1000 where id = 'aud_orphan_entry'`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
    await expect(database.db.execute(sql`update audit_log set seq = null, prev_hash = null, hash = null where id = 'aud_orphan_entry'`)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/append-only/) } });
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

  it.runIf(onRealPostgres)('stays linear under 200 concurrent writers', async () => {
    const before = (await verifyAudit(database.db)).checked;
    await Promise.all(Array.from({ length: 200 }, (_, i) =>
      database.db.transaction((tx) => recordAudit(tx, ctx, { action: 'test.concurrent', resourceType: 'thing', resourceId: String(i) }))));
    const res = await verifyAudit(database.db);
    expect(res.ok).toBe(true);
    expect(res.checked).toBe(before + 200);
    expect(res.unsealed).toBe(0);
  });

  it.runIf(onRealPostgres)('lets auditing transactions run side by side: an open one does not hold up another', async () => {
    // Before issue 6 every audited transaction held the chain lock until it committed, so all
    // checkouts of the platform ran one at a time. Now the second transaction commits (and is
    // sealed) while the first is still open; the first is sealed after it.
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((r) => { releaseFirst = r; });
    let firstWrote!: () => void;
    const firstHasWritten = new Promise<void>((r) => { firstWrote = r; });
    const first = database.db.transaction(async (tx) => {
      const e = await recordAudit(tx, ctx, { action: 'test.side_by_side', resourceType: 'thing', resourceId: 'first' });
      firstWrote();
      await firstMayCommit;
      return e.id;
    });
    await firstHasWritten;
    const secondId = await database.db.transaction(async (tx) => (await recordAudit(tx, ctx, { action: 'test.side_by_side', resourceType: 'thing', resourceId: 'second' })).id);
    const seqOf = async (id: string) => ((await database.db.execute(sql`select seq from audit_log where id = ${id}`)).rows[0] as { seq: number | null }).seq;
    expect(await seqOf(secondId)).toBeGreaterThan(0);
    releaseFirst();
    const firstId = await first;
    expect(await seqOf(firstId)).toBeGreaterThan((await seqOf(secondId))!);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, unsealed: 0 });
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
