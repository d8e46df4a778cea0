/**
 * The calendar value the clock runs on (`CalendarSpec`), its dates and times of day, and the checks
 * a calendar must pass before it is stored (structure) and before it may run service clocks
 * (PL-ORD-03: at least 5 days × 8 h a week).
 */
import type { CalendarProblem } from './errors.js';
import { isKnownTimeZone } from './time-zone.js';

export type { CalendarProblem } from './errors.js';

/** ISO weekday as a JSON object key: '1' Monday … '7' Sunday. */
export const WEEKDAY_KEYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];
/** `[start, end]` as "HH:MM" local wall time; end may be "24:00"; end after start. */
export type TimeInterval = readonly [start: string, end: string];
/** Working hours per ISO weekday; a missing or empty weekday has no working time. */
export type WeeklyHours = Readonly<Partial<Record<WeekdayKey, readonly TimeInterval[]>>>;
/** 'holiday': no working time, even on a weekday; 'workday': a make-up working day (调休). */
export type DayKind = 'holiday' | 'workday';
export type SpecialDay = Readonly<{ kind: DayKind; name: string }>;

/** Everything the clock needs to know about a calendar. */
export type CalendarSpec = Readonly<{
  /** IANA time zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  weeklyHours: WeeklyHours;
  /** Length of "1 working day" in minutes: 480 on 5 × 8, 1440 on 7 × 24. */
  standardDayMinutes: number;
  /** Holidays and make-up working days by local date 'YYYY-MM-DD'. */
  days: ReadonlyMap<string, SpecialDay>;
}>;

