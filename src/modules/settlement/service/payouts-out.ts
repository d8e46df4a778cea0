import { and, eq, inArray } from 'drizzle-orm';
import { auditLog } from '@/platform/audit/index.js';
import type { Queryable } from '@/platform/db/client.js';
import type { PayoutOut } from '../contract.js';
import type { payout } from '../schema.js';

export type PayoutRow = typeof payout.$inferSelect;
export const PAYOUT_REQUESTED = 'settlement.payout_requested';

/**
 * The masked payee of each payout. settlement_payout has no payee column (migration 0009), so the
 * payee is kept in the payout's own 'settlement.payout_requested' audit entry, written in the same
 * transaction as the payout; it is read back from there. TODO(#5): a payee column.
 */
export async function payeesOf(q: Queryable, payoutIds: string[]): Promise<Map<string, string>> {
  if (payoutIds.length === 0) return new Map();
  const rs = await q.select({ id: auditLog.resourceId, changes: auditLog.changes }).from(auditLog)
    .where(and(eq(auditLog.action, PAYOUT_REQUESTED), eq(auditLog.resourceType, 'settlement_payout'), inArray(auditLog.resourceId, payoutIds)));
  return new Map(rs.map((r) => [r.id!, String((r.changes as { payee?: unknown } | null)?.payee ?? '')]));
}

/** Payouts as the API shows them; a seller does not see which platform staff requested or approved. */
export async function payoutsOut(q: Queryable, ps: PayoutRow[], forSeller = false): Promise<PayoutOut[]> {
  const payees = await payeesOf(q, ps.map((p) => p.id));
  return ps.map((p) => ({
    id: p.id, statementId: p.statementId, sellerId: p.sellerId, amount: { amount: p.amount, currency: p.currency }, status: p.status,
    payee: payees.get(p.id) ?? '', requestedBy: forSeller ? null : p.requestedBy, approvedBy: forSeller ? null : p.approvedBy,
    approvedAt: p.approvedAt?.toISOString() ?? null, transferId: p.transferId, failureReason: p.failureReason, paidAt: p.paidAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  }));
}
