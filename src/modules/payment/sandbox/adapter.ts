import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import { enqueue } from '@/platform/jobs/index.js';
import { NotificationRejected } from '../errors.js';
import type { ChargeRequest, PaymentAdapter, ProviderCredentials, ProviderNotification, ProviderResult, ProviderTxn } from '../ports.js';
import { sandboxTxn } from '../schema.js';

/**
 * The sandbox payment provider (安付支付 沙箱): an in-process stand-in for an external payment company.
 * It keeps its own books (payment_sandbox_txn, touched only by this folder), serves its own pay page
 * (/sandbox-pay/pay), completes refunds and transfers asynchronously and sends signed notifications
 * to the platform's webhook over real HTTP, from durable jobs.
 */
export const SANDBOX_CODE = 'sandbox';
export const SANDBOX_PAGE = '/sandbox-pay/pay';
export const SANDBOX_NOTIFY_JOB = 'payment.sandbox_notify';
export const SANDBOX_COMPLETE_JOB = 'payment.sandbox_complete';
/** Header carrying `t=<unix seconds>,v1=<hex hmac-sha256(webhookSecret, t + "." + rawBody)>`. */
export const SIGNATURE_HEADER = 'shiji-signature';
/** Notifications older than this (or this far in the future) are refused. */
export const NOTIFICATION_TOLERANCE_SECONDS = 300;
/** A payee, memo or refund reason containing this marker makes the sandbox fail the transfer or refund. */
export const FAIL_MARKER = 'FAIL';
/** Refunds and transfers complete this long after they are accepted. */
const COMPLETE_AFTER_MS = 1000;

type TxnRow = typeof sandboxTxn.$inferSelect;

const hmacHex = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');
function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ---------------------------------------------------------------- signed pay-page URLs

/** What a pay-page URL carries; `expiresAt` is unix seconds. */
export type ChargeParams = { merchantId: string; paymentId: string; amount: number; currency: string; subject: string; expiresAt: number; returnUrl: string };

/** HMAC-SHA256 (merchant apiKey) over every field of the charge, one per line in a fixed order. */
export function chargeSignature(apiKey: string, p: ChargeParams): string {
  return hmacHex(apiKey, ['shiji-sandbox-charge-v1', p.merchantId, p.paymentId, String(p.amount), p.currency, String(p.expiresAt), p.returnUrl, p.subject].join('\n'));
}

/** The query string of a signed pay-page URL. */
export function chargeQuery(p: ChargeParams, apiKey: string): URLSearchParams {
  return new URLSearchParams({ mid: p.merchantId, pid: p.paymentId, amt: String(p.amount), cur: p.currency, sub: p.subject, exp: String(p.expiresAt),
    ret: p.returnUrl, sig: chargeSignature(apiKey, p) });
}

const Digits = z.string().regex(/^\d{1,15}$/);
const ChargeQuery = z.object({
  mid: z.string().min(1).max(64), pid: z.string().min(1).max(64), amt: Digits, cur: z.string().regex(/^[A-Z]{3}$/), sub: z.string().max(200),
  exp: Digits, ret: z.string().min(1).max(2000), sig: z.string().regex(/^[0-9a-f]{64}$/),
});

export type ChargeCheck =
  | { ok: true; params: ChargeParams }
  | { ok: false; status: 400 | 403 | 410; reason: 'malformed' | 'unknown_merchant' | 'bad_signature' | 'expired' };

/** Verifies a pay-page request (query or form fields): signature first, then expiry. */
export function checkChargeParams(fields: Record<string, unknown>, creds: ProviderCredentials | null, now: Date): ChargeCheck {
  const parsed = ChargeQuery.safeParse(fields);
  if (!parsed.success) return { ok: false, status: 400, reason: 'malformed' };
  const q = parsed.data;
  if (!creds || q.mid !== creds.merchantId) return { ok: false, status: 403, reason: 'unknown_merchant' };
  const params: ChargeParams = { merchantId: q.mid, paymentId: q.pid, amount: Number(q.amt), currency: q.cur, subject: q.sub,
    expiresAt: Number(q.exp), returnUrl: q.ret };
  if (!sameHex(chargeSignature(creds.apiKey, params), q.sig)) return { ok: false, status: 403, reason: 'bad_signature' };
  if (params.expiresAt * 1000 <= now.getTime()) return { ok: false, status: 410, reason: 'expired' };
  return { ok: true, params };
}

// ---------------------------------------------------------------- signed notifications

/** The `Shiji-Signature` value for a raw body sent at unix second `t`. */
export function notificationSignature(webhookSecret: string, t: number, rawBody: string): string {
  return `t=${t},v1=${hmacHex(webhookSecret, `${t}.${rawBody}`)}`;
}

