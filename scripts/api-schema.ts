import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../src/openapi.js';

/** Where the generated types of the web app's API client live (checked in). */
export const SCHEMA_FILE = path.resolve(import.meta.dirname, '../web/src/api/schema.d.ts');

const BANNER = `/**
 * Generated from the Shiji OpenAPI document by \`npm run openapi\` (scripts/openapi.ts).
 * Do not edit by hand: change the routes' Zod schemas and regenerate.
 */

`;

/** The TypeScript text of web/src/api/schema.d.ts for the current routes (deterministic). */
export async function renderApiSchema(): Promise<string> {
  const doc = await buildOpenApiDocument();
  const ast = await openapiTS(doc as never, { alphabetize: false, exportType: true });
  return BANNER + astToString(ast);
}
