import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { rows, type Queryable } from '@/platform/db/client.js';
import type { AccountOut, EntryOut, IntegrityOut, PostingOut, SellerBalanceOut, TrialBalanceOut } from '../contract.js';
import { journalEntry, ledgerAccount, posting } from '../schema.js';
import { sellerAccount } from './ledger.js';

type Kind = 'asset' | 'liability' | 'revenue' | 'expense';
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const debitNormal = (k: Kind) => k === 'asset' || k === 'expense';

/** Where the web app shows a source document (null when it has no screen). */
export function sourceHref(type: string, id: string): string | null {
  switch (type) {
    case 'order': return `/admin/orders/${id}`;
    case 'payment': return `/admin/payments/${id}`;
    case 'refund': return `/admin/payments/refunds/${id}`;
    case 'transfer': return `/admin/payments/transfers/${id}`;
    case 'payout': return `/admin/settlements/payouts/${id}`;
    case 'entry': return `/admin/finance/entries/${id}`;
    default: return null;
  }
}

const accountOut = (a: { code: string; kind: Kind; name: string; orgId: string | null; createdAt: Date }, debits: number, credits: number): AccountOut => ({
  code: a.code, kind: a.kind, name: a.name, orgId: a.orgId, debits: cny(debits), credits: cny(credits),
  balance: cny(debitNormal(a.kind) ? debits - credits : credits - debits), createdAt: a.createdAt.toISOString(),
});

const sums = () => ({
  debits: sql<number>`coalesce(sum(${posting.amount}) filter (where ${posting.amount} > 0), 0)`.mapWith(Number),
  credits: sql<number>`coalesce(-sum(${posting.amount}) filter (where ${posting.amount} < 0), 0)`.mapWith(Number),
});

/** Ledger accounts in code order with their debit and credit totals and balance (cursor: the last code). */
export async function listAccounts(q: Queryable, f: { kind?: Kind | undefined; orgId?: string | undefined; prefix?: string | undefined; limit: number;
  after?: string | undefined }): Promise<{ items: AccountOut[]; next: string | null }> {
  const accounts = await q.select().from(ledgerAccount).where(and(
    f.kind ? eq(ledgerAccount.kind, f.kind) : undefined,
    f.orgId ? eq(ledgerAccount.orgId, f.orgId) : undefined,
    f.prefix ? sql`starts_with(${ledgerAccount.code}, ${f.prefix})` : undefined,
    f.after !== undefined ? sql`${ledgerAccount.code} > ${f.after}` : undefined,
  )).orderBy(asc(ledgerAccount.code)).limit(f.limit + 1);
  const pageRows = accounts.slice(0, f.limit);
  const totals = pageRows.length === 0 ? [] : await q.select({ code: posting.accountCode, ...sums() }).from(posting)
    .where(inArray(posting.accountCode, pageRows.map((a) => a.code))).groupBy(posting.accountCode);
  const byCode = new Map(totals.map((t) => [t.code, t]));
  const items = pageRows.map((a) => accountOut(a, byCode.get(a.code)?.debits ?? 0, byCode.get(a.code)?.credits ?? 0));
  return { items, next: accounts.length > f.limit ? items[items.length - 1]!.code : null };
}

export type EntryFilter = {
  account?: string | undefined; sellerId?: string | undefined; sourceType?: string | undefined; sourceId?: string | undefined;
  kind?: string | undefined; from?: Date | undefined; to?: Date | undefined; limit: number;
  before?: { occurredAt: string; id: string } | undefined;
};

type EntryRow = typeof journalEntry.$inferSelect;
type PostingRow = typeof posting.$inferSelect;
const postingOut = (p: PostingRow): PostingOut => ({
  id: p.id, account: p.accountCode, amount: cny(p.amount), memo: p.memo, sellerId: p.sellerId, orderId: p.orderId,
});

