import { recordAudit, type AuditEntry } from '@/platform/audit/index.js';
import type { Tx } from '@/platform/db/client.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import type { PriceValues } from '../schema.js';
import { productEvent } from '../schema.js';
import { publicDataChanged } from '@/platform/cache/public-cache.js';

export const CURRENCY = 'CNY';
export const money = (amount: number) => ({ amount, currency: CURRENCY });
export const moneyOrNull = (amount: number | null | undefined) => (amount === null || amount === undefined ? null : money(amount));
export const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
export const imageUrl = (id: string | null | undefined) => (id ? `/media/${id}` : null);

export const priceValuesOut = (v: PriceValues) => ({
  priceType: v.priceType, retail: money(v.retail), member: moneyOrNull(v.member), list: moneyOrNull(v.list), government: v.government,
});

/** Who acts on a product: the seller's staff, an operator, or the system (automatic review, jobs). */
export type ActorKind = 'seller' | 'operator' | 'system';

/** One product history entry (MS-CAT-01) and the matching audit entry, in the caller's transaction. */
export async function productHistory(tx: Tx, ctx: RequestContext, e: {
  productId: string; versionId?: string | null; action: string; actorKind: ActorKind; reason?: string | null;
  detail?: Record<string, unknown>; audit?: Partial<AuditEntry>;
}): Promise<void> {
  await tx.insert(productEvent).values({
    id: newId('pev'), productId: e.productId, versionId: e.versionId ?? null, action: e.action, actorId: ctx.actorId,
    actorKind: e.actorKind, reason: e.reason ?? null, detail: e.detail ?? {},
  });
  publicDataChanged(tx);
  await recordAudit(tx, ctx, {
    action: `product.${e.action}`, resourceType: 'product', resourceId: e.productId,
    changes: { ...(e.versionId ? { versionId: e.versionId } : {}), ...(e.reason ? { reason: e.reason } : {}), ...(e.detail ?? {}) },
    ...e.audit,
  });
}
