import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Every test file gets a fresh migrated database: PGlite always; real PostgreSQL as a second
// project when TEST_DATABASE_URL is set (CI). Concurrency tests only run on PostgreSQL.
const alias = { '@': path.resolve(import.meta.dirname, 'src') };
const common = {
  globalSetup: ['./test/helpers/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  exclude: ['test/browser/**', 'node_modules/**', 'web/**'],
};

export default defineConfig({
  resolve: { alias },
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { resolve: { alias }, test: { ...common, name: 'pglite', env: { SHIJI_TEST_DB: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ resolve: { alias }, test: { ...common, name: 'postgres', env: { SHIJI_TEST_DB: 'postgres' } } }]
        : []),
    ],
  },
});