async function entriesOut(q: Queryable, entries: EntryRow[], onlyPostings?: SQL): Promise<EntryOut[]> {
  if (entries.length === 0) return [];
  const ids = entries.map((e) => e.id);
  const [ps, reversals] = await Promise.all([
    q.select().from(posting).where(and(inArray(posting.entryId, ids), onlyPostings)).orderBy(asc(posting.id)),
    q.select({ id: journalEntry.id, of: journalEntry.reversalOf }).from(journalEntry).where(inArray(journalEntry.reversalOf, ids)),
  ]);
  const reversedBy = new Map(reversals.map((r) => [r.of!, r.id]));
  return entries.map((e) => ({
    id: e.id, kind: e.kind, source: { type: e.sourceType, id: e.sourceId, href: sourceHref(e.sourceType, e.sourceId) }, memo: e.memo,
    reversalOf: e.reversalOf, reversedBy: reversedBy.get(e.id) ?? null, createdBy: e.createdBy, occurredAt: e.occurredAt.toISOString(),
    postings: ps.filter((p) => p.entryId === e.id).map(postingOut),
  }));
}

function entryConditions(f: EntryFilter, scope?: SQL): SQL | undefined {
  const has = (cond: SQL) => sql`exists (select 1 from ${posting} where ${posting.entryId} = ${journalEntry.id} and ${cond})`;
  const at = f.before ? new Date(f.before.occurredAt) : undefined;
  return and(
    scope ? has(scope) : undefined,
    f.account ? has(sql`${posting.accountCode} = ${f.account}`) : undefined,
    f.sellerId ? has(sql`${posting.sellerId} = ${f.sellerId}`) : undefined,
    f.sourceType ? eq(journalEntry.sourceType, f.sourceType) : undefined,
    f.sourceId ? eq(journalEntry.sourceId, f.sourceId) : undefined,
    f.kind ? eq(journalEntry.kind, f.kind) : undefined,
    f.from ? gte(journalEntry.occurredAt, f.from) : undefined,
    f.to ? lt(journalEntry.occurredAt, f.to) : undefined,
    at ? or(lt(journalEntry.occurredAt, at), and(eq(journalEntry.occurredAt, at), lt(journalEntry.id, f.before!.id))) : undefined,
  );
}

