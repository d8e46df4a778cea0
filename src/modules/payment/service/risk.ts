import { and, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { enqueue } from '@/platform/jobs/index.js';
import type { RiskReviewOut, RiskRuleBody, RiskRuleOut, UpdateRiskRuleBody } from '../contract.js';
import { RiskReviewDecided, RiskReviewNotFound, RiskRuleInUse, RiskRuleNotFound } from '../errors.js';
import { notifySettled } from '../ports.js';
import { payment, refund, riskReview, riskRule } from '../schema.js';
import { exactTime, formatYuan, money, recordEvent } from './common.js';

export const EXECUTE_REFUND_JOB = 'payment.execute_refund';
export const EXECUTE_TRANSFER_JOB = 'payment.execute_transfer';

type RuleRow = typeof riskRule.$inferSelect;
type ReviewRow = typeof riskReview.$inferSelect;

const ruleOut = (r: RuleRow): RiskRuleOut => ({
  id: r.id, appliesTo: r.appliesTo, kind: r.kind, threshold: r.threshold, active: r.active === 'yes', note: r.note, createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
});

/** Queues the provider call of a refund; the job runs after the caller's transaction commits. */
export async function queueRefundExecution(tx: Tx, refundId: string): Promise<void> {
  await enqueue(tx, { name: EXECUTE_REFUND_JOB, payload: { refundId }, maxAttempts: 20, singletonKey: `refund:${refundId}` });
}

/** Queues the provider call of a transfer; the job runs after the caller's transaction commits. */
export async function queueTransferExecution(tx: Tx, transferId: string): Promise<void> {
  await enqueue(tx, { name: EXECUTE_TRANSFER_JOB, payload: { transferId }, maxAttempts: 20, singletonKey: `transfer:${transferId}` });
}

/** What evaluateRisk needs of an active rule (a caller may read the rules along with something else: activeRulesSql). */
export type ActiveRule = Pick<RuleRow, 'id' | 'kind' | 'threshold'>;

/** SQL expression: the active rules of a kind as a JSON array in evaluateRisk's order (id), for a caller's own query. */
export const activeRulesSql = (appliesTo: 'payment' | 'refund') => sql<ActiveRule[] | string>`(select coalesce(json_agg(json_build_object('id', ${riskRule.id},
  'kind', ${riskRule.kind}, 'threshold', ${riskRule.threshold}) order by ${riskRule.id}), '[]'::json) from ${riskRule}
  where ${riskRule.appliesTo} = ${appliesTo} and ${riskRule.active} = 'yes')`;

/**
 * The first active rule a new payment or refund matches (PL-PAY-09), with a reason a reviewer can
 * read, or null. Frequency rules count the account's payments (or refunds) of the last hour before this one.
 */
export async function evaluateRisk(tx: Tx, appliesTo: 'payment' | 'refund', input: { accountId: string; amount: number }, now = new Date(),
  loaded?: ActiveRule[]): Promise<{ ruleId: string; reason: string } | null> {
  const rules = loaded ?? await tx.select().from(riskRule).where(and(eq(riskRule.appliesTo, appliesTo), eq(riskRule.active, 'yes'))).orderBy(riskRule.id);
  let recent: number | null = null;
  for (const r of rules) {
    if (r.kind === 'amount_over' && input.amount > r.threshold) {
      return { ruleId: r.id, reason: `amount ${formatYuan(input.amount)} is above the limit of ${formatYuan(r.threshold)}` };
    }
    if (r.kind === 'count_per_account_per_hour') {
      if (recent === null) {
        const since = new Date(now.getTime() - 3600_000);
        const table = appliesTo === 'payment' ? payment : refund;
        const [c] = await tx.select({ n: sql<number>`count(*)::int` }).from(table).where(and(eq(table.accountId, input.accountId), gt(table.createdAt, since)));
        recent = Number(c?.n ?? 0);
      }
      if (recent >= r.threshold) {
        return { ruleId: r.id, reason: `the account already made ${recent} ${appliesTo}(s) in the last hour; the limit is ${r.threshold}` };
      }
    }
  }
  return null;
}

/** Opens the review of a held payment or refund. */
export async function openReview(tx: Tx, subjectType: 'payment' | 'refund', subjectId: string, hold: { ruleId: string; reason: string }):
  Promise<{ id: string; status: 'open'; reason: string }> {
  const id = newId('rkv');
  await tx.insert(riskReview).values({ id, subjectType, subjectId, ruleId: hold.ruleId, reason: hold.reason });
  return { id, status: 'open', reason: hold.reason };
}

/** Closes an open review without a reviewer (the subject settled or was cancelled meanwhile). */
export async function closeReview(tx: Tx, subjectType: 'payment' | 'refund', subjectId: string, status: 'released' | 'rejected', note: string): Promise<void> {
  await tx.update(riskReview).set({ status, note, decidedAt: new Date() })
    .where(and(eq(riskReview.subjectType, subjectType), eq(riskReview.subjectId, subjectId), eq(riskReview.status, 'open')));
}

export async function listRiskRules(q: Queryable): Promise<RiskRuleOut[]> {
  return (await q.select().from(riskRule).orderBy(desc(riskRule.createdAt), desc(riskRule.id))).map(ruleOut);
}

async function ruleRow(q: Queryable, id: string): Promise<RuleRow> {
  if (!isId('rkr', id)) throw new RiskRuleNotFound(id);
  const [r] = await q.select().from(riskRule).where(eq(riskRule.id, id));
  if (!r) throw new RiskRuleNotFound(id);
  return r;
}

/** Adds a risk rule (PL-PAY-09). Audited. */
export async function createRiskRule(tx: Tx, ctx: RequestContext, input: RiskRuleBody): Promise<RiskRuleOut> {
  const [r] = await tx.insert(riskRule).values({ id: newId('rkr'), appliesTo: input.appliesTo, kind: input.kind, threshold: input.threshold,
    active: input.active === false ? 'no' : 'yes', note: input.note ?? '', createdBy: ctx.actorId }).returning();
  await recordAudit(tx, ctx, { action: 'payment.risk_rule_created', resourceType: 'payment_risk_rule', resourceId: r!.id,
    changes: { appliesTo: r!.appliesTo, kind: r!.kind, threshold: r!.threshold, active: r!.active, note: r!.note } });
  return ruleOut(r!);
}

/** Changes a rule's threshold, note or active flag; new payments and refunds use it at once. Audited with before/after. */
export async function updateRiskRule(tx: Tx, ctx: RequestContext, id: string, input: UpdateRiskRuleBody): Promise<RiskRuleOut> {
  const before = await ruleRow(tx, id);
  const set: Partial<RuleRow> = {};
  if (input.threshold !== undefined) set.threshold = input.threshold;
  if (input.note !== undefined) set.note = input.note;
  if (input.active !== undefined) set.active = input.active ? 'yes' : 'no';
  const [after] = await tx.update(riskRule).set({ ...set, updatedAt: new Date() }).where(eq(riskRule.id, id)).returning();
  const changes = Object.fromEntries(Object.keys(set).filter((k) => before[k as keyof RuleRow] !== after![k as keyof RuleRow])
    .map((k) => [k, { from: before[k as keyof RuleRow], to: after![k as keyof RuleRow] }]));
  await recordAudit(tx, ctx, { action: 'payment.risk_rule_updated', resourceType: 'payment_risk_rule', resourceId: id, changes });
  return ruleOut(after!);
}

/** Deletes a rule that never held anything (a rule with history can only be deactivated). Audited. */
export async function deleteRiskRule(tx: Tx, ctx: RequestContext, id: string): Promise<void> {
  const r = await ruleRow(tx, id);
  const [used] = await tx.select({ id: riskReview.id }).from(riskReview).where(eq(riskReview.ruleId, id)).limit(1);
  if (used) throw new RiskRuleInUse(id);
  await tx.delete(riskRule).where(eq(riskRule.id, id));
  await recordAudit(tx, ctx, { action: 'payment.risk_rule_deleted', resourceType: 'payment_risk_rule', resourceId: id,
    changes: { appliesTo: r.appliesTo, kind: r.kind, threshold: r.threshold } });
}

async function reviewsOut(q: Queryable, rows: ReviewRow[]): Promise<RiskReviewOut[]> {
  const payIds = rows.filter((r) => r.subjectType === 'payment').map((r) => r.subjectId);
  const refIds = rows.filter((r) => r.subjectType === 'refund').map((r) => r.subjectId);
  const pays = payIds.length ? await q.select().from(payment).where(inArray(payment.id, payIds)) : [];
  const refs = refIds.length ? await q.select().from(refund).where(inArray(refund.id, refIds)) : [];
  const subjects = new Map<string, { amount: number; currency: string; accountId: string; status: string; reference: string }>(
    [...pays, ...refs].map((s) => [s.id, { amount: s.amount, currency: s.currency, accountId: s.accountId, status: s.status, reference: s.reference }]));
  return rows.map((r) => {
    const s = subjects.get(r.subjectId);
    return {
      id: r.id, subjectType: r.subjectType, subjectId: r.subjectId, ruleId: r.ruleId, reason: r.reason, status: r.status,
      amount: money(s?.amount ?? 0, s?.currency ?? 'CNY'), accountId: s?.accountId ?? '', subjectStatus: s?.status ?? 'unknown', reference: s?.reference ?? '',
      decidedBy: r.decidedBy, decidedAt: r.decidedAt?.toISOString() ?? null, note: r.note, createdAt: r.createdAt.toISOString(),
    };
  });
}

/** Risk reviews, newest first, optionally by status (default: every status). */
export async function listRiskReviews(q: Queryable, f: { status?: 'open' | 'released' | 'rejected' | undefined; limit: number;
  before?: { createdAt: string; id: string } | undefined }) {
  const conds = [f.status ? eq(riskReview.status, f.status) : undefined];
  if (f.before) {
    const at = f.before.createdAt;
    conds.push(or(sql`${riskReview.createdAt} < ${at}::timestamptz`, and(sql`${riskReview.createdAt} = ${at}::timestamptz`, lt(riskReview.id, f.before.id))));
  }
  const rs = await q.select({ r: riskReview, at: exactTime(riskReview.createdAt) }).from(riskReview).where(and(...conds))
    .orderBy(desc(riskReview.createdAt), desc(riskReview.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await reviewsOut(q, pageRows.map((x) => x.r)), next: rs.length > f.limit && last ? { createdAt: last.at, id: last.r.id } : null };
}

async function lockOpenReview(tx: Tx, id: string): Promise<ReviewRow> {
  if (!isId('rkv', id)) throw new RiskReviewNotFound(id);
  const [r] = await tx.select().from(riskReview).where(eq(riskReview.id, id)).for('update');
  if (!r) throw new RiskReviewNotFound(id);
  if (r.status !== 'open') throw new RiskReviewDecided(id, r.status);
  return r;
}

/**
 * Reviewer decision (PL-PAY-09), audited: a released payment becomes payable ('pending'); a released
 * refund goes to the provider (job after commit). If the subject left 'held' meanwhile (paid,
 * cancelled) the review is closed and nothing else changes.
 */
export async function releaseRiskReview(tx: Tx, ctx: RequestContext, id: string, note: string | undefined): Promise<RiskReviewOut> {
  const r = await lockOpenReview(tx, id);
  const table = r.subjectType === 'payment' ? payment : refund;
  const [moved] = await tx.update(table).set({ status: 'pending', updatedAt: new Date() })
    .where(and(eq(table.id, r.subjectId), eq(table.status, 'held'))).returning({ id: table.id });
  if (moved) {
    await recordEvent(tx, { subjectType: r.subjectType, subjectId: r.subjectId, from: 'held', to: 'pending', source: 'review',
      detail: { reviewId: id, note: note ?? 'released by review' }, actorId: ctx.actorId });
    if (r.subjectType === 'refund') await queueRefundExecution(tx, r.subjectId);
  }
  const [after] = await tx.update(riskReview).set({ status: 'released', decidedBy: ctx.actorId, decidedAt: new Date(), note: note ?? null })
    .where(eq(riskReview.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'payment.risk_review_released', resourceType: `payment_${r.subjectType}`, resourceId: r.subjectId,
    changes: { reviewId: id, ruleId: r.ruleId, note: note ?? null, subjectMoved: Boolean(moved) } });
  return (await reviewsOut(tx, [after!]))[0]!;
}

/**
 * Reviewer rejection, audited: a held payment is cancelled (payment listeners hear 'cancelled'), a
 * held refund is 'rejected' (refund listeners hear 'rejected'), in the same transaction.
 */
export async function rejectRiskReview(tx: Tx, ctx: RequestContext, id: string, note: string): Promise<RiskReviewOut> {
  const r = await lockOpenReview(tx, id);
  const now = new Date();
  if (r.subjectType === 'payment') {
    const [p] = await tx.update(payment).set({ status: 'cancelled', failureReason: `rejected by risk review: ${note}`, updatedAt: now })
      .where(and(eq(payment.id, r.subjectId), eq(payment.status, 'held'))).returning();
    if (p) {
      await recordEvent(tx, { subjectType: 'payment', subjectId: p.id, from: 'held', to: 'cancelled', source: 'review', detail: { reviewId: id, note }, actorId: ctx.actorId });
      await notifySettled(tx, 'payment', { paymentId: p.id, reference: p.reference, status: 'cancelled', amount: p.amount, providerId: p.providerId, at: now });
    }
  } else {
    const [f] = await tx.update(refund).set({ status: 'rejected', failureReason: `rejected by risk review: ${note}`, updatedAt: now })
      .where(and(eq(refund.id, r.subjectId), eq(refund.status, 'held'))).returning();
    if (f) {
      await recordEvent(tx, { subjectType: 'refund', subjectId: f.id, from: 'held', to: 'rejected', source: 'review', detail: { reviewId: id, note }, actorId: ctx.actorId });
      const [p] = await tx.select({ providerId: payment.providerId }).from(payment).where(eq(payment.id, f.paymentId));
      await notifySettled(tx, 'refund', { refundId: f.id, paymentId: f.paymentId, reference: f.reference, sellerId: f.sellerId, status: 'rejected',
        amount: f.amount, providerId: p!.providerId, at: now });
    }
  }
  const [after] = await tx.update(riskReview).set({ status: 'rejected', decidedBy: ctx.actorId, decidedAt: now, note }).where(eq(riskReview.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'payment.risk_review_rejected', resourceType: `payment_${r.subjectType}`, resourceId: r.subjectId,
    changes: { reviewId: id, ruleId: r.ruleId, note } });
  return (await reviewsOut(tx, [after!]))[0]!;
}
