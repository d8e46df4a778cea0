import { and, desc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import { dueAt, isOverdue, loadCalendarSpec } from '@/platform/calendar/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Db, Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { ReconciliationExceptionOut, ReconciliationRunOut } from '../contract.js';
import { InvalidStatementDate, ProviderNotFound, ReconciliationExceptionNotFound, ReconciliationExceptionResolved } from '../errors.js';
import { paymentAdapterCodes, type ProviderTxn } from '../ports.js';
import { payment, provider, reconciliationException, reconciliationRun, refund, transfer } from '../schema.js';
import { exactTime, money, shanghaiDate, shanghaiDayBounds } from './common.js';
import { adapterFor, providerByCode, providerCredentials, providersByIds, type ProviderRow } from './providers.js';

type RunRow = typeof reconciliationRun.$inferSelect;
type ExceptionRow = typeof reconciliationException.$inferSelect;
type Kind = ExceptionRow['kind'];
/** Our side of one transaction. */
type Ours = { kind: ProviderTxn['kind']; ref: string; amount: number; currency: string; status: string; at: string | null };
type Found = { kind: Kind; subjectType: string; subjectRef: string; platform: Record<string, unknown> | null; provider: Record<string, unknown> | null };

/** Due time of new exceptions: one working day on the default calendar (PL-PAY-07). */
export const EXCEPTION_DUE = '1 working day';

const theirsJson = (t: ProviderTxn) => ({ providerRef: t.providerRef, status: t.status, amount: t.amount, currency: t.currency,
  completedAt: t.completedAt?.toISOString() ?? null, failureReason: t.failureReason });
const oursJson = (o: Ours) => ({ id: o.ref, status: o.status, amount: o.amount, currency: o.currency, succeededAt: o.at });
const signed = (kind: ProviderTxn['kind'], amount: number) => (kind === 'charge' ? amount : -amount);

/** Our succeeded charges, refunds and transfers of one provider whose success falls in [start, end). */
async function oursOfDay(q: Queryable, providerId: string, start: Date, end: Date): Promise<Ours[]> {
  const pays = await q.select().from(payment)
    .where(and(eq(payment.providerId, providerId), eq(payment.status, 'succeeded'), gte(payment.succeededAt, start), lt(payment.succeededAt, end)));
  const refs = await q.select({ r: refund }).from(refund).innerJoin(payment, eq(payment.id, refund.paymentId))
    .where(and(eq(payment.providerId, providerId), eq(refund.status, 'succeeded'), gte(refund.succeededAt, start), lt(refund.succeededAt, end)));
  const trfs = await q.select().from(transfer)
    .where(and(eq(transfer.providerId, providerId), eq(transfer.status, 'succeeded'), gte(transfer.succeededAt, start), lt(transfer.succeededAt, end)));
  return [
    ...pays.map((p) => ({ kind: 'charge' as const, ref: p.id, amount: p.amount, currency: p.currency, status: p.status, at: p.succeededAt?.toISOString() ?? null })),
    ...refs.map(({ r }) => ({ kind: 'refund' as const, ref: r.id, amount: r.amount, currency: r.currency, status: r.status, at: r.succeededAt?.toISOString() ?? null })),
    ...trfs.map((t) => ({ kind: 'transfer' as const, ref: t.id, amount: t.amount, currency: t.currency, status: t.status, at: t.succeededAt?.toISOString() ?? null })),
  ];
}

/** Our record of a transaction the statement names, whatever its day and status. */
async function oursAnyDay(q: Queryable, kind: ProviderTxn['kind'], ref: string): Promise<Ours | null> {
  const table = kind === 'charge' ? payment : kind === 'refund' ? refund : transfer;
  const [r] = await q.select().from(table).where(eq(table.id, ref));
  return r ? { kind, ref: r.id, amount: r.amount, currency: r.currency, status: r.status, at: r.succeededAt?.toISOString() ?? null } : null;
}

const subjectType = (k: ProviderTxn['kind']) => (k === 'charge' ? 'payment' : k);

async function runsOut(q: Queryable, rows: RunRow[], added: Map<string, number> = new Map()): Promise<ReconciliationRunOut[]> {
  const provs = await providersByIds(q, rows.map((r) => r.providerId));
  return rows.map((r) => {
    const p = provs.get(r.providerId);
    return {
      id: r.id, provider: { code: p?.code ?? 'unknown', name: p?.name ?? 'unknown' }, statementDate: r.statementDate, matched: r.matched,
      exceptions: r.exceptions, newExceptions: added.get(r.id) ?? 0, platformTotal: money(r.platformTotal, 'CNY'), providerTotal: money(r.providerTotal, 'CNY'),
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/**
 * Reconciles one provider's statement of one Asia/Shanghai day with our records (PL-PAY-07): our
 * succeeded charges, refunds and transfers of that day against the provider's completed ones.
 * Missing on either side, a different amount or a different outcome becomes an exception for
 * finance, due in one working day. One run per provider and day: a re-run updates the counts and
 * adds only exceptions not found before (resolved ones stay resolved). The statement is fetched
 * outside any transaction. Audited.
 */
export async function reconcileDay(db: Db, keyring: Keyring, ctx: RequestContext, providerCode: string, date: string, now: Date = new Date()):
  Promise<ReconciliationRunOut> {
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(Date.parse(`${date}T00:00:00Z`)).toISOString().slice(0, 10) !== date) {
    throw new InvalidStatementDate(date, 'it is not a calendar date');
  }
  if (date >= shanghaiDate(now)) throw new InvalidStatementDate(date, 'the day is not over yet (Asia/Shanghai); statements are final the day after');
  const prov = await providerByCode(db, providerCode);
  if (!prov) throw new ProviderNotFound(providerCode);
  const statement = await adapterFor(db, prov.code).statement(date, providerCredentials(keyring, prov));
  const { start, end } = shanghaiDayBounds(date);
  return db.transaction(async (tx) => {
    const ours = await oursOfDay(tx, prov.id, start, end);
    const ourBy = new Map(ours.map((o) => [`${o.kind}:${o.ref}`, o]));
    const seen = new Set<string>();
    const found: Found[] = [];
    let matched = 0;
    let providerTotal = 0;
    for (const t of statement) {
      const key = `${t.kind}:${t.merchantRef}`;
      seen.add(key);
      const mine = ourBy.get(key) ?? null;
      const base = { subjectType: subjectType(t.kind), subjectRef: t.merchantRef, provider: theirsJson(t) };
      if (t.status === 'succeeded') {
        providerTotal += signed(t.kind, t.amount);
        const rec = mine ?? (await oursAnyDay(tx, t.kind, t.merchantRef));
        if (!rec) found.push({ ...base, kind: 'missing_on_platform', platform: null });
        else if (rec.status !== 'succeeded') found.push({ ...base, kind: 'status_mismatch', platform: oursJson(rec) });
        else if (rec.amount !== t.amount || rec.currency !== t.currency) found.push({ ...base, kind: 'amount_mismatch', platform: oursJson(rec) });
        else matched += 1;
      } else if (mine) {
        found.push({ ...base, kind: 'status_mismatch', platform: oursJson(mine) });
      }
    }
    for (const o of ours) {
      if (!seen.has(`${o.kind}:${o.ref}`)) found.push({ kind: 'missing_at_provider', subjectType: subjectType(o.kind), subjectRef: o.ref, platform: oursJson(o), provider: null });
    }
    const platformTotal = ours.reduce((s, o) => s + signed(o.kind, o.amount), 0);
    const values = { matched, exceptions: found.length, platformTotal, providerTotal };
    const [run] = await tx.insert(reconciliationRun).values({ id: newId('recr'), providerId: prov.id, statementDate: date, ...values })
      .onConflictDoUpdate({ target: [reconciliationRun.providerId, reconciliationRun.statementDate], set: values }).returning();
    const known = await tx.select({ kind: reconciliationException.kind, subjectType: reconciliationException.subjectType, subjectRef: reconciliationException.subjectRef })
      .from(reconciliationException).where(eq(reconciliationException.runId, run!.id));
    const knownKeys = new Set(known.map((k) => `${k.kind}|${k.subjectType}|${k.subjectRef}`));
    const fresh = found.filter((f) => !knownKeys.has(`${f.kind}|${f.subjectType}|${f.subjectRef}`));
    if (fresh.length > 0) {
      const due = dueAt(await loadCalendarSpec(tx, null), now, EXCEPTION_DUE);
      await tx.insert(reconciliationException).values(fresh.map((f) => ({ id: newId('rex'), runId: run!.id, kind: f.kind, subjectType: f.subjectType,
        subjectRef: f.subjectRef, platform: f.platform, provider: f.provider, dueAt: due })));
    }
    await recordAudit(tx, ctx, { action: 'payment.reconciled', resourceType: 'payment_reconciliation_run', resourceId: run!.id,
      changes: { provider: prov.code, date, ...values, newExceptions: fresh.length } });
    return (await runsOut(tx, [run!], new Map([[run!.id, fresh.length]])))[0]!;
  });
}

/** Providers the daily reconciliation covers: every registered provider with an installed adapter. */
export async function reconcilableProviders(q: Queryable): Promise<ProviderRow[]> {
  const codes = paymentAdapterCodes();
  if (codes.length === 0) return [];
  return q.select().from(provider).where(inArray(provider.code, codes));
}

/** Reconciliation runs, latest statement day first. */
export async function listReconciliationRuns(q: Queryable, f: { providerCode?: string | undefined; limit: number; before?: { date: string; id: string } | undefined }) {
  const prov = f.providerCode ? await providerByCode(q, f.providerCode) : null;
  if (f.providerCode && !prov) return { items: [], next: null };
  const conds = [prov ? eq(reconciliationRun.providerId, prov.id) : undefined,
    f.before ? or(lt(reconciliationRun.statementDate, f.before.date), and(eq(reconciliationRun.statementDate, f.before.date), lt(reconciliationRun.id, f.before.id))) : undefined];
  const rs = await q.select().from(reconciliationRun).where(and(...conds))
    .orderBy(desc(reconciliationRun.statementDate), desc(reconciliationRun.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await runsOut(q, pageRows), next: rs.length > f.limit && last ? { date: last.statementDate, id: last.id } : null };
}

async function exceptionsOut(q: Queryable, rows: ExceptionRow[], now = new Date()): Promise<ReconciliationExceptionOut[]> {
  const runIds = [...new Set(rows.map((r) => r.runId))];
  const runs = runIds.length ? await q.select().from(reconciliationRun).where(inArray(reconciliationRun.id, runIds)) : [];
  const runBy = new Map(runs.map((r) => [r.id, r]));
  const provs = await providersByIds(q, runs.map((r) => r.providerId));
  return rows.map((e) => {
    const run = runBy.get(e.runId);
    const p = run ? provs.get(run.providerId) : undefined;
    return {
      id: e.id, runId: e.runId, statementDate: run?.statementDate ?? '', provider: { code: p?.code ?? 'unknown', name: p?.name ?? 'unknown' },
      kind: e.kind, subjectType: e.subjectType, subjectRef: e.subjectRef, platform: e.platform ?? null, providerRecord: e.provider ?? null,
      status: e.status, dueAt: e.dueAt.toISOString(), overdue: e.status === 'open' && isOverdue(e.dueAt, now), resolvedBy: e.resolvedBy,
      resolvedAt: e.resolvedAt?.toISOString() ?? null, resolution: e.resolution, createdAt: e.createdAt.toISOString(),
    };
  });
}

/** Reconciliation exceptions, oldest due first (open ones are finance's work queue). */
export async function listReconciliationExceptions(q: Queryable, f: { status?: 'open' | 'resolved' | undefined; runId?: string | undefined;
  kind?: Kind | undefined; limit: number; after?: { dueAt: string; id: string } | undefined }) {
  const conds = [f.status ? eq(reconciliationException.status, f.status) : undefined, f.runId ? eq(reconciliationException.runId, f.runId) : undefined,
    f.kind ? eq(reconciliationException.kind, f.kind) : undefined,
    f.after ? or(sql`${reconciliationException.dueAt} > ${f.after.dueAt}::timestamptz`,
      and(sql`${reconciliationException.dueAt} = ${f.after.dueAt}::timestamptz`, sql`${reconciliationException.id} > ${f.after.id}`)) : undefined];
  const rs = await q.select({ e: reconciliationException, at: exactTime(reconciliationException.dueAt) }).from(reconciliationException).where(and(...conds))
    .orderBy(reconciliationException.dueAt, reconciliationException.id).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await exceptionsOut(q, pageRows.map((x) => x.e)), next: rs.length > f.limit && last ? { dueAt: last.at, id: last.e.id } : null };
}

/** Closes an exception with what finance found and did. Audited. */
export async function resolveReconciliationException(tx: Tx, ctx: RequestContext, id: string, resolution: string): Promise<ReconciliationExceptionOut> {
  if (!isId('rex', id)) throw new ReconciliationExceptionNotFound(id);
  const [e] = await tx.select().from(reconciliationException).where(eq(reconciliationException.id, id)).for('update');
  if (!e) throw new ReconciliationExceptionNotFound(id);
  if (e.status === 'resolved') throw new ReconciliationExceptionResolved(id);
  const [after] = await tx.update(reconciliationException).set({ status: 'resolved', resolvedBy: ctx.actorId, resolvedAt: new Date(), resolution })
    .where(eq(reconciliationException.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'payment.reconciliation_exception_resolved', resourceType: 'payment_reconciliation_exception', resourceId: id,
    changes: { kind: e.kind, subjectRef: e.subjectRef, resolution } });
  return (await exceptionsOut(tx, [after!]))[0]!;
}
