import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, onRealPostgres } from '../../../test/helpers/db.js';
import { rows, type Database, type Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import { systemContext } from '@/platform/http/auth.js';
import { DomainError } from '@/platform/http/problem.js';
import { InsufficientStock, OutOfStock, availabilityForSkus, consumeReservation, createWarehouse, recordMovement, registerSku,
  releaseExpiredReservations, releaseReservation, reservationsFor, reserveStock, seedDemoStock, setStockSettings, transferStock,
  updateWarehouse } from './index.js';

let database: Database;
beforeAll(async () => { database = await createTestDb(); });
afterAll(async () => { await database.close(); });

const ctx = systemContext('inventory test');
const tx = <T>(fn: (tx: Tx) => Promise<T>) => database.db.transaction(fn);

/** A seller with `skus` registered SKUs and `warehouses` active warehouses (priority = index). */
async function shop(skus: number, warehouses: number) {
  const sellerId = newId('org');
  const skuIds = Array.from({ length: skus }, () => newId('sku'));
  const productId = newId('prd');
  const whIds: string[] = [];
  await tx(async (t) => {
    for (const skuId of skuIds) await registerSku(t, { skuId, productId, sellerId });
    for (let i = 0; i < warehouses; i += 1) {
      whIds.push((await createWarehouse(t, ctx, sellerId, { code: `W${i}`, name: `仓${i}`, address: '地址', region: '浙江省杭州市', priority: i })).id);
    }
  });
  return { sellerId, productId, skuIds, whIds };
}

const receive = (sellerId: string, skuId: string, warehouseId: string, quantity: number) =>
  tx((t) => recordMovement(t, ctx, sellerId, { skuId, warehouseId, kind: 'receipt', quantity, documentNo: 'RK' }));

type Level = { sku_id: string; warehouse_id: string; on_hand: number; reserved: number; moved: number; held: number; low_threshold: number | null;
  open_low: number };

/** Every stock row of a seller with the sums its invariants compare against. */
async function levels(sellerId: string): Promise<Level[]> {
  return rows<Level>(database.db, sql`
    select s.sku_id, s.warehouse_id, s.on_hand, s.reserved, s.low_threshold,
      (select coalesce(sum(m.quantity), 0)::int from inventory_movement m where m.sku_id = s.sku_id and m.warehouse_id = s.warehouse_id) as moved,
      (select coalesce(sum(r.quantity), 0)::int from inventory_reservation r where r.sku_id = s.sku_id and r.warehouse_id = s.warehouse_id
        and r.status = 'held') as held,
      (select count(*)::int from inventory_alert a where a.sku_id = s.sku_id and a.warehouse_id = s.warehouse_id and a.kind = 'low'
        and a.status = 'open') as open_low
    from inventory_stock s where s.seller_id = ${sellerId} order by 1, 2`);
}

describe('stock invariants under random operation sequences (property)', () => {
  type Op =
    | { op: 'move'; sku: number; wh: number; kind: 'receipt' | 'return' | 'damage' | 'adjustment'; quantity: number }
    | { op: 'transfer'; sku: number; from: number; to: number; quantity: number }
    | { op: 'reserve'; lines: Array<{ sku: number; quantity: number }> }
    | { op: 'release' | 'consume'; ref: number }
    | { op: 'threshold'; sku: number; wh: number; low: number | null }
    | { op: 'active'; wh: number; active: boolean };
  const SKUS = 2;
  const WHS = 2;
  const sku = fc.integer({ min: 0, max: SKUS - 1 });
  const wh = fc.integer({ min: 0, max: WHS - 1 });
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('move' as const), sku, wh, kind: fc.constantFrom('receipt' as const, 'return' as const, 'damage' as const),
      quantity: fc.integer({ min: 1, max: 15 }) }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('move' as const), sku, wh, kind: fc.constant('adjustment' as const),
      quantity: fc.integer({ min: -15, max: 15 }).filter((q) => q !== 0) }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('transfer' as const), sku, from: wh, to: wh, quantity: fc.integer({ min: 1, max: 15 }) })
      .filter((x) => x.from !== x.to), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('reserve' as const), lines: fc.array(fc.record({ sku, quantity: fc.integer({ min: 1, max: 8 }) }),
      { minLength: 1, maxLength: 3 }) }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constantFrom('release' as const, 'consume' as const), ref: fc.nat(20) }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('threshold' as const), sku, wh, low: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }) }), weight: 1 },
    { arbitrary: fc.record({ op: fc.constant('active' as const), wh, active: fc.boolean() }), weight: 1 },
  );

  it('keeps on_hand = Σ movements, reserved = Σ held reservations, available >= 0, and refuses exactly what the model refuses', async () => {
    const initial = fc.array(fc.integer({ min: 0, max: 25 }), { minLength: SKUS * WHS, maxLength: SKUS * WHS });
    await fc.assert(fc.asyncProperty(initial, fc.array(opArb, { minLength: 5, maxLength: 30, size: 'max' }), async (start, ops) => {
      const s = await shop(SKUS, WHS);
      // The model: what each (sku, warehouse) holds, which warehouses are active, what each reference holds.
      const onHand = new Map<string, number>();
      const reserved = new Map<string, number>();
      const active = s.whIds.map(() => true);
      const refs: string[] = [];
      const key = (k: number, w: number) => `${k}/${w}`;
      const avail = (k: number, w: number) => (onHand.get(key(k, w)) ?? 0) - (reserved.get(key(k, w)) ?? 0);
      const add = (m: Map<string, number>, k: string, d: number) => m.set(k, (m.get(k) ?? 0) + d);
      const heldBy = new Map<string, Array<{ k: number; w: number; q: number }>>();
      for (let k = 0; k < SKUS; k += 1) {
        for (let w = 0; w < WHS; w += 1) {
          const q = start[k * WHS + w]!;
          if (q > 0) { await receive(s.sellerId, s.skuIds[k]!, s.whIds[w]!, q); add(onHand, key(k, w), q); }
        }
      }

      for (const o of ops) {
        let refused: unknown = null;
        const expectRefusal = (run: () => Promise<unknown>) => run().then(() => { refused = null; }, (e: unknown) => {
          if (!(e instanceof InsufficientStock || e instanceof OutOfStock)) throw e;
          refused = e;
        });
        if (o.op === 'move') {
          const delta = o.kind === 'damage' ? -o.quantity : o.quantity;
          await expectRefusal(() => tx((t) => recordMovement(t, ctx, s.sellerId, { skuId: s.skuIds[o.sku]!, warehouseId: s.whIds[o.wh]!, kind: o.kind,
            quantity: o.quantity, reason: '测试', documentNo: 'D-1' })));
          const shouldRefuse = delta < 0 && avail(o.sku, o.wh) < -delta;
          expect(refused !== null, JSON.stringify(o)).toBe(shouldRefuse);
          if (!shouldRefuse) add(onHand, key(o.sku, o.wh), delta);
        } else if (o.op === 'transfer') {
          await expectRefusal(() => tx((t) => transferStock(t, ctx, s.sellerId, { skuId: s.skuIds[o.sku]!, fromWarehouseId: s.whIds[o.from]!,
            toWarehouseId: s.whIds[o.to]!, quantity: o.quantity, documentNo: 'DB-1' })));
          const shouldRefuse = avail(o.sku, o.from) < o.quantity;
          expect(refused !== null, JSON.stringify(o)).toBe(shouldRefuse);
          if (!shouldRefuse) { add(onHand, key(o.sku, o.from), -o.quantity); add(onHand, key(o.sku, o.to), o.quantity); }
        } else if (o.op === 'reserve') {
          const ref = `ref_${refs.length}`;
          let got: Awaited<ReturnType<typeof reserveStock>> = [];
          await expectRefusal(async () => { got = await tx((t) => reserveStock(t, { reference: ref,
            lines: o.lines.map((l) => ({ skuId: s.skuIds[l.sku]!, quantity: l.quantity })) })); });
          // Lines of one SKU are merged; each SKU is served whole by the first active warehouse (priority order) that can.
          const want = new Map<number, number>();
          for (const l of o.lines) want.set(l.sku, (want.get(l.sku) ?? 0) + l.quantity);
          const plan = [...want].map(([k, q]) => ({ k, q, w: active.findIndex((a, w) => a && avail(k, w) >= q) }));
          const shouldRefuse = plan.some((p) => p.w < 0);
          expect(refused !== null, JSON.stringify(o)).toBe(shouldRefuse);
          if (!shouldRefuse) {
            expect(got.map((r) => [r.skuId, r.warehouseId, r.quantity]).sort())
              .toEqual(plan.map((p) => [s.skuIds[p.k], s.whIds[p.w], p.q]).sort());
            for (const p of plan) add(reserved, key(p.k, p.w), p.q);
            heldBy.set(ref, plan.map((p) => ({ k: p.k, w: p.w, q: p.q })));
            refs.push(ref);
          }
        } else if (o.op === 'release' || o.op === 'consume') {
          // Mostly one of the last few references (so held ones are hit), sometimes an old or unknown one.
          const ref = refs.length ? refs[Math.max(0, refs.length - 1 - (o.ref % 4)) - (o.ref > 16 ? refs.length : 0)] ?? 'ref_none' : 'ref_none';
          if (o.op === 'release') await tx((t) => releaseReservation(t, ref));
          else await tx((t) => consumeReservation(t, ref, ctx));
          for (const h of heldBy.get(ref) ?? []) {
            add(reserved, key(h.k, h.w), -h.q);
            if (o.op === 'consume') add(onHand, key(h.k, h.w), -h.q);
          }
          heldBy.delete(ref);
        } else if (o.op === 'threshold') {
          await tx((t) => setStockSettings(t, ctx, s.sellerId, { skuId: s.skuIds[o.sku]!, warehouseId: s.whIds[o.wh]!, lowThreshold: o.low }));
        } else if (o.op === 'active') {
          await tx((t) => updateWarehouse(t, ctx, s.sellerId, s.whIds[o.wh]!, { active: o.active }));
          active[o.wh] = o.active;
        }

        for (const l of await levels(s.sellerId)) {
          const k = s.skuIds.indexOf(l.sku_id);
          const w = s.whIds.indexOf(l.warehouse_id);
          const at = `${JSON.stringify(o)} ${k}/${w}`;
          expect(l.on_hand, at).toBe(l.moved);
          expect(l.reserved, at).toBe(l.held);
          expect(l.on_hand - l.reserved, at).toBeGreaterThanOrEqual(0);
          expect(l.reserved, at).toBeGreaterThanOrEqual(0);
          expect(l.on_hand, at).toBe(onHand.get(key(k, w)) ?? 0);
          expect(l.reserved, at).toBe(reserved.get(key(k, w)) ?? 0);
          expect(l.open_low, at).toBe(l.low_threshold !== null && l.on_hand - l.reserved <= l.low_threshold ? 1 : 0);
        }
      }
    }), { numRuns: onRealPostgres ? 15 : 30 });
  }, 240_000);
});

