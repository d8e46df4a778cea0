import { and, inArray } from 'drizzle-orm';
import type { Queryable } from '@/platform/db/client.js';
import type { PaymentOut, RefundOut, TransferOut } from '../contract.js';
import { payment, refund, riskReview, transfer } from '../schema.js';
import { iso, loadEvents, money } from './common.js';
import { providersByIds } from './providers.js';

export type PaymentRow = typeof payment.$inferSelect;
export type RefundRow = typeof refund.$inferSelect;
export type TransferRow = typeof transfer.$inferSelect;

async function reviewsOf(q: Queryable, subjectType: 'payment' | 'refund', ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; status: 'open' | 'released' | 'rejected'; reason: string }>();
  const rs = await q.select().from(riskReview).where(and(inArray(riskReview.subjectId, ids), inArray(riskReview.subjectType, [subjectType])));
  return new Map(rs.map((r) => [r.subjectId, { id: r.id, status: r.status, reason: r.reason }]));
}

const providerRef = (p: { code: string; name: string } | undefined) => ({ code: p?.code ?? 'unknown', name: p?.name ?? 'unknown' });

/** One payment as the API shows it, from its provider, status history and review in hand. */
export function paymentOut(p: PaymentRow, prov: { code: string; name: string } | undefined,
  ev: { events: PaymentOut['events']; created: Record<string, unknown> } | undefined, review: PaymentOut['review']): PaymentOut {
  return {
    id: p.id, provider: providerRef(prov), reference: p.reference, accountId: p.accountId,
    amount: money(p.amount, p.currency), refunded: money(p.refundedAmount, p.currency), status: p.status, providerRef: p.providerRef,
    payerMasked: p.payerMasked, failureReason: p.failureReason, subject: typeof ev?.created.subject === 'string' ? ev.created.subject : '',
    expiresAt: p.expiresAt.toISOString(), succeededAt: iso(p.succeededAt), createdAt: p.createdAt.toISOString(),
    review, events: ev?.events ?? [],
  };
}

/** Payments as the API shows them: provider, money, review and status history. */
export async function paymentsOut(q: Queryable, rows: PaymentRow[]): Promise<PaymentOut[]> {
  const ids = rows.map((r) => r.id);
  const [providers, events, reviews] = [await providersByIds(q, rows.map((r) => r.providerId)), await loadEvents(q, ids), await reviewsOf(q, 'payment', ids)];
  return rows.map((p) => paymentOut(p, providers.get(p.providerId), events.get(p.id), reviews.get(p.id) ?? null));
}

/** Refunds as the API shows them, with the payment they refund. */
export async function refundsOut(q: Queryable, rows: RefundRow[]): Promise<RefundOut[]> {
  const ids = rows.map((r) => r.id);
  const payIds = [...new Set(rows.map((r) => r.paymentId))];
  const pays = payIds.length ? await q.select({ id: payment.id, reference: payment.reference, providerId: payment.providerId }).from(payment)
    .where(inArray(payment.id, payIds)) : [];
  const payBy = new Map(pays.map((p) => [p.id, p]));
  const [providers, events, reviews] = [await providersByIds(q, pays.map((p) => p.providerId)), await loadEvents(q, ids), await reviewsOf(q, 'refund', ids)];
  return rows.map((r) => {
    const p = payBy.get(r.paymentId);
    return {
      id: r.id, paymentId: r.paymentId, paymentReference: p?.reference ?? '', provider: providerRef(p ? providers.get(p.providerId) : undefined),
      reference: r.reference, sellerId: r.sellerId, accountId: r.accountId, amount: money(r.amount, r.currency), reason: r.reason, status: r.status,
      providerRef: r.providerRef, failureReason: r.failureReason, succeededAt: iso(r.succeededAt), createdAt: r.createdAt.toISOString(),
      review: reviews.get(r.id) ?? null, events: events.get(r.id)?.events ?? [],
    };
  });
}

/** Transfers as the API shows them. */
export async function transfersOut(q: Queryable, rows: TransferRow[]): Promise<TransferOut[]> {
  const [providers, events] = [await providersByIds(q, rows.map((r) => r.providerId)), await loadEvents(q, rows.map((r) => r.id))];
  return rows.map((t) => {
    const ev = events.get(t.id);
    return {
      id: t.id, provider: providerRef(providers.get(t.providerId)), reference: t.reference, orgId: t.orgId, amount: money(t.amount, t.currency),
      payeeMasked: t.payeeMasked, memo: typeof ev?.created.memo === 'string' ? ev.created.memo : '', status: t.status, providerRef: t.providerRef,
      failureReason: t.failureReason, succeededAt: iso(t.succeededAt), createdAt: t.createdAt.toISOString(), events: ev?.events ?? [],
    };
  });
}
