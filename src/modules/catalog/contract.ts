import { z } from 'zod';
import { AttrValue, AttrValues, AttributeDef, GovernmentPrice, PriceTag, PriceTagField, PriceType, PricingPrinciples, QualityStandard,
  SalesUnit, Text } from './types.js';

const Fen = z.number().int().min(0).max(100_000_000_000);
/** Money in JSON: integer fen plus currency. */
export const MoneyOut = z.object({ amount: z.number().int(), currency: z.string() }).meta({ id: 'Money' });
const Id = z.string().min(1).max(64);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

// ---------------------------------------------------------------- categories and rules

export const NewCategoryBody = z.strictObject({
  parentId: Id.nullable(),
  name: Text(40).min(1),
  nameEn: Text(60).min(1),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type NewCategoryBody = z.infer<typeof NewCategoryBody>;

export const UpdateCategoryBody = z.strictObject({
  name: Text(40).min(1).optional(),
  nameEn: Text(60).min(1).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
});

export const RuleBody = z.strictObject({
  criteria: Text(4000),
  attributes: z.array(AttributeDef).max(60),
  titleMinLength: z.number().int().min(1).max(120),
  titleMaxLength: z.number().int().min(1).max(120),
  prohibitedTerms: z.array(Text(40).min(1)).max(500),
  requiredQualifications: z.array(Text(60).min(1)).max(20),
  priceTagRequired: z.array(PriceTagField).max(10),
  qualityStandardRequired: z.boolean(),
  reviewMode: z.enum(['manual', 'auto']),
  allowedPriceTypes: z.array(PriceType).min(1),
  pricing: PricingPrinciples,
  reviewDueOn: IsoDate,
  note: Text(500),
}).meta({ id: 'CategoryRuleBody' });
export type RuleBody = z.infer<typeof RuleBody>;

export const RuleOut = RuleBody.extend({
  id: z.string(), categoryId: z.string(), version: z.number().int(), createdBy: z.string().nullable(), createdAt: z.string(),
  reviewOverdue: z.boolean(),
}).meta({ id: 'CategoryRule' });
export type RuleOut = z.infer<typeof RuleOut>;

export const CategoryOut = z.object({
  id: z.string(), parentId: z.string().nullable(), name: z.string(), nameEn: z.string(), position: z.number().int(),
  path: z.array(z.string()), active: z.boolean(), leaf: z.boolean(), productCount: z.number().int(), liveCount: z.number().int(),
  rule: RuleOut.nullable(),
}).meta({ id: 'Category' });
export type CategoryOut = z.infer<typeof CategoryOut>;

// ---------------------------------------------------------------- products

export const SkuInput = z.strictObject({
  id: Id.optional(),
  code: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'use 1–40 letters, digits, dot, dash or underscore'),
  specification: Text(60),
  attributes: AttrValues,
  barcode: z.string().regex(/^\d{8,14}$/, 'a barcode is 8 to 14 digits (EAN/UPC/GTIN)').nullable().optional(),
  weightGrams: z.number().int().min(0).max(1_000_000).nullable().optional(),
  salesUnit: SalesUnit,
  imageId: Id.nullable().optional(),
});
export type SkuInput = z.infer<typeof SkuInput>;

export const ProductBody = z.strictObject({
  categoryId: Id,
  title: Text(120).min(1),
  subtitle: Text(200).optional(),
  description: Text(20_000),
  brand: Text(60).optional(),
  attributes: AttrValues,
  images: z.array(Id).max(9),
  qualityStandard: QualityStandard.nullable(),
  priceTag: PriceTag,
  skus: z.array(SkuInput).min(1, 'a product needs at least one SKU').max(100),
}).meta({ id: 'ProductBody' });
export type ProductBody = z.infer<typeof ProductBody>;

const ProductStatus = z.enum(['draft', 'in_review', 'rejected', 'on_shelf', 'off_shelf']);
const VersionState = z.enum(['draft', 'submitted', 'approved', 'rejected', 'superseded', 'withdrawn']);
const Flag = z.object({ term: z.string(), field: z.string(), kind: z.literal('quality_claim') });

export const PriceValuesOut = z.object({
  priceType: PriceType, retail: MoneyOut, member: MoneyOut.nullable(), list: MoneyOut.nullable(), government: GovernmentPrice.nullable(),
}).meta({ id: 'PriceValues' });
export const PriceOut = PriceValuesOut.extend({ skuId: z.string(), updatedAt: z.string() }).meta({ id: 'Price' });
export type PriceOut = z.infer<typeof PriceOut>;

export const PriceChangeOut = z.object({
  id: z.string(), skuId: z.string(), skuCode: z.string(), productId: z.string(), productTitle: z.string(), sellerId: z.string(),
  sellerName: z.string(),
  before: PriceValuesOut.nullable(), after: PriceValuesOut, changePct: z.number().nullable(), reason: z.string(),
  needsApprovalBecause: z.string().nullable(),
  approvalReasons: z.array(z.union([
    z.object({ kind: z.literal('threshold'), changePct: z.number(), thresholdPct: z.number() }),
    z.object({ kind: z.literal('discount'), maxDiscountPct: z.number() }),
  ])),
  status: z.enum(['applied', 'pending', 'approved', 'rejected', 'withdrawn']),
  requestedBy: z.string().nullable(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionNote: z.string().nullable(),
  effectiveAt: z.string().nullable(), createdAt: z.string(),
}).meta({ id: 'PriceChange' });
export type PriceChangeOut = z.infer<typeof PriceChangeOut>;

export const ContentOut = z.object({
  title: z.string(), subtitle: z.string(), description: z.string(), categoryId: z.string(), brand: z.string(),
  attributes: z.record(z.string(), AttrValue), images: z.array(z.string()), qualityStandard: QualityStandard.nullable(),
  priceTag: PriceTag,
  skus: z.array(z.object({ id: z.string(), code: z.string(), specification: z.string(), attributes: z.record(z.string(), AttrValue),
    barcode: z.string().nullable(), weightGrams: z.number().int().nullable(), salesUnit: SalesUnit, imageId: z.string().nullable() })),
}).meta({ id: 'ProductContent' });

export const VersionOut = z.object({
  id: z.string(), productId: z.string(), versionNo: z.number().int(), state: VersionState, flags: z.array(Flag),
  submittedAt: z.string().nullable(), decidedAt: z.string().nullable(), decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(), createdAt: z.string(), content: ContentOut,
}).meta({ id: 'ProductVersion' });
export type VersionOut = z.infer<typeof VersionOut>;

export const SkuOut = z.object({
  id: z.string(), code: z.string(), status: z.enum(['active', 'retired']), price: PriceOut.nullable(), pendingPriceChangeId: z.string().nullable(),
}).meta({ id: 'ProductSku' });

export const ProductOut = z.object({
  id: z.string(), sellerId: z.string(), sellerName: z.string(), categoryId: z.string(), status: ProductStatus, title: z.string(),
  live: z.boolean(), offShelfBy: z.enum(['seller', 'operator']).nullable(), offShelfReason: z.string().nullable(),
  scheduledOnAt: z.string().nullable(), scheduledOffAt: z.string().nullable(),
  latest: VersionOut, liveVersion: z.object({ id: z.string(), versionNo: z.number().int() }).nullable(),
  pendingVersionId: z.string().nullable(), skus: z.array(SkuOut), createdAt: z.string(), updatedAt: z.string(),
}).meta({ id: 'Product' });
export type ProductOut = z.infer<typeof ProductOut>;

export const ProductSummaryOut = z.object({
  id: z.string(), sellerId: z.string(), sellerName: z.string(), categoryId: z.string(), status: ProductStatus, title: z.string(),
  live: z.boolean(), latestVersionNo: z.number().int(), priceMin: MoneyOut.nullable(), priceMax: MoneyOut.nullable(),
  coverImageUrl: z.string().nullable(), offShelfBy: z.enum(['seller', 'operator']).nullable(), updatedAt: z.string(),
}).meta({ id: 'ProductSummary' });
export type ProductSummaryOut = z.infer<typeof ProductSummaryOut>;

export const EventOut = z.object({
  id: z.string(), action: z.string(), versionId: z.string().nullable(), actorId: z.string().nullable(),
  actorKind: z.enum(['seller', 'operator', 'system']), reason: z.string().nullable(), detail: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
}).meta({ id: 'ProductEvent' });

export const ReasonBody = z.strictObject({ reason: Text(500).min(2, 'give a reason of at least 2 characters') });
export const ApproveBody = z.strictObject({ note: Text(500).optional(), clearFlags: z.boolean().optional() });

export const ReviewItemOut = z.object({
  versionId: z.string(), productId: z.string(), versionNo: z.number().int(), sellerId: z.string(), sellerName: z.string(),
  title: z.string(), categoryId: z.string(), categoryName: z.string(), flags: z.array(Flag), submittedAt: z.string(),
  liveVersionId: z.string().nullable(),
}).meta({ id: 'ReviewItem' });

// ---------------------------------------------------------------- prices and delivery fees

export const PriceBody = z.strictObject({
  priceType: PriceType,
  retail: Fen,
  member: Fen.nullable().optional(),
  list: Fen.nullable().optional(),
  government: GovernmentPrice.nullable().optional(),
  reason: Text(200).min(1, 'say why the price is set or changed'),
}).meta({ id: 'PriceBody' });
export type PriceBody = z.infer<typeof PriceBody>;

export const SetPriceOut = z.object({ status: z.enum(['applied', 'pending']), change: PriceChangeOut }).meta({ id: 'SetPriceResult' });

export const ShippingRuleBody = z.strictObject({
  baseFee: Fen, freeOver: Fen.nullable(), extraItemFee: Fen, deliveryTerms: Text(500),
}).meta({ id: 'ShippingRuleBody' });
export type ShippingRuleBody = z.infer<typeof ShippingRuleBody>;
export const ShippingRuleOut = z.object({
  baseFee: MoneyOut, freeOver: MoneyOut.nullable(), extraItemFee: MoneyOut, deliveryTerms: z.string(), updatedAt: z.string().nullable(),
}).meta({ id: 'ShippingRule' });

// ---------------------------------------------------------------- images and moderation terms

export const ImageOut = z.object({
  id: z.string(), url: z.string(), contentType: z.string(), bytes: z.number().int(), width: z.number().int(), height: z.number().int(),
  createdAt: z.string(),
}).meta({ id: 'Image' });
export const TermBody = z.strictObject({ term: Text(40).min(1), kind: z.enum(['prohibited', 'quality_claim']), note: Text(200).optional() });
export const TermOut = z.object({ id: z.string(), term: z.string(), kind: z.enum(['prohibited', 'quality_claim']), note: z.string(), createdAt: z.string() }).meta({ id: 'ModerationTerm' });

// ---------------------------------------------------------------- storefront

export const STORE_SORTS = ['newest', 'price_asc', 'price_desc', 'sales'] as const;
export const StoreCardOut = z.object({
  id: z.string(), title: z.string(), coverImageUrl: z.string().nullable(), price: MoneyOut.nullable(), priceMax: MoneyOut.nullable(),
  inStock: z.boolean(), seller: z.object({ id: z.string(), name: z.string() }), categoryId: z.string(), salesCount: z.number().int(),
}).meta({ id: 'StoreProductCard' });
export const StoreCategoryOut = z.object({
  id: z.string(), parentId: z.string().nullable(), name: z.string(), nameEn: z.string(), position: z.number().int(), leaf: z.boolean(),
  filters: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string(), options: z.array(z.string()), unit: z.string().nullable() })),
}).meta({ id: 'StoreCategory' });
export const StoreProductOut = z.object({
  id: z.string(), versionId: z.string(), title: z.string(), subtitle: z.string(), description: z.string(), brand: z.string(),
  breadcrumb: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string() })),
  attributes: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string(), value: AttrValue, unit: z.string().nullable() })),
  images: z.array(z.object({ id: z.string(), url: z.string() })),
  qualityStandard: QualityStandard.nullable(),
  priceTag: PriceTag.extend({ displayMode: z.enum(['list_struck', 'retail_only']) }),
  skus: z.array(z.object({
    id: z.string(), code: z.string(), specification: z.string(), attributes: z.record(z.string(), AttrValue), salesUnit: SalesUnit,
    weightGrams: z.number().int().nullable(), imageUrl: z.string().nullable(),
    price: PriceValuesOut.nullable(), stock: z.enum(['in_stock', 'low', 'out_of_stock']), available: z.number().int(),
  })),
  seller: z.object({ id: z.string(), name: z.string() }),
  shipping: ShippingRuleOut.nullable(),
  publishedAt: z.string().nullable(),
}).meta({ id: 'StoreProduct' });
export type StoreProductOut = z.infer<typeof StoreProductOut>;

