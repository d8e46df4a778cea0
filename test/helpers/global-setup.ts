import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { decodeTime } from 'ulid';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/platform/db/client.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/platform/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplateDb: string;
  }
}

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const m of readMigrations()) h.update(m.tag).update(m.hash);
  return h.digest('hex').slice(0, 12);
}

/**
 * Builds one migrated database per run and hands test files a way to clone it: a PGlite data-dir
 * dump (PGlite project) or a PostgreSQL template database (postgres project). Cloning takes ~1 s
 * where migrating a fresh PGlite takes ~5 s.
 */
export default async function setup(project: TestProject) {
  const kind = project.config.env?.SHIJI_TEST_DB ?? 'pglite';
  const hash = migrationsHash();
  if (kind === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const tpl = `shiji_tpl_${hash}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Several test runs may share the server: take a lock while (maybe) building the template, and
      // drop only test databases left behind by runs that died more than two hours ago (ULID time).
      await admin.query('select pg_advisory_lock(7283945100)');
      const dbs = await admin.query("select datname from pg_database where datname like 'shiji_t\\_%'");
      for (const { datname } of dbs.rows as { datname: string }[]) {
        const ulidPart = datname.slice('shiji_t_'.length).toUpperCase();
        let created = Date.now();
        try { created = decodeTime(ulidPart); } catch { /* not ours */ }
        if (Date.now() - created > 2 * 3_600_000) await admin.query(`drop database if exists "${datname}" with (force)`);
      }
      const exists = await admin.query('select 1 from pg_database where datname = $1', [tpl]);
      if (exists.rowCount === 0) {
        await admin.query(`create database "${tpl}"`);
        const u = new URL(url);
        u.pathname = `/${tpl}`;
        const db = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 1 });
        try { await migrate(db.db, MIGRATIONS_DIR); } finally { await db.close(); }
      }
      await admin.query('select pg_advisory_unlock(7283945100)');
    } finally {
      await admin.end();
    }
    project.provide('pgTemplateDb', tpl);
    project.provide('pgliteTemplate', '');
    return;
  }
  const dir = path.join(os.tmpdir(), 'shiji-test');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `template-${hash}.tar.gz`);
  if (!fs.existsSync(file)) {
    const db = await openDatabase({ kind: 'pglite' });
    await migrate(db.db, MIGRATIONS_DIR);
    const client = (db.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client;
    const blob = await client.dumpDataDir('gzip');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    fs.renameSync(tmp, file);
    await db.close();
  }
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplateDb', '');
}