const DAY = 86_400_000;
const MAX_INTERVALS_PER_DAY = 12;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** PL-ORD-03: order processing, complaints and delivery need ≥ 5 days × 8 h a week. */
export const SERVICE_MIN_DAYS = 5;
export const SERVICE_MIN_DAY_MINUTES = 480;

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01). */
export function dateKey(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Day number of a 'YYYY-MM-DD', or null when it is not a real date (years 1900–9999). */
export function parseDateKey(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900) return null;
  const ms = Date.UTC(y, mo - 1, d);
  return dateKey(ms / DAY) === value ? ms / DAY : null;
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isCalendarDate(value: string): boolean {
  return parseDateKey(value) !== null;
}

export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

function parseTimeOfDay(value: unknown, isEnd: boolean): number | null {
  if (typeof value !== 'string') return null;
  if (isEnd && value === '24:00') return 1440;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** [start, end) in minutes of the day. */
export type Span = readonly [start: number, end: number];

function weekdayLabel(key: string): string {
  return WEEKDAY_NAMES[Number(key) - 1] ?? `weekday ${key}`;
}

/** Checks the weekly hours and returns them as minute spans per weekday, with every problem found. */
export function compileWeek(weeklyHours: unknown, problems: CalendarProblem[]): Span[][] {
  const week: Span[][] = [[], [], [], [], [], [], []];
  if (typeof weeklyHours !== 'object' || weeklyHours === null || Array.isArray(weeklyHours)) {
    problems.push({ path: 'weeklyHours', code: 'bad_weekly_hours',
      message: 'weeklyHours must be an object keyed by ISO weekday "1" (Monday) to "7" (Sunday).' });
    return week;
  }
  for (const [key, list] of Object.entries(weeklyHours as Record<string, unknown>)) {
    if (!(WEEKDAY_KEYS as readonly string[]).includes(key)) {
      problems.push({ path: `weeklyHours.${key}`, code: 'unknown_weekday',
        message: `"${key}" is not a weekday: use "1" (Monday) to "7" (Sunday).` });
      continue;
    }
    if (list === undefined) continue;
    const label = weekdayLabel(key);
    if (!Array.isArray(list)) {
      problems.push({ path: `weeklyHours.${key}`, code: 'bad_weekly_hours',
        message: `${label}: give a list of [start, end] intervals, e.g. [["09:00", "17:00"]].` });
      continue;
    }
    if (list.length > MAX_INTERVALS_PER_DAY) {
      problems.push({ path: `weeklyHours.${key}`, code: 'too_many_intervals',
        message: `${label} has ${list.length} intervals; at most ${MAX_INTERVALS_PER_DAY} are allowed.` });
      continue;
    }
    const spans: Array<{ s: number; e: number; text: string }> = [];
    list.forEach((pair: unknown, i) => {
      const path = `weeklyHours.${key}.${i}`;
      if (!Array.isArray(pair) || pair.length !== 2) {
        problems.push({ path, code: 'bad_interval', message: `${label}: each interval is ["HH:MM", "HH:MM"].` });
        return;
      }
      const s = parseTimeOfDay(pair[0], false);
      const e = parseTimeOfDay(pair[1], true);
      if (s === null || e === null) {
        const bad = s === null ? pair[0] : pair[1];
        problems.push({ path, code: 'bad_time',
          message: `${label}: "${String(bad)}" is not a time of day; write HH:MM from 00:00 to 23:59 (24:00 only as an end).` });
        return;
      }
      if (e <= s) {
        problems.push({ path, code: 'end_not_after_start',
          message: `${label} ${pair[0]}–${pair[1]} does not end after it starts; to work past midnight, end at 24:00 and continue at 00:00 the next day.` });
        return;
      }
      spans.push({ s, e, text: `${pair[0]}–${pair[1]}` });
    });
    spans.sort((a, b) => a.s - b.s);
    const merged: Array<[number, number]> = [];
    for (let i = 0; i < spans.length; i++) {
      const cur = spans[i]!;
      const prev = spans[i - 1];
      if (prev && cur.s < prev.e) {
        problems.push({ path: `weeklyHours.${key}`, code: 'overlap',
          message: `${label} ${prev.text} overlaps ${cur.text}: merge them or move one.` });
      }
      const last = merged[merged.length - 1];
      if (last && cur.s <= last[1]) last[1] = Math.max(last[1], cur.e);
      else merged.push([cur.s, cur.e]);
    }
    week[Number(key) - 1] = merged;
  }
  return week;
}

export function minutesOf(spans: readonly Span[]): number {
  return spans.reduce((n, [s, e]) => n + e - s, 0);
}

/** Problems that make a spec unusable by the clock at all. */
export function coreProblems(spec: CalendarSpec): { problems: CalendarProblem[]; week: Span[][] } {
  const problems: CalendarProblem[] = [];
  if (typeof spec.timeZone !== 'string' || !isKnownTimeZone(spec.timeZone)) {
    problems.push({ path: 'timeZone', code: 'unknown_time_zone',
      message: `"${String(spec.timeZone)}" is not a known IANA time zone; use a name like Asia/Shanghai or Europe/Berlin.` });
  }
  const week = compileWeek(spec.weeklyHours, problems);
  const sdm = spec.standardDayMinutes;
  if (typeof sdm !== 'number' || !Number.isInteger(sdm) || sdm < 1 || sdm > 1440) {
    problems.push({ path: 'standardDayMinutes', code: 'bad_standard_day',
      message: `standardDayMinutes (the length of 1 working day) must be a whole number of minutes from 1 to 1440, not ${String(sdm)}.` });
  }
  return { problems, week };
}

/** Working minutes of the standard weekday (Monday, else the first weekday with hours); 0 when none. */
export function standardWeekdayMinutes(weeklyHours: WeeklyHours): number {
  return minutesOf(compileWeek(weeklyHours, []).find((d) => d.length > 0) ?? []);
}

/** Working minutes of a normal week (weekly hours only, no holidays). */
export function weeklyWorkingMinutes(weeklyHours: WeeklyHours): number {
  return compileWeek(weeklyHours, []).reduce((n, d) => n + minutesOf(d), 0);
}

/**
 * Every reason the spec cannot be stored as a calendar: unknown time zone, bad "HH:MM", an interval
 * ending before it starts, overlaps, no working time at all, a standard day longer than any working
 * day, bad holiday entries. Empty when the calendar is usable.
 */
export function validateCalendarSpec(spec: CalendarSpec): CalendarProblem[] {
  const { problems, week } = coreProblems(spec);
  const longest = Math.max(...week.map(minutesOf));
  if (week.every((d) => d.length === 0) && !problems.some((p) => p.path.startsWith('weeklyHours'))) {
    problems.push({ path: 'weeklyHours', code: 'no_working_time',
      message: 'The week has no working hours: give at least one weekday working hours.' });
  } else if (typeof spec.standardDayMinutes === 'number' && longest > 0 && spec.standardDayMinutes > longest) {
    problems.push({ path: 'standardDayMinutes', code: 'standard_day_too_long',
      message: `1 working day is set to ${spec.standardDayMinutes} minutes, longer than the longest working day of the week (${longest} minutes): set it to the length of a normal working day.` });
  }
  if (spec.days instanceof Map) {
    for (const [date, d] of spec.days) {
      if (!isCalendarDate(date)) {
        problems.push({ path: `days.${date}`, code: 'bad_date', message: `"${date}" is not a calendar date: write YYYY-MM-DD.` });
      }
      if (d?.kind !== 'holiday' && d?.kind !== 'workday') {
        problems.push({ path: `days.${date}.kind`, code: 'bad_day_kind', message: `${date}: kind must be "holiday" or "workday".` });
      }
      if (typeof d?.name !== 'string' || d.name.trim() === '' || d.name.length > 100) {
        problems.push({ path: `days.${date}.name`, code: 'bad_day_name', message: `${date}: give the day a name of 1 to 100 characters, e.g. 国庆节.` });
      }
    }
  } else {
    problems.push({ path: 'days', code: 'bad_days', message: 'days must be a Map from YYYY-MM-DD to { kind, name }.' });
  }
  return problems;
}

/**
 * Like validateCalendarSpec, plus the service minimum of PL-ORD-03: order processing, complaint
 * handling and delivery need at least 5 weekdays with 8 h or more of working time (holidays aside).
 * 7 × 24 passes.
 */
export function validateServiceCalendar(spec: CalendarSpec): CalendarProblem[] {
  const problems = validateCalendarSpec(spec);
  if (problems.some((p) => p.path.startsWith('weeklyHours'))) return problems;
  const week = compileWeek(spec.weeklyHours, []);
  const fullDays = week.filter((d) => minutesOf(d) >= SERVICE_MIN_DAY_MINUTES).length;
  if (fullDays < SERVICE_MIN_DAYS) {
    const summary = week.map((d, i) => `${WEEKDAY_NAMES[i]!.slice(0, 3)} ${+(minutesOf(d) / 60).toFixed(2)} h`).join(', ');
    problems.push({ path: 'weeklyHours', code: 'below_service_minimum',
      message: `Order processing, complaint handling and delivery need at least ${SERVICE_MIN_DAYS} days × 8 h of working time a week (PL-ORD-03), but only ${fullDays} day(s) have 8 h or more (${summary}): add working hours, choose 7 × 24, or do not use this calendar for these services.` });
  }
  return problems;
}
