import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { rows, type Db } from './client.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

type Migration = { tag: string; statements: string[]; hash: string };

export class MigrationError extends Error {}

/** Reads drizzle-kit's journal and SQL files in order. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const journalPath = path.join(dir, 'meta', '_journal.json');
  if (!fs.existsSync(journalPath)) return [];
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  return [...journal.entries].sort((a, b) => a.idx - b.idx).map(({ tag }) => {
    const text = fs.readFileSync(path.join(dir, `${tag}.sql`), 'utf8');
    return {
      tag,
      hash: createHash('sha256').update(text).digest('hex'),
      statements: text.split('--> statement-breakpoint').map((s) => s.trim()).filter(Boolean),
    };
  });
}

/**
 * Applies pending migrations in order, all in one transaction under an advisory lock, so several app
 * nodes starting at once apply each migration exactly once. Forward-only: a migration whose file
 * changed after it was applied stops the start with an error instead of drifting silently.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readMigrations(dir);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7283945001)`);
    await tx.execute(sql`create table if not exists shiji_migrations (
      tag text primary key, hash text not null, applied_at timestamptz not null default now())`);
    const applied = new Map((await rows<{ tag: string; hash: string }>(tx, sql`select tag, hash from shiji_migrations`))
      .map((r) => [r.tag, r.hash]));
    const known = new Set(migrations.map((m) => m.tag));
    for (const tag of applied.keys()) {
      if (!known.has(tag)) {
        throw new MigrationError(`The database has migration ${tag}, which this build does not know: it was made by a newer version of Shiji.`);
      }
    }
    const done: string[] = [];
    for (const m of migrations) {
      const prev = applied.get(m.tag);
      if (prev !== undefined) {
        if (prev !== m.hash) {
          throw new MigrationError(`Migration ${m.tag} was changed after it was applied. Migrations are forward-only: restore the file and add a new migration instead.`);
        }
        continue;
      }
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into shiji_migrations (tag, hash) values (${m.tag}, ${m.hash})`);
      done.push(m.tag);
    }
    return done;
  });
}
