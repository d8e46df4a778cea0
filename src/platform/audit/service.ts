import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, asc, desc, eq, gt, gte, isNotNull, isNull, lt, lte, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { afterCommit, type Db, type Queryable, type Tx } from '../db/client.js';
import { newId } from '../db/ids.js';
import { maskPersonal } from '../crypto/mask.js';
import { canonicalJson } from '../crypto/canonical.js';
import type { RequestContext } from '../http/auth.js';
import { auditLog } from './schema.js';

export const GENESIS_HASH = '0'.repeat(64);
// Serialises sealers (across app nodes) so the chain stays linear; held only for one short sealing step.
const AUDIT_LOCK = 7283945002;
/** Most entries one sealing transaction links. */
const SEAL_BATCH = 1000;

export type AuditEntry = {
  /** `<domain>.<verb>` e.g. `identity.login_succeeded`, `org.created`, `personal_data.viewed`. */
  action: string;
  resourceType: string;
  resourceId?: string | null;
  /** Changed fields or facts; personal data is masked and secrets dropped before storing. */
  changes?: Record<string, unknown> | null;
};

export type AuditRow = typeof auditLog.$inferSelect;
/** An entry linked into the chain: it has its place (seq) and hashes. */
export type AuditRecord = AuditRow & { seq: number; prevHash: string; hash: string };


/** SHA-256 over the canonical form of an entry plus the previous entry's hash. */
export function hashEntry(e: Omit<AuditRecord, 'hash'>): string {
  const canonical = canonicalJson([
    e.seq, e.id, e.occurredAt.toISOString(), e.actorId, e.actorOrgId, e.action, e.resourceType, e.resourceId,
    e.changes ?? null, e.ip, e.userAgent, e.requestId, e.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Writes one entry inside the caller's transaction, so it commits or rolls back with the change it
 * records. It takes no lock: right after the transaction commits, the entry is sealed into the hash
 * chain (sealAudit) before the caller's answer goes out. Entries are immutable from the insert on
 * (the table trigger allows only the one-time sealing).
 */
export async function recordAudit(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<AuditRow> {
  const row = {
    id: newId('aud'),
    seq: null,
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
    prevHash: null,
    hash: null,
  };
  await tx.insert(auditLog).values(row);
  afterCommit(tx, 'audit.seal', sealAudit);
  return row;
}

/** One sealing step: under the chain lock, links up to SEAL_BATCH unsealed entries after the head. */
async function sealBatch(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    // The waiting entries and the chain head in one statement (the head is the row with a seq).
    const head = tx.select().from(auditLog).where(isNotNull(auditLog.seq)).orderBy(desc(auditLog.seq)).limit(1);
    const waiting = tx.select().from(auditLog).where(isNull(auditLog.seq)).orderBy(asc(auditLog.occurredAt), asc(auditLog.id)).limit(SEAL_BATCH);
    const found = await unionAll(waiting, head);
    const pending = found.filter((r) => r.seq === null).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1));
    if (pending.length === 0) return 0;
    const last = found.find((r) => r.seq !== null);
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const links = pending.map((row) => {
      seq += 1;
      const hash = hashEntry({ ...row, seq, prevHash });
      const link = sql`(${row.id}, ${seq}::bigint, ${prevHash}, ${hash})`;
      prevHash = hash;
      return link;
    });
    await tx.execute(sql`update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
      from (values ${sql.join(links, sql`, `)}) as v(id, seq, prev_hash, hash) where a.id = v.id and a.seq is null`);
    return pending.length;
  });
}

/** Per database handle: the sealing run in progress and the one queued behind it. */
const sealers = new WeakMap<Db, { running: Promise<number> | null; queued: Promise<number> | null }>();

async function sealAll(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sealBatch(db);
    total += n;
    if (n < SEAL_BATCH) return total;
  }
}

/**
 * Links every entry committed before the call into the hash chain (seq, prev_hash, hash) and resolves
 * when they are sealed. Runs after each auditing transaction commits (and on a timer in the
 * background, for entries whose writer died between commit and sealing). Calls while a run is in
 * progress share the one run queued behind it, so a busy node seals in batches: the chain lock is
 * held for one short step per batch, not by every writing transaction until it commits.
 */