export const IssueOut = z.object({ path: z.string(), message: z.string(), rule: z.string(), params: z.record(z.string(), z.unknown()).optional() })
  .meta({ id: 'ListingIssue' });
export const PriceDisplayIssueOut = z.object({
  productId: z.string(), title: z.string(), sellerId: z.string(), sellerName: z.string(), categoryId: z.string(), issues: z.array(IssueOut),
}).meta({ id: 'PriceDisplayIssue' });

export const CategoryReportOut = z.object({
  categoryId: z.string(), name: z.string(), nameEn: z.string(), parentId: z.string().nullable(), ruleVersion: z.number().int(), reviewDueOn: z.string(),
  products: z.number().int(), live: z.number().int(), published: z.number().int(), reclassifiedIn: z.number().int(), reclassifiedOut: z.number().int(),
  takenDown: z.number().int(), rejected: z.number().int(),
}).meta({ id: 'CategoryReportRow' });

const FutureTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
export const ScheduleBody = z.strictObject({
  onAt: FutureTime.nullable().optional().describe('Put on shelf at this time (null clears)'),
  offAt: FutureTime.nullable().optional().describe('Take off shelf at this time (null clears)'),
}).refine((b) => b.onAt !== undefined || b.offAt !== undefined, { message: 'give onAt and/or offAt' });
