/**
 * The raw-SQL ceiling (PostgreSQL only): the database work of one whole Shiji checkout, done by a bare
 * loop over a `pg` Pool on the same database: no HTTP, no Fastify, no drizzle, no JSON schemas.
 * `concurrency` workers (one buyer each) loop for `durationSec`; one "transaction" counted = one
 * complete checkout, i.e. everything below. The pool has `poolSize` connections (default 10, the
 * server's DATABASE_POOL_SIZE default), so workers beyond it queue for a connection as HTTP requests
 * queue for the server's pool.
 *
 * What it runs, statement by statement, taken from a statement log (log_statement = all) of one real
 * checkout through the API, in Shiji's order and with Shiji's SQL where it matters (the conditional
 * stock UPDATE with its warehouse choice, the locks, the ledger's period lock):
 *
 *  add      (tx)  sellable SKU (product ⋈ live version + price) · active cart (created if missing) ·
 *                 cart row FOR UPDATE · its lines · INSERT cart_line (or UPDATE quantity) · touch cart
 *                 [Shiji: addToCart]
 *  preview        address (decrypting recipient, phone, detail) · cart · lines · sellable SKUs · stock
 *                 sums · prices · seller names · shipping rule; offer built and hashed (canonical JSON,
 *                 SHA-256)  [buildOffer]
 *  confirm  (tx)  INSERT idempotency_key · the same offer reads and hash check · conditional UPDATE
 *                 inventory_stock reserved (+warehouse pick) · UPDATE inventory_alert (resolve) · INSERT
 *                 inventory_reservation · INSERT order_checkout (offer snapshot) · commission rate ·
 *                 INSERT order_order (address encrypted) · INSERT order_line · INSERT order_event ·
 *                 provider by code · valid contract · payment by reference · risk rules · INSERT
 *                 payment_payment · INSERT payment_event · INSERT audit_log (payment.created) · UPDATE
 *                 checkout.payment_id · DELETE cart_line · touch cart · INSERT jobs_outbox · INSERT
 *                 audit_log (checkout.confirmed) · UPDATE idempotency_key (answer)
 *                 then the audit sealing step (below) and the pending-notification check (payment,
 *                 refund and transfer by reference, pending notifications)  [runIdempotent + placeCheckout,
 *                 applyPendingNotifications]
 *  pay            the sandbox's checks (provider by code, charge by reference, payment state), then (tx)
 *                 INSERT payment_sandbox_txn · INSERT jobs_job (notification job); the job claimed and
 *                 read back (charge, provider), then the webhook: provider by code · INSERT
 *                 payment_notification  [sandbox pages + notify job + webhook route]
 *  paid     (tx)  notification FOR UPDATE SKIP LOCKED · provider · payment FOR UPDATE · conditional UPDATE
 *                 payment → succeeded · INSERT payment_event · ledger entry Dr psp / Cr clearing:consumer
 *                 (ensure account, duplicate check, shared period lock, closed-period check, accounts
 *                 check, INSERT finance_entry, INSERT 2 finance_posting) · checkout FOR UPDATE · UPDATE
 *                 checkout paid · UPDATE inventory_reservation consumed · UPDATE inventory_stock (on_hand
 *                 and reserved down) · INSERT inventory_movement (sale) · orders and lines of the checkout
 *                 · UPDATE catalog_product sales_count · seller calendar settings · default calendar and
 *                 its days · conditional UPDATE order_order → paid · INSERT order_event · INSERT audit_log
 *                 (order.paid) · ledger entry order.paid (3 postings, same checks) · INSERT jobs_outbox ·
 *                 INSERT audit_log (payment.succeeded) · UPDATE payment_notification applied
 *                 then the audit sealing step, the job marked done, the two outbox events marked
 *                 dispatched  [applyChargeResult + order listeners + finance postEntry]
 *  sealing        as sealAudit: one run at a time per process, calls during a run share the next one;
 *                 a run = (tx) pg_advisory_xact_lock · unsealed entries (≤ 1000) · chain head · one
 *                 UPDATE … FROM (VALUES …) with seq, prev_hash and the SHA-256 hash of each entry
 *                 (Shiji's hashEntry), so the chain it extends stays valid.
 *
 * Left out, because they are the HTTP API's and not the checkout's work: the session and permission
 * look-ups of each request (2 statements × 7 requests), the answers' reads (the cart after the add,
 * the checkout view after confirm, the pay page's GET, the result page's sync and polls: about 35
 * statements), the job runner's polling, and the duplicate notification the web app's sync causes
 * (the sync applies the charge, the webhook then finds it applied). The due time of the seller's
 * confirmation is read from the calendar tables like Shiji but computed as +24 h (Shiji's working-day
 * arithmetic is a few µs of JavaScript). The outbox events are marked dispatched by the worker (one
 * UPDATE) instead of by the dispatcher's claim-and-update loop. Statements are named prepared
 * statements by default (parsed and planned once per connection, as a hand-written client would do;
 * drizzle sends them unnamed: `prepared: false` measures that, which costs PostgreSQL about twice the
 * CPU per checkout on this box). Deadlocks and serialization failures are retried like Shiji's
 * wrapTransactions does. So this is an upper bound for the same work, not a strawman: every row Shiji
 * writes is written, every lock it takes is taken, in the same order.
 *
 * The server's notification sweep (payment.apply_pending_notifications) may apply a notification
 * between the webhook's INSERT and the worker's transaction, as it may in Shiji's own flow; the worker
 * then waits for the payment to succeed and counts the checkout (`appliedByServer`).
 *
 * Side effects: real orders, payments, ledger entries and audit entries of the seed's buyers on the
 * checkout SKUs (stock is topped up first; audit and ledger rows cannot be deleted, so nothing is
 * cleaned up). Its job rows and outbox events carry `bench.` names, so the server's job runner never
 * claims or dispatches them to listeners.
 */
