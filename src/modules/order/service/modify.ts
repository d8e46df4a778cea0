import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/platform/db/client.js';
import type { Keyring } from '@/platform/crypto/index.js';
import { newId } from '@/platform/db/ids.js';
import type { RequestContext } from '@/platform/http/auth.js';
import { emit } from '@/platform/jobs/index.js';
import { getAddress } from '@/modules/consumer/index.js';
import { recordMovement, reservationsFor } from '@/modules/inventory/index.js';
import { postEntry, sellerAccount } from '@/modules/finance/index.js';
import { requestRefund } from '@/modules/payment/index.js';
import type { ModificationBody } from '../contract.js';
import { InvalidModification, InvalidOrderTransition, ModificationNotFound, ModificationPending } from '../errors.js';
import { order, orderLine, orderModification, orderVersion } from '../schema.js';
import { commissionOf } from './checkout.js';
import { loadOrder, noteEvent, type OrderRow, type OrderScope } from './common.js';

type Party = 'consumer' | 'seller';
type Changes = { addressId?: string; region?: string; note?: string; lines?: Array<{ skuId: string; from: number; to: number }> };

/**
 * Proposes a change to an order before the seller confirms it (MS-ORD-01). Address and note changes
 * take effect at once; quantity cuts change the price, so they wait for the other party's acceptance.
 * Every applied change keeps the previous order as a version.
 */
export async function proposeModification(tx: Tx, ctx: RequestContext, k: Keyring, scope: OrderScope & { kind: Party }, orderId: string, body: ModificationBody) {
  const o = await loadOrder(tx, orderId, scope, true);
  if (o.status !== 'placed' && o.status !== 'paid') {
    throw new InvalidOrderTransition(o.id, o.status, 'modified', 'Changes are possible only before the seller confirms the order.');
  }
  const [pending] = await tx.select({ id: orderModification.id }).from(orderModification)
    .where(and(eq(orderModification.orderId, o.id), eq(orderModification.status, 'pending')));
  if (pending) throw new ModificationPending(o.id, pending.id);
  const changes: Changes = {};
  if (body.addressId !== undefined) {
    if (scope.kind !== 'consumer') throw new InvalidModification('Only the consumer can change the delivery address.');
    const a = await getAddress(tx, k, o.accountId, body.addressId);
    changes.addressId = a.id;
    changes.region = a.region;
  }
  if (body.note !== undefined) changes.note = body.note;
  let priceDelta = 0;
  if (body.lines) {
    if (o.status !== 'paid') throw new InvalidModification('Quantities can be changed after payment only; before it, cancel and order again.');
    const lines = await tx.select().from(orderLine).where(eq(orderLine.orderId, o.id));
    changes.lines = [];
    for (const want of body.lines) {
      const l = lines.find((x) => x.skuId === want.skuId);
      if (!l) throw new InvalidModification(`SKU ${want.skuId} is not in this order.`, { skuId: want.skuId });
      if (want.quantity > l.quantity) throw new InvalidModification(`A change can only lower quantities: ${l.title} has ${l.quantity}.`, { skuId: want.skuId });
      if (want.quantity !== l.quantity) {
        changes.lines.push({ skuId: l.skuId, from: l.quantity, to: want.quantity });
        priceDelta -= l.unitPrice * (l.quantity - want.quantity);
      }
    }
    const left = lines.reduce((s, l) => s + (changes.lines!.find((c) => c.skuId === l.skuId)?.to ?? l.quantity), 0);
    if (left === 0) throw new InvalidModification('A change cannot remove every item: cancel the order instead.');
    if (changes.lines.length === 0) delete changes.lines;
    if (o.total + priceDelta < o.refundedAmount) throw new InvalidModification('The order has already been refunded beyond the new total.');
  }
  if (Object.keys(changes).length === 0) throw new InvalidModification('The proposal changes nothing.');
  const other: Party = scope.kind === 'consumer' ? 'seller' : 'consumer';
  const needs = priceDelta !== 0 ? other : null;
  const [m] = await tx.insert(orderModification).values({ id: newId('omod'), orderId: o.id, baseVersion: o.version, proposedBy: scope.kind,
    proposerId: ctx.actorId, changes, priceDelta, needsAcceptanceBy: needs, status: needs ? 'pending' : 'applied', reason: body.reason ?? '',
    decidedAt: needs ? null : new Date() }).returning();
  await noteEvent(tx, ctx, o.id, { action: 'modification_proposed', actorKind: scope.kind, reason: body.reason ?? null,
    detail: { modificationId: m!.id, priceDelta, needsAcceptanceBy: needs } });
  if (needs) {
    await emit(tx, 'order.modification_proposed', { orderId: o.id, modificationId: m!.id, to: needs });
  } else {
    await applyModification(tx, ctx, k, o, m!);
  }
  return m!;
}

