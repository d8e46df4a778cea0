import { defineConfig } from 'drizzle-kit';

// Migrations are generated from every module's schema.ts and applied on start by src/platform/db/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/*/schema.ts', './src/modules/*/schema.ts'],
  out: './migrations',
  casing: 'snake_case',
});