import { createHash, randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { canonicalJson, createKeyring, maskName, maskPhone } from '../../src/platform/crypto/index.js';
import { newId } from '../../src/platform/db/ids.js';
import { hashEntry, type AuditRecord } from '../../src/platform/audit/service.js';
import type { BenchServer, CeilingResult, SeedInfo } from './types.js';
import { clearCart, topUpStock } from './checkout.js';
import { addAddress, addKind, httpClient, inBatches, sleep, ADDRESS } from './trade-util.js';
import { latencyOf } from './stats.js';

export type CeilingOptions = {
  concurrency: number;
  durationSec: number;
  /** Connections of the pool (default 10, like the server's DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** One untimed checkout per worker before the window (default true). */
  warmup?: boolean;
  /** Named prepared statements (default true; false: unnamed statements like drizzle sends). */
  prepared?: boolean;
};

const AUDIT_LOCK = 7283945002;
const PERIOD_LOCK = 7283945101;
const SEAL_BATCH = 1000;
const TERMS = { version: '2026-12', title: '市集平台服务协议与交易规则 (2026-12)' };
const RETRYABLE = new Set(['40P01', '40001']);

type Buyer = { accountId: string; addressId: string };

/**
 * A pooled connection whose queries run as named prepared statements (parsed and planned once per
 * connection) when `prepared` is on: what a hand-written SQL client would do; Shiji (drizzle on
 * node-postgres) sends every statement unnamed. The postings' INSERT is prepared per number of lines;
 * the sealing UPDATE (one VALUES row per entry) is sent unnamed.
 */
type Client = { query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> };
const statementNames = new Map<string, string>();
/** Checkouts whose notification the server's sweep applied before the worker locked it (counted as completed). */
let takenByServer = 0;
let prepared = true;

function wrap(c: pg.PoolClient): Client {
  return {
    query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
      // The sealing UPDATE has one VALUES row per entry sealed: up to 1,000 shapes, not worth a statement each.
      if (!prepared || text === 'begin' || text === 'commit' || text === 'rollback' || text.startsWith('update audit_log a set seq')) return c.query<R>(text, values);
      let name = statementNames.get(text);
      if (!name) statementNames.set(text, (name = `ceiling_${statementNames.size}`));
      return c.query<R>({ name, text, values });
    },
  };
}

/** Local stand-in for the server's keyring: the same AES-256-GCM work, with a key of our own. */
const keyring = createKeyring({ active: Buffer.alloc(32, 7), indexRoot: Buffer.alloc(32, 8) });

async function tx<T>(pool: pg.Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const c = await pool.connect();
    try {
      await c.query('begin');
      const out = await fn(wrap(c));
      await c.query('commit');
      return out;
    } catch (e) {
      await c.query('rollback').catch(() => {});
      if (attempt < 4 && RETRYABLE.has((e as { code?: string }).code ?? '')) continue;
      throw e;
    } finally {
      c.release();
    }
  }
}

async function withClient<T>(pool: pg.Pool, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try { return await fn(wrap(c)); } finally { c.release(); }
}

// ---------------------------------------------------------------- audit sealing (as sealAudit in src/platform/audit/service.ts)

type AuditDbRow = { id: string; occurred_at: Date; actor_id: string | null; actor_org_id: string | null; action: string; resource_type: string;
  resource_id: string | null; changes: Record<string, unknown> | null; ip: string | null; user_agent: string | null; request_id: string | null };

async function sealBatch(pool: pg.Pool): Promise<number> {
  return tx(pool, async (c) => {
    await c.query('select pg_advisory_xact_lock($1)', [AUDIT_LOCK]);
    const pending = (await c.query<AuditDbRow>(`select id, occurred_at, actor_id, actor_org_id, action, resource_type, resource_id, changes, ip,
      user_agent, request_id from audit_log where seq is null order by occurred_at, id limit $1`, [SEAL_BATCH])).rows;
    if (pending.length === 0) return 0;
    const [last] = (await c.query<{ seq: string; hash: string }>('select seq, hash from audit_log where seq is not null order by seq desc limit 1')).rows;
    let seq = last ? Number(last.seq) : 0;
    let prevHash = last?.hash ?? '0'.repeat(64);
    const params: unknown[] = [];
    const values: string[] = [];
    for (const r of pending) {
      seq += 1;
      const hash = hashEntry({ seq, id: r.id, occurredAt: r.occurred_at, actorId: r.actor_id, actorOrgId: r.actor_org_id, action: r.action,
        resourceType: r.resource_type, resourceId: r.resource_id, changes: r.changes, ip: r.ip, userAgent: r.user_agent, requestId: r.request_id,
        prevHash } as Omit<AuditRecord, 'hash'>);
      const n = params.length;
      values.push(`($${n + 1}, $${n + 2}::bigint, $${n + 3}, $${n + 4})`);
      params.push(r.id, seq, prevHash, hash);
      prevHash = hash;
    }
    await c.query(`update audit_log a set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash from (values ${values.join(', ')})
      as v(id, seq, prev_hash, hash) where a.id = v.id and a.seq is null`, params);
    return pending.length;
  });
}

function sealer(pool: pg.Pool): () => Promise<number> {
  const s: { running: Promise<number> | null; queued: Promise<number> | null } = { running: null, queued: null };
  const sealAll = async () => {
    let total = 0;
    for (;;) {
      const n = await sealBatch(pool);
      total += n;
      if (n < SEAL_BATCH) return total;
    }
  };
  const start = (): Promise<number> => {
    const run = sealAll().finally(() => { if (s.running === run) s.running = null; });
    s.running = run;
    return run;
  };
  return () => {
    if (!s.running) return start();
    s.queued ??= s.running.catch(() => 0).then(() => { s.queued = null; return start(); });
    return s.queued;
  };
}

// ---------------------------------------------------------------- the checkout's statements

const SELLABLE = `select p.id, p.seller_id, v.id as version_id, v.content, p.cover_image_id from catalog_product p
  join catalog_product_version v on v.id = p.live_version_id
  where p.live = true and not exists (select 1 from identity_organisation o where o.id = p.seller_id and o.status = 'suspended')
    and p.id in (select product_id from catalog_sku where id = any($1))`;
const PRICES = `select sku_id, product_id, seller_id, price_type, retail, member, list, government, currency, change_id, updated_at
  from catalog_price where sku_id = any($1)`;
