import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit trail (PL-SEC-05, PL-SEC-01). `seq` is contiguous; `hash` is
 * SHA-256 over the canonical entry plus `prev_hash`. A trigger (migration) refuses UPDATE and DELETE.
 */
export const auditLog = pgTable('audit_log', {
  seq: bigint({ mode: 'number' }).primaryKey(),
  id: text().notNull().unique(),
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
  prevHash: text().notNull(),
  hash: text().notNull(),
}, (t) => [
  index().on(t.actorId, t.seq),
  index().on(t.resourceType, t.resourceId, t.seq),
  index().on(t.occurredAt),
  index().on(t.action, t.seq),
]);
