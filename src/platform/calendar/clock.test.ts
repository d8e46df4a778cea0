import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidCalendar, InvalidDuration, NoWorkingTime, addWorkingTime, describeDay, describeMonth, dueAt, isOverdue, isWorkingTime,
  nextWorkingStart, parseWorkingDuration, validateCalendarSpec, validateServiceCalendar, workingDurationMinutes,
  workingTimeBetween, type CalendarSpec, type SpecialDay, type TimeInterval, type WeeklyHours,
} from './index.js';

// ---------------------------------------------------------------------------------------------
// Calendars under test

const MIN = 60_000;
const NINE_TO_FIVE: TimeInterval[] = [['09:00', '17:00']];
const ALL_DAY: TimeInterval[] = [['00:00', '24:00']];
const FIVE_BY_EIGHT: WeeklyHours = { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE, 5: NINE_TO_FIVE };
const SEVEN_BY_24: WeeklyHours = { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY };

/** 2026 mainland China arrangement, written out independently of the seed SQL. */
function china2026(): Map<string, SpecialDay> {
  const days = new Map<string, SpecialDay>();
  const off = (from: string, to: string, name: string) => {
    for (let t = Date.parse(from); t <= Date.parse(to); t += 86_400_000) {
      days.set(new Date(t).toISOString().slice(0, 10), { kind: 'holiday', name });
    }
  };
  const work = (date: string, name: string) => days.set(date, { kind: 'workday', name });
  off('2026-01-01', '2026-01-03', '元旦'); work('2026-01-04', '元旦调休上班');
  off('2026-02-15', '2026-02-23', '春节'); work('2026-02-14', '春节调休上班'); work('2026-02-28', '春节调休上班');
  off('2026-04-04', '2026-04-06', '清明节');
  off('2026-05-01', '2026-05-05', '劳动节'); work('2026-05-09', '劳动节调休上班');
  off('2026-06-19', '2026-06-21', '端午节');
  off('2026-09-25', '2026-09-27', '中秋节');
  off('2026-10-01', '2026-10-07', '国庆节'); work('2026-09-20', '国庆节调休上班'); work('2026-10-10', '国庆节调休上班');
  return days;
}

const cn58: CalendarSpec = { timeZone: 'Asia/Shanghai', weeklyHours: FIVE_BY_EIGHT, standardDayMinutes: 480, days: china2026() };
const cn724: CalendarSpec = { timeZone: 'Asia/Shanghai', weeklyHours: SEVEN_BY_24, standardDayMinutes: 1440, days: new Map() };
const berlin58: CalendarSpec = { ...cn58, timeZone: 'Europe/Berlin', days: new Map() };
const berlin724: CalendarSpec = { ...cn724, timeZone: 'Europe/Berlin' };
const newYork58: CalendarSpec = { ...berlin58, timeZone: 'America/New_York' };
/** Night and split shifts whose edges sit inside Berlin's skipped and repeated hours. */
const berlinShifts: CalendarSpec = {
  timeZone: 'Europe/Berlin', standardDayMinutes: 480, days: new Map(),
  weeklyHours: { 1: [['08:00', '12:00'], ['13:00', '17:00']], 2: [['08:00', '12:00'], ['13:00', '17:00']], 6: [['22:00', '24:00']],
    7: [['00:00', '01:30'], ['01:45', '02:30'], ['02:45', '04:00']] },
};

const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();

// ---------------------------------------------------------------------------------------------
// Table tests

