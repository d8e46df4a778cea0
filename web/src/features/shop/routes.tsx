/** Storefront routes (children of the store layout route): listing, search, product page. */
export function shopRoutes() {
  return null;
}
