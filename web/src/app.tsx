import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from './api/client';
import { ME_KEY } from './auth/session';
import { RequireArea, RequireSignedIn } from './auth/guards';
import { theme } from './theme';
import { LoginPage } from './features/auth/LoginPage';
import { RegisterPage } from './features/auth/RegisterPage';
import { NotFoundPage } from './features/auth/NotFoundPage';
import { StoreLayout } from './features/store/StoreLayout';
import { HomePage } from './features/store/HomePage';
import { StaffLayout, AreaIndex } from './components/StaffLayout';
import type { OrgArea } from './auth/areas';
import { Loading } from './components/Page';
import { sellerCatalogRoutes } from './features/catalog/routes';
import { adminCatalogRoutes } from './features/catalog-admin/routes';
import { adminInventoryRoutes, sellerInventoryRoutes } from './features/inventory/routes';
import { shopRoutes } from './features/shop/routes';
import { sellerTradeRoutes } from './features/trade-seller/routes';
import { adminTradeRoutes } from './features/trade-admin/routes';
import { tradeStoreRoutes } from './features/trade-store/routes';

// Screens load on demand: the storefront does not download the admin console.
const AccountPage = lazy(() => import('./features/account/AccountPage').then((x) => ({ default: x.AccountPage })));
const OrgProfilePage = lazy(() => import('./features/org/OrgProfilePage').then((x) => ({ default: x.OrgProfilePage })));
const OrgStaffPage = lazy(() => import('./features/org/OrgStaffPage').then((x) => ({ default: x.OrgStaffPage })));
const OrgStaffDetailPage = lazy(() => import('./features/org/OrgStaffDetailPage').then((x) => ({ default: x.OrgStaffDetailPage })));
const OrgRolesPage = lazy(() => import('./features/org/OrgRolesPage').then((x) => ({ default: x.OrgRolesPage })));
const OrganisationsPage = lazy(() => import('./features/admin/OrganisationsPage').then((x) => ({ default: x.OrganisationsPage })));
const OrganisationDetailPage = lazy(() => import('./features/admin/OrganisationDetailPage').then((x) => ({ default: x.OrganisationDetailPage })));
const AccountsPage = lazy(() => import('./features/admin/AccountsPage').then((x) => ({ default: x.AccountsPage })));
const AccountDetailPage = lazy(() => import('./features/admin/AccountDetailPage').then((x) => ({ default: x.AccountDetailPage })));
const RolesPage = lazy(() => import('./features/admin/RolesPage').then((x) => ({ default: x.RolesPage })));
const AuditPage = lazy(() => import('./features/admin/AuditPage').then((x) => ({ default: x.AuditPage })));
const CalendarsPage = lazy(() => import('./features/admin/CalendarsPage').then((x) => ({ default: x.CalendarsPage })));
const CalendarDetailPage = lazy(() => import('./features/admin/CalendarDetailPage').then((x) => ({ default: x.CalendarDetailPage })));
const JobsPage = lazy(() => import('./features/admin/JobsPage').then((x) => ({ default: x.JobsPage })));

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 15_000, refetchOnWindowFocus: false, retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2 },
    mutations: { retry: false },
  },
  // A session that ended elsewhere (revoked, expired): forget the account so the guards send the user to sign-in.
  queryCache: new QueryCache({ onError: (e) => { if (e instanceof ApiError && e.code === 'auth.unauthenticated') queryClient.setQueryData(ME_KEY, null); } }),
  mutationCache: new MutationCache({ onError: (e) => { if (e instanceof ApiError && e.code === 'auth.unauthenticated') queryClient.setQueryData(ME_KEY, null); } }),
});

function orgAreaRoutes(area: OrgArea) {
  return (
    <Route path={`/${area}`} element={<RequireArea area={area}><StaffLayout area={area} /></RequireArea>}>
      <Route index element={<AreaIndex area={area} />} />
      {area === 'seller' && sellerCatalogRoutes()}
      {area === 'seller' && sellerInventoryRoutes()}
      {area === 'seller' && sellerTradeRoutes()}
      <Route path="org" element={<OrgProfilePage />} />
      <Route path="staff" element={<OrgStaffPage />} />
      <Route path="staff/:id" element={<OrgStaffDetailPage />} />
      <Route path="roles" element={<OrgRolesPage />} />
      <Route path="account" element={<AccountPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  );
}

function Providers({ children }: { children: React.ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesProvider settings={{ locale: i18n.language === 'en' ? 'en' : 'zh-cn', firstDayOfWeek: 1 }}>
        <ModalsProvider>
          <Notifications position="top-right" limit={4} containerWidth="min(440px, calc(100vw - 32px))" />
          {children}
        </ModalsProvider>
      </DatesProvider>
    </MantineProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Providers>
        <BrowserRouter>
          <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route element={<StoreLayout />}>
              <Route index element={<HomePage />} />
              {shopRoutes()}
              {tradeStoreRoutes()}
              <Route path="account" element={<RequireSignedIn><AccountPage /></RequireSignedIn>} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
            <Route path="/admin" element={<RequireArea area="admin"><StaffLayout area="admin" /></RequireArea>}>
              <Route index element={<AreaIndex area="admin" />} />
              {adminCatalogRoutes()}
              {adminInventoryRoutes()}
              {adminTradeRoutes()}
              <Route path="organisations" element={<OrganisationsPage />} />
              <Route path="organisations/:id" element={<OrganisationDetailPage />} />
              <Route path="accounts" element={<AccountsPage />} />
              <Route path="accounts/:id" element={<AccountDetailPage />} />
              <Route path="roles" element={<RolesPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="calendars" element={<CalendarsPage />} />
              <Route path="calendars/:id" element={<CalendarDetailPage />} />
              <Route path="jobs" element={<JobsPage />} />
              <Route path="account" element={<AccountPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
            {orgAreaRoutes('seller')}
            {orgAreaRoutes('delivery')}
            {orgAreaRoutes('payment')}
            <Route path="/index.html" element={<Navigate to="/" replace />} />
          </Routes>
          </Suspense>
        </BrowserRouter>
      </Providers>
    </QueryClientProvider>
  );
}
