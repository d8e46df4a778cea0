import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, onRealPostgres } from '../../../test/helpers/db.js';
import { searchAudit } from '../audit/index.js';
import type { Database, Tx } from '../db/client.js';
import type { RequestContext } from '../http/auth.js';
import {
  BelowServiceMinimum, CalendarDayNotFound, CalendarNotForService, CalendarNotFound, DefaultCalendarRequired, InvalidCalendar,
  InvalidCalendarDate, createCalendar, describeMonth, dueAt, getCalendar, getDefaultCalendar, listCalendarDays, listCalendars,
  loadCalendarSpec, removeCalendarDay, requireServiceCalendar, setCalendarDay, updateCalendar,
  type CreateCalendarInput, type TimeInterval, type WeeklyHours,
} from './index.js';

let database: Database;
beforeAll(async () => { database = await createTestDb(); });
afterAll(async () => { await database.close(); });

const ctx: RequestContext = { actorId: 'acc_01TESTADMIN0000000000000000', actorOrgId: null, ip: '127.0.0.1', userAgent: 'vitest', requestId: 'req_test' };
const CN58 = 'cal_01K0000000000000000000CN58';
const C724 = 'cal_01K00000000000000000007X24';
const NINE_TO_FIVE: TimeInterval[] = [['09:00', '17:00']];
const FIVE_BY_EIGHT: WeeklyHours = { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE, 5: NINE_TO_FIVE };
const sh = (local: string) => new Date(`${local}+08:00`);

const tx = <T>(fn: (t: Tx) => Promise<T>): Promise<T> => database.db.transaction(fn);
const auditFor = async (resourceId: string) =>
  (await searchAudit(database.db, { resourceType: 'calendar', resourceId, limit: 100 })).items;
const snapshot = async () => ({
  calendars: (await listCalendars(database.db, { limit: 100 })).items,
  audit: (await searchAudit(database.db, { resourceType: 'calendar', limit: 100 })).items.length,
});

describe('seeded reference calendars', () => {
  it('has the 5×8 mainland China default and a 7×24 calendar', async () => {
    const def = await getDefaultCalendar(database.db);
    expect(def).toMatchObject({ id: CN58, name: '中国大陆 5×8（09:00–17:00）', timeZone: 'Asia/Shanghai', standardDayMinutes: 480,
      weeklyMinutes: 2400, isDefault: true, serviceUse: true });
    expect(def.weeklyHours).toEqual({ 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE, 5: NINE_TO_FIVE, 6: [], 7: [] });
    expect(await getCalendar(database.db, C724)).toMatchObject({ name: '7×24', standardDayMinutes: 1440, weeklyMinutes: 7 * 1440, isDefault: false });
  });

  it('has the 2026 holidays and make-up days: 33 days off, 6 make-up days, 248 working days', async () => {
    const days = await listCalendarDays(database.db, CN58, 2026);
    expect(days.filter((d) => d.kind === 'holiday')).toHaveLength(33);
    expect(days.filter((d) => d.kind === 'workday').map((d) => d.date))
      .toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(days.find((d) => d.date === '2026-10-01')).toMatchObject({ kind: 'holiday', name: '国庆节' });
    expect(await listCalendarDays(database.db, C724, 2026)).toEqual([]);
    const spec = await loadCalendarSpec(database.db, null);
    expect(spec.calendarId).toBe(CN58);
    const working = Array.from({ length: 12 }, (_, i) => describeMonth(spec, `2026-${String(i + 1).padStart(2, '0')}`)).flat().filter((d) => d.working);
    expect(working).toHaveLength(248);
    expect(dueAt(spec, sh('2026-09-30T16:00'), '1 working day')).toEqual(sh('2026-10-08T16:00'));
    expect(dueAt(spec, sh('2026-10-09T16:00'), '1 working day')).toEqual(sh('2026-10-10T16:00'));
  });
});

