import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { DayKind, TimeInterval, WeekdayKey } from './spec.js';

/**
 * Service calendars (PL-ORD-03): weekly working hours in a time zone plus the length of "1 working
 * day". Exactly one calendar is the default (partial unique index; the service keeps one set).
 * `service_use` marks a calendar that may run order-processing, complaint and delivery clocks, which
 * requires at least 5 days × 8 h a week.
 */
export const calendar = pgTable('calendar', {
  id: text().primaryKey(),
  name: text().notNull(),
  timeZone: text().notNull().default('Asia/Shanghai'),
  /** ISO weekday "1".."7" → [["HH:MM","HH:MM"], …], local wall time; every weekday present. */
  weeklyHours: jsonb().$type<Record<WeekdayKey, TimeInterval[]>>().notNull(),
  standardDayMinutes: integer().notNull(),
  isDefault: boolean().notNull().default(false),
  serviceUse: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('calendar_one_default').on(t.isDefault).where(sql`is_default`),
  check('calendar_standard_day_minutes_check', sql`standard_day_minutes between 1 and 1440`),
]);

/** Holidays and make-up working days (调休) of a calendar, by local date in its time zone. */
export const calendarDay = pgTable('calendar_day', {
  calendarId: text().notNull().references(() => calendar.id, { onDelete: 'cascade' }),
  date: date({ mode: 'string' }).notNull(),
  kind: text().$type<DayKind>().notNull(),
  name: text().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.calendarId, t.date] }),
  check('calendar_day_kind_check', sql`kind in ('holiday', 'workday')`),
]);
