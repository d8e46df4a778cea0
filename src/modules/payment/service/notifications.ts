import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { Keyring } from '@/platform/crypto/index.js';
import type { Db, Queryable } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import { errorMessage } from '@/platform/jobs/index.js';
import type { NotificationOut } from '../contract.js';
import { ProviderNotFound } from '../errors.js';
import { paymentAdapter, type ProviderTxn } from '../ports.js';
import { notification, payment, provider, refund, transfer } from '../schema.js';
import { adapterFor, providerById, providerByCode, providerCredentials, type ProviderRow } from './providers.js';
import { applyProviderResult } from './settle.js';

type NotificationRow = typeof notification.$inferSelect;
export type NotificationStatus = 'applied' | 'pending' | 'ignored' | 'duplicate';

/** Pending notifications older than this are left to operators instead of being retried every minute. */
const SWEEP_WINDOW_MS = 7 * 86_400_000;

function storedTxn(payload: Record<string, unknown>): ProviderTxn {
  const t = payload.txn as Record<string, unknown>;
  return { ...(t as unknown as ProviderTxn), completedAt: typeof t.completedAt === 'string' ? new Date(t.completedAt) : null };
}

/**
 * Applies one stored notification in its own transaction, exactly once: the row is locked (SKIP
 * LOCKED: another node applying it is left alone) and must still be pending. A notification whose
 * payment, refund or transfer is not recorded yet stays pending for a later try; an unexpected error
 * rolls back and is recorded on the row.
 */
export async function applyNotification(db: Db, id: string, known?: ProviderRow): Promise<'applied' | 'ignored' | 'pending' | 'busy'> {
  try {
    return await db.transaction(async (tx) => {
      const [n] = await tx.select().from(notification).where(and(eq(notification.id, id), eq(notification.status, 'pending')))
        .for('update', { skipLocked: true });
      if (!n) return 'busy' as const;
      // The provider row the caller already read (the webhook) is used as it is.
      const prov = known?.id === n.providerId ? known : await providerById(tx, n.providerId);
      const res = await applyProviderResult(tx, prov, storedTxn(n.payload), 'notification');
      if (res.outcome === 'missing') {
        await tx.update(notification).set({ attempts: sql`${notification.attempts} + 1`, lastError: res.reason }).where(eq(notification.id, id));
        return 'pending' as const;
      }
      await tx.update(notification).set({ status: res.outcome, attempts: sql`${notification.attempts} + 1`, lastError: res.reason, appliedAt: new Date() })
        .where(eq(notification.id, id));
      return res.outcome;
    });
  } catch (err) {
    await db.update(notification).set({ attempts: sql`${notification.attempts} + 1`, lastError: errorMessage(err) })
      .where(and(eq(notification.id, id), eq(notification.status, 'pending')));
    return 'pending';
  }
}

/**
 * Receives a provider notification (webhook): verifies it with the provider's adapter and secret
 * (NotificationRejected → 401, nothing stored), stores it once per (provider, event id) — a replay
 * answers 'duplicate' and changes nothing — then applies it.
 */
export async function receiveNotification(db: Db, keyring: Keyring, providerCode: string, headers: Record<string, string | string[] | undefined>,
  rawBody: string, now: Date = new Date()): Promise<NotificationStatus> {
  const prov = await providerByCode(db, providerCode);
  if (!prov || !paymentAdapter(providerCode, { db })) throw new ProviderNotFound(providerCode);
  const n = adapterFor(db, prov.code).parseNotification(headers, rawBody, providerCredentials(keyring, prov), now);
  const payload = { eventId: n.eventId, type: n.type, sentAt: n.sentAt.toISOString(), txn: { ...n.txn, completedAt: n.txn.completedAt?.toISOString() ?? null } };
  const [stored] = await db.insert(notification).values({ id: newId('pntf'), providerId: prov.id, eventId: n.eventId, type: n.type,
    subjectRef: n.txn.merchantRef, payload }).onConflictDoNothing().returning({ id: notification.id });
  if (!stored) return 'duplicate';
  const res = await applyNotification(db, stored.id, prov);
  return res === 'busy' ? 'pending' : res;
}

/**
 * Applies pending notifications: those about the payment, refunds and transfers of `reference` (a
 * checkout, order or payout id; the order module calls this right after a checkout commits), or
 * without a reference every pending one received in the last 7 days (the per-minute job). Successes
 * are applied before failures of the same record, so a late success is never lost to an earlier
 * failure. Returns how many left 'pending' (applied or ignored).
 */
export async function applyPendingNotifications(db: Db, reference?: string): Promise<number> {
  let rows: NotificationRow[];
  if (reference !== undefined) {
    // One statement: the payment, refunds and transfers of the reference, and their pending notifications.
    const subjects = db.select({ id: payment.id }).from(payment).where(eq(payment.reference, reference))
      .unionAll(db.select({ id: refund.id }).from(refund).where(eq(refund.reference, reference)))
      .unionAll(db.select({ id: transfer.id }).from(transfer).where(eq(transfer.reference, reference)));
    rows = await db.select().from(notification).where(and(eq(notification.status, 'pending'), inArray(notification.subjectRef, subjects)))
      .orderBy(asc(notification.receivedAt));
  } else {
    rows = await db.select().from(notification)
      .where(and(eq(notification.status, 'pending'), gt(notification.receivedAt, new Date(Date.now() - SWEEP_WINDOW_MS))))
      .orderBy(asc(notification.receivedAt)).limit(500);
  }
  const rank = (n: NotificationRow) => (n.type.endsWith('.succeeded') ? 0 : 1);
  rows.sort((a, b) => rank(a) - rank(b) || a.receivedAt.getTime() - b.receivedAt.getTime());
  let done = 0;
  for (const n of rows) {
    const res = await applyNotification(db, n.id);
    if (res === 'applied' || res === 'ignored') done += 1;
  }
  return done;
}

/** Received notifications, newest first (operators: what came in, what is still pending and why). */
export async function listNotifications(q: Queryable, f: { status?: NotificationRow['status'] | undefined; subjectRef?: string | undefined; limit: number;
  before?: string | undefined }): Promise<{ items: NotificationOut[]; next: string | null }> {
  const rs = await q.select({ n: notification, code: provider.code }).from(notification).innerJoin(provider, eq(provider.id, notification.providerId))
    .where(and(f.status ? eq(notification.status, f.status) : undefined, f.subjectRef ? eq(notification.subjectRef, f.subjectRef) : undefined,
      f.before ? lt(notification.id, f.before) : undefined))
    .orderBy(desc(notification.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  return {
    items: pageRows.map(({ n, code }) => ({ id: n.id, provider: code, eventId: n.eventId, type: n.type, subjectRef: n.subjectRef, status: n.status,
      attempts: n.attempts, lastError: n.lastError, receivedAt: n.receivedAt.toISOString(), appliedAt: n.appliedAt?.toISOString() ?? null })),
    next: rs.length > f.limit ? pageRows[pageRows.length - 1]!.n.id : null,
  };
}