describe('creating calendars', () => {
  it('stores a valid calendar, defaults its working day to Monday’s hours, and audits it', async () => {
    const split: TimeInterval[] = [['13:00', '18:30'], ['08:30', '12:00']];
    const cal = await tx((t) => createCalendar(t, ctx, { name: ' 深圳仓 5×9 ', weeklyHours: { 1: split, 2: split, 3: split, 4: split, 5: split } }));
    expect(cal).toMatchObject({ name: '深圳仓 5×9', timeZone: 'Asia/Shanghai', standardDayMinutes: 540, isDefault: false, serviceUse: true });
    expect(cal.weeklyHours['1']).toEqual([['08:30', '12:00'], ['13:00', '18:30']]);
    expect(await getCalendar(database.db, cal.id)).toEqual(cal);
    const [entry] = await auditFor(cal.id);
    expect(entry).toMatchObject({ action: 'calendar.created', actorId: ctx.actorId, requestId: 'req_test',
      changes: { name: '深圳仓 5×9', standardDayMinutes: 540, serviceUse: true } });
  });

  it('allows fewer than 5 × 8 hours for a calendar not used for services', async () => {
    const cal = await tx((t) => createCalendar(t, ctx, { name: 'Mon–Thu', serviceUse: false,
      weeklyHours: { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE } }));
    expect(cal).toMatchObject({ serviceUse: false, weeklyMinutes: 4 * 480 });
    await expect(requireServiceCalendar(database.db, cal.id)).rejects.toBeInstanceOf(CalendarNotForService);
    await expect(tx((t) => updateCalendar(t, ctx, cal.id, { serviceUse: true }))).rejects.toBeInstanceOf(BelowServiceMinimum);
    expect((await getCalendar(database.db, cal.id)).serviceUse).toBe(false);
  });

  it.each<[string, Partial<CreateCalendarInput>, typeof InvalidCalendar | typeof BelowServiceMinimum, string]>([
    ['an interval ending before it starts', { weeklyHours: { ...FIVE_BY_EIGHT, 3: [['17:00', '09:00']] } }, InvalidCalendar, 'end_not_after_start'],
    ['overlapping intervals', { weeklyHours: { ...FIVE_BY_EIGHT, 2: [['09:00', '13:00'], ['12:00', '17:00']] } }, InvalidCalendar, 'overlap'],
    ['a time that is not HH:MM', { weeklyHours: { ...FIVE_BY_EIGHT, 1: [['9am', '17:00']] } }, InvalidCalendar, 'bad_time'],
    ['an unknown time zone', { timeZone: 'Asia/Beijing' }, InvalidCalendar, 'unknown_time_zone'],
    ['an empty name', { name: '   ' }, InvalidCalendar, 'bad_name'],
    ['a working day longer than any day', { standardDayMinutes: 600 }, InvalidCalendar, 'standard_day_too_long'],
    ['a week without hours', { weeklyHours: {} }, InvalidCalendar, 'no_working_time'],
    ['a default calendar not for service use', { isDefault: true, serviceUse: false }, InvalidCalendar, 'default_not_for_service'],
    ['a service calendar under 5 × 8', { weeklyHours: { ...FIVE_BY_EIGHT, 5: [['09:00', '12:00']] } }, BelowServiceMinimum, 'below_service_minimum'],
  ])('refuses %s and stores nothing', async (_what, change, errorClass, code) => {
    const before = await snapshot();
    const err = await tx((t) => createCalendar(t, ctx, { name: 'Bad', weeklyHours: FIVE_BY_EIGHT, ...change })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errorClass);
    expect((err as InvalidCalendar).status).toBe(422);
    expect((err as InvalidCalendar).problems.map((p) => p.code)).toEqual([code]);
    expect((err as InvalidCalendar).detail.length).toBeGreaterThan(30);
    expect(await snapshot()).toEqual(before);
  });
});

