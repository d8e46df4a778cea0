import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { EnquiryBody, EnquiryOut, ReplyBody } from '../contract.js';
import { EnquiryNotApplicable, EnquiryNotFound, EnquiryResolved, EnquirySubjectNotFound } from '../errors.js';
import { enquiry, payment, refund, transfer } from '../schema.js';
import { exactTime, money } from './common.js';
import type { Cursor } from './payments.js';

type EnquiryRow = typeof enquiry.$inferSelect;
type Subject = { status: string; failureReason: string | null; amount: number; currency: string };

async function subjects(q: Queryable, rows: EnquiryRow[]): Promise<Map<string, Subject>> {
  const ids = (t: EnquiryRow['subjectType']) => rows.filter((r) => r.subjectType === t).map((r) => r.subjectId);
  const [p, r, t] = [ids('payment'), ids('refund'), ids('transfer')];
  const all: Array<{ id: string } & Subject> = [
    ...(p.length ? await q.select({ id: payment.id, status: payment.status, failureReason: payment.failureReason, amount: payment.amount, currency: payment.currency })
      .from(payment).where(inArray(payment.id, p)) : []),
    ...(r.length ? await q.select({ id: refund.id, status: refund.status, failureReason: refund.failureReason, amount: refund.amount, currency: refund.currency })
      .from(refund).where(inArray(refund.id, r)) : []),
    ...(t.length ? await q.select({ id: transfer.id, status: transfer.status, failureReason: transfer.failureReason, amount: transfer.amount, currency: transfer.currency })
      .from(transfer).where(inArray(transfer.id, t)) : []),
  ];
  return new Map(all.map((s) => [s.id, s]));
}

async function enquiriesOut(q: Queryable, rows: EnquiryRow[]): Promise<EnquiryOut[]> {
  const subj = await subjects(q, rows);
  return rows.map((e) => {
    const s = subj.get(e.subjectId);
    return {
      id: e.id, accountId: e.accountId, subjectType: e.subjectType, subjectId: e.subjectId, orderId: e.orderId, subjectStatus: s?.status ?? 'unknown',
      failureReason: s?.failureReason ?? null, amount: s ? money(s.amount, s.currency) : null, message: e.message, status: e.status, reply: e.reply,
      repliedBy: e.repliedBy, repliedAt: e.repliedAt?.toISOString() ?? null, resolvedAt: e.resolvedAt?.toISOString() ?? null,
      createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString(),
    };
  });
}

async function insertEnquiry(tx: Tx, ctx: RequestContext, values: Omit<typeof enquiry.$inferInsert, 'id'>): Promise<EnquiryOut> {
  const [e] = await tx.insert(enquiry).values({ id: newId('enq'), ...values }).returning();
  await recordAudit(tx, ctx, { action: 'payment.enquiry_submitted', resourceType: 'payment_enquiry', resourceId: e!.id,
    changes: { subjectType: e!.subjectType, subjectId: e!.subjectId, orderId: e!.orderId } });
  return (await enquiriesOut(tx, [e!]))[0]!;
}

/**
 * A consumer's enquiry about their own failed or held payment, or failed, held or rejected refund
 * (PL-PAY-06), tracked until resolved. Anybody else's subject is "not found". Audited.
 */
export async function submitEnquiry(tx: Tx, ctx: RequestContext, accountId: string, input: EnquiryBody): Promise<EnquiryOut> {
  const table = input.subjectType === 'payment' ? payment : refund;
  const [s] = isId(input.subjectType === 'payment' ? 'pay' : 'rfd', input.subjectId)
    ? await tx.select({ accountId: table.accountId, status: table.status }).from(table).where(eq(table.id, input.subjectId)) : [];
  if (!s || s.accountId !== accountId) throw new EnquirySubjectNotFound(input.subjectType, input.subjectId);
  const open = input.subjectType === 'payment' ? ['failed', 'held'] : ['failed', 'held', 'rejected'];
  if (!open.includes(s.status)) throw new EnquiryNotApplicable(input.subjectType, input.subjectId, s.status);
  return insertEnquiry(tx, ctx, { accountId, subjectType: input.subjectType, subjectId: input.subjectId, orderId: input.orderId ?? null, message: input.message });
}

