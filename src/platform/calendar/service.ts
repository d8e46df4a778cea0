import { and, asc, between, eq, gt, ne, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { newId } from '../db/ids.js';
import { recordAudit } from '../audit/index.js';
import type { RequestContext } from '../http/auth.js';
import {
  WEEKDAY_KEYS, isCalendarDate, standardWeekdayMinutes, validateCalendarSpec, validateServiceCalendar, weeklyWorkingMinutes,
  type CalendarProblem, type CalendarSpec, type DayKind, type SpecialDay, type TimeInterval, type WeekdayKey, type WeeklyHours,
} from './spec.js';
import {
  BelowServiceMinimum, CalendarDayNotFound, CalendarNotForService, CalendarNotFound, DefaultCalendarMissing,
  DefaultCalendarRequired, InvalidCalendar, InvalidCalendarDate,
} from './errors.js';
import { calendar, calendarDay } from './schema.js';

/** A service calendar as the rest of Shiji sees it. */
export type Calendar = Readonly<{
  id: string;
  name: string;
  timeZone: string;
  /** Every weekday "1" (Monday) … "7" (Sunday), intervals sorted by start. */
  weeklyHours: Readonly<Record<WeekdayKey, readonly TimeInterval[]>>;
  /** Length of "1 working day" in minutes. */
  standardDayMinutes: number;
  /** Working minutes of a week without holidays. */
  weeklyMinutes: number;
  isDefault: boolean;
  /** May run order-processing, complaint and delivery clocks (then ≥ 5 days × 8 h a week, PL-ORD-03). */
  serviceUse: boolean;
  createdAt: Date;
  updatedAt: Date;
}>;

/** A holiday or make-up working day of a calendar, by local date. */
export type CalendarDay = Readonly<{ calendarId: string; date: string; kind: DayKind; name: string; updatedAt: Date }>;

/** A calendar's clock input plus which calendar it came from. */
export type LoadedCalendarSpec = CalendarSpec & Readonly<{ calendarId: string; name: string; serviceUse: boolean }>;

export type CreateCalendarInput = {
  name: string;
  /** IANA time zone; default Asia/Shanghai. */
  timeZone?: string | undefined;
  weeklyHours: WeeklyHours;
  /** Default: the working minutes of Monday (or the first weekday with hours). */
  standardDayMinutes?: number | undefined;
  isDefault?: boolean | undefined;
  /** Default true. */
  serviceUse?: boolean | undefined;
};

export type UpdateCalendarInput = { [K in keyof CreateCalendarInput]?: CreateCalendarInput[K] | undefined };

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
// Serialises changes of the default calendar so two "make default" requests cannot both win.
const DEFAULT_CALENDAR_LOCK = 7283945101;

type Row = typeof calendar.$inferSelect;
type DayRow = typeof calendarDay.$inferSelect;

function normaliseWeek(weeklyHours: WeeklyHours): Record<WeekdayKey, TimeInterval[]> {
  const out = {} as Record<WeekdayKey, TimeInterval[]>;
  for (const key of WEEKDAY_KEYS) {
    out[key] = [...(weeklyHours[key] ?? [])].map(([s, e]) => [s, e] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  return out;
}

function toCalendar(row: Row): Calendar {
  const weeklyHours = normaliseWeek(row.weeklyHours);
  return {
    id: row.id, name: row.name, timeZone: row.timeZone, weeklyHours, standardDayMinutes: row.standardDayMinutes,
    weeklyMinutes: weeklyWorkingMinutes(weeklyHours), isDefault: row.isDefault, serviceUse: row.serviceUse,
    createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

function toDay(row: DayRow): CalendarDay {
  return { calendarId: row.calendarId, date: row.date, kind: row.kind, name: row.name, updatedAt: row.updatedAt };
}

type Candidate = {
  name: string; timeZone: string; weeklyHours: WeeklyHours; standardDayMinutes: number; isDefault: boolean; serviceUse: boolean;
};

/** Refuses a calendar that cannot be stored: structural problems first, then the service minimum. */
function checkCandidate(c: Candidate): void {
  const spec: CalendarSpec = { timeZone: c.timeZone, weeklyHours: c.weeklyHours, standardDayMinutes: c.standardDayMinutes, days: new Map() };
  const problems: CalendarProblem[] = [];
  if (typeof c.name !== 'string' || c.name.trim() === '' || c.name.length > 100) {
    problems.push({ path: 'name', code: 'bad_name', message: 'Give the calendar a name of 1 to 100 characters.' });
  }
  problems.push(...validateCalendarSpec(spec));
  if (c.isDefault && !c.serviceUse) {
    problems.push({ path: 'serviceUse', code: 'default_not_for_service',
      message: 'The default calendar runs every SLA clock that has no calendar of its own, so it must be marked for service use (serviceUse: true).' });
  }
  if (problems.length) throw new InvalidCalendar(problems);
  if (c.serviceUse) {
    const service = validateServiceCalendar(spec);
    if (service.length) throw new BelowServiceMinimum(service);
  }
}

/** Makes `id` the only default: clears the flag elsewhere (audited) under a transaction-scoped lock. */
async function clearOtherDefaults(tx: Tx, ctx: RequestContext, id: string): Promise<void> {
  const previous = await tx.update(calendar).set({ isDefault: false, updatedAt: new Date() })
    .where(and(eq(calendar.isDefault, true), ne(calendar.id, id))).returning({ id: calendar.id });
  for (const p of previous) {
    await recordAudit(tx, ctx, { action: 'calendar.updated', resourceType: 'calendar', resourceId: p.id,
      changes: { isDefault: { from: true, to: false }, newDefault: id } });
  }
}

async function lockCalendar(tx: Tx, id: string): Promise<Row> {
  const [row] = await tx.select().from(calendar).where(eq(calendar.id, id)).for('update');
  if (!row) throw new CalendarNotFound(id);
  return row;
}

/** A page of calendars in creation order (ids are time-sorted). */
export async function listCalendars(q: Queryable, opts: { limit: number; afterId?: string | undefined }): Promise<{ items: Calendar[]; nextAfterId: string | null }> {
  const rowsOut = await q.select().from(calendar).where(opts.afterId ? gt(calendar.id, opts.afterId) : undefined)
    .orderBy(asc(calendar.id)).limit(opts.limit + 1);
  const more = rowsOut.length > opts.limit;
  const items = (more ? rowsOut.slice(0, opts.limit) : rowsOut).map(toCalendar);
  return { items, nextAfterId: more ? items[items.length - 1]!.id : null };
}

/** One calendar; CalendarNotFound when there is none with that id. */
export async function getCalendar(q: Queryable, id: string): Promise<Calendar> {
  const [row] = await q.select().from(calendar).where(eq(calendar.id, id)).limit(1);
  if (!row) throw new CalendarNotFound(id);
  return toCalendar(row);
}

/** The default calendar, used by any SLA clock whose party has not chosen one. */
export async function getDefaultCalendar(q: Queryable): Promise<Calendar> {
  const [row] = await q.select().from(calendar).where(eq(calendar.isDefault, true)).limit(1);
  if (!row) throw new DefaultCalendarMissing();
  return toCalendar(row);
}

/**
 * Creates a calendar after checking it (InvalidCalendar, BelowServiceMinimum for a service calendar
 * under 5 × 8); nothing is stored when it is refused. With isDefault it becomes the only default.
 * Audited in the same transaction.
 */
export async function createCalendar(tx: Tx, ctx: RequestContext, input: CreateCalendarInput): Promise<Calendar> {
  const candidate: Candidate = {
    name: typeof input.name === 'string' ? input.name.trim() : input.name,
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    weeklyHours: input.weeklyHours,
    standardDayMinutes: input.standardDayMinutes ?? (standardWeekdayMinutes(input.weeklyHours ?? {}) || 480),
    isDefault: input.isDefault ?? false,
    serviceUse: input.serviceUse ?? true,
  };
  checkCandidate(candidate);
  const id = newId('cal');
  if (candidate.isDefault) {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEFAULT_CALENDAR_LOCK})`);
    await clearOtherDefaults(tx, ctx, id);
  }
  const [row] = await tx.insert(calendar).values({ id, ...candidate, weeklyHours: normaliseWeek(candidate.weeklyHours) }).returning();
  const created = toCalendar(row!);
  await recordAudit(tx, ctx, { action: 'calendar.created', resourceType: 'calendar', resourceId: id,
    changes: { name: created.name, timeZone: created.timeZone, weeklyHours: created.weeklyHours,
      standardDayMinutes: created.standardDayMinutes, isDefault: created.isDefault, serviceUse: created.serviceUse } });
  return created;
}

/**
 * Changes the given fields. The result is checked as a whole (a service calendar stays ≥ 5 × 8, the
 * default stays a service calendar); the row is locked first, so concurrent edits cannot combine
 * into a calendar neither would have been allowed to make. The default cannot be unset, only moved
 * by marking another calendar. Audited with before/after of each changed field; no change, no entry.
 */
export async function updateCalendar(tx: Tx, ctx: RequestContext, id: string, patch: UpdateCalendarInput): Promise<Calendar> {
  // Lock order: the default-calendar lock before any calendar row, in every writer.
  if (patch.isDefault === true) await tx.execute(sql`select pg_advisory_xact_lock(${DEFAULT_CALENDAR_LOCK})`);
  const current = toCalendar(await lockCalendar(tx, id));
  if (patch.isDefault === false && current.isDefault) throw new DefaultCalendarRequired(id);
  const next: Candidate = {
    name: patch.name !== undefined ? patch.name.trim() : current.name,
    timeZone: patch.timeZone ?? current.timeZone,
    weeklyHours: patch.weeklyHours ?? current.weeklyHours,
    standardDayMinutes: patch.standardDayMinutes ?? current.standardDayMinutes,
    isDefault: patch.isDefault ?? current.isDefault,
    serviceUse: patch.serviceUse ?? current.serviceUse,
  };
  checkCandidate(next);
  const after = { ...next, weeklyHours: normaliseWeek(next.weeklyHours) };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as Array<keyof typeof after>) {
    if (JSON.stringify(after[key]) !== JSON.stringify(current[key])) changes[key] = { from: current[key], to: after[key] };
  }
  if (Object.keys(changes).length === 0) return current;
  if (changes.isDefault) await clearOtherDefaults(tx, ctx, id);
  const [row] = await tx.update(calendar).set({ ...after, updatedAt: new Date() }).where(eq(calendar.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'calendar.updated', resourceType: 'calendar', resourceId: id, changes });
  return toCalendar(row!);
}

function checkDate(date: string): void {
  if (!isCalendarDate(date)) throw new InvalidCalendarDate(date);
}

/** Holidays and make-up working days of one calendar year, by date. */
export async function listCalendarDays(q: Queryable, calendarId: string, year: number): Promise<CalendarDay[]> {
  await getCalendar(q, calendarId);
  const found = await q.select().from(calendarDay)
    .where(and(eq(calendarDay.calendarId, calendarId), between(calendarDay.date, `${year}-01-01`, `${year}-12-31`)))
    .orderBy(asc(calendarDay.date));
  return found.map(toDay);
}

/**
 * Marks a local date as a holiday or a make-up working day, replacing what was there (idempotent:
 * the same value again changes and audits nothing). Audited with the previous value.
 */
export async function setCalendarDay(tx: Tx, ctx: RequestContext, calendarId: string, date: string,
  input: { kind: DayKind; name: string }): Promise<CalendarDay> {
  checkDate(date);
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const problems: CalendarProblem[] = [];
  if (input.kind !== 'holiday' && input.kind !== 'workday') {
    problems.push({ path: 'kind', code: 'bad_day_kind', message: 'kind must be "holiday" (no working time) or "workday" (make-up working day).' });
  }
  if (name === '' || name.length > 100) {
    problems.push({ path: 'name', code: 'bad_day_name', message: 'Give the day a name of 1 to 100 characters, e.g. 国庆节.' });
  }
  if (problems.length) throw new InvalidCalendar(problems);
  await lockCalendar(tx, calendarId);
  const [previous] = await tx.select().from(calendarDay)
    .where(and(eq(calendarDay.calendarId, calendarId), eq(calendarDay.date, date)));
  if (previous && previous.kind === input.kind && previous.name === name) return toDay(previous);
  const now = new Date();
  const [row] = await tx.insert(calendarDay).values({ calendarId, date, kind: input.kind, name })
    .onConflictDoUpdate({ target: [calendarDay.calendarId, calendarDay.date], set: { kind: input.kind, name, updatedAt: now } })
    .returning();
  await tx.update(calendar).set({ updatedAt: now }).where(eq(calendar.id, calendarId));
  await recordAudit(tx, ctx, { action: 'calendar.day_set', resourceType: 'calendar', resourceId: calendarId,
    changes: { date, kind: input.kind, name, previous: previous ? { kind: previous.kind, name: previous.name } : null } });
  return toDay(row!);
}

/** Removes a holiday or make-up working day; the date then follows the weekly hours again. Audited. */
export async function removeCalendarDay(tx: Tx, ctx: RequestContext, calendarId: string, date: string): Promise<void> {
  checkDate(date);
  await lockCalendar(tx, calendarId);
  const [removed] = await tx.delete(calendarDay)
    .where(and(eq(calendarDay.calendarId, calendarId), eq(calendarDay.date, date))).returning();
  if (!removed) throw new CalendarDayNotFound(calendarId, date);
  await tx.update(calendar).set({ updatedAt: new Date() }).where(eq(calendar.id, calendarId));
  await recordAudit(tx, ctx, { action: 'calendar.day_removed', resourceType: 'calendar', resourceId: calendarId,
    changes: { date, kind: removed.kind, name: removed.name } });
}

/**
 * Everything the clock needs for one calendar (null: the default calendar), holidays and make-up
 * days of every year included. Feed it to dueAt / addWorkingTime / workingTimeBetween.
 */
export async function loadCalendarSpec(q: Queryable, calendarId: string | null): Promise<LoadedCalendarSpec> {
  const cal = calendarId === null ? await getDefaultCalendar(q) : await getCalendar(q, calendarId);
  const found = await q.select({ date: calendarDay.date, kind: calendarDay.kind, name: calendarDay.name })
    .from(calendarDay).where(eq(calendarDay.calendarId, cal.id));
  const days = new Map<string, SpecialDay>(found.map((d) => [d.date, { kind: d.kind, name: d.name }]));
  return {
    calendarId: cal.id, name: cal.name, serviceUse: cal.serviceUse, timeZone: cal.timeZone,
    weeklyHours: cal.weeklyHours, standardDayMinutes: cal.standardDayMinutes, days,
  };
}

/**
 * For modules assigning a calendar to order processing, complaint handling or delivery (PL-ORD-03):
 * the calendar must exist, be marked for service use and give at least 5 days × 8 h a week.
 */
export async function requireServiceCalendar(q: Queryable, calendarId: string): Promise<Calendar> {
  const cal = await getCalendar(q, calendarId);
  if (!cal.serviceUse) throw new CalendarNotForService(calendarId);
  const problems = validateServiceCalendar({ ...cal, days: new Map() });
  if (problems.length) throw new BelowServiceMinimum(problems);
  return cal;
}
