import { lazy } from 'react';
import { Route } from 'react-router';

const WarehousesPage = lazy(() => import('./WarehousesPage').then((x) => ({ default: x.WarehousesPage })));
const WarehouseDetailPage = lazy(() => import('./WarehouseDetailPage').then((x) => ({ default: x.WarehouseDetailPage })));
const StockPage = lazy(() => import('./StockPage').then((x) => ({ default: x.StockPage })));
const MovementsPage = lazy(() => import('./MovementsPage').then((x) => ({ default: x.MovementsPage })));
const AlertsPage = lazy(() => import('./AlertsPage').then((x) => ({ default: x.AlertsPage })));
const AdminAlertsPage = lazy(() => import('./AdminAlertsPage').then((x) => ({ default: x.AdminAlertsPage })));

/** Inventory routes under /admin (children of the admin layout route). */
export function adminInventoryRoutes() {
  return (
    <>
      <Route path="inventory/alerts" element={<AdminAlertsPage />} />
    </>
  );
}

/** Inventory routes under /seller (children of the seller layout route). */
export function sellerInventoryRoutes() {
  return (
    <>
      <Route path="warehouses" element={<WarehousesPage />} />
      <Route path="warehouses/:id" element={<WarehouseDetailPage />} />
      <Route path="stock" element={<StockPage />} />
      <Route path="stock-movements" element={<MovementsPage />} />
      <Route path="stock-alerts" element={<AlertsPage />} />
    </>
  );
}
