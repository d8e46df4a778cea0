import { onPaymentSettled } from '@/modules/payment/index.js';
import { onCheckoutPayment, onOrderRefund } from './service.js';

/** Subscribes the order module to payment and refund results (called once at start-up; idempotent). */
export function registerOrderListeners(): void {
  onPaymentSettled('payment', onCheckoutPayment);
  onPaymentSettled('refund', onOrderRefund);
}
