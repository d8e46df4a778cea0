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
  ctg: 'catalog_category',
  crl: 'catalog_category_rule',
  prd: 'catalog_product',
  pver: 'catalog_product_version',
  sku: 'catalog_sku',
  img: 'catalog_image',
  pev: 'catalog_product_event',
  term: 'catalog_moderation_term',
  pchg: 'catalog_price_change',
  whs: 'inventory_warehouse',
  loc: 'inventory_location',
  mov: 'inventory_movement',
  xfer: 'inventory transfer (pairs of movements)',
  rsv: 'inventory_reservation',
  alrt: 'inventory_alert',
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
