import { and, eq, inArray, sql } from 'drizzle-orm';
import { ensureAccount, postEntry } from '@/modules/finance/index.js';
import { recordAudit } from '@/platform/audit/index.js';
import type { Tx } from '@/platform/db/client.js';
import { systemContext, type RequestContext } from '@/platform/http/auth.js';
import { notifySettled, type ProviderTxn } from '../ports.js';
import { payment, refund, transfer } from '../schema.js';
import { type EventSource, recordEvent } from './common.js';
import type { ProviderRow } from './providers.js';
import { closeReview } from './risk.js';

/**
 * What applying a provider result did: `applied` changed a status; `ignored` changed nothing for a
 * reason (duplicate, out of order, mismatch); `missing` found no record yet (it may still commit).
 */
export type ApplyOutcome = { outcome: 'applied' | 'ignored' | 'missing'; reason: string | null };

const applied: ApplyOutcome = { outcome: 'applied', reason: null };
const ignored = (reason: string): ApplyOutcome => ({ outcome: 'ignored', reason });

/** The ledger account of the money held at a provider (asset), created on first use. */
export async function pspAccount(tx: Tx, p: ProviderRow): Promise<string> {
  const a = pspLedgerAccount(p);
  await ensureAccount(tx, a);
  return a.code;
}

/** The provider's ledger account as postEntry creates it on first use (`accounts`): no statement of its own. */
function pspLedgerAccount(p: ProviderRow) {
  return { code: `psp:${p.id}`, kind: 'asset' as const, name: `${p.name} 备付金 Balance at ${p.code}`, orgId: p.orgId };
}

const sourceCtx = (source: EventSource): RequestContext => systemContext(`payment ${source}`);

/*
 * AUDIT_LAST: recording an audit entry takes the audit chain's lock and holds it until commit, so a
 * transaction that audits and then locks rows deadlocks with one that locks those rows and then
 * audits (a checkout holds its stock rows and audits; a payment that audited first and then sold the
 * same stock in its listener was the other half: 500s under load). The listeners, which lock the
 * checkout, stock and product rows, therefore run before the payment's own audit entry.
 */

/**
 * Applies a provider's result for a charge, exactly once: a conditional UPDATE moves the payment from
 * pending/held to succeeded or failed; in the same transaction the status history, the ledger entry
 * (Dr psp / Cr clearing:consumer) and the payment listeners (orders become paid). A failure never
 * downgrades a success; a success for a payment cancelled or failed meanwhile (a late charge: money
 * really moved) is applied too, and the listeners decide what follows (restore the order or refund).
 */
