import { and, asc, eq, isNotNull, lte } from 'drizzle-orm';
import type { Tx } from '@/platform/db/client.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { systemContext } from '@/platform/http/auth.js';
import { InvalidInput } from '@/platform/http/problem.js';
import type { ProductOut } from '../contract.js';
import { InvalidTransition } from '../errors.js';
import { product } from '../schema.js';
import { productHistory } from './common.js';
import { getProduct, loadProduct, setShelfState } from './products.js';

/** A schedule may not lie in the past (one minute of clock skew is tolerated) nor more than a year ahead. */
const SKEW_MS = 60_000;
const MAX_AHEAD_MS = 366 * 86_400_000;

/**
 * Schedules putting an approved product on shelf and/or taking it off (MS-CAT-04). `null` clears a
 * schedule. The job `catalog.apply_shelf_schedules` applies due schedules every minute.
 */
export async function scheduleShelf(tx: Tx, ctx: RequestContext, sellerId: string, productId: string,
  body: { onAt?: Date | null | undefined; offAt?: Date | null | undefined }, now = new Date()): Promise<ProductOut> {
  const p = await loadProduct(tx, productId, { kind: 'seller', sellerId }, true);
  const onAt = body.onAt === undefined ? p.scheduledOnAt : body.onAt;
  const offAt = body.offAt === undefined ? p.scheduledOffAt : body.offAt;
  for (const [field, at] of [['onAt', body.onAt], ['offAt', body.offAt]] as const) {
    if (at && at.getTime() < now.getTime() - SKEW_MS) throw new InvalidInput('catalog.bad_schedule', `${field} is in the past: choose a future time.`, { reason: 'past', field });
    if (at && at.getTime() > now.getTime() + MAX_AHEAD_MS) throw new InvalidInput('catalog.bad_schedule', `${field} is more than a year ahead.`, { reason: 'too_far', field });
  }
  if (onAt && offAt && onAt >= offAt && !p.live) {
    throw new InvalidInput('catalog.bad_schedule', 'The product would go off shelf before it goes on: put the on-shelf time first.', { reason: 'order' });
  }
  if (onAt && !p.liveVersionId) throw new InvalidTransition('The product has no approved version yet: it can be scheduled on shelf once approved.', { reason: 'never_approved' });
  if (onAt && p.offShelfBy === 'operator') {
    throw new InvalidTransition('The platform took this product down: correct it and submit a new version for review.', { reason: 'taken_down_by_operator', takedownReason: p.offShelfReason });
  }
  await tx.update(product).set({ scheduledOnAt: onAt, scheduledOffAt: offAt, updatedAt: new Date() }).where(eq(product.id, productId));
  await productHistory(tx, ctx, { productId, action: 'shelf_scheduled', actorKind: 'seller',
    detail: { onAt: onAt?.toISOString() ?? null, offAt: offAt?.toISOString() ?? null } });
  return getProduct(tx, productId, { kind: 'seller', sellerId });
}

/**
 * Applies every due schedule: on-shelf first, then off-shelf (so "on at 9:00, off at 9:00" ends off).
 * Rows are locked with SKIP LOCKED, so several nodes can run it; a schedule that can no longer apply
 * (taken down by the operator meanwhile) is cleared and recorded.
 */
export async function applyShelfSchedules(tx: Tx, now = new Date()): Promise<{ on: number; off: number; skipped: number }> {
  const ctx = systemContext('catalog.apply_shelf_schedules');
  const res = { on: 0, off: 0, skipped: 0 };
  const dueOn = await tx.select().from(product).where(and(isNotNull(product.scheduledOnAt), lte(product.scheduledOnAt, now)))
    .orderBy(asc(product.scheduledOnAt)).limit(500).for('update', { skipLocked: true });
  for (const p of dueOn) {
    await tx.update(product).set({ scheduledOnAt: null }).where(eq(product.id, p.id));
    if (p.live) continue;
    if (!p.liveVersionId || p.offShelfBy === 'operator') {
      res.skipped += 1;
      await productHistory(tx, ctx, { productId: p.id, action: 'schedule_skipped', actorKind: 'system',
        reason: p.offShelfBy === 'operator' ? 'taken down by the platform' : 'no approved version' });
      continue;
    }
    await setShelfState(tx, ctx, { ...p, scheduledOnAt: null }, true, null, 'scheduled', 'on_shelf', 'system');
    res.on += 1;
  }
  const dueOff = await tx.select().from(product).where(and(isNotNull(product.scheduledOffAt), lte(product.scheduledOffAt, now)))
    .orderBy(asc(product.scheduledOffAt)).limit(500).for('update', { skipLocked: true });
  for (const p0 of dueOff) {
    await tx.update(product).set({ scheduledOffAt: null }).where(eq(product.id, p0.id));
    const [p] = await tx.select().from(product).where(eq(product.id, p0.id));
    if (!p!.live) continue;
    await setShelfState(tx, ctx, p!, false, 'seller', 'scheduled', 'off_shelf', 'system');
    res.off += 1;
  }
  return res;
}
