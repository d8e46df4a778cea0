/**
 * The checkout driver: `concurrency` distinct buyers, each running whole checkouts one after another
 * over real HTTP for `durationSec`, with the calls the web app makes:
 *
 *   add      POST /api/store/cart/lines {skuId, quantity: 1}         (a random SKU of seed.checkoutSkus)
 *   preview  POST /api/store/checkout/preview {addressId, paymentProvider: 'sandbox'}
 *   confirm  POST /api/store/checkouts (Idempotency-Key) {addressId, paymentProvider, offerHash, accept: true}
 *   pay      GET the checkout's payUrl (the sandbox page), POST its form (303 back to the shop)
 *   paid     the result page: POST /api/store/checkouts/:id/sync once (what CheckoutResultPage does on
 *            arrival), then GET /api/store/checkouts/:id every `pollMs` until paid (30 s cap:
 *            'paid_timeout'). With `sync: false` only the polling: the order is paid when the
 *            sandbox's notification job reaches the webhook.
 *
 * Untimed setup: stock topped up (SQL on PostgreSQL: an adjustment movement and on_hand += the same),
 * one address per buyer, empty carts, and one warm-up checkout per buyer. The window is bounded: no
 * checkout starts after durationSec; those in flight may finish (30 s at most). `orders` counts
 * checkouts paid within the window; latencies cover every checkout that completed.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { newId } from '../../src/platform/db/ids.js';
import type { BenchServer, CheckoutResult, SeedInfo } from './types.js';
import { addAddress, addKind, addLine, confirm, errorKind, expectStatus, httpClient, inBatches, json, payOnSandbox, preview, sleep, StepError,
  waitPaid, type HttpClient } from './trade-util.js';
import { latencyOf } from './stats.js';

export type CheckoutOptions = {
  concurrency: number;
  durationSec: number;
  /** Ask the provider on return like the web app (default true); false: wait for the webhook notification only. */
  sync?: boolean;
  /** Polling interval of the paid wait (default 25 ms). */
  pollMs?: number;
  /** One untimed checkout per buyer before the window (default true). */
  warmup?: boolean;
  /** Units each checkout SKU must have available before the run (default 1,000,000; PostgreSQL only). */
  stockFloor?: number;
};

const STEPS = ['add', 'preview', 'confirm', 'pay', 'paid'] as const;
const DRAIN_MS = 30_000;

/** Empties a buyer's cart (untimed: leftovers of another scenario or of a failed checkout). */
export async function clearCart(c: HttpClient, token: string): Promise<void> {
  const cart = json<{ groups: Array<{ lines: Array<{ skuId: string }> }> }>(expectStatus('cart', await c.request('GET', '/api/store/cart', { token }), 200));
  for (const g of cart.groups) for (const l of g.lines) {
    expectStatus('cart', await c.request('DELETE', `/api/store/cart/lines/${l.skuId}`, { token }), 200);
  }
}

/**
 * Makes sure every SKU has at least `floor` units available in one warehouse: an adjustment movement
 * (so on_hand stays the sum of movements) and on_hand raised by the same amount, in one transaction.
 */
export async function topUpStock(databaseUrl: string, skuIds: string[], floor: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ sku_id: string; warehouse_id: string; seller_id: string; on_hand: number; reserved: number }>(
      'select sku_id, warehouse_id, seller_id, on_hand, reserved from inventory_stock where sku_id = any($1) order by sku_id, warehouse_id for update', [skuIds]);
    const best = new Map<string, (typeof rows)[number]>();
    for (const r of rows) {
      const b = best.get(r.sku_id);
      if (!b || r.on_hand - r.reserved > b.on_hand - b.reserved) best.set(r.sku_id, r);
    }
    const need = [...best.values()].filter((r) => floor - (r.on_hand - r.reserved) > 0);
    if (need.length) {
      // Two set-based statements, however many SKUs (the bench seeds thousands).
      const add = need.map((r) => floor - (r.on_hand - r.reserved));
      await client.query(`insert into inventory_movement (id, seller_id, sku_id, warehouse_id, kind, quantity, on_hand_after, reason, actor_id)
        select id, seller_id, sku_id, warehouse_id, 'adjustment', quantity, on_hand_after, '压测补货 benchmark top-up', null
        from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) as m(id, seller_id, sku_id, warehouse_id, quantity, on_hand_after)`,
      [need.map(() => newId('mov')), need.map((r) => r.seller_id), need.map((r) => r.sku_id), need.map((r) => r.warehouse_id), add,
        need.map((r, i) => r.on_hand + add[i]!)]);
      await client.query(`update inventory_stock s set on_hand = s.on_hand + u.add, updated_at = now()
        from unnest($1::text[], $2::text[], $3::int[]) as u(sku_id, warehouse_id, add) where s.sku_id = u.sku_id and s.warehouse_id = u.warehouse_id`,
      [need.map((r) => r.sku_id), need.map((r) => r.warehouse_id), add]);
    }
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}