describe('dueAt on the 2026 mainland China 5×8 calendar', () => {
  it.each([
    ['a weekday morning, 1 working day', '2026-03-03T10:00', '1 working day', '2026-03-04T10:00'],
    ['Friday afternoon rolls over the weekend', '2026-01-09T16:00', '1 working day', '2026-01-12T16:00'],
    ['New Year: 1–3 Jan off, Sunday 4 Jan is a make-up day', '2025-12-31T16:00', '1 working day', '2026-01-04T16:00'],
    ['Spring Festival eve into make-up Saturday 14 Feb', '2026-02-13T15:00', '1 working day', '2026-02-14T15:00'],
    ['after make-up hours, across the whole Spring Festival', '2026-02-14T17:30', 'half a working day', '2026-02-24T13:00'],
    ['into make-up Saturday 28 Feb', '2026-02-26T10:00', '2 working days', '2026-02-28T10:00'],
    ['used up exactly at the end of a working day', '2026-04-02T17:00', '1 working day', '2026-04-03T17:00'],
    ['Labour Day 1–5 May', '2026-04-30T12:00', '1 working day', '2026-05-06T12:00'],
    ['Dragon Boat Festival 19–21 Jun', '2026-06-18T13:00', '1 working day', '2026-06-22T13:00'],
    ['into make-up Sunday 20 Sep', '2026-09-18T13:00', '1 working day', '2026-09-20T13:00'],
    ['Mid-Autumn 25–27 Sep', '2026-09-24T17:00', '0.5 working day', '2026-09-28T13:00'],
    ['Wednesday 30 Sep 16:00 waits out National Day (Oct 1–7) and ends Thursday 8 Oct', '2026-09-30T16:00', '1 working day', '2026-10-08T16:00'],
    ['Friday 9 Oct into make-up Saturday 10 Oct', '2026-10-09T16:00', '1 working day', '2026-10-10T16:00'],
    ['started on a holiday', '2026-10-01T10:00', '4 working hours', '2026-10-08T13:00'],
    ['started before hours', '2026-03-02T07:00', '30 working minutes', '2026-03-02T09:30'],
    ['started after hours', '2026-03-02T20:00', '1 working day', '2026-03-03T17:00'],
    ['started on a Saturday', '2026-03-07T11:00', '1 working day', '2026-03-09T17:00'],
    ['zero duration outside hours is the next working start', '2026-03-07T11:00', '0 working minutes', '2026-03-09T09:00'],
    ['one and a half days', '2026-03-02T09:00', '1.5 working days', '2026-03-03T13:00'],
    ['30 working days across Mid-Autumn and National Day', '2026-09-14T09:00', '30 working days', '2026-10-29T17:00'],
  ])('%s', (_what, start, duration, expected) => {
    expect(iso(dueAt(cn58, sh(start), duration))).toBe(iso(sh(expected)));
  });
});

describe('dueAt on other calendars', () => {
  it.each([
    ['7×24 ignores weekends and holidays', cn724, '2026-10-01T10:00+08:00', '1 working day', '2026-10-02T10:00+08:00'],
    ['7×24 half a day is 12 hours', cn724, '2026-02-14T23:00+08:00', 'half a working day', '2026-02-15T11:00+08:00'],
    ['Berlin 5×8 over the spring DST weekend', berlin58, '2026-03-27T16:00+01:00', '1 working day', '2026-03-30T16:00+02:00'],
    ['Berlin 5×8 over the autumn DST weekend', berlin58, '2026-10-23T16:00+02:00', '1 working day', '2026-10-26T16:00+01:00'],
    ['Berlin 7×24: a working day is 24 elapsed hours across the 23-hour day', berlin724, '2026-03-28T12:00+01:00', '1 working day', '2026-03-29T13:00+02:00'],
    ['Berlin 7×24: a working day is 24 elapsed hours across the 25-hour day', berlin724, '2026-10-24T12:00+02:00', '1 working day', '2026-10-25T11:00+01:00'],
    ['New York 5×8 over its DST weekend', newYork58, '2026-03-06T16:00-05:00', '1 working day', '2026-03-09T16:00-04:00'],
  ])('%s', (_what, spec, start, duration, expected) => {
    expect(iso(dueAt(spec, new Date(start), duration))).toBe(iso(new Date(expected)));
  });

  it('counts the wall clock through skipped and repeated hours', () => {
    expect(describeDay(berlin724, '2026-03-28').workingMinutes).toBe(1440);
    expect(describeDay(berlin724, '2026-03-29').workingMinutes).toBe(1380);
    expect(describeDay(berlin724, '2026-10-25').workingMinutes).toBe(1500);
    // Sunday 00:00–01:30, 01:45–02:30, 02:45–04:00 (90 + 45 + 75 wall minutes). 02:00–03:00 is skipped in
    // spring and shown twice in autumn; 30 + 15 minutes of the intervals fall inside it.
    expect(describeDay(berlinShifts, '2026-03-22').workingMinutes).toBe(210);
    expect(describeDay(berlinShifts, '2026-03-29').workingMinutes).toBe(210 - 30 - 15);
    expect(describeDay(berlinShifts, '2026-10-25').workingMinutes).toBe(210 + 30 + 15);
    expect(isWorkingTime(berlinShifts, new Date('2026-03-29T03:30+02:00'))).toBe(true);
    expect(isWorkingTime(berlinShifts, new Date('2026-10-25T02:15+02:00'))).toBe(true);
    expect(isWorkingTime(berlinShifts, new Date('2026-10-25T02:35+02:00'))).toBe(false);
    expect(isWorkingTime(berlinShifts, new Date('2026-10-25T02:15+01:00'))).toBe(true);
    expect(isWorkingTime(berlinShifts, new Date('2026-10-25T02:35+01:00'))).toBe(false);
  });
});

