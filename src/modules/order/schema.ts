import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { OfferSnapshot, OrderStatus, OrderSnapshot } from './types.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();
const fen = () => bigint({ mode: 'number' });

/**
 * One confirmed checkout (PL-CHK-02): the offer exactly as the consumer confirmed it (snapshot and its
 * SHA-256), when, by whom and from where. Rows are never changed after the confirmation except for
 * status; one checkout has one payment and one order per seller.
 */
export const checkout = pgTable('order_checkout', {
  id: text().primaryKey(),
  accountId: text().notNull(),
  status: text().$type<'awaiting_payment' | 'paid' | 'expired' | 'cancelled'>().notNull(),
  offer: jsonb().$type<OfferSnapshot>().notNull(),
  offerHash: text().notNull(),
  total: fen().notNull(),
  currency: text().notNull().default('CNY'),
  paymentId: text(),
  paymentProvider: text().notNull(),
  confirmedAt: ts().notNull(),
  confirmIp: text(),
  confirmUserAgent: text(),
  paymentDueAt: ts().notNull(),
  paidAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  index().on(t.accountId, t.createdAt),
  index('order_checkout_awaiting_due').on(t.paymentDueAt).where(sql`${t.status} = 'awaiting_payment'`),
]);

/** An order: one seller's part of a checkout (PL-ORD-01). Amounts are integer fen. */
export const order = pgTable('order_order', {
  id: text().primaryKey(),
  number: text().notNull(),
  checkoutId: text().notNull().references(() => checkout.id),
  accountId: text().notNull(),
  sellerId: text().notNull(),
  status: text().$type<OrderStatus>().notNull(),
  version: integer().notNull().default(1),
  goodsAmount: fen().notNull(),
  shippingFee: fen().notNull(),
  total: fen().notNull(),
  commission: fen().notNull().default(0),
  refundedAmount: fen().notNull().default(0),
  currency: text().notNull().default('CNY'),
  /** Delivery address as confirmed, encrypted JSON (recipient, phone, region, detail). */
  addressEnc: text().notNull(),
  region: text().notNull().default(''),
  deliveryTerms: text().notNull().default(''),
  note: text().notNull().default(''),
  /** Service calendar the confirmation clock runs on (PL-ORD-03). */
  calendarId: text(),
  placedAt: ts().notNull(),
  paidAt: ts(),
  confirmDueAt: ts(),
  confirmedAt: ts(),
  overdueAt: ts(),
  cancelledAt: ts(),
  cancelReason: text(),
  completedAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  uniqueIndex().on(t.number),
  index().on(t.checkoutId),
  index().on(t.accountId, t.createdAt),
  index().on(t.sellerId, t.createdAt),
  index().on(t.sellerId, t.status, t.createdAt),
  index().on(t.status, t.createdAt),
  index('order_order_awaiting_confirmation').on(t.confirmDueAt).where(sql`${t.status} = 'paid'`),
  check('order_order_amounts_check', sql`${t.total} = ${t.goodsAmount} + ${t.shippingFee} and ${t.refundedAmount} between 0 and ${t.total}`),
]);

/** What was bought: the product version, SKU, price and sales unit at the moment of confirmation (MS-CAT-01, PL-CAT-06). */
export const orderLine = pgTable('order_line', {
  id: text().primaryKey(),
  orderId: text().notNull().references(() => order.id),
  sellerId: text().notNull(),
  skuId: text().notNull(),
  productId: text().notNull(),
  productVersionId: text().notNull(),
  categoryId: text().notNull(),
  title: text().notNull(),
  specification: text().notNull().default(''),
  skuCode: text().notNull().default(''),
  salesUnit: jsonb().$type<Record<string, unknown>>().notNull(),
  imageId: text(),
  priceType: text().notNull(),
  unitPrice: fen().notNull(),
  quantity: integer().notNull(),
  lineTotal: fen().notNull(),
  commissionBp: integer().notNull().default(0),
  commission: fen().notNull().default(0),
  createdAt: created(),
}, (t) => [
  index().on(t.orderId),
  check('order_line_quantity_check', sql`${t.quantity} > 0 and ${t.lineTotal} = ${t.unitPrice} * ${t.quantity}`),
]);

/** Every state change of an order with its actor and time (PL-ORD-01); also in the audit log. */
export const orderEvent = pgTable('order_event', {
  id: text().primaryKey(),
  orderId: text().notNull().references(() => order.id),
  action: text().notNull(),
  fromStatus: text(),
  toStatus: text(),
  actorId: text(),
  actorKind: text().$type<'consumer' | 'seller' | 'operator' | 'system' | 'provider'>().notNull(),
  reason: text(),
  detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: created(),
}, (t) => [index().on(t.orderId, t.createdAt)]);

/** Each accepted modification keeps the order as it was before (MS-ORD-01): version n holds the state replaced by version n+1. */
export const orderVersion = pgTable('order_version', {
  id: text().primaryKey(),
  orderId: text().notNull().references(() => order.id),
  version: integer().notNull(),
  snapshot: jsonb().$type<OrderSnapshot>().notNull(),
  createdAt: created(),
}, (t) => [uniqueIndex().on(t.orderId, t.version)]);

/** A proposed change to an order before confirmation (MS-ORD-01); price changes need the other party's acceptance. */
export const orderModification = pgTable('order_modification', {
  id: text().primaryKey(),
  orderId: text().notNull().references(() => order.id),
  baseVersion: integer().notNull(),
  proposedBy: text().$type<'consumer' | 'seller'>().notNull(),
  proposerId: text(),
  changes: jsonb().$type<Record<string, unknown>>().notNull(),
  priceDelta: fen().notNull().default(0),
  needsAcceptanceBy: text().$type<'consumer' | 'seller'>(),
  status: text().$type<'pending' | 'applied' | 'rejected' | 'withdrawn'>().notNull(),
  reason: text().notNull().default(''),
  decidedBy: text(),
  decidedAt: ts(),
  decisionNote: text(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  index().on(t.orderId, t.createdAt),
  uniqueIndex('order_modification_one_pending').on(t.orderId).where(sql`${t.status} = 'pending'`),
]);

/** The service calendar a seller's order confirmation clock runs on (PL-ORD-03); absent → the platform default. */
export const sellerOrderSettings = pgTable('order_seller_settings', {
  sellerId: text().primaryKey(),
  calendarId: text().notNull(),
  updatedBy: text(),
  updatedAt: created(),
});
