import { useQuery } from '@tanstack/react-query';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import { request } from '../trade-seller/http';
import type { ClosedPeriod, CommissionRate, FinanceSettings, Integrity, JournalEntry, LedgerAccount, OrderDetail, OrderStatus, OrderSummary, Page,
  PaymentOut, Payout, PayoutStatus, RefundOut, SlaFigure, Statement, TransferOut, TrialBalance } from '../trade-seller/types';
import type { Contract, Credentials, Enquiry, EnquiryStatus, Provider, Qualification, ProviderStatus, ReconciliationException, ReconciliationRun,
  RiskReview, RiskRule } from './types';

/** Query keys of the admin trade and finance screens; invalidating ['admin', 'trade'] refreshes them all after an action. */
export const keys = {
  all: ['admin', 'trade'] as const,
  orders: (f: unknown) => ['admin', 'trade', 'orders', f] as const,
  order: (id: string) => ['admin', 'trade', 'order', id] as const,
  sla: (f: unknown) => ['admin', 'trade', 'sla', f] as const,
  payments: (kind: string, f: unknown) => ['admin', 'trade', 'payments', kind, f] as const,
  providers: ['admin', 'trade', 'providers'] as const,
  provider: (id: string) => ['admin', 'trade', 'providers', id] as const,
  contracts: (id: string) => ['admin', 'trade', 'providers', id, 'contracts'] as const,
  riskRules: ['admin', 'trade', 'risk-rules'] as const,
  riskReviews: (f: unknown) => ['admin', 'trade', 'risk-reviews', f] as const,
  runs: ['admin', 'trade', 'reconciliation-runs'] as const,
  exceptions: (f: unknown) => ['admin', 'trade', 'reconciliation-exceptions', f] as const,
  enquiries: (f: unknown) => ['admin', 'trade', 'enquiries', f] as const,
  trialBalance: ['admin', 'trade', 'trial-balance'] as const,
  integrity: ['admin', 'trade', 'integrity'] as const,
  accounts: (f: unknown) => ['admin', 'trade', 'accounts', f] as const,
  entries: (f: unknown) => ['admin', 'trade', 'entries', f] as const,
  rates: ['admin', 'trade', 'commission-rates'] as const,
  periods: ['admin', 'trade', 'periods'] as const,
  settings: ['admin', 'trade', 'finance-settings'] as const,
  statements: (f: unknown) => ['admin', 'trade', 'statements', f] as const,
  statement: (id: string) => ['admin', 'trade', 'statement', id] as const,
  payouts: (f: unknown) => ['admin', 'trade', 'payouts', f] as const,
};

const enc = encodeURIComponent;
export type AdminOrderFilter = { status?: OrderStatus; sellerId?: string; overdue?: boolean; q?: string };
export type PaymentFilter = { status?: string; q?: string };

