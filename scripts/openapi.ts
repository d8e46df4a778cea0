// Regenerates the web app's typed API client schema (web/src/api/schema.d.ts) from the app's
// OpenAPI document. Run after changing any route: `npm run openapi`. test/web/openapi-schema.test.ts
// fails while the checked-in file is stale.
import fs from 'node:fs';
import path from 'node:path';
import { renderApiSchema, SCHEMA_FILE } from './api-schema.js';

const text = await renderApiSchema();
const before = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : null;
if (before === text) {
  process.stdout.write(`${path.relative(process.cwd(), SCHEMA_FILE)} is up to date.\n`);
} else {
  fs.writeFileSync(SCHEMA_FILE, text);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), SCHEMA_FILE)}.\n`);
}
