import { z } from 'zod';

/** Text a person typed: no NUL, trimmed, bounded. */
export const Text = (max: number) => z.string().trim().max(max);
const Fen = z.number().int().min(0).max(100_000_000_000);

export const ATTRIBUTE_TYPES = ['text', 'number', 'enum', 'boolean'] as const;

/** One attribute a category asks for (MS-CAT-03): e.g. 材质, 尺寸, 产地, 颜色. */
export const AttributeDef = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'use lower-case letters, digits and _ (e.g. origin)'),
  label: Text(40).min(1),
  labelEn: Text(40).min(1),
  type: z.enum(ATTRIBUTE_TYPES),
  unit: Text(16).optional(),
  options: z.array(Text(40).min(1)).max(100).optional(),
  required: z.boolean(),
  level: z.enum(['product', 'sku']),
  filterable: z.boolean().optional(),
});
export type AttributeDef = z.infer<typeof AttributeDef>;

/** Price-tag fields a category can make mandatory (PL-PRC-06). */
export const PRICE_TAG_FIELDS = ['origin', 'grade', 'specification', 'listPrice', 'memberPrice', 'pricingOfficer', 'supervisionContact'] as const;
export const PriceTagField = z.enum(PRICE_TAG_FIELDS);
export type PriceTagField = z.infer<typeof PriceTagField>;

export const PRICE_TYPES = ['market', 'government_guided', 'government_fixed', 'negotiated', 'bidding'] as const;
export const PriceType = z.enum(PRICE_TYPES);
export type PriceType = z.infer<typeof PriceType>;

/** Pricing principles of a category (MS-PRC-01). */
export const PricingPrinciples = z.strictObject({
  /** A retail change larger than this (percent of the current price) waits for an approver. */
  approvalThresholdPct: z.number().int().min(0).max(1000),
  /** A retail price more than this far below the list price needs approval; absent: no bound. */
  maxDiscountPct: z.number().int().min(0).max(100).optional(),
  displayMode: z.enum(['list_struck', 'retail_only']),
});
export type PricingPrinciples = z.infer<typeof PricingPrinciples>;

/** Government-set or government-guided price reference (PL-PRC-02). */
export const GovernmentPrice = z.strictObject({
  authority: Text(80).min(1),
  documentNo: Text(80).min(1),
  basePrice: Fen,
  minPrice: Fen.optional(),
  maxPrice: Fen.optional(),
});
export type GovernmentPrice = z.infer<typeof GovernmentPrice>;

export const QUALITY_STANDARD_TYPES = ['legal_indicator', 'national_mandatory', 'industry_mandatory', 'local_mandatory',
  'national_recommended', 'industry_recommended', 'enterprise'] as const;

/** The standard a mass-produced product complies with, or a statement for one that is not (PL-CAT-05). */
export const QualityStandard = z.union([
  z.strictObject({ type: z.enum(QUALITY_STANDARD_TYPES), code: Text(60).min(1), filingRef: Text(60).min(1).optional() }),
  z.strictObject({ type: z.literal('statement'), statement: Text(1000).min(10) }),
]);
export type QualityStandard = z.infer<typeof QualityStandard>;

export const AttrValue = z.union([Text(200), z.number().finite(), z.boolean()]);
export const AttrValues = z.record(z.string().max(40), AttrValue).refine((o) => Object.keys(o).length <= 60, 'at most 60 attributes');

/** Price-tag information of a product (PL-PRC-06); specification is per SKU. */
export const PriceTag = z.strictObject({
  origin: Text(60).optional(),
  grade: Text(40).optional(),
  pricingOfficer: Text(40).optional(),
  supervisionContact: Text(60).optional(),
});

/** Sales unit of a SKU (PL-CAT-06): by count (one unit = one piece) or by measure (net quantity and unit). */
export const SalesUnit = z.union([
  z.strictObject({ mode: z.literal('count'), unitName: Text(8).min(1) }),
  z.strictObject({ mode: z.literal('measure'), netQuantity: z.number().positive().max(1_000_000), unit: z.enum(['g', 'kg', 'ml', 'L', 'm', 'cm', 'm2']) }),
]);
export type SalesUnit = z.infer<typeof SalesUnit>;

export const SkuContent = z.strictObject({
  id: z.string().max(64),
  code: z.string(),
  specification: z.string(),
  attributes: z.record(z.string(), AttrValue),
  barcode: z.string().nullable(),
  weightGrams: z.number().int().nullable(),
  salesUnit: SalesUnit,
  imageId: z.string().nullable(),
});
export type SkuContent = z.infer<typeof SkuContent>;

/** Everything a product version says; frozen once submitted. */
export const ProductContent = z.strictObject({
  title: z.string(),
  subtitle: z.string(),
  description: z.string(),
  categoryId: z.string(),
  brand: z.string(),
  attributes: z.record(z.string(), AttrValue),
  images: z.array(z.string()),
  qualityStandard: QualityStandard.nullable(),
  priceTag: PriceTag,
  skus: z.array(SkuContent),
});
export type ProductContent = z.infer<typeof ProductContent>;
