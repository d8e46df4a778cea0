import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';

let t: TestApp;
let admin: string;
let adminId: string;
let reader: string;
let seller: string;
const CN58 = 'cal_01K0000000000000000000CN58';
const C724 = 'cal_01K00000000000000000007X24';
const NINE_TO_FIVE = [['09:00', '17:00']];
const FIVE_BY_EIGHT = { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE, 3: NINE_TO_FIVE, 4: NINE_TO_FIVE, 5: NINE_TO_FIVE };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
  seller = await t.login('seller1@shiji.test');
  const me = (await t.call('GET', '/api/auth/me', { token: admin })).json();
  adminId = me.id;
  // A platform auditor: may read calendars (calendar:read) but not change them.
  const roles = (await t.call('GET', '/api/admin/roles?orgKind=platform', { token: admin })).json().items as { id: string; key: string }[];
  const auditorRole = roles.find((r) => r.key === 'auditor')!;
  const created = await t.call('POST', '/api/admin/accounts', { token: admin, body: {
    orgId: me.org.id, email: 'calendar-reader@shiji.test', displayName: 'Calendar reader', password: 'reader-Pass-2026', roleIds: [auditorRole.id] } });
  expect(created.statusCode).toBe(201);
  reader = await t.login('calendar-reader@shiji.test', 'reader-Pass-2026');
});
afterAll(async () => { await t.close(); });

