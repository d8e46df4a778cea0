/**
 * Shared shapes of the benchmark harness (bench/run.ts orchestrates; bench/lib/* do the work).
 * Every scenario returns a plain JSON-able result that run.ts puts in the summary and the table.
 */

/** A running Shiji server under test. */
export type BenchServer = {
  baseUrl: string;
  /** postgres://… when the server runs on PostgreSQL; null on the embedded database (then no ceiling run). */
  databaseUrl: string | null;
  pid: number;
  /** Current RSS of the server process in MiB (reads /proc/<pid>/status). */
  rssMiB(): number;
};

export type SeededSku = { skuId: string; productId: string; sellerId: string; price: number };

/** What the seeding step created and the scenarios use. */
export type SeedInfo = {
  /** A category with at least 20 on-shelf products (the category page). */
  categoryId: string;
  /** A Chinese keyword that matches at least 20 products (the search page). */
  searchTerm: string;
  /** On-shelf product ids (product pages are picked from these). */
  productIds: string[];
  /** In-stock SKUs with plenty of units for the checkout driver (spread across sellers and products). */
  checkoutSkus: SeededSku[];
  /** A SKU reserved for the contention run (its stock is set to exactly the contention units before the run). */
  contentionSku: SeededSku;
  /** A seller owner's bearer token for the contention SKU's seller (to set stock through the API). */
  contentionSellerToken: string;
  /** Signed-in consumer accounts (bearer tokens valid for hours); checkout/contention add addresses themselves. */
  buyers: Array<{ accountId: string; token: string }>;
};

/** Latency summary in milliseconds. */
export type Latency = { p50: number; p90: number; p99: number; max: number; mean: number };

export type HttpResult = {
  scenario: 'listing' | 'search' | 'product';
  concurrency: number;
  durationSec: number;
  requests: number;
  rps: number;
  latency: Latency;
  errors: number;
  non2xx: number;
};

export type CheckoutResult = {
  concurrency: number;
  durationSec: number;
  orders: number;
  ordersPerSec: number;
  /** Whole checkout (cart add → paid order seen by the consumer). */
  latency: Latency;
  /** Per step: add, preview, confirm, pay, paid (waiting for the paid state). */
  steps: Record<string, Latency>;
  errors: number;
  errorKinds: Record<string, number>;
  /** Checkouts that started in the window and were paid after it (not in `orders`; in the latencies). */
  completedAfterWindow?: number;
  /** How the paid state was reached: the result page's provider query then polling (as the web app), or polling for the webhook only. */
  paidVia?: 'sync+poll' | 'poll';
};

export type ContentionResult = {
  buyers: number;
  units: number;
  orders: number;
  outOfStock: number;
  otherErrors: number;
  errorKinds: Record<string, number>;
  stockAfter: { onHand: number; reserved: number; available: number };
  /** Units sold beyond the stock (must be 0). */
  oversell: number;
  /** Units of the SKU in orders placed during the run and not cancelled (SQL on PostgreSQL, else from the 201 answers). */
  sold?: number;
  /** Orders paid afterwards (each created checkout is paid on the sandbox page). */
  paid?: number;
  /** Wall time of the burst (everybody's preview + confirm) and each buyer's preview + confirm, ms. */
  burstMs?: number;
  confirmLatency?: Latency;
  /** PostgreSQL only (null otherwise): a stock row of the SKU with on_hand < reserved after the run; held reservations = reserved. */
  negativeAvailable?: boolean | null;
  reservationsMatch?: boolean | null;
};

export type CeilingResult = {
  concurrency: number; durationSec: number; transactions: number; perSec: number; latency: Latency;
  /** Connections of the ceiling's pg pool (the workers share them, as HTTP requests share the server's pool). */
  poolSize?: number;
  /** Named prepared statements (the default) or unnamed ones like drizzle sends. */
  prepared?: boolean;
  /** Checkouts whose payment notification the server's own sweep job applied before the worker did (rare; counted as completed). */
  appliedByServer?: number;
  errors?: number;
  errorKinds?: Record<string, number>;
};
