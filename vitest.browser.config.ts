import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Browser journeys (Playwright + Debian's Chromium at /usr/bin/chromium). Each file starts the real
// server on a free port with a fresh PGlite; files run one after another (2-core machines).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, 'src') } },
  test: {
    name: 'browser',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['./test/browser/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
