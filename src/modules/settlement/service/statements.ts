import { and, desc, eq, gt, inArray, lt, or, sql } from 'drizzle-orm';
import { getOrganisation, OrganisationNotFound } from '@/modules/identity/index.js';
import { PERIOD_LOCK, sellerAccount } from '@/modules/finance/index.js';
import { recordAudit } from '@/platform/audit/index.js';
import { rows, type Queryable, type Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { GenerateStatementsBody, GenerateStatementsOut, StatementOut } from '../contract.js';
import { InvalidPeriod, NothingToSettle, PeriodOverlaps, StatementExists, StatementNotFound, UnknownSeller } from '../errors.js';
import { payout, statement } from '../schema.js';
import { payoutsOut } from './payouts-out.js';

type StatementRow = typeof statement.$inferSelect;
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const SETTLEMENT_LOCK = 7283945102;

/** Midnight at the start of a Asia/Shanghai day (no daylight saving time there). */
export function shanghaiMidnight(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
function shanghaiToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
const nextDay = (day: string) => new Date(shanghaiMidnight(day).getTime() + 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Up to which instant a statement counts entries: its period's end, or, for a period still running
 * when issued, the issue time. Issuing takes the ledger's period lock exclusively and reads the
 * database clock, and every posting dates itself by that clock under the shared lock, so no entry can
 * be dated before the cut-off yet commit after it.
 */
export function coversTo(s: Pick<StatementRow, 'periodTo' | 'createdAt'>): Date {
  const end = shanghaiMidnight(s.periodTo);
  return s.createdAt < end ? s.createdAt : end;
}
const cutShort = (s: Pick<StatementRow, 'periodTo' | 'createdAt'>) => coversTo(s) < shanghaiMidnight(s.periodTo);

/** From which instant a statement counts entries: after the statement that settled its first day so far, if any. */
async function coversFrom(q: Queryable, s: Pick<StatementRow, 'sellerId' | 'periodFrom' | 'id'>): Promise<Date> {
  const [prev] = await q.select().from(statement).where(and(eq(statement.sellerId, s.sellerId), eq(statement.periodTo, nextDay(s.periodFrom)),
    lt(statement.periodFrom, nextDay(s.periodFrom)), sql`${statement.id} <> ${s.id}`));
  return prev && cutShort(prev) ? coversTo(prev) : shanghaiMidnight(s.periodFrom);
}

export async function statementsOut(q: Queryable, rs: StatementRow[], forSeller = false): Promise<StatementOut[]> {
  if (rs.length === 0) return [];
  const ps = await q.select().from(payout).where(inArray(payout.statementId, rs.map((s) => s.id))).orderBy(desc(payout.createdAt), desc(payout.id));
  const outs = await payoutsOut(q, ps, forSeller);
  const starts = new Map<string, string>();
  for (const s of rs) starts.set(s.id, (await coversFrom(q, s)).toISOString());
  return rs.map((s) => ({
    id: s.id, sellerId: s.sellerId, periodFrom: s.periodFrom, periodTo: s.periodTo, coversFrom: starts.get(s.id)!, coversTo: coversTo(s).toISOString(), sales: cny(s.sales), deliveryFees: cny(s.deliveryFees),
    refunds: cny(s.refunds), commission: cny(s.commission), deductions: cny(s.deductions), net: cny(s.net), orders: s.orders, status: s.status,
    createdBy: forSeller ? null : s.createdBy, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
    payouts: outs.filter((p) => p.statementId === s.id),
  }));
}

type Figures = { sales: number; deliveryFees: number; refunds: number; commission: number; deductions: number; net: number; orders: number; postings: number };

/**
 * A seller's figures for [from, to) from the ledger: the seller's postings of entries that occurred in
 * the period, payouts left out (they settle earlier statements). Sales are gross (goods net of
 * commission plus the commission), refunds count both the seller's and the commission part, commission
 * is net of commission refunded, and net is exactly what the seller's payable account gained; anything
 * else that moved that account is shown as deductions, so the statement always adds up.
 */
export async function statementFigures(q: Queryable, sellerId: string, from: Date, to: Date): Promise<Figures> {
  const acct = sellerAccount(sellerId);
  const [r] = await rows<Record<keyof Figures | 'goods_net' | 'seller_refund' | 'commission_refund', string>>(q, sql`
    select
      coalesce(-sum(p.amount) filter (where p.account_code = ${acct} and p.memo = 'goods'), 0)::text as goods_net,
      coalesce(-sum(p.amount) filter (where p.account_code = ${acct} and p.memo = 'delivery_fee'), 0)::text as "deliveryFees",
      coalesce(sum(p.amount) filter (where p.account_code = ${acct} and p.memo = 'refund'), 0)::text as seller_refund,
      coalesce(-sum(p.amount) filter (where p.account_code = 'revenue:commission' and p.memo = 'commission'), 0)::text as commission,
      coalesce(sum(p.amount) filter (where p.account_code = 'revenue:commission' and p.memo = 'commission_refund'), 0)::text as commission_refund,
      coalesce(-sum(p.amount) filter (where p.account_code = ${acct}), 0)::text as net,
      count(distinct p.order_id) filter (where e.kind = 'order.paid')::text as orders,
      count(*) filter (where p.account_code in (${acct}, 'revenue:commission'))::text as postings
    from finance_posting p join finance_entry e on e.id = p.entry_id
    where (p.seller_id = ${sellerId} or p.account_code = ${acct})
      and e.occurred_at >= ${from.toISOString()}::timestamptz and e.occurred_at < ${to.toISOString()}::timestamptz
      and e.kind not like 'payout.%' and e.kind not like 'transfer.%'`);
  const n = (k: string) => Number((r as Record<string, string>)[k]);
  const commissionGross = n('commission');
  const sales = n('goods_net') + commissionGross;
  const refunds = n('seller_refund') + n('commission_refund');
  const commission = commissionGross - n('commission_refund');
  const net = n('net');
  return { sales, deliveryFees: n('deliveryFees'), refunds, commission, deductions: sales + n('deliveryFees') - refunds - commission - net, net,
    orders: n('orders'), postings: n('postings') };
}

/** Sellers whose payable account or commission moved in [from, to), payouts left out. */
async function activeSellers(q: Queryable, from: Date, to: Date): Promise<string[]> {
  const rs = await rows<{ seller_id: string }>(q, sql`
    select distinct coalesce(p.seller_id, case when starts_with(p.account_code, 'payable:seller:') then substr(p.account_code, 16) end) as seller_id
    from finance_posting p join finance_entry e on e.id = p.entry_id
    where e.occurred_at >= ${from.toISOString()}::timestamptz and e.occurred_at < ${to.toISOString()}::timestamptz
      and e.kind not like 'payout.%' and e.kind not like 'transfer.%'
      and (starts_with(p.account_code, 'payable:seller:') or (p.account_code = 'revenue:commission' and p.seller_id is not null))
    order by 1`);
  return rs.map((r) => r.seller_id);
}

type Outcome = { created: StatementRow } | { skipped: { statementId: string; reason: 'exists' | 'overlaps' } } | { empty: true };

async function issueOne(tx: Tx, ctx: RequestContext, sellerId: string, from: string, to: string, now: Date): Promise<Outcome> {
  const clashes = await tx.select().from(statement)
    .where(and(eq(statement.sellerId, sellerId), lt(statement.periodFrom, to), gt(statement.periodTo, from))).limit(2);
  let start = shanghaiMidnight(from);
  const c = clashes[0];
  if (c) {
    if (c.periodFrom === from && c.periodTo === to) return { skipped: { statementId: c.id, reason: 'exists' } };
    // The only overlap allowed: an earlier statement settled `from`'s day only so far; this one goes on from where it stopped.
    if (clashes.length > 1 || !cutShort(c) || c.periodTo !== nextDay(from) || to <= c.periodTo) return { skipped: { statementId: c.id, reason: 'overlaps' } };
    start = coversTo(c);
  }
  const end = coversTo({ periodTo: to, createdAt: now });
  const f = await statementFigures(tx, sellerId, start, end);
  if (f.postings === 0) return { empty: true };
  const [s] = await tx.insert(statement).values({ id: newId('stm'), sellerId, periodFrom: from, periodTo: to, sales: f.sales, deliveryFees: f.deliveryFees,
    refunds: f.refunds, commission: f.commission, deductions: f.deductions, net: f.net, orders: f.orders, status: 'issued', createdBy: ctx.actorId,
    // The issue time is also the cut-off of a period still running (coversTo): one clock for both.
    createdAt: now, updatedAt: now }).returning();
  await recordAudit(tx, ctx, { action: 'settlement.statement_issued', resourceType: 'settlement_statement', resourceId: s!.id,
    changes: { sellerId, periodFrom: from, periodTo: to, sales: f.sales, deliveryFees: f.deliveryFees, refunds: f.refunds, commission: f.commission,
      deductions: f.deductions, net: f.net, orders: f.orders } });
  return { created: s! };
}

/**
 * Issues settlement statements for [from, to) (Asia/Shanghai days, PL-FIN-03) from the ledger: for one
 * seller (StatementExists 409 with its id when issued already, PeriodOverlaps when another statement
 * covers part of the period, NothingToSettle when the seller had no activity) or for every seller with
 * activity (existing or overlapping ones are reported as skipped). The period must have ended, so a
 * statement never misses later postings. Serialised against concurrent generation. Audited per statement.
 */
export async function generateStatements(tx: Tx, ctx: RequestContext, input: GenerateStatementsBody, at?: Date): Promise<GenerateStatementsOut> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SETTLEMENT_LOCK})`);
  const [clock] = await rows<{ now: Date | string }>(tx, sql`select pg_advisory_xact_lock(${PERIOD_LOCK}), clock_timestamp() as now`);
  const now = at ?? new Date(clock!.now);
  if (input.from >= input.to) throw new InvalidPeriod(`The period must end after it starts: ${input.from} is not before ${input.to}.`, { from: input.from, to: input.to });
  if (input.to > nextDay(shanghaiToday(now))) {
    throw new InvalidPeriod(`The period ending ${input.to} (exclusive) lies in the future: a statement may run at most to the end of today, so it settles what has happened.`,
      { from: input.from, to: input.to });
  }
  const created: StatementRow[] = [];
  const skipped: GenerateStatementsOut['skipped'] = [];
  if (input.sellerId !== undefined) {
    const sellerId = input.sellerId;
    try {
      if ((await getOrganisation(tx, sellerId)).kind !== 'seller') throw new UnknownSeller(sellerId);
    } catch (err) {
      if (err instanceof OrganisationNotFound) throw new UnknownSeller(sellerId);
      throw err;
    }
    const o = await issueOne(tx, ctx, sellerId, input.from, input.to, now);
    if ('skipped' in o) {
      const [c] = await tx.select().from(statement).where(eq(statement.id, o.skipped.statementId));
      if (o.skipped.reason === 'exists') throw new StatementExists(sellerId, input.from, input.to, c!.id);
      throw new PeriodOverlaps(sellerId, c!.id, c!.periodFrom, c!.periodTo);
    }
    if ('empty' in o) throw new NothingToSettle(sellerId, input.from, input.to);
    created.push(o.created);
  } else {
    for (const sellerId of await activeSellers(tx, shanghaiMidnight(input.from), coversTo({ periodTo: input.to, createdAt: now }))) {
      const o = await issueOne(tx, ctx, sellerId, input.from, input.to, now);
      if ('created' in o) created.push(o.created);
      else if ('skipped' in o) skipped.push({ sellerId, ...o.skipped });
    }
  }
  return { items: await statementsOut(tx, created), skipped };
}

export type StatementFilter = { sellerId?: string | undefined; status?: StatementRow['status'] | undefined; limit: number;
  before?: { createdAt: string; id: string } | undefined };

/** Statements newest first (a seller's own when sellerId is its tenant). */
export async function listStatements(q: Queryable, f: StatementFilter, forSeller = false) {
  const at = f.before ? new Date(f.before.createdAt) : undefined;
  const rs = await q.select().from(statement).where(and(
    f.sellerId ? eq(statement.sellerId, f.sellerId) : undefined,
    f.status ? eq(statement.status, f.status) : undefined,
    at ? or(lt(statement.createdAt, at), and(eq(statement.createdAt, at), lt(statement.id, f.before!.id))) : undefined,
  )).orderBy(desc(statement.createdAt), desc(statement.id)).limit(f.limit + 1);
  const pageRows = rs.slice(0, f.limit);
  const last = pageRows[pageRows.length - 1];
  return { items: await statementsOut(q, pageRows, forSeller), next: rs.length > f.limit && last ? { createdAt: last.createdAt.toISOString(), id: last.id } : null };
}

/** One statement with its payouts; with sellerId only that seller's (StatementNotFound otherwise). */
export async function getStatement(q: Queryable, id: string, sellerId?: string): Promise<StatementOut> {
  if (!isId('stm', id)) throw new StatementNotFound(id);
  const [s] = await q.select().from(statement).where(and(eq(statement.id, id), sellerId ? eq(statement.sellerId, sellerId) : undefined));
  if (!s) throw new StatementNotFound(id);
  return (await statementsOut(q, [s], sellerId !== undefined))[0]!;
}
