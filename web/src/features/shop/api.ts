import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';

export type StoreCategory = Schemas['StoreCategory'];
export type CategoryFilter = StoreCategory['filters'][number];
export type StoreCard = Schemas['StoreProductCard'];
export type StoreProduct = Schemas['StoreProduct'];
export type StoreSku = StoreProduct['skus'][number];
export type PriceValues = NonNullable<StoreSku['price']>;
export type PriceType = PriceValues['priceType'];
export type SalesUnit = StoreSku['salesUnit'];
export type QualityStandard = NonNullable<StoreProduct['qualityStandard']>;
export type ShippingRule = NonNullable<StoreProduct['shipping']>;
export type AttrValue = StoreProduct['attributes'][number]['value'];

export const SORTS = ['newest', 'price_asc', 'price_desc', 'sales'] as const;
export type Sort = (typeof SORTS)[number];

/** What a listing asks the API for; every field lives in the page's URL query (see listing-params.ts). */
export type ListingFilter = {
  q: string;
  categoryId: string | null;
  sellerId: string | null;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean;
  attrs: string[];
  sort: Sort;
};

/** Cards per "load more" page: a multiple of 2, 3 and 4 so the grid's last row is full at every width. */
export const LISTING_PAGE = 24;

/** Query keys of the storefront; `['store', 'categories']` is shared with the seller screens (same data). */
export const shopKeys = {
  categories: ['store', 'categories'] as const,
  products: (f: ListingFilter, limit: number) => ['store', 'products', f, limit] as const,
  shelf: (f: ListingFilter, limit: number) => ['store', 'shelf', f, limit] as const,
  product: (id: string) => ['store', 'product', id] as const,
};

/** Open categories (flat, with parentId) and the filterable attributes of each. */
export function useStoreCategories() {
  return useQuery({ queryKey: shopKeys.categories, staleTime: 5 * 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/store/categories'))).items });
}

/** One page of on-shelf products for a filter; keyset paging (the cursor only fits the same sort). */
export async function fetchStoreProducts(f: ListingFilter, limit: number, cursor: string | undefined) {
  return unwrap(api.GET('/api/store/products', {
    params: {
      query: {
        q: f.q || undefined,
        categoryId: f.categoryId ?? undefined,
        sellerId: f.sellerId ?? undefined,
        minPrice: f.minPrice === null ? undefined : String(f.minPrice),
        maxPrice: f.maxPrice === null ? undefined : String(f.maxPrice),
        inStock: f.inStock ? 'true' : undefined,
        attr: f.attrs.length ? f.attrs : undefined,
        sort: f.sort,
        limit: String(limit),
        cursor,
      },
    },
  }));
}

/** A listing with "load more" (pages accumulate; a new filter starts again from the first page). */
export function useStoreProducts(f: ListingFilter, limit = LISTING_PAGE) {
  const q = useInfiniteQuery({
    queryKey: shopKeys.products(f, limit),
    queryFn: ({ pageParam }) => fetchStoreProducts(f, limit, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...q, items: q.data?.pages.flatMap((p) => p.items) ?? [] };
}

/** A few cards for a home-page shelf (first page only). */
export function useShelf(f: ListingFilter, limit: number) {
  return useQuery({ queryKey: shopKeys.shelf(f, limit), queryFn: async () => (await fetchStoreProducts(f, limit, undefined)).items });
}

/** The product page; a product that is not on the shelf answers 404. */
export function useStoreProduct(id: string | undefined) {
  return useQuery({ queryKey: shopKeys.product(id ?? ''), enabled: Boolean(id),
    queryFn: () => unwrap(api.GET('/api/store/products/{id}', { params: { path: { id: id! } } })) });
}
