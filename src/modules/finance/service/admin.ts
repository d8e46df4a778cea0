import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { getCategory, CategoryNotFound } from '@/modules/catalog/index.js';
import { getOrganisation, OrganisationNotFound } from '@/modules/identity/index.js';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import { isId, newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { ClosedPeriodOut, CommissionRateBody, CommissionRateOut, FinanceSettingsBody, FinanceSettingsOut } from '../contract.js';
import { CommissionRateExists, CommissionRateNotFound, DefaultRateRequired, PeriodAlreadyClosed, PeriodNotEnded, UnknownRateScope } from '../errors.js';
import { closedPeriod, commissionRate, financeSettings } from '../schema.js';
import { accountingMonth, PERIOD_LOCK } from './ledger.js';

type RateRow = typeof commissionRate.$inferSelect;
const rateOut = (r: RateRow): CommissionRateOut => ({
  id: r.id, scope: r.scope, scopeId: r.scopeId, rateBp: r.rateBp, updatedBy: r.updatedBy, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
});

/** Commission rates: the default first, then category and seller rates. */
export async function listCommissionRates(q: Queryable, f: { scope?: 'default' | 'category' | 'seller' | undefined; scopeId?: string | undefined } = {}) {
  const rs = await q.select().from(commissionRate)
    .where(and(f.scope ? eq(commissionRate.scope, f.scope) : undefined, f.scopeId ? eq(commissionRate.scopeId, f.scopeId) : undefined))
    .orderBy(sql`case ${commissionRate.scope} when 'default' then 0 when 'category' then 1 else 2 end`, asc(commissionRate.scopeId));
  return rs.map(rateOut);
}

async function lockedRate(tx: Tx, id: string): Promise<RateRow> {
  if (!isId('cmr', id) && id !== 'cmr_default') throw new CommissionRateNotFound(id);
  const [r] = await tx.select().from(commissionRate).where(eq(commissionRate.id, id)).for('update');
  if (!r) throw new CommissionRateNotFound(id);
  return r;
}

/** Sets a category's or a seller's own commission rate (one per scope); the target must exist. Audited. */
export async function createCommissionRate(tx: Tx, ctx: RequestContext, input: CommissionRateBody): Promise<CommissionRateOut> {
  try {
    if (input.scope === 'seller') {
      const org = await getOrganisation(tx, input.scopeId);
      if (org.kind !== 'seller') throw new UnknownRateScope(input.scope, input.scopeId);
    } else {
      await getCategory(tx, input.scopeId);
    }
  } catch (err) {
    if (err instanceof OrganisationNotFound || err instanceof CategoryNotFound) throw new UnknownRateScope(input.scope, input.scopeId);
    throw err;
  }
  const [r] = await tx.insert(commissionRate).values({ id: newId('cmr'), scope: input.scope, scopeId: input.scopeId, rateBp: input.rateBp,
    updatedBy: ctx.actorId }).onConflictDoNothing().returning();
  if (!r) {
    const [existing] = await tx.select({ id: commissionRate.id }).from(commissionRate)
      .where(and(eq(commissionRate.scope, input.scope), eq(commissionRate.scopeId, input.scopeId)));
    throw new CommissionRateExists(input.scope, input.scopeId, existing?.id ?? '');
  }
  await recordAudit(tx, ctx, { action: 'finance.commission_rate_created', resourceType: 'finance_commission_rate', resourceId: r.id,
    changes: { scope: r.scope, scopeId: r.scopeId, rateBp: r.rateBp } });
  return rateOut(r);
}

/** Changes a rate (the default too); applies to orders paid from now on. Audited with before/after. */
export async function updateCommissionRate(tx: Tx, ctx: RequestContext, id: string, rateBp: number): Promise<CommissionRateOut> {
  const before = await lockedRate(tx, id);
  const [r] = await tx.update(commissionRate).set({ rateBp, updatedBy: ctx.actorId, updatedAt: new Date() }).where(eq(commissionRate.id, id)).returning();
  await recordAudit(tx, ctx, { action: 'finance.commission_rate_changed', resourceType: 'finance_commission_rate', resourceId: id,
    changes: { scope: before.scope, scopeId: before.scopeId, rateBp: { from: before.rateBp, to: r!.rateBp } } });
  return rateOut(r!);
}

/** Removes a category or seller rate (the default stays). Audited. */
export async function deleteCommissionRate(tx: Tx, ctx: RequestContext, id: string): Promise<void> {
  const before = await lockedRate(tx, id);
  if (before.scope === 'default') throw new DefaultRateRequired();
  await tx.delete(commissionRate).where(eq(commissionRate.id, id));
  await recordAudit(tx, ctx, { action: 'finance.commission_rate_deleted', resourceType: 'finance_commission_rate', resourceId: id,
    changes: { scope: before.scope, scopeId: before.scopeId, rateBp: before.rateBp } });
}

const periodOut = (p: typeof closedPeriod.$inferSelect): ClosedPeriodOut => ({ month: p.month, closedBy: p.closedBy, closedAt: p.closedAt.toISOString() });

/** Closed accounting periods, newest first. */
export async function listClosedPeriods(q: Queryable): Promise<ClosedPeriodOut[]> {
  return (await q.select().from(closedPeriod).orderBy(desc(closedPeriod.month))).map(periodOut);
}

/**
 * Closes an accounting month (YYYY-MM, Asia/Shanghai) that has ended: from then on no entry may be
 * dated inside it (postEntry refuses). Waits for transactions posting right now (exclusive period lock).
 * Audited.
 */
export async function closePeriod(tx: Tx, ctx: RequestContext, month: string, now = new Date()): Promise<ClosedPeriodOut> {
  if (month >= accountingMonth(now)) throw new PeriodNotEnded(month);
  await tx.execute(sql`select pg_advisory_xact_lock(${PERIOD_LOCK})`);
  const [p] = await tx.insert(closedPeriod).values({ month, closedBy: ctx.actorId }).onConflictDoNothing().returning();
  if (!p) throw new PeriodAlreadyClosed(month);
  await recordAudit(tx, ctx, { action: 'finance.period_closed', resourceType: 'finance_period', resourceId: month, changes: { month } });
  return periodOut(p);
}

const SETTINGS_KEY = 'default';
const DEFAULT_THRESHOLD = 1_000_000;

/** Finance settings (the payout second-approval threshold). */
export async function getFinanceSettings(q: Queryable): Promise<FinanceSettingsOut> {
  const [s] = await q.select().from(financeSettings).where(eq(financeSettings.key, SETTINGS_KEY));
  return { payoutApprovalThreshold: { amount: s?.payoutApprovalThreshold ?? DEFAULT_THRESHOLD, currency: 'CNY' }, updatedBy: s?.updatedBy ?? null,
    updatedAt: (s?.updatedAt ?? new Date(0)).toISOString() };
}

/** Changes the finance settings. Audited with before/after. */
export async function updateFinanceSettings(tx: Tx, ctx: RequestContext, input: FinanceSettingsBody): Promise<FinanceSettingsOut> {
  const [before] = await tx.select().from(financeSettings).where(eq(financeSettings.key, SETTINGS_KEY)).for('update');
  await tx.insert(financeSettings).values({ key: SETTINGS_KEY, payoutApprovalThreshold: input.payoutApprovalThreshold, updatedBy: ctx.actorId })
    .onConflictDoUpdate({ target: financeSettings.key, set: { payoutApprovalThreshold: input.payoutApprovalThreshold, updatedBy: ctx.actorId, updatedAt: new Date() } });
  await recordAudit(tx, ctx, { action: 'finance.settings_changed', resourceType: 'finance_settings', resourceId: SETTINGS_KEY,
    changes: { payoutApprovalThreshold: { from: before?.payoutApprovalThreshold ?? DEFAULT_THRESHOLD, to: input.payoutApprovalThreshold } } });
  return getFinanceSettings(tx);
}
