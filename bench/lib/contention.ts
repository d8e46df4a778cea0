/**
 * The contention run: `buyers` distinct buyers, `units` units of one SKU (seed.contentionSku).
 *
 * Untimed setup: the SKU's available stock is set to exactly `units` through the seller's stock API
 * (adjustment movements, as setAvailable in test/helpers/trade.ts); every buyer gets an empty cart, an
 * address and 1 unit of the SKU in the cart. Then all buyers confirm at once (each: preview, then
 * confirm with an Idempotency-Key; Promise.all). 201s are orders, 409 inventory.out_of_stock the clear
 * refusals, anything else an error by kind. Every created checkout is then paid on the sandbox page
 * and waited for until paid. Stock after comes from the seller API; units sold are the order lines
 * of that SKU in orders placed since the burst began and not cancelled (SQL on PostgreSQL, else the
 * 201 answers); oversell = max(0, sold − units). On PostgreSQL it also checks that no stock row of
 * the SKU has available < 0 and that held reservations add up to `reserved`.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { BenchServer, ContentionResult, SeedInfo } from './types.js';
import { clearCart } from './checkout.js';
import { addAddress, addKind, addLine, confirm, errorKind, httpClient, inBatches, payOnSandbox, preview, setAvailable, stockTotals, StepError,
  waitPaid, type CheckoutAnswer } from './trade-util.js';
import { latencyOf } from './stats.js';

export type ContentionOptions = { buyers: number; units: number; sync?: boolean };

export async function runContention(server: BenchServer, seed: SeedInfo, opts: ContentionOptions): Promise<ContentionResult> {
  const { units } = opts;
  if (seed.buyers.length < opts.buyers) throw new Error(`the contention run needs ${opts.buyers} buyers, the seed has ${seed.buyers.length}`);
  const skuId = seed.contentionSku.skuId;
  const c = httpClient(server.baseUrl, Math.max(16, opts.buyers + 4));
  try {
    await setAvailable(c, seed.contentionSellerToken, skuId, units, '并发抢购压测盘点 stock count for the contention benchmark');
    const before = await stockTotals(c, seed.contentionSellerToken, skuId);
    if (before.available !== units) throw new Error(`could not set ${skuId} to ${units} available (it has ${before.available})`);
    const buyers = await inBatches(seed.buyers.slice(0, opts.buyers), 16, async (b) => {
      await clearCart(c, b.token);
      const addressId = await addAddress(c, b.token);
      await addLine(c, b.token, skuId, 1);
      return { ...b, addressId };
    });

    const pool = server.databaseUrl ? new pg.Pool({ connectionString: server.databaseUrl, max: 2 }) : null;
    try {
      const startedAt = pool ? (await pool.query<{ now: Date }>('select now() as now')).rows[0]!.now : new Date();

      // ---- everybody at once
      const errorKinds: Record<string, number> = {};
      const confirmMs: number[] = [];
      const t0 = performance.now();
      const answers = await Promise.all(buyers.map(async (b): Promise<CheckoutAnswer | null> => {
        const t = performance.now();
        try {
          const hash = await preview(c, b.token, b.addressId);
          const ck = await confirm(c, b.token, b.addressId, hash);
          confirmMs.push(performance.now() - t);
          return ck;
        } catch (e) {
          confirmMs.push(performance.now() - t);
          addKind(errorKinds, e instanceof StepError ? e.kind : errorKind(e));
          return null;
        }
      }));
      const burstMs = performance.now() - t0;
      const created = answers.filter((a): a is CheckoutAnswer => a !== null);
      const outOfStock = errorKinds['409 inventory.out_of_stock'] ?? 0;

      // ---- pay what was ordered, wait until paid
      const paidOk = await Promise.all(created.map(async (ck) => {
        const b = buyers[answers.indexOf(ck)]!;
        try {
          if (!ck.payment?.payUrl) throw new StepError('pay', 'no payUrl');
          await payOnSandbox(c, ck.payment.payUrl);
          await waitPaid(c, b.token, ck.id, { sync: opts.sync ?? true, pollMs: 25, capMs: 30_000 });
          return true;
        } catch (e) {
          addKind(errorKinds, `after ordering: ${errorKind(e)}`);
          return false;
        }
      }));

      const after = await stockTotals(c, seed.contentionSellerToken, skuId);
      let sold = created.reduce((s, ck) => s + ck.orders.length, 0);
      let negativeAvailable: boolean | null = null;
      let reservationsMatch: boolean | null = null;
      if (pool) {
        const [r] = (await pool.query<{ sold: number; negative: number; reserved: number; held: number }>(`select
          (select coalesce(sum(l.quantity), 0)::int from order_line l join order_order o on o.id = l.order_id
            where l.sku_id = $1 and o.status <> 'cancelled' and o.placed_at >= $2) as sold,
          (select count(*)::int from inventory_stock where sku_id = $1 and on_hand < reserved) as negative,
          (select coalesce(sum(reserved), 0)::int from inventory_stock where sku_id = $1) as reserved,
          (select coalesce(sum(quantity), 0)::int from inventory_reservation where sku_id = $1 and status = 'held') as held`, [skuId, startedAt])).rows;
        sold = r!.sold;
        negativeAvailable = r!.negative > 0;
        reservationsMatch = r!.reserved === r!.held;
      }

      // Leave the losers' carts empty for whatever runs next (untimed).
      await inBatches(buyers, 16, (b) => clearCart(c, b.token).catch(() => {}));

      const otherErrors = Object.entries(errorKinds).filter(([k]) => k !== '409 inventory.out_of_stock').reduce((s, [, n]) => s + n, 0);
      return {
        buyers: opts.buyers, units, orders: created.length, outOfStock, otherErrors, errorKinds,
        stockAfter: after, oversell: Math.max(0, sold - units),
        sold, paid: paidOk.filter(Boolean).length, burstMs: Math.round(burstMs), confirmLatency: latencyOf(confirmMs),
        negativeAvailable, reservationsMatch,
      };
    } finally {
      await pool?.end();
    }
  } finally {
    c.close();
  }
}
