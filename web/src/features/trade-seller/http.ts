/**
 * A fresh Idempotency-Key for one money-moving action (a refund). The screen keeps it across retries
 * of that action, so a double click or a retry after a network failure makes one refund, not two.
 */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
