import { and, asc, eq, inArray, sql, type AnyColumn } from 'drizzle-orm';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { StatusEventOut } from '../contract.js';
import { paymentEvent } from '../schema.js';

/** Asia/Shanghai has no daylight saving time: UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** [start, end) of an Asia/Shanghai date as UTC instants. */
export function shanghaiDayBounds(date: string): { start: Date; end: Date } {
  const start = new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** The day before an Asia/Shanghai date. */
export function previousDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
export const money = (amount: number, currency: string) => ({ amount, currency });

/** ¥ text of an amount of fen, without floating point (¥1,234.50). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A timestamptz as ISO text with microseconds, for keyset cursors (a JS Date keeps only milliseconds). */
export const exactTime = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export type EventSource = 'platform' | 'notification' | 'query' | 'review' | 'reconciliation';
export type EventSubject = 'payment' | 'refund' | 'transfer';

type EventRow = typeof paymentEvent.$inferSelect;
const eventNote = (d: Record<string, unknown>): string | null => {
  for (const k of ['reason', 'note', 'failureReason']) if (typeof d[k] === 'string' && d[k]) return d[k] as string;
  return null;
};

/** Appends one status change to the history of a payment, refund or transfer (PL-PAY-04); returns it as the history shows it. */
export async function recordEvent(tx: Tx, e: { subjectType: EventSubject; subjectId: string; from: string | null; to: string; source: EventSource;
  detail?: Record<string, unknown>; actorId?: string | null }): Promise<StatusEventOut> {
  const detail = e.detail ?? {};
  const [r] = await tx.insert(paymentEvent).values({ id: newId('pevt'), subjectType: e.subjectType, subjectId: e.subjectId, fromStatus: e.from, toStatus: e.to,
    source: e.source, detail, actorId: e.actorId ?? null }).returning({ createdAt: paymentEvent.createdAt });
  return { from: e.from, to: e.to, source: e.source, note: eventNote(detail), at: r!.createdAt.toISOString() };
}


/** Status histories of many subjects, oldest first, plus the detail of each subject's first event (creation facts). */
export async function loadEvents(q: Queryable, ids: string[]): Promise<Map<string, { events: StatusEventOut[]; created: Record<string, unknown> }>> {
  const out = new Map<string, { events: StatusEventOut[]; created: Record<string, unknown> }>();
  if (ids.length === 0) return out;
  const rs: EventRow[] = await q.select().from(paymentEvent).where(inArray(paymentEvent.subjectId, ids))
    .orderBy(asc(paymentEvent.createdAt), asc(paymentEvent.id));
  for (const r of rs) {
    let entry = out.get(r.subjectId);
    if (!entry) { entry = { events: [], created: r.detail ?? {} }; out.set(r.subjectId, entry); }
    entry.events.push({ from: r.fromStatus, to: r.toStatus, source: r.source, note: eventNote(r.detail ?? {}), at: r.createdAt.toISOString() });
  }
  return out;
}

/** The creation facts (subject, memo) recorded with a subject's first event. */
export async function creationDetail(q: Queryable, subjectId: string): Promise<Record<string, unknown>> {
  const [r] = await q.select({ detail: paymentEvent.detail }).from(paymentEvent)
    .where(and(eq(paymentEvent.subjectId, subjectId), sql`${paymentEvent.fromStatus} is null`)).orderBy(asc(paymentEvent.createdAt)).limit(1);
  return r?.detail ?? {};
}

/** True when err is PostgreSQL's unique violation (23505), through Drizzle's wrapper on either driver. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, i = 0; e && i < 4; e = (e as { cause?: unknown }).cause, i += 1) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * Masks account numbers in a payee text (PL-PAY-08): every run of 9 or more digits (spaces and dashes
 * between digits allowed) keeps its first and last four digits, e.g. 6222021234567890 → 6222 **** **** 7890.
 * Already-masked text and short numbers are kept.
 */
export function maskAccountText(text: string): string {
  return text.replace(/\d[\d -]{7,}\d/g, (run) => {
    const digits = run.replace(/[^\d]/g, '');
    return digits.length >= 9 ? `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}` : run;
  });
}
