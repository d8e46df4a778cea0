import type { Schemas } from '../../api/client';

/**
 * Shapes of the trade API (orders, payments, ledger, settlement) as the seller center and the admin
 * console use them. Money is integer fen with its currency.
 */
export type Money = { amount: number; currency: string };

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

export type OrderSummary = Schemas['OrderSummary'];
export type OrderDetail = Schemas['OrderDetail'];
export type OrderLine = OrderDetail['lines'][number];
export type OrderEvent = OrderDetail['events'][number];
export type CheckLine = NonNullable<OrderDetail['check']>[number];
export type Modification = Schemas['OrderModification'];
export type ModificationStatus = Modification['status'];
export type PaymentOut = Schemas['Payment'];
export type RefundOut = Schemas['Refund'];
export type TransferOut = Schemas['Transfer'];
export type PaymentStatus = PaymentOut['status'];
export type RefundStatus = RefundOut['status'];
export type TransferStatus = TransferOut['status'];
export type StatusEvent = Schemas['PaymentStatusEvent'];
export type ProviderRef = PaymentOut['provider'];
export type SlaFigure = Schemas['ConfirmationSla'];
export type OrderSettings = Schemas['OrderSettings'];

// Ledger and settlement.
export type LedgerAccount = Schemas['LedgerAccount'];
export type AccountKind = LedgerAccount['kind'];
export type JournalEntry = Schemas['LedgerEntry'];
export type Posting = Schemas['LedgerPosting'];
export type TrialBalance = Schemas['TrialBalance'];
export type TrialBalanceRow = Schemas['TrialBalanceRow'];
export type Integrity = Schemas['LedgerIntegrity'];
export type SellerBalance = Schemas['SellerBalance'];
export type CommissionRate = Schemas['CommissionRate'];
export type ClosedPeriod = Schemas['ClosedPeriod'];
export type FinanceSettings = Schemas['FinanceSettings'];
export type Statement = Schemas['SettlementStatement'];
export type StatementStatus = Statement['status'];
export type Payout = Schemas['Payout'];
export type PayoutStatus = Payout['status'];
