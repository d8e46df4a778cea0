import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** Every id prefix in use, one per table, so an id says what it points to. */
export const ID_PREFIXES = {
  org: 'identity_organisation',
  acc: 'identity_account',
  role: 'identity_role',
  ses: 'identity_session',
  aud: 'audit_log',
  cal: 'calendar',
  job: 'jobs_job',
  evt: 'jobs_outbox',
  req: 'request id',
} as const;
export type IdPrefix = keyof typeof ID_PREFIXES;

/** A new `prefix_ULID` id: unique, sortable by creation time. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

/** True when value looks like an id with that prefix (used to answer 404 early for malformed ids). */
export function isId(prefix: IdPrefix, value: string): boolean {
  return new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`).test(value);
}
