import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n';
import { api, PAGE_SIZE, unwrap } from '../../api/client';
import { can, useMe } from '../../auth/session';
import type { AccountKind, OrderStatus, PaymentStatus, PayoutStatus, RefundStatus, StatementStatus, TransferStatus } from '../trade-seller/types';
import type { Credentials, EnquiryStatus, ProviderStatus, Qualification, ReconciliationException, RiskReview, RiskRule } from './types';

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

export type AdminOrderFilter = { status?: OrderStatus; sellerId?: string; overdue?: boolean; q?: string };
const path = (id: string) => ({ params: { path: { id } } });
/** Query values without the empty ones (the API rejects an empty string where it expects an enum or an id). */
function q<T extends Record<string, string | undefined | null>>(o: T): { [K in keyof T]?: Exclude<T[K], null | ''> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as never;
}

export const adminApi = {
  orders: (f: AdminOrderFilter, cursor?: string) => unwrap(api.GET('/api/admin/orders', {
    params: { query: { limit: PAGE_SIZE, ...q({ cursor, status: f.status, sellerId: f.sellerId, q: f.q }), ...(f.overdue ? { overdue: 'true' as const } : {}) } } })),
  order: (id: string) => unwrap(api.GET('/api/admin/orders/{id}', path(id))),
  cancel: (id: string, reason: string) => unwrap(api.POST('/api/admin/orders/{id}/cancel', { ...path(id), body: { reason } })),
  refund: (id: string, body: { amount: number; reason: string }, key: string) =>
    unwrap(api.POST('/api/admin/orders/{id}/refunds', { ...path(id), body, headers: { 'Idempotency-Key': key } })),
  sla: (f: { from: string; to: string }) => unwrap(api.GET('/api/admin/orders/sla', { params: { query: f } })),

  payments: (f: { status?: PaymentStatus }, cursor?: string) => unwrap(api.GET('/api/admin/payments', { params: { query: { limit: PAGE_SIZE, ...q({ cursor, status: f.status }) } } })),
  refunds: (f: { status?: RefundStatus }, cursor?: string) => unwrap(api.GET('/api/admin/payment/refunds', { params: { query: { limit: PAGE_SIZE, ...q({ cursor, status: f.status }) } } })),
  transfers: (f: { status?: TransferStatus }, cursor?: string) => unwrap(api.GET('/api/admin/payment/transfers', {
    params: { query: { limit: PAGE_SIZE, ...q({ cursor, status: f.status }) } } })),

  providers: () => unwrap(api.GET('/api/admin/payment/providers')),
  provider: (id: string) => unwrap(api.GET('/api/admin/payment/providers/{id}', path(id))),
  createProvider: (body: { code: string; name: string; orgId?: string | null; qualification?: Qualification; credentials: Credentials }) =>
    unwrap(api.POST('/api/admin/payment/providers', { body })),
  updateProvider: (id: string, body: { name?: string; status?: ProviderStatus; qualification?: Qualification }) =>
    unwrap(api.PATCH('/api/admin/payment/providers/{id}', { ...path(id), body })),
  /** New merchant credentials; the answer (like every answer) never contains them. */
  rotateCredentials: (id: string, body: Credentials) => unwrap(api.POST('/api/admin/payment/providers/{id}/credentials', { ...path(id), body })),
  contracts: (id: string) => unwrap(api.GET('/api/admin/payment/providers/{id}/contracts', path(id))),
  addContract: (id: string, body: { number: string; parties: string; validFrom: string; validTo: string; feeBp: number; settlementTerms?: string; refundTerms?: string }) =>
    unwrap(api.POST('/api/admin/payment/providers/{id}/contracts', { ...path(id), body })),

  riskRules: () => unwrap(api.GET('/api/admin/payment/risk-rules')),
  createRiskRule: (body: Pick<RiskRule, 'appliesTo' | 'kind' | 'threshold' | 'active' | 'note'>) => unwrap(api.POST('/api/admin/payment/risk-rules', { body })),
  updateRiskRule: (id: string, body: Partial<Pick<RiskRule, 'threshold' | 'active' | 'note'>>) =>
    unwrap(api.PATCH('/api/admin/payment/risk-rules/{id}', { ...path(id), body })),
  riskReviews: (f: { status?: RiskReview['status'] }, cursor?: string) => unwrap(api.GET('/api/admin/payment/risk-reviews', {
    params: { query: { limit: PAGE_SIZE, ...q({ cursor, status: f.status }) } } })),
  decideReview: (id: string, decision: 'release' | 'reject', note: string) => (decision === 'release'
    ? unwrap(api.POST('/api/admin/payment/risk-reviews/{id}/release', { ...path(id), body: note ? { note } : {} }))
    : unwrap(api.POST('/api/admin/payment/risk-reviews/{id}/reject', { ...path(id), body: { note } }))),

  reconcile: (body: { providerCode: string; date: string }) => unwrap(api.POST('/api/admin/payment/reconciliations', { body })),
  runs: (cursor?: string) => unwrap(api.GET('/api/admin/payment/reconciliations', { params: { query: { limit: PAGE_SIZE, ...q({ cursor }) } } })),
  exceptions: (f: { status?: ReconciliationException['status'] }, cursor?: string) => unwrap(api.GET('/api/admin/payment/reconciliation-exceptions', {
    params: { query: { limit: PAGE_SIZE, ...q({ cursor, status: f.status }) } } })),
  resolveException: (id: string, resolution: string) =>
    unwrap(api.POST('/api/admin/payment/reconciliation-exceptions/{id}/resolve', { ...path(id), body: { resolution } })),

  enquiries: (f: { status?: EnquiryStatus }, cursor?: string) => unwrap(api.GET('/api/admin/payment/enquiries', {
    params: { query: { limit: PAGE_SIZE, ...q({ cursor, status: f.status }) } } })),
  reply: (id: string, body: { reply: string; resolve?: boolean }) => unwrap(api.POST('/api/admin/payment/enquiries/{id}/reply', { ...path(id), body })),
  resolveEnquiry: (id: string) => unwrap(api.POST('/api/admin/payment/enquiries/{id}/resolve', { ...path(id), body: {} })),

  trialBalance: () => unwrap(api.GET('/api/admin/finance/trial-balance')),
  integrity: () => unwrap(api.GET('/api/admin/finance/integrity')),
  accounts: (f: { kind?: AccountKind }, cursor?: string) => unwrap(api.GET('/api/admin/finance/accounts', {
    params: { query: { limit: '100', ...q({ cursor, kind: f.kind }) } } })),
  entries: (f: EntryFilter, cursor?: string) => unwrap(api.GET('/api/admin/finance/entries', { params: { query: { limit: PAGE_SIZE, ...q({ cursor, ...f }) } } })),
  entry: (id: string) => unwrap(api.GET('/api/admin/finance/entries/{id}', path(id))),
  rates: () => unwrap(api.GET('/api/admin/finance/commission-rates')),
  createRate: (body: { scope: 'category' | 'seller'; scopeId: string; rateBp: number }) => unwrap(api.POST('/api/admin/finance/commission-rates', { body })),
  updateRate: (id: string, rateBp: number) => unwrap(api.PATCH('/api/admin/finance/commission-rates/{id}', { ...path(id), body: { rateBp } })),
  deleteRate: (id: string) => unwrap(api.DELETE('/api/admin/finance/commission-rates/{id}', path(id))),
  periods: () => unwrap(api.GET('/api/admin/finance/periods')),
  closePeriod: (month: string) => unwrap(api.POST('/api/admin/finance/periods/{month}/close', { params: { path: { month } } })),
  settings: () => unwrap(api.GET('/api/admin/finance/settings')),
  saveSettings: (payoutApprovalThreshold: number) => unwrap(api.PUT('/api/admin/finance/settings', { body: { payoutApprovalThreshold } })),

  statements: (f: { sellerId?: string; status?: StatementStatus }, cursor?: string) => unwrap(api.GET('/api/admin/settlements/statements', {
    params: { query: { limit: PAGE_SIZE, ...q({ cursor, sellerId: f.sellerId, status: f.status }) } } })),
  statement: (id: string) => unwrap(api.GET('/api/admin/settlements/statements/{id}', path(id))),
  generate: (body: { sellerId?: string; from: string; to: string }) => unwrap(api.POST('/api/admin/settlements/statements', { body })),
  requestPayout: (id: string, payee: string) => unwrap(api.POST('/api/admin/settlements/statements/{id}/payout', { ...path(id), body: { payee } })),
  payouts: (f: { status?: PayoutStatus; sellerId?: string; statementId?: string }, cursor?: string) => unwrap(api.GET('/api/admin/settlements/payouts', {
    params: { query: { limit: PAGE_SIZE, ...q({ cursor, ...f }) } } })),
  approvePayout: (id: string) => unwrap(api.POST('/api/admin/settlements/payouts/{id}/approve', path(id))),
  rejectPayout: (id: string, reason: string) => unwrap(api.POST('/api/admin/settlements/payouts/{id}/reject', { ...path(id), body: { reason } })),
};
export type EntryFilter = { account?: string; sellerId?: string; sourceType?: string; sourceId?: string; kind?: string; from?: string; to?: string };

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

