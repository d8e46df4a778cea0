// `npm start` (and `node scripts/start.mjs <command>`): the Shiji CLI of src/main.ts, run from the
// precompiled bundle (scripts/server-bundle.mjs) in this one Node process, recompiled first when the
// sources changed since it was built. When it cannot be built, the sources run with tsx as before.
// `--build` only (re)builds the bundle and exits (the prepare step of `npm ci`).
import { pathToFileURL } from 'node:url';
import { ensureServerBundle, serverBundleIsCurrent } from './server-bundle.mjs';

const log = (line) => process.stdout.write(`${line}\n`);

if (process.argv[2] === '--build') {
  const force = process.argv.includes('--force');
  if (!force && serverBundleIsCurrent()) log('The server bundle is up to date.');
  else if (!(await ensureServerBundle({ force, log }))) process.exit(1);
} else {
  const bundle = process.env.SHIJI_BUNDLE === 'off' ? null : await ensureServerBundle({ log });
  if (bundle) {
    // Stack traces name the TypeScript sources, as they do under tsx.
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    await import(new URL('../src/main.ts', import.meta.url).href);
  }
}
