export {
  WEEKDAY_KEYS, SERVICE_MIN_DAYS, SERVICE_MIN_DAY_MINUTES, isCalendarDate, standardWeekdayMinutes, validateCalendarSpec,
  validateServiceCalendar, weeklyWorkingMinutes,
  type CalendarProblem, type CalendarSpec, type DayKind, type SpecialDay, type TimeInterval, type WeekdayKey, type WeeklyHours,
} from './spec.js';
export { isKnownTimeZone } from './time-zone.js';
export * from './clock.js';
export * from './errors.js';
export * from './service.js';
export type { CalendarOut, CreateCalendarBody, SetCalendarDayBody, UpdateCalendarBody } from './contract.js';
