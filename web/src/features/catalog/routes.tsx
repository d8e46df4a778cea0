/** catalog routes under /admin (children of the admin layout route). */
export function adminCatalogRoutes() {
  return null;
}
/** catalog routes under /seller (children of the seller layout route). */
export function sellerCatalogRoutes() {
  return null;
}
