import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import type { SalesUnit } from '../shop/api';

// Types of the trade API, from the generated OpenAPI schema (npm run openapi).

export type StockState = Schemas['CartLine']['stock'];
export type LineProblem = NonNullable<Schemas['CartLine']['problem']>;
/** The API sends a line's sales unit as an open record; {@link salesUnitOf} reads it as the catalog's SalesUnit. */
export type CartLine = Omit<Schemas['CartLine'], 'salesUnit'> & { salesUnit: SalesUnit };
export type CartGroup = Omit<Schemas['Cart']['groups'][number], 'lines'> & { lines: CartLine[] };
export type Cart = Omit<Schemas['Cart'], 'groups'> & { groups: CartGroup[] };
export type Address = Schemas['Address'];
export type AddressInput = Schemas['AddressBody'];
export type PriceType = 'market' | 'government_guided' | 'government_fixed' | 'negotiated' | 'bidding';
type RawOffer = Schemas['Offer'];
export type OfferLine = Omit<RawOffer['groups'][number]['lines'][number], 'salesUnit' | 'priceType'> & { salesUnit: SalesUnit; priceType: PriceType };
export type OfferGroup = Omit<RawOffer['groups'][number], 'lines'> & { lines: OfferLine[] };
export type Offer = Omit<RawOffer, 'groups'> & { groups: OfferGroup[] };
export type CheckoutPreview = Omit<Schemas['CheckoutPreview'], 'offer'> & { offer: Offer };
export type PaymentStatus = Schemas['Payment']['status'];
export type RefundStatus = Schemas['Refund']['status'];
export type Checkout = Schemas['Checkout'];
export type OrderStatus = Schemas['OrderSummary']['status'];
export type OrderSummary = Schemas['OrderSummary'];
type RawDetail = Schemas['OrderDetail'];
export type OrderLine = Omit<RawDetail['lines'][number], 'salesUnit' | 'priceType'> & { salesUnit: SalesUnit; priceType: PriceType };
export type PaymentRecord = Schemas['Payment'];
export type RefundRecord = Schemas['Refund'];
export type Modification = Schemas['OrderModification'];
export type OrderDetail = Omit<RawDetail, 'lines'> & { lines: OrderLine[] };
export type Enquiry = Schemas['PaymentEnquiry'];
export type EnquirySubject = Schemas['PaymentEnquiryBody']['subjectType'];

const MEASURE_UNITS = new Set(['g', 'kg', 'ml', 'L', 'm', 'cm', 'm2']);
const PRICE_TYPES = new Set<string>(['market', 'government_guided', 'government_fixed', 'negotiated', 'bidding']);

/** A sales unit as the catalog defines it (PL-CAT-06); anything unexpected reads as "per piece". */
export function salesUnitOf(u: Record<string, unknown>): SalesUnit {
  if (u.mode === 'measure' && typeof u.netQuantity === 'number' && typeof u.unit === 'string' && MEASURE_UNITS.has(u.unit)) {
    return { mode: 'measure', netQuantity: u.netQuantity, unit: u.unit as Extract<SalesUnit, { mode: 'measure' }>['unit'] };
  }
  return { mode: 'count', unitName: typeof u.unitName === 'string' && u.unitName ? u.unitName : '件' };
}
const priceTypeOf = (p: string): PriceType => (PRICE_TYPES.has(p) ? (p as PriceType) : 'market');

function cartOf(c: Schemas['Cart']): Cart {
  return { ...c, groups: c.groups.map((g) => ({ ...g, lines: g.lines.map((l) => ({ ...l, salesUnit: salesUnitOf(l.salesUnit) })) })) };
}
/** An offer as the API sends it (also inside a 409 checkout.offer_changed problem), with typed units and price types. */
export function offerOf(o: RawOffer): Offer {
  return { ...o, groups: o.groups.map((g) => ({ ...g, lines: g.lines.map((l) => ({ ...l, salesUnit: salesUnitOf(l.salesUnit), priceType: priceTypeOf(l.priceType) })) })) };
}
function detailOf(o: RawDetail): OrderDetail {
  return { ...o, lines: o.lines.map((l) => ({ ...l, salesUnit: salesUnitOf(l.salesUnit), priceType: priceTypeOf(l.priceType) })) };
}
const byId = (id: string) => ({ params: { path: { id } } });

// --- query keys ---------------------------------------------------------------------------------------

