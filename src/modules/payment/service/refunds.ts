import { and, desc, eq, gte, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Db, Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { MAX_AMOUNT, type RefundOut, type RequestRefundInput } from '../contract.js';
import { InvalidPayment, PaymentNotFound, PaymentNotRefundable, RefundExceedsPayment, RefundKeyReused, RefundNotFound } from '../errors.js';
import { payment, refund } from '../schema.js';
import { exactTime, recordEvent } from './common.js';
import { refundsOut, type RefundRow } from './outputs.js';
import type { Cursor } from './payments.js';
import { adapterFor, providerById, providerCredentials } from './providers.js';
import { evaluateRisk, openReview, queueRefundExecution } from './risk.js';
import { applyRefundResult } from './settle.js';

const sameRefund = (r: RefundRow, paymentId: string, input: RequestRefundInput) =>
  r.paymentId === paymentId && r.reference === input.reference && r.amount === input.amount && r.accountId === input.accountId;

function checkRefundInput(input: RequestRefundInput): void {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > MAX_AMOUNT) {
    throw new InvalidPayment(`A refund amount must be a whole number of fen from 1 to ${MAX_AMOUNT}; got ${input.amount}.`, { amount: input.amount });
  }
  if (!input.requestKey || input.requestKey.length > 200) throw new InvalidPayment('A refund needs a request key of 1–200 characters.');
  if (!input.reason.trim() || input.reason.length > 500) throw new InvalidPayment('A refund needs a reason of 1–500 characters.');
  if (!input.reference || input.reference.length > 64) throw new InvalidPayment('A refund reference must be 1–64 characters.');
}

/**
 * Requests a refund of (part of) the payment of a checkout (`reference` = the order refunded),
 * PL-PAY-04 / PL-AFS-05. Idempotent on `requestKey`: the same key returns the same refund
 * (RefundKeyReused when the details differ). Refused when the payment has not succeeded (409) or when
 * the refunds not failed or rejected would exceed it (422); concurrent requests on one payment are
 * serialised by its row lock. Risk rules may hold it for review; otherwise the provider call runs as
 * a job after commit. Audited.
 */
export async function requestRefund(tx: Tx, ctx: RequestContext, input: RequestRefundInput): Promise<RefundOut> {
  checkRefundInput(input);
  const [p] = await tx.select().from(payment).where(eq(payment.reference, input.paymentReference)).for('update');
  if (!p) throw new PaymentNotFound(input.paymentReference);
  const [seen] = await tx.select().from(refund).where(eq(refund.requestKey, input.requestKey));
  if (seen) {
    if (!sameRefund(seen, p.id, input)) throw new RefundKeyReused(input.requestKey, seen.id);
    return (await refundsOut(tx, [seen]))[0]!;
  }
  if (p.status !== 'succeeded') throw new PaymentNotRefundable(p.id, p.status);
  if (input.accountId !== p.accountId) throw new InvalidPayment(`Payment ${p.id} was made by another account: refunds go back to the payer.`);
  const [sum] = await tx.select({ n: sql<number>`coalesce(sum(${refund.amount}), 0)::bigint` }).from(refund)
    .where(and(eq(refund.paymentId, p.id), notInArray(refund.status, ['failed', 'rejected'])));
  const committed = Number(sum?.n ?? 0);
  if (committed + input.amount > p.amount) throw new RefundExceedsPayment(p.id, input.amount, p.amount, committed);
  const hold = await evaluateRisk(tx, 'refund', { accountId: input.accountId, amount: input.amount });
  const status = hold ? 'held' : 'pending';
  const [r] = await tx.insert(refund).values({ id: newId('rfd'), paymentId: p.id, reference: input.reference, accountId: input.accountId,
    sellerId: input.sellerId, amount: input.amount, currency: p.currency, reason: input.reason.trim(), status, requestKey: input.requestKey,
    requestedBy: ctx.actorId }).returning();
  await recordEvent(tx, { subjectType: 'refund', subjectId: r!.id, from: null, to: status, source: 'platform', actorId: ctx.actorId,
    detail: { reason: hold ? `held for review: ${hold.reason}` : r!.reason, ...(hold ? { ruleId: hold.ruleId } : {}) } });
  if (hold) await openReview(tx, 'refund', r!.id, hold);
  else await queueRefundExecution(tx, r!.id);
  await recordAudit(tx, ctx, { action: 'payment.refund_requested', resourceType: 'payment_refund', resourceId: r!.id,
    changes: { paymentId: p.id, reference: r!.reference, sellerId: r!.sellerId, amount: r!.amount, reason: r!.reason, status, ruleId: hold?.ruleId ?? null } });
  return (await refundsOut(tx, [r!]))[0]!;
}

