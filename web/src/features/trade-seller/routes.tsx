import { lazy } from 'react';
import { Route } from 'react-router';

const OrdersPage = lazy(() => import('./OrdersPage').then((x) => ({ default: x.OrdersPage })));
const OrderDetailPage = lazy(() => import('./OrderDetailPage').then((x) => ({ default: x.OrderDetailPage })));
const OrderSettingsPage = lazy(() => import('./OrderSettingsPage').then((x) => ({ default: x.OrderSettingsPage })));
const SettlementsPage = lazy(() => import('./SettlementsPage').then((x) => ({ default: x.SettlementsPage })));

/** Trade routes under /seller (children of the seller layout route). */
export function sellerTradeRoutes() {
  return (
    <>
      <Route path="orders" element={<OrdersPage />} />
      <Route path="orders/settings" element={<OrderSettingsPage />} />
      <Route path="orders/:id" element={<OrderDetailPage />} />
      <Route path="settlements" element={<SettlementsPage />} />
    </>
  );
}
