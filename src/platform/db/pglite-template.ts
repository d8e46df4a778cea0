import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from './client.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate.js';

/**
 * A migrated, empty PGlite data directory made once per installation (`npm ci` runs it in the prepare
 * step) and copied into place when the embedded database is created. A new PGlite runs initdb inside
 * WebAssembly (~3–5 s on two cores) and then the migrations (~1 s); copying the 40 MB folder takes
 * ~50 ms. The copy is the same cluster initdb would make (same PGlite build, checked by version), and
 * the migrations in it are checked against the files, so `migrate()` then applies only newer ones.
 */
export const PGLITE_TEMPLATE_DIR = path.resolve(import.meta.dirname, '../../../node_modules/.cache/shiji/pglite-template');
const STAMP = 'shiji-template.json';

type Stamp = { pglite: string; migrations: Array<[tag: string, hash: string]> };

/** The installed PGlite version (its package.json is not exported: found next to its entry point). */
function pgliteVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  for (let i = 0; i < 4; i += 1, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    } catch { /* not here */ }
  }
  return 'unknown';
}

/** Whether the template exists, was made by this PGlite, and holds only migrations whose files are unchanged. */
export function pgliteTemplateUsable(dir = PGLITE_TEMPLATE_DIR, migrationsDir = MIGRATIONS_DIR): boolean {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dir, STAMP), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.pglite !== pgliteVersion() || !fs.existsSync(path.join(dir, 'PG_VERSION'))) return false;
  const current = new Map(readMigrations(migrationsDir).map((m) => [m.tag, m.hash]));
  return stamp.migrations.every(([tag, hash]) => current.get(tag) === hash);
}

/**
 * Builds the template (into a temporary folder, then renamed into place). Returns false when a
 * current one already exists and `force` is not set.
 */
export async function buildPgliteTemplate(opts: { force?: boolean; dir?: string } = {}): Promise<boolean> {
  const dir = opts.dir ?? PGLITE_TEMPLATE_DIR;
  if (!opts.force && pgliteTemplateUsable(dir)) return false;
  const tmp = `${dir}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(tmp), { recursive: true });
  const database = await openDatabase({ kind: 'pglite', dataDir: tmp });
  try {
    await migrate(database.db);
  } finally {
    await database.close();
  }
  const stamp: Stamp = { pglite: pgliteVersion(), migrations: readMigrations().map((m) => [m.tag, m.hash]) };
  fs.writeFileSync(path.join(tmp, STAMP), `${JSON.stringify(stamp)}\n`);
  const old = `${dir}.${process.pid}.old`;
  if (fs.existsSync(dir)) fs.renameSync(dir, old);
  fs.renameSync(tmp, dir);
  fs.rmSync(old, { recursive: true, force: true });
  return true;
}

/**
 * Creates `pgdataDir` as a copy of the template when it does not exist yet (or is an empty folder) and
 * the template is usable. Returns whether it did; on any failure it leaves nothing behind and returns
 * false, and PGlite creates the database the slow way.
 */
export function createFromPgliteTemplate(pgdataDir: string, templateDir = PGLITE_TEMPLATE_DIR): boolean {
  try {
    if (fs.existsSync(pgdataDir) && fs.readdirSync(pgdataDir).length > 0) return false;
    if (!pgliteTemplateUsable(templateDir)) return false;
  } catch {
    return false;
  }
  const tmp = `${pgdataDir}.${process.pid}.tmp`;
  try {
    fs.cpSync(templateDir, tmp, { recursive: true, filter: (src) => path.basename(src) !== STAMP });
    fs.rmSync(pgdataDir, { recursive: true, force: true });
    fs.renameSync(tmp, pgdataDir);
    return true;
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    return false;
  }
}
