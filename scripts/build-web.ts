// Builds the web app (web/ → web/dist) when its sources changed since the last build; `--force`
// rebuilds regardless. Run by `npm ci` / `npm install` (the prepare script) and by `npm run build:web`.
import { ensureWebBuild } from '../src/platform/http/web-build.js';

const force = process.argv.includes('--force');
const result = await ensureWebBuild({ force, log: (line) => process.stdout.write(`${line}\n`) });
if (result === 'fresh') process.stdout.write('The web app build is up to date.\n');
if (result === 'failed') process.exit(1);
