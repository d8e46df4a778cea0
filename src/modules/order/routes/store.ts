import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { actorOf, requestContext } from '@/platform/http/auth.js';
import { CreatedAtCursor, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { idempotencyKeyOf, runIdempotent } from '@/platform/idempotency/index.js';
import { applyPendingNotifications, offerableProviders, syncPayment } from '@/modules/payment/index.js';
import { CheckoutOut, ConfirmBody, DecisionBody, ModificationBody, ModificationOut, OrderDetailOut, OrderListQuery, OrderSummaryOut, PreviewBody, PreviewOut,
  ReasonBody } from '../contract.js';
import { CheckoutNotFound, InvalidOrderTransition, OfferNotAccepted } from '../errors.js';
import { buildOffer, offerOut, cancelCheckout, cancelPaidOrder, consumerCheckoutView, decideModification, listOrders, loadCheckout, loadOrder, orderDetail, placeCheckout,
  proposeModification } from '../service.js';
import { money } from '@/platform/db/money.js';


/** Consumer checkout and order routes (PL-CHK-02, PL-ORD-01, PL-ORD-02, MS-ORD-01). */
export const orderStoreRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const { db, keyring } = platform;
  const tags = ['checkout & orders'];
  const access = { audience: 'consumer' } as const;
  const errors = problemResponses;
  const returnUrl = (checkoutId: string) => `${platform.config.publicUrl ?? ''}/checkout/result?checkout=${checkoutId}`;
  const view = (checkoutId: string, accountId: string) => consumerCheckoutView(db, keyring, checkoutId, accountId, returnUrl(checkoutId));

  app.get('/api/store/payment-providers', {
    config: { access: { audience: 'public' } },
    schema: { tags, summary: 'Payment providers offered at checkout now (valid contract and approved qualification, PL-PAY-01)',
      response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) }), ...errors } },
  }, async () => ({ items: await offerableProviders(db) }));

  app.post('/api/store/checkout/preview', {
    config: { access },
    schema: { tags, summary: 'The complete offer for the selected cart lines, to show before confirmation (PL-CHK-02)', body: PreviewBody,
      response: { 200: PreviewOut, ...errors } },
  }, async (req) => {
    const built = await buildOffer(db, keyring, { accountId: actorOf(req).accountId, addressId: req.body.addressId,
      paymentProvider: req.body.paymentProvider, note: req.body.note ?? '' });
    return { offer: offerOut(built.offer), offerHash: built.hash, problems: built.problems };
  });

  app.post('/api/store/checkouts', {
    config: { access },
    schema: { tags, summary: 'Confirm the offer: reserves stock, creates one order per seller and one payment (send Idempotency-Key)',
      description: 'The body must repeat the offerHash of the preview and accept:true. If anything changed since, the answer is 409 checkout.offer_changed '
        + 'with the new offer. With the same Idempotency-Key and body a retry returns the same checkout; the same key with another body is 422.',
      headers: z.looseObject({ 'idempotency-key': z.string().max(255).optional().describe('Retry-safe key (e.g. a UUID) for this confirmation') }),
      body: ConfirmBody, response: { 201: CheckoutOut, ...errors } },
  }, async (req, reply) => {
    if (req.body.accept !== true) throw new OfferNotAccepted();
    const actor = actorOf(req);
    const res = await runIdempotent(db, { scope: `account:${actor.accountId}`, key: idempotencyKeyOf(req), operation: 'POST /api/store/checkouts', request: req.body },
      async (tx) => {
        const { checkoutId } = await placeCheckout(tx, requestContext(req), keyring, { accountId: actor.accountId, addressId: req.body.addressId,
          paymentProvider: req.body.paymentProvider, note: req.body.note ?? '', offerHash: req.body.offerHash,
          paymentMinutes: platform.config.paymentTimeoutMinutes });
        return { status: 201, body: { checkoutId } };
      });
    // A provider notification may have arrived before this commit: apply it now (exactly once).
    if (!res.replayed) await applyPendingNotifications(db, res.body.checkoutId);
    if (res.replayed) reply.header('idempotent-replayed', 'true');
    reply.code(201);
    return view(res.body.checkoutId, actor.accountId);
  });

  app.get('/api/store/checkouts/:id', {
    config: { access },
    schema: { tags, summary: 'A checkout with its orders and payment (payUrl while it can be paid)', params: IdParams, response: { 200: CheckoutOut, ...errors } },
  }, async (req) => view(req.params.id, actorOf(req).accountId));

  app.post('/api/store/checkouts/:id/sync', {
    config: { access },
    schema: { tags, summary: 'Ask the provider for the payment state now (after returning from its page)', params: IdParams, response: { 200: CheckoutOut, ...errors } },
  }, async (req) => {
    const actor = actorOf(req);
    const c = await loadCheckout(db, req.params.id, actor.accountId);
    if (!c) throw new CheckoutNotFound(req.params.id);
    if (c.paymentId && c.status === 'awaiting_payment') await syncPayment(db, keyring, c.paymentId);
    return view(c.id, actor.accountId);
  });

  app.get('/api/store/orders', {
    config: { access },
    schema: { tags, summary: 'Own orders, newest first', querystring: OrderListQuery.pick({ status: true, limit: true, cursor: true }).extend({ limit: LimitQuery }),
      response: { 200: page(OrderSummaryOut), ...errors } },
  }, async (req) => {
    const res = await listOrders(db, { kind: 'consumer', accountId: actorOf(req).accountId }, { status: req.query.status, limit: req.query.limit,
      after: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  });

  app.get('/api/store/orders/:id', {
    config: { access },
    schema: { tags, summary: 'One own order: lines, address, due times, events, payments and refunds with provider references', params: IdParams,
      response: { 200: OrderDetailOut, ...errors } },
  }, async (req) => orderDetail(db, keyring, req.params.id, { kind: 'consumer', accountId: actorOf(req).accountId }));

  app.post('/api/store/orders/:id/cancel', {
    config: { access },
    schema: { tags, summary: 'Cancel an own order: before payment the whole checkout is cancelled; after payment and before confirmation with a full refund',
      params: IdParams, body: ReasonBody, response: { 200: OrderDetailOut, ...errors } },
  }, async (req) => {
    const scope = { kind: 'consumer' as const, accountId: actorOf(req).accountId };
    await db.transaction(async (tx) => {
      const o = await loadOrder(tx, req.params.id, scope, true);
      const ctx = requestContext(req);
      if (o.status === 'placed') await cancelCheckout(tx, ctx, o.checkoutId, 'consumer', req.body.reason);
      else if (o.status === 'paid') await cancelPaidOrder(tx, ctx, o, 'consumer', req.body.reason);
      else throw new InvalidOrderTransition(o.id, o.status, 'cancelled', 'After the seller confirmed it, ask for a return or refund instead.');
    });
    return orderDetail(db, keyring, req.params.id, scope);
  });

  app.post('/api/store/orders/:id/modifications', {
    config: { access },
    schema: { tags, summary: 'Propose a change before confirmation (MS-ORD-01): address or note apply at once; quantity cuts need the seller\'s acceptance',
      params: IdParams, body: ModificationBody, response: { 201: ModificationOut, ...errors } },
  }, async (req, reply) => {
    const m = await db.transaction((tx) => proposeModification(tx, requestContext(req), keyring, { kind: 'consumer', accountId: actorOf(req).accountId },
      req.params.id, req.body));
    reply.code(201);
    return modOut(m);
  });

  for (const decision of ['accept', 'reject'] as const) {
    app.post(`/api/store/orders/:id/modifications/:mid/${decision}`, {
      config: { access },
      schema: { tags, summary: `${decision === 'accept' ? 'Accept' : 'Reject'} the seller's proposed change`,
        params: z.strictObject({ id: z.string().max(64), mid: z.string().max(64) }), body: DecisionBody, response: { 200: ModificationOut, ...errors } },
    }, async (req) => modOut(await db.transaction((tx) => decideModification(tx, requestContext(req), keyring,
      { kind: 'consumer', accountId: actorOf(req).accountId }, req.params.id, req.params.mid, decision === 'accept', req.body.note))));
  }
};

export function modOut(m: { id: string; baseVersion: number; proposedBy: 'consumer' | 'seller'; changes: Record<string, unknown>; priceDelta: number;
  needsAcceptanceBy: 'consumer' | 'seller' | null; status: 'pending' | 'applied' | 'rejected' | 'withdrawn'; reason: string; decisionNote: string | null;
  createdAt: Date; decidedAt: Date | null }) {
  return { ...m, priceDelta: money(m.priceDelta), createdAt: m.createdAt.toISOString(), decidedAt: m.decidedAt ? m.decidedAt.toISOString() : null };
}
