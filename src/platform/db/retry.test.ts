import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, onRealPostgres } from '../../../test/helpers/db.js';
import type { Database } from './client.js';

/** PostgreSQL only: a transaction the server aborts for a deadlock runs again instead of failing the request. */
describe.runIf(onRealPostgres)('transactions retried after a deadlock', () => {
  let d: Database;
  beforeAll(async () => {
    d = await createTestDb();
    await d.db.execute(sql`create table retry_probe (id int primary key, n int not null)`);
    await d.db.execute(sql`insert into retry_probe values (1, 0), (2, 0)`);
  });
  afterAll(async () => { await d?.close(); });

  it('completes both of two transactions that lock the same rows in opposite orders', async () => {
    let attempts = 0;
    let bothHoldFirst!: () => void;
    const gate = new Promise<void>((r) => { bothHoldFirst = r; });
    let holding = 0;
    const body = (first: number, second: number) => d.db.transaction(async (tx) => {
      attempts += 1;
      await tx.execute(sql`update retry_probe set n = n + 1 where id = ${first}`);
      holding += 1;
      if (holding === 2) bothHoldFirst();
      // Only the first attempts wait for each other, so they are sure to deadlock; a retry just proceeds.
      if (attempts <= 2) await Promise.race([gate, new Promise((r) => setTimeout(r, 2000))]);
      await tx.execute(sql`update retry_probe set n = n + 1 where id = ${second}`);
    });
    await Promise.all([body(1, 2), body(2, 1)]);
    expect(attempts).toBeGreaterThan(2);
    const rows = (await d.db.execute(sql`select sum(n)::int as total from retry_probe`)) as unknown as { rows: Array<{ total: number }> };
    expect(rows.rows[0]!.total).toBe(4);
  });
});
