import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();

/**
 * Stock-keeping units known to inventory. The catalog registers every SKU it creates (same id), so
 * inventory can check ownership without reading catalog tables; with it the seller's SKU code and a
 * display label (product title · specification) the catalog keeps current, so stock screens can name
 * the product without a join into the catalog.
 */
export const item = pgTable('inventory_item', {
  skuId: text().primaryKey(),
  productId: text().notNull(),
  sellerId: text().notNull(),
  /** The seller's SKU code (catalog_sku.code), e.g. LJ-MQ-250. */
  code: text().notNull().default(''),
  /** Display label, e.g. "西湖龙井绿茶 明前特级 · 250g"; '' until the catalog names it. */
  label: text().notNull().default(''),
  createdAt: created(),
}, (t) => [index().on(t.sellerId), index().on(t.productId)]);

/** A seller's warehouse (PL-WHS-01, MS-WHS-01): address, service region, coordinates, allocation priority. */
export const warehouse = pgTable('inventory_warehouse', {
  id: text().primaryKey(),
  sellerId: text().notNull(),
  code: text().notNull(),
  name: text().notNull(),
  address: text().notNull(),
  region: text().notNull(),
  latitude: text(),
  longitude: text(),
  capacity: integer(),
  /** Lower first when the allocator picks a warehouse for a reservation. */
  priority: integer().notNull().default(100),
  active: boolean().notNull().default(true),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [uniqueIndex().on(t.sellerId, t.code), index().on(t.sellerId, t.createdAt)]);

/** Storage locations (bins) in a warehouse; pickSequence is the walk order pick lists follow (MS-WHS-02, MS-WHS-03). */
export const location = pgTable('inventory_location', {
  id: text().primaryKey(),
  warehouseId: text().notNull().references(() => warehouse.id),
  sellerId: text().notNull(),
  code: text().notNull(),
  zone: text().notNull().default(''),
  pickSequence: integer().notNull(),
  capacity: integer(),
  conditions: text().notNull().default(''),
  createdAt: created(),
}, (t) => [uniqueIndex().on(t.warehouseId, t.code), index().on(t.warehouseId, t.pickSequence)]);

/**
 * Stock of one SKU in one warehouse. available = on_hand - reserved; the CHECK constraints make a
 * negative available (an oversell) impossible whatever the application does (PL-WHS-01).
 */
export const stock = pgTable('inventory_stock', {
  skuId: text().notNull(),
  warehouseId: text().notNull().references(() => warehouse.id),
  productId: text().notNull(),
  sellerId: text().notNull(),
  onHand: integer().notNull().default(0),
  reserved: integer().notNull().default(0),
  lowThreshold: integer(),
  maxThreshold: integer(),
  locationId: text().references(() => location.id),
  updatedAt: created(),
}, (t) => [
  primaryKey({ columns: [t.skuId, t.warehouseId] }),
  index().on(t.productId),
  index().on(t.sellerId, t.skuId),
  check('inventory_stock_reserved_nonneg', sql`${t.reserved} >= 0`),
  check('inventory_stock_available_nonneg', sql`${t.onHand} >= ${t.reserved}`),
]);

/** Every change of on-hand stock, with kind, reason, document number and actor. on_hand = sum(quantity). */
export const movement = pgTable('inventory_movement', {
  id: text().primaryKey(),
  sellerId: text().notNull(),
  skuId: text().notNull(),
  warehouseId: text().notNull(),
  kind: text().$type<'receipt' | 'return' | 'sale' | 'damage' | 'adjustment' | 'transfer_out' | 'transfer_in'>().notNull(),
  quantity: integer().notNull(),
  onHandAfter: integer().notNull(),
  reason: text().notNull().default(''),
  documentNo: text().notNull().default(''),
  transferId: text(),
  reference: text(),
  actorId: text(),
  createdAt: created(),
}, (t) => [index().on(t.sellerId, t.createdAt), index().on(t.skuId, t.warehouseId, t.createdAt)]);

/** Stock held for a checkout or order (reference) until consumed (sold) or released. */
export const reservation = pgTable('inventory_reservation', {
  id: text().primaryKey(),
  reference: text().notNull(),
  sellerId: text().notNull(),
  skuId: text().notNull(),
  warehouseId: text().notNull(),
  quantity: integer().notNull(),
  status: text().$type<'held' | 'released' | 'consumed'>().notNull().default('held'),
  expiresAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [index().on(t.reference), index().on(t.status, t.expiresAt)]);

/** Stock-level warnings (MS-WHS-04): one open alert per SKU, warehouse and kind. */
export const alert = pgTable('inventory_alert', {
  id: text().primaryKey(),
  sellerId: text().notNull(),
  skuId: text().notNull(),
  warehouseId: text().notNull(),
  kind: text().$type<'low' | 'over'>().notNull(),
  available: integer().notNull(),
  threshold: integer().notNull(),
  status: text().$type<'open' | 'resolved'>().notNull().default('open'),
  createdAt: created(),
  resolvedAt: ts(),
}, (t) => [
  uniqueIndex('inventory_alert_open').on(t.skuId, t.warehouseId, t.kind).where(sql`${t.status} = 'open'`),
  index().on(t.sellerId, t.status, t.createdAt),
  index().on(t.status, t.createdAt),
]);