/**
 * Staff display names by account id: "you" for the signed-in account, else the name (one page of 100
 * staff, needs staff:read); without that permission the short account id is shown.
 */
export function useStaffNames() {
  const { t } = useTranslation();
  const me = useMe();
  const q = useQuery({
    queryKey: ['admin', 'accounts', 'names', 'staff'], enabled: can(me.data, 'staff:read'), staleTime: 5 * 60_000,
    queryFn: () => unwrap(api.GET('/api/admin/accounts', { params: { query: { kind: 'staff', limit: '100' } } })),
  });
  const names = new Map((q.data?.items ?? []).map((a) => [a.id, a.displayName]));
  return (id: string | null | undefined) => {
    if (!id) return null;
    if (me.data && id === me.data.id) return t('tradeStaff.payouts.you');
    return names.get(id) ?? t('tradeStaff.common.staffId', { id: id.slice(-6) });
  };
}

/**
 * A ledger account in words in the UI language: the platform's fixed accounts by code, a seller's
 * payable account and a provider's balance by the seller's or provider's name; else the API's name.
 */
export function useAccountLabel() {
  const { t } = useTranslation();
  const me = useMe();
  const sellers = useSellers();
  const providers = useQuery({ queryKey: keys.providers, enabled: can(me.data, 'payment:read'), staleTime: 5 * 60_000, queryFn: adminApi.providers });
  const providerName = new Map((providers.data?.items ?? []).map((p) => [p.id, p.name]));
  return (code: string, name?: string): string => {
    if (code.startsWith('payable:seller:')) return t('tradeStaff.ledger.accountNames.payable', { name: sellers.nameOf(code.slice('payable:seller:'.length)) });
    if (code.startsWith('psp:')) {
      const id = code.slice('psp:'.length);
      return t('tradeStaff.ledger.accountNames.psp', { name: providerName.get(id) ?? id });
    }
    const key = `tradeStaff.ledger.accountNames.${code.replace(/:/g, '_')}`;
    return i18n.exists(key) ? (t as unknown as (k: string) => string)(key) : name ?? code;
  };
}
