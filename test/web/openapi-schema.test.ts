import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiSchema, SCHEMA_FILE } from '../../scripts/api-schema.js';

describe('web API client types', () => {
  it('web/src/api/schema.d.ts matches the current OpenAPI document (run `npm run openapi` after changing routes)', async () => {
    const expected = await renderApiSchema();
    const actual = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    // A short message instead of a 5,000-line diff.
    if (actual !== expected) {
      expect.fail('web/src/api/schema.d.ts is stale: run `npm run openapi` and commit the result.');
    }
  });
});
