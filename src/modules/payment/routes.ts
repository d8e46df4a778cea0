import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { actorOf, requestContext, tenantOf } from '@/platform/http/auth.js';
import { CreatedAtCursor, CursorQuery, DateTimeQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { Forbidden, problemResponses } from '@/platform/http/problem.js';
import {
  ConsumerPaymentOut, ContractBody, ContractOut, CreateProviderBody, CredentialsBody, DecisionBody, EnquiryBody, EnquiryOut, EnquiryStatus, ExceptionKind,
  NotificationOut, PaymentOut, PaymentStatus, ProviderCode, ProviderOut, ReconcileBody, ReconciliationExceptionOut, ReconciliationRunOut, RefundOut,
  RefundStatus, RejectBody, ReplyBody, ResolveBody, RiskReviewOut, RiskReviewStatus, RiskRuleBody, RiskRuleOut, SellerEnquiryBody, TransferOut,
  TransferStatus, UpdateProviderBody, UpdateRiskRuleBody, WebhookAnswer,
} from './contract.js';
import { sandboxPages } from './sandbox/pages.js';
import { SANDBOX_CODE } from './sandbox/adapter.js';
import {
  auditProviderQuery, createContract, createProvider, createRiskRule, deleteRiskRule, getConsumerPayment, getPayment, getProvider, getRefund, getTransfer,
  listConsumerPayments, listContracts, listEnquiries, listNotifications, listPayments, listProviders, listReconciliationExceptions,
  listReconciliationRuns, listRefunds, listRiskReviews, listRiskRules, listTransfers, merchantPaymentState, receiveNotification, reconcileDay,
  rejectRiskReview, releaseRiskReview, replyEnquiry, resolveEnquiry, resolveReconciliationException, rotateCredentials, submitEnquiry,
  submitTransferEnquiry, syncPayment, updateProvider, updateRiskRule,
} from './service.js';
import { providerByCode, providerCredentials } from './service/providers.js';

const errors = problemResponses;
const IdQuery = z.string().min(1).max(64).optional();
const cursorOf = (next: unknown) => (next === null ? null : encodeCursor(next));
const DateCursor = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), id: z.string().max(64) });
const DueCursor = z.object({ dueAt: z.iso.datetime(), id: z.string().max(64) });
const KeyCursor = z.string().max(64);
const Items = <T extends z.ZodType>(s: T) => z.object({ items: z.array(s) });

/**
 * Payments (PL-PAY-01, -04 … -09, PL-INT-03): provider records and contracts, payments, refunds and
 * transfers, risk rules and reviews, reconciliation, enquiries; the signed provider webhook; and the
 * sandbox provider's own pages.
 */
