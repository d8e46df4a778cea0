// `npm ci` / `npm install` (the prepare script): everything a first `npm start` would otherwise do
// itself, slowly. 1. the web app build (web/ → web/dist) when its sources changed; 2. the server
// bundle (scripts/server-bundle.mjs); 3. the migrated template the embedded database is copied from
// (src/platform/db/pglite-template.ts). Only a failed web build fails the install: without the other
// two, `npm start` compiles the bundle or creates the database itself.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureWebBuild } from '../src/platform/http/web-build.js';
import { buildPgliteTemplate } from '../src/platform/db/pglite-template.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

const web = await ensureWebBuild({ log: out });
if (web === 'fresh') out('The web app build is up to date.');
if (web === 'failed') process.exit(1);

const bundle = spawnSync(process.execPath, [path.join(import.meta.dirname, 'start.mjs'), '--build'], { stdio: 'inherit' });
if (bundle.status !== 0) out('The server bundle was not built; npm start compiles it (or runs the sources with tsx).');

try {
  const t0 = performance.now();
  if (await buildPgliteTemplate()) out(`Prepared the embedded database template in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
  else out('The embedded database template is up to date.');
} catch (err) {
  out(`Could not prepare the embedded database template (${err instanceof Error ? err.message : String(err)}); a new embedded database is created the slow way.`);
}