describe('reservations', () => {
  it('sums availability over warehouses, counting only active ones as available', async () => {
    const s = await shop(2, 2);
    await receive(s.sellerId, s.skuIds[0]!, s.whIds[0]!, 5);
    await receive(s.sellerId, s.skuIds[0]!, s.whIds[1]!, 7);
    await tx((t) => reserveStock(t, { reference: 'a', lines: [{ skuId: s.skuIds[0]!, quantity: 2 }] }));
    await tx((t) => updateWarehouse(t, ctx, s.sellerId, s.whIds[1]!, { active: false }));
    const m = await availabilityForSkus(database.db, [s.skuIds[0]!, s.skuIds[1]!, 'sku_unknown']);
    expect(m.get(s.skuIds[0]!)).toEqual({ onHand: 12, reserved: 2, available: 3, lowThreshold: null });
    expect(m.get(s.skuIds[1]!)).toEqual({ onHand: 0, reserved: 0, available: 0, lowThreshold: null });
    expect(m.get('sku_unknown')!.available).toBe(0);
  });

  it('prefers a warehouse serving the delivery region, then priority', async () => {
    const s = await shop(1, 1);
    const far = s.whIds[0]!;
    const near = await tx((t) => createWarehouse(t, ctx, s.sellerId, { code: 'SZ', name: '深圳仓', address: '深圳', region: '广东省深圳市', priority: 99 }));
    await receive(s.sellerId, s.skuIds[0]!, far, 5);
    await receive(s.sellerId, s.skuIds[0]!, near.id, 5);
    const [a] = await tx((t) => reserveStock(t, { reference: 'r1', lines: [{ skuId: s.skuIds[0]!, quantity: 1 }], deliveryRegion: '广东省深圳市南山区' }));
    expect(a!.warehouseId).toBe(near.id);
    const [b] = await tx((t) => reserveStock(t, { reference: 'r2', lines: [{ skuId: s.skuIds[0]!, quantity: 1 }] }));
    expect(b!.warehouseId).toBe(far);
  });

  it('rejects malformed lines without touching stock', async () => {
    const s = await shop(1, 1);
    await receive(s.sellerId, s.skuIds[0]!, s.whIds[0]!, 5);
    for (const lines of [[], [{ skuId: s.skuIds[0]!, quantity: 0 }], [{ skuId: s.skuIds[0]!, quantity: 1.5 }]]) {
      await expect(tx((t) => reserveStock(t, { reference: 'bad', lines }))).rejects.toMatchObject({ code: 'inventory.invalid_reservation' });
    }
    expect((await levels(s.sellerId))[0]!.reserved).toBe(0);
  });

  it('releases reservations whose expiry passed, and only those', async () => {
    const s = await shop(1, 1);
    await receive(s.sellerId, s.skuIds[0]!, s.whIds[0]!, 10);
    const now = new Date('2030-01-01T00:00:00Z');
    await tx((t) => reserveStock(t, { reference: 'old', lines: [{ skuId: s.skuIds[0]!, quantity: 3 }], expiresAt: new Date(now.getTime() - 1000) }));
    await tx((t) => reserveStock(t, { reference: 'fresh', lines: [{ skuId: s.skuIds[0]!, quantity: 2 }], expiresAt: new Date(now.getTime() + 60_000) }));
    await tx((t) => reserveStock(t, { reference: 'forever', lines: [{ skuId: s.skuIds[0]!, quantity: 1 }] }));
    expect(await releaseExpiredReservations(database.db, now)).toBeGreaterThanOrEqual(1);
    expect((await reservationsFor(database.db, 'old'))[0]!.status).toBe('released');
    expect((await reservationsFor(database.db, 'fresh'))[0]!.status).toBe('held');
    expect((await levels(s.sellerId))[0]!.reserved).toBe(3);
    expect(await releaseExpiredReservations(database.db, now)).toBe(0);
  });
});

