import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../test/helpers/db.js';
import { rows, type Database } from './client.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate.js';

let database: Database;
beforeAll(async () => { database = await createTestDb(); });
afterAll(async () => { await database.close(); });

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiji-mig-'));
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('migrations (same files on PGlite and PostgreSQL)', () => {
  it('has applied every migration of this build, once', async () => {
    const applied = await rows<{ tag: string }>(database.db, sql`select tag from shiji_migrations order by tag`);
    expect(applied.map((r) => r.tag)).toEqual(readMigrations().map((m) => m.tag));
    expect(await migrate(database.db)).toEqual([]);
  });

  it('refuses to start when an applied migration file was edited', async () => {
    const dir = copyMigrations();
    const first = readMigrations(dir)[0]!;
    fs.appendFileSync(path.join(dir, `${first.tag}.sql`), '\n-- edited after release\n');
    await expect(migrate(database.db, dir)).rejects.toThrow(/forward-only/);
  });

  it('applies a new forward migration and records it', async () => {
    const dir = copyMigrations();
    const journalPath = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'));
    const idx = journal.entries.length;
    journal.entries.push({ idx, version: '7', when: Date.now(), tag: `${String(idx).padStart(4, '0')}_probe`, breakpoints: true });
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    fs.writeFileSync(path.join(dir, `${String(idx).padStart(4, '0')}_probe.sql`), 'create table migration_probe (id int primary key);\n--> statement-breakpoint\ninsert into migration_probe values (1);');
    expect(await migrate(database.db, dir)).toEqual([`${String(idx).padStart(4, '0')}_probe`]);
    expect(await rows(database.db, sql`select id from migration_probe`)).toEqual([{ id: 1 }]);
    // The shipped build does not know that migration: it refuses to start on this database.
    await expect(migrate(database.db, MIGRATIONS_DIR)).rejects.toThrow(/newer version/);
  });

  it('rolls back a failing migration completely', async () => {
    const dir = copyMigrations();
    const journalPath = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'));
    // keep the probe from the previous test known, then add a broken one
    const known = await rows<{ tag: string }>(database.db, sql`select tag from shiji_migrations`);
    for (const { tag } of known) {
      if (!journal.entries.some((e: { tag: string }) => e.tag === tag)) {
        journal.entries.push({ idx: journal.entries.length, version: '7', when: 1, tag, breakpoints: true });
        fs.writeFileSync(path.join(dir, `${tag}.sql`), 'create table migration_probe (id int primary key);\n--> statement-breakpoint\ninsert into migration_probe values (1);');
      }
    }
    const tag = `${String(journal.entries.length).padStart(4, '0')}_broken`;
    journal.entries.push({ idx: journal.entries.length, version: '7', when: Date.now(), tag, breakpoints: true });
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    fs.writeFileSync(path.join(dir, `${tag}.sql`), 'create table half_done (id int);\n--> statement-breakpoint\nselect * from no_such_table;');
    await expect(migrate(database.db, dir)).rejects.toThrow();
    const t = await rows(database.db, sql`select to_regclass('half_done') as t`);
    expect(t).toEqual([{ t: null }]);
  });
});