/** Refunds of many references (order ids), oldest first. */
export async function refundsForReferences(q: Queryable, references: string[]): Promise<RefundOut[]> {
  if (references.length === 0) return [];
  const rs = await q.select().from(refund).where(inArray(refund.reference, [...new Set(references)])).orderBy(refund.createdAt, refund.id);
  return refundsOut(q, rs);
}

export async function getRefund(q: Queryable, id: string): Promise<RefundOut> {
  if (!isId('rfd', id)) throw new RefundNotFound(id);
  const [r] = await q.select().from(refund).where(eq(refund.id, id));
  if (!r) throw new RefundNotFound(id);
  return (await refundsOut(q, [r]))[0]!;
}

/** Refunds newest first, filtered (operators). */
export async function listRefunds(q: Queryable, f: { status?: RefundRow['status'] | undefined; reference?: string | undefined; paymentId?: string | undefined;
  sellerId?: string | undefined; from?: Date | undefined; to?: Date | undefined; limit: number; before?: Cursor | undefined }) {
  const conds = [f.status ? eq(refund.status, f.status) : undefined, f.reference ? eq(refund.reference, f.reference) : undefined,
    f.paymentId ? eq(refund.paymentId, f.paymentId) : undefined, f.sellerId ? eq(refund.sellerId, f.sellerId) : undefined,
    f.from ? gte(refund.createdAt, f.from) : undefined, f.to ? lt(refund.createdAt, f.to) : undefined];
  if (f.before) {
    const at = f.before.createdAt;
    conds.push(or(sql`${refund.createdAt} < ${at}::timestamptz`, and(sql`${refund.createdAt} = ${at}::timestamptz`, lt(refund.id, f.before.id))));
  }
  const rs = await q.select({ r: refund, at: exactTime(refund.createdAt) }).from(refund).where(and(...conds))
    .orderBy(desc(refund.createdAt), desc(refund.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await refundsOut(q, pageRows.map((x) => x.r)), next: rs.length > f.limit && last ? { createdAt: last.at, id: last.r.id } : null };
}

/**
 * Sends a pending refund to its provider (job `payment.execute_refund`, outside any transaction; the
 * adapter is idempotent on the refund id, so a retried job never refunds twice) and applies an
 * immediate result. A pending answer waits for the provider's notification.
 */
export async function executeRefund(db: Db, keyring: Keyring, refundId: string): Promise<void> {
  const [r] = await db.select().from(refund).where(eq(refund.id, refundId));
  if (!r || r.status !== 'pending') return;
  const [p] = await db.select().from(payment).where(eq(payment.id, r.paymentId));
  const prov = await providerById(db, p!.providerId);
  const res = await adapterFor(db, prov.code).refund({ refundId: r.id, paymentId: r.paymentId, amount: r.amount, currency: r.currency, reason: r.reason },
    providerCredentials(keyring, prov));
  await db.transaction(async (tx) => {
    if (res.providerRef) {
      await tx.update(refund).set({ providerRef: res.providerRef, updatedAt: new Date() })
        .where(and(eq(refund.id, r.id), eq(refund.status, 'pending'), sql`${refund.providerRef} is null`));
    }
    if (res.status !== 'pending') {
      await applyRefundResult(tx, prov, { kind: 'refund', merchantRef: r.id, providerRef: res.providerRef ?? '', amount: r.amount, currency: r.currency,
        status: res.status, payerMasked: null, completedAt: new Date(), failureReason: res.failureReason }, 'platform');
    }
  });
}
