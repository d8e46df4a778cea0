import { lazy } from 'react';
import { Route } from 'react-router';

// Screens load on demand, like the rest of the admin console.
const OrdersPage = lazy(() => import('./OrdersPage').then((x) => ({ default: x.OrdersPage })));
const OrderDetailPage = lazy(() => import('./OrderDetailPage').then((x) => ({ default: x.OrderDetailPage })));
const PaymentsPage = lazy(() => import('./PaymentsPage').then((x) => ({ default: x.PaymentsPage })));
const ProvidersPage = lazy(() => import('./ProvidersPage').then((x) => ({ default: x.ProvidersPage })));
const ProviderDetailPage = lazy(() => import('./ProviderDetailPage').then((x) => ({ default: x.ProviderDetailPage })));
const RiskPage = lazy(() => import('./RiskPage').then((x) => ({ default: x.RiskPage })));
const EnquiriesPage = lazy(() => import('./EnquiriesPage').then((x) => ({ default: x.EnquiriesPage })));
const ReconciliationPage = lazy(() => import('./ReconciliationPage').then((x) => ({ default: x.ReconciliationPage })));
const LedgerPage = lazy(() => import('./LedgerPage').then((x) => ({ default: x.LedgerPage })));
const EntriesPage = lazy(() => import('./EntriesPage').then((x) => ({ default: x.EntriesPage })));
const FinanceSettingsPage = lazy(() => import('./FinanceSettingsPage').then((x) => ({ default: x.FinanceSettingsPage })));
const StatementsPage = lazy(() => import('./StatementsPage').then((x) => ({ default: x.StatementsPage })));
const StatementDetailPage = lazy(() => import('./StatementDetailPage').then((x) => ({ default: x.StatementDetailPage })));
const PayoutsPage = lazy(() => import('./PayoutsPage').then((x) => ({ default: x.PayoutsPage })));

/** Trade and finance routes under /admin (children of the admin layout route). */
export function adminTradeRoutes() {
  return (
    <>
      <Route path="trade/orders" element={<OrdersPage />} />
      <Route path="trade/orders/:id" element={<OrderDetailPage />} />
      <Route path="trade/payments" element={<PaymentsPage />} />
      <Route path="trade/providers" element={<ProvidersPage />} />
      <Route path="trade/providers/:id" element={<ProviderDetailPage />} />
      <Route path="trade/risk" element={<RiskPage />} />
      <Route path="trade/enquiries" element={<EnquiriesPage />} />
      <Route path="finance/reconciliation" element={<ReconciliationPage />} />
      <Route path="finance/ledger" element={<LedgerPage />} />
      <Route path="finance/entries" element={<EntriesPage />} />
      <Route path="finance/settings" element={<FinanceSettingsPage />} />
      <Route path="finance/statements" element={<StatementsPage />} />
      <Route path="finance/statements/:id" element={<StatementDetailPage />} />
      <Route path="finance/payouts" element={<PayoutsPage />} />
    </>
  );
}
