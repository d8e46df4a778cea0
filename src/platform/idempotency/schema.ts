import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Stored answers of mutations sent with an `Idempotency-Key` (Stripe semantics): the key is scoped to
 * the caller; the row is inserted in the same transaction as the work, so concurrent duplicates wait on
 * the unique key and then read the committed answer instead of doing the work again.
 */
export const idempotencyKey = pgTable('idempotency_key', {
  scope: text().notNull(),
  key: text().notNull(),
  operation: text().notNull(),
  requestHash: text().notNull(),
  responseStatus: integer().notNull(),
  responseBody: jsonb().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.scope, t.key] })]);
