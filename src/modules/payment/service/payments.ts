import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Db, Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { MAX_AMOUNT, type ConsumerPaymentOut, type CreatePaymentInput, type PaymentOut } from '../contract.js';
import { InvalidPayment, PaymentNotCancellable, PaymentNotFound, PaymentNotPayable, PaymentReferenceTaken } from '../errors.js';
import { notifySettled } from '../ports.js';
import { payment, paymentEvent, provider, refund } from '../schema.js';
import { creationDetail, exactTime, recordEvent } from './common.js';
import { paymentOut, paymentsOut, refundsOut, type PaymentRow } from './outputs.js';
import { adapterFor, offerableWithRules, providerById, providerCredentials } from './providers.js';
import { closeReview, evaluateRisk, openReview } from './risk.js';
import { applyChargeResult } from './settle.js';

export type Cursor = { createdAt: string; id: string };

async function paymentRow(q: Queryable, id: string, lock = false): Promise<PaymentRow> {
  if (!isId('pay', id)) throw new PaymentNotFound(id);
  const query = q.select().from(payment).where(eq(payment.id, id));
  const [p] = lock ? await query.for('update') : await query;
  if (!p) throw new PaymentNotFound(id);
  return p;
}

function checkPaymentInput(input: CreatePaymentInput, now: Date): void {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1 || input.amount > MAX_AMOUNT) {
    throw new InvalidPayment(`The amount must be a whole number of fen from 1 to ${MAX_AMOUNT}; got ${input.amount}.`, { amount: input.amount });
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) throw new InvalidPayment(`"${input.currency}" is not an ISO currency code.`, { currency: input.currency });
  if (!input.reference || input.reference.length > 64) throw new InvalidPayment('The payment reference must be 1–64 characters.');
  if (input.id !== undefined && !isId('pay', input.id)) throw new InvalidPayment(`"${input.id}" is not a payment id (pay_…).`);
  if (!input.subject.trim() || input.subject.length > 200) throw new InvalidPayment('The payment subject must be 1–200 characters.');
  if (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime()) || input.expiresAt <= now) {
    throw new InvalidPayment('The payment must expire in the future.');
  }
}

const samePayment = (p: PaymentRow, providerId: string, input: CreatePaymentInput) =>
  p.providerId === providerId && p.accountId === input.accountId && p.amount === input.amount && p.currency === input.currency;

/**
 * Creates the one payment of a checkout (`reference` = checkout id) with an offerable provider
 * (ProviderNotOfferable otherwise). Idempotent on the reference: the same request again returns the
 * same payment; a different one is PaymentReferenceTaken. Risk rules (PL-PAY-09) may create it
 * 'held' with an open review instead of 'pending'. Audited.
 */
export async function createPayment(tx: Tx, ctx: RequestContext, input: CreatePaymentInput): Promise<PaymentOut> {
  const now = new Date();
  checkPaymentInput(input, now);
  // The provider (ProviderNotOfferable) and the active payment risk rules in one query.
  const { provider: prov, rules } = await offerableWithRules(tx, input.providerCode, now, 'payment');
  // Insert first (a reference that already has its payment conflicts and is answered below); risk rules only read.
  const hold = await evaluateRisk(tx, 'payment', { accountId: input.accountId, amount: input.amount }, now, rules);
  const status = hold ? 'held' : 'pending';
  const [p] = await tx.insert(payment).values({ id: input.id ?? newId('pay'), providerId: prov.id, reference: input.reference, accountId: input.accountId,
    amount: input.amount, currency: input.currency, status, expiresAt: input.expiresAt }).onConflictDoNothing().returning();
  if (!p) {
    // The same request again (idempotent), a concurrent transaction that created it first, or another payment of this reference.
    const [other] = await tx.select().from(payment).where(eq(payment.reference, input.reference));
    if (!other || !samePayment(other, prov.id, input)) throw new PaymentReferenceTaken(input.reference);
    return (await paymentsOut(tx, [other]))[0]!;
  }
  const detail = { subject: input.subject.trim(), ...(hold ? { ruleId: hold.ruleId, reason: `held for review: ${hold.reason}` } : {}) };
  const created = await recordEvent(tx, { subjectType: 'payment', subjectId: p.id, from: null, to: status, source: 'platform', actorId: ctx.actorId, detail });
  const review = hold ? await openReview(tx, 'payment', p.id, hold) : null;
  await recordAudit(tx, ctx, { action: 'payment.created', resourceType: 'payment_payment', resourceId: p.id,
    changes: { reference: p.reference, provider: prov.code, amount: p.amount, currency: p.currency, status, ruleId: hold?.ruleId ?? null } });
  // Built from the rows in hand: what paymentsOut would read back.
  return paymentOut(p, prov, { events: [created], created: detail }, review);
}

/** A return URL the sandbox may send the consumer back to: a path on this site or an http(s) URL. */
function checkReturnUrl(url: string): void {
  const ok = url.length <= 1000 && ((url.startsWith('/') && !url.startsWith('//') && !url.includes('\\')) || /^https?:\/\/[^\s]+$/.test(url));
  if (!ok) throw new InvalidPayment('The return URL must be a path on this site (/…) or an http(s) URL.', { returnUrl: url.slice(0, 200) });
}

