import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// Random bytes are drawn from the OS in 4 KiB blocks: one system call per ~256 ids instead of one per character.
const pool = Buffer.allocUnsafe(4096);
let poolAt = pool.length;
let lastMs = -1;
const lastRandom = new Uint8Array(16);

/**
 * A monotonic ULID (https://github.com/ulid/spec): 10 characters of milliseconds, 16 of randomness
 * (80 bits); ids made in the same millisecond increment the random part, so they still sort in
 * creation order within this process.
 */
export function ulid(now = Date.now()): string {
  if (now === lastMs) {
    let i = 15;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i < 0) throw new Error('ULID random part overflowed within one millisecond');
    lastRandom[i]! += 1;
  } else {
    if (poolAt + 16 > pool.length) { randomFillSync(pool); poolAt = 0; }
    for (let i = 0; i < 16; i++) lastRandom[i] = pool[poolAt + i]! & 31;
    poolAt += 16;
    lastMs = now;
  }
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32]! + time;
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[lastRandom[i]!];
  return time + rand;
}

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
  cart: 'cart_cart',
  cln: 'cart_line',
  adr: 'consumer_address',
  chk: 'order_checkout',
  ord: 'order_order',
  oln: 'order_line',
  oev: 'order_event',
  over: 'order_version',
  omod: 'order_modification',
  psp: 'payment_provider',
  pctr: 'payment_contract',
  pay: 'payment_payment',
  rfd: 'payment_refund',
  trf: 'payment_transfer',
  pevt: 'payment_event',
  pntf: 'payment_notification',
  rkr: 'payment_risk_rule',
  rkv: 'payment_risk_review',
  recr: 'payment_reconciliation_run',
  rex: 'payment_reconciliation_exception',
  enq: 'payment_enquiry',
  sbx: 'payment_sandbox_txn (the sandbox provider\'s own ids)',
  jnl: 'finance_entry',
  pst: 'finance_posting',
  cmr: 'finance_commission_rate',
  stm: 'settlement_statement',
  pout: 'settlement_payout',
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
