import { and, desc, eq, lt, or } from 'drizzle-orm';
import { entryForSource, getFinanceSettings, postEntry, reverseEntry, sellerAccount } from '@/modules/finance/index.js';
import { requestTransfer, type TransferSettled } from '@/modules/payment/index.js';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import { systemContext, type RequestContext } from '@/platform/http/auth.js';
import type { PayoutBody, PayoutOut } from '../contract.js';
import { NothingToPay, PayoutNotAwaitingApproval, PayoutNotFound, SameApprover, StatementNotFound, StatementNotPayable } from '../errors.js';
import { payout, statement } from '../schema.js';
import { PAYOUT_REQUESTED, payeesOf, payoutsOut, type PayoutRow } from './payouts-out.js';

export const PAYOUT_INITIATED = 'payout.initiated';

/** Masks every digit of a long account number but the first and last four (a payee given in full is never stored). */
export function maskPayee(text: string): string {
  const digits = text.replace(/\D/g, '').length;
  if (digits <= 8) return text;
  let seen = 0;
  return text.replace(/\d/g, (d) => {
    seen += 1;
    return seen <= 4 || seen > digits - 4 ? d : '*';
  });
}

async function one(q: Queryable, p: PayoutRow, forSeller = false): Promise<PayoutOut> {
  return (await payoutsOut(q, [p], forSeller))[0]!;
}

async function lockedPayout(tx: Tx, id: string): Promise<PayoutRow> {
  if (!isId('pout', id)) throw new PayoutNotFound(id);
  const [p] = await tx.select().from(payout).where(eq(payout.id, id)).for('update');
  if (!p) throw new PayoutNotFound(id);
  return p;
}

/**
 * Executes a payout in the caller's transaction: moves the amount from the seller's payable account
 * to payouts in transit ('payout.initiated') and asks the payment module for the transfer, whose
 * result arrives through the 'transfer' listener. Fails as a whole (the transaction rolls back) when
 * no provider can pay out.
 */
async function executePayout(tx: Tx, ctx: RequestContext, p: PayoutRow, payee: string): Promise<PayoutRow> {
  await postEntry(tx, ctx, { kind: PAYOUT_INITIATED, sourceType: 'payout', sourceId: p.id, memo: `statement ${p.statementId}`, lines: [
    { account: sellerAccount(p.sellerId), amount: p.amount, memo: 'payout', sellerId: p.sellerId },
    { account: 'payout:in_transit', amount: -p.amount, memo: 'payout', sellerId: p.sellerId },
  ] });
  const transfer = await requestTransfer(tx, ctx, { reference: p.id, orgId: p.sellerId, amount: p.amount, payee,
    memo: `结算款 settlement ${p.statementId}` });
  const [done] = await tx.update(payout).set({ status: 'processing', transferId: transfer.id, updatedAt: new Date() }).where(eq(payout.id, p.id)).returning();
  await tx.update(statement).set({ status: 'paying', updatedAt: new Date() }).where(eq(statement.id, p.statementId));
  await recordAudit(tx, ctx, { action: 'settlement.payout_executed', resourceType: 'settlement_payout', resourceId: p.id,
    changes: { statementId: p.statementId, sellerId: p.sellerId, amount: p.amount, transferId: transfer.id, approvedBy: p.approvedBy } });
  return done!;
}

/**
 * Requests the payout of an issued statement's net amount (PL-FIN-03). At or above the finance
 * threshold it waits for a second finance user's approval (MS-FIN-02); below it, it is executed at
 * once. One active payout per statement (awaiting approval, processing or paid). A net ≤ 0 cannot be
 * paid (NothingToPay). Audited; the audit entry keeps the masked payee.
 */
export async function requestPayout(tx: Tx, ctx: RequestContext, statementId: string, input: PayoutBody): Promise<PayoutOut> {
  if (!isId('stm', statementId)) throw new StatementNotFound(statementId);
  const [s] = await tx.select().from(statement).where(eq(statement.id, statementId)).for('update');
  if (!s) throw new StatementNotFound(statementId);
  const [active] = await tx.select({ id: payout.id, status: payout.status }).from(payout)
    .where(and(eq(payout.statementId, statementId), or(eq(payout.status, 'awaiting_approval'), eq(payout.status, 'processing'), eq(payout.status, 'paid'))));
  if (active) throw new StatementNotPayable(statementId, active.status, active.id);
  if (s.status !== 'issued') throw new StatementNotPayable(statementId, s.status, null);
  if (s.net <= 0) throw new NothingToPay(statementId, s.net);
  const payee = maskPayee(input.payee.trim());
  const threshold = (await getFinanceSettings(tx)).payoutApprovalThreshold.amount;
  const needsApproval = s.net >= threshold;
  const [p] = await tx.insert(payout).values({ id: newId('pout'), statementId, sellerId: s.sellerId, amount: s.net, status: 'awaiting_approval',
    requestedBy: ctx.actorId }).returning();
  await recordAudit(tx, ctx, { action: PAYOUT_REQUESTED, resourceType: 'settlement_payout', resourceId: p!.id,
    changes: { statementId, sellerId: s.sellerId, amount: s.net, payee, threshold, needsApproval } });
  if (!needsApproval) return one(tx, await executePayout(tx, ctx, p!, payee));
  return one(tx, p!);
}