const STOCK = `select s.sku_id, sum(s.on_hand)::int as on_hand, sum(s.reserved)::int as reserved,
  coalesce(sum(s.on_hand - s.reserved) filter (where w.active), 0)::int as available, sum(s.low_threshold)::int as low
  from inventory_stock s join inventory_warehouse w on w.id = s.warehouse_id where s.sku_id = any($1) group by s.sku_id`;
const ACTIVE_CART = `select id, account_id, guest_token_hash, status, merged_into, created_at, updated_at from cart_cart where account_id = $1 and status = 'active'`;
const LINES = `select id, cart_id, sku_id, product_id, seller_id, quantity, price_when_added, selected, created_at, updated_at from cart_line
  where cart_id = $1 order by created_at, id`;

type VersionContent = { title: string; categoryId: string; images: string[];
  skus: Array<{ id: string; specification: string; code: string; salesUnit: Record<string, unknown>; imageId?: string | null }> };
type Sku = { skuId: string; productId: string; sellerId: string; productVersionId: string; categoryId: string; title: string; specification: string;
  skuCode: string; salesUnit: Record<string, unknown>; imageId: string | null; priceType: string; retail: number };

async function sellable(c: Client, skuIds: string[]): Promise<Map<string, Sku>> {
  const rows = (await c.query<{ id: string; seller_id: string; version_id: string; content: VersionContent; cover_image_id: string | null }>(SELLABLE, [skuIds])).rows;
  const prices = new Map((await c.query<{ sku_id: string; price_type: string; retail: string }>(PRICES, [skuIds])).rows.map((p) => [p.sku_id, p]));
  const out = new Map<string, Sku>();
  for (const r of rows) for (const s of r.content.skus) {
    const p = prices.get(s.id);
    if (!skuIds.includes(s.id) || !p) continue;
    out.set(s.id, { skuId: s.id, productId: r.id, sellerId: r.seller_id, productVersionId: r.version_id, categoryId: r.content.categoryId, title: r.content.title,
      specification: s.specification, skuCode: s.code, salesUnit: s.salesUnit, imageId: s.imageId ?? r.content.images[0] ?? r.cover_image_id ?? null,
      priceType: p.price_type, retail: Number(p.retail) });
  }
  return out;
}

type AddressRow = { id: string; recipient_enc: string; phone_enc: string; detail_enc: string; region_code: string; province: string; city: string; district: string };
/** Encrypted address fields of each buyer, made with the local keyring (the server's key is not ours to read). */
const localAddress = new Map<string, { recipient: string; phone: string; detail: string }>();

/** The offer of the cart's selected lines (buildOffer): the reads, then the snapshot and its hash. */
async function buildOffer(c: Client, b: Buyer) {
  const [a] = (await c.query<AddressRow>(`select id, account_id, recipient_enc, phone_enc, detail_enc, region_code, province, city, district, label, is_default,
    deleted_at, created_at, updated_at from consumer_address where id = $1 and account_id = $2 and deleted_at is null`, [b.addressId, b.accountId])).rows;
  if (!a) throw new Error(`address ${b.addressId} is gone`);
  const enc = localAddress.get(b.addressId)!;
  const recipient = keyring.decrypt(enc.recipient, `${a.id}:recipient`);
  const phone = keyring.decrypt(enc.phone, `${a.id}:phone`);
  const detail = keyring.decrypt(enc.detail, `${a.id}:detail`);
  const region = [a.province, a.city, a.district].filter(Boolean).join('');
  const [cart] = (await c.query<{ id: string }>(ACTIVE_CART, [b.accountId])).rows;
  if (!cart) throw new Error('no cart');
  const lines = (await c.query<{ sku_id: string; quantity: number; selected: string }>(LINES, [cart.id])).rows.filter((l) => l.selected === 'yes');
  if (lines.length === 0) throw new Error('empty cart');
  const ids = lines.map((l) => l.sku_id);
  const stock = new Map((await c.query<{ sku_id: string; available: number }>(STOCK, [ids])).rows.map((r) => [r.sku_id, r.available]));
  const skus = await sellable(c, ids);
  const sellerIds = [...new Set([...skus.values()].map((s) => s.sellerId))].sort();
  const names = new Map((await c.query<{ id: string; name: string }>('select id, name, status, kind from identity_organisation where id = any($1)', [sellerIds]))
    .rows.map((o) => [o.id, o.name]));
  const groups = [];
  for (const sellerId of sellerIds) {
    const ls = lines.filter((l) => skus.get(l.sku_id)?.sellerId === sellerId).sort((x, y) => (x.sku_id < y.sku_id ? -1 : 1)).map((l) => {
      const s = skus.get(l.sku_id)!;
      return { skuId: s.skuId, productId: s.productId, productVersionId: s.productVersionId, categoryId: s.categoryId, title: s.title,
        specification: s.specification, skuCode: s.skuCode, salesUnit: s.salesUnit, imageId: s.imageId, priceType: s.priceType, unitPrice: s.retail,
        quantity: l.quantity, lineTotal: s.retail * l.quantity };
    });
    const goods = ls.reduce((x, l) => x + l.lineTotal, 0);
    const units = ls.reduce((x, l) => x + l.quantity, 0);
    const [rule] = (await c.query<{ base_fee: string; free_over: string | null; extra_item_fee: string; delivery_terms: string }>(`select seller_id, base_fee,
      free_over, extra_item_fee, delivery_terms, updated_by, updated_at from catalog_shipping_rule where seller_id = $1`, [sellerId])).rows;
    const fee = !rule || units <= 0 || (rule.free_over !== null && goods >= Number(rule.free_over)) ? 0 : Number(rule.base_fee) + Number(rule.extra_item_fee) * (units - 1);
    groups.push({ sellerId, sellerName: names.get(sellerId) ?? '', lines: ls, goodsAmount: goods, shippingFee: fee, total: goods + fee,
      deliveryMethod: 'express', deliveryTerms: rule?.delivery_terms ?? '' });
  }
  const goodsAmount = groups.reduce((x, g) => x + g.goodsAmount, 0);
  const fees = groups.reduce((x, g) => x + g.shippingFee, 0);
  const offer = { currency: 'CNY', groups, goodsAmount, shippingFee: fees, total: goodsAmount + fees,
    address: { id: a.id, region, recipientMasked: maskName(recipient), phoneMasked: maskPhone(phone) }, paymentProvider: 'sandbox', terms: TERMS, note: '' };
  const short = ids.filter((id) => (stock.get(id) ?? 0) < lines.find((l) => l.sku_id === id)!.quantity);
  return { offer, hash: createHash('sha256').update(canonicalJson(offer)).digest('hex'), cartId: cart.id, region,
    address: { recipient, phone, detail, region, regionCode: a.region_code }, short };
}

