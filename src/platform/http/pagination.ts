import { z } from 'zod';
import { InvalidInput } from './problem.js';

/** `?limit=` as sent in a query string: digits only, 1–100, default 20 (query strings are text; no coercion of other types). */
export const LimitQuery = z.string().regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100').optional()
  .transform((v) => (v === undefined ? 20 : Number(v))).pipe(z.number().int().min(1).max(100));

export const CursorQuery = z.string().max(200).optional();

/** Opaque cursors: base64url of a small JSON value. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidInput('http.bad_cursor', 'The cursor is not one this API handed out: start again without it.');
  }
}

/** ISO-8601 timestamp in a query string. */
export const DateTimeQuery = z.iso.datetime({ offset: true }).optional().transform((v) => (v ? new Date(v) : undefined));

export function page<T>(schema: z.ZodType<T>) {
  return z.object({ items: z.array(schema), nextCursor: z.string().nullable() });
}

/** `:id` path parameter of any resource. */
export const IdParams = z.strictObject({ id: z.string().max(64) });

/** Cursor position of newest-first lists ordered by (createdAt, id). */
export const CreatedAtCursor = z.object({ createdAt: z.string(), id: z.string() });

/** Cursor position of lists ordered by (updatedAt, id), most recently changed first. */
export const UpdatedAtCursor = z.object({ updatedAt: z.string(), id: z.string() });