type Outcome = { ok: true; total: number; steps: Record<string, number>; doneAt: number } | { ok: false; kind: string };

export async function runCheckout(server: BenchServer, seed: SeedInfo, opts: CheckoutOptions): Promise<CheckoutResult> {
  const { concurrency, durationSec } = opts;
  const sync = opts.sync ?? true;
  const pollMs = opts.pollMs ?? 25;
  if (seed.buyers.length < concurrency) throw new Error(`the checkout driver needs ${concurrency} buyers, the seed has ${seed.buyers.length}`);
  if (seed.checkoutSkus.length === 0) throw new Error('the seed has no checkout SKUs');
  if (server.databaseUrl) await topUpStock(server.databaseUrl, seed.checkoutSkus.map((s) => s.skuId), opts.stockFloor ?? 1_000_000);

  const c = httpClient(server.baseUrl, concurrency + 4);
  const buyers = await inBatches(seed.buyers.slice(0, concurrency), 16, async (b) => {
    await clearCart(c, b.token);
    return { ...b, addressId: await addAddress(c, b.token) };
  });

  const oneCheckout = async (b: (typeof buyers)[number]): Promise<Outcome> => {
    const sku = seed.checkoutSkus[Math.floor(Math.random() * seed.checkoutSkus.length)]!;
    const steps: Record<string, number> = {};
    const t0 = performance.now();
    let t = t0;
    const lap = (name: string) => {
      const now = performance.now();
      steps[name] = now - t;
      t = now;
    };
    try {
      await addLine(c, b.token, sku.skuId);
      lap('add');
      const hash = await preview(c, b.token, b.addressId);
      lap('preview');
      const ck = await confirm(c, b.token, b.addressId, hash);
      lap('confirm');
      if (!ck.payment?.payUrl) throw new StepError('confirm', 'no payUrl', `checkout ${ck.id} payment ${ck.payment?.status ?? 'none'}`);
      await payOnSandbox(c, ck.payment.payUrl);
      lap('pay');
      await waitPaid(c, b.token, ck.id, { sync, pollMs, capMs: DRAIN_MS });
      lap('paid');
      return { ok: true, total: t - t0, steps, doneAt: t };
    } catch (e) {
      // Leave the cart empty for the next checkout (a failed confirm keeps the line), and do not spin on errors.
      await clearCart(c, b.token).catch(() => {});
      await sleep(50);
      return { ok: false, kind: errorKind(e) };
    }
  };

  if (opts.warmup ?? true) await Promise.all(buyers.map((b) => oneCheckout(b)));

  const outcomes: Outcome[] = [];
  const start = performance.now();
  const end = start + durationSec * 1000;
  let inFlight = 0;
  const workers = buyers.map(async (b) => {
    while (performance.now() < end) {
      inFlight += 1;
      outcomes.push(await oneCheckout(b));
      inFlight -= 1;
    }
  });
  const drained = await Promise.race([Promise.all(workers).then(() => true), sleep(durationSec * 1000 + DRAIN_MS).then(() => false)]);
  c.close();

  const done = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
  const errorKinds: Record<string, number> = {};
  for (const o of outcomes) if (!o.ok) addKind(errorKinds, o.kind);
  if (!drained) addKind(errorKinds, 'unfinished after the window', inFlight);
  const orders = done.filter((o) => o.doneAt <= end).length;
  const steps: Record<string, ReturnType<typeof latencyOf>> = {};
  for (const s of STEPS) steps[s] = latencyOf(done.map((o) => o.steps[s]!));
  return {
    concurrency, durationSec, orders, ordersPerSec: Math.round((orders / durationSec) * 10) / 10,
    latency: latencyOf(done.map((o) => o.total)), steps,
    errors: outcomes.length - done.length + (drained ? 0 : inFlight), errorKinds,
    completedAfterWindow: done.length - orders, paidVia: sync ? 'sync+poll' : 'poll',
  };
}
