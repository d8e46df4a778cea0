/**
 * The working-time clock (PL-ORD-03, REQUIREMENTS §1 "Working time", A-4): pure functions over a
 * plain `CalendarSpec`. No I/O; every Date in and out is a UTC instant.
 *
 * Model. A local date has working time given by, in order: a holiday entry (none at all), a make-up
 * working day entry (the calendar's standard weekday hours), else the weekly hours of its ISO
 * weekday. Intervals are wall-clock times in the calendar's time zone: an instant is working time
 * when the local wall clock shows a date and time inside that date's intervals. On a daylight-saving
 * day this makes 00:00–24:00 last 23 or 25 hours, and the skipped or repeated hour counts as the
 * wall clock shows it. Clocks count elapsed working time, so a clock started outside working hours
 * begins at the next working start.
 *
 * Speed: clocks step a whole local date at a time (two time-zone look-ups per date, more only on the
 * date of a UTC-offset change), so a 30-working-day deadline costs ~45 steps, not 43,200.
 */
import { InvalidCalendar, InvalidCalendarDate, InvalidDuration, NoWorkingTime } from './errors.js';
import {
  coreProblems, dateKey, formatTimeOfDay, isoWeekday, minutesOf, parseDateKey,
  type CalendarSpec, type DayKind, type Span, type SpecialDay, type TimeInterval,
} from './spec.js';
import { formatterFor, localDayOf, offsetSegments } from './time-zone.js';

/** One local date as the month view shows it. */
export type DayInfo = {
  date: string;
  /** ISO weekday, 1 Monday … 7 Sunday. */
  weekday: number;
  kind: 'regular' | DayKind;
  name: string | null;
  /** Wall-clock working intervals of the date. */
  intervals: TimeInterval[];
  /** Working minutes actually elapsing on the date (a DST date may differ from the intervals' sum). */
  workingMinutes: number;
  working: boolean;
};

export type WorkingDuration = Readonly<{ amount: number; unit: 'day' | 'hour' | 'minute' }>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The longest stretch a clock may run, so a typo cannot spin for ever. */
const MAX_CLOCK_DAYS = 366 * 100;

type Compiled = {
  f: Intl.DateTimeFormat;
  /** Index 0..6 = ISO weekday 1..7; minutes of the day, sorted, touching intervals merged. */
  week: Span[][];
  /** Hours of a make-up working day: Monday's, else the first weekday that has some. */
  standard: Span[];
  standardDayMinutes: number;
  days: ReadonlyMap<string, SpecialDay>;
  weekMinutes: number;
};

function compile(spec: CalendarSpec): Compiled {
  const { problems, week } = coreProblems(spec);
  if (problems.length) throw new InvalidCalendar(problems);
  const standard = week.find((d) => d.length > 0) ?? [];
  return {
    f: formatterFor(spec.timeZone)!,
    week,
    standard,
    standardDayMinutes: spec.standardDayMinutes,
    days: spec.days,
    weekMinutes: week.reduce((n, d) => n + minutesOf(d), 0),
  };
}

/** Wall-clock spans (minutes) of a local date, after holidays and make-up days. */
function wallSpans(c: Compiled, day: number): { spans: readonly Span[]; special: SpecialDay | undefined } {
  const special = c.days.get(dateKey(day));
  if (special?.kind === 'holiday') return { spans: [], special };
  if (special?.kind === 'workday') return { spans: c.standard, special };
  return { spans: c.week[isoWeekday(day) - 1]!, special };
}

/**
 * Working time of a local date as sorted, disjoint UTC instant ranges [start, end). The instants
 * whose wall clock shows this date lie within ±15 h of its UTC midnight; split that window where the
 * offset changes and intersect each constant-offset piece with the wall intervals.
 */
function dayRanges(c: Compiled, day: number): Array<[number, number]> {
  const { spans } = wallSpans(c, day);
  if (spans.length === 0) return [];
  const midnight = day * DAY;
  const segments = offsetSegments(c.f, midnight - 15 * HOUR, midnight + DAY + 15 * HOUR);
  const raw: Array<[number, number]> = [];
  for (const [ws, we] of spans) {
    const wallStart = midnight + ws * MINUTE;
    const wallEnd = midnight + we * MINUTE;
    for (const [segStart, segEnd, off] of segments) {
      const s = Math.max(segStart, wallStart - off);
      const e = Math.min(segEnd, wallEnd - off);
      if (e > s) raw.push([s, e]);
    }
  }
  if (segments.length > 1) raw.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of raw) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

// The clock works on years 1900–9999 (Date.UTC and the date keys are plain four-digit years there).
const EARLIEST = Date.UTC(1900, 0, 2);
const LATEST = Date.UTC(9999, 11, 30);

function instant(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > LATEST) throw new RangeError(`${what} must be a valid Date between 1900 and 9999`);
  return ms;
}

/**
 * Walks working time forward from `from`, consuming `amount` ms. Returns the instant where it is
 * used up; with amount 0, the next working start (or `from` itself when it is working time).
 */
