import { PAGE_SIZE } from '../../api/client';
import { request } from './http';
import type { JournalEntry, Modification, OrderDetail, OrderSettings, OrderStatus, OrderSummary, Page, Payout, SellerBalance, Statement } from './types';

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
};

export type SellerOrderFilter = { status?: OrderStatus; overdue?: boolean };

/** The seller's own orders (tenant from the session), newest first. */
export const sellerApi = {
  orders: (f: SellerOrderFilter, cursor?: string) => request<Page<OrderSummary>>('GET', '/api/seller/orders', {
    query: { limit: PAGE_SIZE, cursor, status: f.status, overdue: f.overdue ? 'true' : undefined } }),
  order: (id: string) => request<OrderDetail>('GET', `/api/seller/orders/${encodeURIComponent(id)}`),
  confirm: (id: string, version?: number) => request<OrderDetail>('POST', `/api/seller/orders/${encodeURIComponent(id)}/confirm`,
    { body: version === undefined ? {} : { version } }),
  reject: (id: string, reason: string) => request<OrderDetail>('POST', `/api/seller/orders/${encodeURIComponent(id)}/reject`, { body: { reason } }),
  refund: (id: string, body: { amount: number; reason: string }, key: string) => request<unknown>('POST', `/api/seller/orders/${encodeURIComponent(id)}/refunds`,
    { body, headers: { 'Idempotency-Key': key } }),
  propose: (id: string, body: { lines?: Array<{ skuId: string; quantity: number }>; note?: string; reason?: string }) =>
    request<Modification>('POST', `/api/seller/orders/${encodeURIComponent(id)}/modifications`, { body }),
  decide: (id: string, mid: string, decision: 'accept' | 'reject', note?: string) =>
    request<unknown>('POST', `/api/seller/orders/${encodeURIComponent(id)}/modifications/${encodeURIComponent(mid)}/${decision}`, { body: note ? { note } : {} }),
  settings: () => request<OrderSettings>('GET', '/api/seller/order-settings'),
  saveSettings: (calendarId: string) => request<OrderSettings>('PUT', '/api/seller/order-settings', { body: { calendarId } }),
  statements: (cursor?: string) => request<Page<Statement>>('GET', '/api/seller/settlements/statements', { query: { limit: PAGE_SIZE, cursor } }),
  payouts: (cursor?: string) => request<Page<Payout>>('GET', '/api/seller/settlements/payouts', { query: { limit: PAGE_SIZE, cursor } }),
  entries: (f: { kind?: string }, cursor?: string) => request<Page<JournalEntry>>('GET', '/api/seller/finance/entries',
    { query: { limit: PAGE_SIZE, cursor, kind: f.kind } }),
  balance: () => request<SellerBalance>('GET', '/api/seller/finance/balance'),
};
