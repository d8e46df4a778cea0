import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/** The query builder used everywhere. PGlite's driver exposes the same API, so both are typed as one. */
export type Db = NodePgDatabase<Record<string, never>>;
/** A transaction handle; every service function takes one as its first argument. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything a query can run on: the root handle or a transaction. */
export type Queryable = Db | Tx;

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** Describes where the data lives, for logs and the start banner (never contains a password). */
  readonly location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type OpenOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

// pg returns int8/numeric as strings; money is bigint fen that fits in a JS number, so parse int8 as number.
pg.types.setTypeParser(20, (v) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${v} exceeds the safe integer range`);
  return n;
});

/** Opens PostgreSQL (pool) or embedded PGlite (persisted in dataDir, or in memory when dataDir is absent). */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    pool.on('error', () => { /* an idle client died; the pool replaces it */ });
    const db = wrapTransactions(drizzlePg(pool, { casing: 'snake_case' }) as Db, { retry: true });
    const url = new URL(opts.url);
    return {
      db, kind: 'postgres', location: `postgres://${url.host}${url.pathname}`,
      ping: async () => { await pool.query('select 1'); },
      close: async () => { await pool.end(); },
    };
  }
  let client: PGlite;
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    client = await PGlite.create({ dataDir: opts.dataDir });
  } else {
    client = await PGlite.create(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  }
  await client.query("set timezone to 'UTC'");
  const db = wrapTransactions(drizzlePglite(client, { casing: 'snake_case' }) as unknown as Db, { retry: false });
  return {
    db, kind: 'pglite', location: opts.dataDir ? `pglite:${path.resolve(opts.dataDir)}` : 'pglite:memory',
    ping: async () => { await client.query('select 1'); },
    close: async () => { if (!client.closed) await client.close(); },
  };
}

/** SQLSTATEs after which PostgreSQL has rolled the whole transaction back and running it again is safe. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 4;

function sqlState(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

type AfterCommit = (db: Db) => Promise<unknown>;
/** Work to run once a top-level transaction has committed, by the transaction's session (shared by its savepoints). */
const afterCommitHooks = new WeakMap<object, Map<string, AfterCommit>>();

const sessionOf = (tx: Queryable): object => (tx as unknown as { session: object }).session;

/**
 * Runs `fn` with the root handle once the top-level transaction `tx` belongs to has committed (never
 * when it rolls back); one hook per key per transaction. Used for short follow-up steps that must not
 * hold locks inside the transaction, e.g. sealing audit entries into the hash chain. A hook that fails
 * is reported as a process warning; the caller's work has committed regardless.
 */
export function afterCommit(tx: Tx, key: string, fn: AfterCommit): void {
  const session = sessionOf(tx);
  let hooks = afterCommitHooks.get(session);
  if (!hooks) afterCommitHooks.set(session, (hooks = new Map()));
  if (!hooks.has(key)) hooks.set(key, fn);
}

/**
 * Wraps the top-level `transaction` of a handle: after-commit hooks (afterCommit) run once it has
 * committed, and with `retry` (PostgreSQL) a transaction the server aborted for a deadlock (40P01) or
 * a serialization failure (40001) runs again: the server rolled everything back, and transaction
 * bodies do no external calls (the house rule), so running the body again is safe. Two transactions
 * that lock shared rows in different orders then cost a short wait instead of a 500.
 */
export function wrapTransactions(db: Db, opts: { retry: boolean }): Db {
  const run = db.transaction.bind(db);
  const transaction = (async (fn: Parameters<Db['transaction']>[0], config?: Parameters<Db['transaction']>[1]) => {
    for (let attempt = 1; ; attempt += 1) {
      let session: object | null = null;
      try {
        const result = await run((tx) => { session = sessionOf(tx); return fn(tx); }, config);
        const hooks = session ? afterCommitHooks.get(session) : undefined;
        if (hooks) {
          afterCommitHooks.delete(session!);
          for (const [key, hook] of hooks) {
            await hook(wrapped).catch((err: unknown) => process.emitWarning(`after-commit step ${key} failed: ${err instanceof Error ? err.message : String(err)}`));
          }
        }
        return result;
      } catch (err) {
        if (session) afterCommitHooks.delete(session);
        if (!opts.retry || attempt >= MAX_ATTEMPTS || !RETRYABLE.has(sqlState(err) ?? '')) throw err;
        await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20 * attempt)));
      }
    }
  }) as Db['transaction'];
  const wrapped = Object.assign(db, { transaction });
  return wrapped;
}

/** Runs fn in one transaction: commits when it resolves, rolls back when it throws. */
export function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(fn);
}

/** Rows of a raw SQL statement, on either driver. */
export async function rows<T = Record<string, unknown>>(q: Queryable, query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await q.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/** An ILIKE pattern matching `text` anywhere, with %, _ and \ in it matched literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
