import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createKeyring } from './platform/crypto/index.js';
import { openDatabase } from './platform/db/client.js';
import type { Platform } from './platform/platform.js';

/**
 * The OpenAPI document of the whole application, exactly as `/openapi.json` serves it. Built
 * in-process on a throwaway in-memory database with throwaway keys; touches no data directory.
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-openapi-'));
  const database = await openDatabase({ kind: 'pglite' });
  try {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SHIJI_DATA_DIR: dataDir, SHIJI_JOBS: 'false' });
    const keyring = createKeyring({ active: Buffer.alloc(32, 1), indexRoot: Buffer.alloc(32, 2) });
    const platform: Platform = Object.freeze({ config, database, db: database.db, keyring });
    const app = await buildApp(platform, { logger: false });
    try {
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