describe('demo stock', () => {
  it('stocks every demo SKU in one warehouse per seller, consistent with movements and alerts', async () => {
    const sellers = [newId('org'), newId('org')];
    const skus = Array.from({ length: 30 }, (_, i) => ({ skuId: newId('sku'), productId: newId('prd'), sellerId: sellers[i % 2]! }));
    await tx(async (t) => { for (const s of skus) await registerSku(t, s); });
    const res = await tx((t) => seedDemoStock(t, ctx, skus));
    expect(res).toEqual({ warehouses: 2, skus: 30 });
    for (const sellerId of sellers) {
      const ls = await levels(sellerId);
      expect(ls).toHaveLength(15);
      expect(ls.some((l) => l.on_hand === 0)).toBe(true);
      for (const l of ls) {
        expect(l.on_hand).toBe(l.moved);
        expect(l.open_low).toBe(l.on_hand <= 5 ? 1 : 0);
      }
    }
  });
});

describe.runIf(onRealPostgres)('concurrency on real PostgreSQL', () => {
  const settle = async <T>(n: number, fn: (i: number) => Promise<T>) => Promise.allSettled(Array.from({ length: n }, (_, i) => fn(i)));
  const unexpected = (rs: PromiseSettledResult<unknown>[], allowed: (e: unknown) => boolean) =>
    rs.flatMap((r) => (r.status === 'rejected' && !allowed(r.reason) ? [String(r.reason?.stack ?? r.reason)] : []));

  it('200 concurrent checkouts of 1 unit against 100 units: exactly 100 succeed, never oversold', async () => {
    const s = await shop(1, 2);
    // 60 + 40 in two warehouses: once the first runs dry, checkouts that chose it must move on to the second.
    await receive(s.sellerId, s.skuIds[0]!, s.whIds[0]!, 60);
    await receive(s.sellerId, s.skuIds[0]!, s.whIds[1]!, 40);
    await tx((t) => setStockSettings(t, ctx, s.sellerId, { skuId: s.skuIds[0]!, warehouseId: s.whIds[0]!, lowThreshold: 10 }));
    const rs = await settle(200, (i) => tx((t) => reserveStock(t, { reference: `cart_${i}`, lines: [{ skuId: s.skuIds[0]!, quantity: 1 }] })));
    expect(unexpected(rs, (e) => e instanceof OutOfStock)).toEqual([]);
    expect(rs.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
    expect(rs.filter((r) => r.status === 'rejected')).toHaveLength(100);
    const ls = await levels(s.sellerId);
    expect(ls.map((l) => [l.on_hand, l.reserved])).toEqual(expect.arrayContaining([[60, 60], [40, 40]]));
    expect(ls.reduce((n, l) => n + l.reserved, 0)).toBe(100);
    for (const l of ls) expect(l.reserved).toBe(l.held);
    const [events] = await rows<{ n: number }>(database.db, sql`select count(*)::int as n from jobs_outbox where event = 'inventory.low_stock'
      and payload->>'skuId' = ${s.skuIds[0]!}`);
    expect(events!.n).toBe(1);
  }, 60_000);

  it('checkouts reserving the same two SKUs in opposite order never deadlock', async () => {
    const s = await shop(2, 1);
    const [a, b] = s.skuIds as [string, string];
    for (const k of [a, b]) {
      await receive(s.sellerId, k, s.whIds[0]!, 100_000);
      // Thresholds make every reservation also evaluate alerts, as in a real checkout.
      await tx((t) => setStockSettings(t, ctx, s.sellerId, { skuId: k, warehouseId: s.whIds[0]!, lowThreshold: 5 }));
    }
    for (let round = 0; round < 10; round += 1) {
      const rs = await settle(40, (i) => tx(async (t) => {
        const lines = i % 2 ? [{ skuId: a, quantity: 1 }, { skuId: b, quantity: 2 }] : [{ skuId: b, quantity: 2 }, { skuId: a, quantity: 1 }];
        await reserveStock(t, { reference: `r${round}_${i}`, lines });
        // Hold the locks a moment, as a checkout writing its order would.
        await t.execute(sql`select pg_sleep(0.002)`);
      }));
      expect(unexpected(rs, (e) => e instanceof OutOfStock)).toEqual([]);
      const done = await settle(40, (i) => tx((t) => (i % 3 ? releaseReservation(t, `r${round}_${i}`) : consumeReservation(t, `r${round}_${i}`, ctx))));
      expect(unexpected(done, () => false)).toEqual([]);
    }
    for (const l of await levels(s.sellerId)) {
      expect(l.reserved).toBe(0);
      expect(l.on_hand).toBe(l.moved);
    }
  }, 120_000);

  it('50 concurrent removals of 1 unit against 30: exactly 30 succeed', async () => {
    const s = await shop(1, 1);
    await receive(s.sellerId, s.skuIds[0]!, s.whIds[0]!, 30);
    const rs = await settle(50, () => tx((t) => recordMovement(t, ctx, s.sellerId, { skuId: s.skuIds[0]!, warehouseId: s.whIds[0]!, kind: 'damage',
      quantity: 1, reason: '破损' })));
    expect(unexpected(rs, (e) => e instanceof InsufficientStock)).toEqual([]);
    expect(rs.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    const [l] = await levels(s.sellerId);
    expect(l).toMatchObject({ on_hand: 0, moved: 0 });
  }, 60_000);

  it('opposite transfers between two warehouses run in parallel without deadlock or loss', async () => {
    const s = await shop(1, 2);
    const [w0, w1] = s.whIds as [string, string];
    await receive(s.sellerId, s.skuIds[0]!, w0, 500);
    await receive(s.sellerId, s.skuIds[0]!, w1, 500);
    const rs = await settle(60, (i) => tx((t) => transferStock(t, ctx, s.sellerId, { skuId: s.skuIds[0]!, fromWarehouseId: i % 2 ? w0 : w1,
      toWarehouseId: i % 2 ? w1 : w0, quantity: 3, documentNo: `DB-${i}` })));
    expect(unexpected(rs, (e) => e instanceof DomainError && e.code === 'inventory.insufficient_stock')).toEqual([]);
    const ls = await levels(s.sellerId);
    expect(ls.reduce((n, l) => n + l.on_hand, 0)).toBe(1000);
    for (const l of ls) expect(l.on_hand).toBe(l.moved);
  }, 60_000);
});
