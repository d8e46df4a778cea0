import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { randomToken, type Keyring } from '../../src/platform/crypto/index.js';
import { rows, type Db } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/db/ids.js';
import { sandboxTxnByRef, txnOut } from '../../src/modules/payment/sandbox/adapter.js';
import { deliver, payForm, postPayPage } from '../api/payment-helpers.js';
import type { TestApp } from './app.js';

/** Trade-loop fixtures: demo SKUs of both sellers, an address, checkout and payment through the sandbox as a browser would. */
export type DemoSku = { skuId: string; productId: string; sellerId: string; sellerName: string; title: string; price: number; available: number };

/** In-stock, priced SKUs of the demo shop, `perSeller` from each demo seller (needs createTestApp(…, { catalog: true })). */
export async function demoSkus(t: TestApp, perSeller = 1): Promise<DemoSku[]> {
  const list = (await t.call('GET', '/api/store/products?limit=100&inStock=true')).json().items as Array<{ id: string }>;
  const out: DemoSku[] = [];
  const bySeller = new Map<string, number>();
  for (const p of list) {
    const d = (await t.call('GET', `/api/store/products/${p.id}`)).json();
    const s = d.skus.find((x: { price: unknown; available: number }) => x.price && x.available >= 20);
    if (!s || (bySeller.get(d.seller.id) ?? 0) >= perSeller) continue;
    bySeller.set(d.seller.id, (bySeller.get(d.seller.id) ?? 0) + 1);
    out.push({ skuId: s.id, productId: d.id, sellerId: d.seller.id, sellerName: d.seller.name, title: d.title, price: s.price.retail.amount, available: s.available });
    if (bySeller.size >= 2 && [...bySeller.values()].every((n) => n >= perSeller)) break;
  }
  return out;
}