/** The JSON body of a notification about one sandbox transaction. */
export function notificationBody(txn: ProviderTxn, sentAt: Date): { eventId: string; type: ProviderNotification['type']; txn: Record<string, unknown>; sentAt: string } {
  if (txn.status === 'pending') throw new Error('only completed transactions are notified');
  return {
    eventId: `${txn.providerRef}.${txn.status}`,
    type: `${txn.kind}.${txn.status}`,
    txn: { ...txn, completedAt: txn.completedAt?.toISOString() ?? null },
    sentAt: sentAt.toISOString(),
  };
}

/**
 * A signed notification request as the sandbox sends it: headers and the exact raw body. Tests use it
 * to replay, forge (another secret), age (`at` in the past) and reorder notifications.
 */
export function buildSignedNotification(webhookSecret: string, body: unknown, at: Date = new Date()): { headers: Record<string, string>; rawBody: string } {
  const rawBody = JSON.stringify(body);
  const t = Math.floor(at.getTime() / 1000);
  return { headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: notificationSignature(webhookSecret, t, rawBody) }, rawBody };
}

const TxnJson = z.object({
  kind: z.enum(['charge', 'refund', 'transfer']), merchantRef: z.string().min(1).max(64), providerRef: z.string().min(1).max(64),
  amount: z.number().int().positive(), currency: z.string().regex(/^[A-Z]{3}$/), status: z.enum(['pending', 'succeeded', 'failed']),
  payerMasked: z.string().max(100).nullable(), completedAt: z.iso.datetime().nullable(), failureReason: z.string().max(500).nullable(),
});
const NotificationJson = z.object({
  eventId: z.string().min(1).max(200),
  type: z.enum(['charge.succeeded', 'charge.failed', 'refund.succeeded', 'refund.failed', 'transfer.succeeded', 'transfer.failed']),
  txn: TxnJson, sentAt: z.iso.datetime(),
});

/** Verifies signature and age of a sandbox notification, then parses it; NotificationRejected otherwise. */
export function verifyNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, creds: ProviderCredentials, now: Date): ProviderNotification {
  const header = headers[SIGNATURE_HEADER];
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(value.trim()) : null;
  if (!m) throw new NotificationRejected(`the ${SIGNATURE_HEADER} header is missing or malformed`);
  const t = Number(m[1]);
  if (!sameHex(hmacHex(creds.webhookSecret, `${t}.${rawBody}`), m[2]!)) throw new NotificationRejected('the signature does not match');
  const age = Math.floor(now.getTime() / 1000) - t;
  if (age > NOTIFICATION_TOLERANCE_SECONDS) throw new NotificationRejected(`it was signed ${age} s ago, more than ${NOTIFICATION_TOLERANCE_SECONDS} s`);
  if (age < -NOTIFICATION_TOLERANCE_SECONDS) throw new NotificationRejected('its timestamp is in the future');
  let json: unknown;
  try { json = JSON.parse(rawBody); } catch { throw new NotificationRejected('the body is not JSON'); }
  const parsed = NotificationJson.safeParse(json);
  if (!parsed.success) throw new NotificationRejected('the body is not a notification');
  const n = parsed.data;
  if (n.type !== `${n.txn.kind}.${n.txn.status}`) throw new NotificationRejected('its type does not match its transaction');
  return {
    eventId: n.eventId, type: n.type, sentAt: new Date(n.sentAt),
    txn: { ...n.txn, completedAt: n.txn.completedAt ? new Date(n.txn.completedAt) : null },
  };
}

// ---------------------------------------------------------------- the books

export const txnOut = (r: TxnRow): ProviderTxn => ({
  kind: r.kind, merchantRef: r.merchantRef, providerRef: r.id, amount: r.amount, currency: r.currency, status: r.status,
  payerMasked: r.payer, completedAt: r.completedAt, failureReason: r.failureReason,
});

export async function sandboxTxnByRef(q: Queryable, kind: TxnRow['kind'], merchantRef: string): Promise<TxnRow | null> {
  const [r] = await q.select().from(sandboxTxn).where(and(eq(sandboxTxn.kind, kind), eq(sandboxTxn.merchantRef, merchantRef)));
  return r ?? null;
}

export async function sandboxTxnById(q: Queryable, id: string): Promise<TxnRow | null> {
  const [r] = await q.select().from(sandboxTxn).where(eq(sandboxTxn.id, id));
  return r ?? null;
}

/** Queues the signed notification of a completed transaction (retried with backoff until the platform answers 2xx). */
export async function queueSandboxNotification(tx: Tx, txnId: string): Promise<void> {
  await enqueue(tx, { name: SANDBOX_NOTIFY_JOB, payload: { txnId }, maxAttempts: 30, singletonKey: `sandbox-notify:${txnId}` });
}

/**
 * Books a page payment (the consumer confirmed or simulated a failure). Idempotent on the merchant
 * reference: a second payment of the same charge changes nothing and charges nothing. Queues the
 * notification either way (a repeated one is a duplicate the platform ignores).
 */
