import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The browser app's sources and its production build (served by registerWeb). */
export const WEB_DIR = path.resolve(import.meta.dirname, '../../../web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');
const ROOT = path.dirname(WEB_DIR);
const STAMP = '.build-stamp.json';
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json'];
const BARE_IMPORT = /(?:from\s+|import\s*\(?\s*)['"]((?:@[\w.-]+\/)?[\w.-]+)(?:\/[^'"]*)?['"]/g;

function listFiles(p: string, out: string[]): void {
  if (!fs.existsSync(p)) return;
  if (fs.statSync(p).isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) listFiles(path.join(p, name), out);
  } else {
    out.push(p);
  }
}

/**
 * A fingerprint of everything the build depends on: the web sources (contents, not mtimes, so a fresh
 * checkout of the same commit matches) and the installed versions of the packages they import. Cheap:
 * a few hundred kilobytes hashed, about 10 ms.
 */
export function webSourceKey(): string {
  const h = createHash('sha256');
  const files: string[] = [];
  for (const i of INPUTS) listFiles(path.join(WEB_DIR, i), files);
  const packages = new Set(['vite', '@vitejs/plugin-react']);
  for (const f of files) {
    const data = fs.readFileSync(f);
    h.update(path.relative(WEB_DIR, f)).update('\0').update(data).update('\0');
    if (/\.(tsx?|css)$/.test(f)) for (const m of data.toString('utf8').matchAll(BARE_IMPORT)) packages.add(m[1]!);
  }
  let lock: { packages?: Record<string, { version?: string }> } = {};
  try { lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')); } catch { /* no lock: sources only */ }
  for (const p of [...packages].sort()) h.update(`${p}@${lock.packages?.[`node_modules/${p}`]?.version ?? '?'}\n`);
  return h.digest('hex');
}

export type WebBuildState = { state: 'fresh' | 'stale' | 'missing' | 'no-sources'; key: string | null };

/** Whether web/dist matches the current sources. */
export function webBuildState(): WebBuildState {
  if (!fs.existsSync(path.join(WEB_DIR, 'src'))) return { state: 'no-sources', key: null };
  const key = webSourceKey();
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) return { state: 'missing', key };
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(WEB_DIST, STAMP), 'utf8')) as { key?: string };
    return { state: stamp.key === key ? 'fresh' : 'stale', key };
  } catch {
    return { state: 'stale', key };
  }
}

/**
 * Builds the web app with Vite in a child process into a temporary folder, then swaps it in for
 * web/dist, so a running server never sees a half-written build. Throws when the build fails.
 */
export async function buildWeb(key: string, log: (line: string) => void = () => {}): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite)) throw new Error('Vite is not installed: run npm ci (or npm install) first.');
  const tmp = path.join(WEB_DIR, `.dist-tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  const t0 = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(WEB_DIR, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: ROOT, env: { ...process.env, SHIJI_WEB_OUT_DIR: tmp, NODE_ENV: 'production' }, stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with code ${code}`))));
  });
  fs.writeFileSync(path.join(tmp, STAMP), `${JSON.stringify({ key, builtAt: new Date().toISOString() })}\n`);
  const old = path.join(WEB_DIR, `.dist-old-${process.pid}`);
  if (fs.existsSync(WEB_DIST)) fs.renameSync(WEB_DIST, old);
  fs.renameSync(tmp, WEB_DIST);
  fs.rmSync(old, { recursive: true, force: true });
  log(`Built the web app in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
}

/**
 * Makes sure web/dist matches web/src: nothing to do when the build stamp matches (the usual case
 * after `npm ci`, whose prepare step builds), else a rebuild. `SHIJI_WEB_BUILD=off` skips it (the
 * dev server serves the UI then). A failed build is reported, not fatal: the API still starts.
 */
export async function ensureWebBuild(opts: { log?: (line: string) => void; force?: boolean } = {}): Promise<'fresh' | 'built' | 'skipped' | 'failed'> {
  const log = opts.log ?? (() => {});
  if (process.env.SHIJI_WEB_BUILD === 'off') return 'skipped';
  const { state, key } = webBuildState();
  if (state === 'no-sources') return 'skipped';
  if (state === 'fresh' && !opts.force) return 'fresh';
  log(state === 'missing' ? 'The web app has not been built yet: building it now…' : 'The web app sources changed: rebuilding it…');
  try {
    await buildWeb(key!, log);
    return 'built';
  } catch (err) {
    log(`Could not build the web app (${err instanceof Error ? err.message : String(err)}); ${fs.existsSync(path.join(WEB_DIST, 'index.html')) ? 'serving the previous build' : 'the API works, the web UI is unavailable'}.`);
    return 'failed';
  }
}