describe('updating calendars', () => {
  it('records each changed field with its old and new value, and nothing for a no-op', async () => {
    const cal = await tx((t) => createCalendar(t, ctx, { name: 'Ops', weeklyHours: FIVE_BY_EIGHT }));
    const seven: TimeInterval[] = [['08:00', '20:00']];
    const updated = await tx((t) => updateCalendar(t, ctx, cal.id, { name: 'Ops extended', weeklyHours: { ...FIVE_BY_EIGHT, 6: seven } }));
    expect(updated).toMatchObject({ name: 'Ops extended', weeklyMinutes: 2400 + 720 });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(cal.updatedAt.getTime());
    const [entry] = await auditFor(cal.id);
    expect(entry).toMatchObject({ action: 'calendar.updated', changes: {
      name: { from: 'Ops', to: 'Ops extended' },
      weeklyHours: { from: expect.objectContaining({ 6: [] }), to: expect.objectContaining({ 6: seven }) } } });
    expect(Object.keys(entry!.changes!)).toEqual(['name', 'weeklyHours']);
    const count = (await auditFor(cal.id)).length;
    expect(await tx((t) => updateCalendar(t, ctx, cal.id, { name: 'Ops extended', timeZone: 'Asia/Shanghai' }))).toEqual(updated);
    expect(await auditFor(cal.id)).toHaveLength(count);
  });

  it('refuses to cut a service calendar below 5 × 8 and keeps it unchanged', async () => {
    const before = await getCalendar(database.db, CN58);
    const err = await tx((t) => updateCalendar(t, ctx, CN58, { weeklyHours: { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BelowServiceMinimum);
    expect((err as BelowServiceMinimum).detail).toMatch(/5 days × 8 h/);
    expect(await getCalendar(database.db, CN58)).toEqual(before);
  });

  it('refuses to unset the default and to update a calendar that does not exist', async () => {
    await expect(tx((t) => updateCalendar(t, ctx, CN58, { isDefault: false }))).rejects.toBeInstanceOf(DefaultCalendarRequired);
    await expect(tx((t) => updateCalendar(t, ctx, 'cal_nope', { name: 'x' }))).rejects.toBeInstanceOf(CalendarNotFound);
    expect((await getDefaultCalendar(database.db)).id).toBe(CN58);
  });

  it('moves the default: the old default is cleared and both changes are audited', async () => {
    await tx((t) => updateCalendar(t, ctx, C724, { isDefault: true }));
    expect((await getDefaultCalendar(database.db)).id).toBe(C724);
    expect((await getCalendar(database.db, CN58)).isDefault).toBe(false);
    expect((await auditFor(CN58))[0]).toMatchObject({ action: 'calendar.updated', changes: { isDefault: { from: true, to: false }, newDefault: C724 } });
    expect((await auditFor(C724))[0]).toMatchObject({ action: 'calendar.updated', changes: { isDefault: { from: false, to: true } } });
    const created = await tx((t) => createCalendar(t, ctx, { name: 'New default', weeklyHours: FIVE_BY_EIGHT, isDefault: true }));
    expect((await getDefaultCalendar(database.db)).id).toBe(created.id);
    await tx((t) => updateCalendar(t, ctx, CN58, { isDefault: true }));
    const defaults = (await listCalendars(database.db, { limit: 100 })).items.filter((c) => c.isDefault);
    expect(defaults.map((c) => c.id)).toEqual([CN58]);
  });

  it.runIf(onRealPostgres)('keeps exactly one default when several calendars are made default at once', async () => {
    const ids = await Promise.all(Array.from({ length: 4 }, (_, i) =>
      tx((t) => createCalendar(t, ctx, { name: `Race ${i}`, weeklyHours: FIVE_BY_EIGHT })).then((c) => c.id)));
    await Promise.all(ids.map((id) => tx((t) => updateCalendar(t, ctx, id, { isDefault: true }))));
    const defaults = (await listCalendars(database.db, { limit: 100 })).items.filter((c) => c.isDefault);
    expect(defaults).toHaveLength(1);
    expect(ids).toContain(defaults[0]!.id);
    await tx((t) => updateCalendar(t, ctx, CN58, { isDefault: true }));
  });
});

describe('holidays and make-up days', () => {
  it('adds, replaces and removes a day, auditing each change, and the clock follows', async () => {
    const cal = await tx((t) => createCalendar(t, ctx, { name: 'Holidays test', weeklyHours: FIVE_BY_EIGHT }));
    const day = await tx((t) => setCalendarDay(t, ctx, cal.id, '2027-01-01', { kind: 'holiday', name: ' 元旦 ' }));
    expect(day).toMatchObject({ calendarId: cal.id, date: '2027-01-01', kind: 'holiday', name: '元旦' });
    let spec = await loadCalendarSpec(database.db, cal.id);
    // Thu 31 Dec 2026 16:00 + 1 working day: Fri 1 Jan 2027 is now a holiday → Mon 4 Jan 16:00.
    expect(dueAt(spec, sh('2026-12-31T16:00'), '1 working day')).toEqual(sh('2027-01-04T16:00'));

    await tx((t) => setCalendarDay(t, ctx, cal.id, '2027-01-02', { kind: 'workday', name: '调休' }));
    spec = await loadCalendarSpec(database.db, cal.id);
    expect(dueAt(spec, sh('2026-12-31T16:00'), '1 working day')).toEqual(sh('2027-01-02T16:00'));

    const replaced = await tx((t) => setCalendarDay(t, ctx, cal.id, '2027-01-01', { kind: 'workday', name: '改为上班' }));
    expect(replaced.kind).toBe('workday');
    expect((await auditFor(cal.id))[0]).toMatchObject({ action: 'calendar.day_set',
      changes: { date: '2027-01-01', kind: 'workday', name: '改为上班', previous: { kind: 'holiday', name: '元旦' } } });
    const count = (await auditFor(cal.id)).length;
    await tx((t) => setCalendarDay(t, ctx, cal.id, '2027-01-01', { kind: 'workday', name: '改为上班' }));
    expect(await auditFor(cal.id)).toHaveLength(count);

    await tx((t) => removeCalendarDay(t, ctx, cal.id, '2027-01-01'));
    expect((await auditFor(cal.id))[0]).toMatchObject({ action: 'calendar.day_removed', changes: { date: '2027-01-01', kind: 'workday' } });
    expect((await listCalendarDays(database.db, cal.id, 2027)).map((d) => d.date)).toEqual(['2027-01-02']);
    await expect(tx((t) => removeCalendarDay(t, ctx, cal.id, '2027-01-01'))).rejects.toBeInstanceOf(CalendarDayNotFound);
  });

  it('refuses impossible dates, bad names and unknown calendars, storing nothing', async () => {
    const before = await snapshot();
    await expect(tx((t) => setCalendarDay(t, ctx, CN58, '2026-02-30', { kind: 'holiday', name: 'x' }))).rejects.toBeInstanceOf(InvalidCalendarDate);
    await expect(tx((t) => setCalendarDay(t, ctx, CN58, '26-1-1', { kind: 'holiday', name: 'x' }))).rejects.toBeInstanceOf(InvalidCalendarDate);
    await expect(tx((t) => setCalendarDay(t, ctx, CN58, '2026-03-02', { kind: 'holiday', name: '  ' }))).rejects.toBeInstanceOf(InvalidCalendar);
    await expect(tx((t) => setCalendarDay(t, ctx, CN58, '2026-03-02', { kind: 'off' as 'holiday', name: 'x' }))).rejects.toBeInstanceOf(InvalidCalendar);
    await expect(tx((t) => setCalendarDay(t, ctx, 'cal_nope', '2026-03-02', { kind: 'holiday', name: 'x' }))).rejects.toBeInstanceOf(CalendarNotFound);
    await expect(listCalendarDays(database.db, 'cal_nope', 2026)).rejects.toBeInstanceOf(CalendarNotFound);
    expect(await snapshot()).toEqual(before);
    expect(await listCalendarDays(database.db, CN58, 2026)).toHaveLength(39);
  });
});

describe('listing', () => {
  it('pages through calendars in creation order', async () => {
    const all = (await listCalendars(database.db, { limit: 100 })).items;
    expect(all.length).toBeGreaterThan(3);
    const first = await listCalendars(database.db, { limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual(all.slice(0, 2).map((c) => c.id));
    const second = await listCalendars(database.db, { limit: 2, afterId: first.nextAfterId! });
    expect(second.items.map((c) => c.id)).toEqual(all.slice(2, 4).map((c) => c.id));
    const last = await listCalendars(database.db, { limit: 100, afterId: all[all.length - 2]!.id });
    expect(last).toEqual({ items: [all[all.length - 1]], nextAfterId: null });
  });
});
