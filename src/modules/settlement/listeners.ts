import { onPaymentSettled } from '@/modules/payment/index.js';
import { applyTransferToPayout } from './service.js';

/** Subscribes payouts to transfer results (called once at start-up; idempotent). */
export function registerSettlementListeners(): void {
  onPaymentSettled('transfer', applyTransferToPayout);
}