export const paymentRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const { db, keyring } = platform;
  const tags = ['admin payments'];
  const read = { audience: 'admin', permission: 'payment:read' } as const;
  const manage = { audience: 'admin', permission: 'payment:manage' } as const;
  const review = { audience: 'admin', permission: 'payment:review' } as const;
  const finance = { audience: 'admin', permission: 'finance:manage' } as const;

  // ------------------------------------------------------------ providers and contracts (PL-PAY-01, PL-PAY-03)

  app.get('/api/admin/payment/providers', {
    config: { access: read },
    schema: { tags, summary: 'Payment providers with qualification, contract in force and whether they are offered at checkout (never credentials)',
      response: { 200: Items(ProviderOut), ...errors } },
  }, async () => ({ items: await listProviders(db) }));

  app.post('/api/admin/payment/providers', {
    config: { access: manage },
    schema: { tags, summary: 'Register a payment provider; its code names the installed adapter. Credentials are stored encrypted and never returned',
      body: CreateProviderBody, response: { 201: ProviderOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createProvider(tx, requestContext(req), keyring, req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/admin/payment/providers/:id', {
    config: { access: read },
    schema: { tags, summary: 'One payment provider', params: IdParams, response: { 200: ProviderOut, ...errors } },
  }, async (req) => getProvider(db, req.params.id));

  app.patch('/api/admin/payment/providers/:id', {
    config: { access: manage },
    schema: { tags, summary: 'Change name, status (suspend / reactivate) or qualification state of a provider', params: IdParams, body: UpdateProviderBody,
      response: { 200: ProviderOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateProvider(tx, requestContext(req), req.params.id, req.body)));

  app.post('/api/admin/payment/providers/:id/credentials', {
    config: { access: manage },
    schema: { tags, summary: 'Rotate a provider\'s credentials (merchant id, API key, webhook secret); audited without the values', params: IdParams,
      body: CredentialsBody, response: { 200: ProviderOut, ...errors } },
  }, async (req) => db.transaction((tx) => rotateCredentials(tx, requestContext(req), keyring, req.params.id, req.body)));

  app.get('/api/admin/payment/providers/:id/contracts', {
    config: { access: read },
    schema: { tags, summary: 'Contracts with a provider, latest end date first', params: IdParams, response: { 200: Items(ContractOut), ...errors } },
  }, async (req) => ({ items: await listContracts(db, req.params.id) }));

  app.post('/api/admin/payment/providers/:id/contracts', {
    config: { access: manage },
    schema: { tags, summary: 'Record a contract (number, parties, validity, fee, settlement and refund terms); a provider is offered only while one is in force',
      params: IdParams, body: ContractBody, response: { 201: ContractOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createContract(tx, requestContext(req), req.params.id, req.body));
    reply.code(201);
    return res;
  });

  // ------------------------------------------------------------ payments, refunds, transfers (PL-PAY-04)

  app.get('/api/admin/payments', {
    config: { access: read },
    schema: { tags, summary: 'Payments, newest first, with provider references and status history',
      querystring: z.strictObject({ status: PaymentStatus.optional(), provider: ProviderCode.optional(), accountId: IdQuery, reference: IdQuery,
        from: DateTimeQuery, to: DateTimeQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(PaymentOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listPayments(db, { status: q.status, providerCode: q.provider, accountId: q.accountId, reference: q.reference, from: q.from, to: q.to,
      limit: q.limit, before: decodeCursor(q.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/payments/:id', {
    config: { access: read },
    schema: { tags, summary: 'One payment', params: IdParams, response: { 200: PaymentOut, ...errors } },
  }, async (req) => getPayment(db, req.params.id));

  app.post('/api/admin/payments/:id/sync', {
    config: { access: manage },
    schema: { tags, summary: 'Ask the provider for the state of a pending payment and apply it (audited provider query)', params: IdParams,
      response: { 200: PaymentOut, ...errors } },
  }, async (req) => {
    const res = await syncPayment(db, keyring, req.params.id);
    await db.transaction((tx) => auditProviderQuery(tx, requestContext(req), res.id));
    return res;
  });

  app.get('/api/admin/payment/refunds', {
    config: { access: read },
    schema: { tags, summary: 'Refunds, newest first',
      querystring: z.strictObject({ status: RefundStatus.optional(), reference: IdQuery, paymentId: IdQuery, sellerId: IdQuery, from: DateTimeQuery,
        to: DateTimeQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(RefundOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listRefunds(db, { status: q.status, reference: q.reference, paymentId: q.paymentId, sellerId: q.sellerId, from: q.from, to: q.to,
      limit: q.limit, before: decodeCursor(q.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/payment/refunds/:id', {
    config: { access: read },
    schema: { tags, summary: 'One refund', params: IdParams, response: { 200: RefundOut, ...errors } },
  }, async (req) => getRefund(db, req.params.id));

  app.get('/api/admin/payment/transfers', {
    config: { access: read },
    schema: { tags, summary: 'Transfers (payouts), newest first',
      querystring: z.strictObject({ status: TransferStatus.optional(), orgId: IdQuery, reference: IdQuery, from: DateTimeQuery, to: DateTimeQuery,
        limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(TransferOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listTransfers(db, { status: q.status, orgId: q.orgId, reference: q.reference, from: q.from, to: q.to, limit: q.limit,
      before: decodeCursor(q.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/payment/transfers/:id', {
    config: { access: read },
    schema: { tags, summary: 'One transfer', params: IdParams, response: { 200: TransferOut, ...errors } },
  }, async (req) => getTransfer(db, req.params.id));

  app.get('/api/admin/payment/notifications', {
    config: { access: read },
    schema: { tags, summary: 'Provider notifications received, newest first (pending ones wait for their record; ignored ones say why)',
      querystring: z.strictObject({ status: z.enum(['pending', 'applied', 'ignored']).optional(), subjectRef: IdQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(NotificationOut), ...errors } },
  }, async (req) => {
    const res = await listNotifications(db, { status: req.query.status, subjectRef: req.query.subjectRef, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, KeyCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  // ------------------------------------------------------------ risk rules and reviews (PL-PAY-09)

  app.get('/api/admin/payment/risk-rules', {
    config: { access: read },
    schema: { tags, summary: 'Risk rules that hold payments or refunds for review', response: { 200: Items(RiskRuleOut), ...errors } },
  }, async () => ({ items: await listRiskRules(db) }));

  app.post('/api/admin/payment/risk-rules', {
    config: { access: manage },
    schema: { tags, summary: 'Add a risk rule (amount limit or per-account hourly frequency limit)', body: RiskRuleBody, response: { 201: RiskRuleOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createRiskRule(tx, requestContext(req), req.body));
    reply.code(201);
    return res;
  });

  app.patch('/api/admin/payment/risk-rules/:id', {
    config: { access: manage },
    schema: { tags, summary: 'Change a risk rule\'s threshold, note or active flag', params: IdParams, body: UpdateRiskRuleBody, response: { 200: RiskRuleOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateRiskRule(tx, requestContext(req), req.params.id, req.body)));

  app.delete('/api/admin/payment/risk-rules/:id', {
    config: { access: manage },
    schema: { tags, summary: 'Delete a risk rule that never held anything (otherwise deactivate it)', params: IdParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await db.transaction((tx) => deleteRiskRule(tx, requestContext(req), req.params.id));
    return reply.code(204).send(null);
  });

  app.get('/api/admin/payment/risk-reviews', {
    config: { access: review },
    schema: { tags, summary: 'Payments and refunds held by risk rules, newest first',
      querystring: z.strictObject({ status: RiskReviewStatus.optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(RiskReviewOut), ...errors } },
  }, async (req) => {
    const res = await listRiskReviews(db, { status: req.query.status, limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.post('/api/admin/payment/risk-reviews/:id/release', {
    config: { access: review },
    schema: { tags, summary: 'Release a held payment (becomes payable) or refund (goes to the provider); audited', params: IdParams, body: DecisionBody,
      response: { 200: RiskReviewOut, ...errors } },
  }, async (req) => db.transaction((tx) => releaseRiskReview(tx, requestContext(req), req.params.id, req.body.note)));

  app.post('/api/admin/payment/risk-reviews/:id/reject', {
    config: { access: review },
    schema: { tags, summary: 'Reject a held payment (cancelled) or refund (rejected) with a reason; audited', params: IdParams, body: RejectBody,
      response: { 200: RiskReviewOut, ...errors } },
  }, async (req) => db.transaction((tx) => rejectRiskReview(tx, requestContext(req), req.params.id, req.body.note)));

  // ------------------------------------------------------------ reconciliation (PL-PAY-07)

  app.post('/api/admin/payment/reconciliations', {
    config: { access: finance },
    schema: { tags, summary: 'Reconcile one provider statement day now (re-running a day updates counts and adds only new exceptions)', body: ReconcileBody,
      response: { 201: ReconciliationRunOut, ...errors } },
  }, async (req, reply) => {
    const res = await reconcileDay(db, keyring, requestContext(req), req.body.providerCode, req.body.date);
    reply.code(201);
    return res;
  });

  app.get('/api/admin/payment/reconciliations', {
    config: { access: finance },
    schema: { tags, summary: 'Reconciliation runs, latest statement day first',
      querystring: z.strictObject({ provider: ProviderCode.optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(ReconciliationRunOut), ...errors } },
  }, async (req) => {
    const res = await listReconciliationRuns(db, { providerCode: req.query.provider, limit: req.query.limit, before: decodeCursor(req.query.cursor, DateCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/payment/reconciliation-exceptions', {
    config: { access: finance },
    schema: { tags, summary: 'Reconciliation exceptions, earliest due first (open ones are finance\'s work queue)',
      querystring: z.strictObject({ status: z.enum(['open', 'resolved']).optional(), runId: IdQuery, kind: ExceptionKind.optional(), limit: LimitQuery,
        cursor: CursorQuery }),
      response: { 200: page(ReconciliationExceptionOut), ...errors } },
  }, async (req) => {
    const res = await listReconciliationExceptions(db, { status: req.query.status, runId: req.query.runId, kind: req.query.kind, limit: req.query.limit,
      after: decodeCursor(req.query.cursor, DueCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.post('/api/admin/payment/reconciliation-exceptions/:id/resolve', {
    config: { access: finance },
    schema: { tags, summary: 'Resolve a reconciliation exception with what was found and done', params: IdParams, body: ResolveBody,
      response: { 200: ReconciliationExceptionOut, ...errors } },
  }, async (req) => db.transaction((tx) => resolveReconciliationException(tx, requestContext(req), req.params.id, req.body.resolution)));

  // ------------------------------------------------------------ enquiries (PL-PAY-06)

  /** Replying needs refund:manage (customer service) or finance:manage (finance); a route can name only one, so it is checked here. */
  const mayAnswer = (req: FastifyRequest) => {
    const p = actorOf(req).permissions;
    if (!p.has('refund:manage') && !p.has('finance:manage')) {
      throw new Forbidden('Answering payment enquiries needs the permission "refund:manage" or "finance:manage".', { permission: 'refund:manage' });
    }
  };

  app.get('/api/admin/payment/enquiries', {
    config: { access: read },
    schema: { tags, summary: 'Payment, refund and transfer enquiries, newest first',
      querystring: z.strictObject({ status: EnquiryStatus.optional(), accountId: IdQuery, limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(EnquiryOut), ...errors } },
  }, async (req) => {
    const res = await listEnquiries(db, { status: req.query.status, accountId: req.query.accountId, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.post('/api/admin/payment/enquiries/:id/reply', {
    config: { access: { audience: 'admin' } },
    schema: { tags, summary: 'Answer an enquiry, optionally closing it (needs refund:manage or finance:manage)', params: IdParams, body: ReplyBody,
      response: { 200: EnquiryOut, ...errors } },
  }, async (req) => {
    mayAnswer(req);
    return db.transaction((tx) => replyEnquiry(tx, requestContext(req), req.params.id, req.body));
  });

  app.post('/api/admin/payment/enquiries/:id/resolve', {
    config: { access: { audience: 'admin' } },
    schema: { tags, summary: 'Close an enquiry as resolved (needs refund:manage or finance:manage)', params: IdParams, body: z.strictObject({}).optional(),
      response: { 200: EnquiryOut, ...errors } },
  }, async (req) => {
    mayAnswer(req);
    return db.transaction((tx) => resolveEnquiry(tx, requestContext(req), req.params.id));
  });

  // ------------------------------------------------------------ consumers (PL-PAY-05, PL-PAY-06)

  const consumer = { audience: 'consumer' } as const;
  const storeTags = ['store payments'];

  app.get('/api/store/payments', {
    config: { access: consumer },
    schema: { tags: storeTags, summary: 'My payments with their refunds, amounts, times, statuses and the provider\'s references, newest first',
      querystring: z.strictObject({ limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(ConsumerPaymentOut), ...errors } },
  }, async (req) => {
    const res = await listConsumerPayments(db, actorOf(req).accountId, { limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/store/payments/:id', {
    config: { access: consumer },
    schema: { tags: storeTags, summary: 'One of my payments', params: IdParams, response: { 200: PaymentOut, ...errors } },
  }, async (req) => getConsumerPayment(db, actorOf(req).accountId, req.params.id));

  app.post('/api/store/payments/:id/sync', {
    config: { access: consumer },
    schema: { tags: storeTags, summary: 'Back from the provider page: ask the provider for this payment\'s state now instead of waiting for its notification',
      params: IdParams, body: z.strictObject({}).optional(), response: { 200: PaymentOut, ...errors } },
  }, async (req) => {
    await getConsumerPayment(db, actorOf(req).accountId, req.params.id);
    return syncPayment(db, keyring, req.params.id);
  });

  app.post('/api/store/payment-enquiries', {
    config: { access: consumer },
    schema: { tags: storeTags, summary: 'Ask about my failed or held payment or refund; tracked until resolved', body: EnquiryBody, response: { 201: EnquiryOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => submitEnquiry(tx, requestContext(req), actorOf(req).accountId, req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/store/payment-enquiries', {
    config: { access: consumer },
    schema: { tags: storeTags, summary: 'My payment enquiries and their answers, newest first',
      querystring: z.strictObject({ limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(EnquiryOut), ...errors } },
  }, async (req) => {
    const res = await listEnquiries(db, { accountId: actorOf(req).accountId, limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  // ------------------------------------------------------------ sellers: own transfers (payouts) and enquiries (PL-PAY-06)

  const seller = { audience: 'seller', permission: 'settlement:read' } as const;
  const sellerTags = ['seller payments'];

  app.get('/api/seller/payment/transfers', {
    config: { access: seller },
    schema: { tags: sellerTags, summary: 'Transfers (payouts) to my organisation with status and failure reason, newest first',
      querystring: z.strictObject({ status: TransferStatus.optional(), limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(TransferOut), ...errors } },
  }, async (req) => {
    const res = await listTransfers(db, { orgId: tenantOf(req).orgId, status: req.query.status, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.post('/api/seller/payment-enquiries', {
    config: { access: seller },
    schema: { tags: sellerTags, summary: 'Ask about a failed transfer (payout) to my organisation; tracked until resolved', body: SellerEnquiryBody,
      response: { 201: EnquiryOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => submitTransferEnquiry(tx, requestContext(req), actorOf(req).accountId, tenantOf(req).orgId, req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/seller/payment-enquiries', {
    config: { access: seller },
    schema: { tags: sellerTags, summary: 'My organisation\'s transfer enquiries and their answers, newest first',
      querystring: z.strictObject({ limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(EnquiryOut), ...errors } },
  }, async (req) => {
    const res = await listEnquiries(db, { orgId: tenantOf(req).orgId, limit: req.query.limit, before: decodeCursor(req.query.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  // ------------------------------------------------------------ provider webhook (raw body: the signature covers the exact bytes)

  await app.register(async (hook) => {
    // Scoped to this plugin: the signature is verified over the raw text, so JSON is not parsed here.
    hook.removeContentTypeParser('application/json');
    hook.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    hook.withTypeProvider<ZodTypeProvider>().post('/api/webhooks/payments/:provider', {
      config: { access: { audience: 'public' } },
      schema: { tags: ['webhooks'], summary: 'Signed asynchronous notification from a payment provider (Shiji-Signature: t=<unix s>,v1=<HMAC-SHA256>); '
        + 'forged or older than 5 minutes → 401; a replayed event id → 200 duplicate, nothing changes',
        description: 'Body (application/json, verified as raw bytes): `{ eventId, type: "charge.succeeded" | "charge.failed" | "refund.succeeded" | '
          + '"refund.failed" | "transfer.succeeded" | "transfer.failed", txn: { kind, merchantRef, providerRef, amount, currency, status, payerMasked, '
          + 'completedAt, failureReason }, sentAt }`. Header `Shiji-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(webhookSecret, t + "." + rawBody)>`. '
          + 'See docs/payments.md.',
        params: z.strictObject({ provider: z.string().min(1).max(32) }), response: { 200: WebhookAnswer, ...errors } },
    }, async (req) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      const status = await receiveNotification(db, keyring, req.params.provider, req.headers, raw);
      return { received: true as const, status };
    });
  });

  // ------------------------------------------------------------ the sandbox provider's own pages (not part of the platform API)

  await app.register(sandboxPages, {
    db,
    merchantName: '市集 Shiji',
    credentials: async () => {
      const prov = await providerByCode(db, SANDBOX_CODE);
      return prov ? providerCredentials(keyring, prov) : null;
    },
    merchantState: (paymentId) => merchantPaymentState(db, paymentId),
  });
};
