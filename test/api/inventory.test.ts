import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { newId } from '../../src/platform/db/ids.js';
import { systemContext } from '../../src/platform/http/auth.js';
import { consumeReservation, registerSku, registerSkus, relabelSkus, releaseReservation, reserveStock } from '../../src/modules/inventory/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: string;
let seller1: string;
let seller2: string;
let org1: string;
let org2: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin@shiji.test');
  seller1 = await t.login('seller1@shiji.test');
  seller2 = await t.login('seller2@shiji.test');
  org1 = (await t.call('GET', '/api/auth/me', { token: seller1 })).json().org.id;
  org2 = (await t.call('GET', '/api/auth/me', { token: seller2 })).json().org.id;
});
afterAll(async () => { await t.close(); });

const count = async (query: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(t.platform.db, query))[0]!.n);
const movementsOf = (skuId: string) => count(sql`select count(*)::int as n from inventory_movement where sku_id = ${skuId}`);
const auditCount = (action: string) => count(sql`select count(*)::int as n from audit_log where action = ${action}`);

let skuNo = 0;
/** Code and label the fixture SKU with this id was registered with. */
const names = new Map<string, { skuCode: string; skuLabel: string }>();

/** A catalog SKU registered to the seller with a code and label (the catalog module does this when a product is created). */
async function sku(sellerId: string, productId = newId('prd'), label?: string): Promise<string> {
  const skuId = newId('sku');
  skuNo += 1;
  const n = { skuCode: `FX-${skuNo}`, skuLabel: label ?? `测试茶 ${skuNo} 号 · 250g` };
  await t.platform.db.transaction((tx) => registerSku(tx, { skuId, productId, sellerId, code: n.skuCode, label: n.skuLabel }));
  names.set(skuId, n);
  return skuId;
}