describe('calendar admin API', () => {
  it('lists the seeded calendars and pages with an opaque cursor', async () => {
    const all = await t.call('GET', '/api/admin/calendars', { token: admin });
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([CN58, C724]));
    expect(body.items.find((c: { id: string }) => c.id === CN58)).toMatchObject({
      name: '中国大陆 5×8（09:00–17:00）', timeZone: 'Asia/Shanghai', standardDayMinutes: 480, weeklyMinutes: 2400, isDefault: true,
      serviceUse: true, weeklyHours: { 1: NINE_TO_FIVE, 6: [], 7: [] } });
    const first = (await t.call('GET', '/api/admin/calendars?limit=1', { token: admin })).json();
    expect(first.items).toHaveLength(1);
    const second = (await t.call('GET', `/api/admin/calendars?limit=1&cursor=${first.nextCursor}`, { token: admin })).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect((await t.call('GET', '/api/admin/calendars?limit=ten', { token: admin })).json().code).toBe('validation_failed');
    expect((await t.call('GET', '/api/admin/calendars?cursor=garbage', { token: admin })).json().code).toBe('http.bad_cursor');
    expect((await t.call('GET', '/api/admin/calendars?sort=name', { token: admin })).statusCode).toBe(400);
  });

  it('shows one calendar, and 404 for an unknown one', async () => {
    expect((await t.call('GET', `/api/admin/calendars/${C724}`, { token: admin })).json()).toMatchObject({ id: C724, standardDayMinutes: 1440 });
    const missing = await t.call('GET', '/api/admin/calendars/cal_01K00000000000000000000000', { token: admin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'calendar.not_found', type: '/problems/calendar.not_found' });
  });

  it('creates a calendar and refuses unknown fields, coerced types and invalid hours', async () => {
    const ok = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'Berlin office', timeZone: 'Europe/Berlin', weeklyHours: FIVE_BY_EIGHT } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ id: expect.stringMatching(/^cal_[0-9A-HJKMNP-TV-Z]{26}$/), timeZone: 'Europe/Berlin', standardDayMinutes: 480, isDefault: false });

    const unknownField = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'x', weeklyHours: FIVE_BY_EIGHT, colour: 'red' } });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().code).toBe('validation_failed');
    const stringNumber = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'x', weeklyHours: FIVE_BY_EIGHT, standardDayMinutes: '480' } });
    expect(stringNumber.statusCode).toBe(400);
    const badTime = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'x', weeklyHours: { ...FIVE_BY_EIGHT, 1: [['9:00', '17:00']] } } });
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json().issues[0].path).toMatch(/weeklyHours\.1\.0\.0/);

    const overlap = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'x', weeklyHours: { ...FIVE_BY_EIGHT, 2: [['09:00', '13:00'], ['12:00', '17:00']] } } });
    expect(overlap.statusCode).toBe(422);
    expect(overlap.json()).toMatchObject({ code: 'calendar.invalid_calendar', problems: [{ path: 'weeklyHours.2', code: 'overlap' }] });
    expect(overlap.json().detail).toMatch(/Tuesday 09:00–13:00 overlaps 12:00–17:00/);
    const zone = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'x', timeZone: 'Asia/Beijing', weeklyHours: FIVE_BY_EIGHT } });
    expect(zone.json()).toMatchObject({ code: 'calendar.invalid_calendar', problems: [{ code: 'unknown_time_zone' }] });
    const short = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'x', weeklyHours: { 1: NINE_TO_FIVE, 2: NINE_TO_FIVE } } });
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({ code: 'calendar.below_service_minimum', problems: [{ code: 'below_service_minimum' }] });
    const seven = await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: '7×24 Berlin', timeZone: 'Europe/Berlin',
      weeklyHours: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [['00:00', '24:00']]])) } });
    expect(seven.statusCode).toBe(201);
    expect(seven.json()).toMatchObject({ standardDayMinutes: 1440, weeklyMinutes: 10080 });
  });

  it('changes a calendar, and refuses to unset the default', async () => {
    const created = (await t.call('POST', '/api/admin/calendars', { token: admin, body: { name: 'Patch me', weeklyHours: FIVE_BY_EIGHT } })).json();
    const patched = await t.call('PATCH', `/api/admin/calendars/${created.id}`, { token: admin, body: { name: 'Patched', weeklyHours: { ...FIVE_BY_EIGHT, 6: [['10:00', '14:00']] } } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Patched', weeklyMinutes: 2400 + 240 });
    const unset = await t.call('PATCH', `/api/admin/calendars/${CN58}`, { token: admin, body: { isDefault: false } });
    expect(unset.statusCode).toBe(409);
    expect(unset.json().code).toBe('calendar.default_required');
    expect((await t.call('PATCH', `/api/admin/calendars/${CN58}`, { token: admin, body: { id: 'cal_x' } })).statusCode).toBe(400);
  });

  it('lists, sets and removes holidays and make-up days, each change audited with its actor', async () => {
    const days = await t.call('GET', `/api/admin/calendars/${CN58}/days?year=2026`, { token: admin });
    expect(days.statusCode).toBe(200);
    expect(days.json().items).toHaveLength(39);
    expect(days.json().items[3]).toMatchObject({ date: '2026-01-04', kind: 'workday', name: '元旦调休上班' });
    expect((await t.call('GET', `/api/admin/calendars/${CN58}/days?year=26`, { token: admin })).statusCode).toBe(400);
    expect((await t.call('GET', `/api/admin/calendars/${CN58}/days`, { token: admin })).statusCode).toBe(400);

    const put = await t.call('PUT', `/api/admin/calendars/${CN58}/days/2027-01-01`, { token: admin, body: { kind: 'holiday', name: '元旦' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ date: '2027-01-01', kind: 'holiday', name: '元旦' });
    const audit = (await t.call('GET', `/api/admin/audit?resourceType=calendar&resourceId=${CN58}`, { token: admin })).json().items;
    expect(audit[0]).toMatchObject({ action: 'calendar.day_set', actorId: adminId, changes: { date: '2027-01-01', kind: 'holiday', previous: null } });

    const impossible = await t.call('PUT', `/api/admin/calendars/${CN58}/days/2027-02-30`, { token: admin, body: { kind: 'holiday', name: 'x' } });
    expect(impossible.statusCode).toBe(422);
    expect(impossible.json().code).toBe('calendar.invalid_date');
    expect((await t.call('PUT', `/api/admin/calendars/${CN58}/days/20270101`, { token: admin, body: { kind: 'holiday', name: 'x' } })).statusCode).toBe(400);
    expect((await t.call('PUT', `/api/admin/calendars/${CN58}/days/2027-01-01`, { token: admin, body: { kind: 'off', name: 'x' } })).statusCode).toBe(400);

    const del = await t.call('DELETE', `/api/admin/calendars/${CN58}/days/2027-01-01`, { token: admin });
    expect(del.statusCode).toBe(204);
    const again = await t.call('DELETE', `/api/admin/calendars/${CN58}/days/2027-01-01`, { token: admin });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('calendar.day_not_found');
    const after = (await t.call('GET', `/api/admin/audit?resourceType=calendar&resourceId=${CN58}`, { token: admin })).json().items;
    expect(after[0]).toMatchObject({ action: 'calendar.day_removed', actorId: adminId });
  });

  it('shows a month with working days and minutes', async () => {
    const res = await t.call('GET', `/api/admin/calendars/${CN58}/month?month=2026-02`, { token: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ calendarId: CN58, month: '2026-02', timeZone: 'Asia/Shanghai', workingDays: 16, workingMinutes: 16 * 480 });
    expect(body.days).toHaveLength(28);
    expect(body.days[13]).toEqual({ date: '2026-02-14', weekday: 6, kind: 'workday', name: '春节调休上班',
      intervals: [['09:00', '17:00']], workingMinutes: 480, working: true });
    expect(body.days[16]).toMatchObject({ date: '2026-02-17', kind: 'holiday', working: false, workingMinutes: 0 });
    expect((await t.call('GET', `/api/admin/calendars/${CN58}/month?month=2026-13`, { token: admin })).statusCode).toBe(400);
  });

  it('calculates due times', async () => {
    const due = await t.call('POST', `/api/admin/calendars/${CN58}/due`, { token: admin, body: { start: '2026-09-30T16:00:00+08:00', duration: '1 working day' } });
    expect(due.statusCode).toBe(200);
    expect(due.json()).toEqual({ calendarId: CN58, start: '2026-09-30T08:00:00.000Z', duration: '1 working day', workingMinutes: 480,
      dueAt: '2026-10-08T08:00:00.000Z' });
    const half = await t.call('POST', `/api/admin/calendars/${C724}/due`, { token: reader, body: { start: '2026-10-01T10:00:00+08:00', duration: 'half a working day' } });
    expect(half.json()).toMatchObject({ workingMinutes: 720, dueAt: '2026-10-01T14:00:00.000Z' });
    const bad = await t.call('POST', `/api/admin/calendars/${CN58}/due`, { token: admin, body: { start: '2026-09-30T16:00:00+08:00', duration: '1 day' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'calendar.invalid_duration', detail: expect.stringMatching(/working day/) });
    expect((await t.call('POST', `/api/admin/calendars/${CN58}/due`, { token: admin, body: { start: '2026-09-30 16:00', duration: '1 working day' } })).statusCode).toBe(400);
    expect((await t.call('POST', `/api/admin/calendars/${CN58}/due`, { token: admin, body: { start: '0099-09-30T16:00:00Z', duration: '1 working day' } })).statusCode).toBe(400);
  });

  it('lets calendar:read staff read but not change, and refuses sellers and guests', async () => {
    expect((await t.call('GET', `/api/admin/calendars/${CN58}/month?month=2026-10`, { token: reader })).statusCode).toBe(200);
    const denied = await t.call('PUT', `/api/admin/calendars/${CN58}/days/2026-03-02`, { token: reader, body: { kind: 'holiday', name: 'x' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'auth.forbidden', permission: 'calendar:manage' });
    expect((await t.call('GET', '/api/admin/calendars', { token: seller })).statusCode).toBe(403);
    expect((await t.call('GET', '/api/admin/calendars')).statusCode).toBe(401);
    const days = (await t.call('GET', `/api/admin/calendars/${CN58}/days?year=2026`, { token: admin })).json().items;
    expect(days.find((d: { date: string }) => d.date === '2026-03-02')).toBeUndefined();
  });

  it('describes every calendar route in the OpenAPI document', async () => {
    const doc = (await t.call('GET', '/openapi.json')).json();
    for (const name of ['Calendar', 'CalendarDay', 'CalendarMonth', 'CalendarDue', 'CreateCalendarBody', 'WeeklyHours']) {
      expect(doc.components.schemas, name).toHaveProperty(name);
    }
    const ops = Object.entries(doc.paths as Record<string, Record<string, { tags: string[]; summary: string }>>)
      .filter(([p]) => p.startsWith('/api/admin/calendars')).flatMap(([, m]) => Object.values(m));
    expect(ops).toHaveLength(9);
    for (const op of ops) expect(op).toMatchObject({ tags: ['calendar'], summary: expect.any(String) });
  });
});
