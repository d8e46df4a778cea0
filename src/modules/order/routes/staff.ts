import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idempotencyKeyOf } from '@/platform/idempotency/index.js';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { requestContext, tenantOf } from '@/platform/http/auth.js';
import { CreatedAtCursor, DateTimeQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { DecisionBody, ModificationBody, ModificationOut, OrderDetailOut, OrderListQuery, OrderSettingsBody, OrderSettingsOut, OrderSummaryOut,
  ReasonBody, RefundBody, SlaOut } from '../contract.js';
import { InvalidOrderTransition } from '../errors.js';
import { cancelCheckout, cancelPaidOrder, confirmOrder, confirmationSla, decideModification, getOrderSettings, listOrders, loadOrder, orderDetail,
  proposeModification, refundOrder, setOrderSettings, type OrderScope } from '../service.js';
import { modOut } from './store.js';

const ListQuery = OrderListQuery.extend({ limit: LimitQuery });
const MidParams = z.strictObject({ id: z.string().max(64), mid: z.string().max(64) });

/** Seller order routes (scoped to the caller's shop) and operator order routes. */
export const orderStaffRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const { db, keyring } = platform;
  const errors = problemResponses;
  const seller = { audience: 'seller', permission: 'order:manage' } as const;
  const sellerScope = (req: Parameters<typeof tenantOf>[0]): OrderScope & { kind: 'seller' } => ({ kind: 'seller', sellerId: tenantOf(req).orgId });
  const operator: OrderScope = { kind: 'operator' };
  const list = async (scope: OrderScope, q: z.infer<typeof ListQuery>) => {
    const res = await listOrders(db, scope, { status: q.status, overdue: q.overdue === 'true', sellerId: scope.kind === 'operator' ? q.sellerId : undefined,
      q: q.q, limit: q.limit, after: decodeCursor(q.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: res.next ? encodeCursor(res.next) : null };
  };
  /** A refund request is idempotent per Idempotency-Key when one is sent, else per request. */
  const refundKey = (req: FastifyRequest) => { const k = idempotencyKeyOf(req); return k ? `key:${k}` : `req:${req.id}`; };

  // ---------------------------------------------------------------- seller
  {
    const tags = ['seller orders'];
    app.get('/api/seller/orders', {
      config: { access: seller },
      schema: { tags, summary: 'Own orders, newest first; overdue=true: paid orders past their confirmation due time', querystring: ListQuery,
        response: { 200: page(OrderSummaryOut), ...errors } },
    }, async (req) => list(sellerScope(req), req.query));

    app.get('/api/seller/orders/:id', {
      config: { access: seller },
      schema: { tags, summary: 'One own order with the confirmation check (MS-ORD-02): SKU, quantity, unit, allocatable stock, consumer note', params: IdParams,
        response: { 200: OrderDetailOut, ...errors } },
    }, async (req) => orderDetail(db, keyring, req.params.id, sellerScope(req)));

    app.post('/api/seller/orders/:id/confirm', {
      config: { access: seller },
      schema: { tags, summary: 'Confirm a paid order can be met (due 1 working day after payment, PL-ORD-02)', params: IdParams, response: { 200: OrderDetailOut, ...errors } },
    }, async (req) => {
      await db.transaction(async (tx) => confirmOrder(tx, requestContext(req), await loadOrder(tx, req.params.id, sellerScope(req), true)));
      return orderDetail(db, keyring, req.params.id, sellerScope(req));
    });

    app.post('/api/seller/orders/:id/reject', {
      config: { access: seller },
      schema: { tags, summary: 'Reject a paid order with a reason: it is cancelled and refunded in full', params: IdParams, body: ReasonBody,
        response: { 200: OrderDetailOut, ...errors } },
    }, async (req) => {
      await db.transaction(async (tx) => {
        const o = await loadOrder(tx, req.params.id, sellerScope(req), true);
        if (o.status !== 'paid') throw new InvalidOrderTransition(o.id, o.status, 'rejected', 'Only paid orders awaiting confirmation can be rejected.');
        await cancelPaidOrder(tx, requestContext(req), o, 'seller', req.body.reason);
      });
      return orderDetail(db, keyring, req.params.id, sellerScope(req));
    });

    app.post('/api/seller/orders/:id/refunds', {
      config: { access: seller },
      schema: { tags, summary: 'Refund part or all of a paid order through the payment provider (Idempotency-Key honoured)', params: IdParams, body: RefundBody,
        response: { 200: OrderDetailOut, ...errors } },
    }, async (req) => {
      await db.transaction(async (tx) => refundOrder(tx, requestContext(req), await loadOrder(tx, req.params.id, sellerScope(req), true),
        { amount: req.body.amount, reason: req.body.reason, by: 'seller', requestKey: `seller:${tenantOf(req).orgId}:${refundKey(req)}` }));
      return orderDetail(db, keyring, req.params.id, sellerScope(req));
    });

    app.post('/api/seller/orders/:id/modifications', {
      config: { access: seller },
      schema: { tags, summary: 'Propose a change before confirmation (quantity cuts need the consumer\'s acceptance)', params: IdParams, body: ModificationBody,
        response: { 201: ModificationOut, ...errors } },
    }, async (req, reply) => {
      const m = await db.transaction((tx) => proposeModification(tx, requestContext(req), keyring, sellerScope(req), req.params.id, req.body));
      reply.code(201);
      return modOut(m);
    });

    for (const decision of ['accept', 'reject'] as const) {
      app.post(`/api/seller/orders/:id/modifications/:mid/${decision}`, {
        config: { access: seller },
        schema: { tags, summary: `${decision === 'accept' ? 'Accept' : 'Reject'} the consumer's proposed change`, params: MidParams, body: DecisionBody,
          response: { 200: ModificationOut, ...errors } },
      }, async (req) => modOut(await db.transaction((tx) => decideModification(tx, requestContext(req), keyring, sellerScope(req), req.params.id,
        req.params.mid, decision === 'accept', req.body.note))));
    }

    app.get('/api/seller/order-settings', {
      config: { access: seller },
      schema: { tags, summary: 'The service calendar the confirmation clock runs on (PL-ORD-03)', response: { 200: OrderSettingsOut, ...errors } },
    }, async (req) => getOrderSettings(db, tenantOf(req).orgId));

    app.put('/api/seller/order-settings', {
      config: { access: seller },
      schema: { tags, summary: 'Choose the service calendar (at least 5 × 8 h a week)', body: OrderSettingsBody, response: { 200: OrderSettingsOut, ...errors } },
    }, async (req) => db.transaction((tx) => setOrderSettings(tx, requestContext(req), tenantOf(req).orgId, req.body.calendarId)));
  }

  // ---------------------------------------------------------------- operator
  {
    const tags = ['admin orders'];
    const read = { audience: 'admin', permission: 'order:read' } as const;
    const manage = { audience: 'admin', permission: 'refund:manage' } as const;

    app.get('/api/admin/orders', {
      config: { access: read },
      schema: { tags, summary: 'Every order; filter by status, seller, overdue, or number/id', querystring: ListQuery, response: { 200: page(OrderSummaryOut), ...errors } },
    }, async (req) => list(operator, req.query));

    app.get('/api/admin/orders/sla', {
      config: { access: read },
      schema: { tags, summary: 'Confirmation SLA over orders paid in a period (PL-ORD-02): on time, late, overdue and the on-time rate',
        querystring: z.strictObject({ from: DateTimeQuery, to: DateTimeQuery, sellerId: z.string().max(64).optional() }), response: { 200: SlaOut, ...errors } },
    }, async (req) => confirmationSla(db, { from: req.query.from ?? new Date(Date.now() - 30 * 86400_000), to: req.query.to ?? new Date(), sellerId: req.query.sellerId }));

    app.get('/api/admin/orders/:id', {
      config: { access: read },
      schema: { tags, summary: 'One order with lines, address, events, payments and refunds', params: IdParams, response: { 200: OrderDetailOut, ...errors } },
    }, async (req) => orderDetail(db, keyring, req.params.id, operator));

    app.post('/api/admin/orders/:id/cancel', {
      config: { access: manage },
      schema: { tags, summary: 'Cancel an order on the consumer\'s behalf (refunded in full when paid)', params: IdParams, body: ReasonBody,
        response: { 200: OrderDetailOut, ...errors } },
    }, async (req) => {
      await db.transaction(async (tx) => {
        const o = await loadOrder(tx, req.params.id, operator, true);
        if (o.status === 'placed') await cancelCheckout(tx, requestContext(req), o.checkoutId, 'operator', req.body.reason);
        else await cancelPaidOrder(tx, requestContext(req), o, 'operator', req.body.reason);
      });
      return orderDetail(db, keyring, req.params.id, operator);
    });

    app.post('/api/admin/orders/:id/refunds', {
      config: { access: manage },
      schema: { tags, summary: 'Refund part or all of an order through the payment provider', params: IdParams, body: RefundBody, response: { 200: OrderDetailOut, ...errors } },
    }, async (req) => {
      await db.transaction(async (tx) => refundOrder(tx, requestContext(req), await loadOrder(tx, req.params.id, operator, true),
        { amount: req.body.amount, reason: req.body.reason, by: 'operator', requestKey: `operator:${refundKey(req)}` }));
      return orderDetail(db, keyring, req.params.id, operator);
    });
  }
};