let n = 0;
async function warehouse(token: string, extra: Record<string, unknown> = {}): Promise<{ id: string; code: string; name: string }> {
  n += 1;
  const res = await t.call('POST', '/api/seller/warehouses', { token, body: {
    code: `WH-${n}`, name: `杭州${n}号仓`, address: '浙江省杭州市余杭区仓前街道 1 号', region: '浙江省杭州市', ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const receive = (token: string, skuId: string, warehouseId: string, quantity: number) =>
  t.call('POST', '/api/seller/stock/movements', { token, body: { skuId, warehouseId, kind: 'receipt', quantity, documentNo: `RK-${quantity}` } });

async function stockRow(token: string, skuId: string, warehouseId: string) {
  const res = await t.call('GET', `/api/seller/stock?skuId=${skuId}&warehouseId=${warehouseId}`, { token });
  expect(res.statusCode).toBe(200);
  return res.json().items[0];
}

describe('warehouses (MS-WHS-01)', () => {
  it('registers, lists, reads and changes a warehouse, audited', async () => {
    const before = await auditCount('warehouse.created');
    const res = await t.call('POST', '/api/seller/warehouses', { token: seller1, body: {
      code: 'HZ-MAIN', name: '杭州主仓', address: '浙江省杭州市余杭区文一西路 998 号', region: '浙江省杭州市',
      latitude: 30.2741, longitude: 120.0155, capacity: 50000, priority: 10 } });
    expect(res.statusCode, res.body).toBe(201);
    const w = res.json();
    expect(w).toMatchObject({ code: 'HZ-MAIN', name: '杭州主仓', region: '浙江省杭州市', latitude: 30.2741, longitude: 120.0155,
      capacity: 50000, priority: 10, active: true });
    expect(w.id).toMatch(/^whs_/);
    expect(await auditCount('warehouse.created')).toBe(before + 1);

    const list = (await t.call('GET', '/api/seller/warehouses', { token: seller1 })).json();
    expect(list.items.map((x: { id: string }) => x.id)).toContain(w.id);
    expect((await t.call('GET', `/api/seller/warehouses/${w.id}`, { token: seller1 })).json().name).toBe('杭州主仓');

    const patched = await t.call('PATCH', `/api/seller/warehouses/${w.id}`, { token: seller1, body: { name: '杭州一号仓', active: false, latitude: null } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: '杭州一号仓', active: false, latitude: null, code: 'HZ-MAIN' });
    const audit = await rows<{ changes: Record<string, { from: unknown; to: unknown }> }>(t.platform.db,
      sql`select changes from audit_log where action = 'warehouse.updated' and resource_id = ${w.id}`);
    expect(audit[0]!.changes.name).toEqual({ from: '杭州主仓', to: '杭州一号仓' });
    expect((await t.call('GET', '/api/seller/warehouses?active=true', { token: seller1 })).json().items.map((x: { id: string }) => x.id))
      .not.toContain(w.id);
  });

  it('refuses a second warehouse with the same code (409) but allows the code at another seller', async () => {
    await t.call('POST', '/api/seller/warehouses', { token: seller1, body: { code: 'DUP-1', name: 'A', address: 'a', region: '上海市' } });
    const before = await count(sql`select count(*)::int as n from inventory_warehouse`);
    const dup = await t.call('POST', '/api/seller/warehouses', { token: seller1, body: { code: 'DUP-1', name: 'B', address: 'b', region: '上海市' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'inventory.warehouse_code_taken', warehouseCode: 'DUP-1' });
    expect(dup.json().detail).toContain('"DUP-1"');
    expect(await count(sql`select count(*)::int as n from inventory_warehouse`)).toBe(before);
    const other = await t.call('POST', '/api/seller/warehouses', { token: seller2, body: { code: 'DUP-1', name: 'C', address: 'c', region: '上海市' } });
    expect(other.statusCode).toBe(201);
    // Renaming onto a taken code is refused too, and changes nothing.
    const w = await warehouse(seller1);
    const clash = await t.call('PATCH', `/api/seller/warehouses/${w.id}`, { token: seller1, body: { code: 'DUP-1', name: 'renamed' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('inventory.warehouse_code_taken');
    expect((await t.call('GET', `/api/seller/warehouses/${w.id}`, { token: seller1 })).json()).toMatchObject({ code: w.code, name: w.name });
  });

  it('rejects bad input with 400 and stores nothing', async () => {
    const before = await count(sql`select count(*)::int as n from inventory_warehouse`);
    for (const body of [
      { code: 'has space', name: 'x', address: 'x', region: 'x' },
      { code: 'OK-1', name: '', address: 'x', region: 'x' },
      { code: 'OK-1', name: 'x', address: 'x', region: 'x', latitude: 91 },
      { code: 'OK-1', name: 'x', address: 'x', region: 'x', priority: 1.5 },
      { code: 'OK-1', name: 'x', address: 'x', region: 'x', sellerId: org2 },
    ]) {
      const res = await t.call('POST', '/api/seller/warehouses', { token: seller1, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect(await count(sql`select count(*)::int as n from inventory_warehouse`)).toBe(before);
  });

  it('is closed to guests, consumers and operators', async () => {
    expect((await t.call('GET', '/api/seller/warehouses')).statusCode).toBe(401);
    expect((await t.call('GET', '/api/seller/warehouses', { token: admin })).statusCode).toBe(403);
    const consumer = await t.login('consumer@shiji.test');
    expect((await t.call('GET', '/api/seller/warehouses', { token: consumer })).statusCode).toBe(403);
  });
});

describe('stock movements (PL-WHS-01)', () => {
  it('records a receipt, return, damage and adjustments; on hand follows the movements', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    const r = await receive(seller1, s, w.id, 40);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().movement).toMatchObject({ kind: 'receipt', quantity: 40, onHandAfter: 40, documentNo: 'RK-40', warehouseName: w.name, ...names.get(s) });
    expect(r.json().stock).toMatchObject({ skuId: s, warehouseId: w.id, onHand: 40, reserved: 0, available: 40, warehouseName: w.name, ...names.get(s) });

    const moves: Array<[string, number, number, Record<string, string>]> = [
      ['return', 2, 42, { documentNo: 'TH-7' }],
      ['damage', 5, 37, { reason: '运输破损' }],
      ['adjustment', -3, 34, { reason: '盘点差异', documentNo: 'PD-2026-01' }],
      ['adjustment', 6, 40, { reason: '盘点找到' }],
    ];
    for (const [kind, quantity, after, extra] of moves) {
      const res = await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, kind, quantity, ...extra } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().movement.onHandAfter).toBe(after);
    }
    expect(await stockRow(seller1, s, w.id)).toMatchObject({ onHand: 40, available: 40 });

    const history = (await t.call('GET', `/api/seller/stock/movements?skuId=${s}`, { token: seller1 })).json();
    expect(history.items.map((m: { kind: string; quantity: number }) => [m.kind, m.quantity]))
      .toEqual([['adjustment', 6], ['adjustment', -3], ['damage', -5], ['return', 2], ['receipt', 40]]);
    expect(history.items[0].actorId).toBeTruthy();
    expect(history.items.every((m: { skuCode: string; skuLabel: string }) => m.skuCode === names.get(s)!.skuCode && m.skuLabel === names.get(s)!.skuLabel)).toBe(true);
    const sum = await count(sql`select coalesce(sum(quantity), 0)::int as n from inventory_movement where sku_id = ${s}`);
    expect(sum).toBe(40);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'stock.moved' and changes->>'skuId' = ${s}`)).toBe(5);
  });

  it('pages the movement history newest first without gaps or repeats', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    for (let i = 1; i <= 7; i += 1) await receive(seller1, s, w.id, i);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: { items: Array<{ quantity: number }>; nextCursor: string | null } = (await t.call('GET', `/api/seller/stock/movements?skuId=${s}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: seller1 })).json();
      seen.push(...res.items.map((m) => m.quantity));
      cursor = res.nextCursor;
    } while (cursor);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect((await t.call('GET', '/api/seller/stock/movements?cursor=garbage', { token: seller1 })).json().code).toBe('http.bad_cursor');
  });

  it('refuses to remove more than is available (409 naming what is available) and stores nothing', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    await receive(seller1, s, w.id, 10);
    await t.platform.db.transaction((tx) => reserveStock(tx, { reference: `cart_${s}`, lines: [{ skuId: s, quantity: 4 }] }));
    const movesBefore = await movementsOf(s);
    const auditsBefore = await auditCount('stock.moved');
    for (const body of [
      { kind: 'damage', quantity: 7, reason: '受潮' },
      { kind: 'adjustment', quantity: -7, reason: '盘亏' },
    ]) {
      const res = await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, ...body } });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'inventory.insufficient_stock', skuId: s, warehouseId: w.id, requested: 7, available: 6, ...names.get(s) });
      expect(res.json().detail).toContain('Only 6 unit(s)');
      expect(res.json().detail).toContain(names.get(s)!.skuLabel);
    }
    expect(await movementsOf(s)).toBe(movesBefore);
    expect(await auditCount('stock.moved')).toBe(auditsBefore);
    expect(await stockRow(seller1, s, w.id)).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
    // Exactly the available quantity may go.
    const ok = await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, kind: 'damage', quantity: 6, reason: '过期' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().stock).toMatchObject({ onHand: 4, reserved: 4, available: 0 });
  });

  it('rejects bad movements with 400 and stores nothing', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    const before = await count(sql`select count(*)::int as n from inventory_movement`);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'receipt', quantity: 5 }, 'body.documentNo'],
      [{ kind: 'receipt', quantity: 0, documentNo: 'X' }, 'body.quantity'],
      [{ kind: 'receipt', quantity: -5, documentNo: 'X' }, 'body.quantity'],
      [{ kind: 'receipt', quantity: 2.5, documentNo: 'X' }, 'body.quantity'],
      [{ kind: 'receipt', quantity: '5', documentNo: 'X' }, 'body.quantity'],
      [{ kind: 'damage', quantity: 1 }, 'body.reason'],
      [{ kind: 'damage', quantity: 1, reason: '   ' }, 'body.reason'],
      [{ kind: 'adjustment', quantity: 0, reason: 'x' }, 'body.quantity'],
      [{ kind: 'adjustment', quantity: 3 }, 'body.reason'],
      [{ kind: 'sale', quantity: 1, reason: 'x' }, 'body.kind'],
      [{ kind: 'receipt', quantity: 1, documentNo: 'X', onHand: 99 }, 'body.onHand'],
    ];
    for (const [body, path] of cases) {
      const res = await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, ...body } });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().issues.map((i: { path: string }) => i.path), JSON.stringify(body)).toContain(path);
    }
    expect(await count(sql`select count(*)::int as n from inventory_movement`)).toBe(before);
    expect(await count(sql`select count(*)::int as n from inventory_stock where sku_id = ${s}`)).toBe(0);
  });

  it('answers 404 for an unknown SKU or warehouse', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    const unknownSku = await receive(seller1, 'sku_nope', w.id, 1);
    expect(unknownSku.statusCode).toBe(404);
    expect(unknownSku.json()).toMatchObject({ code: 'inventory.sku_not_found', skuId: 'sku_nope' });
    const unknownWh = await receive(seller1, s, newId('whs'), 1);
    expect(unknownWh.statusCode).toBe(404);
    expect(unknownWh.json().code).toBe('inventory.warehouse_not_found');
  });
});

