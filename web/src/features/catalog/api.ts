import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';

export type Product = Schemas['Product'];
export type ProductSummary = Schemas['ProductSummary'];
export type ProductStatus = Product['status'];
export type ProductVersion = Schemas['ProductVersion'];
export type VersionState = ProductVersion['state'];
export type ProductEvent = Schemas['ProductEvent'];
export type CategoryRule = Schemas['CategoryRule'];
export type AttributeDef = CategoryRule['attributes'][number];
export type StoreCategory = Schemas['StoreCategory'];
export type PriceChange = Schemas['PriceChange'];
export type PriceChangeStatus = PriceChange['status'];
export type PriceValues = PriceChange['after'];
export type PriceType = PriceValues['priceType'];
export type ProductSku = Product['skus'][number];
export type SkuContent = ProductVersion['content']['skus'][number];
export type ImageOut = Schemas['Image'];
export type ShippingRule = Schemas['ShippingRule'];
export type ProductBody = Schemas['ProductBody'];
export type PriceBody = Schemas['PriceBody'];
export type QualityStandard = NonNullable<ProductBody['qualityStandard']>;
export type SalesUnit = SkuContent['salesUnit'];

export const PRODUCT_STATUSES = ['draft', 'in_review', 'rejected', 'on_shelf', 'off_shelf'] as const satisfies readonly ProductStatus[];
export const PRICE_TYPES = ['market', 'government_guided', 'government_fixed', 'negotiated', 'bidding'] as const satisfies readonly PriceType[];
export const PRICE_CHANGE_STATUSES = ['applied', 'pending', 'approved', 'rejected', 'withdrawn'] as const satisfies readonly PriceChangeStatus[];
export const QUALITY_STANDARD_TYPES = ['national_mandatory', 'national_recommended', 'industry_mandatory', 'industry_recommended',
  'local_mandatory', 'enterprise', 'legal_indicator'] as const;
export const MEASURE_UNITS = ['g', 'kg', 'ml', 'L', 'm', 'cm', 'm2'] as const;
export const MAX_IMAGES = 9;

/** TanStack Query keys of the seller catalog (all under 'seller-catalog', so one invalidation refreshes the lot). */
export const keys = {
  all: ['seller-catalog'] as const,
  products: (filter: unknown) => ['seller-catalog', 'products', filter] as const,
  product: (id: string) => ['seller-catalog', 'product', id] as const,
  versions: (id: string) => ['seller-catalog', 'product', id, 'versions'] as const,
  history: (id: string) => ['seller-catalog', 'product', id, 'history'] as const,
  productChanges: (id: string) => ['seller-catalog', 'product', id, 'price-changes'] as const,
  priceChanges: (filter: unknown) => ['seller-catalog', 'price-changes', filter] as const,
  rule: (categoryId: string) => ['seller-catalog', 'rule', categoryId] as const,
  categories: ['store', 'categories'] as const,
  shipping: ['seller-catalog', 'shipping-rule'] as const,
  priceDisplay: ['seller-catalog', 'price-display-issues'] as const,
};

/** Open categories of the storefront (the tree; leaves are where products go). */
export function useCategories() {
  return useQuery({ queryKey: keys.categories, staleTime: 5 * 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/store/categories'))).items });
}

/** The current rule of a category: attributes, price-tag fields, quality standard, price types. */
export function useRule(categoryId: string | null | undefined) {
  return useQuery({ queryKey: keys.rule(categoryId ?? ''), enabled: Boolean(categoryId), staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/api/seller/categories/{id}/rule', { params: { path: { id: categoryId! } } })) });
}

export function useProduct(id: string | undefined) {
  return useQuery({ queryKey: keys.product(id ?? ''), enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/api/seller/products/{id}', { params: { path: { id: id! } } })) });
}

/** Uploads one image file as the raw request body (the API sniffs the bytes; the declared type must match). */
export async function uploadImage(file: File): Promise<ImageOut> {
  let res: Response;
  try {
    res = await fetch('/api/seller/images', { method: 'POST', body: file, credentials: 'same-origin',
      headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' } });
  } catch {
    throw new ApiError(0, {});
  }
  const body = await res.json().catch(() => ({})) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, body);
  return body as unknown as ImageOut;
}

/** Where an uploaded image is served (public, immutable). */
export const imageSrc = (id: string) => `/media/${id}`;
