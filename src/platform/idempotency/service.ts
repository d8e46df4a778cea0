import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db, Queryable, Tx } from '../db/client.js';
import { DomainError } from '../http/problem.js';
import { canonicalJson } from '../crypto/canonical.js';
import { idempotencyKey } from './schema.js';

export class IdempotencyKeyReused extends DomainError {
  constructor(key: string) {
    super({ code: 'idempotency.key_reused', status: 422,
      detail: `The Idempotency-Key "${key}" was already used for a different request. Use a new key for a new request.`, meta: { idempotencyKey: key } });
  }
}
export class InvalidIdempotencyKey extends DomainError {
  constructor() {
    super({ code: 'idempotency.invalid_key', status: 400,
      detail: 'The Idempotency-Key header must be 1–255 visible ASCII characters (a UUID is a good choice).' });
  }
}

export type Answer<T> = { status: number; body: T };
export type IdempotentResult<T> = Answer<T> & { replayed: boolean };


/** The Idempotency-Key header of a request, validated; undefined when absent. */
export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) throw new InvalidIdempotencyKey();
  return key;
}

/**
 * Runs `work` in one transaction, at most once per (scope, key) — Stripe semantics:
 * the same key with the same request returns the stored answer without doing the work again; the same
 * key with a different request is refused (422); concurrent duplicates wait on the key's unique index
 * until the first commits and then return its answer. The key row is written in the same transaction
 * as the work, so a failed attempt (rolled back) leaves no key behind and may be retried.
 * Without a key the work simply runs in a transaction.
 */
export async function runIdempotent<T>(db: Db, opts: { scope: string; key: string | undefined; operation: string; request: unknown },
  work: (tx: Tx) => Promise<Answer<T>>): Promise<IdempotentResult<T>> {
  if (opts.key === undefined) return { ...(await db.transaction(work)), replayed: false };
  const key = opts.key;
  const requestHash = createHash('sha256').update(canonicalJson([opts.operation, opts.request])).digest('hex');
  return db.transaction(async (tx) => {
    const claimed = await tx.insert(idempotencyKey)
      .values({ scope: opts.scope, key, operation: opts.operation, requestHash, responseStatus: 0, responseBody: {} })
      .onConflictDoNothing().returning({ key: idempotencyKey.key });
    if (claimed.length === 0) {
      const [prev] = await tx.select().from(idempotencyKey).where(and(eq(idempotencyKey.scope, opts.scope), eq(idempotencyKey.key, key)));
      if (!prev || prev.requestHash !== requestHash || prev.operation !== opts.operation) throw new IdempotencyKeyReused(key);
      return { status: prev.responseStatus, body: prev.responseBody as T, replayed: true };
    }
    const answer = await work(tx);
    await tx.update(idempotencyKey).set({ responseStatus: answer.status, responseBody: sql`${JSON.stringify(answer.body)}::jsonb` })
      .where(and(eq(idempotencyKey.scope, opts.scope), eq(idempotencyKey.key, key)));
    return { ...answer, replayed: false };
  });
}

/** Forgets stored answers older than the cut-off (keys are kept 24 h, like Stripe's). */
export async function pruneIdempotencyKeys(q: Queryable, olderThan: Date): Promise<number> {
  const rs = await q.delete(idempotencyKey).where(lt(idempotencyKey.createdAt, olderThan)).returning({ key: idempotencyKey.key });
  return rs.length;
}
