import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { prepareData } from '../../src/bootstrap.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createKeyring } from '../../src/platform/crypto/index.js';
import type { Platform } from '../../src/platform/platform.js';
import { createTestDb } from './db.js';

export type TestApp = {
  app: FastifyInstance;
  platform: Platform;
  close(): Promise<void>;
  /** Signs in and returns the bearer token. */
  login(login: string, password?: string): Promise<string>;
  /** app.inject with an optional bearer token and JSON body. */
  call(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
};

export const DEMO_PASSWORD = 'shiji-demo';

/**
 * A whole Shiji app on a fresh test database with the demo organisations and accounts
 * (admin@, seller1@, seller2@, courier@, consumer@shiji.test, password shiji-demo); with `catalog`
 * also the demo categories, products, prices and stock (slower: only for tests that need them).
 */
export async function createTestApp(overrides: Partial<Config> = {}, opts: { catalog?: boolean } = {}): Promise<TestApp> {
  const database = await createTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-app-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SHIJI_DATA_DIR: dataDir }, {
    // Generous limits: tests that exercise throttling set their own.
    rateLimitPerMinute: 100_000,
    ...overrides,
  });
  const keyring = createKeyring({ active: Buffer.alloc(32, 7), indexRoot: Buffer.alloc(32, 9) });
  const platform: Platform = Object.freeze({ config, database, db: database.db, keyring });
  await prepareData(platform, { forceDemo: true, demoCatalog: opts.catalog ?? false });
  const app = await buildApp(platform, { logger: false });
  const call: TestApp['call'] = (method, url, opts = {}) => app.inject({
    method: method as never, url,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.headers ?? {}) },
    ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
  });
  return {
    app, platform, call,
    async login(login, password = DEMO_PASSWORD) {
      const res = await call('POST', '/api/auth/login', { body: { login, password } });
      if (res.statusCode !== 200) throw new Error(`login ${login} failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { token: string }).token;
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
