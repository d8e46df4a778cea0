import type { Db, Tx } from '@/platform/db/client.js';

/**
 * The provider-adapter contract (PL-INT-03): everything Shiji needs from a payment company. The
 * sandbox provider implements it; Alipay or WeChat Pay adapters implement the same interface later.
 * Adapters are called OUTSIDE database transactions (they are external calls) and must be idempotent
 * on the platform's ids (payment, refund and transfer ids are sent as the merchant reference).
 */
export interface PaymentAdapter {
  readonly code: string;
  /** Page payment: where to send the consumer to pay. Signed, so the provider can trust amount and reference. */
  chargeUrl(input: ChargeRequest, creds: ProviderCredentials): string;
  /** Active status query of a charge (used when a notification is late, and by reconciliation). */
  queryCharge(paymentId: string, creds: ProviderCredentials): Promise<ProviderTxn | null>;
  refund(input: { refundId: string; paymentId: string; amount: number; currency: string; reason: string }, creds: ProviderCredentials): Promise<ProviderResult>;
  transfer(input: { transferId: string; payee: string; amount: number; currency: string; memo: string }, creds: ProviderCredentials): Promise<ProviderResult>;
  /** The provider's statement of one day (Asia/Shanghai date YYYY-MM-DD) for reconciliation (PL-PAY-07). */
  statement(date: string, creds: ProviderCredentials): Promise<ProviderTxn[]>;
  /**
   * Verifies and parses a signed asynchronous notification. Throws NotificationRejected (401) for a
   * bad signature or a timestamp older than 5 minutes.
   */
  parseNotification(headers: Record<string, string | string[] | undefined>, rawBody: string, creds: ProviderCredentials, now: Date): ProviderNotification;
}

export type ProviderCredentials = Readonly<{ merchantId: string; apiKey: string; webhookSecret: string }>;
export type ChargeRequest = Readonly<{ paymentId: string; amount: number; currency: string; subject: string; expiresAt: Date; returnUrl: string }>;
export type ProviderTxn = Readonly<{ kind: 'charge' | 'refund' | 'transfer'; merchantRef: string; providerRef: string; amount: number; currency: string;
  status: 'pending' | 'succeeded' | 'failed'; payerMasked: string | null; completedAt: Date | null; failureReason: string | null }>;
export type ProviderResult = Readonly<{ status: 'pending' | 'succeeded' | 'failed'; providerRef: string | null; failureReason: string | null }>;
export type ProviderNotification = Readonly<{ eventId: string; type: 'charge.succeeded' | 'charge.failed' | 'refund.succeeded' | 'refund.failed' | 'transfer.succeeded' | 'transfer.failed';
  txn: ProviderTxn; sentAt: Date }>;

/** What other modules learn when a payment, refund or transfer settles, inside the transaction that records it. */
export type PaymentSettled = Readonly<{ paymentId: string; reference: string; status: 'succeeded' | 'failed' | 'cancelled'; amount: number; providerId: string; at: Date }>;
export type RefundSettled = Readonly<{ refundId: string; paymentId: string; reference: string; sellerId: string | null; status: 'succeeded' | 'failed' | 'rejected'; amount: number; providerId: string; at: Date }>;
export type TransferSettled = Readonly<{ transferId: string; reference: string; orgId: string; status: 'succeeded' | 'failed'; amount: number; providerId: string; failureReason: string | null; at: Date }>;

export type PaymentListeners = {
  payment: Array<(tx: Tx, e: PaymentSettled) => Promise<void>>;
  refund: Array<(tx: Tx, e: RefundSettled) => Promise<void>>;
  transfer: Array<(tx: Tx, e: TransferSettled) => Promise<void>>;
};

const listeners: PaymentListeners = { payment: [], refund: [], transfer: [] };

/**
 * Modules that own what was paid (orders, payouts) subscribe here; the payment module calls them in
 * the same transaction that records the settled state, so "payment succeeded" and "order paid"
 * commit together or not at all. Registration is idempotent per function.
 */
export function onPaymentSettled<K extends keyof PaymentListeners>(kind: K, fn: PaymentListeners[K][number]): void {
  const list = listeners[kind] as Array<PaymentListeners[K][number]>;
  if (!list.includes(fn)) list.push(fn);
}

/** Calls every subscriber of a kind in order (used by the payment module only). */
export async function notifySettled<K extends keyof PaymentListeners>(tx: Tx, kind: K, e: Parameters<PaymentListeners[K][number]>[1]): Promise<void> {
  for (const fn of listeners[kind]) await (fn as (tx: Tx, e: unknown) => Promise<void>)(tx, e);
}

/** What an adapter may use besides its credentials: the database (the sandbox keeps its books there). */
export type AdapterDeps = Readonly<{ db: Db }>;
export type AdapterFactory = (deps: AdapterDeps) => PaymentAdapter;

const adapterFactories = new Map<string, AdapterFactory>();

/**
 * Plugs a provider adapter in under its code (the provider record's `code` and the webhook path
 * segment). Registering the same code again replaces the factory (tests, hot reload).
 */
export function registerPaymentAdapter(code: string, factory: AdapterFactory): void {
  adapterFactories.set(code, factory);
}

/** The adapter for a provider code, or null when no adapter of that code is installed. */
export function paymentAdapter(code: string, deps: AdapterDeps): PaymentAdapter | null {
  const f = adapterFactories.get(code);
  return f ? f(deps) : null;
}

/** Codes of every installed adapter. */
export function paymentAdapterCodes(): string[] {
  return [...adapterFactories.keys()].sort();
}
