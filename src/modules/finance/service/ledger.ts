import { and, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Queryable, type Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { AccountKindMismatch, EntryNotFound, EntryNotReversible, LedgerUnbalanced, PeriodClosed, UnknownAccount } from '../errors.js';
import { closedPeriod, commissionRate, journalEntry, ledgerAccount, posting } from '../schema.js';

export type AccountKind = 'asset' | 'liability' | 'revenue' | 'expense';
export type LedgerLine = { account: string; amount: number; memo?: string; sellerId?: string | null; orderId?: string | null };
export type PostEntryInput = {
  kind: string; sourceType: string; sourceId: string; memo?: string; lines: LedgerLine[];
  /** When the entry happened; defaults to now. Must not fall in a closed period. */
  occurredAt?: Date;
  /** Accounts of the lines to create on first use, as ensureAccount does (one of another kind already there is AccountKindMismatch). */
  accounts?: Array<{ code: string; kind: AccountKind; name: string; orgId?: string | null }>;
};

/** Serialises period closing against posting: posters share it, closing takes it exclusively. */
export const PERIOD_LOCK = 7283945101;
const SELLER_PREFIX = 'payable:seller:';
const SHANGHAI_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has no daylight saving time.

/** The ledger account holding what the platform owes a seller. */
export function sellerAccount(sellerId: string): string {
  return `${SELLER_PREFIX}${sellerId}`;
}

/** The accounting month (Asia/Shanghai, YYYY-MM) a moment falls in. */
export function accountingMonth(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** Creates a ledger account when missing (idempotent); an existing account of another kind is an error. */
export async function ensureAccount(tx: Tx, input: { code: string; kind: AccountKind; name: string; orgId?: string | null }): Promise<void> {
  // One statement: the insert, or the kind of the account already there.
  const insert = tx.insert(ledgerAccount).values({ code: input.code, kind: input.kind, name: input.name, orgId: input.orgId ?? null })
    .onConflictDoNothing().returning({ kind: ledgerAccount.kind });
  const [a] = await rows<{ kind: AccountKind }>(tx, sql`with ins as (${insert.getSQL()})
    select kind from ins union all select ${ledgerAccount.kind} from ${ledgerAccount} where ${eq(ledgerAccount.code, input.code)}`);
  if (a && a.kind !== input.kind) throw new AccountKindMismatch(input.code, a.kind, input.kind);
}

function validateLines(input: PostEntryInput): LedgerLine[] {
  const where = `${input.kind} for ${input.sourceType} ${input.sourceId}`;
  for (const l of input.lines) {
    if (!Number.isSafeInteger(l.amount)) {
      throw new LedgerUnbalanced(`Entry ${where}: amount ${l.amount} on ${l.account} is not a whole number of fen.`, { account: l.account, amount: l.amount });
    }
    if (typeof l.account !== 'string' || l.account.length === 0) throw new LedgerUnbalanced(`Entry ${where}: a line has no account.`);
  }
  // Zero lines carry nothing (e.g. free delivery); they are left out rather than stored.
  const lines = input.lines.filter((l) => l.amount !== 0);
  const sum = lines.reduce((s, l) => s + l.amount, 0);
  if (!Number.isSafeInteger(sum)) throw new LedgerUnbalanced(`Entry ${where}: amounts are too large.`);
  if (sum !== 0) throw new LedgerUnbalanced(`Entry ${where}: debits and credits differ by ${sum} fen; they must sum to zero.`, { difference: sum });
  if (lines.length < 2) throw new LedgerUnbalanced(`Entry ${where}: a double entry needs at least two non-zero lines.`, { lines: lines.length });
  return lines;
}

async function findEntry(q: Queryable, kind: string, sourceType: string, sourceId: string) {
  const [e] = await q.select({ id: journalEntry.id }).from(journalEntry)
    .where(and(eq(journalEntry.kind, kind), eq(journalEntry.sourceType, sourceType), eq(journalEntry.sourceId, sourceId)));
  return e;
}

/**
 * Posts one balanced journal entry (PL-FIN-02). Idempotent on (kind, sourceType, sourceId): posting the
 * same source again returns the existing entry with created:false and posts nothing. Positive amounts
 * are debits, negative credits; lines must be whole fen summing to zero with at least two non-zero
 * lines (LedgerUnbalanced otherwise, nothing stored). Seller payable accounts are created on first use;
 * other accounts must exist (UnknownAccount). The database re-checks the balance at commit.
 */
export async function postEntry(tx: Tx, ctx: RequestContext, input: PostEntryInput & { reversalOf?: string | null }): Promise<{ id: string; created: boolean }> {
  // One statement: the shared period lock (held until the caller's transaction ends), the database clock after it and an entry
  // already posted for the source. Closing a period and issuing a statement take the lock exclusively, so an entry dated by this
  // clock is either committed before they look or dated after them — never missed.
  const [r] = await rows<{ now: Date | string; existing: string | null }>(tx, sql`select pg_advisory_xact_lock_shared(${PERIOD_LOCK}),
    clock_timestamp() as now, (select ${journalEntry.id} from ${journalEntry} where ${and(eq(journalEntry.kind, input.kind),
      eq(journalEntry.sourceType, input.sourceType), eq(journalEntry.sourceId, input.sourceId))}) as existing`);
  if (r!.existing) return { id: r!.existing, created: false };
  const lines = validateLines(input);
  const occurredAt = input.occurredAt ?? new Date(r!.now);

  // One statement after the lock (so a period closed meanwhile is seen): seller payable accounts created on first use, the
  // period's closing and which of the other accounts exist. An ensured seller account exists afterwards by construction
  // (inserted here, or there already), so only the others are looked up.
  const codes = [...new Set(lines.map((l) => l.account))];
  const isSeller = (code: string) => code.startsWith(SELLER_PREFIX) && code.length > SELLER_PREFIX.length;
  const sellers = codes.filter(isSeller);
  const extra = (input.accounts ?? []).filter((a) => codes.includes(a.code) && !isSeller(a.code));
  const others = codes.filter((c) => !isSeller(c) && !extra.some((a) => a.code === c));
  const month = accountingMonth(occurredAt);
  const created = [...sellers.map((code) => {
    const orgId = code.slice(SELLER_PREFIX.length);
    return { code, kind: 'liability' as const, name: `应付商家 Payable to seller ${orgId}`, orgId };
  }), ...extra.map((a) => ({ code: a.code, kind: a.kind, name: a.name, orgId: a.orgId ?? null }))];
  const ensure = created.length ? sql`with ensured as (${tx.insert(ledgerAccount).values(created).onConflictDoNothing().getSQL()}) ` : sql``;
  const [check] = await rows<{ closed: string | null; known: string[] | null; kinds: Array<{ code: string; kind: AccountKind }> | string | null }>(tx,
    sql`${ensure}select (select ${closedPeriod.month} from ${closedPeriod} where ${eq(closedPeriod.month, month)}) as closed,
    ${others.length ? sql`array(select ${ledgerAccount.code} from ${ledgerAccount} where ${inArray(ledgerAccount.code, others)})` : sql`null`} as known,
    ${extra.length ? sql`(select json_agg(json_build_object('code', ${ledgerAccount.code}, 'kind', ${ledgerAccount.kind})) from ${ledgerAccount}
      where ${inArray(ledgerAccount.code, extra.map((a) => a.code))})` : sql`null`} as kinds`);
  // An account that was there before this statement shows its kind (one created by it has the kind asked for).
  const kinds = typeof check!.kinds === 'string' ? JSON.parse(check!.kinds) as Array<{ code: string; kind: AccountKind }> : check!.kinds ?? [];
  for (const k of kinds) {
    const asked = extra.find((a) => a.code === k.code)!;
    if (k.kind !== asked.kind) throw new AccountKindMismatch(k.code, k.kind, asked.kind);
  }
  if (check!.closed) throw new PeriodClosed(month);
  const known = new Set(check!.known ?? []);
  const missing = others.filter((c) => !known.has(c));
  if (missing.length) throw new UnknownAccount(missing);

  const id = newId('jnl');
  const entry = tx.insert(journalEntry).values({
    id, kind: input.kind, sourceType: input.sourceType, sourceId: input.sourceId, memo: input.memo ?? '',
    reversalOf: input.reversalOf ?? null, createdBy: ctx.actorId, occurredAt,
  }).onConflictDoNothing().returning({ id: journalEntry.id });
  // The entry and its postings in one statement: the postings are written only when the entry was (no conflict).
  const values = sql.join(lines.map((l) => sql`(${newId('pst')}::text, ${l.account}::text, ${l.amount}::bigint, ${l.memo ?? ''}::text,
    ${l.sellerId ?? null}::text, ${l.orderId ?? null}::text)`), sql`, `);
  const posted = await rows<{ entry_id: string }>(tx, sql`with e as (${entry.getSQL()})
    insert into ${posting} (id, entry_id, account_code, amount, memo, seller_id, order_id, occurred_at)
    select v.id, e.id, v.account_code, v.amount, v.memo, v.seller_id, v.order_id, ${occurredAt.toISOString()}::timestamptz
    from e cross join (values ${values}) as v(id, account_code, amount, memo, seller_id, order_id) returning entry_id`);
  if (posted.length === 0) {
    // A concurrent transaction posted the same source first (its insert committed before ours).
    const other = await findEntry(tx, input.kind, input.sourceType, input.sourceId);
    if (!other) throw new Error(`ledger entry ${input.kind} ${input.sourceType} ${input.sourceId} conflicted but cannot be found`);
    return { id: other.id, created: false };
  }
  return { id, created: true };
}

/**
 * Posts the mirror image of an entry (every line negated) as kind `<kind>.reversal`, source
 * ('entry', entryId). Idempotent: reversing twice returns the same reversal. A reversal cannot itself
 * be reversed (post a new entry instead).
 */
export async function reverseEntry(tx: Tx, ctx: RequestContext, entryId: string, reason: string): Promise<{ id: string }> {
  const [e] = await tx.select().from(journalEntry).where(eq(journalEntry.id, entryId));
  if (!e) throw new EntryNotFound(entryId);
  if (e.reversalOf) throw new EntryNotReversible(entryId, 'it is itself a reversal.');
  const lines = await tx.select().from(posting).where(eq(posting.entryId, entryId)).orderBy(posting.id);
  const r = await postEntry(tx, ctx, {
    kind: `${e.kind}.reversal`, sourceType: 'entry', sourceId: entryId, memo: reason, reversalOf: entryId,
    lines: lines.map((l) => ({ account: l.accountCode, amount: -l.amount, memo: l.memo, sellerId: l.sellerId, orderId: l.orderId })),
  });
  return { id: r.id };
}

/**
 * The platform commission rate in basis points for a sale: the seller's own rate, else the category's
 * (exact category id), else the default (500 bp seeded).
 */
export async function commissionRateBp(q: Queryable, input: { sellerId: string; categoryId: string }): Promise<number> {
  const rs = await q.select({ scope: commissionRate.scope, rateBp: commissionRate.rateBp }).from(commissionRate).where(sql`
    (${commissionRate.scope} = 'seller' and ${commissionRate.scopeId} = ${input.sellerId})
    or (${commissionRate.scope} = 'category' and ${commissionRate.scopeId} = ${input.categoryId})
    or ${commissionRate.scope} = 'default'`);
  const pick = (s: string) => rs.find((r) => r.scope === s)?.rateBp;
  return pick('seller') ?? pick('category') ?? pick('default') ?? 500;
}
