import type { Config } from '../config.js';
import type { Database, Db } from './db/client.js';
import type { Keyring } from './crypto/keyring.js';

/** The shared mechanisms every module's routes and jobs receive: config, database, keys. */
export type Platform = Readonly<{
  config: Config;
  database: Database;
  db: Db;
  keyring: Keyring;
}>;
