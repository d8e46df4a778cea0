import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AttributeDef, PriceTagField, ProductContent, PricingPrinciples, GovernmentPrice } from './types.js';

const ts = () => timestamp({ withTimezone: true, mode: 'date' });
const created = () => ts().notNull().defaultNow();
const fen = () => bigint({ mode: 'number' });

/** Category tree (MS-CAT-02). path holds the ids from the root down to and including this category. */
export const category = pgTable('catalog_category', {
  id: text().primaryKey(),
  parentId: text(),
  name: text().notNull(),
  nameEn: text().notNull(),
  position: integer().notNull().default(0),
  path: text().array().notNull(),
  active: boolean().notNull().default(true),
  currentRuleId: text(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [index().on(t.parentId, t.position)]);

/**
 * Classification and description rule of a category, versioned: each edit adds a row (MS-CAT-02,
 * MS-CAT-03, PL-CAT-05, PL-PRC-06, MS-PRC-01). Rows are never updated.
 */
export const categoryRule = pgTable('catalog_category_rule', {
  id: text().primaryKey(),
  categoryId: text().notNull().references(() => category.id),
  version: integer().notNull(),
  criteria: text().notNull().default(''),
  attributes: jsonb().$type<AttributeDef[]>().notNull(),
  titleMinLength: integer().notNull().default(4),
  titleMaxLength: integer().notNull().default(60),
  prohibitedTerms: text().array().notNull(),
  requiredQualifications: text().array().notNull(),
  priceTagRequired: jsonb().$type<PriceTagField[]>().notNull(),
  qualityStandardRequired: boolean().notNull().default(false),
  reviewMode: text().$type<'manual' | 'auto'>().notNull().default('manual'),
  allowedPriceTypes: text().array().notNull(),
  pricing: jsonb().$type<PricingPrinciples>().notNull(),
  reviewDueOn: text().notNull(),
  note: text().notNull().default(''),
  createdBy: text(),
  createdAt: created(),
}, (t) => [uniqueIndex().on(t.categoryId, t.version)]);

/**
 * A product. status is the product as a whole; content lives in versions. Storefront columns (live_*,
 * search_tokens, category_path, price_min/max, attrs) are written only when a version goes live or a
 * price changes, so listing queries read one table through partial indexes.
 */
export const product = pgTable('catalog_product', {
  id: text().primaryKey(),
  sellerId: text().notNull(),
  categoryId: text().notNull().references(() => category.id),
  status: text().$type<'draft' | 'in_review' | 'rejected' | 'on_shelf' | 'off_shelf'>().notNull().default('draft'),
  title: text().notNull(),
  latestVersionId: text().notNull(),
  latestVersionNo: integer().notNull(),
  liveVersionId: text(),
  pendingVersionId: text(),
  offShelfBy: text().$type<'seller' | 'operator'>(),
  offShelfReason: text(),
  /** Scheduled shelf changes (MS-CAT-04), applied by the `catalog.apply_shelf_schedules` job. */
  scheduledOnAt: ts(),
  scheduledOffAt: ts(),
  live: boolean().notNull().default(false),
  liveTitle: text(),
  coverImageId: text(),
  searchTokens: text().array().notNull().default(sql`'{}'::text[]`),
  categoryPath: text().array().notNull().default(sql`'{}'::text[]`),
  attrs: jsonb().$type<Record<string, string | number | boolean>>().notNull().default({}),
  priceMin: fen(),
  priceMax: fen(),
  salesCount: integer().notNull().default(0),
  publishedAt: ts(),
  createdAt: created(),
  updatedAt: created(),
}, (t) => [
  index().on(t.sellerId, t.updatedAt),
  index().on(t.status, t.updatedAt),
  index('catalog_product_scheduled_on').on(t.scheduledOnAt).where(sql`${t.scheduledOnAt} is not null`),
  index('catalog_product_scheduled_off').on(t.scheduledOffAt).where(sql`${t.scheduledOffAt} is not null`),
  index('catalog_product_live_newest').on(t.publishedAt.desc(), t.id.desc()).where(sql`${t.live}`),
  index('catalog_product_live_price').on(t.priceMin, t.id).where(sql`${t.live}`),
  index('catalog_product_live_sales').on(t.salesCount.desc(), t.id.desc()).where(sql`${t.live}`),
  index('catalog_product_live_category').using('gin', t.categoryPath).where(sql`${t.live}`),
  index('catalog_product_live_search').using('gin', t.searchTokens).where(sql`${t.live}`),
  index('catalog_product_live_attrs').using('gin', sql`${t.attrs} jsonb_path_ops`).where(sql`${t.live}`),
]);

/** Every saved change of a product is a version; submitted, approved and live versions are immutable (PL-CAT-02, MS-CAT-01). */
export const productVersion = pgTable('catalog_product_version', {
  id: text().primaryKey(),
  productId: text().notNull().references(() => product.id),
  versionNo: integer().notNull(),
  content: jsonb().$type<ProductContent>().notNull(),
  ruleId: text(),
  state: text().$type<'draft' | 'submitted' | 'approved' | 'rejected' | 'superseded' | 'withdrawn'>().notNull().default('draft'),
  flags: jsonb().$type<Array<{ term: string; field: string; kind: 'quality_claim' }>>().notNull().default([]),
  submittedAt: ts(),
  submittedBy: text(),
  decidedAt: ts(),
  decidedBy: text(),
  decisionReason: text(),
  createdBy: text(),
  createdAt: created(),
}, (t) => [uniqueIndex().on(t.productId, t.versionNo), index().on(t.state, t.submittedAt)]);

/** SKUs keep their id for life; retired SKUs are never reused (MS-CAT-01). Content of a SKU lives in the product version. */
export const sku = pgTable('catalog_sku', {
  id: text().primaryKey(),
  productId: text().notNull().references(() => product.id),
  sellerId: text().notNull(),
  code: text().notNull(),
  status: text().$type<'active' | 'retired'>().notNull().default('active'),
  createdAt: created(),
}, (t) => [index().on(t.productId), uniqueIndex().on(t.sellerId, t.code)]);

/** Uploaded images; the bytes live in the blob store under the data directory. */
export const image = pgTable('catalog_image', {
  id: text().primaryKey(),
  sellerId: text().notNull(),
  contentType: text().notNull(),
  bytes: integer().notNull(),
  width: integer().notNull(),
  height: integer().notNull(),
  sha256: text().notNull(),
  storageKey: text().notNull(),
  /** Shown to everyone once a version using it was approved; before that only to its seller and operators. */
  public: boolean().notNull().default(false),
  createdBy: text(),
  createdAt: created(),
}, (t) => [index().on(t.sellerId, t.createdAt)]);

/** Product history: every content, category, price and shelf change with actor, reason and time (MS-CAT-01). */
export const productEvent = pgTable('catalog_product_event', {
  id: text().primaryKey(),
  productId: text().notNull().references(() => product.id),
  versionId: text(),
  action: text().notNull(),
  actorId: text(),
  actorKind: text().$type<'seller' | 'operator' | 'system'>().notNull(),
  reason: text(),
  detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  createdAt: created(),
}, (t) => [index().on(t.productId, t.createdAt)]);

/** Platform-wide moderation terms (PL-CAT-03, PL-CAT-04): prohibited terms block submission; quality claims flag it. */
export const moderationTerm = pgTable('catalog_moderation_term', {
  id: text().primaryKey(),
  term: text().notNull(),
  kind: text().$type<'prohibited' | 'quality_claim'>().notNull(),
  note: text().notNull().default(''),
  createdBy: text(),
  createdAt: created(),
}, (t) => [uniqueIndex().on(t.term)]);

/** The current approved price of a SKU (PL-PRC-01, PL-PRC-02, PL-PRC-06, PL-PRC-07). */
export const price = pgTable('catalog_price', {
  skuId: text().primaryKey(),
  productId: text().notNull(),
  sellerId: text().notNull(),
  priceType: text().$type<'market' | 'government_guided' | 'government_fixed' | 'negotiated' | 'bidding'>().notNull(),
  retail: fen().notNull(),
  member: fen(),
  list: fen(),
  government: jsonb().$type<GovernmentPrice | null>(),
  currency: text().notNull().default('CNY'),
  changeId: text().notNull(),
  updatedAt: created(),
}, (t) => [index().on(t.productId)]);

/**
 * Price adjustments (MS-PRC-01, MS-PRC-02): every request with old and new price, reason, approver and
 * effective time. A change beyond the category's threshold waits for an approver.
 */
export const priceChange = pgTable('catalog_price_change', {
  id: text().primaryKey(),
  skuId: text().notNull(),
  productId: text().notNull(),
  sellerId: text().notNull(),
  before: jsonb().$type<PriceValues | null>(),
  after: jsonb().$type<PriceValues>().notNull(),
  changeBp: integer(),
  reason: text().notNull(),
  needsApprovalBecause: text(),
  /** The same reasons, machine-readable (for UIs in other languages). */
  approvalReasons: jsonb().$type<ApprovalReason[]>().notNull().default([]),
  status: text().$type<'applied' | 'pending' | 'approved' | 'rejected' | 'withdrawn'>().notNull(),
  requestedBy: text(),
  decidedBy: text(),
  decidedAt: ts(),
  decisionNote: text(),
  effectiveAt: ts(),
  createdAt: created(),
}, (t) => [
  index().on(t.skuId, t.createdAt),
  index().on(t.sellerId, t.createdAt),
  index().on(t.status, t.createdAt),
  uniqueIndex('catalog_price_change_one_pending').on(t.skuId).where(sql`${t.status} = 'pending'`),
]);

export type ApprovalReason = { kind: 'threshold'; changePct: number; thresholdPct: number } | { kind: 'discount'; maxDiscountPct: number };

export type PriceValues = {
  priceType: 'market' | 'government_guided' | 'government_fixed' | 'negotiated' | 'bidding';
  retail: number; member: number | null; list: number | null; government: GovernmentPrice | null;
};

/** A seller's delivery-fee rule, shown on product pages and used at checkout (PL-PRC-08). */
export const shippingRule = pgTable('catalog_shipping_rule', {
  sellerId: text().primaryKey(),
  baseFee: fen().notNull(),
  freeOver: fen(),
  extraItemFee: fen().notNull().default(0),
  deliveryTerms: text().notNull().default(''),
  updatedBy: text(),
  updatedAt: created(),
});