export async function bookCharge(db: Db, input: { paymentId: string; amount: number; currency: string; payerMasked: string; outcome: 'succeeded' | 'failed' },
  now: Date = new Date()): Promise<{ txn: ProviderTxn; created: boolean }> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(sandboxTxn).values({ id: newId('sbx'), kind: 'charge', merchantRef: input.paymentId, amount: input.amount, currency: input.currency,
      status: input.outcome, payer: input.payerMasked, completedAt: now,
      failureReason: input.outcome === 'failed' ? '付款人取消或余额不足 (the payer declined or had insufficient funds)' : null })
      .onConflictDoNothing().returning();
    const txn = row ?? (await sandboxTxnByRef(tx, 'charge', input.paymentId))!;
    await queueSandboxNotification(tx, txn.id);
    return { txn: txnOut(txn), created: Boolean(row) };
  });
}

/** Completes a pending refund or transfer (the sandbox's back office); queues its notification. Once only. */
export async function completeSandboxTxn(db: Db, input: { txnId: string; outcome: 'succeeded' | 'failed'; failureReason: string | null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [done] = await tx.update(sandboxTxn).set({ status: input.outcome, failureReason: input.outcome === 'failed' ? input.failureReason : null, completedAt: new Date() })
      .where(and(eq(sandboxTxn.id, input.txnId), eq(sandboxTxn.status, 'pending'))).returning({ id: sandboxTxn.id });
    if (done) await queueSandboxNotification(tx, done.id);
    return Boolean(done);
  });
}

async function bookPending(db: Db, kind: 'refund' | 'transfer', merchantRef: string, amount: number, currency: string, payer: string | null,
  failureReason: string | null): Promise<ProviderResult> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(sandboxTxn).values({ id: newId('sbx'), kind, merchantRef, amount, currency, status: 'pending', payer })
      .onConflictDoNothing().returning();
    if (!row) {
      const seen = (await sandboxTxnByRef(tx, kind, merchantRef))!;
      return { status: seen.status, providerRef: seen.id, failureReason: seen.failureReason };
    }
    await enqueue(tx, { name: SANDBOX_COMPLETE_JOB, payload: { txnId: row.id, outcome: failureReason ? 'failed' : 'succeeded', failureReason },
      runAt: new Date(Date.now() + COMPLETE_AFTER_MS), maxAttempts: 30 });
    return { status: 'pending', providerRef: row.id, failureReason: null };
  });
}

/** The sandbox as a PaymentAdapter (PL-INT-03). Every call is idempotent on the platform's ids. */
export function createSandboxAdapter(db: Db): PaymentAdapter {
  return {
    code: SANDBOX_CODE,
    chargeUrl(input: ChargeRequest, creds: ProviderCredentials): string {
      const q = chargeQuery({ merchantId: creds.merchantId, paymentId: input.paymentId, amount: input.amount, currency: input.currency,
        subject: input.subject, expiresAt: Math.floor(input.expiresAt.getTime() / 1000), returnUrl: input.returnUrl }, creds.apiKey);
      return `${SANDBOX_PAGE}?${q.toString()}`;
    },
    async queryCharge(paymentId) {
      const r = await sandboxTxnByRef(db, 'charge', paymentId);
      return r ? txnOut(r) : null;
    },
    async refund(input) {
      const charge = await sandboxTxnByRef(db, 'charge', input.paymentId);
      if (!charge || charge.status !== 'succeeded') {
        return { status: 'failed', providerRef: null, failureReason: '原交易不存在或未成功 (no succeeded charge to refund)' };
      }
      if (input.amount > charge.amount) {
        return { status: 'failed', providerRef: null, failureReason: '退款金额超过原交易金额 (refund exceeds the charge)' };
      }
      const fail = input.reason.includes(FAIL_MARKER) ? '原路退回失败：付款账户已注销 (the paying account is closed)' : null;
      return bookPending(db, 'refund', input.refundId, input.amount, input.currency, charge.payer, fail);
    },
    async transfer(input) {
      const fail = input.payee.includes(FAIL_MARKER) || input.memo.includes(FAIL_MARKER)
        ? '收款账户状态异常，转账被退回 (the payee account refused the transfer)' : null;
      return bookPending(db, 'transfer', input.transferId, input.amount, input.currency, input.payee, fail);
    },
    async statement(date) {
      const start = new Date(Date.parse(`${date}T00:00:00+08:00`));
      const end = new Date(start.getTime() + 86_400_000);
      const rs = await db.select().from(sandboxTxn)
        .where(and(gte(sandboxTxn.completedAt, start), lt(sandboxTxn.completedAt, end), inArray(sandboxTxn.status, ['succeeded', 'failed'])))
        .orderBy(asc(sandboxTxn.completedAt), asc(sandboxTxn.id));
      return rs.map(txnOut);
    },
    parseNotification: verifyNotification,
  };
}