describe('transfers', () => {
  it('moves stock between two warehouses as two movements sharing a transfer id', async () => {
    const s = await sku(org1);
    const a = await warehouse(seller1);
    const b = await warehouse(seller1);
    await receive(seller1, s, a.id, 12);
    const auditsBefore = await auditCount('stock.transferred');
    const res = await t.call('POST', '/api/seller/stock/transfers', { token: seller1, body: {
      skuId: s, fromWarehouseId: a.id, toWarehouseId: b.id, quantity: 5, documentNo: 'DB-001', reason: '补货到前置仓' } });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.transferId).toMatch(/^xfer_/);
    expect(body.out).toMatchObject({ kind: 'transfer_out', quantity: -5, onHandAfter: 7, transferId: body.transferId, documentNo: 'DB-001' });
    expect(body.in).toMatchObject({ kind: 'transfer_in', quantity: 5, onHandAfter: 5, transferId: body.transferId, warehouseId: b.id });
    expect(body.from).toMatchObject({ onHand: 7, ...names.get(s) });
    expect(body.to).toMatchObject({ onHand: 5, ...names.get(s) });
    expect(body.out).toMatchObject(names.get(s)!);
    expect(body.in).toMatchObject(names.get(s)!);
    expect(await auditCount('stock.transferred')).toBe(auditsBefore + 1);
  });

  it('refuses a transfer larger than available and leaves both warehouses untouched', async () => {
    const s = await sku(org1);
    const a = await warehouse(seller1);
    const b = await warehouse(seller1);
    await receive(seller1, s, a.id, 3);
    await receive(seller1, s, b.id, 1);
    const movesBefore = await movementsOf(s);
    // Whichever warehouse is locked first, nothing of the attempt survives.
    for (const [from, to] of [[a, b], [b, a]] as const) {
      const res = await t.call('POST', '/api/seller/stock/transfers', { token: seller1, body: {
        skuId: s, fromWarehouseId: from.id, toWarehouseId: to.id, quantity: 4, documentNo: 'DB-002' } });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'inventory.insufficient_stock', warehouseId: from.id, requested: 4 });
    }
    expect(await movementsOf(s)).toBe(movesBefore);
    expect((await stockRow(seller1, s, a.id)).onHand).toBe(3);
    expect((await stockRow(seller1, s, b.id)).onHand).toBe(1);
  });

  it('rejects a transfer to the same warehouse or without a document number (400)', async () => {
    const s = await sku(org1);
    const a = await warehouse(seller1);
    await receive(seller1, s, a.id, 3);
    const same = await t.call('POST', '/api/seller/stock/transfers', { token: seller1, body: { skuId: s, fromWarehouseId: a.id, toWarehouseId: a.id, quantity: 1, documentNo: 'X' } });
    expect(same.statusCode).toBe(400);
    expect(same.json().issues[0].path).toBe('body.toWarehouseId');
    const b = await warehouse(seller1);
    const noDoc = await t.call('POST', '/api/seller/stock/transfers', { token: seller1, body: { skuId: s, fromWarehouseId: a.id, toWarehouseId: b.id, quantity: 1 } });
    expect(noDoc.statusCode).toBe(400);
    expect((await stockRow(seller1, s, a.id)).onHand).toBe(3);
  });
});

