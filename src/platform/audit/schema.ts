import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit trail (PL-SEC-05, PL-SEC-01). An entry is written inside the
 * transaction of the change it records, without seq or hash; right after that transaction commits,
 * the sealer links it into the chain: `seq` is contiguous over sealed entries and `hash` is SHA-256
 * over the canonical entry plus `prev_hash`. A trigger (migrations) refuses DELETE and every UPDATE
 * except that one-time sealing of an unsealed entry, which may not change any recorded field.
 */
export const auditLog = pgTable('audit_log', {
  id: text().primaryKey(),
  seq: bigint({ mode: 'number' }),
  occurredAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
  actorId: text(),
  actorOrgId: text(),
  action: text().notNull(),
  resourceType: text().notNull(),
  resourceId: text(),
  changes: jsonb().$type<Record<string, unknown>>(),
  ip: text(),
  userAgent: text(),
  requestId: text(),
  prevHash: text(),
  hash: text(),
}, (t) => [
  uniqueIndex('audit_log_seq_unique').on(t.seq),
  index().on(t.actorId, t.seq),
  index().on(t.resourceType, t.resourceId, t.seq),
  index().on(t.occurredAt),
  index().on(t.action, t.seq),
  index('audit_log_unsealed_index').on(t.occurredAt, t.id).where(sql`${t.seq} is null`),
]);
