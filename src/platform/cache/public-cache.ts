import { afterCommit, type Db, type Tx } from '../db/client.js';

/**
 * A node-local cache of public storefront answers (the same for every visitor): category pages,
 * search and product pages, kept as the serialized JSON body for a short time.
 *
 * Freshness (PL-PRC-05: a price change shows within the platform's window, 60 s by default): an
 * answer lives at most `ttlMs` (default 1 s). A committed change to what the storefront shows
 * (listing, price, shelf state, category, seller status, delivery fee rule) clears the caches of this
 * process at once, before the changing request answers (publicDataChanged); other app nodes see it
 * after at most `ttlMs`. Stock figures on storefront pages may lag by up to `ttlMs`; cart and checkout
 * always read live stock. An answer computed while a change committed is not kept (generation check).
 */
export type PublicCache = {
  readonly ttlMs: number;
  /** The cached body for `key`, or undefined. */
  get(key: string): string | undefined;
  /** The current generation; pass it to `set` so an answer read before a change is not stored after it. */
  generation(): number;
  set(key: string, body: string, generation: number): void;
  clear(): void;
  /** Stops listening for changes (the app closes). */
  close(): void;
  stats(): { entries: number; bytes: number; hits: number; misses: number };
};

const cachesByDb = new WeakMap<Db, Set<PublicCache>>();

/** Clears the public caches of this process once `tx` commits (call it in every change the storefront shows). */
export function publicDataChanged(tx: Tx): void {
  afterCommit(tx, 'public-cache.clear', async (db) => {
    for (const c of cachesByDb.get(db) ?? []) c.clear();
  });
}

export function createPublicCache(db: Db, opts: { ttlMs: number; maxBytes?: number; now?: () => number }): PublicCache {
  const now = opts.now ?? Date.now;
  const maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
  const entries = new Map<string, { body: string; expires: number }>();
  let bytes = 0;
  let gen = 0;
  let hits = 0;
  let misses = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (e) { bytes -= e.body.length * 2; entries.delete(key); }
  };
  const cache: PublicCache = {
    ttlMs: opts.ttlMs,
    get(key) {
      if (opts.ttlMs <= 0) return undefined;
      const e = entries.get(key);
      if (e && e.expires > now()) { hits += 1; return e.body; }
      if (e) drop(key);
      misses += 1;
      return undefined;
    },
    generation: () => gen,
    set(key, body, generation) {
      if (opts.ttlMs <= 0 || generation !== gen) return;
      drop(key);
      const size = body.length * 2;
      if (size > maxBytes / 4) return;
      // Oldest first (Map keeps insertion order): make room within the byte budget.
      for (const k of entries.keys()) {
        if (bytes + size <= maxBytes) break;
        drop(k);
      }
      entries.set(key, { body, expires: now() + opts.ttlMs });
      bytes += size;
    },
    clear() {
      gen += 1;
      entries.clear();
      bytes = 0;
    },
    close() { cachesByDb.get(db)?.delete(cache); entries.clear(); },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
  let set = cachesByDb.get(db);
  if (!set) cachesByDb.set(db, (set = new Set()));
  set.add(cache);
  return cache;
}
