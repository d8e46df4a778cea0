import { lazy } from 'react';
import { Route } from 'react-router';

// Screens load on demand, like the rest of the admin console.
const CategoriesPage = lazy(() => import('./CategoriesPage').then((x) => ({ default: x.CategoriesPage })));
const CategoryReportPage = lazy(() => import('./CategoryReportPage').then((x) => ({ default: x.CategoryReportPage })));
const CategoryDetailPage = lazy(() => import('./CategoryDetailPage').then((x) => ({ default: x.CategoryDetailPage })));
const ReviewsPage = lazy(() => import('./ReviewsPage').then((x) => ({ default: x.ReviewsPage })));
const ReviewDetailPage = lazy(() => import('./ReviewDetailPage').then((x) => ({ default: x.ReviewDetailPage })));
const ProductsPage = lazy(() => import('./ProductsPage').then((x) => ({ default: x.ProductsPage })));
const ProductDetailPage = lazy(() => import('./ProductDetailPage').then((x) => ({ default: x.ProductDetailPage })));
const PricesPage = lazy(() => import('./PricesPage').then((x) => ({ default: x.PricesPage })));
const PriceDisplayPage = lazy(() => import('./PriceDisplayPage').then((x) => ({ default: x.PriceDisplayPage })));
const TermsPage = lazy(() => import('./TermsPage').then((x) => ({ default: x.TermsPage })));

/** Catalog routes under /admin (children of the admin layout route). */
export function adminCatalogRoutes() {
  return (
    <>
      <Route path="catalog/categories" element={<CategoriesPage />} />
      <Route path="catalog/category-report" element={<CategoryReportPage />} />
      <Route path="catalog/categories/:id" element={<CategoryDetailPage />} />
      <Route path="catalog/reviews" element={<ReviewsPage />} />
      <Route path="catalog/reviews/:versionId" element={<ReviewDetailPage />} />
      <Route path="catalog/products" element={<ProductsPage />} />
      <Route path="catalog/products/:id" element={<ProductDetailPage />} />
      <Route path="catalog/prices" element={<PricesPage />} />
      <Route path="catalog/price-display" element={<PriceDisplayPage />} />
      <Route path="catalog/terms" element={<TermsPage />} />
    </>
  );
}