export const tradeKeys = {
  cart: ['trade', 'cart'] as const,
  addresses: ['trade', 'addresses'] as const,
  providers: ['trade', 'payment-providers'] as const,
  preview: (input: PreviewInput, cart: string) => ['trade', 'preview', input, cart] as const,
  checkout: (id: string) => ['trade', 'checkout', id] as const,
  orders: (status: string) => ['trade', 'orders', status] as const,
  order: (id: string) => ['trade', 'order', id] as const,
  enquiries: ['trade', 'enquiries'] as const,
};

// --- cart ---------------------------------------------------------------------------------------------

/** The browser's cart (guest cookie or the signed-in consumer's; a guest cart merges into it on this call). */
export function useCart(enabled = true) {
  return useQuery({ queryKey: tradeKeys.cart, enabled, queryFn: async () => cartOf(await unwrap(api.GET('/api/store/cart'))) });
}

type CartChange =
  | { op: 'add'; skuId: string; quantity: number }
  | { op: 'set'; skuId: string; quantity?: number; selected?: boolean }
  | { op: 'remove'; skuId: string };

async function changeCart(c: CartChange): Promise<Cart> {
  if (c.op === 'add') return cartOf(await unwrap(api.POST('/api/store/cart/lines', { body: { skuId: c.skuId, quantity: c.quantity } })));
  const params = { path: { skuId: c.skuId } };
  if (c.op === 'remove') return cartOf(await unwrap(api.DELETE('/api/store/cart/lines/{skuId}', { params })));
  const body: { quantity?: number; selected?: boolean } = {};
  if (c.quantity !== undefined) body.quantity = c.quantity;
  if (c.selected !== undefined) body.selected = c.selected;
  return cartOf(await unwrap(api.PATCH('/api/store/cart/lines/{skuId}', { params, body })));
}

/** Changes the cart; the answer is the whole new cart, which replaces the cached one. */
export function useCartChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: changeCart,
    onSuccess: (cart) => { qc.setQueryData(tradeKeys.cart, cart); },
  });
}

/** Several line changes one after another (select a whole shop, buy now); the last answer is the cart. */
export function useCartChanges() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (changes: CartChange[]) => {
      let cart: Cart | undefined;
      for (const c of changes) cart = await changeCart(c);
      return cart;
    },
    onSuccess: (cart) => { if (cart) qc.setQueryData(tradeKeys.cart, cart); },
    onError: () => { void qc.invalidateQueries({ queryKey: tradeKeys.cart }); },
  });
}

// --- addresses ----------------------------------------------------------------------------------------

export function useAddresses(enabled = true) {
  return useQuery({ queryKey: tradeKeys.addresses, enabled, queryFn: async () => (await unwrap(api.GET('/api/store/addresses'))).items });
}

export function useSaveAddress() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: Partial<AddressInput> }): Promise<Address> => (id
      ? unwrap(api.PATCH('/api/store/addresses/{id}', { ...byId(id), body: input }))
      : unwrap(api.POST('/api/store/addresses', { body: input as AddressInput }))),
    // The saved address is in the list at once (a screen may select it before the list is fetched again).
    onSuccess: (saved) => {
      qc.setQueryData<Address[]>(tradeKeys.addresses, (old) => {
        const rest = (old ?? []).filter((x) => x.id !== saved.id).map((x) => (saved.isDefault ? { ...x, isDefault: false } : x));
        return [...rest, saved];
      });
      void qc.invalidateQueries({ queryKey: tradeKeys.addresses });
    },
  });
}

export function useDeleteAddress() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/store/addresses/{id}', byId(id))),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: tradeKeys.addresses }); },
  });
}

// --- checkout -----------------------------------------------------------------------------------------

export function usePaymentProviders() {
  return useQuery({ queryKey: tradeKeys.providers, staleTime: 5 * 60_000,
    queryFn: async () => (await unwrap(api.GET('/api/store/payment-providers'))).items });
}

export type PreviewInput = { addressId: string; paymentProvider: string; note: string };

/** The complete offer for the selected cart lines, address and payment provider (PL-CHK-02). */
export async function fetchCheckoutPreview(input: PreviewInput): Promise<CheckoutPreview> {
  const res = await unwrap(api.POST('/api/store/checkout/preview', {
    body: { addressId: input.addressId, paymentProvider: input.paymentProvider, ...(input.note ? { note: input.note } : {}) },
  }));
  return { ...res, offer: offerOf(res.offer) };
}

