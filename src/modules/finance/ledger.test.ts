import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, onRealPostgres } from '../../../test/helpers/db.js';
import { rows, type Database, type Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import { systemContext } from '@/platform/http/auth.js';
import { DomainError } from '@/platform/http/problem.js';
import { LedgerUnbalanced, PeriodClosed, UnknownAccount, checkLedgerIntegrity, closePeriod, commissionRateBp, ensureAccount, entryForSource,
  postEntry, reverseEntry, sellerAccount, sellerBalance, trialBalance } from './index.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
  await tx((t) => ensureAccount(t, { code: 'psp:test', kind: 'asset', name: 'Test provider' }));
});
afterAll(async () => { await database.close(); });

const ctx = systemContext('ledger test');
const tx = <T>(fn: (tx: Tx) => Promise<T>) => database.db.transaction(fn);

type Totals = { entries: number; postings: number; total: number; unbalanced: number };
async function totals(): Promise<Totals> {
  const [r] = await rows<{ entries: number; postings: number; total: string; unbalanced: number }>(database.db, sql`
    select (select count(*)::int from finance_entry) as entries, (select count(*)::int from finance_posting) as postings,
      (select coalesce(sum(amount), 0)::text from finance_posting) as total,
      (select count(*)::int from (select e.id from finance_entry e left join finance_posting p on p.entry_id = e.id
         group by e.id having coalesce(sum(p.amount), 0) <> 0 or count(p.id) < 2) x) as unbalanced`);
  return { ...r!, total: Number(r!.total) };
}

describe('ledger invariants under random sequences of postings and reversals (property)', () => {
  const ACCOUNTS = ['psp:test', 'clearing:consumer', 'clearing:refunds', 'revenue:commission', 'payout:in_transit'];
  const SELLERS = [newId('org'), newId('org')];
  const account = fc.oneof(fc.constantFrom(...ACCOUNTS), fc.constantFrom(...SELLERS).map(sellerAccount));
  const amount = fc.integer({ min: -5_000_000, max: 5_000_000 });
  // Balanced: n-1 random lines and one that makes the sum zero.
  const balanced = fc.record({ kind: fc.constant('balanced' as const), lines: fc.array(fc.record({ account, amount }), { minLength: 1, maxLength: 5 }),
    last: account });
  const unbalanced = fc.record({ kind: fc.constant('unbalanced' as const), lines: fc.array(fc.record({ account, amount }), { minLength: 1, maxLength: 5 }),
    skew: fc.integer({ min: 1, max: 1000 }) });
  const fractional = fc.record({ kind: fc.constant('fractional' as const), cents: fc.integer({ min: 1, max: 99 }) });
  const unknown = fc.record({ kind: fc.constant('unknown' as const), amount: fc.integer({ min: 1, max: 1000 }) });
  const reverse = fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() });
  const repeat = fc.record({ kind: fc.constant('repeat' as const), pick: fc.nat() });
  const op = fc.oneof(balanced, balanced, unbalanced, fractional, unknown, reverse, repeat);

  it('keeps every entry balanced and the grand total zero; refused inputs store nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      const sources: Array<{ kind: string; sourceType: string; sourceId: string; lines: Array<{ account: string; amount: number }> }> = [];
      const posted: string[] = [];
      for (const o of ops) {
        const before = await totals();
        const src = { kind: 'test.posted', sourceType: 'test', sourceId: newId('req') };
        if (o.kind === 'balanced') {
          const sum = o.lines.reduce((s, l) => s + l.amount, 0);
          const lines = [...o.lines, { account: o.last, amount: -sum }];
          const nonZero = lines.filter((l) => l.amount !== 0).length;
          const attempt = tx((t) => postEntry(t, ctx, { ...src, lines: lines.map((l) => ({ ...l, sellerId: SELLERS.find((s) => l.account.endsWith(s)) ?? null })) }));
          if (nonZero >= 2) {
            const r = await attempt;
            expect(r.created).toBe(true);
            posted.push(r.id);
            sources.push({ ...src, lines });
            const after = await totals();
            expect(after.entries).toBe(before.entries + 1);
            expect(after.postings).toBe(before.postings + nonZero);
          } else {
            await expect(attempt).rejects.toBeInstanceOf(LedgerUnbalanced);
            expect(await totals()).toEqual(before);
          }
        } else if (o.kind === 'unbalanced') {
          const sum = o.lines.reduce((s, l) => s + l.amount, 0);
          const lines = [...o.lines, { account: 'clearing:consumer', amount: -sum + o.skew }];
          await expect(tx((t) => postEntry(t, ctx, { ...src, lines }))).rejects.toBeInstanceOf(LedgerUnbalanced);
          expect(await totals()).toEqual(before);
        } else if (o.kind === 'fractional') {
          const lines = [{ account: 'psp:test', amount: 100 + o.cents / 100 }, { account: 'clearing:consumer', amount: -(100 + o.cents / 100) }];
          await expect(tx((t) => postEntry(t, ctx, { ...src, lines }))).rejects.toBeInstanceOf(LedgerUnbalanced);
          expect(await totals()).toEqual(before);
        } else if (o.kind === 'unknown') {
          const lines = [{ account: 'psp:nowhere', amount: o.amount }, { account: sellerAccount(newId('org')), amount: -o.amount }];
          await expect(tx((t) => postEntry(t, ctx, { ...src, lines }))).rejects.toBeInstanceOf(UnknownAccount);
          expect(await totals()).toEqual(before);
        } else if (o.kind === 'reverse') {
          if (posted.length === 0) continue;
          const target = posted[o.pick % posted.length]!;
          const r1 = await tx((t) => reverseEntry(t, ctx, target, 'test reversal'));
          const mid = await totals();
          // Reversing again is idempotent: same reversal, nothing new.
          const r2 = await tx((t) => reverseEntry(t, ctx, target, 'again'));
          expect(r2.id).toBe(r1.id);
          expect(await totals()).toEqual(mid);
        } else {
          if (sources.length === 0) continue;
          const s = sources[o.pick % sources.length]!;
          const r = await tx((t) => postEntry(t, ctx, s));
          expect(r.created).toBe(false);
          expect(await totals()).toEqual(before);
        }
        const now = await totals();
        expect(now.total).toBe(0);
        expect(now.unbalanced).toBe(0);
      }
      const integrity = await checkLedgerIntegrity(database.db);
      expect(integrity.ok).toBe(true);
      expect((await trialBalance(database.db)).total.net.amount).toBe(0);
    }), { numRuns: 25 });
  }, 180_000);
});