/** Approves a payout awaiting approval and executes it; the approver must not be the requester (SameApprover 403). Audited. */
export async function approvePayout(tx: Tx, ctx: RequestContext, payoutId: string): Promise<PayoutOut> {
  const p = await lockedPayout(tx, payoutId);
  if (p.status !== 'awaiting_approval') throw new PayoutNotAwaitingApproval(payoutId, p.status);
  if (!ctx.actorId || ctx.actorId === p.requestedBy) throw new SameApprover(payoutId);
  const [approved] = await tx.update(payout).set({ approvedBy: ctx.actorId, approvedAt: new Date(), updatedAt: new Date() })
    .where(eq(payout.id, payoutId)).returning();
  await recordAudit(tx, ctx, { action: 'settlement.payout_approved', resourceType: 'settlement_payout', resourceId: payoutId,
    changes: { statementId: p.statementId, amount: p.amount, requestedBy: p.requestedBy } });
  const payee = (await payeesOf(tx, [payoutId])).get(payoutId) ?? '';
  return one(tx, await executePayout(tx, ctx, approved!, payee));
}

/** Rejects a payout awaiting approval with a reason; the statement can be paid out again later. Audited. */
export async function rejectPayout(tx: Tx, ctx: RequestContext, payoutId: string, reason: string): Promise<PayoutOut> {
  const p = await lockedPayout(tx, payoutId);
  if (p.status !== 'awaiting_approval') throw new PayoutNotAwaitingApproval(payoutId, p.status);
  const [r] = await tx.update(payout).set({ status: 'rejected', failureReason: reason, updatedAt: new Date() })
    .where(eq(payout.id, payoutId)).returning();
  await recordAudit(tx, ctx, { action: 'settlement.payout_rejected', resourceType: 'settlement_payout', resourceId: payoutId,
    changes: { statementId: p.statementId, amount: p.amount, reason } });
  return one(tx, r!);
}

/**
 * Applies a transfer result to its payout, in the payment module's transaction (idempotent: only a
 * processing payout changes). Succeeded: payout and statement paid. Failed: payout failed with the
 * reason, the 'payout.initiated' entry reversed (the amount is owed to the seller again) and the
 * statement issued again so it can be paid out anew; the seller sees the failure (PL-PAY-06).
 * Transfers that are not payouts are ignored.
 */
export async function applyTransferToPayout(tx: Tx, e: TransferSettled): Promise<void> {
  if (!isId('pout', e.reference)) return;
  const [p] = await tx.select().from(payout).where(eq(payout.id, e.reference)).for('update');
  if (!p || p.status !== 'processing') return;
  const ctx = systemContext('settlement: transfer result');
  const now = new Date();
  if (e.status === 'succeeded') {
    await tx.update(payout).set({ status: 'paid', paidAt: e.at, transferId: p.transferId ?? e.transferId, updatedAt: now }).where(eq(payout.id, p.id));
    await tx.update(statement).set({ status: 'paid', updatedAt: now }).where(eq(statement.id, p.statementId));
    await recordAudit(tx, ctx, { action: 'settlement.payout_paid', resourceType: 'settlement_payout', resourceId: p.id,
      changes: { statementId: p.statementId, amount: p.amount, transferId: e.transferId } });
    return;
  }
  const reason = e.failureReason ?? 'the payment provider reported the transfer failed';
  await tx.update(payout).set({ status: 'failed', failureReason: reason, updatedAt: now }).where(eq(payout.id, p.id));
  await tx.update(statement).set({ status: 'issued', updatedAt: now }).where(eq(statement.id, p.statementId));
  const initiated = await entryForSource(tx, { kind: PAYOUT_INITIATED, sourceType: 'payout', sourceId: p.id });
  if (initiated) await reverseEntry(tx, ctx, initiated.id, `payout ${p.id} failed: ${reason}`);
  await recordAudit(tx, ctx, { action: 'settlement.payout_failed', resourceType: 'settlement_payout', resourceId: p.id,
    changes: { statementId: p.statementId, amount: p.amount, transferId: e.transferId, reason } });
}

export type PayoutFilter = { sellerId?: string | undefined; status?: PayoutRow['status'] | undefined; statementId?: string | undefined; limit: number;
  before?: { createdAt: string; id: string } | undefined };

/** Payouts newest first (a seller's own when sellerId is its tenant). */
export async function listPayouts(q: Queryable, f: PayoutFilter, forSeller = false) {
  const at = f.before ? new Date(f.before.createdAt) : undefined;
  const rs = await q.select().from(payout).where(and(
    f.sellerId ? eq(payout.sellerId, f.sellerId) : undefined,
    f.status ? eq(payout.status, f.status) : undefined,
    f.statementId ? eq(payout.statementId, f.statementId) : undefined,
    at ? or(lt(payout.createdAt, at), and(eq(payout.createdAt, at), lt(payout.id, f.before!.id))) : undefined,
  )).orderBy(desc(payout.createdAt), desc(payout.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await payoutsOut(q, pageRows, forSeller), next: rs.length > f.limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null };
}

/** One payout; with sellerId only that seller's (PayoutNotFound otherwise). */
export async function getPayout(q: Queryable, id: string, sellerId?: string): Promise<PayoutOut> {
  if (!isId('pout', id)) throw new PayoutNotFound(id);
  const [p] = await q.select().from(payout).where(and(eq(payout.id, id), sellerId ? eq(payout.sellerId, sellerId) : undefined));
  if (!p) throw new PayoutNotFound(id);
  return one(q, p, sellerId !== undefined);
}