describe('isWorkingTime, nextWorkingStart, workingTimeBetween', () => {
  it.each([
    ['make-up Sunday 4 Jan', '2026-01-04T10:00', true],
    ['New Year holiday on a Thursday', '2026-01-01T10:00', false],
    ['the first minute of the day counts', '2026-10-10T09:00', true],
    ['the end of the day does not', '2026-10-09T17:00', false],
    ['one minute before the end', '2026-03-03T16:59', true],
    ['an ordinary Saturday', '2026-03-07T10:00', false],
    ['a weekend day listed as a holiday', '2026-10-03T10:00', false],
  ])('%s', (_what, at, expected) => {
    expect(isWorkingTime(cn58, sh(at))).toBe(expected);
  });

  it('finds the next working start after hours, over holidays and make-up days', () => {
    expect(iso(nextWorkingStart(cn58, sh('2026-09-30T17:00')))).toBe(iso(sh('2026-10-08T09:00')));
    expect(iso(nextWorkingStart(cn58, sh('2026-02-13T18:00')))).toBe(iso(sh('2026-02-14T09:00')));
    expect(iso(nextWorkingStart(cn58, sh('2026-03-03T11:11')))).toBe(iso(sh('2026-03-03T11:11')));
  });

  it('counts working minutes between two instants', () => {
    expect(workingTimeBetween(cn58, sh('2026-01-09T16:00'), sh('2026-01-12T10:00'))).toBe(120);
    expect(workingTimeBetween(cn58, sh('2026-09-30T16:00'), sh('2026-10-10T10:00'))).toBe(60 + 480 + 480 + 60);
    expect(workingTimeBetween(cn58, sh('2026-03-03T10:00'), sh('2026-03-03T10:00'))).toBe(0);
    expect(workingTimeBetween(cn58, sh('2026-03-04T10:00'), sh('2026-03-03T10:00'))).toBe(0);
  });

  it('gives 2026 its 248 working days (261 weekdays − 19 weekday holidays + 6 make-up days)', () => {
    expect(workingTimeBetween(cn58, sh('2026-01-01T00:00'), sh('2027-01-01T00:00'))).toBe(248 * 480);
    const months = Array.from({ length: 12 }, (_, i) => describeMonth(cn58, `2026-${String(i + 1).padStart(2, '0')}`));
    expect(months.flat().filter((d) => d.working)).toHaveLength(248);
  });

  it('describes February 2026 for the month view', () => {
    const feb = describeMonth(cn58, '2026-02');
    expect(feb).toHaveLength(28);
    expect(feb.filter((d) => d.working)).toHaveLength(16);
    expect(feb[13]).toEqual({ date: '2026-02-14', weekday: 6, kind: 'workday', name: '春节调休上班',
      intervals: [['09:00', '17:00']], workingMinutes: 480, working: true });
    expect(feb[15]).toMatchObject({ date: '2026-02-16', weekday: 1, kind: 'holiday', name: '春节', intervals: [], workingMinutes: 0, working: false });
    expect(feb[1]).toMatchObject({ date: '2026-02-02', kind: 'regular', name: null, workingMinutes: 480 });
  });

  it('gives a make-up day Monday’s hours, or the first weekday’s that has some', () => {
    const split: CalendarSpec = { ...cn58, weeklyHours: { ...FIVE_BY_EIGHT, 1: [['08:30', '12:00'], ['13:30', '18:00']] } };
    expect(describeDay(split, '2026-10-10')).toMatchObject({ intervals: [['08:30', '12:00'], ['13:30', '18:00']], workingMinutes: 480 });
    const noMonday: CalendarSpec = { ...cn58, weeklyHours: { 3: [['10:00', '14:00']], 4: NINE_TO_FIVE } };
    expect(describeDay(noMonday, '2026-10-10')).toMatchObject({ intervals: [['10:00', '14:00']], workingMinutes: 240 });
  });

  it('tells whether a due time has passed', () => {
    const due = sh('2026-10-08T16:00');
    expect(isOverdue(due, sh('2026-10-08T16:00'))).toBe(false);
    expect(isOverdue(due, sh('2026-10-08T16:01'))).toBe(true);
  });
});

