import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform.js';
import { requestContext } from '../http/auth.js';
import { CursorQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '../http/pagination.js';
import { problemResponses } from '../http/problem.js';
import { describeMonth, dueAt, workingDurationMinutes } from './clock.js';
import type { TimeInterval } from './spec.js';
import {
  CalendarDayListOut, CalendarDayOut, CalendarMonthOut, CalendarOut, CreateCalendarBody, DateParam, DueBody, DueOut,
  MonthQuery, SetCalendarDayBody, UpdateCalendarBody, YearQuery,
} from './contract.js';
import {
  createCalendar, getCalendar, listCalendarDays, listCalendars, loadCalendarSpec, removeCalendarDay, setCalendarDay,
  updateCalendar, type Calendar, type CalendarDay,
} from './service.js';

const tags = ['calendar'];
const errors = problemResponses;
const read = { access: { audience: 'admin', permission: 'calendar:read' } } as const;
const manage = { access: { audience: 'admin', permission: 'calendar:manage' } } as const;
const DayParams = z.strictObject({ id: z.string().max(64), date: DateParam });

const pairs = (list: readonly TimeInterval[]) => list.map(([s, e]): [string, string] => [s, e]);
const calendarOut = (c: Calendar): z.infer<typeof CalendarOut> => ({
  ...c,
  weeklyHours: {
    1: pairs(c.weeklyHours[1]), 2: pairs(c.weeklyHours[2]), 3: pairs(c.weeklyHours[3]), 4: pairs(c.weeklyHours[4]),
    5: pairs(c.weeklyHours[5]), 6: pairs(c.weeklyHours[6]), 7: pairs(c.weeklyHours[7]),
  },
  createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
});
const dayOut = (d: CalendarDay) => ({ date: d.date, kind: d.kind, name: d.name, updatedAt: d.updatedAt.toISOString() });

/**
 * Admin API of the working calendars (PL-ORD-03): calendars, holidays and make-up working days,
 * a month view for the admin UI and a due-time calculator. Every change is audited by the service.
 */
export const calendarRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;

  app.get('/api/admin/calendars', {
    config: read,
    schema: { tags, summary: 'List working calendars in creation order',
      querystring: z.strictObject({ limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(CalendarOut), ...errors } },
  }, async (req) => {
    const afterId = decodeCursor(req.query.cursor, z.string().max(64));
    const res = await listCalendars(db, { limit: req.query.limit, afterId });
    return { items: res.items.map(calendarOut), nextCursor: res.nextAfterId === null ? null : encodeCursor(res.nextAfterId) };
  });

  app.post('/api/admin/calendars', {
    config: manage,
    schema: { tags, summary: 'Create a working calendar (service calendars need at least 5 days × 8 h a week)',
      body: CreateCalendarBody, response: { 201: CalendarOut, ...errors } },
  }, async (req, reply) => {
    const created = await db.transaction((tx) => createCalendar(tx, requestContext(req), req.body));
    reply.code(201);
    return calendarOut(created);
  });

  app.get('/api/admin/calendars/:id', {
    config: read,
    schema: { tags, summary: 'One working calendar', params: IdParams, response: { 200: CalendarOut, ...errors } },
  }, async (req) => calendarOut(await getCalendar(db, req.params.id)));

  app.patch('/api/admin/calendars/:id', {
    config: manage,
    schema: { tags, summary: 'Change a calendar: name, time zone, weekly hours, length of a working day, default, service use',
      params: IdParams, body: UpdateCalendarBody, response: { 200: CalendarOut, ...errors } },
  }, async (req) => calendarOut(await db.transaction((tx) => updateCalendar(tx, requestContext(req), req.params.id, req.body))));

  app.get('/api/admin/calendars/:id/days', {
    config: read,
    schema: { tags, summary: 'Holidays and make-up working days of one year',
      params: IdParams, querystring: z.strictObject({ year: YearQuery }), response: { 200: CalendarDayListOut, ...errors } },
  }, async (req) => {
    const days = await listCalendarDays(db, req.params.id, req.query.year);
    return { calendarId: req.params.id, year: req.query.year, items: days.map(dayOut) };
  });

  app.put('/api/admin/calendars/:id/days/:date', {
    config: manage,
    schema: { tags, summary: 'Mark a date as a holiday or a make-up working day (调休), replacing what was there',
      params: DayParams, body: SetCalendarDayBody, response: { 200: CalendarDayOut, ...errors } },
  }, async (req) => dayOut(await db.transaction((tx) => setCalendarDay(tx, requestContext(req), req.params.id, req.params.date, req.body))));

  app.delete('/api/admin/calendars/:id/days/:date', {
    config: manage,
    schema: { tags, summary: 'Remove a holiday or make-up working day; the date follows the weekly hours again',
      params: DayParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await db.transaction((tx) => removeCalendarDay(tx, requestContext(req), req.params.id, req.params.date));
    return reply.code(204).send(null);
  });

  app.get('/api/admin/calendars/:id/month', {
    config: read,
    schema: { tags, summary: 'Every date of a month: working or not, its working hours and minutes (month view)',
      params: IdParams, querystring: z.strictObject({ month: MonthQuery }), response: { 200: CalendarMonthOut, ...errors } },
  }, async (req) => {
    const spec = await loadCalendarSpec(db, req.params.id);
    const days = describeMonth(spec, req.query.month);
    return {
      calendarId: spec.calendarId, month: req.query.month, timeZone: spec.timeZone,
      workingDays: days.filter((d) => d.working).length,
      workingMinutes: days.reduce((n, d) => n + d.workingMinutes, 0),
      days: days.map((d) => ({ ...d, intervals: pairs(d.intervals) })),
    };
  });

  app.post('/api/admin/calendars/:id/due', {
    config: read,
    schema: { tags, summary: 'Due-time calculator: when does a working-time duration started at `start` end on this calendar?',
      params: IdParams, body: DueBody, response: { 200: DueOut, ...errors } },
  }, async (req) => {
    const spec = await loadCalendarSpec(db, req.params.id);
    const start = new Date(req.body.start);
    return {
      calendarId: spec.calendarId, start: start.toISOString(), duration: req.body.duration,
      workingMinutes: workingDurationMinutes(spec, req.body.duration),
      dueAt: dueAt(spec, start, req.body.duration).toISOString(),
    };
  });
};
