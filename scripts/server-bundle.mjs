// The server's precompiled bundle: src/main.ts and everything it imports from src/, compiled by esbuild
// (the one tsx runs on) into node_modules/.cache/shiji/server/main.mjs, with npm packages left as
// imports. Loading one file with plain Node takes ~0.7 s of CPU where tsx's per-file loader hooks take
// ~2.7 s. `npm ci` builds it (prepare); scripts/start.mjs checks it against the sources and
// recompiles when they changed (~0.5 s). Plain JavaScript: it runs before anything can compile.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BUNDLE_DIR = path.join(ROOT, 'node_modules', '.cache', 'shiji', 'server');
export const BUNDLE_FILE = path.join(BUNDLE_DIR, 'main.mjs');
const STAMP_FILE = path.join(BUNDLE_DIR, 'stamp.json');
/** Bump when the build options below change, so older bundles count as stale. */
const FORMAT = 1;

const hashFile = (file) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** esbuild as installed with tsx (a dependency of this package), so no extra package is needed. */
function loadEsbuild() {
  const fromTsx = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('tsx/package.json'));
  return fromTsx('esbuild');
}

/**
 * Whether the bundle was built from exactly the current sources: every file that went into it (and
 * tsconfig.json, which holds the `@/` paths) hashes as it did then. ~10 ms for ~200 files.
 */
export function serverBundleIsCurrent() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8'));
  } catch {
    return false;
  }
  if (stamp.format !== FORMAT || !fs.existsSync(BUNDLE_FILE)) return false;
  try {
    for (const [rel, hash] of Object.entries(stamp.inputs)) if (hashFile(path.join(ROOT, rel)) !== hash) return false;
  } catch {
    return false; // a source file is gone
  }
  return true;
}

/**
 * Rewrites `import.meta.url|dirname|filename` in a source file to the values they have when that file
 * runs from src/ (computed relative to the bundle at run time, so the tree can move), because several
 * files find their data (migrations, web/) relative to themselves.
 */
function importMetaPlugin() {
  return {
    name: 'shiji-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        let text = fs.readFileSync(args.path, 'utf8');
        if (text.includes('import.meta.')) {
          const rel = JSON.stringify(path.relative(BUNDLE_DIR, args.path).split(path.sep).join('/'));
          const url = `new URL(${rel}, import.meta.url)`;
          text = text
            .replace(/\bimport\.meta\.url\b/g, `${url}.href`)
            .replace(/\bimport\.meta\.filename\b/g, `__shijiFileURLToPath(${url})`)
            .replace(/\bimport\.meta\.dirname\b/g, `__shijiDirname(__shijiFileURLToPath(${url}))`);
          text = `import { fileURLToPath as __shijiFileURLToPath } from 'node:url';\nimport { dirname as __shijiDirname } from 'node:path';\n${text}`;
        }
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

/**
 * Compiles src/main.ts into the bundle (to temporary files, then renamed into place, so a process
 * starting meanwhile never loads half a file). Returns the build time in ms.
 */
export async function buildServerBundle() {
  const t0 = performance.now();
  const esbuild = loadEsbuild();
  // esbuild's service process would otherwise live (and hold ~50 MB) as long as the server does.
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'src', 'main.ts')],
    outfile: BUNDLE_FILE,
    write: false,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [importMetaPlugin()],
  }).finally(() => esbuild.stop());
  const inputs = { 'tsconfig.json': hashFile(path.join(ROOT, 'tsconfig.json')) };
  for (const rel of Object.keys(result.metafile.inputs)) inputs[rel] = hashFile(path.join(ROOT, rel));
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  // The map first, then the code, then the stamp that vouches for both.
  for (const out of [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')))) {
    const tmp = `${out.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, out.contents);
    fs.renameSync(tmp, out.path);
  }
  const stampTmp = `${STAMP_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(stampTmp, `${JSON.stringify({ format: FORMAT, esbuild: esbuild.version, builtAt: new Date().toISOString(), inputs }, null, 1)}\n`);
  fs.renameSync(stampTmp, STAMP_FILE);
  return performance.now() - t0;
}

/**
 * The bundle's path when it is current or could be rebuilt now; null when it cannot be built (esbuild
 * missing, a syntax error: the caller falls back to tsx, which reports the error as usual).
 */
export async function ensureServerBundle(opts = {}) {
  const log = opts.log ?? (() => {});
  if (!opts.force && serverBundleIsCurrent()) return BUNDLE_FILE;
  try {
    const ms = await buildServerBundle();
    log(`Compiled the server in ${(ms / 1000).toFixed(1)} s.`);
    return BUNDLE_FILE;
  } catch (err) {
    log(`Could not compile the server bundle (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); running the sources with tsx.`);
    return null;
  }
}