export const adminApi = {
  orders: (f: AdminOrderFilter, cursor?: string) => request<Page<OrderSummary>>('GET', '/api/admin/orders', {
    query: { limit: PAGE_SIZE, cursor, status: f.status, sellerId: f.sellerId, overdue: f.overdue ? 'true' : undefined, q: f.q } }),
  order: (id: string) => request<OrderDetail>('GET', `/api/admin/orders/${enc(id)}`),
  cancel: (id: string, reason: string) => request<OrderDetail>('POST', `/api/admin/orders/${enc(id)}/cancel`, { body: { reason } }),
  refund: (id: string, body: { amount: number; reason: string }, key: string) => request<unknown>('POST', `/api/admin/orders/${enc(id)}/refunds`,
    { body, headers: { 'Idempotency-Key': key } }),
  sla: (f: { from?: string; to?: string }) => request<SlaFigure>('GET', '/api/admin/orders/sla', { query: f }),

  payments: (f: PaymentFilter, cursor?: string) => request<Page<PaymentOut>>('GET', '/api/admin/payments', { query: { limit: PAGE_SIZE, cursor, ...f } }),
  refunds: (f: PaymentFilter, cursor?: string) => request<Page<RefundOut>>('GET', '/api/admin/payment/refunds', { query: { limit: PAGE_SIZE, cursor, ...f } }),
  transfers: (f: PaymentFilter, cursor?: string) => request<Page<TransferOut>>('GET', '/api/admin/payment/transfers', { query: { limit: PAGE_SIZE, cursor, ...f } }),

  providers: () => request<{ items: Provider[] }>('GET', '/api/admin/payment/providers'),
  provider: (id: string) => request<Provider>('GET', `/api/admin/payment/providers/${enc(id)}`),
  createProvider: (body: { code: string; name: string; orgId?: string | null; qualification?: Qualification; credentials: Credentials }) =>
    request<Provider>('POST', '/api/admin/payment/providers', { body }),
  updateProvider: (id: string, body: { name?: string; status?: ProviderStatus; qualification?: Qualification }) =>
    request<Provider>('PATCH', `/api/admin/payment/providers/${enc(id)}`, { body }),
  rotateCredentials: (id: string, body: Credentials) => request<Provider>('PUT', `/api/admin/payment/providers/${enc(id)}/credentials`, { body }),
  contracts: (id: string) => request<{ items: Contract[] }>('GET', `/api/admin/payment/providers/${enc(id)}/contracts`),
  addContract: (id: string, body: Omit<Contract, 'id' | 'providerId' | 'inForce' | 'createdBy' | 'createdAt'>) =>
    request<Contract>('POST', `/api/admin/payment/providers/${enc(id)}/contracts`, { body }),

  riskRules: () => request<{ items: RiskRule[] }>('GET', '/api/admin/payment/risk-rules'),
  createRiskRule: (body: Pick<RiskRule, 'appliesTo' | 'kind' | 'threshold' | 'active' | 'note'>) => request<RiskRule>('POST', '/api/admin/payment/risk-rules', { body }),
  updateRiskRule: (id: string, body: Partial<Pick<RiskRule, 'threshold' | 'active' | 'note'>>) =>
    request<RiskRule>('PATCH', `/api/admin/payment/risk-rules/${enc(id)}`, { body }),
  riskReviews: (f: { status?: string }, cursor?: string) => request<Page<RiskReview>>('GET', '/api/admin/payment/risk-reviews',
    { query: { limit: PAGE_SIZE, cursor, ...f } }),
  decideReview: (id: string, decision: 'release' | 'reject', note?: string) =>
    request<RiskReview>('POST', `/api/admin/payment/risk-reviews/${enc(id)}/${decision}`, { body: note ? { note } : {} }),

  reconcile: (body: { providerCode: string; date: string }) => request<ReconciliationRun>('POST', '/api/admin/payment/reconciliations', { body }),
  runs: (cursor?: string) => request<Page<ReconciliationRun>>('GET', '/api/admin/payment/reconciliations', { query: { limit: PAGE_SIZE, cursor } }),
  exceptions: (f: { status?: string; runId?: string }, cursor?: string) => request<Page<ReconciliationException>>('GET',
    '/api/admin/payment/reconciliation-exceptions', { query: { limit: PAGE_SIZE, cursor, ...f } }),
  resolveException: (id: string, resolution: string) =>
    request<ReconciliationException>('POST', `/api/admin/payment/reconciliation-exceptions/${enc(id)}/resolve`, { body: { resolution } }),

  enquiries: (f: { status?: EnquiryStatus }, cursor?: string) => request<Page<Enquiry>>('GET', '/api/admin/payment/enquiries',
    { query: { limit: PAGE_SIZE, cursor, ...f } }),
  reply: (id: string, body: { reply: string; resolve?: boolean }) => request<Enquiry>('POST', `/api/admin/payment/enquiries/${enc(id)}/reply`, { body }),
  resolveEnquiry: (id: string) => request<Enquiry>('POST', `/api/admin/payment/enquiries/${enc(id)}/resolve`, { body: {} }),

  trialBalance: () => request<TrialBalance>('GET', '/api/admin/finance/trial-balance'),
  integrity: () => request<Integrity>('GET', '/api/admin/finance/integrity'),
  accounts: (f: { kind?: string }, cursor?: string) => request<Page<LedgerAccount>>('GET', '/api/admin/finance/accounts', { query: { limit: '100', cursor, ...f } }),
  entries: (f: Record<string, string | undefined>, cursor?: string) => request<Page<JournalEntry>>('GET', '/api/admin/finance/entries',
    { query: { limit: PAGE_SIZE, cursor, ...f } }),
  rates: () => request<{ items: CommissionRate[] }>('GET', '/api/admin/finance/commission-rates'),
  createRate: (body: { scope: 'category' | 'seller'; scopeId: string; rateBp: number }) => request<CommissionRate>('POST', '/api/admin/finance/commission-rates', { body }),
  updateRate: (id: string, rateBp: number) => request<CommissionRate>('PATCH', `/api/admin/finance/commission-rates/${enc(id)}`, { body: { rateBp } }),
  deleteRate: (id: string) => request<null>('DELETE', `/api/admin/finance/commission-rates/${enc(id)}`),
  periods: () => request<{ items: ClosedPeriod[] }>('GET', '/api/admin/finance/periods'),
  closePeriod: (month: string) => request<ClosedPeriod>('POST', `/api/admin/finance/periods/${enc(month)}/close`),
  settings: () => request<FinanceSettings>('GET', '/api/admin/finance/settings'),
  saveSettings: (payoutApprovalThreshold: number) => request<FinanceSettings>('PUT', '/api/admin/finance/settings', { body: { payoutApprovalThreshold } }),

  statements: (f: { sellerId?: string; status?: string }, cursor?: string) => request<Page<Statement>>('GET', '/api/admin/settlements/statements',
    { query: { limit: PAGE_SIZE, cursor, ...f } }),
  statement: (id: string) => request<Statement>('GET', `/api/admin/settlements/statements/${enc(id)}`),
  generate: (body: { sellerId?: string; from: string; to: string }) => request<{ items: Statement[] } | Statement[]>('POST', '/api/admin/settlements/statements', { body }),
  requestPayout: (id: string, payee: string) => request<Payout>('POST', `/api/admin/settlements/statements/${enc(id)}/payout`, { body: { payee } }),
  payouts: (f: { status?: PayoutStatus; sellerId?: string }, cursor?: string) => request<Page<Payout>>('GET', '/api/admin/settlements/payouts',
    { query: { limit: PAGE_SIZE, cursor, ...f } }),
  approvePayout: (id: string) => request<Payout>('POST', `/api/admin/settlements/payouts/${enc(id)}/approve`, { body: {} }),
  rejectPayout: (id: string, reason: string) => request<Payout>('POST', `/api/admin/settlements/payouts/${enc(id)}/reject`, { body: { reason } }),
};

/** Sellers for filters and pickers (needs org:read; without it the filters are not offered and ids are shown). */
export function useSellers() {
  const me = useMe();
  const q = useQuery({
    queryKey: ['admin', 'organisations', 'sellers'], enabled: can(me.data, 'org:read'), staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/admin/organisations', { params: { query: { kind: 'seller', limit: '100' } } })),
  });
  const items = q.data?.items ?? [];
  const byId = new Map(items.map((o) => [o.id, o.name]));
  return { ...q, items, nameOf: (id: string | null | undefined) => (id ? byId.get(id) ?? id : '') };
}

/** Staff display names by account id (one page of 100, needs staff:read; else the id is shown). */
export function useStaffNames() {
  const me = useMe();
  const q = useQuery({
    queryKey: ['admin', 'accounts', 'names', 'staff'], enabled: can(me.data, 'staff:read'), staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/admin/accounts', { params: { query: { kind: 'staff', limit: '100' } } })),
  });
  const names = new Map((q.data?.items ?? []).map((a) => [a.id, a.displayName]));
  return (id: string | null | undefined) => (id ? names.get(id) ?? id : null);
}
