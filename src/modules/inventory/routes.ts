import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { requestContext, tenantOf } from '@/platform/http/auth.js';
import { CursorQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { AdminAlertOut, AlertOut, AlertStatus, LocationBody, LocationOut, MovementBody, MovementOut, MovementResultOut, PickListOut, PickListQuery,
  SkuSearchQuery, SkuStockOut, StockRowOut, StockSettingsBody, TransferBody, TransferResultOut, UpdateLocationBody, UpdateWarehouseBody, WarehouseBody,
  WarehouseOut } from './contract.js';
import { createLocation, createWarehouse, getWarehouse, listAlerts, listAllAlerts, listLocations, listMovements, listSkus, listStock,
  listWarehouses, pickList, recordMovement, setStockSettings, transferStock, updateLocation, updateWarehouse } from './service.js';

const errors = problemResponses;
const IdQuery = z.string().min(1).max(64).optional();
const BoolQuery = z.enum(['true', 'false']).optional().transform((v) => v === 'true');
const TimeIdCursor = z.object({ createdAt: z.string().max(40), id: z.string().max(64) });
const StockCursor = z.object({ skuId: z.string().max(64), warehouseId: z.string().max(64) });
const KeyCursor = z.string().max(64);
const LocationCursor = z.object({ seq: z.number().int(), code: z.string().max(64) });
const cursorOf = (next: unknown) => (next === null ? null : encodeCursor(next));

/**
 * Warehouses, storage locations, stock levels, movements, transfers and stock alerts (PL-WHS-01,
 * MS-WHS-01..04). Seller routes are scoped to the caller's own organisation; the operator sees alerts
 * across sellers.
 */
export const inventoryRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;
  const tags = ['seller inventory'];
  const access = { audience: 'seller', permission: 'stock:manage' } as const;
  const sellerId = (req: Parameters<typeof tenantOf>[0]) => tenantOf(req).orgId;

  // ------------------------------------------------------------ warehouses and locations

  app.get('/api/seller/warehouses', {
    config: { access },
    schema: { tags, summary: 'Own warehouses, by code', querystring: z.strictObject({ active: BoolQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(WarehouseOut), ...errors } },
  }, async (req) => {
    const res = await listWarehouses(db, sellerId(req), { limit: req.query.limit, after: decodeCursor(req.query.cursor, KeyCursor),
      activeOnly: req.query.active });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.post('/api/seller/warehouses', {
    config: { access },
    schema: { tags, summary: 'Register a warehouse (code unique per seller)', body: WarehouseBody, response: { 201: WarehouseOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createWarehouse(tx, requestContext(req), sellerId(req), req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/seller/warehouses/:id', {
    config: { access },
    schema: { tags, summary: 'One own warehouse', params: IdParams, response: { 200: WarehouseOut, ...errors } },
  }, async (req) => getWarehouse(db, sellerId(req), req.params.id));

  app.patch('/api/seller/warehouses/:id', {
    config: { access },
    schema: { tags, summary: 'Change a warehouse (inactive: never chosen for new reservations)', params: IdParams, body: UpdateWarehouseBody,
      response: { 200: WarehouseOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateWarehouse(tx, requestContext(req), sellerId(req), req.params.id, req.body)));

  app.get('/api/seller/warehouses/:id/locations', {
    config: { access },
    schema: { tags, summary: 'Storage locations of a warehouse in walk (pick) order', params: IdParams,
      querystring: z.strictObject({ limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(LocationOut), ...errors } },
  }, async (req) => {
    const res = await listLocations(db, sellerId(req), req.params.id, { limit: req.query.limit, after: decodeCursor(req.query.cursor, LocationCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.post('/api/seller/warehouses/:id/locations', {
    config: { access },
    schema: { tags, summary: 'Add a storage location with its pick sequence', params: IdParams, body: LocationBody, response: { 201: LocationOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createLocation(tx, requestContext(req), sellerId(req), req.params.id, req.body));
    reply.code(201);
    return res;
  });

  app.patch('/api/seller/locations/:id', {
    config: { access },
    schema: { tags, summary: 'Change a storage location (zone, pick sequence, capacity, conditions)', params: IdParams, body: UpdateLocationBody,
      response: { 200: LocationOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateLocation(tx, requestContext(req), sellerId(req), req.params.id, req.body)));

  app.get('/api/seller/warehouses/:id/pick-list', {
    config: { access },
    schema: { tags, summary: 'Pick list: the given SKUs\' stock in this warehouse, sorted along the location walk sequence', params: IdParams,
      querystring: PickListQuery, response: { 200: PickListOut, ...errors } },
  }, async (req) => pickList(db, sellerId(req), req.params.id, req.query.skuIds));

  // ------------------------------------------------------------ stock

  app.get('/api/seller/stock', {
    config: { access },
    schema: { tags, summary: 'Own stock per SKU and warehouse (on hand, reserved, available, thresholds); q searches product name and SKU code',
      querystring: z.strictObject({ q: SkuSearchQuery, skuId: IdQuery, warehouseId: IdQuery, productId: IdQuery, belowThreshold: BoolQuery,
        limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(StockRowOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listStock(db, sellerId(req), { search: q.q || undefined, skuId: q.skuId, warehouseId: q.warehouseId, productId: q.productId,
      belowThreshold: q.belowThreshold, limit: q.limit, after: decodeCursor(q.cursor, StockCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/seller/stock/skus', {
    config: { access },
    schema: { tags, summary: 'Own SKUs known to inventory with code, label and stock totals over all warehouses (q: product name, SKU code or id)',
      querystring: z.strictObject({ q: SkuSearchQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(SkuStockOut), ...errors } },
  }, async (req) => {
    const res = await listSkus(db, sellerId(req), { search: req.query.q || undefined, limit: req.query.limit, after: decodeCursor(req.query.cursor, KeyCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.put('/api/seller/stock/settings', {
    config: { access },
    schema: { tags, summary: 'Set minimum/maximum thresholds and the storage location of a SKU in a warehouse', body: StockSettingsBody,
      response: { 200: StockRowOut, ...errors } },
  }, async (req) => db.transaction((tx) => setStockSettings(tx, requestContext(req), sellerId(req), req.body)));

  app.post('/api/seller/stock/movements', {
    config: { access },
    schema: { tags, summary: 'Record a receipt, return, damage or adjustment', body: MovementBody, response: { 201: MovementResultOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => recordMovement(tx, requestContext(req), sellerId(req), req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/seller/stock/movements', {
    config: { access },
    schema: { tags, summary: 'Own stock movements, newest first',
      querystring: z.strictObject({ skuId: IdQuery, warehouseId: IdQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(MovementOut), ...errors } },
  }, async (req) => {
    const res = await listMovements(db, sellerId(req), { skuId: req.query.skuId, warehouseId: req.query.warehouseId, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, TimeIdCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.post('/api/seller/stock/transfers', {
    config: { access },
    schema: { tags, summary: 'Transfer stock between two own warehouses (two movements, atomic)', body: TransferBody,
      response: { 201: TransferResultOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => transferStock(tx, requestContext(req), sellerId(req), req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/seller/stock/alerts', {
    config: { access },
    schema: { tags, summary: 'Own stock-level alerts (below minimum, above maximum), newest first',
      querystring: z.strictObject({ status: AlertStatus.optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(AlertOut), ...errors } },
  }, async (req) => {
    const res = await listAlerts(db, sellerId(req), { status: req.query.status, limit: req.query.limit, before: decodeCursor(req.query.cursor, TimeIdCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  // ------------------------------------------------------------ operator

  app.get('/api/admin/inventory/alerts', {
    config: { access: { audience: 'admin', permission: 'catalog:read' } },
    schema: { tags: ['admin inventory'], summary: 'Stock-level alerts across sellers, newest first',
      querystring: z.strictObject({ status: AlertStatus.optional(), sellerId: IdQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(AdminAlertOut), ...errors } },
  }, async (req) => {
    const res = await listAllAlerts(db, { status: req.query.status, sellerId: req.query.sellerId, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, TimeIdCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });
};
