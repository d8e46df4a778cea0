/** inventory routes under /admin (children of the admin layout route). */
export function adminInventoryRoutes() {
  return null;
}
/** inventory routes under /seller (children of the seller layout route). */
export function sellerInventoryRoutes() {
  return null;
}
