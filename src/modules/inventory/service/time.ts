import { sql, type AnyColumn } from 'drizzle-orm';

/**
 * A timestamptz as ISO text with its full microsecond precision, for cursors: a JS Date keeps only
 * milliseconds, so a cursor built from one could skip rows created in the same millisecond.
 */
export const exactTime = (col: AnyColumn) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
