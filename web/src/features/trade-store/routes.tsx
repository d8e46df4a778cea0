import { lazy } from 'react';
import { Route } from 'react-router';
import { RequireSignedIn } from '../../auth/guards';

// The trade screens load on demand, like every screen (web/src/app.tsx).
const CartPage = lazy(() => import('./CartPage').then((x) => ({ default: x.CartPage })));
const CheckoutPage = lazy(() => import('./CheckoutPage').then((x) => ({ default: x.CheckoutPage })));
const CheckoutResultPage = lazy(() => import('./CheckoutResultPage').then((x) => ({ default: x.CheckoutResultPage })));
const OrdersPage = lazy(() => import('./OrdersPage').then((x) => ({ default: x.OrdersPage })));
const OrderDetailPage = lazy(() => import('./OrderDetailPage').then((x) => ({ default: x.OrderDetailPage })));
const AddressesPage = lazy(() => import('./AddressesPage').then((x) => ({ default: x.AddressesPage })));

/**
 * Storefront trade routes (children of the store layout route). The cart is open to guests; checkout
 * and the account pages need a signed-in consumer (guests go to sign-in and come back).
 */
export function tradeStoreRoutes() {
  return (
    <>
      <Route path="cart" element={<CartPage />} />
      <Route path="checkout" element={<RequireSignedIn><CheckoutPage /></RequireSignedIn>} />
      <Route path="checkout/result" element={<RequireSignedIn><CheckoutResultPage /></RequireSignedIn>} />
      <Route path="account/orders" element={<RequireSignedIn><OrdersPage /></RequireSignedIn>} />
      <Route path="account/orders/:id" element={<RequireSignedIn><OrderDetailPage /></RequireSignedIn>} />
      <Route path="account/addresses" element={<RequireSignedIn><AddressesPage /></RequireSignedIn>} />
    </>
  );
}