const audit = (c: Client, e: { actorId: string | null; action: string; resourceType: string; resourceId: string; changes: unknown; ip: string | null;
  userAgent: string | null; requestId: string | null }) => c.query(`insert into audit_log (id, seq, occurred_at, actor_id, actor_org_id, action,
  resource_type, resource_id, changes, ip, user_agent, request_id, prev_hash, hash) values ($1, null, $2, $3, null, $4, $5, $6, $7, $8, $9, $10, null, null)`,
[newId('aud'), new Date(), e.actorId, e.action, e.resourceType, e.resourceId, JSON.stringify(e.changes), e.ip, e.userAgent, e.requestId]);

/** A ledger entry as finance's postEntry writes it: accounts ensured and checked, duplicate check, shared period lock, entry and postings. */
async function postEntry(c: Client, e: { kind: string; sourceType: string; sourceId: string; memo: string; ensure?: { code: string; kind: string; name: string; orgId: string };
  lines: Array<{ account: string; amount: number; memo: string; sellerId: string | null; orderId: string | null }> }) {
  if (e.ensure) {
    await c.query('insert into finance_account (code, kind, name, org_id) values ($1, $2, $3, $4) on conflict do nothing', [e.ensure.code, e.ensure.kind, e.ensure.name, e.ensure.orgId]);
  }
  const dup = await c.query('select id from finance_entry where kind = $1 and source_type = $2 and source_id = $3', [e.kind, e.sourceType, e.sourceId]);
  if (dup.rowCount) throw new Error(`duplicate ledger entry ${e.kind} ${e.sourceId}`);
  const { rows: [lock] } = await c.query<{ now: Date }>('select pg_advisory_xact_lock_shared($1), clock_timestamp() as now', [PERIOD_LOCK]);
  const month = new Date(lock!.now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  await c.query('select month from finance_closed_period where month = $1', [month]);
  const codes = [...new Set(e.lines.map((l) => l.account))];
  const known = await c.query('select code from finance_account where code = any($1)', [codes]);
  if (known.rowCount !== codes.length) throw new Error(`unknown ledger accounts among ${codes.join(', ')}`);
  const entryId = newId('jnl');
  const at = new Date();
  await c.query(`insert into finance_entry (id, kind, source_type, source_id, memo, reversal_of, created_by, occurred_at) values ($1, $2, $3, $4, $5, null, null, $6)
    on conflict do nothing returning id`, [entryId, e.kind, e.sourceType, e.sourceId, e.memo, at]);
  const params: unknown[] = [];
  const values = e.lines.map((l) => {
    const n = params.length;
    params.push(newId('pst'), entryId, l.account, l.amount, l.memo, l.sellerId, l.orderId, at);
    return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, 'CNY', $${n + 5}, $${n + 6}, $${n + 7}, $${n + 8})`;
  });
  await c.query(`insert into finance_posting (id, entry_id, account_code, amount, currency, memo, seller_id, order_id, occurred_at) values ${values.join(', ')}`, params);
}

async function oneCheckout(pool: pg.Pool, seal: () => Promise<number>, b: Buyer, skuId: string): Promise<void> {
  const requestId = () => newId('req');
  // ---- add
  await tx(pool, async (c) => {
    const sku = (await sellable(c, [skuId])).get(skuId);
    if (!sku) throw new Error(`SKU ${skuId} is not on sale`);
    let [cart] = (await c.query<{ id: string }>(ACTIVE_CART, [b.accountId])).rows;
    if (!cart) {
      [cart] = (await c.query<{ id: string }>(`insert into cart_cart (id, account_id, guest_token_hash) values ($1, $2, null) on conflict do nothing returning id`,
        [newId('cart'), b.accountId])).rows;
      cart ??= (await c.query<{ id: string }>(ACTIVE_CART, [b.accountId])).rows[0]!;
    }
    await c.query('select id from cart_cart where id = $1 for update', [cart.id]);
    const lines = (await c.query<{ id: string; sku_id: string; quantity: number }>(`select id, cart_id, sku_id, product_id, seller_id, quantity, price_when_added,
      selected, created_at, updated_at from cart_line where cart_id = $1`, [cart.id])).rows;
    const existing = lines.find((l) => l.sku_id === skuId);
    if (existing) {
      await c.query(`update cart_line set quantity = $1, selected = 'yes', updated_at = $2 where id = $3`, [existing.quantity + 1, new Date(), existing.id]);
    } else {
      await c.query(`insert into cart_line (id, cart_id, sku_id, product_id, seller_id, quantity, price_when_added) values ($1, $2, $3, $4, $5, 1, $6)`,
        [newId('cln'), cart.id, skuId, sku.productId, sku.sellerId, sku.retail]);
    }
    await c.query('update cart_cart set updated_at = $1 where id = $2', [new Date(), cart.id]);
  });
  // ---- preview
  const seen = await withClient(pool, (c) => buildOffer(c, b));
  // ---- confirm
  const confirmReq = requestId();
  const placed = await tx(pool, async (c) => {
    const key = newId('req');
    const body = { addressId: b.addressId, paymentProvider: 'sandbox', offerHash: seen.hash, accept: true };
    const requestHash = createHash('sha256').update(canonicalJson(['POST /api/store/checkouts', body])).digest('hex');
    const claimed = await c.query(`insert into idempotency_key (scope, key, operation, request_hash, response_status, response_body) values ($1, $2, $3, $4, 0, '{}')
      on conflict do nothing returning key`, [`account:${b.accountId}`, key, 'POST /api/store/checkouts', requestHash]);
    if (!claimed.rowCount) throw new Error('idempotency key taken');
    const built = await buildOffer(c, b);
    if (built.hash !== seen.hash) throw new Error('offer changed');
    const { offer } = built;
    const now = new Date();
    const checkoutId = newId('chk');
    const dueAt = new Date(now.getTime() + 30 * 60_000);
    const reserveUntil = new Date(dueAt.getTime() + 10 * 60_000);
    for (const l of offer.groups.flatMap((g) => g.lines).sort((x, y) => (x.skuId < y.skuId ? -1 : 1))) {
      const [s] = (await c.query<{ warehouse_id: string; seller_id: string; on_hand: number; reserved: number }>(`update inventory_stock
        set reserved = reserved + $1, updated_at = $2
        where sku_id = $3 and on_hand - reserved >= $1 and warehouse_id = (select s.warehouse_id from inventory_stock s join inventory_warehouse w on w.id = s.warehouse_id
          where s.sku_id = $3 and w.active and s.on_hand - s.reserved >= $1
          order by ($4::text <> '' and left($4::text, length(w.region)) = w.region) desc, w.priority, w.id limit 1)
        returning sku_id, warehouse_id, product_id, seller_id, on_hand, reserved, low_threshold, max_threshold, location_id, updated_at`,
      [l.quantity, now, l.skuId, built.region])).rows;
      if (!s) throw new Error('out of stock');
      await c.query(`update inventory_alert set available = $1, status = 'resolved', resolved_at = $2 where sku_id = $3 and warehouse_id = $4 and kind = 'low' and status = 'open'`,
        [s.on_hand - s.reserved, now, l.skuId, s.warehouse_id]);
      await c.query(`insert into inventory_reservation (id, reference, seller_id, sku_id, warehouse_id, quantity, status, expires_at) values ($1, $2, $3, $4, $5, $6, 'held', $7)
        returning id`, [newId('rsv'), checkoutId, s.seller_id, l.skuId, s.warehouse_id, l.quantity, reserveUntil]);
    }
    await c.query(`insert into order_checkout (id, account_id, status, offer, offer_hash, total, payment_provider, confirmed_at, confirm_ip, confirm_user_agent, payment_due_at)
      values ($1, $2, 'awaiting_payment', $3, $4, $5, 'sandbox', $6, '127.0.0.1', null, $7)`, [checkoutId, b.accountId, JSON.stringify(offer), built.hash, offer.total, now, dueAt]);
    const addressEnc = keyring.encrypt(JSON.stringify(built.address), `order_checkout:${checkoutId}:address`);
    const orders: Array<{ id: string; number: string; sellerId: string; total: number; commission: number }> = [];
    for (const g of offer.groups) {
      const orderId = newId('ord');
      let commission = 0;
      const lineRows = [];
      for (const l of g.lines) {
        const rates = (await c.query<{ scope: string; rate_bp: number }>(`select scope, rate_bp from finance_commission_rate where (scope = 'seller' and scope_id = $1)
          or (scope = 'category' and scope_id = $2) or scope = 'default'`, [g.sellerId, l.categoryId])).rows;
        const bp = rates.find((r) => r.scope === 'seller')?.rate_bp ?? rates.find((r) => r.scope === 'category')?.rate_bp ?? rates.find((r) => r.scope === 'default')?.rate_bp ?? 500;
        const cm = Math.floor((l.lineTotal * bp + 5000) / 10000);
        commission += cm;
        lineRows.push({ l, bp, cm });
      }
      const number = `SJ${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')}${String(randomInt(0, 1e10)).padStart(10, '0')}`;
      await c.query(`insert into order_order (id, number, checkout_id, account_id, seller_id, status, goods_amount, shipping_fee, total, commission, address_enc, region,
        delivery_terms, note, placed_at) values ($1, $2, $3, $4, $5, 'placed', $6, $7, $8, $9, $10, $11, $12, '', $13)`,
      [orderId, number, checkoutId, b.accountId, g.sellerId, g.goodsAmount, g.shippingFee, g.total, commission, addressEnc, built.region, g.deliveryTerms, now]);
      for (const { l, bp, cm } of lineRows) {
        await c.query(`insert into order_line (id, order_id, seller_id, sku_id, product_id, product_version_id, category_id, title, specification, sku_code, sales_unit,
          image_id, price_type, unit_price, quantity, line_total, commission_bp, commission) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
        [newId('oln'), orderId, g.sellerId, l.skuId, l.productId, l.productVersionId, l.categoryId, l.title, l.specification, l.skuCode, JSON.stringify(l.salesUnit),
          l.imageId, l.priceType, l.unitPrice, l.quantity, l.lineTotal, bp, cm]);
      }
      await c.query(`insert into order_event (id, order_id, action, from_status, to_status, actor_id, actor_kind, detail) values ($1, $2, 'placed', null, 'placed', $3, 'consumer', $4)`,
        [newId('oev'), orderId, b.accountId, JSON.stringify({ checkoutId, offerHash: built.hash })]);
      orders.push({ id: orderId, number, sellerId: g.sellerId, total: g.total, commission });
    }
    // createPayment: offerable provider (valid contract), idempotency on the reference, risk rules, the payment, its first event, audit.
    const [prov] = (await c.query<{ id: string; org_id: string; name: string }>(`select id, code, name, org_id, status, qualification, credentials_enc,
      credentials_rotated_at, created_at, updated_at from payment_provider where code = 'sandbox'`)).rows;
    if (!prov) throw new Error('no sandbox provider');
    const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    await c.query('select id, provider_id, number, valid_from, valid_to, fee_bp from payment_contract where provider_id = any($1) and valid_from <= $2 and valid_to >= $3 order by valid_to',
      [[prov.id], today, today]);
    await c.query('select id, status from payment_payment where reference = $1', [checkoutId]);
    await c.query(`select id, applies_to, kind, threshold, active from payment_risk_rule where applies_to = 'payment' and active = 'yes' order by id`);
    const paymentId = newId('pay');
    await c.query(`insert into payment_payment (id, provider_id, reference, account_id, amount, currency, status, expires_at) values ($1, $2, $3, $4, $5, 'CNY', 'pending', $6)
      on conflict do nothing returning id`, [paymentId, prov.id, checkoutId, b.accountId, offer.total, dueAt]);
    const subject = `市集订单 ${offer.groups.map((g) => g.sellerName).join('、')}`.slice(0, 120);
    await c.query(`insert into payment_event (id, subject_type, subject_id, from_status, to_status, source, detail, actor_id) values ($1, 'payment', $2, null, 'pending', 'platform', $3, $4)`,
      [newId('pevt'), paymentId, JSON.stringify({ subject }), b.accountId]);
    await audit(c, { actorId: b.accountId, action: 'payment.created', resourceType: 'payment_payment', resourceId: paymentId, ip: '127.0.0.1', userAgent: null,
      requestId: confirmReq, changes: { reference: checkoutId, provider: 'sandbox', amount: offer.total, currency: 'CNY', status: 'pending', ruleId: null } });
    await c.query('update order_checkout set payment_id = $1 where id = $2', [paymentId, checkoutId]);
    await c.query('delete from cart_line where cart_id = $1 and sku_id = any($2)', [built.cartId, offer.groups.flatMap((g) => g.lines.map((l) => l.skuId))]);
    await c.query('update cart_cart set updated_at = now() where id = $1', [built.cartId]);
    const ev1 = newId('evt');
    await c.query(`insert into jobs_outbox (id, event, payload) values ($1, 'bench.checkout.confirmed', $2::jsonb) returning id`,
      [ev1, JSON.stringify({ checkoutId, orderIds: orders.map((o) => o.id), total: offer.total })]);
    await audit(c, { actorId: b.accountId, action: 'checkout.confirmed', resourceType: 'checkout', resourceId: checkoutId, ip: '127.0.0.1', userAgent: null,
      requestId: confirmReq, changes: { offerHash: built.hash, total: offer.total, orders: orders.map((o) => o.number), paymentId } });
    await c.query(`update idempotency_key set response_status = 201, response_body = $1::jsonb where scope = $2 and key = $3`,
      [JSON.stringify({ checkoutId }), `account:${b.accountId}`, key]);
    return { checkoutId, paymentId, provider: prov, amount: offer.total, ev1 };
  });
  await seal();
  await withClient(pool, async (c) => {
    await c.query('select id from payment_payment where reference = $1', [placed.checkoutId]);
    await c.query('select id from payment_refund where reference = $1', [placed.checkoutId]);
    await c.query('select id from payment_transfer where reference = $1', [placed.checkoutId]);
    await c.query(`select id, provider_id, event_id, type, subject_ref, payload, status from payment_notification where status = 'pending' and subject_ref = any($1)
      order by received_at`, [[placed.paymentId]]);
  });
  // ---- pay: the sandbox's page post books the charge and queues its notification; the job reads it back; the webhook records it.
  const { jobId, notificationId, txnId, completedAt } = await withClient(pool, async (c) => {
    const provByCode = () => c.query(`select id, code, name, org_id, status, qualification, credentials_enc, credentials_rotated_at, created_at, updated_at
      from payment_provider where code = 'sandbox'`);
    await provByCode();
    await c.query(`select id, kind, merchant_ref, amount, currency, status, payer, failure_reason, created_at, completed_at from payment_sandbox_txn
      where kind = 'charge' and merchant_ref = $1`, [placed.paymentId]);
    await c.query('select status, expires_at from payment_payment where id = $1', [placed.paymentId]);
    const id = newId('sbx');
    const done = new Date();
    const job = newId('job');
    await c.query('begin');
    try {
      await c.query(`insert into payment_sandbox_txn (id, kind, merchant_ref, amount, currency, status, payer, failure_reason, completed_at)
        values ($1, 'charge', $2, $3, 'CNY', 'succeeded', '138****0005', null, $4) on conflict do nothing returning id`, [id, placed.paymentId, placed.amount, done]);
      await c.query(`insert into jobs_job (id, name, payload, max_attempts, singleton_key) values ($1, 'bench.ceiling_notify', $2::jsonb, 30, $3) on conflict do nothing returning id`,
        [job, JSON.stringify({ txnId: id }), `sandbox-notify:${id}`]);
      await c.query('commit');
    } catch (e) {
      await c.query('rollback').catch(() => {});
      throw e;
    }
    await c.query(`update jobs_job set status = 'running', attempts = attempts + 1, locked_by = 'bench-ceiling', locked_until = now() + interval '5 minutes', updated_at = now()
      where id = $1 and status = 'queued'`, [job]);
    await c.query(`select id, kind, merchant_ref, amount, currency, status, payer, failure_reason, created_at, completed_at from payment_sandbox_txn where id = $1`, [id]);
    await provByCode();
    await provByCode();
    const ntf = newId('pntf');
    const txn = { kind: 'charge', merchantRef: placed.paymentId, providerRef: id, amount: placed.amount, currency: 'CNY', status: 'succeeded', payerMasked: '138****0005',
      completedAt: done.toISOString(), failureReason: null };
    await c.query(`insert into payment_notification (id, provider_id, event_id, type, subject_ref, payload) values ($1, $2, $3, 'charge.succeeded', $4, $5) on conflict do nothing returning id`,
      [ntf, placed.provider.id, `${id}.succeeded`, placed.paymentId, JSON.stringify({ eventId: `${id}.succeeded`, type: 'charge.succeeded', sentAt: new Date().toISOString(), txn })]);
    return { jobId: job, notificationId: ntf, txnId: id, completedAt: done };
  });
  // ---- paid
  const ev2 = await tx(pool, async (c) => {
    const n = await c.query(`select id, provider_id, event_id, type, subject_ref, payload, status, attempts from payment_notification where id = $1 and status = 'pending'
      for update skip locked`, [notificationId]);
    // The server's notification sweep (payment.apply_pending_notifications) may have taken it first, as it may in Shiji's own flow.
    if (!n.rowCount) return null;
    await c.query(`select id, code, name, org_id, status, qualification, credentials_enc, credentials_rotated_at, created_at, updated_at from payment_provider where id = $1`,
      [placed.provider.id]);
    const [p] = (await c.query<{ id: string; status: string; amount: string; reference: string }>(`select id, provider_id, reference, account_id, amount, refunded_amount, currency,
      status, provider_ref, payer_masked, failure_code, failure_reason, expires_at, succeeded_at, created_at, updated_at from payment_payment where id = $1 for update`,
    [placed.paymentId])).rows;
    if (!p || p.status !== 'pending') throw new Error(`payment ${placed.paymentId} is ${p?.status ?? 'missing'}`);
    const up = await c.query(`update payment_payment set status = 'succeeded', provider_ref = $1, payer_masked = '138****0005', failure_code = null, failure_reason = null,
      succeeded_at = $2, updated_at = $3 where id = $4 and status = any($5) returning id`, [txnId, completedAt, new Date(), p.id, ['pending', 'held', 'cancelled', 'failed']]);
    if (!up.rowCount) throw new Error('payment changed meanwhile');
    await c.query(`insert into payment_event (id, subject_type, subject_id, from_status, to_status, source, detail, actor_id) values ($1, 'payment', $2, 'pending', 'succeeded',
      'notification', $3, null)`, [newId('pevt'), p.id, JSON.stringify({ providerRef: txnId })]);
    const psp = `psp:${placed.provider.id}`;
    await c.query('insert into finance_account (code, kind, name, org_id) values ($1, $2, $3, $4) on conflict do nothing',
      [psp, 'asset', `${placed.provider.name} 备付金 Balance at sandbox`, placed.provider.org_id]);
    await c.query('select kind from finance_account where code = $1', [psp]);
    await postEntry(c, { kind: 'payment.succeeded', sourceType: 'payment', sourceId: p.id, memo: `payment ${p.reference}`, lines: [
      { account: psp, amount: placed.amount, memo: 'charge', sellerId: null, orderId: null },
      { account: 'clearing:consumer', amount: -placed.amount, memo: 'charge', sellerId: null, orderId: null }] });
    // The order module's listener: checkout paid, stock sold, orders paid with their confirmation due time, commission booked.
    await c.query(`select id, account_id, status, offer, offer_hash, total, currency, payment_id, payment_provider, confirmed_at, confirm_ip, confirm_user_agent,
      payment_due_at, paid_at, created_at, updated_at from order_checkout where id = $1 for update`, [placed.checkoutId]);
    await c.query(`update order_checkout set status = 'paid', paid_at = $1, updated_at = $2 where id = $3`, [completedAt, new Date(), placed.checkoutId]);
    const rsv = (await c.query<{ sku_id: string; warehouse_id: string; seller_id: string; quantity: number }>(`update inventory_reservation set status = 'consumed', updated_at = $1
      where status = 'held' and reference = $2 returning id, reference, seller_id, sku_id, warehouse_id, quantity, status`, [new Date(), placed.checkoutId])).rows;
    for (const r of rsv) {
      const [s] = (await c.query<{ on_hand: number }>(`update inventory_stock set on_hand = on_hand - $1, reserved = reserved - $1, updated_at = $2
        where sku_id = $3 and warehouse_id = $4 returning sku_id, warehouse_id, product_id, seller_id, on_hand, reserved, low_threshold, max_threshold, location_id, updated_at`,
      [r.quantity, new Date(), r.sku_id, r.warehouse_id])).rows;
      await c.query(`insert into inventory_movement (id, seller_id, sku_id, warehouse_id, kind, quantity, on_hand_after, reference, actor_id) values ($1, $2, $3, $4, 'sale', $5, $6, $7, null)`,
        [newId('mov'), r.seller_id, r.sku_id, r.warehouse_id, -r.quantity, s!.on_hand, placed.checkoutId]);
    }
    const orders = (await c.query<{ id: string; number: string; seller_id: string; total: string; commission: string }>(`select id, number, checkout_id, account_id,
      seller_id, status, version, goods_amount, shipping_fee, total, commission, refunded_amount, currency, address_enc, region, delivery_terms, note, calendar_id,
      placed_at, paid_at, confirm_due_at, confirmed_at, overdue_at, cancelled_at, cancel_reason, completed_at, created_at, updated_at
      from order_order where checkout_id = $1 and status = 'placed' order by id`, [placed.checkoutId])).rows;
    const lines = (await c.query<{ product_id: string; quantity: number }>(`select id, order_id, seller_id, sku_id, product_id, product_version_id, category_id, title,
      specification, sku_code, sales_unit, image_id, price_type, unit_price, quantity, line_total, commission_bp, commission, created_at
      from order_line where order_id = any($1)`, [orders.map((o) => o.id)])).rows;
    const sold = new Map<string, number>();
    for (const l of lines) sold.set(l.product_id, (sold.get(l.product_id) ?? 0) + l.quantity);
    for (const [id, q] of [...sold].sort(([x], [y]) => (x < y ? -1 : 1))) {
      await c.query('update catalog_product set sales_count = sales_count + $1 where id = $2', [q, id]);
    }
    const sellerIds = [...new Set(orders.map((o) => o.seller_id))];
    await c.query('select seller_id, calendar_id, updated_by, updated_at from order_seller_settings where seller_id = any($1)', [sellerIds]);
    const [cal] = (await c.query<{ id: string }>(`select id, name, time_zone, weekly_hours, standard_day_minutes, is_default, service_use, created_at, updated_at
      from calendar where is_default = true limit 1`)).rows;
    if (cal) await c.query('select date, kind, name from calendar_day where calendar_id = $1', [cal.id]);
    let lastEvent = '';
    for (const o of orders) {
      const due = new Date(completedAt.getTime() + 24 * 3600_000);
      const moved = await c.query(`update order_order set status = 'paid', calendar_id = $1, paid_at = $2, confirm_due_at = $3, updated_at = $4 where id = $5 and status = 'placed'
        returning id`, [cal?.id ?? null, completedAt, due, new Date(), o.id]);
      if (!moved.rowCount) throw new Error(`order ${o.id} changed meanwhile`);
      await c.query(`insert into order_event (id, order_id, action, from_status, to_status, actor_id, actor_kind, reason, detail) values ($1, $2, 'paid', 'placed', 'paid',
        null, 'provider', null, $3)`, [newId('oev'), o.id, JSON.stringify({ paymentId: p.id })]);
      await audit(c, { actorId: null, action: 'order.paid', resourceType: 'order', resourceId: o.id, ip: null, userAgent: `payment ${p.id}`, requestId: null,
        changes: { from: 'placed', to: 'paid', paymentId: p.id } });
      const payable = `payable:seller:${o.seller_id}`;
      const total = Number(o.total);
      const commission = Number(o.commission);
      await postEntry(c, { kind: 'order.paid', sourceType: 'order', sourceId: o.id, memo: o.number,
        ensure: { code: payable, kind: 'liability', name: `应付商家 Payable to seller ${o.seller_id}`, orgId: o.seller_id }, lines: [
          { account: 'clearing:consumer', amount: total, memo: 'order_total', sellerId: o.seller_id, orderId: o.id },
          { account: payable, amount: -(total - commission), memo: 'goods', sellerId: o.seller_id, orderId: o.id },
          { account: 'revenue:commission', amount: -commission, memo: 'commission', sellerId: o.seller_id, orderId: o.id }] });
      lastEvent = newId('evt');
      await c.query(`insert into jobs_outbox (id, event, payload) values ($1, 'bench.order.paid', $2::jsonb) returning id`,
        [lastEvent, JSON.stringify({ orderId: o.id, sellerId: o.seller_id, confirmDueAt: due.toISOString() })]);
    }
    await audit(c, { actorId: null, action: 'payment.succeeded', resourceType: 'payment_payment', resourceId: p.id, ip: null, userAgent: 'payment notification', requestId: null,
      changes: { from: 'pending', reference: p.reference, amount: placed.amount, providerRef: txnId, source: 'notification' } });
    await c.query(`update payment_notification set status = 'applied', attempts = attempts + 1, last_error = null, applied_at = $1 where id = $2`, [new Date(), notificationId]);
    return lastEvent;
  });
  if (ev2 === null) {
    // Applied by the server's sweep: wait for it (its events and audit entries are the server's), then finish like the job does.
    takenByServer += 1;
    for (let i = 0; i < 500; i++) {
      const [p] = (await pool.query<{ status: string }>('select status from payment_payment where id = $1', [placed.paymentId])).rows;
      if (p?.status === 'succeeded') break;
      if (i === 499) throw new Error(`payment ${placed.paymentId} was taken by the server's sweep and not applied within 10 s`);
      await sleep(20);
    }
  } else {
    await seal();
  }
  await withClient(pool, async (c) => {
    await c.query(`update jobs_job set status = 'done', locked_by = null, locked_until = null, updated_at = now(), finished_at = now()
      where id = $1 and status = 'running' and locked_by = 'bench-ceiling' and attempts = 1 returning id`, [jobId]);
    await c.query('update jobs_outbox set dispatched_at = now() where id = any($1)', [ev2 ? [placed.ev1, ev2] : [placed.ev1]]);
  });
}

function kindOf(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ? `sql ${err.code}: ${(err.message ?? '').slice(0, 80)}` : (err.message ?? String(e)).slice(0, 100);
}

export async function runCeiling(server: BenchServer, seed: SeedInfo, opts: CeilingOptions): Promise<CeilingResult> {
  if (!server.databaseUrl) throw new Error('the raw-SQL ceiling needs PostgreSQL (server.databaseUrl is null): skip it on the embedded database');
  const { concurrency, durationSec } = opts;
  if (seed.buyers.length < concurrency) throw new Error(`the ceiling needs ${concurrency} buyers, the seed has ${seed.buyers.length}`);
  await topUpStock(server.databaseUrl, seed.checkoutSkus.map((s) => s.skuId), 1_000_000);

  // Untimed: an address per buyer (through the API, as the checkout driver does) and empty carts.
  const http = httpClient(server.baseUrl, 16);
  const buyers: Buyer[] = await inBatches(seed.buyers.slice(0, concurrency), 16, async (b) => {
    await clearCart(http, b.token);
    const addressId = await addAddress(http, b.token);
    localAddress.set(addressId, { recipient: keyring.encrypt(ADDRESS.recipient, `${addressId}:recipient`), phone: keyring.encrypt(ADDRESS.phone, `${addressId}:phone`),
      detail: keyring.encrypt(ADDRESS.detail, `${addressId}:detail`) });
    return { accountId: b.accountId, addressId };
  });
  http.close();

  prepared = opts.prepared ?? true;
  takenByServer = 0;
  const pool = new pg.Pool({ connectionString: server.databaseUrl, max: opts.poolSize ?? 10 });
  pool.on('error', () => { /* an idle client died; the pool replaces it */ });
  const seal = sealer(pool);
  const pick = () => seed.checkoutSkus[Math.floor(Math.random() * seed.checkoutSkus.length)]!.skuId;
  const errorKinds: Record<string, number> = {};
  const attempt = async (b: Buyer): Promise<number | null> => {
    const t0 = performance.now();
    try {
      await oneCheckout(pool, seal, b, pick());
      return performance.now() - t0;
    } catch (e) {
      addKind(errorKinds, kindOf(e));
      // A checkout that failed half-way may leave its line in the cart: empty it for the next one.
      await pool.query('delete from cart_line where cart_id in (select id from cart_cart where account_id = $1)', [b.accountId]).catch(() => {});
      await sleep(20);
      return null;
    }
  };
  try {
    if (opts.warmup ?? true) {
      await Promise.all(buyers.map((b) => attempt(b)));
      for (const k of Object.keys(errorKinds)) delete errorKinds[k];
      takenByServer = 0;
    }
    const times: number[] = [];
    const start = performance.now();
    const end = start + durationSec * 1000;
    let inWindow = 0;
    await Promise.all(buyers.map(async (b) => {
      while (performance.now() < end) {
        const ms = await attempt(b);
        if (ms === null) continue;
        times.push(ms);
        if (performance.now() <= end) inWindow += 1;
      }
    }));
    return { concurrency, durationSec, transactions: inWindow, perSec: Math.round((inWindow / durationSec) * 10) / 10, latency: latencyOf(times),
      poolSize: opts.poolSize ?? 10, prepared, appliedByServer: takenByServer, errors: Object.values(errorKinds).reduce((a, b) => a + b, 0), errorKinds };
  } finally {
    // A checkout that failed between booking and finishing leaves its notification job behind: nobody else claims `bench.` jobs.
    await pool.query(`update jobs_job set status = 'cancelled', locked_by = null, locked_until = null, finished_at = now(), updated_at = now()
      where name = 'bench.ceiling_notify' and status in ('queued', 'running')`).catch(() => {});
    await pool.end();
  }
}