/** A platform user's enquiry about a failed transfer (payout) to its own organisation (PL-PAY-06). Audited. */
export async function submitTransferEnquiry(tx: Tx, ctx: RequestContext, accountId: string, orgId: string, input: { transferId: string; message: string }): Promise<EnquiryOut> {
  const [t] = isId('trf', input.transferId) ? await tx.select().from(transfer).where(eq(transfer.id, input.transferId)) : [];
  if (!t || t.orgId !== orgId) throw new EnquirySubjectNotFound('transfer', input.transferId);
  if (t.status !== 'failed') throw new EnquiryNotApplicable('transfer', t.id, t.status);
  return insertEnquiry(tx, ctx, { accountId, subjectType: 'transfer', subjectId: t.id, orderId: null, message: input.message });
}

/** Enquiries newest first: an account's own (`accountId`), an organisation's transfers (`orgId`), or all (operators). */
export async function listEnquiries(q: Queryable, f: { accountId?: string | undefined; orgId?: string | undefined; status?: EnquiryRow['status'] | undefined;
  limit: number; before?: Cursor | undefined }): Promise<{ items: EnquiryOut[]; next: Cursor | null }> {
  const conds = [f.accountId ? eq(enquiry.accountId, f.accountId) : undefined, f.status ? eq(enquiry.status, f.status) : undefined,
    f.orgId ? and(eq(enquiry.subjectType, 'transfer'), inArray(enquiry.subjectId, q.select({ id: transfer.id }).from(transfer).where(eq(transfer.orgId, f.orgId)))) : undefined];
  if (f.before) {
    const at = f.before.createdAt;
    conds.push(or(sql`${enquiry.createdAt} < ${at}::timestamptz`, and(sql`${enquiry.createdAt} = ${at}::timestamptz`, lt(enquiry.id, f.before.id))));
  }
  const rs = await q.select({ e: enquiry, at: exactTime(enquiry.createdAt) }).from(enquiry).where(and(...conds))
    .orderBy(desc(enquiry.createdAt), desc(enquiry.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await enquiriesOut(q, pageRows.map((x) => x.e)), next: rs.length > f.limit && last ? { createdAt: last.at, id: last.e.id } : null };
}

async function lockEnquiry(tx: Tx, id: string): Promise<EnquiryRow> {
  if (!isId('enq', id)) throw new EnquiryNotFound(id);
  const [e] = await tx.select().from(enquiry).where(eq(enquiry.id, id)).for('update');
  if (!e) throw new EnquiryNotFound(id);
  if (e.status === 'resolved') throw new EnquiryResolved(id);
  return e;
}

/** Staff answer an enquiry (and may close it). Audited. */
export async function replyEnquiry(tx: Tx, ctx: RequestContext, id: string, input: ReplyBody): Promise<EnquiryOut> {
  await lockEnquiry(tx, id);
  const now = new Date();
  const [after] = await tx.update(enquiry).set({ reply: input.reply, repliedBy: ctx.actorId, repliedAt: now, status: input.resolve ? 'resolved' : 'answered',
    resolvedAt: input.resolve ? now : null, updatedAt: now }).where(eq(enquiry.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'payment.enquiry_replied', resourceType: 'payment_enquiry', resourceId: id, changes: { resolved: Boolean(input.resolve) } });
  return (await enquiriesOut(tx, [after!]))[0]!;
}

/** Closes an enquiry as resolved. Audited. */
export async function resolveEnquiry(tx: Tx, ctx: RequestContext, id: string): Promise<EnquiryOut> {
  await lockEnquiry(tx, id);
  const now = new Date();
  const [after] = await tx.update(enquiry).set({ status: 'resolved', resolvedAt: now, updatedAt: now }).where(eq(enquiry.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'payment.enquiry_resolved', resourceType: 'payment_enquiry', resourceId: id, changes: null });
  return (await enquiriesOut(tx, [after!]))[0]!;
}
