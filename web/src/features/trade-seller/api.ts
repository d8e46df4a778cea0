import { api, PAGE_SIZE, unwrap } from '../../api/client';
import type { OrderStatus } from './types';

/** Query keys of the seller center's trade screens; invalidating ['seller', 'trade'] refreshes them all after an action. */
export const keys = {
  all: ['seller', 'trade'] as const,
  orders: (filter: unknown) => ['seller', 'trade', 'orders', filter] as const,
  order: (id: string) => ['seller', 'trade', 'order', id] as const,
  settings: ['seller', 'trade', 'order-settings'] as const,
  statements: ['seller', 'trade', 'statements'] as const,
  payouts: ['seller', 'trade', 'payouts'] as const,
  entries: (filter: unknown) => ['seller', 'trade', 'entries', filter] as const,
  balance: ['seller', 'trade', 'balance'] as const,
  enquiries: ['seller', 'trade', 'enquiries'] as const,
};

export type SellerOrderFilter = { status?: OrderStatus; overdue?: boolean };
const path = (id: string) => ({ params: { path: { id } } });

/** The seller's own orders, settlement and ledger (the API takes the shop from the session). */
export const sellerApi = {
  orders: (f: SellerOrderFilter, cursor?: string) => unwrap(api.GET('/api/seller/orders', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(f.status ? { status: f.status } : {}), ...(f.overdue ? { overdue: 'true' as const } : {}) } } })),
  order: (id: string) => unwrap(api.GET('/api/seller/orders/{id}', path(id))),
  confirm: (id: string) => unwrap(api.POST('/api/seller/orders/{id}/confirm', path(id))),
  reject: (id: string, reason: string) => unwrap(api.POST('/api/seller/orders/{id}/reject', { ...path(id), body: { reason } })),
  /** A refund of part or all of the order; `key` (Idempotency-Key) makes a retried click the same refund. */
  refund: (id: string, body: { amount: number; reason: string }, key: string) =>
    unwrap(api.POST('/api/seller/orders/{id}/refunds', { ...path(id), body, headers: { 'Idempotency-Key': key } })),
  propose: (id: string, body: { lines?: Array<{ skuId: string; quantity: number }>; note?: string; reason?: string }) =>
    unwrap(api.POST('/api/seller/orders/{id}/modifications', { ...path(id), body })),
  decide: (id: string, mid: string, decision: 'accept' | 'reject', note?: string) => {
    const opts = { params: { path: { id, mid } }, body: note ? { note } : {} };
    return unwrap(decision === 'accept' ? api.POST('/api/seller/orders/{id}/modifications/{mid}/accept', opts)
      : api.POST('/api/seller/orders/{id}/modifications/{mid}/reject', opts));
  },
  settings: () => unwrap(api.GET('/api/seller/order-settings')),
  saveSettings: (calendarId: string) => unwrap(api.PUT('/api/seller/order-settings', { body: { calendarId } })),
  statements: (cursor?: string) => unwrap(api.GET('/api/seller/settlements/statements', { params: { query: { limit: PAGE_SIZE, cursor } } })),
  payouts: (cursor?: string) => unwrap(api.GET('/api/seller/settlements/payouts', { params: { query: { limit: PAGE_SIZE, cursor } } })),
  entries: (f: { kind?: string }, cursor?: string) => unwrap(api.GET('/api/seller/finance/entries', {
    params: { query: { limit: PAGE_SIZE, cursor, ...(f.kind ? { kind: f.kind } : {}) } } })),
  balance: () => unwrap(api.GET('/api/seller/finance/balance')),
  enquiries: () => unwrap(api.GET('/api/seller/payment-enquiries', { params: { query: { limit: '100' } } })),
  /** Asks the platform about a failed transfer (payout) to the shop (PL-PAY-06). */
  enquire: (transferId: string, message: string) => unwrap(api.POST('/api/seller/payment-enquiries', { body: { transferId, message } })),
};