/**
 * The signed provider page URL where the consumer pays (PaymentNotPayable unless pending or held; a
 * held payment's page says it is under review). The signature covers amount, reference, expiry and
 * return URL, so none can be changed on the way.
 */
export async function payUrl(q: Queryable, keyring: Keyring, paymentId: string, returnUrl: string): Promise<string> {
  checkReturnUrl(returnUrl);
  const p = await paymentRow(q, paymentId);
  if (p.status !== 'pending' && p.status !== 'held') throw new PaymentNotPayable(p.id, p.status);
  const prov = await providerById(q, p.providerId);
  const subject = (await creationDetail(q, p.id)).subject;
  // chargeUrl is a pure function of its input: the adapter's database handle is not used here.
  const adapter = adapterFor(q as unknown as Db, prov.code);
  return adapter.chargeUrl({ paymentId: p.id, amount: p.amount, currency: p.currency, subject: typeof subject === 'string' ? subject : p.reference,
    expiresAt: p.expiresAt, returnUrl }, providerCredentials(keyring, prov));
}

/**
 * The payment of a checkout as its page shows it, in one statement (payment, provider and the
 * subject recorded at creation): id, status, failure reason and, when `returnUrl` is given and the
 * payment can still be paid (pending or held), the signed pay URL exactly as payUrl makes it. Null when
 * the reference has no payment. A page read is never refused: the checkout may have been read as
 * awaiting payment just before the payment succeeded (a consumer polling the result page), and then
 * there is simply nothing left to pay.
 */
export async function paymentForCheckout(q: Queryable, keyring: Keyring, reference: string, returnUrl: string | null):
  Promise<{ id: string; status: PaymentRow['status']; failureReason: string | null; payUrl: string | null } | null> {
  if (returnUrl !== null) checkReturnUrl(returnUrl);
  const [r] = await q.select({ p: payment, prov: provider, subject: sql<string | null>`(select case when jsonb_typeof(${paymentEvent.detail}->'subject') = 'string' then ${paymentEvent.detail}->>'subject' end from ${paymentEvent}
      where ${paymentEvent.subjectId} = ${payment.id} and ${paymentEvent.fromStatus} is null order by ${paymentEvent.createdAt} asc limit 1)` })
    .from(payment).innerJoin(provider, eq(provider.id, payment.providerId)).where(eq(payment.reference, reference));
  if (!r) return null;
  const { p, prov } = r;
  let url: string | null = null;
  if (returnUrl !== null && (p.status === 'pending' || p.status === 'held')) {
    // chargeUrl is a pure function of its input: the adapter's database handle is not used here.
    url = adapterFor(q as unknown as Db, prov.code).chargeUrl({ paymentId: p.id, amount: p.amount, currency: p.currency,
      subject: r.subject ?? p.reference, expiresAt: p.expiresAt, returnUrl }, providerCredentials(keyring, prov));
  }
  return { id: p.id, status: p.status, failureReason: p.failureReason, payUrl: url };
}

/**
 * Cancels a pending or held payment (checkout timed out or was abandoned): idempotent (an already
 * cancelled or failed payment is left as it is), PaymentNotCancellable for a succeeded one. Payment
 * listeners hear 'cancelled' in the same transaction. Audited.
 */
export async function cancelPayment(tx: Tx, ctx: RequestContext, paymentId: string, reason: string): Promise<void> {
  const p = await paymentRow(tx, paymentId, true);
  if (p.status === 'cancelled' || p.status === 'failed') return;
  if (p.status === 'succeeded') throw new PaymentNotCancellable(p.id, p.status);
  const now = new Date();
  await tx.update(payment).set({ status: 'cancelled', failureReason: reason, updatedAt: now }).where(eq(payment.id, p.id));
  await recordEvent(tx, { subjectType: 'payment', subjectId: p.id, from: p.status, to: 'cancelled', source: 'platform', detail: { reason }, actorId: ctx.actorId });
  if (p.status === 'held') await closeReview(tx, 'payment', p.id, 'rejected', `payment cancelled: ${reason}`);
  // Listeners (which release stock) before the audit entry: the audit chain's lock is taken last (AUDIT_LAST in settle.ts).
  await notifySettled(tx, 'payment', { paymentId: p.id, reference: p.reference, status: 'cancelled', amount: p.amount, providerId: p.providerId, at: now });
  await recordAudit(tx, ctx, { action: 'payment.cancelled', resourceType: 'payment_payment', resourceId: p.id, changes: { from: p.status, reason } });
}

export async function getPayment(q: Queryable, id: string): Promise<PaymentOut> {
  return (await paymentsOut(q, [await paymentRow(q, id)]))[0]!;
}

/** The payment of a checkout, or null. */
export async function getPaymentByReference(q: Queryable, reference: string): Promise<PaymentOut | null> {
  const [p] = await q.select().from(payment).where(eq(payment.reference, reference));
  return p ? (await paymentsOut(q, [p]))[0]! : null;
}