describe('durations', () => {
  it.each([
    ['1 working day', 480], ['1 working days', 480], ['0.5 working day', 240], ['half a working day', 240],
    ['Half A Working Day', 240], ['2 working days', 960], ['4 working hours', 240], ['1 working hour', 60],
    ['30 working minutes', 30], ['  90 working minutes ', 90], ['0 working days', 0],
  ])('reads "%s" as %i minutes on 5×8', (text, minutes) => {
    expect(workingDurationMinutes(cn58, text)).toBe(minutes);
  });

  it('reads a working day as 1440 minutes on 7×24', () => {
    expect(workingDurationMinutes(cn724, '1 working day')).toBe(1440);
    expect(workingDurationMinutes(cn724, 'half a working day')).toBe(720);
  });

  it.each(['1 day', 'one working day', '-1 working day', '1 working week', '', '1e3 working minutes', 'NaN working days',
    '1.5.2 working days', '1 working day and 2 hours', '2000 working days', '.5 working day'])('refuses "%s"', (text) => {
    expect(() => parseWorkingDuration(text)).toThrow(InvalidDuration);
    expect(() => dueAt(cn58, sh('2026-03-03T10:00'), text)).toThrow(InvalidDuration);
  });

  it('refuses negative or non-finite minutes and invalid dates', () => {
    expect(() => addWorkingTime(cn58, sh('2026-03-03T10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingTime(cn58, sh('2026-03-03T10:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => addWorkingTime(cn58, new Date('nonsense'), 1)).toThrow(RangeError);
    expect(() => addWorkingTime(cn58, new Date('0099-03-03T10:00Z'), 1)).toThrow(RangeError);
  });

  it('refuses to run a clock on a calendar without working hours, or a broken one', () => {
    const empty: CalendarSpec = { ...cn58, weeklyHours: {} };
    expect(() => addWorkingTime(empty, sh('2026-03-03T10:00'), 1)).toThrow(NoWorkingTime);
    expect(isWorkingTime(empty, sh('2026-03-03T10:00'))).toBe(false);
    expect(() => dueAt({ ...cn58, timeZone: 'Mars/Olympus_Mons' }, sh('2026-03-03T10:00'), '1 working day')).toThrow(InvalidCalendar);
  });

  // Speed belongs in `npm run bench`, never in a timed test (a busy CI machine would fail it): here only the long-span results.
  it('computes long deadlines by whole days: 30 working days on 5×8 and 1000 on 7×24', () => {
    expect(iso(dueAt(cn58, sh('2026-09-14T09:00'), '30 working days'))).toBe(iso(dueAt(cn58, dueAt(cn58, sh('2026-09-14T09:00'), '15 working days'), '15 working days')));
    expect(iso(dueAt(cn724, sh('2026-01-01T00:00'), '1000 working days'))).toBe(iso(new Date(sh('2026-01-01T00:00').getTime() + 1000 * 86_400_000)));
  });
});

describe('calendar validation', () => {
  const codes = (spec: CalendarSpec) => validateServiceCalendar(spec).map((p) => p.code);

  it('accepts 5×8 with holidays, 7×24 and split shifts adding up to 5 × 8 h', () => {
    expect(validateServiceCalendar(cn58)).toEqual([]);
    expect(validateServiceCalendar(cn724)).toEqual([]);
    const split = [['08:00', '12:00'], ['13:00', '17:00']] as TimeInterval[];
    expect(validateServiceCalendar({ ...cn58, weeklyHours: { 1: split, 2: split, 3: split, 4: split, 5: split } })).toEqual([]);
  });

  it('refuses fewer than 5 days × 8 h for service use, even with 40 h in total', () => {
    const long = [['08:00', '18:00']] as TimeInterval[];
    expect(codes({ ...cn58, weeklyHours: { 1: long, 2: long, 3: long, 4: long } })).toEqual(['below_service_minimum']);
    const seven = [['09:00', '16:00']] as TimeInterval[];
    expect(codes({ ...cn58, standardDayMinutes: 420, weeklyHours: { 1: seven, 2: seven, 3: seven, 4: seven, 5: seven, 6: seven } }))
      .toEqual(['below_service_minimum']);
    expect(validateCalendarSpec({ ...cn58, standardDayMinutes: 420, weeklyHours: { 1: seven } })).toEqual([]);
  });

  it('names each structural problem', () => {
    const bad = (weeklyHours: unknown, extra: Partial<CalendarSpec> = {}) =>
      validateCalendarSpec({ ...cn58, ...extra, weeklyHours: weeklyHours as WeeklyHours }).map((p) => p.code);
    expect(bad({ 1: [['17:00', '09:00']] })).toEqual(['end_not_after_start']);
    expect(bad({ 1: [['09:00', '13:00'], ['12:00', '17:00']] })).toEqual(['overlap']);
    expect(bad({ 1: [['9:00', '17:00']] })).toEqual(['bad_time']);
    expect(bad({ 1: [['09:00', '24:30']] })).toEqual(['bad_time']);
    expect(bad({ 1: [['24:00', '24:00']] })).toEqual(['bad_time']);
    expect(bad({ 8: NINE_TO_FIVE, 1: NINE_TO_FIVE })).toEqual(['unknown_weekday']);
    expect(bad({})).toEqual(['no_working_time']);
    expect(bad(FIVE_BY_EIGHT, { timeZone: 'Mars/Olympus_Mons' })).toEqual(['unknown_time_zone']);
    expect(bad(FIVE_BY_EIGHT, { standardDayMinutes: 600 })).toEqual(['standard_day_too_long']);
    expect(bad(FIVE_BY_EIGHT, { standardDayMinutes: 0 })).toEqual(['bad_standard_day']);
    expect(bad(FIVE_BY_EIGHT, { days: new Map([['2026-02-30', { kind: 'holiday', name: 'x' }]]) })).toEqual(['bad_date']);
    // Touching intervals are not overlapping.
    expect(bad({ 1: [['09:00', '12:00'], ['12:00', '17:00']] })).toEqual([]);
  });

  it('explains the service minimum in words a person can act on', () => {
    const [p] = validateServiceCalendar({ ...cn58, weeklyHours: { 1: NINE_TO_FIVE } });
    expect(p?.message).toMatch(/at least 5 days × 8 h/);
    expect(p?.message).toMatch(/Mon 8 h, Tue 0 h/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Wall-clock oracle: formats the instant in the zone and checks that date's intervals directly. */
const oracleFormats = new Map<string, Intl.DateTimeFormat>();
function naiveIsWorking(spec: CalendarSpec, t: number): boolean {
  let f = oracleFormats.get(spec.timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: spec.timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    oracleFormats.set(spec.timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(t).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  const weekday = ((new Date(`${date}T00:00Z`).getUTCDay() + 6) % 7) + 1;
  const hours = (d: number) => spec.weeklyHours[String(d) as '1'] ?? [];
  const special = spec.days.get(date);
  const standard = [1, 2, 3, 4, 5, 6, 7].map(hours).find((h) => h.length > 0) ?? [];
  const intervals = special?.kind === 'holiday' ? [] : special?.kind === 'workday' ? standard : hours(weekday);
  const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  return intervals.some(([s, e]) => toMin(s) <= minute && minute < toMin(e));
}

/** UTC instants where the zone's offset changes, found by scanning (nothing hard-coded). */
function transitions(timeZone: string, from: number, to: number): number[] {
  const f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const off = (t: number) => f.formatToParts(t).find((p) => p.type === 'timeZoneName')!.value;
  const out: number[] = [];
  for (let t = from; t < to; t += 15 * MIN) if (off(t) !== off(t + 15 * MIN)) out.push(t + 15 * MIN);
  return out;
}

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu', 'America/St_Johns'];
const SPAN_FROM = Date.UTC(2025, 11, 1);
const SPAN_TO = Date.UTC(2027, 0, 31);
const TRANSITIONS = new Map(ZONES.map((z) => [z, transitions(z, SPAN_FROM, SPAN_TO)]));

const hhmm = (q: number) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
/** A day's intervals on a quarter-hour grid: sorted distinct boundaries taken pairwise. */
const arbDay = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 8 }).map((bounds) => {
  const b = [...bounds].sort((x, y) => x - y);
  const out: TimeInterval[] = [];
  for (let i = 0; i + 1 < b.length; i += 2) out.push([hhmm(b[i]!), hhmm(b[i + 1]!)]);
  return out;
});
const arbDays = fc.array(fc.tuple(fc.integer({ min: 0, max: 420 }), fc.constantFrom('holiday' as const, 'workday' as const)), { maxLength: 40 })
  .map((list) => new Map(list.map(([d, kind]) => [new Date(SPAN_FROM + d * 86_400_000).toISOString().slice(0, 10), { kind, name: kind }])));
const arbSpec: fc.Arbitrary<CalendarSpec> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  weeklyHours: fc.tuple(arbDay, arbDay, arbDay, arbDay, arbDay, arbDay, arbDay)
    .map((d) => Object.fromEntries(d.map((v, i) => [String(i + 1), v])) as WeeklyHours),
  standardDayMinutes: fc.integer({ min: 1, max: 1440 }),
  days: arbDays,
}).filter((s) => Object.values(s.weeklyHours).some((d) => d && d.length > 0));
const arbCalendar = fc.oneof(
  { weight: 3, arbitrary: arbSpec },
  { weight: 2, arbitrary: fc.constantFrom(cn58, cn724, berlin58, berlin724, newYork58, berlinShifts) },
);
/** Any instant in the span, or one within 30 hours of one of the zone's own offset changes. */
function arbInstantIn(timeZone: string): fc.Arbitrary<number> {
  const own = TRANSITIONS.get(timeZone) ?? [];
  const uniform = fc.integer({ min: SPAN_FROM, max: SPAN_TO });
  if (own.length === 0) return uniform;
  return fc.oneof(uniform, fc.tuple(fc.constantFrom(...own), fc.integer({ min: -30 * 60, max: 30 * 60 }), fc.integer({ min: 0, max: MIN - 1 }))
    .map(([t, m, ms]) => t + m * MIN + ms));
}
/** A calendar with an instant drawn for its time zone. */
const withInstant = arbCalendar.chain((spec) => fc.tuple(fc.constant(spec), arbInstantIn(spec.timeZone)));
/** A calendar with `n` instants drawn for its time zone. */
const withInstants = (n: number) => arbCalendar.chain((spec) =>
  fc.tuple(fc.constant(spec), fc.array(arbInstantIn(spec.timeZone), { minLength: n, maxLength: n })));
const arbMinutes = fc.oneof(fc.integer({ min: 0, max: 3 * 480 }), fc.integer({ min: 0, max: 40 * 480 }));

describe('clock properties', () => {
  it('agrees with the wall-clock oracle on whether an instant is working time', () => {
    fc.assert(fc.property(withInstants(20), ([spec, ts]) => {
      for (const t of ts) expect(isWorkingTime(spec, new Date(t))).toBe(naiveIsWorking(spec, t));
    }), { numRuns: 200 });
  });

  it('counts the same working minutes as the oracle, minute by minute, over two days', () => {
    fc.assert(fc.property(withInstant, fc.integer({ min: 0, max: 2 * 1440 }), ([spec, t], n) => {
      const a = Math.floor(t / MIN) * MIN;
      let expected = 0;
      for (let k = 0; k < n; k++) if (naiveIsWorking(spec, a + k * MIN)) expected++;
      expect(workingTimeBetween(spec, new Date(a), new Date(a + n * MIN))).toBe(expected);
    }), { numRuns: 40 });
  });

  it('adds exactly the working time asked for: between(t, add(t, m)) = m', () => {
    fc.assert(fc.property(withInstant, arbMinutes, ([spec, t], m) => {
      const start = new Date(t);
      const end = addWorkingTime(spec, start, m);
      expect(end.getTime()).toBeGreaterThanOrEqual(t);
      expect(workingTimeBetween(spec, start, end)).toBe(m);
    }));
  });

  it('is monotonic in the duration', () => {
    fc.assert(fc.property(withInstant, arbMinutes, arbMinutes, ([spec, t], m1, m2) => {
      const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
      expect(addWorkingTime(spec, new Date(t), lo).getTime()).toBeLessThanOrEqual(addWorkingTime(spec, new Date(t), hi).getTime());
    }));
  });

  it('never ends inside non-working time, except exactly at the end of an interval', () => {
    fc.assert(fc.property(withInstant, arbMinutes, ([spec, t], m) => {
      const end = addWorkingTime(spec, new Date(t), m);
      const inside = isWorkingTime(spec, end);
      const atIntervalEnd = !inside && isWorkingTime(spec, new Date(end.getTime() - 1));
      expect(m === 0 ? inside : inside || atIntervalEnd).toBe(true);
    }));
  });

  it('is additive: add(add(t, a), b) = add(t, a + b) in working time', () => {
    fc.assert(fc.property(withInstant, arbMinutes, arbMinutes, ([spec, t], a, b) => {
      const stepwise = addWorkingTime(spec, addWorkingTime(spec, new Date(t), a), b);
      const once = addWorkingTime(spec, new Date(t), a + b);
      if (b > 0) expect(stepwise.getTime()).toBe(once.getTime());
      const [x, y] = stepwise <= once ? [stepwise, once] : [once, stepwise];
      expect(workingTimeBetween(spec, x, y)).toBe(0);
    }));
  });

  it('splits working time additively: between(a, b) + between(b, c) = between(a, c)', () => {
    fc.assert(fc.property(withInstants(3), ([spec, ts]) => {
      const [a, b, c] = [...ts].sort((x, y) => x - y).map((x) => new Date(x)) as [Date, Date, Date];
      const sum = workingTimeBetween(spec, a, b) + workingTimeBetween(spec, b, c);
      expect(sum).toBeCloseTo(workingTimeBetween(spec, a, c), 6);
    }));
  });

  it('starts a clock at the next working start, with no working time before it', () => {
    fc.assert(fc.property(withInstant, ([spec, t]) => {
      const next = nextWorkingStart(spec, new Date(t));
      expect(isWorkingTime(spec, next)).toBe(true);
      expect(workingTimeBetween(spec, new Date(t), next)).toBe(0);
      if (isWorkingTime(spec, new Date(t))) expect(next.getTime()).toBe(t);
    }));
  });
});
