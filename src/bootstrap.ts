import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from './config.js';
import { loadKeyring } from './platform/crypto/index.js';
import { openDatabase } from './platform/db/client.js';
import { migrate } from './platform/db/migrate.js';
import { createFromPgliteTemplate } from './platform/db/pglite-template.js';
import { systemContext } from './platform/http/auth.js';
import type { Platform } from './platform/platform.js';
import { bootstrapIdentity, countAccounts, listAccounts, listOrganisations, seedDemoIdentity } from './modules/identity/index.js';
import { seedDemoOrders } from './modules/order/index.js';
import { wireModules } from './wiring.js';
import { seedDemoCatalog } from './modules/catalog/index.js';
import { seedDemoStock } from './modules/inventory/index.js';
import { ensureSandboxProvider } from './modules/payment/index.js';
import { fileBlobStore } from './platform/storage/index.js';

/**
 * Opens the database (PostgreSQL when DATABASE_URL is set, else PGlite in <dataDir>/pgdata), loads the
 * keyring and applies pending migrations. Every CLI command starts here.
 */
export async function openPlatform(config: Config, opts: { migrate?: boolean } = {}): Promise<Platform> {
  try {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.accessSync(config.dataDir, fs.constants.R_OK | fs.constants.W_OK);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  SHIJI_DATA_DIR: ${config.dataDir} is not a writable folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const keyring = loadKeyring({ masterKey: config.masterKey, retiredKeys: config.retiredKeys, indexKey: config.indexKey, dataDir: config.dataDir });
  let database;
  if (config.databaseUrl) {
    database = await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePoolSize });
  } else {
    // A new embedded database starts as a copy of the installation's migrated template (when there is
    // a current one): ~50 ms instead of PGlite's initdb and all migrations (~5 s).
    const pgdata = path.join(config.dataDir, 'pgdata');
    createFromPgliteTemplate(pgdata);
    database = await openDatabase({ kind: 'pglite', dataDir: pgdata });
  }
  try {
    if (config.databaseUrl) {
      // The first query is where a wrong host, port, user or password shows: say which setting to check.
      await database.ping().catch((err: unknown) => {
        throw new ConfigError(`Invalid configuration:\n  DATABASE_URL: cannot connect to ${database.location} (${err instanceof Error ? err.message : String(err)})`);
      });
    }
    if (opts.migrate !== false) await migrate(database.db);
  } catch (e) {
    await database.close();
    throw e;
  }
  return Object.freeze({ config, database, db: database.db, keyring });
}

/**
 * Idempotent reference data every start needs, then demo data when this is the embedded database
 * and it has no accounts yet (or when forced by `shiji seed --demo`). With `deferDemoOrders` the demo
 * orders are not placed but handed back as `placeDemoOrders` (null when there are none to place).
 */
export async function prepareData(platform: Platform, opts: { forceDemo?: boolean; demoCatalog?: boolean; demoOrders?: boolean; deferDemoOrders?: boolean } = {}): Promise<{ demoSeeded: boolean; placeDemoOrders?: (() => Promise<number>) | null }> {
  wireModules();
  const ctx = systemContext('shiji start');
  let skusBySeller: Record<string, string[]> = {};
  const res = await platform.db.transaction(async (tx) => {
    await bootstrapIdentity(tx, ctx);
    const wantDemo = opts.forceDemo || (platform.config.demo && platform.database.kind === 'pglite' && (await countAccounts(tx)) === 0);
    const seedCtx = systemContext('shiji seed --demo');
    const demoSeeded = wantDemo ? await seedDemoIdentity(tx, seedCtx, platform.keyring) : false;
    if (demoSeeded) await ensureSandboxProvider(tx, seedCtx, platform.keyring);
    if (demoSeeded && opts.demoCatalog !== false) {
      const sellers = (await listOrganisations(tx, { kind: 'seller', limit: 100 })).items;
      const id = (name: string) => sellers.find((o) => o.name === name)!.id;
      const catalog = await seedDemoCatalog(tx, seedCtx, fileBlobStore(path.join(platform.config.dataDir, 'uploads')), { tea: id('山河茶社'), digital: id('青禾数码') });
      await seedDemoStock(tx, seedCtx, catalog.skus, {
        [id('山河茶社')]: { name: '杭州余杭仓', region: '浙江省杭州市', address: '浙江省杭州市余杭区仓前街道文一西路 1 号' },
        [id('青禾数码')]: { name: '深圳龙华仓', region: '广东省深圳市', address: '广东省深圳市龙华区民治街道 88 号' },
      });
      skusBySeller = { [id('山河茶社')]: [], [id('青禾数码')]: [] };
      for (const s of catalog.skus) skusBySeller[s.sellerId]?.push(s.skuId);
    }
    return { demoSeeded };
  });
  // Demo orders go through checkout and the sandbox like a consumer's, one transaction per step, after the shop exists.
  const placeDemoOrders = res.demoSeeded && opts.demoCatalog !== false && (opts.demoOrders ?? platform.config.env !== 'test')
    ? async () => {
      const consumer = (await listAccounts(platform.db, platform.keyring, { kind: 'operator' }, { kind: 'consumer', limit: 1 })).items[0];
      return consumer ? seedDemoOrders(platform.db, platform.keyring, { consumerId: consumer.id, skusBySeller }) : 0;
    }
    : null;
  // `shiji start` places them once it is listening (they are what a consumer could do meanwhile).
  if (opts.deferDemoOrders) return { ...res, placeDemoOrders };
  if (placeDemoOrders) await placeDemoOrders();
  return res;
}