export async function addAddress(t: TestApp, token: string, over: Record<string, unknown> = {}): Promise<string> {
  const res = await t.call('POST', '/api/store/addresses', { token, body: { recipient: '张三', phone: '13800000005', province: '浙江省', city: '杭州市',
    district: '西湖区', detail: '文三路 90 号 3 幢 501 室', ...over } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function addLine(t: TestApp, token: string | undefined, skuId: string, quantity = 1, headers: Record<string, string> = {}) {
  const res = await t.call('POST', '/api/store/cart/lines', { ...(token ? { token } : {}), body: { skuId, quantity }, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export async function preview(t: TestApp, token: string, addressId: string, note?: string) {
  const res = await t.call('POST', '/api/store/checkout/preview', { token, body: { addressId, paymentProvider: 'sandbox', ...(note ? { note } : {}) } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { offer: { total: { amount: number }; groups: unknown[] }; offerHash: string; problems: unknown[] };
}

/** Previews and confirms the cart's selected lines; returns the raw answer (201 with the checkout, or a problem). */
export async function confirm(t: TestApp, token: string, addressId: string, opts: { key?: string; offerHash?: string; note?: string } = {}) {
  const hash = opts.offerHash ?? (await preview(t, token, addressId, opts.note)).offerHash;
  return t.call('POST', '/api/store/checkouts', { token, headers: { 'idempotency-key': opts.key ?? randomUUID() },
    body: { addressId, paymentProvider: 'sandbox', offerHash: hash, accept: true, ...(opts.note ? { note: opts.note } : {}) } });
}

/**
 * Pays a checkout as the consumer does on the sandbox page, then delivers the provider's signed
 * notification to the webhook (what the sandbox's notify job does over HTTP). Needs the sandbox
 * credentials set to the test ones (paymentFixture from test/api/payment-helpers.ts).
 */
export async function pay(t: TestApp, checkout: { payment: { id: string; payUrl: string | null } }, action: 'pay' | 'fail' = 'pay') {
  expect(checkout.payment.payUrl).toBeTruthy();
  const page = await postPayPage(t, payForm(checkout.payment.payUrl!, action));
  expect(page.statusCode, page.body).toBe(303);
  const row = await sandboxTxnByRef(t.platform.db, 'charge', checkout.payment.id);
  const res = await deliver(t, txnOut(row!));
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

// ---------------------------------------------------------------- many buyers, stock and ledger checks (concurrency and crash tests)

export type Buyer = { email: string; token: string; accountId: string; addressId: string };
export type CartLine = { skuId: string; quantity: number };

/** Runs `fn` for every item, at most `width` at a time; answers in input order. */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

export const BUYER_PASSWORD = 'Buyer-Pass-2026!';

/**
 * Registers a consumer through /api/auth/register, signs in, adds an address and puts `lines` in the
 * cart, in that order (lines are added one after another, so the cart keeps that order).
 */
export async function prepareBuyer(t: TestApp, email: string, lines: CartLine[] = []): Promise<Buyer> {
  const reg = await t.call('POST', '/api/auth/register', { body: { email, password: BUYER_PASSWORD, displayName: '并发买家' } });
  expect(reg.statusCode, reg.body).toBe(201);
  const token = await t.login(email, BUYER_PASSWORD);
  const addressId = await addAddress(t, token);
  for (const l of lines) await addLine(t, token, l.skuId, l.quantity);
  return { email, token, accountId: reg.json().id as string, addressId };
}

/**
 * Consumer accounts copied from a registered one (same password hash, own email, own display name),
 * each with a signed-in session, written in two statements. Registering and signing in through the API
 * costs two argon2 hashes (~0.2 s of CPU) per account, which would make a test with hundreds of buyers
 * spend a minute on fixtures; what the accounts then do goes through HTTP like anyone's. The sessions
 * are valid for two hours.
 */
export async function copyConsumers(db: Db, k: Keyring, templateAccountId: string, emails: string[]): Promise<Array<{ accountId: string; email: string; token: string }>> {
  if (emails.length === 0) return [];
  const [tpl] = await rows<{ password_hash: string }>(db, sql`select password_hash from identity_account where id = ${templateAccountId} and kind = 'consumer'`);
  if (!tpl) throw new Error(`${templateAccountId} is not a consumer account`);
  const now = Date.now();
  const copies = emails.map((email) => {
    const id = newId('acc');
    return { id, email, token: randomToken(), emailEnc: k.encrypt(email, `${id}:email`), emailIdx: k.blindIndex(email.trim().toLowerCase(), 'account.email'),
      nameEnc: k.encrypt('并发买家', `${id}:displayName`) };
  });
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into identity_account (id, kind, entity_type, email_enc, email_idx, display_name_enc, password_hash) values
      ${sql.join(copies.map((c) => sql`(${c.id}, 'consumer', 'individual', ${c.emailEnc}, ${c.emailIdx}, ${c.nameEnc}, ${tpl.password_hash})`), sql`, `)}`);
    await tx.execute(sql`insert into identity_session (id, token_hash, account_id, idle_expires_at, absolute_expires_at, ip, user_agent) values
      ${sql.join(copies.map((c) => sql`(${newId('ses')}, ${k.hashToken(c.token)}, ${c.id}, ${new Date(now + 7_200_000).toISOString()}::timestamptz,
        ${new Date(now + 7_200_000).toISOString()}::timestamptz, '127.0.0.1', 'trade test fixture')`), sql`, `)}`);
  });
  return copies.map((c) => ({ accountId: c.id, email: c.email, token: c.token }));
}

/**
 * `n` buyers, each with an address and `lines(i)` in the cart (added through the API, `width` buyers at
 * a time). Buyer 0 registers and signs in through the API; the others are its copies (copyConsumers).
 */
export async function prepareBuyers(t: TestApp, n: number, tag: string, lines: (i: number) => CartLine[] = () => [], width = 20): Promise<Buyer[]> {
  const first = await prepareBuyer(t, `buyer-${tag}-0@shiji.test`, lines(0));
  const copies = await copyConsumers(t.platform.db, t.platform.keyring, first.accountId, Array.from({ length: n - 1 }, (_, j) => `buyer-${tag}-${j + 1}@shiji.test`));
  const rest = await inBatches(copies, width, async (c, j) => {
    const addressId = await addAddress(t, c.token);
    for (const l of lines(j + 1)) await addLine(t, c.token, l.skuId, l.quantity);
    return { ...c, addressId };
  });
  return [first, ...rest];
}

/** Bearer tokens of the two demo sellers' owners by seller organisation id. */
export async function sellerTokens(t: TestApp): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  for (const login of ['seller1@shiji.test', 'seller2@shiji.test']) {
    const token = await t.login(login);
    m.set((await t.call('GET', '/api/auth/me', { token })).json().org.id as string, token);
  }
  return m;
}

/**
 * Makes exactly `units` of a SKU available through the seller's inventory API: adjustments put
 * `units` in its first warehouse and none in the others (needs nothing reserved above the target).
 */
export async function setAvailable(t: TestApp, sellerToken: string, skuId: string, units: number): Promise<void> {
  const res = await t.call('GET', `/api/seller/stock?skuId=${skuId}&limit=100`, { token: sellerToken });
  expect(res.statusCode, res.body).toBe(200);
  const stockRows = res.json().items as Array<{ warehouseId: string; onHand: number; reserved: number }>;
  expect(stockRows.length).toBeGreaterThan(0);
  for (const [i, r] of stockRows.entries()) {
    const delta = (i === 0 ? units + r.reserved : r.reserved) - r.onHand;
    if (delta === 0) continue;
    const mv = await t.call('POST', '/api/seller/stock/movements', { token: sellerToken,
      body: { skuId, warehouseId: r.warehouseId, kind: 'adjustment', quantity: delta, reason: '并发测试盘点 stock count for a concurrency test' } });
    expect(mv.statusCode, mv.body).toBe(201);
  }
}

/** A SKU's stock over all warehouses and what its held reservations add up to (must equal `reserved`). */
export async function stockOf(t: TestApp, skuId: string): Promise<{ onHand: number; reserved: number; held: number }> {
  const [r] = await rows<{ on_hand: number; reserved: number; held: number }>(t.platform.db, sql`select
    (select coalesce(sum(on_hand), 0)::int from inventory_stock where sku_id = ${skuId}) as on_hand,
    (select coalesce(sum(reserved), 0)::int from inventory_stock where sku_id = ${skuId}) as reserved,
    (select coalesce(sum(quantity), 0)::int from inventory_reservation where sku_id = ${skuId} and status = 'held') as held`);
  return { onHand: Number(r!.on_hand), reserved: Number(r!.reserved), held: Number(r!.held) };
}

/** The operator's view of the ledger: trial balance and integrity check through the admin API. */
export async function ledgerHealth(t: TestApp, adminToken: string): Promise<{ net: number; balanced: boolean; integrityOk: boolean; problems: string[] }> {
  const tb = await t.call('GET', '/api/admin/finance/trial-balance', { token: adminToken });
  expect(tb.statusCode, tb.body).toBe(200);
  const integrity = await t.call('GET', '/api/admin/finance/integrity', { token: adminToken });
  expect(integrity.statusCode, integrity.body).toBe(200);
  return { net: tb.json().total.net.amount, balanced: tb.json().balanced, integrityOk: integrity.json().ok, problems: integrity.json().problems };
}

/** How many answers had each status (and problem code): `{ '201': 100, '409 inventory.out_of_stock': 100 }`. */
export function tally(answers: Array<{ statusCode: number; body: string }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    let code = '';
    if (a.statusCode >= 400) {
      try { code = ` ${(JSON.parse(a.body) as { code?: string }).code ?? ''}`; } catch { code = ' (not JSON)'; }
    }
    const k = `${a.statusCode}${code}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