describe('ledger entries', () => {
  it('reverses an entry with every line negated, linked to the original', async () => {
    const seller = newId('org');
    const src = { kind: 'order.paid', sourceType: 'order', sourceId: newId('ord') };
    const e = await tx((t) => postEntry(t, ctx, { ...src, lines: [
      { account: 'clearing:consumer', amount: 10_000, sellerId: seller },
      { account: sellerAccount(seller), amount: -9_500, memo: 'goods', sellerId: seller },
      { account: 'revenue:commission', amount: -500, memo: 'commission', sellerId: seller },
    ] }));
    expect((await sellerBalance(database.db, seller)).balance.amount).toBe(9_500);
    const r = await tx((t) => reverseEntry(t, ctx, e.id, 'order cancelled'));
    expect(await entryForSource(database.db, { kind: 'order.paid.reversal', sourceType: 'entry', sourceId: e.id })).toEqual({ id: r.id });
    expect((await sellerBalance(database.db, seller)).balance.amount).toBe(0);
    // A reversal is not reversed again: corrections are new entries.
    await expect(tx((t) => reverseEntry(t, ctx, r.id, 'x'))).rejects.toMatchObject({ code: 'finance.entry_not_reversible' });
  });

  it('creates a seller\'s payable account on first use, owned by the seller', async () => {
    const seller = newId('org');
    await tx((t) => postEntry(t, ctx, { kind: 'test.auto', sourceType: 'test', sourceId: newId('req'), lines: [
      { account: 'clearing:consumer', amount: 1 }, { account: sellerAccount(seller), amount: -1 }] }));
    const [a] = await rows<{ kind: string; org_id: string }>(database.db, sql`select kind, org_id from finance_account where code = ${sellerAccount(seller)}`);
    expect(a).toEqual({ kind: 'liability', org_id: seller });
  });

  it('refuses an entry dated in a closed period and accepts it in an open one', async () => {
    await tx((t) => closePeriod(t, ctx, '2020-03'));
    const lines = [{ account: 'psp:test', amount: 100 }, { account: 'clearing:consumer', amount: -100 }];
    const before = await totals();
    // 2020-03-31 20:00 UTC is already April 1st in Shanghai: open. 2020-03-31 15:00 UTC is March 31st: closed.
    await expect(tx((t) => postEntry(t, ctx, { kind: 'test.dated', sourceType: 'test', sourceId: newId('req'), lines,
      occurredAt: new Date('2020-03-31T15:00:00Z') }))).rejects.toBeInstanceOf(PeriodClosed);
    expect(await totals()).toEqual(before);
    const ok = await tx((t) => postEntry(t, ctx, { kind: 'test.dated', sourceType: 'test', sourceId: newId('req'), lines,
      occurredAt: new Date('2020-03-31T20:00:00Z') }));
    expect(ok.created).toBe(true);
    await expect(tx((t) => closePeriod(t, ctx, '2020-03'))).rejects.toMatchObject({ code: 'finance.period_already_closed' });
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    await expect(tx((t) => closePeriod(t, ctx, thisMonth))).rejects.toMatchObject({ code: 'finance.period_not_ended' });
  });

  it('picks the seller rate over the category rate over the default', async () => {
    const seller = newId('org');
    const category = newId('ctg');
    expect(await commissionRateBp(database.db, { sellerId: seller, categoryId: category })).toBe(500);
    await database.db.execute(sql`insert into finance_commission_rate (id, scope, scope_id, rate_bp) values (${newId('cmr')}, 'category', ${category}, 300)`);
    expect(await commissionRateBp(database.db, { sellerId: seller, categoryId: category })).toBe(300);
    await database.db.execute(sql`insert into finance_commission_rate (id, scope, scope_id, rate_bp) values (${newId('cmr')}, 'seller', ${seller}, 120)`);
    expect(await commissionRateBp(database.db, { sellerId: seller, categoryId: category })).toBe(120);
    expect(await commissionRateBp(database.db, { sellerId: newId('org'), categoryId: newId('ctg') })).toBe(500);
  });

  it('refuses an account kind clash', async () => {
    await expect(tx((t) => ensureAccount(t, { code: 'clearing:consumer', kind: 'asset', name: 'x' }))).rejects.toMatchObject({ code: 'finance.account_kind_mismatch' });
  });
});

