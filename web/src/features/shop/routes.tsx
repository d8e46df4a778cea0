import { lazy } from 'react';
import { Route } from 'react-router';

// The storefront's pages load on demand, like every screen (web/src/app.tsx).
const ListingPage = lazy(() => import('./ListingPage').then((x) => ({ default: x.ListingPage })));
const ProductPage = lazy(() => import('./ProductPage').then((x) => ({ default: x.ProductPage })));

/** Storefront routes (children of the store layout route): search, category listing, product page. */
export function shopRoutes() {
  return (
    <>
      <Route path="search" element={<ListingPage />} />
      <Route path="c/:categoryId" element={<ListingPage />} />
      <Route path="p/:productId" element={<ProductPage />} />
    </>
  );
}
