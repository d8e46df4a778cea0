import { SORTS, type ListingFilter, type Sort } from './api';

const FEN = /^\d{1,12}$/;
const ATTR = /^[a-z][a-z0-9_]{0,39}:.+$/;

/**
 * The listing's state lives in the URL query (reload and back work; links can be shared):
 * q, sort, minPrice / maxPrice (integer fen, as the API takes them), inStock=true, attr=key:value
 * (repeatable), sellerId. The category comes from the path (/c/:categoryId).
 */
export function readListing(sp: URLSearchParams, categoryId: string | undefined): ListingFilter {
  const sort = sp.get('sort');
  const fen = (k: string) => {
    const v = sp.get(k);
    return v && FEN.test(v) ? Number(v) : null;
  };
  return {
    q: (sp.get('q') ?? '').trim().slice(0, 100),
    categoryId: categoryId ?? null,
    sellerId: sp.get('sellerId') || null,
    minPrice: fen('minPrice'),
    maxPrice: fen('maxPrice'),
    inStock: sp.get('inStock') === 'true',
    attrs: [...new Set(sp.getAll('attr').filter((a) => ATTR.test(a) && a.length <= 100))].slice(0, 10),
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : 'newest',
  };
}

/** The URL query for a filter (the category goes in the path). */
export function listingQuery(f: Omit<ListingFilter, 'categoryId'>): string {
  const sp = new URLSearchParams();
  if (f.q) sp.set('q', f.q);
  if (f.sellerId) sp.set('sellerId', f.sellerId);
  if (f.minPrice !== null) sp.set('minPrice', String(f.minPrice));
  if (f.maxPrice !== null) sp.set('maxPrice', String(f.maxPrice));
  if (f.inStock) sp.set('inStock', 'true');
  for (const a of f.attrs) sp.append('attr', a);
  if (f.sort !== 'newest') sp.set('sort', f.sort);
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Path and query of a listing: /c/<id>?… for a category, /search?… otherwise. */
export function listingHref(f: ListingFilter): string {
  return `${f.categoryId ? `/c/${encodeURIComponent(f.categoryId)}` : '/search'}${listingQuery(f)}`;
}

/** attr=key:value ↔ [key, value] */
export const attrKey = (a: string) => a.slice(0, a.indexOf(':'));
export const attrValue = (a: string) => a.slice(a.indexOf(':') + 1);

/** How many filters narrow the list (for the phone's "筛选 (n)" button). */
export function activeFilterCount(f: ListingFilter): number {
  return (f.minPrice !== null || f.maxPrice !== null ? 1 : 0) + (f.inStock ? 1 : 0) + f.attrs.length;
}