export async function applyChargeResult(tx: Tx, prov: ProviderRow, txn: ProviderTxn, source: EventSource): Promise<ApplyOutcome> {
  const [p] = await tx.select().from(payment).where(eq(payment.id, txn.merchantRef)).for('update');
  if (!p) return { outcome: 'missing', reason: `payment ${txn.merchantRef} is not recorded (yet)` };
  if (p.providerId !== prov.id) return ignored(`payment ${p.id} belongs to another provider`);
  const at = txn.completedAt ?? new Date();
  const ctx = sourceCtx(source);
  if (txn.status === 'succeeded') {
    if (p.status === 'succeeded') return ignored('the payment already succeeded');
    if (txn.amount !== p.amount || txn.currency !== p.currency) {
      return ignored(`the provider charged ${txn.currency} ${txn.amount} but the payment is ${p.currency} ${p.amount}`);
    }
    // Money moved at the provider: that is the truth even for a payment cancelled or failed meanwhile
    // (a late charge). The listeners then decide (the order module restores the order or refunds).
    const [done] = await tx.update(payment).set({ status: 'succeeded', providerRef: txn.providerRef, payerMasked: txn.payerMasked, succeededAt: at,
      failureCode: null, failureReason: null, updatedAt: new Date() })
      .where(and(eq(payment.id, p.id), inArray(payment.status, ['pending', 'held', 'cancelled', 'failed']))).returning();
    if (!done) return ignored('the payment changed meanwhile');
    const late = p.status === 'cancelled' || p.status === 'failed';
    await recordEvent(tx, { subjectType: 'payment', subjectId: p.id, from: p.status, to: 'succeeded', source,
      detail: { providerRef: txn.providerRef, ...(late ? { note: `charged at the provider after the payment was ${p.status}` } : {}) } });
    if (p.status === 'held') await closeReview(tx, 'payment', p.id, 'released', 'paid at the provider while held');
    const psp = pspLedgerAccount(prov);
    await postEntry(tx, ctx, { kind: 'payment.succeeded', sourceType: 'payment', sourceId: p.id, memo: `payment ${p.reference}`, accounts: [psp],
      lines: [{ account: psp.code, amount: p.amount, memo: 'charge' }, { account: 'clearing:consumer', amount: -p.amount, memo: 'charge' }] });
    // Listeners first: they lock rows (checkout, stock, products); the audit chain's lock is taken last (see AUDIT_LAST).
    await notifySettled(tx, 'payment', { paymentId: p.id, reference: p.reference, status: 'succeeded', amount: p.amount, providerId: prov.id, at });
    await recordAudit(tx, ctx, { action: 'payment.succeeded', resourceType: 'payment_payment', resourceId: p.id,
      changes: { from: p.status, reference: p.reference, amount: p.amount, providerRef: txn.providerRef, source } });
    return applied;
  }
  if (txn.status === 'failed') {
    if (p.status !== 'pending' && p.status !== 'held') return ignored(`a failure does not change a ${p.status} payment`);
    const reason = txn.failureReason ?? 'the provider reported the charge failed';
    const [done] = await tx.update(payment).set({ status: 'failed', providerRef: txn.providerRef, failureCode: 'provider_failed', failureReason: reason, updatedAt: new Date() })
      .where(and(eq(payment.id, p.id), inArray(payment.status, ['pending', 'held']))).returning();
    if (!done) return ignored('the payment changed meanwhile');
    await recordEvent(tx, { subjectType: 'payment', subjectId: p.id, from: p.status, to: 'failed', source, detail: { providerRef: txn.providerRef, failureReason: reason } });
    if (p.status === 'held') await closeReview(tx, 'payment', p.id, 'rejected', 'the charge failed at the provider');
    await notifySettled(tx, 'payment', { paymentId: p.id, reference: p.reference, status: 'failed', amount: p.amount, providerId: prov.id, at });
    await recordAudit(tx, ctx, { action: 'payment.failed', resourceType: 'payment_payment', resourceId: p.id,
      changes: { from: p.status, reference: p.reference, failureReason: reason, source } });
    return applied;
  }
  return ignored('a pending charge changes nothing');
}

/**
 * Applies a provider's result for a refund, exactly once: pending → succeeded (the payment's refunded
 * amount grows, ledger Dr clearing:refunds / Cr psp) or pending → failed; refund listeners are called
 * in the same transaction. A failure never downgrades a success.
 */
export async function applyRefundResult(tx: Tx, prov: ProviderRow, txn: ProviderTxn, source: EventSource): Promise<ApplyOutcome> {
  const [r] = await tx.select().from(refund).where(eq(refund.id, txn.merchantRef)).for('update');
  if (!r) return { outcome: 'missing', reason: `refund ${txn.merchantRef} is not recorded (yet)` };
  const [p] = await tx.select().from(payment).where(eq(payment.id, r.paymentId)).for('update');
  if (!p || p.providerId !== prov.id) return ignored(`refund ${r.id} belongs to another provider`);
  if (r.status !== 'pending') return ignored(`a ${txn.status} result does not change a ${r.status} refund`);
  const at = txn.completedAt ?? new Date();
  const ctx = sourceCtx(source);
  if (txn.status === 'succeeded') {
    if (txn.amount !== r.amount) return ignored(`the provider refunded ${txn.amount} but the refund is ${r.amount}`);
    const [grown] = await tx.update(payment).set({ refundedAmount: sql`${payment.refundedAmount} + ${r.amount}`, updatedAt: new Date() })
      .where(and(eq(payment.id, p.id), sql`${payment.refundedAmount} + ${r.amount} <= ${payment.amount}`)).returning({ id: payment.id });
    // requestRefund never lets refunds exceed the payment; if this fails the data is inconsistent: stop and surface it.
    if (!grown) throw new Error(`refund ${r.id} would make payment ${p.id} refunded beyond its amount`);
    await tx.update(refund).set({ status: 'succeeded', providerRef: txn.providerRef, succeededAt: at, failureReason: null, updatedAt: new Date() }).where(eq(refund.id, r.id));
    await recordEvent(tx, { subjectType: 'refund', subjectId: r.id, from: 'pending', to: 'succeeded', source, detail: { providerRef: txn.providerRef } });
    await postEntry(tx, ctx, { kind: 'refund.succeeded', sourceType: 'refund', sourceId: r.id, memo: `refund of ${r.reference}`,
      lines: [{ account: 'clearing:refunds', amount: r.amount, memo: 'refund', sellerId: r.sellerId }, { account: await pspAccount(tx, prov), amount: -r.amount, memo: 'refund', sellerId: r.sellerId }] });
  } else if (txn.status === 'failed') {
    const reason = txn.failureReason ?? 'the provider reported the refund failed';
    await tx.update(refund).set({ status: 'failed', providerRef: txn.providerRef || r.providerRef, failureReason: reason, updatedAt: new Date() }).where(eq(refund.id, r.id));
    await recordEvent(tx, { subjectType: 'refund', subjectId: r.id, from: 'pending', to: 'failed', source, detail: { providerRef: txn.providerRef, failureReason: reason } });
  } else {
    return ignored('a pending refund changes nothing');
  }
  await notifySettled(tx, 'refund', { refundId: r.id, paymentId: r.paymentId, reference: r.reference, sellerId: r.sellerId, status: txn.status,
    amount: r.amount, providerId: prov.id, at });
  await recordAudit(tx, ctx, { action: `payment.refund_${txn.status}`, resourceType: 'payment_refund', resourceId: r.id,
    changes: { paymentId: r.paymentId, reference: r.reference, amount: r.amount, providerRef: txn.providerRef, failureReason: txn.failureReason, source } });
  return applied;
}

