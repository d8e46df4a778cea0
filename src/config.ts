import path from 'node:path';
import { z } from 'zod';

const bool = (def: boolean) =>
  z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional()
    .transform((v) => (v === undefined ? def : ['true', '1', 'yes'].includes(v)));
const int = (def: number, min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').optional()
    .transform((v) => (v === undefined ? def : Number(v)))
    .pipe(z.number().int().min(min).max(max));

/** Environment variables Shiji reads; each is documented in the README's configuration table. */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  SHIJI_DATA_DIR: z.string().min(1).default('./data'),
  SHIJI_MASTER_KEY: z.string().optional(),
  SHIJI_RETIRED_KEYS: z.string().optional(),
  SHIJI_INDEX_KEY: z.string().optional(),
  SHIJI_PUBLIC_URL: z.url().optional(),
  SHIJI_DEMO: bool(true),
  SHIJI_REQUIRE_STAFF_TOTP: bool(false),
  SHIJI_SESSION_IDLE_MINUTES: int(120, 1, 60 * 24 * 30),
  SHIJI_SESSION_ABSOLUTE_HOURS: int(24 * 7, 1, 24 * 365),
  SHIJI_LOGIN_MAX_FAILURES: int(5, 1, 1000),
  SHIJI_LOGIN_IP_MAX_FAILURES: int(30, 1, 100000),
  SHIJI_LOGIN_LOCK_MINUTES: int(15, 1, 60 * 24),
  SHIJI_RATE_LIMIT_PER_MINUTE: int(600, 1, 1_000_000),
  SHIJI_BODY_LIMIT_BYTES: int(1_048_576, 1024, 100 * 1_048_576),
  SHIJI_JOBS: bool(true),
  SHIJI_AUDIT_ANCHOR_FILE: z.string().optional(),
  SHIJI_TRUST_PROXY: bool(false),
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  HTTP_REDIRECT_PORT: int(0, 0, 65535),
  SHIJI_PAYMENT_TIMEOUT_MINUTES: int(30, 1, 60 * 24 * 7),
  SHIJI_STORE_CACHE_MS: z.string().regex(/^\d+$/, 'a whole number of milliseconds (0 turns the cache off)').transform(Number)
    .refine((n) => n <= 60_000, 'at most 60000 (the price-change window of PL-PRC-05)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
}).superRefine((env, ctx) => {
  if (Boolean(env.TLS_CERT_FILE) !== Boolean(env.TLS_KEY_FILE)) {
    ctx.addIssue({ code: 'custom', path: [env.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE'],
      message: 'TLS_CERT_FILE and TLS_KEY_FILE must be set together' });
  }
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  masterKey: string | undefined;
  retiredKeys: string[];
  indexKey: string | undefined;
  publicUrl: string | undefined;
  demo: boolean;
  requireStaffTotp: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  login: { maxFailures: number; ipMaxFailures: number; lockMinutes: number };
  rateLimitPerMinute: number;
  bodyLimitBytes: number;
  jobs: boolean;
  auditAnchorFile: string;
  trustProxy: boolean;
  tls: { certFile: string; keyFile: string } | undefined;
  httpRedirectPort: number;
  logLevel: string;
  /** Minutes a confirmed checkout waits for payment before it is cancelled and its stock released. */
  paymentTimeoutMinutes: number;
  /** How long public storefront answers may be served from the node's cache (0: off; default 1000, 0 under test). */
  storeCacheMs: number;
}>;

export class ConfigError extends Error {}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.SHIJI_DATA_DIR);
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir,
    masterKey: e.SHIJI_MASTER_KEY,
    retiredKeys: (e.SHIJI_RETIRED_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    indexKey: e.SHIJI_INDEX_KEY,
    publicUrl: e.SHIJI_PUBLIC_URL,
    demo: e.SHIJI_DEMO,
    requireStaffTotp: e.SHIJI_REQUIRE_STAFF_TOTP,
    session: { idleMinutes: e.SHIJI_SESSION_IDLE_MINUTES, absoluteHours: e.SHIJI_SESSION_ABSOLUTE_HOURS },
    login: { maxFailures: e.SHIJI_LOGIN_MAX_FAILURES, ipMaxFailures: e.SHIJI_LOGIN_IP_MAX_FAILURES,
      lockMinutes: e.SHIJI_LOGIN_LOCK_MINUTES },
    rateLimitPerMinute: e.SHIJI_RATE_LIMIT_PER_MINUTE,
    bodyLimitBytes: e.SHIJI_BODY_LIMIT_BYTES,
    jobs: e.SHIJI_JOBS,
    auditAnchorFile: path.resolve(e.SHIJI_AUDIT_ANCHOR_FILE ?? path.join(dataDir, 'audit-anchors.jsonl')),
    trustProxy: e.SHIJI_TRUST_PROXY,
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : undefined,
    httpRedirectPort: e.HTTP_REDIRECT_PORT,
    logLevel: e.LOG_LEVEL,
    paymentTimeoutMinutes: e.SHIJI_PAYMENT_TIMEOUT_MINUTES,
    storeCacheMs: e.SHIJI_STORE_CACHE_MS ?? (e.NODE_ENV === 'test' ? 0 : 1000),
    ...overrides,
  };
  return Object.freeze(config);
}
