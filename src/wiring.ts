import { registerOrderListeners } from './modules/order/index.js';
import { registerSettlementListeners } from './modules/settlement/index.js';

/**
 * Connects modules that react to each other's results in the same transaction (payment → orders,
 * transfer → payouts). Every entry point that can settle a payment calls it first: the HTTP app, the
 * job runner and the start-up seeding. Idempotent.
 */
export function wireModules(): void {
  registerOrderListeners();
  registerSettlementListeners();
}