export function sealAudit(db: Db): Promise<number> {
  let state = sealers.get(db);
  if (!state) sealers.set(db, (state = { running: null, queued: null }));
  const s = state;
  const start = (): Promise<number> => {
    const run = sealAll(db).finally(() => { if (s.running === run) s.running = null; });
    s.running = run;
    return run;
  };
  if (!s.running) return start();
  s.queued ??= s.running.catch(() => 0).then(() => { s.queued = null; return start(); });
  return s.queued;
}

/** How many entries wait to be sealed and since when (normally none: sealing follows each commit). */
export async function unsealedAudit(q: Queryable): Promise<{ count: number; oldest: Date | null }> {
  const [r] = await q.select({ count: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${auditLog.occurredAt})` })
    .from(auditLog).where(isNull(auditLog.seq));
  return { count: Number(r?.count ?? 0), oldest: r?.oldest ? new Date(r.oldest) : null };
}

const sealed = (r: AuditRow): AuditRecord => r as AuditRecord;

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
export async function searchAudit(db: Db, f: AuditFilter): Promise<{ items: AuditRecord[]; nextBeforeSeq: number | null }> {
  await sealAudit(db);
  const conds: SQL[] = [isNotNull(auditLog.seq)];
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.actorOrgId) conds.push(eq(auditLog.actorOrgId, f.actorOrgId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.resourceType) conds.push(eq(auditLog.resourceType, f.resourceType));
  if (f.resourceId) conds.push(eq(auditLog.resourceId, f.resourceId));
  if (f.from) conds.push(gte(auditLog.occurredAt, f.from));
  if (f.to) conds.push(lte(auditLog.occurredAt, f.to));
  if (f.beforeSeq !== undefined) conds.push(lt(auditLog.seq, f.beforeSeq));
  const items = (await db.select().from(auditLog).where(and(...conds))
    .orderBy(desc(auditLog.seq)).limit(f.limit + 1)).map(sealed);
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
  /** Entries committed but not yet sealed into the chain (normally 0; they are sealed right after their commit). */
  unsealed: number;
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
  const { count: unsealed } = await unsealedAudit(q);
  const broken = (seq: number, id: string | null, reason: string): VerifyResult =>
    ({ ok: false, checked, head: checked ? { seq: expectedSeq - 1, hash: prevHash } : null, anchorsChecked, firstBroken: { seq, id, reason }, unsealed });
  for (;;) {
    const batch = await q.select().from(auditLog).where(gt(auditLog.seq, expectedSeq - 1))
      .orderBy(asc(auditLog.seq)).limit(1000);
    if (batch.length === 0) break;
    for (const row of batch) {
      if (row.seq !== expectedSeq) return broken(expectedSeq, null, `entry ${expectedSeq} is missing (next present is ${row.seq})`);
      if (row.prevHash !== prevHash) return broken(row.seq, row.id, 'previous-hash link does not match the entry before it');
      const { hash, ...rest } = sealed(row);
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
  return { ok: true, checked, head: headSeq ? { seq: headSeq, hash: prevHash } : null, anchorsChecked, firstBroken: null, unsealed };
}

/** Appends the current chain head to the anchor file when it moved since the last anchor. */
export async function writeAuditAnchor(q: Queryable, anchorFile: string): Promise<Anchor | null> {
  const [head] = await q.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).where(isNotNull(auditLog.seq))
    .orderBy(desc(auditLog.seq)).limit(1);
  if (!head?.seq || !head.hash) return null;
  const anchors = readAnchors(anchorFile);
  const last = anchors[anchors.length - 1];
  if (last && last.seq === head.seq) return null;
  const anchor: Anchor = { seq: head.seq, hash: head.hash, at: new Date().toISOString() };
  fs.mkdirSync(path.dirname(anchorFile), { recursive: true });
  fs.appendFileSync(anchorFile, `${JSON.stringify(anchor)}\n`, { mode: 0o600 });
  return anchor;
}

/** One sealed entry (an entry still being sealed is sealed first). */
export async function getAuditEntry(db: Db, id: string): Promise<AuditRecord | null> {
  await sealAudit(db);
  const [row] = await db.select().from(auditLog).where(and(eq(auditLog.id, id), isNotNull(auditLog.seq))).limit(1);
  return row ? sealed(row) : null;
}