async function pageOfEntries(q: Queryable, f: EntryFilter, scope?: SQL) {
  const rs = await q.select().from(journalEntry).where(entryConditions(f, scope))
    .orderBy(desc(journalEntry.occurredAt), desc(journalEntry.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { pageRows, next: rs.length > f.limit && last ? { occurredAt: last.occurredAt.toISOString(), id: last.id } : null };
}

/** Journal entries newest first with their postings and source, filtered (operator view, every posting). */
export async function listEntries(q: Queryable, f: EntryFilter): Promise<{ items: EntryOut[]; next: { occurredAt: string; id: string } | null }> {
  const { pageRows, next } = await pageOfEntries(q, f);
  return { items: await entriesOut(q, pageRows), next };
}

/** One journal entry with its postings (operator view). */
export async function getEntry(q: Queryable, id: string): Promise<EntryOut | null> {
  const [e] = await q.select().from(journalEntry).where(eq(journalEntry.id, id));
  return e ? (await entriesOut(q, [e]))[0]! : null;
}

/** Every posting of an entry in insertion order (used by reversals and settlement). */
export async function entryPostings(q: Queryable, entryId: string): Promise<PostingOut[]> {
  return (await q.select().from(posting).where(eq(posting.entryId, entryId)).orderBy(asc(posting.id))).map(postingOut);
}

/** The entry posted for a source, if any (idempotency look-ups of other modules). */
export async function entryForSource(q: Queryable, input: { kind: string; sourceType: string; sourceId: string }): Promise<{ id: string } | null> {
  const [e] = await q.select({ id: journalEntry.id }).from(journalEntry)
    .where(and(eq(journalEntry.kind, input.kind), eq(journalEntry.sourceType, input.sourceType), eq(journalEntry.sourceId, input.sourceId)));
  return e ?? null;
}

/**
 * A seller's own ledger lines (PL-FIN-02 "each platform user sees its own financial data"): entries
 * touching the seller, each with ONLY the postings that concern that seller (its payable account or
 * lines tagged with its id); other parties' lines are never included.
 */
export async function listSellerEntries(q: Queryable, sellerId: string, f: Omit<EntryFilter, 'sellerId' | 'account'>) {
  const mine = sql`(${posting.sellerId} = ${sellerId} or ${posting.accountCode} = ${sellerAccount(sellerId)})`;
  const { pageRows, next } = await pageOfEntries(q, f, mine);
  const items = (await entriesOut(q, pageRows, mine)).map((e) => ({ ...e, createdBy: null }));
  return { items, next };
}

/** What the platform owes a seller now, from its payable account. */
export async function sellerBalance(q: Queryable, sellerId: string): Promise<SellerBalanceOut> {
  const account = sellerAccount(sellerId);
  const [t] = await q.select(sums()).from(posting).where(eq(posting.accountCode, account));
  const debits = t?.debits ?? 0;
  const credits = t?.credits ?? 0;
  return { account, balance: cny(credits - debits), earned: cny(credits), deducted: cny(debits) };
}

/** Per account: total debits, credits and balance, plus the grand total that must be zero (before `asOf` when given). */
export async function trialBalance(q: Queryable, asOf?: Date): Promise<TrialBalanceOut> {
  const rs = await q.select({ code: ledgerAccount.code, kind: ledgerAccount.kind, name: ledgerAccount.name, ...sums() })
    .from(ledgerAccount).leftJoin(posting, and(eq(posting.accountCode, ledgerAccount.code), asOf ? lt(posting.occurredAt, asOf) : undefined))
    .groupBy(ledgerAccount.code, ledgerAccount.kind, ledgerAccount.name).orderBy(asc(ledgerAccount.code));
  let debits = 0;
  let credits = 0;
  const out = rs.map((r) => {
    debits += r.debits;
    credits += r.credits;
    return { account: r.code, kind: r.kind, name: r.name, debits: cny(r.debits), credits: cny(r.credits), net: cny(r.debits - r.credits),
      balance: cny(debitNormal(r.kind) ? r.debits - r.credits : r.credits - r.debits) };
  });
  return { asOf: asOf?.toISOString() ?? null, rows: out, total: { debits: cny(debits), credits: cny(credits), net: cny(debits - credits) },
    balanced: debits === credits };
}

/**
 * The ledger's integrity (MS-FIN-02): every entry has at least two postings summing to zero, the total
 * of all postings is zero, and no posting points at a missing entry. Read-only; safe at any time.
 */
export async function checkLedgerIntegrity(q: Queryable): Promise<IntegrityOut> {
  const [counts] = await rows<{ entries: number; postings: number; total: string }>(q, sql`
    select (select count(*)::int from finance_entry) as entries, (select count(*)::int from finance_posting) as postings,
      (select coalesce(sum(amount), 0)::text from finance_posting) as total`);
  const unbalanced = await rows<{ entry_id: string; sum: string; postings: number }>(q, sql`
    select e.id as entry_id, coalesce(sum(p.amount), 0)::text as sum, count(p.id)::int as postings
    from finance_entry e left join finance_posting p on p.entry_id = e.id
    group by e.id having coalesce(sum(p.amount), 0) <> 0 or count(p.id) < 2
    order by e.id limit 100`);
  const [orphans] = await rows<{ n: number }>(q, sql`
    select count(*)::int as n from finance_posting p where not exists (select 1 from finance_entry e where e.id = p.entry_id)`);
  const grand = Number(counts!.total);
  const problems: string[] = [];
  if (grand !== 0) problems.push(`The postings of the whole ledger sum to ${grand} fen instead of 0.`);
  if (unbalanced.length) problems.push(`${unbalanced.length} entr${unbalanced.length === 1 ? 'y does' : 'ies do'} not balance or have fewer than two postings.`);
  if (orphans!.n) problems.push(`${orphans!.n} posting(s) belong to no entry.`);
  return {
    ok: problems.length === 0, checkedAt: new Date().toISOString(), entries: counts!.entries, postings: counts!.postings, grandTotal: cny(grand),
    unbalancedEntries: unbalanced.map((u) => ({ entryId: u.entry_id, sum: Number(u.sum), postings: u.postings })), orphanPostings: orphans!.n, problems,
  };
}