describe('thresholds and alerts (MS-WHS-04)', () => {
  const outbox = (skuId: string, event = 'inventory.low_stock') =>
    count(sql`select count(*)::int as n from jobs_outbox where event = ${event} and payload->>'skuId' = ${skuId}`);
  const alerts = async (token: string, status = 'open') =>
    (await t.call('GET', `/api/seller/stock/alerts?status=${status}&limit=100`, { token })).json().items as Array<Record<string, unknown>>;

  it('opens one low-stock alert when available falls to the minimum, emits the event once, and resolves it on restock', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    await receive(seller1, s, w.id, 20);
    const set = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, lowThreshold: 5, maxThreshold: 100 } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ lowThreshold: 5, maxThreshold: 100, available: 20 });
    expect(await outbox(s)).toBe(0);

    await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, kind: 'damage', quantity: 15, reason: '破损' } });
    let open = (await alerts(seller1)).filter((a) => a.skuId === s);
    expect(open).toEqual([expect.objectContaining({ kind: 'low', available: 5, threshold: 5, status: 'open', warehouseName: w.name, ...names.get(s) })]);
    expect(await outbox(s)).toBe(1);
    const [event] = await rows<{ payload: Record<string, unknown> }>(t.platform.db, sql`select payload from jobs_outbox where payload->>'skuId' = ${s}`);
    expect(event!.payload).toMatchObject({ sellerId: org1, skuId: s, warehouseId: w.id, available: 5, threshold: 5, ...names.get(s) });

    // Falling further, and a reservation, keep the one alert (figures current) and emit nothing more.
    await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, kind: 'adjustment', quantity: -2, reason: '盘亏' } });
    await t.platform.db.transaction((tx) => reserveStock(tx, { reference: `cart_${s}`, lines: [{ skuId: s, quantity: 1 }] }));
    open = (await alerts(seller1)).filter((a) => a.skuId === s);
    expect(open).toHaveLength(1);
    expect(open[0]!.available).toBe(2);
    expect(await outbox(s)).toBe(1);
    expect((await t.call('GET', '/api/seller/stock?belowThreshold=true&limit=100', { token: seller1 })).json().items.map((r: { skuId: string }) => r.skuId)).toContain(s);

    await receive(seller1, s, w.id, 10);
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toEqual([]);
    const resolved = (await alerts(seller1, 'resolved')).filter((a) => a.skuId === s);
    expect(resolved).toEqual([expect.objectContaining({ kind: 'low', status: 'resolved', available: 12 })]);
    expect(resolved[0]!.resolvedAt).toBeTruthy();
    expect((await t.call('GET', '/api/seller/stock?belowThreshold=true&limit=100', { token: seller1 })).json().items.map((r: { skuId: string }) => r.skuId)).not.toContain(s);

    // Falling again opens a new alert and a second event; releasing a reservation counts as a change too.
    await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, kind: 'damage', quantity: 7, reason: '破损' } });
    expect(await outbox(s)).toBe(2);
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toEqual([expect.objectContaining({ available: 5 })]);
    await t.platform.db.transaction((tx) => releaseReservation(tx, `cart_${s}`));
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toEqual([]);
  });

  it('opens an alert at once when a threshold change puts stock below it, and resolves it when the threshold is cleared', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    await receive(seller1, s, w.id, 3);
    await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, lowThreshold: 10 } });
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toHaveLength(1);
    expect(await outbox(s)).toBe(1);
    await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, lowThreshold: null } });
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toEqual([]);
  });

  it('alerts above the maximum (over-stock) and validates thresholds', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, maxThreshold: 50 } });
    await receive(seller1, s, w.id, 60);
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toEqual([expect.objectContaining({ kind: 'over', available: 60, threshold: 50 })]);
    expect(await outbox(s, 'inventory.over_stock')).toBe(1);
    await t.call('POST', '/api/seller/stock/movements', { token: seller1, body: { skuId: s, warehouseId: w.id, kind: 'adjustment', quantity: -10, reason: '盘亏' } });
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toEqual([]);

    const bad = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, lowThreshold: 50 } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'inventory.invalid_thresholds', lowThreshold: 50, maxThreshold: 50 });
    expect((await stockRow(seller1, s, w.id)).lowThreshold).toBeNull();
    expect((await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, lowThreshold: -1 } })).statusCode).toBe(400);
  });

  it('creates the stock row at zero for a SKU never stocked, and refuses a SKU of another seller (404)', async () => {
    const s = await sku(org1);
    const w = await warehouse(seller1);
    const res = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, lowThreshold: 0 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ onHand: 0, reserved: 0, available: 0, lowThreshold: 0 });
    expect((await alerts(seller1)).filter((a) => a.skuId === s)).toHaveLength(1);
    const foreign = await sku(org2);
    const other = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: foreign, warehouseId: w.id, lowThreshold: 1 } });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('inventory.sku_not_found');
    expect(await count(sql`select count(*)::int as n from inventory_stock where sku_id = ${foreign}`)).toBe(0);
  });

  it('shows the operator alerts across sellers with the seller name, filtered', async () => {
    const s = await sku(org2);
    const w = await warehouse(seller2);
    await t.call('PUT', '/api/seller/stock/settings', { token: seller2, body: { skuId: s, warehouseId: w.id, lowThreshold: 2 } });
    const res = await t.call('GET', `/api/admin/inventory/alerts?status=open&sellerId=${org2}&limit=100`, { token: admin });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ skuId: string; sellerId: string; sellerName: string }>;
    expect(items.find((a) => a.skuId === s)).toMatchObject({ sellerId: org2, sellerName: '青禾数码', warehouseName: w.name, ...names.get(s) });
    expect(items.every((a) => a.sellerId === org2)).toBe(true);
    const all = (await t.call('GET', '/api/admin/inventory/alerts?limit=100', { token: admin })).json().items as Array<{ sellerId: string }>;
    expect(new Set(all.map((a) => a.sellerId))).toEqual(new Set([org1, org2]));
    expect((await t.call('GET', '/api/admin/inventory/alerts', { token: seller1 })).statusCode).toBe(403);
  });
});