/** The payments of many checkouts (those that exist), newest first. */
export async function paymentsForReferences(q: Queryable, references: string[]): Promise<PaymentOut[]> {
  if (references.length === 0) return [];
  const rs = await q.select().from(payment).where(inArray(payment.reference, [...new Set(references)])).orderBy(desc(payment.createdAt), desc(payment.id));
  return paymentsOut(q, rs);
}

const before = (col: typeof payment.createdAt, idCol: typeof payment.id, c: Cursor | undefined): SQL | undefined =>
  c ? or(sql`${col} < ${c.createdAt}::timestamptz`, and(sql`${col} = ${c.createdAt}::timestamptz`, lt(idCol, c.id))) : undefined;

export type PaymentFilter = {
  status?: PaymentRow['status'] | undefined; providerCode?: string | undefined; accountId?: string | undefined; reference?: string | undefined;
  from?: Date | undefined; to?: Date | undefined; limit: number; before?: Cursor | undefined;
};

/** Payments newest first, filtered (operators, PL-PAY-04). */
export async function listPayments(q: Queryable, f: PaymentFilter): Promise<{ items: PaymentOut[]; next: Cursor | null }> {
  let providerId: string | undefined;
  if (f.providerCode) {
    const [p] = await q.select({ id: provider.id }).from(provider).where(eq(provider.code, f.providerCode));
    if (!p) return { items: [], next: null };
    providerId = p.id;
  }
  const conds = [f.status ? eq(payment.status, f.status) : undefined, providerId ? eq(payment.providerId, providerId) : undefined,
    f.accountId ? eq(payment.accountId, f.accountId) : undefined, f.reference ? eq(payment.reference, f.reference) : undefined,
    f.from ? gte(payment.createdAt, f.from) : undefined, f.to ? lt(payment.createdAt, f.to) : undefined, before(payment.createdAt, payment.id, f.before)];
  const rs = await q.select({ p: payment, at: exactTime(payment.createdAt) }).from(payment).where(and(...conds))
    .orderBy(desc(payment.createdAt), desc(payment.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await paymentsOut(q, pageRows.map((r) => r.p)), next: rs.length > f.limit && last ? { createdAt: last.at, id: last.p.id } : null };
}

/** A consumer's own payments, newest first, each with its refunds and provider references (PL-PAY-05). */
export async function listConsumerPayments(q: Queryable, accountId: string, f: { limit: number; before?: Cursor | undefined }):
  Promise<{ items: ConsumerPaymentOut[]; next: Cursor | null }> {
  const res = await listPayments(q, { accountId, limit: f.limit, before: f.before });
  const ids = res.items.map((p) => p.id);
  const refunds = ids.length ? await refundsOut(q, await q.select().from(refund).where(inArray(refund.paymentId, ids)).orderBy(refund.createdAt, refund.id)) : [];
  return { items: res.items.map((p) => ({ ...p, refunds: refunds.filter((r) => r.paymentId === p.id) })), next: res.next };
}

/** One of the consumer's own payments (PaymentNotFound for anybody else's). */
export async function getConsumerPayment(q: Queryable, accountId: string, id: string): Promise<PaymentOut> {
  const p = await paymentRow(q, id);
  if (p.accountId !== accountId) throw new PaymentNotFound(id);
  return (await paymentsOut(q, [p]))[0]!;
}

/**
 * Asks the provider for the charge's state (queryCharge, outside any transaction) and applies a
 * completed result exactly like a notification would (source 'query'). Used when the consumer comes
 * back from the provider page before the notification arrived, and by operators. Returns the payment.
 */
export async function syncPayment(db: Db, keyring: Keyring, paymentId: string): Promise<PaymentOut> {
  const p = await paymentRow(db, paymentId);
  if (p.status === 'pending' || p.status === 'held') {
    const prov = await providerById(db, p.providerId);
    const txn = await adapterFor(db, prov.code).queryCharge(p.id, providerCredentials(keyring, prov));
    if (txn && txn.status !== 'pending') {
      await db.transaction((tx) => applyChargeResult(tx, prov, txn, 'query'));
    }
  }
  return getPayment(db, paymentId);
}

/** Records that an operator queried the provider about a payment (PL-PAY-02: every query is logged). */
export async function auditProviderQuery(tx: Tx, ctx: RequestContext, paymentId: string): Promise<void> {
  await recordAudit(tx, ctx, { action: 'payment.provider_queried', resourceType: 'payment_payment', resourceId: paymentId, changes: null });
}

/** What the sandbox's pay page asks before it takes money: may this payment be paid now? */
export async function merchantPaymentState(q: Queryable, paymentId: string): Promise<'payable' | 'held' | 'closed' | 'unknown'> {
  if (!isId('pay', paymentId)) return 'unknown';
  const [p] = await q.select({ status: payment.status, expiresAt: payment.expiresAt }).from(payment).where(eq(payment.id, paymentId));
  if (!p) return 'unknown';
  if (p.status === 'held') return 'held';
  if (p.status === 'pending') return p.expiresAt > new Date() ? 'payable' : 'closed';
  // Succeeded (the provider's own books say so first), failed or cancelled: nothing more to pay.
  return 'closed';
}

