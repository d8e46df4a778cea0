/**
 * Runs the browser journeys. They need Debian's Chromium; without it a local `npm test` says so and
 * skips them, while CI (CI=true, where .ci/run installs Chromium) treats a missing browser as a failure.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  const msg = `Browser journeys need Chromium at ${chromium}: apt-get install -y chromium fonts-noto-cjk`;
  if (process.env.CI) {
    process.stderr.write(`${msg}\n`);
    process.exit(1);
  }
  process.stdout.write(`\nSKIPPED the browser journeys. ${msg}\n\n`);
  process.exit(0);
}
const res = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.browser.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(res.status ?? 1);