function walk(c: Compiled, from: number, amount: number): number {
  if (c.weekMinutes === 0) throw new NoWorkingTime();
  let remaining = amount;
  let cursor = from;
  const first = localDayOf(c.f, from) - 1;
  const last = Math.min(first + MAX_CLOCK_DAYS, Math.floor(LATEST / DAY));
  for (let day = first; day < last; day++) {
    for (const [s, e] of dayRanges(c, day)) {
      if (e <= cursor) continue;
      const start = Math.max(s, cursor);
      if (e - start >= remaining) return start + remaining;
      remaining -= e - start;
      cursor = e;
    }
  }
  throw new RangeError('The working-time clock would run for more than 100 years or past the year 9999: check the duration.');
}

// ---------------------------------------------------------------------------------------------
// Public clock

/** True when `at` is inside working time (interval starts count, interval ends do not). */
export function isWorkingTime(spec: CalendarSpec, at: Date): boolean {
  const c = compile(spec);
  const t = instant(at, 'at');
  return dayRanges(c, localDayOf(c.f, t)).some(([s, e]) => s <= t && t < e);
}

/** `at` when it is working time, else the start of the next working interval. */
export function nextWorkingStart(spec: CalendarSpec, at: Date): Date {
  const c = compile(spec);
  return new Date(walk(c, instant(at, 'at'), 0));
}

/**
 * The instant at which `minutes` of working time have elapsed since `start` (a clock started outside
 * working hours begins at the next working start). Exact to the millisecond; lands on an interval end
 * when the time is used up exactly there. Throws NoWorkingTime on a calendar without working hours.
 */
export function addWorkingTime(spec: CalendarSpec, start: Date, minutes: number): Date {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number ≥ 0, not ${String(minutes)}`);
  }
  const c = compile(spec);
  return new Date(walk(c, instant(start, 'start'), Math.round(minutes * MINUTE)));
}

/** Working minutes in [a, b); 0 when b ≤ a. Additive: between(a,b) + between(b,c) = between(a,c). */
export function workingTimeBetween(spec: CalendarSpec, a: Date, b: Date): number {
  const c = compile(spec);
  const from = instant(a, 'a');
  const to = instant(b, 'b');
  if (to <= from) return 0;
  let total = 0;
  const last = localDayOf(c.f, to) + 1;
  for (let day = localDayOf(c.f, from) - 1; day <= last; day++) {
    for (const [s, e] of dayRanges(c, day)) {
      const lo = Math.max(s, from);
      const hi = Math.min(e, to);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / MINUTE;
}

/** True once `at` is past the due instant. */
export function isOverdue(due: Date, at: Date = new Date()): boolean {
  return instant(at, 'at') > instant(due, 'due');
}

const DURATION = /^\s*(?:(\d{1,6}(?:\.\d{1,4})?)|(half an?))\s+working\s+(day|hour|minute)s?\s*$/i;

/**
 * Parses "1 working day", "0.5 working day", "half a working day", "4 working hours",
 * "30 working minutes" (singular or plural, any case). Anything else is refused with InvalidDuration.
 */
export function parseWorkingDuration(duration: string): WorkingDuration {
  const m = typeof duration === 'string' ? DURATION.exec(duration) : null;
  if (!m) throw new InvalidDuration(String(duration));
  const unit = m[3]!.toLowerCase() as WorkingDuration['unit'];
  const amount = m[2] ? 0.5 : Number(m[1]);
  const minutes = amount * (unit === 'day' ? 1440 : unit === 'hour' ? 60 : 1);
  if (minutes > 1000 * 1440) {
    throw new InvalidDuration(duration, `"${duration}" is too long: keep durations within 1000 working days (1,440,000 working minutes).`);
  }
  return { amount, unit };
}

/** Minutes of working time a duration stands for on this calendar (a day is its standard day). */
export function workingDurationMinutes(spec: CalendarSpec, duration: string): number {
  const d = parseWorkingDuration(duration);
  const per = d.unit === 'day' ? spec.standardDayMinutes : d.unit === 'hour' ? 60 : 1;
  return d.amount * per;
}

/** Due instant of an SLA: `duration` of working time after `start` (e.g. '1 working day'). */
export function dueAt(spec: CalendarSpec, start: Date, duration: string): Date {
  return addWorkingTime(spec, start, workingDurationMinutes(spec, duration));
}

/** The working time of one local date 'YYYY-MM-DD'. */
export function describeDay(spec: CalendarSpec, date: string): DayInfo {
  const day = parseDateKey(date);
  if (day === null) throw new InvalidCalendarDate(date);
  const c = compile(spec);
  const { spans, special } = wallSpans(c, day);
  const workingMinutes = dayRanges(c, day).reduce((n, [s, e]) => n + e - s, 0) / MINUTE;
  return {
    date, weekday: isoWeekday(day), kind: special?.kind ?? 'regular', name: special?.name ?? null,
    intervals: spans.map(([s, e]) => [formatTimeOfDay(s), formatTimeOfDay(e)] as const),
    workingMinutes, working: workingMinutes > 0,
  };
}

/** Every date of a month 'YYYY-MM' with its working time, for the month view. */
export function describeMonth(spec: CalendarSpec, month: string): DayInfo[] {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m || Number(m[1]) < 1900) throw new InvalidCalendarDate(month, 'is not a month: write YYYY-MM, e.g. 2026-02');
  const first = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1) / DAY;
  const next = Date.UTC(Number(m[1]), Number(m[2]), 1) / DAY;
  const out: DayInfo[] = [];
  for (let day = first; day < next; day++) out.push(describeDay(spec, dateKey(day)));
  return out;
}
