import fs from 'node:fs';
import pg from 'pg';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db/client.js';

export type TestDbKind = 'pglite' | 'postgres';

/** Which database this test project runs on. */
export function testDbKind(): TestDbKind {
  return process.env.SHIJI_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** True on real PostgreSQL, where row locks and parallel connections are real (concurrency tests). */
export const onRealPostgres = testDbKind() === 'postgres';

/**
 * A fresh, migrated database for one test file: a PGlite cloned from the run's template, or a new
 * PostgreSQL database created from the template database. Call `close()` in afterAll.
 */
export async function createTestDb(): Promise<Database & { url?: string }> {
  if (testDbKind() === 'postgres') {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `shiji_t_${ulid().toLowerCase()}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database "${name}" template "${inject('pgTemplateDb')}"`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();
    const db = await openDatabase({ kind: 'postgres', url, poolSize: 20 });
    return {
      ...db, url,
      close: async () => {
        await db.close();
        const a = new pg.Client({ connectionString: base });
        await a.connect();
        await a.query(`drop database if exists "${name}" with (force)`);
        await a.end();
      },
    };
  }
  const file = inject('pgliteTemplate');
  return openDatabase({ kind: 'pglite', loadDataDir: new Blob([fs.readFileSync(file)]) });
}
