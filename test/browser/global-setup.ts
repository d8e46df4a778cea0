import fs from 'node:fs';
import { ensureWebBuild } from '../../src/platform/http/web-build.js';
import { CHROMIUM, RESULTS_DIR } from './harness.js';

/** Before the journeys: Chromium is there, the web build matches the sources, old screenshots are gone. */
export default async function setup() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  }
  const res = await ensureWebBuild({ log: (line) => process.stdout.write(`${line}\n`) });
  if (res === 'failed') throw new Error('The web app did not build; see the output above.');
  fs.rmSync(RESULTS_DIR, { recursive: true, force: true });
}
