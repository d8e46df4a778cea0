import { DomainError } from '../http/problem.js';

/** One thing wrong with a calendar, addressed to the field that has to change. */
export type CalendarProblem = Readonly<{ path: string; code: string; message: string }>;

export class CalendarNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'calendar.not_found', status: 404, detail: `Calendar ${id} was not found.`, meta: { calendarId: id } });
  }
}

export class DefaultCalendarMissing extends DomainError {
  constructor() {
    super({ code: 'calendar.default_missing', status: 404,
      detail: 'No calendar is marked as the default: mark one calendar as the default (PATCH with isDefault: true).' });
  }
}

export class CalendarDayNotFound extends DomainError {
  constructor(calendarId: string, date: string) {
    super({ code: 'calendar.day_not_found', status: 404,
      detail: `Calendar ${calendarId} has no holiday or make-up working day on ${date}.`, meta: { calendarId, date } });
  }
}

/** The calendar as given cannot be stored or used: bad times, overlaps, unknown time zone… */
export class InvalidCalendar extends DomainError {
  readonly problems: readonly CalendarProblem[];
  constructor(problems: readonly CalendarProblem[]) {
    super({ code: 'calendar.invalid_calendar', status: 422,
      detail: `The calendar is not valid: ${problems.map((p) => p.message).join(' ')}`, meta: { problems } });
    this.problems = problems;
  }
}

/** A calendar meant for order processing, complaints or delivery gives less than 5 days × 8 h a week (PL-ORD-03). */
export class BelowServiceMinimum extends DomainError {
  readonly problems: readonly CalendarProblem[];
  constructor(problems: readonly CalendarProblem[]) {
    super({ code: 'calendar.below_service_minimum', status: 422,
      detail: problems.map((p) => p.message).join(' '), meta: { problems } });
    this.problems = problems;
  }
}

/** The calendar is not marked for service use, so it cannot run order, complaint or delivery clocks. */
export class CalendarNotForService extends DomainError {
  constructor(id: string) {
    super({ code: 'calendar.not_for_service', status: 422, meta: { calendarId: id },
      detail: `Calendar ${id} is not marked for service use: mark it (serviceUse: true) or choose another calendar for order processing, complaint handling or delivery.` });
  }
}

export class DefaultCalendarRequired extends DomainError {
  constructor(id: string) {
    super({ code: 'calendar.default_required', status: 409, meta: { calendarId: id },
      detail: `Calendar ${id} is the default calendar and one calendar must always be the default: make another calendar the default instead.` });
  }
}

export class InvalidCalendarDate extends DomainError {
  constructor(value: string, why = 'is not a calendar date: write YYYY-MM-DD, e.g. 2026-10-01') {
    super({ code: 'calendar.invalid_date', status: 422, detail: `"${value}" ${why}.`, meta: { value } });
  }
}

export class InvalidDuration extends DomainError {
  constructor(value: string, why?: string) {
    super({ code: 'calendar.invalid_duration', status: 422, meta: { value },
      detail: why ?? `"${value}" is not a working-time duration: write e.g. "1 working day", "0.5 working day", "half a working day", "4 working hours" or "30 working minutes".` });
  }
}

/** The clock cannot move because the calendar has no working time at all. */
export class NoWorkingTime extends DomainError {
  constructor() {
    super({ code: 'calendar.no_working_time', status: 422,
      detail: 'The calendar has no working hours in any weekday, so no working-time clock can run on it: give it working hours.' });
  }
}
