import { eq } from 'drizzle-orm';
import { recordAudit } from '@/platform/audit/index.js';
import type { Queryable, Tx } from '@/platform/db/client.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { ShippingRuleBody } from '../contract.js';
import { shippingRule } from '../schema.js';
import { iso, money, moneyOrNull } from './common.js';
import { publicDataChanged } from '@/platform/cache/public-cache.js';

type RuleRow = typeof shippingRule.$inferSelect;
type RuleShown = Pick<RuleRow, 'baseFee' | 'freeOver' | 'extraItemFee' | 'deliveryTerms' | 'updatedAt'>;
const out = (r: RuleShown) => ({ baseFee: money(r.baseFee), freeOver: moneyOrNull(r.freeOver), extraItemFee: money(r.extraItemFee),
  deliveryTerms: r.deliveryTerms, updatedAt: iso(r.updatedAt) });

/** Without a rule a seller ships for free; the product page says so. */
const NONE = { baseFee: money(0), freeOver: null, extraItemFee: money(0), deliveryTerms: '', updatedAt: null };

/** A seller's rule as the product page shows it (the free-shipping answer when there is none). */
export const shippingRuleOut = (r: RuleShown | null) => (r ? out(r) : NONE);

export async function getShippingRule(q: Queryable, sellerId: string) {
  const [r] = await q.select().from(shippingRule).where(eq(shippingRule.sellerId, sellerId));
  return shippingRuleOut(r ?? null);
}

export async function shippingRulesFor(q: Queryable, sellerId: string): Promise<RuleRow | null> {
  const [r] = await q.select().from(shippingRule).where(eq(shippingRule.sellerId, sellerId));
  return r ?? null;
}

export async function setShippingRule(tx: Tx, ctx: RequestContext, sellerId: string, body: ShippingRuleBody) {
  const [before] = await tx.select().from(shippingRule).where(eq(shippingRule.sellerId, sellerId)).for('update');
  const [r] = await tx.insert(shippingRule).values({ sellerId, ...body, updatedBy: ctx.actorId, updatedAt: new Date() })
    .onConflictDoUpdate({ target: shippingRule.sellerId, set: { ...body, updatedBy: ctx.actorId, updatedAt: new Date() } }).returning();
  publicDataChanged(tx);
  await recordAudit(tx, ctx, { action: 'shipping_rule.set', resourceType: 'organisation', resourceId: sellerId,
    changes: { before: before ? { baseFee: before.baseFee, freeOver: before.freeOver, extraItemFee: before.extraItemFee } : null, after: body } });
  return out(r!);
}

/**
 * Delivery fee of one seller's part of an order (PL-PRC-08): free from `freeOver` goods value,
 * else the base fee plus the extra-item fee for each unit after the first.
 */
export function shippingFee(rule: Pick<RuleRow, 'baseFee' | 'freeOver' | 'extraItemFee'> | null, goodsAmount: number, units: number): number {
  if (!rule || units <= 0) return 0;
  if (rule.freeOver !== null && goodsAmount >= rule.freeOver) return 0;
  return rule.baseFee + rule.extraItemFee * (units - 1);
}
