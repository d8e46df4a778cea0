import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, desc, eq, gt, gte, lt, lte, type SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { newId } from '../db/ids.js';
import { maskPersonal } from '../crypto/mask.js';
import { canonicalJson } from '../crypto/canonical.js';
import type { RequestContext } from '../http/auth.js';
import { auditLog } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);
// Serialises audit writers so the chain stays linear under concurrent transactions.
const AUDIT_LOCK = 7283945002;

export type AuditEntry = {
  /** `<domain>.<verb>` e.g. `identity.login_succeeded`, `org.created`, `personal_data.viewed`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Changed fields or facts; personal data is masked and secrets dropped before storing. */
  changes?: Record<string, unknown> | null;
};

export type AuditRecord = typeof auditLog.$inferSelect;


/** SHA-256 over the canonical form of an entry plus the previous entry's hash. */
export function hashEntry(e: Omit<AuditRecord, 'hash'>): string {
  const canonical = canonicalJson([
    e.seq, e.id, e.occurredAt.toISOString(), e.actorId, e.actorOrgId, e.action, e.resourceType, e.resourceId,
    e.changes ?? null, e.ip, e.userAgent, e.requestId, e.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends one entry to the audit chain inside the caller's transaction, so the entry commits or rolls
 * back with the change it records. Concurrent writers are serialised by a transaction-scoped advisory
 * lock: seq stays contiguous and each entry links to exactly one predecessor.
 */
export async function recordAudit(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<AuditRecord> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog)
    .orderBy(desc(auditLog.seq)).limit(1);
  const base = {
    seq: (last?.seq ?? 0) + 1,
    id: newId('aud'),
    occurredAt: new Date(),
    actorId: ctx.actorId,
    actorOrgId: ctx.actorOrgId,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId ?? null,
    changes: entry.changes ? (maskPersonal(entry.changes) as Record<string, unknown>) : null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const record = { ...base, hash: hashEntry(base) };
  await tx.insert(auditLog).values(record);
  return record;
}

export type AuditFilter = {
  actorId?: string | undefined;
  actorOrgId?: string | undefined;
  action?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  /** seq to continue below (newest first). */
  beforeSeq?: number | undefined;
};

/** Newest-first page of audit entries matching every given filter. */
export async function searchAudit(q: Queryable, f: AuditFilter): Promise<{ items: AuditRecord[]; nextBeforeSeq: number | null }> {
  const conds: SQL[] = [];
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.actorOrgId) conds.push(eq(auditLog.actorOrgId, f.actorOrgId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.resourceType) conds.push(eq(auditLog.resourceType, f.resourceType));
  if (f.resourceId) conds.push(eq(auditLog.resourceId, f.resourceId));
  if (f.from) conds.push(gte(auditLog.occurredAt, f.from));
  if (f.to) conds.push(lte(auditLog.occurredAt, f.to));
  if (f.beforeSeq !== undefined) conds.push(lt(auditLog.seq, f.beforeSeq));
  const items = await q.select().from(auditLog).where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(auditLog.seq)).limit(f.limit + 1);
  const more = items.length > f.limit;
  const page = more ? items.slice(0, f.limit) : items;
  return { items: page, nextBeforeSeq: more ? page[page.length - 1]!.seq : null };
}

export type Anchor = { seq: number; hash: string; at: string };

export type VerifyResult = {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string } | null;
  anchorsChecked: number;
  firstBroken: { seq: number; id: string | null; reason: string } | null;
};

export function readAnchors(file: string): Anchor[] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap((line) => {
    try { return [JSON.parse(line) as Anchor]; } catch { return []; }
  });
}

/**
 * Recomputes the whole chain in seq order and names the first entry that is missing, re-linked or
 * altered. Anchors (chain heads written to a file outside the database) catch a rewrite of the whole
 * table and the removal of the newest entries.
 */
export async function verifyAudit(q: Queryable, anchorFile?: string): Promise<VerifyResult> {
  const anchors = anchorFile ? readAnchors(anchorFile) : [];
  const anchorBySeq = new Map<number, Anchor>();
  for (const a of anchors) anchorBySeq.set(a.seq, a);
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let anchorsChecked = 0;
  const broken = (seq: number, id: string | null, reason: string): VerifyResult =>
    ({ ok: false, checked, head: checked ? { seq: expectedSeq - 1, hash: prevHash } : null, anchorsChecked, firstBroken: { seq, id, reason } });
  for (;;) {
    const batch = await q.select().from(auditLog).where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq)).limit(1000);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== expectedSeq) return broken(expectedSeq, null, `entry ${expectedSeq} is missing (next present is ${row.seq})`);
      if (row.prevHash !== prevHash) return broken(row.seq, row.id, 'previous-hash link does not match the entry before it');
      const { hash, ...rest } = row;
      if (hashEntry(rest) !== hash) return broken(row.seq, row.id, 'content does not match its hash: the entry was altered');
      const anchor = anchorBySeq.get(row.seq);
      if (anchor) {
        anchorsChecked += 1;
        if (anchor.hash !== hash) return broken(row.seq, row.id, `hash differs from the anchor written at ${anchor.at}: the chain was rewritten`);
      }
      prevHash = hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const headSeq = expectedSeq - 1;
  const beyond = anchors.filter((a) => a.seq > headSeq).sort((a, b) => a.seq - b.seq)[0];
  if (beyond) return broken(headSeq + 1, null, `entries up to ${beyond.seq} existed at ${beyond.at} but are gone: the newest entries were deleted`);
  return { ok: true, checked, head: headSeq ? { seq: headSeq, hash: prevHash } : null, anchorsChecked, firstBroken: null };
}

/** Appends the current chain head to the anchor file when it moved since the last anchor. */
export async function writeAuditAnchor(q: Queryable, anchorFile: string): Promise<Anchor | null> {
  const [head] = await q.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  if (!head) return null;
  const anchors = readAnchors(anchorFile);
  const last = anchors[anchors.length - 1];
  if (last && last.seq === head.seq) return null;
  const anchor: Anchor = { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
  fs.mkdirSync(path.dirname(anchorFile), { recursive: true });
  fs.appendFileSync(anchorFile, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

export async function getAuditEntry(q: Queryable, id: string): Promise<AuditRecord | null> {
  const [row] = await q.select().from(auditLog).where(eq(auditLog.id, id)).limit(1);
  return row ?? null;
}