describe('the database guards the ledger', () => {
  async function anEntry() {
    return tx((t) => postEntry(t, ctx, { kind: 'test.guarded', sourceType: 'test', sourceId: newId('req'), lines: [
      { account: 'psp:test', amount: 700 }, { account: 'clearing:consumer', amount: -700 }] }));
  }
  const dbError = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).not.toBeNull();
    expect(err).not.toBeInstanceOf(DomainError);
    let msg = '';
    for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) msg += ` ${(e as Error).message}`;
    return msg;
  };

  it('refuses UPDATE and DELETE of postings and entries', async () => {
    const { id } = await anEntry();
    const before = await totals();
    expect(await dbError(database.db.execute(sql`update finance_posting set amount = amount * 2 where entry_id = ${id}`))).toMatch(/append-only/);
    expect(await dbError(database.db.execute(sql`delete from finance_posting where entry_id = ${id}`))).toMatch(/append-only/);
    expect(await dbError(database.db.execute(sql`update finance_entry set memo = 'changed' where id = ${id}`))).toMatch(/append-only/);
    expect(await dbError(database.db.execute(sql`delete from finance_entry where id = ${id}`))).toMatch(/append-only/);
    expect(await totals()).toEqual(before);
  });

  it('refuses to commit an entry whose postings do not balance, even written around postEntry', async () => {
    const before = await totals();
    const id = newId('jnl');
    expect(await dbError(tx(async (t) => {
      await t.execute(sql`insert into finance_entry (id, kind, source_type, source_id) values (${id}, 'test.raw', 'test', ${id})`);
      await t.execute(sql`insert into finance_posting (id, entry_id, account_code, amount) values (${newId('pst')}, ${id}, 'psp:test', 100),
        (${newId('pst')}, ${id}, 'clearing:consumer', -99)`);
    }))).toMatch(/does not balance/);
    expect(await dbError(tx(async (t) => {
      await t.execute(sql`insert into finance_entry (id, kind, source_type, source_id) values (${id}, 'test.raw', 'test', ${id})`);
      await t.execute(sql`insert into finance_posting (id, entry_id, account_code, amount) values (${newId('pst')}, ${id}, 'psp:test', 0)`);
    }))).toMatch(/at least two postings/);
    expect(await totals()).toEqual(before);
  });
});

describe.runIf(onRealPostgres)('concurrent postings (real PostgreSQL)', () => {
  it('posts a source once when many transactions post it at the same time', async () => {
    const src = { kind: 'test.race', sourceType: 'test', sourceId: newId('req') };
    const lines = [{ account: 'psp:test', amount: 250 }, { account: 'clearing:consumer', amount: -250 }];
    const before = await totals();
    const res = await Promise.all(Array.from({ length: 8 }, () => tx((t) => postEntry(t, ctx, { ...src, lines }))));
    expect(res.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(res.map((r) => r.id)).size).toBe(1);
    const after = await totals();
    expect(after.entries).toBe(before.entries + 1);
    expect(after.postings).toBe(before.postings + 2);
  });
});
