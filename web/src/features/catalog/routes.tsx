import { lazy } from 'react';
import { Route } from 'react-router';

const ProductsPage = lazy(() => import('./ProductsPage').then((x) => ({ default: x.ProductsPage })));
const ProductNewPage = lazy(() => import('./ProductPage').then((x) => ({ default: x.ProductNewPage })));
const ProductDetailPage = lazy(() => import('./ProductPage').then((x) => ({ default: x.ProductDetailPage })));
const PriceChangesPage = lazy(() => import('./PriceChangesPage').then((x) => ({ default: x.PriceChangesPage })));
const ShippingPage = lazy(() => import('./ShippingPage').then((x) => ({ default: x.ShippingPage })));

/** Catalog routes under /seller (children of the seller layout route). */
export function sellerCatalogRoutes() {
  return (
    <>
      <Route path="products" element={<ProductsPage />} />
      <Route path="products/new" element={<ProductNewPage />} />
      <Route path="products/:id" element={<ProductDetailPage />} />
      <Route path="prices" element={<PriceChangesPage />} />
      <Route path="shipping" element={<ShippingPage />} />
    </>
  );
}