/**
 * The preview for `input`, asked again whenever the cart's selected lines change. `cart` is null until
 * the cart has been read: that read merges a guest cart after sign-in, which must happen first.
 */
export function useCheckoutPreview(input: PreviewInput | null, cart: Cart | undefined) {
  const lines = cart ? JSON.stringify(cart.groups.flatMap((g) => g.lines).filter((l) => l.selected).map((l) => [l.skuId, l.quantity])) : null;
  return useQuery({
    queryKey: tradeKeys.preview(input ?? { addressId: '', paymentProvider: '', note: '' }, lines ?? ''),
    enabled: input !== null && lines !== null,
    staleTime: 0,
    placeholderData: (prev) => prev,
    queryFn: () => fetchCheckoutPreview(input!),
  });
}

export type ConfirmInput = PreviewInput & { offerHash: string; idempotencyKey: string };

/** Confirms the offer the consumer saw; the Idempotency-Key makes a retry or double click return the same checkout. */
export function useConfirmCheckout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (c: ConfirmInput) => unwrap(api.POST('/api/store/checkouts', {
      params: { header: { 'idempotency-key': c.idempotencyKey } },
      body: { addressId: c.addressId, paymentProvider: c.paymentProvider, ...(c.note ? { note: c.note } : {}), offerHash: c.offerHash, accept: true },
    })),
    // The cart is read again on the result page: refreshing it here would replace the offer on screen
    // with an empty cart's while the browser is leaving for the payment page.
    onSuccess: (checkout) => {
      qc.setQueryData(tradeKeys.checkout(checkout.id), checkout);
      void qc.invalidateQueries({ queryKey: ['trade', 'orders'] });
    },
  });
}

export function fetchCheckout(id: string) {
  return unwrap(api.GET('/api/store/checkouts/{id}', byId(id)));
}

/** Asks the payment provider for the checkout's payment now (after the return from its page). */
export function syncCheckout(id: string) {
  return unwrap(api.POST('/api/store/checkouts/{id}/sync', byId(id)));
}

// --- orders -------------------------------------------------------------------------------------------

export function fetchOrders(status: OrderStatus | 'all', cursor: string | undefined) {
  return unwrap(api.GET('/api/store/orders', { params: { query: { status: status === 'all' ? undefined : status, cursor, limit: '10' } } }));
}

export function useOrder(id: string | undefined) {
  return useQuery({ queryKey: tradeKeys.order(id ?? ''), enabled: Boolean(id),
    queryFn: async () => detailOf(await unwrap(api.GET('/api/store/orders/{id}', byId(id!)))) });
}

function useOrderAction<I>(orderId: string, fn: (input: I) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: tradeKeys.order(orderId) });
      void qc.invalidateQueries({ queryKey: ['trade', 'orders'] });
      void qc.invalidateQueries({ queryKey: tradeKeys.enquiries });
    },
  });
}

export function useCancelOrder(orderId: string) {
  return useOrderAction(orderId, (reason: string) => unwrap(api.POST('/api/store/orders/{id}/cancel', { ...byId(orderId), body: { reason } })));
}

export type ModificationInput = Schemas['OrderModificationBody'];
export function useProposeModification(orderId: string) {
  return useOrderAction(orderId, (input: ModificationInput) => unwrap(api.POST('/api/store/orders/{id}/modifications', { ...byId(orderId), body: input })));
}

export function useDecideModification(orderId: string) {
  return useOrderAction(orderId, ({ id, decision }: { id: string; decision: 'accept' | 'reject' }) =>
    unwrap(decision === 'accept'
      ? api.POST('/api/store/orders/{id}/modifications/{mid}/accept', { params: { path: { id: orderId, mid: id } }, body: {} })
      : api.POST('/api/store/orders/{id}/modifications/{mid}/reject', { params: { path: { id: orderId, mid: id } }, body: {} })));
}

// --- payment enquiries (PL-PAY-06) --------------------------------------------------------------------

export function useEnquiries() {
  return useQuery({ queryKey: tradeKeys.enquiries, queryFn: async () => (await unwrap(api.GET('/api/store/payment-enquiries', { params: { query: { limit: '100' } } }))).items });
}

export function useCreateEnquiry(orderId: string) {
  return useOrderAction(orderId, (input: { subjectType: EnquirySubject; subjectId: string; message: string }) =>
    unwrap(api.POST('/api/store/payment-enquiries', { body: { ...input, orderId } })));
}