/** The other party accepts or rejects a pending proposal; accepting applies it. */
export async function decideModification(tx: Tx, ctx: RequestContext, k: Keyring, scope: OrderScope & { kind: Party }, orderId: string, modId: string,
  accept: boolean, note?: string) {
  const o = await loadOrder(tx, orderId, scope, true);
  const [m] = await tx.select().from(orderModification).where(and(eq(orderModification.id, modId), eq(orderModification.orderId, o.id))).for('update');
  if (!m) throw new ModificationNotFound(modId);
  if (m.status !== 'pending') throw new InvalidModification(`This proposal is already ${m.status}.`);
  if (m.needsAcceptanceBy !== scope.kind) throw new InvalidModification('The proposal waits for the other party: you cannot decide on your own proposal.');
  if (o.status !== 'placed' && o.status !== 'paid') throw new InvalidOrderTransition(o.id, o.status, 'modified');
  const [done] = await tx.update(orderModification).set({ status: accept ? 'applied' : 'rejected', decidedBy: ctx.actorId, decidedAt: new Date(),
    decisionNote: note ?? null, updatedAt: new Date() }).where(eq(orderModification.id, m.id)).returning();
  await noteEvent(tx, ctx, o.id, { action: accept ? 'modification_accepted' : 'modification_rejected', actorKind: scope.kind, reason: note ?? null,
    detail: { modificationId: m.id } });
  if (accept) await applyModification(tx, ctx, k, o, done!);
  return done!;
}

async function applyModification(tx: Tx, ctx: RequestContext, k: Keyring, o: OrderRow, m: typeof orderModification.$inferSelect) {
  const c = m.changes as Changes;
  const lines = await tx.select().from(orderLine).where(eq(orderLine.orderId, o.id));
  await tx.insert(orderVersion).values({ id: newId('over'), orderId: o.id, version: o.version, snapshot: {
    version: o.version, goodsAmount: o.goodsAmount, shippingFee: o.shippingFee, total: o.total, region: o.region, note: o.note,
    lines: lines.map((l) => ({ skuId: l.skuId, title: l.title, specification: l.specification, unitPrice: l.unitPrice, quantity: l.quantity, lineTotal: l.lineTotal })),
  } });
  const set: Partial<typeof order.$inferInsert> = { version: o.version + 1, updatedAt: new Date() };
  if (c.addressId) {
    const a = await getAddress(tx, k, o.accountId, c.addressId);
    set.addressEnc = k.encrypt(JSON.stringify({ recipient: a.recipient, phone: a.phone, region: a.region, detail: a.detail, regionCode: a.regionCode }),
      `order_checkout:${o.checkoutId}:address`);
    set.region = a.region;
  }
  if (c.note !== undefined) set.note = c.note;
  let goodsCut = 0, commissionCut = 0;
  const held = c.lines?.length ? await reservationsFor(tx, o.checkoutId) : [];
  for (const ch of c.lines ?? []) {
    const l = lines.find((x) => x.skuId === ch.skuId)!;
    const newTotal = l.unitPrice * ch.to;
    const newCommission = commissionOf(newTotal, l.commissionBp);
    goodsCut += l.lineTotal - newTotal;
    commissionCut += l.commission - newCommission;
    if (ch.to === 0) await tx.delete(orderLine).where(eq(orderLine.id, l.id));
    else await tx.update(orderLine).set({ quantity: ch.to, lineTotal: newTotal, commission: newCommission }).where(eq(orderLine.id, l.id));
    const r = held.find((x) => x.skuId === l.skuId && x.status === 'consumed');
    if (r) {
      await recordMovement(tx, ctx, o.sellerId, { skuId: l.skuId, warehouseId: r.warehouseId, kind: 'return', quantity: ch.from - ch.to,
        reason: 'order quantity reduced', documentNo: o.number });
    }
  }
  if (goodsCut > 0) {
    set.goodsAmount = o.goodsAmount - goodsCut;
    set.total = o.total - goodsCut;
    set.commission = o.commission - commissionCut;
  }
  await tx.update(order).set(set).where(eq(order.id, o.id));
  if (goodsCut > 0) {
    const r = await requestRefund(tx, ctx, { paymentReference: o.checkoutId, reference: o.id, sellerId: o.sellerId, accountId: o.accountId,
      amount: goodsCut, reason: 'Order changed: quantities reduced', requestKey: `modify:${m.id}` });
    const common = { sellerId: o.sellerId, orderId: o.id };
    await postEntry(tx, ctx, { kind: 'order.refund', sourceType: 'refund', sourceId: r.id, memo: o.number, lines: [
      { account: sellerAccount(o.sellerId), amount: goodsCut - commissionCut, memo: 'refund', ...common },
      ...(commissionCut ? [{ account: 'revenue:commission', amount: commissionCut, memo: 'commission_refund', ...common }] : []),
      { account: 'clearing:refunds', amount: -goodsCut, memo: 'refund', ...common },
    ] });
    await noteEvent(tx, ctx, o.id, { action: 'modification_refund', actorKind: 'system', detail: { refundId: r.id, amount: goodsCut } });
  }
  await noteEvent(tx, ctx, o.id, { action: 'modified', actorKind: m.proposedBy, detail: { modificationId: m.id, version: o.version + 1 } });
}