describe('locations and pick lists (MS-WHS-02, MS-WHS-03)', () => {
  it('sorts a pick list along the location walk sequence, SKUs without a location last', async () => {
    const w = await warehouse(seller1);
    const loc = async (code: string, pickSequence: number, extra: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/seller/warehouses/${w.id}/locations`, { token: seller1, body: { code, zone: 'A', pickSequence, ...extra } });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const far = await loc('A-09', 90);
    const near = await loc('A-01', 10, { capacity: 100, conditions: '常温 防潮' });
    const mid = await loc('B-05', 50);
    const dup = await t.call('POST', `/api/seller/warehouses/${w.id}/locations`, { token: seller1, body: { code: 'A-01', pickSequence: 1 } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('inventory.location_code_taken');

    const [s1, s2, s3, s4] = [await sku(org1), await sku(org1), await sku(org1), await sku(org1)];
    for (const s of [s1, s2, s3, s4]) await receive(seller1, s, w.id, 5);
    for (const [s, l] of [[s1, far], [s2, near], [s3, mid]] as const) {
      const res = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, locationId: l } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const missing = newId('sku');
    const res = await t.call('GET', `/api/seller/warehouses/${w.id}/pick-list?skuIds=${[s4, s1, s3, s2, missing].join(',')}`, { token: seller1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { skuId: string }) => i.skuId)).toEqual([s2, s3, s1, s4]);
    expect(res.json().items[0]).toMatchObject({ locationCode: 'A-01', pickSequence: 10, available: 5, ...names.get(s2) });
    expect(res.json().missingSkuIds).toEqual([missing]);

    const locs = (await t.call('GET', `/api/seller/warehouses/${w.id}/locations`, { token: seller1 })).json().items;
    expect(locs.map((l: { code: string }) => l.code)).toEqual(['A-01', 'B-05', 'A-09']);
    expect(locs[0]).toMatchObject({ onHand: 5, capacity: 100, conditions: '常温 防潮' });

    // Re-ordering the walk re-orders the pick list.
    const moved = await t.call('PATCH', `/api/seller/locations/${far}`, { token: seller1, body: { pickSequence: 1 } });
    expect(moved.statusCode, moved.body).toBe(200);
    const again = await t.call('GET', `/api/seller/warehouses/${w.id}/pick-list?skuIds=${[s1, s2, s3].join(',')}`, { token: seller1 });
    expect(again.json().items.map((i: { skuId: string }) => i.skuId)).toEqual([s1, s2, s3]);
  });

  it('refuses put-away beyond a location\'s capacity', async () => {
    const w = await warehouse(seller1);
    const l = (await t.call('POST', `/api/seller/warehouses/${w.id}/locations`, { token: seller1, body: { code: 'S-1', pickSequence: 1, capacity: 10 } })).json();
    const s = await sku(org1);
    await receive(seller1, s, w.id, 8);
    expect((await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: w.id, locationId: l.id } })).statusCode).toBe(200);
    const over = await receive(seller1, s, w.id, 3);
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'inventory.location_full', capacity: 10, stored: 8, adding: 3 });
    expect((await stockRow(seller1, s, w.id)).onHand).toBe(8);
    const s2 = await sku(org1);
    await receive(seller1, s2, w.id, 5);
    const full = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s2, warehouseId: w.id, locationId: l.id } });
    expect(full.statusCode).toBe(409);
    expect((await stockRow(seller1, s2, w.id)).locationId).toBeNull();
    // A location of another warehouse is not a place for this stock.
    const w2 = await warehouse(seller1);
    const wrong = await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s2, warehouseId: w2.id, locationId: l.id } });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().code).toBe('inventory.location_not_found');
  });
});

describe('reservations through the service API', () => {
  it('reserves from the best active warehouse, consumes into a sale movement and releases idempotently', async () => {
    const s = await sku(org1);
    const slow = await warehouse(seller1, { priority: 50 });
    const fast = await warehouse(seller1, { priority: 5 });
    const closed = await warehouse(seller1, { priority: 1 });
    await receive(seller1, s, slow.id, 10);
    await receive(seller1, s, fast.id, 2);
    await receive(seller1, s, closed.id, 10);
    await t.call('PATCH', `/api/seller/warehouses/${closed.id}`, { token: seller1, body: { active: false } });

    const [r1] = await t.platform.db.transaction((tx) => reserveStock(tx, { reference: 'ord_A', lines: [{ skuId: s, quantity: 2 }] }));
    expect(r1).toMatchObject({ warehouseId: fast.id, quantity: 2, status: 'held', sellerId: org1 });
    // The priority warehouse cannot fill 3 any more: the next one does, never a split.
    const [r2] = await t.platform.db.transaction((tx) => reserveStock(tx, { reference: 'ord_B', lines: [{ skuId: s, quantity: 3 }] }));
    expect(r2!.warehouseId).toBe(slow.id);
    await expect(t.platform.db.transaction((tx) => reserveStock(tx, { reference: 'ord_C', lines: [{ skuId: s, quantity: 8 }] })))
      .rejects.toMatchObject({ code: 'inventory.out_of_stock', meta: { skuId: s, requested: 8, available: 7 } });

    const ctx = systemContext('test');
    await t.platform.db.transaction((tx) => consumeReservation(tx, 'ord_A', ctx));
    await t.platform.db.transaction((tx) => consumeReservation(tx, 'ord_A', ctx));
    expect(await stockRow(seller1, s, fast.id)).toMatchObject({ onHand: 0, reserved: 0 });
    const sales = (await t.call('GET', `/api/seller/stock/movements?skuId=${s}&warehouseId=${fast.id}`, { token: seller1 })).json().items;
    expect(sales.filter((m: { kind: string }) => m.kind === 'sale')).toEqual([expect.objectContaining({ quantity: -2, onHandAfter: 0, reference: 'ord_A' })]);

    await t.platform.db.transaction((tx) => releaseReservation(tx, 'ord_B'));
    await t.platform.db.transaction((tx) => releaseReservation(tx, 'ord_B'));
    expect(await stockRow(seller1, s, slow.id)).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    // Consuming a released reservation does nothing.
    expect(await t.platform.db.transaction((tx) => consumeReservation(tx, 'ord_B', ctx))).toEqual([]);
    expect(await stockRow(seller1, s, slow.id)).toMatchObject({ onHand: 10 });
  });

  it('rolls back every line of a checkout when one line is out of stock', async () => {
    const [a, b] = [await sku(org1), await sku(org1)];
    const w = await warehouse(seller1);
    await receive(seller1, a, w.id, 5);
    await receive(seller1, b, w.id, 1);
    await expect(t.platform.db.transaction((tx) => reserveStock(tx, { reference: 'ord_X', lines: [{ skuId: a, quantity: 2 }, { skuId: b, quantity: 2 }] })))
      .rejects.toMatchObject({ code: 'inventory.out_of_stock' });
    expect((await stockRow(seller1, a, w.id)).reserved).toBe(0);
    expect(await count(sql`select count(*)::int as n from inventory_reservation where reference = 'ord_X'`)).toBe(0);
  });
});

describe('stock lists', () => {
  it('lists own SKUs with totals and filters stock rows by warehouse and product', async () => {
    const product = newId('prd');
    const s = await sku(org1, product);
    const a = await warehouse(seller1);
    const b = await warehouse(seller1);
    await receive(seller1, s, a.id, 4);
    await receive(seller1, s, b.id, 6);
    const skus = (await t.call('GET', `/api/seller/stock/skus?q=${s}`, { token: seller1 })).json().items;
    expect(skus).toEqual([{ skuId: s, productId: product, onHand: 10, reserved: 0, available: 10, warehouses: 2, ...names.get(s) }]);
    const byProduct = (await t.call('GET', `/api/seller/stock?productId=${product}`, { token: seller1 })).json().items;
    expect(byProduct.map((r: { warehouseId: string }) => r.warehouseId).sort()).toEqual([a.id, b.id].sort());
    const byWarehouse = (await t.call('GET', `/api/seller/stock?warehouseId=${b.id}`, { token: seller1 })).json().items;
    expect(byWarehouse).toEqual([expect.objectContaining({ skuId: s, onHand: 6, warehouseCode: b.code, ...names.get(s) })]);
    // seller2 sees none of it.
    expect((await t.call('GET', `/api/seller/stock?productId=${product}`, { token: seller2 })).json().items).toEqual([]);
    expect((await t.call('GET', `/api/seller/stock/skus?q=${s}`, { token: seller2 })).json().items).toEqual([]);
  });

  it('finds SKUs and stock rows by part of the product name or SKU code (q), case-insensitively, wildcards taken literally', async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const longjing = await sku(org1, undefined, `明前龙井${tag} 特级 · 250g`);
    const biluo = await sku(org1, undefined, `碧螺春${tag} · 100g`);
    const percent = await sku(org1, undefined, `Tea_${tag} 100% · Box`);
    const w = await warehouse(seller1);
    for (const x of [longjing, biluo, percent]) await receive(seller1, x, w.id, 3);
    const skusFor = async (q: string, token = seller1) =>
      ((await t.call('GET', `/api/seller/stock/skus?limit=100&q=${encodeURIComponent(q)}`, { token })).json().items as Array<{ skuId: string }>).map((x) => x.skuId);
    const stockFor = async (q: string) =>
      ((await t.call('GET', `/api/seller/stock?limit=100&q=${encodeURIComponent(q)}`, { token: seller1 })).json().items as Array<{ skuId: string }>).map((x) => x.skuId);

    expect(await skusFor(`龙井${tag}`)).toEqual([longjing]);
    expect(await stockFor(`龙井${tag}`)).toEqual([longjing]);
    expect((await skusFor(tag)).sort()).toEqual([longjing, biluo, percent].sort());
    // The SKU code, in any case.
    expect(await skusFor(names.get(biluo)!.skuCode.toLowerCase())).toEqual([biluo]);
    expect(await stockFor(names.get(biluo)!.skuCode)).toEqual([biluo]);
    // % and _ are literal characters, not wildcards.
    expect(await skusFor(`${tag} 100%`)).toEqual([percent]);
    expect(await skusFor(`tea_${tag}`)).toEqual([percent]);
    expect(await skusFor(`${tag}%特级`)).toEqual([]);
    expect(await skusFor(`t_a_${tag}`)).toEqual([]);
    // Combined with the other filters, and never another seller's SKUs.
    expect(await stockFor(`碧螺春${tag}`)).toEqual([biluo]);
    expect((await t.call('GET', `/api/seller/stock?q=${encodeURIComponent(tag)}&warehouseId=${w.id}&skuId=${biluo}`, { token: seller1 })).json().items
      .map((x: { skuId: string }) => x.skuId)).toEqual([biluo]);
    expect(await skusFor(tag, seller2)).toEqual([]);
    expect((await t.call('GET', `/api/seller/stock/skus?q=${'x'.repeat(101)}`, { token: seller1 })).statusCode).toBe(400);
  });

  it('keeps the code and label the catalog gives: registerSku upserts them, registerSkus and relabelSkus in bulk', async () => {
    const productId = newId('prd');
    const a = newId('sku');
    const db = t.platform.db;
    const skuRow = async (id: string) => (await t.call('GET', `/api/seller/stock/skus?q=${id}`, { token: seller1 })).json().items[0];
    await db.transaction((tx) => registerSku(tx, { skuId: a, productId, sellerId: org1 }));
    expect(await skuRow(a)).toMatchObject({ skuCode: '', skuLabel: '' });
    await db.transaction((tx) => registerSku(tx, { skuId: a, productId, sellerId: org1, code: 'AA-1', label: '白茶 · 100g' }));
    expect(await skuRow(a)).toMatchObject({ skuCode: 'AA-1', skuLabel: '白茶 · 100g' });
    // Without names a second registration changes nothing; with only a label only the label.
    await db.transaction((tx) => registerSku(tx, { skuId: a, productId, sellerId: org1 }));
    await db.transaction((tx) => registerSku(tx, { skuId: a, productId, sellerId: org1, label: '白茶 · 200g' }));
    expect(await skuRow(a)).toMatchObject({ skuCode: 'AA-1', skuLabel: '白茶 · 200g' });

    // 1,200 SKUs: three statements of at most 500 rows each way.
    const many = Array.from({ length: 1200 }, (_, i) => ({ skuId: newId('sku'), productId, sellerId: org1, code: `BULK-${i}`, label: `批量商品 · ${i}` }));
    await db.transaction((tx) => registerSkus(tx, many));
    const stored = async () => new Map((await rows<{ sku_id: string; code: string; label: string }>(db,
      sql`select sku_id, code, label from inventory_item where product_id = ${productId}`)).map((r) => [r.sku_id, r]));
    let m = await stored();
    expect(m.size).toBe(1201);
    expect(m.get(many[1199]!.skuId)).toMatchObject({ code: 'BULK-1199', label: '批量商品 · 1199' });
    await db.transaction((tx) => relabelSkus(tx, [...many.map((x) => ({ skuId: x.skuId, code: x.code, label: `改名 · ${x.code}` })),
      { skuId: newId('sku'), code: 'NOPE', label: 'unknown SKUs are ignored' }]));
    m = await stored();
    expect(m.size).toBe(1201);
    expect([...m.values()].filter((r) => r.label.startsWith('改名 · BULK-'))).toHaveLength(1200);
    expect(await count(sql`select count(*)::int as n from inventory_item where code = 'NOPE'`)).toBe(0);
    // registerSkus again overwrites (the seed is idempotent).
    await db.transaction((tx) => registerSkus(tx, many.slice(0, 2)));
    expect((await stored()).get(many[0]!.skuId)!.label).toBe('批量商品 · 0');
  });
});

describe('tenant scope', () => {
  it('never lets seller2 see or change seller1\'s warehouses, stock, movements or alerts', async () => {
    const s = await sku(org1);
    const a = await warehouse(seller1);
    const b = await warehouse(seller1);
    await receive(seller1, s, a.id, 9);
    await t.call('PUT', '/api/seller/stock/settings', { token: seller1, body: { skuId: s, warehouseId: a.id, lowThreshold: 20 } });
    const loc = (await t.call('POST', `/api/seller/warehouses/${a.id}/locations`, { token: seller1, body: { code: 'T-1', pickSequence: 5 } })).json();
    const attempts: Array<[string, string, unknown]> = [
      ['GET', `/api/seller/warehouses/${a.id}`, undefined],
      ['PATCH', `/api/seller/warehouses/${a.id}`, { active: false }],
      ['GET', `/api/seller/warehouses/${a.id}/locations`, undefined],
      ['POST', `/api/seller/warehouses/${a.id}/locations`, { code: 'X-1', pickSequence: 1 }],
      ['PATCH', `/api/seller/locations/${loc.id}`, { pickSequence: 99 }],
      ['GET', `/api/seller/warehouses/${a.id}/pick-list?skuIds=${s}`, undefined],
      ['POST', '/api/seller/stock/movements', { skuId: s, warehouseId: a.id, kind: 'damage', quantity: 1, reason: 'x' }],
      ['PUT', '/api/seller/stock/settings', { skuId: s, warehouseId: a.id, lowThreshold: null }],
      ['POST', '/api/seller/stock/transfers', { skuId: s, fromWarehouseId: a.id, toWarehouseId: b.id, quantity: 1, documentNo: 'X' }],
    ];
    for (const [method, url, body] of attempts) {
      const res = await t.call(method, url, { token: seller2, body });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code, `${method} ${url}`).toMatch(/^inventory\.(warehouse|sku|location)_not_found$/);
    }
    // A receipt of seller1's SKU into seller2's own warehouse is refused too.
    const own = await warehouse(seller2);
    expect((await receive(seller2, s, own.id, 5)).statusCode).toBe(404);
    for (const url of [`/api/seller/stock?skuId=${s}`, `/api/seller/stock/movements?skuId=${s}`, '/api/seller/stock/alerts?limit=100',
      '/api/seller/warehouses?limit=100', `/api/seller/stock/skus?q=${s}`]) {
      const res = await t.call('GET', url, { token: seller2 });
      expect(res.statusCode).toBe(200);
      expect(res.body, url).not.toContain(s);
      expect(res.body, url).not.toContain(a.id);
    }
    expect(await stockRow(seller1, s, a.id)).toMatchObject({ onHand: 9, lowThreshold: 20 });
    expect((await t.call('GET', `/api/seller/warehouses/${a.id}`, { token: seller1 })).json().active).toBe(true);
    expect((await t.call('GET', `/api/seller/warehouses/${a.id}/locations`, { token: seller1 })).json().items[0].pickSequence).toBe(5);
    expect(await movementsOf(s)).toBe(1);
  });
});
