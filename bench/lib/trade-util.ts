/**
 * Shared pieces of the trade scenarios (checkout driver, contention run, ceiling): a small keep-alive
 * HTTP client on node:http (cheaper per request than fetch on a 2-core box where the load generator
 * shares the CPU with the server and PostgreSQL), the consumer's API calls of one checkout as the web
 * app makes them, seller stock calls, and latency summaries.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

export type HttpClient = {
  request(method: string, path: string, opts?: { token?: string; json?: unknown; form?: string; headers?: Record<string, string> }): Promise<Answer>;
  close(): void;
};

/** A keep-alive client for one base URL with at most `sockets` connections (size it to the concurrency). */
export function httpClient(baseUrl: string, sockets: number): HttpClient {
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  return {
    request(method, path, opts = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      let payload: string | undefined;
      if (opts.json !== undefined) {
        payload = JSON.stringify(opts.json);
        headers['content-type'] = 'application/json';
      } else if (opts.form !== undefined) {
        payload = opts.form;
        headers['content-type'] = 'application/x-www-form-urlencoded';
      }
      if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      return new Promise<Answer>((resolve, reject) => {
        const req = http.request({ host: base.hostname, port: base.port, path, method, headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
        req.on('error', reject);
        req.end(payload);
      });
    },
    close() { agent.destroy(); },
  };
}

/** A failed step: its name, HTTP status and problem code (the error kind the reports count). */
export class StepError extends Error {
  constructor(readonly step: string, readonly kind: string, detail = '') {
    super(`${step}: ${kind}${detail ? ` ${detail}` : ''}`);
  }
}

/** `409 inventory.out_of_stock`, `500 internal`, `502 (not JSON)`… */
export function kindOf(a: Answer): string {
  let code = '';
  try { code = String((JSON.parse(a.body) as { code?: string }).code ?? ''); } catch { code = '(not JSON)'; }
  return `${a.status}${code ? ` ${code}` : ''}`;
}

export function expectStatus(step: string, a: Answer, ...ok: number[]): Answer {
  if (!ok.includes(a.status)) throw new StepError(step, kindOf(a), a.body.slice(0, 300));
  return a;
}

export const json = <T>(a: Answer): T => JSON.parse(a.body) as T;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function addKind(kinds: Record<string, number>, kind: string, n = 1): void {
  kinds[kind] = (kinds[kind] ?? 0) + n;
}

/** Turns any thrown value into an error kind: a StepError's `<step>: <status> <code>`, else the network error. */
export function errorKind(e: unknown): string {
  if (e instanceof StepError) return `${e.step}: ${e.kind}`;
  const err = e as { code?: string; message?: string };
  return `network: ${err.code ?? err.message ?? String(e)}`;
}

// ---------------------------------------------------------------- the consumer's calls (as web/src/features/trade-store does)

export const ADDRESS = { recipient: '张三', phone: '13800000005', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号 3 幢 501 室' };

export async function addAddress(c: HttpClient, token: string): Promise<string> {
  return json<{ id: string }>(expectStatus('address', await c.request('POST', '/api/store/addresses', { token, json: ADDRESS }), 201)).id;
}

export async function addLine(c: HttpClient, token: string, skuId: string, quantity = 1): Promise<void> {
  expectStatus('add', await c.request('POST', '/api/store/cart/lines', { token, json: { skuId, quantity } }), 200);
}

export async function preview(c: HttpClient, token: string, addressId: string): Promise<string> {
  const a = expectStatus('preview', await c.request('POST', '/api/store/checkout/preview', { token, json: { addressId, paymentProvider: 'sandbox' } }), 200);
  return json<{ offerHash: string }>(a).offerHash;
}

export type CheckoutAnswer = { id: string; status: string; payment: { id: string; status: string; payUrl: string | null } | null; orders: Array<{ id: string }> };

/** Confirms the previewed offer (201 with the checkout; anything else throws a StepError 'confirm'). */
export async function confirm(c: HttpClient, token: string, addressId: string, offerHash: string): Promise<CheckoutAnswer> {
  const a = await c.request('POST', '/api/store/checkouts', { token, headers: { 'idempotency-key': randomUUID() },
    json: { addressId, paymentProvider: 'sandbox', offerHash, accept: true } });
  return json<CheckoutAnswer>(expectStatus('confirm', a, 201));
}

/** The hidden fields of the sandbox page's form (what a browser posts back), plus the payer and the button. */
export function formOf(html: string, payer = '13800000005', action: 'pay' | 'fail' = 'pay'): string {
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, unescapeHtml(m[2]!));
  form.set('payer', payer);
  form.set('action', action);
  return form.toString();
}

function unescapeHtml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
}

/** The sandbox pay page as a browser uses it: GET the signed link, POST its form, expect the 303 back to the merchant. */
export async function payOnSandbox(c: HttpClient, payUrl: string): Promise<void> {
  const page = expectStatus('pay', await c.request('GET', payUrl, { headers: { accept: 'text/html' } }), 200);
  const form = formOf(page.body);
  if (!form.includes('sig=')) throw new StepError('pay', 'no form on the pay page', page.body.slice(0, 200));
  expectStatus('pay', await c.request('POST', '/sandbox-pay/pay', { form, headers: { accept: 'text/html' } }), 303);
}

/**
 * Back from the provider as the web app's result page: asks the provider once (POST …/sync, which
 * applies a completed charge if the notification has not arrived yet; skipped with `sync: false`),
 * then polls the checkout every `pollMs` until it is paid. 'paid_timeout' after `capMs`.
 */
export async function waitPaid(c: HttpClient, token: string, checkoutId: string, opts: { sync: boolean; pollMs: number; capMs: number }): Promise<void> {
  const until = Date.now() + opts.capMs;
  if (opts.sync) {
    const a = expectStatus('paid', await c.request('POST', `/api/store/checkouts/${checkoutId}/sync`, { token }), 200);
    if (json<CheckoutAnswer>(a).status === 'paid') return;
  }
  for (;;) {
    const a = expectStatus('paid', await c.request('GET', `/api/store/checkouts/${checkoutId}`, { token }), 200);
    const ck = json<CheckoutAnswer>(a);
    if (ck.status === 'paid') return;
    if (ck.status !== 'awaiting_payment') throw new StepError('paid', `checkout ${ck.status}`);
    if (Date.now() >= until) throw new StepError('paid', 'paid_timeout');
    await sleep(opts.pollMs);
  }
}

// ---------------------------------------------------------------- seller stock (as setAvailable in test/helpers/trade.ts)

export type StockRow = { warehouseId: string; onHand: number; reserved: number; available?: number };

export async function stockRows(c: HttpClient, sellerToken: string, skuId: string): Promise<StockRow[]> {
  const a = expectStatus('stock', await c.request('GET', `/api/seller/stock?skuId=${encodeURIComponent(skuId)}&limit=100`, { token: sellerToken }), 200);
  return json<{ items: StockRow[] }>(a).items;
}

export async function stockTotals(c: HttpClient, sellerToken: string, skuId: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const rs = await stockRows(c, sellerToken, skuId);
  const onHand = rs.reduce((s, r) => s + r.onHand, 0);
  const reserved = rs.reduce((s, r) => s + r.reserved, 0);
  return { onHand, reserved, available: onHand - reserved };
}

/** Makes exactly `units` of a SKU available: adjustments put `units` in its first warehouse and none in the others. */
export async function setAvailable(c: HttpClient, sellerToken: string, skuId: string, units: number, reason = '压测盘点 stock count for a benchmark'): Promise<void> {
  const rs = await stockRows(c, sellerToken, skuId);
  if (rs.length === 0) throw new Error(`SKU ${skuId} has no stock rows in any warehouse of its seller`);
  for (const [i, r] of rs.entries()) {
    const delta = (i === 0 ? units + r.reserved : r.reserved) - r.onHand;
    if (delta === 0) continue;
    expectStatus('stock', await c.request('POST', '/api/seller/stock/movements', { token: sellerToken,
      json: { skuId, warehouseId: r.warehouseId, kind: 'adjustment', quantity: delta, reason } }), 201);
  }
}

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