/**
 * Applies a provider's result for a transfer (payout), exactly once: pending → succeeded (ledger Dr
 * payout:in_transit / Cr psp) or failed with the reason; transfer listeners in the same transaction.
 */
export async function applyTransferResult(tx: Tx, prov: ProviderRow, txn: ProviderTxn, source: EventSource): Promise<ApplyOutcome> {
  const [t] = await tx.select().from(transfer).where(eq(transfer.id, txn.merchantRef)).for('update');
  if (!t) return { outcome: 'missing', reason: `transfer ${txn.merchantRef} is not recorded (yet)` };
  if (t.providerId !== prov.id) return ignored(`transfer ${t.id} belongs to another provider`);
  if (t.status !== 'pending') return ignored(`a ${txn.status} result does not change a ${t.status} transfer`);
  const at = txn.completedAt ?? new Date();
  const ctx = sourceCtx(source);
  let failureReason: string | null = null;
  if (txn.status === 'succeeded') {
    if (txn.amount !== t.amount) return ignored(`the provider transferred ${txn.amount} but the transfer is ${t.amount}`);
    await tx.update(transfer).set({ status: 'succeeded', providerRef: txn.providerRef, succeededAt: at, updatedAt: new Date() }).where(eq(transfer.id, t.id));
    await recordEvent(tx, { subjectType: 'transfer', subjectId: t.id, from: 'pending', to: 'succeeded', source, detail: { providerRef: txn.providerRef } });
    await postEntry(tx, ctx, { kind: 'transfer.succeeded', sourceType: 'transfer', sourceId: t.id, memo: `payout ${t.reference}`,
      lines: [{ account: 'payout:in_transit', amount: t.amount, memo: 'payout', sellerId: t.orgId }, { account: await pspAccount(tx, prov), amount: -t.amount, memo: 'payout', sellerId: t.orgId }] });
  } else if (txn.status === 'failed') {
    failureReason = txn.failureReason ?? 'the provider reported the transfer failed';
    await tx.update(transfer).set({ status: 'failed', providerRef: txn.providerRef || t.providerRef, failureReason, updatedAt: new Date() }).where(eq(transfer.id, t.id));
    await recordEvent(tx, { subjectType: 'transfer', subjectId: t.id, from: 'pending', to: 'failed', source, detail: { providerRef: txn.providerRef, failureReason } });
  } else {
    return ignored('a pending transfer changes nothing');
  }
  await notifySettled(tx, 'transfer', { transferId: t.id, reference: t.reference, orgId: t.orgId, status: txn.status, amount: t.amount, providerId: prov.id,
    failureReason, at });
  await recordAudit(tx, ctx, { action: `payment.transfer_${txn.status}`, resourceType: 'payment_transfer', resourceId: t.id,
    changes: { reference: t.reference, orgId: t.orgId, amount: t.amount, providerRef: txn.providerRef, failureReason, source } });
  return applied;
}

/** Applies a provider result of any kind. */
export function applyProviderResult(tx: Tx, prov: ProviderRow, txn: ProviderTxn, source: EventSource): Promise<ApplyOutcome> {
  if (txn.kind === 'charge') return applyChargeResult(tx, prov, txn, source);
  if (txn.kind === 'refund') return applyRefundResult(tx, prov, txn, source);
  return applyTransferResult(tx, prov, txn, source);
}
