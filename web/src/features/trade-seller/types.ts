/**
 * Shapes of the trade API (orders, payments, ledger, settlement) as the seller center and the admin
 * console use them. Money is integer fen with its currency.
 */
export type Money = { amount: number; currency: string };
export type Page<T> = { items: T[]; nextCursor: string | null };
export type Party = { id: string; name: string };

export const ORDER_STATUSES = ['placed', 'paid', 'confirmed', 'allocated', 'handed_over', 'in_delivery', 'delivered', 'refused',
  'completed', 'cancelled', 'after_sales'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type SalesUnit = { mode: 'count'; unitName: string } | { mode: 'measure'; netQuantity: number; unit: string };

/** The API sends the sales unit as an open record; read it with {@link salesUnitOf}. */
export type RawSalesUnit = Record<string, unknown>;
/** The sales unit of a line, or null when the record is not one this UI knows. */
export function salesUnitOf(raw: RawSalesUnit | null | undefined): SalesUnit | null {
  if (!raw) return null;
  if (raw.mode === 'count' && typeof raw.unitName === 'string') return { mode: 'count', unitName: raw.unitName };
  if (raw.mode === 'measure' && typeof raw.netQuantity === 'number' && typeof raw.unit === 'string') return { mode: 'measure', netQuantity: raw.netQuantity, unit: raw.unit };
  return null;
}

export type OrderLine = {
  id: string; skuId: string; productId: string; productVersionId: string; title: string; specification: string; skuCode: string; salesUnit: RawSalesUnit;
  priceType: string; unitPrice: Money; quantity: number; lineTotal: Money; imageUrl: string | null;
};
export type OrderEvent = {
  id: string; action: string; fromStatus: string | null; toStatus: string | null; actorKind: string; reason: string | null;
  detail: Record<string, unknown>; at: string;
};
export type OrderSummary = {
  id: string; number: string; status: OrderStatus; seller: Party; total: Money; refunded: Money; itemCount: number; firstTitle: string;
  firstImageUrl: string | null; placedAt: string; paidAt: string | null; confirmDueAt: string | null; overdue: boolean; checkoutId: string;
  confirmedAt?: string | null;
};
export type PaymentStatus = 'pending' | 'held' | 'succeeded' | 'failed' | 'cancelled';
export type RefundStatus = 'held' | 'pending' | 'succeeded' | 'failed' | 'rejected';
export type TransferStatus = 'pending' | 'succeeded' | 'failed';
export type StatusEvent = { from: string | null; to: string; source: 'platform' | 'notification' | 'query' | 'review' | 'reconciliation'; note: string | null; at: string };
export type ProviderRef = { code: string; name: string };
export type ReviewRef = { id: string; status: 'open' | 'released' | 'rejected'; reason: string } | null;
export type PaymentOut = {
  id: string; provider: ProviderRef; reference: string; accountId: string; amount: Money; refunded: Money; status: PaymentStatus;
  providerRef: string | null; payerMasked: string | null; failureReason: string | null; subject: string; expiresAt: string; succeededAt: string | null;
  createdAt: string; review: ReviewRef; events: StatusEvent[];
};
export type RefundOut = {
  id: string; paymentId: string; paymentReference: string; provider: ProviderRef; reference: string; sellerId: string | null; accountId: string;
  amount: Money; reason: string; status: RefundStatus; providerRef: string | null; failureReason: string | null; succeededAt: string | null;
  createdAt: string; review: ReviewRef; events: StatusEvent[];
};
export type TransferOut = {
  id: string; provider: ProviderRef; reference: string; orgId: string; amount: Money; payeeMasked: string; memo: string; status: TransferStatus;
  providerRef: string | null; failureReason: string | null; succeededAt: string | null; createdAt: string; events: StatusEvent[];
};
export type ModificationStatus = 'pending' | 'applied' | 'rejected' | 'withdrawn';
export type Modification = {
  id: string; baseVersion: number; proposedBy: 'consumer' | 'seller'; status: ModificationStatus; changes: Record<string, unknown>;
  priceDelta: Money; needsAcceptanceBy: 'consumer' | 'seller' | null; reason: string; decidedAt: string | null; decisionNote: string | null; createdAt: string;
};
export type CheckLine = {
  skuId: string; skuCode: string; title: string; specification: string; quantity: number; salesUnit: RawSalesUnit; allocatable: number; enough: boolean;
};
export type OrderDetail = OrderSummary & {
  version: number; lines: OrderLine[]; goodsAmount: Money; shippingFee: Money; commission?: Money;
  address: { recipient: string; phone: string; region: string; detail: string }; deliveryTerms: string; note: string;
  confirmedAt: string | null; overdueAt: string | null; cancelledAt: string | null; cancelReason: string | null;
  events: OrderEvent[]; payments: PaymentOut[]; refunds: RefundOut[]; modifications: Modification[]; check?: CheckLine[]; account?: { id: string };
};
export type SlaFigure = { paid: number; confirmed: number; confirmedOnTime: number; confirmedLate: number; overdueOpen: number; onTimeRate: number | null };

export type Calendar = { id: string; name: string; timeZone?: string; isDefault?: boolean };
export type OrderSettings = { calendarId: string | null; calendarName: string; usesDefault: boolean; calendars?: Calendar[] };

// Ledger and settlement.
export type AccountKind = 'asset' | 'liability' | 'revenue' | 'expense';
export type LedgerAccount = { code: string; kind: AccountKind; name: string; orgId: string | null; debits: Money; credits: Money; balance: Money; createdAt: string };
export type Posting = { id: string; account: string; amount: Money; memo: string; sellerId: string | null; orderId: string | null };
export type JournalEntry = {
  id: string; kind: string; source: { type: string; id: string; href: string | null }; memo: string; reversalOf: string | null; reversedBy: string | null;
  createdBy: string | null; occurredAt: string; postings: Posting[];
};
export type TrialBalanceRow = { account: string; name: string; kind: AccountKind; debits: Money; credits: Money; net: Money; balance: Money };
export type TrialBalance = { asOf: string | null; rows: TrialBalanceRow[]; total: { debits: Money; credits: Money; net: Money }; balanced: boolean };
export type Integrity = {
  ok: boolean; checkedAt: string; entries: number; postings: number; grandTotal: Money;
  unbalancedEntries: Array<{ entryId: string; sum: number; postings: number }>; orphanPostings: number; problems: string[];
};
export type SellerBalance = { account: string; balance: Money; earned: Money; deducted: Money };
export type CommissionRate = { id: string; scope: 'default' | 'category' | 'seller'; scopeId: string; rateBp: number; updatedBy: string | null; createdAt: string; updatedAt: string };
export type ClosedPeriod = { month: string; closedBy: string | null; closedAt: string };
export type FinanceSettings = { payoutApprovalThreshold: Money; updatedBy: string | null; updatedAt: string };

export type StatementStatus = 'issued' | 'paying' | 'paid';
export type PayoutStatus = 'awaiting_approval' | 'processing' | 'paid' | 'failed' | 'rejected';
export type Payout = {
  id: string; statementId: string; sellerId: string; sellerName?: string; amount: Money; status: PayoutStatus; payee?: string | null;
  requestedBy: string | null; requestedByName?: string | null; approvedBy: string | null; approvedAt: string | null; transferId: string | null;
  failureReason: string | null; rejectReason?: string | null; paidAt: string | null; createdAt: string;
  periodFrom?: string; periodTo?: string;
};
export type Statement = {
  id: string; seller: Party; periodFrom: string; periodTo: string; sales: Money; deliveryFees: Money; refunds: Money; commission: Money;
  deductions: Money; net: Money; orders: number; status: StatementStatus; createdAt: string; payouts?: Payout[];
};
