import { z } from 'zod';

/** "HH:MM" local wall time, 00:00–24:00 (24:00 only makes sense as an interval end; the service checks). */
export const TimeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time HH:MM from 00:00 to 24:00');
export const TimeIntervalSchema = z.tuple([TimeOfDay, TimeOfDay]).meta({ id: 'TimeInterval', description: '[start, end] local wall time, e.g. ["09:00", "17:00"]' });
const DayIntervals = z.array(TimeIntervalSchema).max(12);

/** Input: weekdays "1" (Monday) … "7" (Sunday); a missing weekday has no working hours. */
export const WeeklyHoursInput = z.strictObject({
  '1': DayIntervals.optional(), '2': DayIntervals.optional(), '3': DayIntervals.optional(), '4': DayIntervals.optional(),
  '5': DayIntervals.optional(), '6': DayIntervals.optional(), '7': DayIntervals.optional(),
}).meta({ id: 'WeeklyHoursBody', description: 'Working hours per ISO weekday "1" (Monday) … "7" (Sunday); a weekday left out has none.' });

export const WeeklyHoursOut = z.object({
  '1': DayIntervals, '2': DayIntervals, '3': DayIntervals, '4': DayIntervals, '5': DayIntervals, '6': DayIntervals, '7': DayIntervals,
}).meta({ id: 'WeeklyHours' });

const Name = z.string().trim().min(1).max(100);
const TimeZoneName = z.string().min(1).max(64).meta({ description: 'IANA time zone, e.g. Asia/Shanghai' });

export const CreateCalendarBody = z.strictObject({
  name: Name,
  timeZone: TimeZoneName.optional().meta({ description: 'IANA time zone; default Asia/Shanghai' }),
  weeklyHours: WeeklyHoursInput,
  standardDayMinutes: z.number().int().min(1).max(1440).optional()
    .meta({ description: 'Length of "1 working day" in minutes; default: the working minutes of Monday (or the first weekday with hours)' }),
  isDefault: z.boolean().optional().meta({ description: 'Make this the default calendar (the previous default stops being it)' }),
  serviceUse: z.boolean().optional()
    .meta({ description: 'May run order-processing, complaint and delivery clocks; then at least 5 days × 8 h a week are required (PL-ORD-03). Default true.' }),
}).meta({ id: 'CreateCalendarBody' });
export type CreateCalendarBody = z.infer<typeof CreateCalendarBody>;

export const UpdateCalendarBody = z.strictObject({
  name: Name.optional(),
  timeZone: TimeZoneName.optional(),
  weeklyHours: WeeklyHoursInput.optional(),
  standardDayMinutes: z.number().int().min(1).max(1440).optional(),
  isDefault: z.boolean().optional()
    .meta({ description: 'true makes this the default calendar; the default cannot be unset directly: mark another calendar as the default' }),
  serviceUse: z.boolean().optional(),
}).meta({ id: 'UpdateCalendarBody' });
export type UpdateCalendarBody = z.infer<typeof UpdateCalendarBody>;

export const CalendarOut = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  weeklyHours: WeeklyHoursOut,
  standardDayMinutes: z.number().int(),
  weeklyMinutes: z.number().int().meta({ description: 'Working minutes of a week without holidays' }),
  isDefault: z.boolean(),
  serviceUse: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'Calendar' });
export type CalendarOut = z.infer<typeof CalendarOut>;

export const DayKindSchema = z.enum(['holiday', 'workday'])
  .meta({ id: 'CalendarDayKind', description: 'holiday: no working time; workday: make-up working day (调休) with the standard weekday hours' });

export const SetCalendarDayBody = z.strictObject({ kind: DayKindSchema, name: Name }).meta({ id: 'SetCalendarDayBody' });
export type SetCalendarDayBody = z.infer<typeof SetCalendarDayBody>;

export const CalendarDayOut = z.object({
  date: z.iso.date(),
  kind: DayKindSchema,
  name: z.string(),
  updatedAt: z.iso.datetime(),
}).meta({ id: 'CalendarDay' });

export const CalendarDayListOut = z.object({
  calendarId: z.string(),
  year: z.number().int(),
  items: z.array(CalendarDayOut),
}).meta({ id: 'CalendarDayList' });

export const DayInfoOut = z.object({
  date: z.iso.date(),
  weekday: z.number().int().min(1).max(7),
  kind: z.enum(['regular', 'holiday', 'workday']),
  name: z.string().nullable(),
  intervals: z.array(TimeIntervalSchema),
  workingMinutes: z.number(),
  working: z.boolean(),
}).meta({ id: 'CalendarMonthDay' });

export const CalendarMonthOut = z.object({
  calendarId: z.string(),
  month: z.string(),
  timeZone: z.string(),
  workingDays: z.number().int(),
  workingMinutes: z.number(),
  days: z.array(DayInfoOut),
}).meta({ id: 'CalendarMonth' });

export const DueBody = z.strictObject({
  start: z.iso.datetime({ offset: true })
    .refine((v) => { const y = new Date(v).getUTCFullYear(); return y >= 1970 && y <= 2999; }, 'must be a time between 1970 and 2999')
    .meta({ description: 'When the clock starts, ISO-8601 with offset' }),
  duration: z.string().min(1).max(100)
    .meta({ description: '"1 working day", "0.5 working day", "half a working day", "4 working hours", "30 working minutes"' }),
}).meta({ id: 'CalendarDueBody' });

export const DueOut = z.object({
  calendarId: z.string(),
  start: z.iso.datetime(),
  duration: z.string(),
  workingMinutes: z.number(),
  dueAt: z.iso.datetime(),
}).meta({ id: 'CalendarDue' });

/** 'YYYY-MM-DD' in a path; the service checks it is a real date. */
export const DateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
/** `?year=` as text: four digits, 1900–2999. */
export const YearQuery = z.string().regex(/^(?:19|2\d)\d{2}$/, 'must be a year from 1900 to 2999').transform(Number);
/** `?month=` as text: YYYY-MM. */
export const MonthQuery = z.string().regex(/^(?:19|2\d)\d{2}-(?:0[1-9]|1[0-2])$/, 'must be a month YYYY-MM, e.g. 2026-02');
