import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { requestContext, tenantOf } from '@/platform/http/auth.js';
import { CreatedAtCursor, CursorQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { GenerateStatementsBody, GenerateStatementsOut, PayoutBody, PayoutOut, PayoutStatus, RejectPayoutBody, StatementOut, StatementStatus } from './contract.js';
import { approvePayout, generateStatements, getPayout, getStatement, listPayouts, listStatements, rejectPayout, requestPayout } from './service.js';

const errors = problemResponses;
const cursorOf = (next: unknown) => (next === null ? null : encodeCursor(next));
const IdQuery = z.string().min(1).max(64).optional();

/**
 * Seller settlement (PL-FIN-03, MS-FIN-02): statements per seller and period computed from the ledger,
 * payouts through the payment provider with a second approver above the finance threshold, and each
 * seller's own statements and payouts.
 */
export const settlementRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;
  const tags = ['admin settlement'];
  const read = { audience: 'admin', permission: 'ledger:read' } as const;
  const manage = { audience: 'admin', permission: 'finance:manage' } as const;

  app.post('/api/admin/settlements/statements', {
    config: { access: manage },
    schema: { tags, summary: 'Issue statements for an ended period from the ledger: for one seller, or for every seller with activity',
      body: GenerateStatementsBody, response: { 201: GenerateStatementsOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => generateStatements(tx, requestContext(req), req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/admin/settlements/statements', {
    config: { access: read },
    schema: { tags, summary: 'Settlement statements newest first, with their payouts',
      querystring: z.strictObject({ sellerId: IdQuery, status: StatementStatus.optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(StatementOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listStatements(db, { sellerId: q.sellerId, status: q.status, limit: q.limit, before: decodeCursor(q.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/settlements/statements/:id', {
    config: { access: read },
    schema: { tags, summary: 'One statement with its payouts', params: IdParams, response: { 200: StatementOut, ...errors } },
  }, async (req) => getStatement(db, req.params.id));

  app.post('/api/admin/settlements/statements/:id/payout', {
    config: { access: manage },
    schema: { tags, summary: 'Pay out a statement\'s net amount: at or above the finance threshold it waits for a second approver, below it is sent at once',
      params: IdParams, body: PayoutBody, response: { 201: PayoutOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => requestPayout(tx, requestContext(req), req.params.id, req.body));
    reply.code(201);
    return res;
  });

  app.get('/api/admin/settlements/payouts', {
    config: { access: read },
    schema: { tags, summary: 'Payouts newest first (status awaiting_approval: the approval queue)',
      querystring: z.strictObject({ sellerId: IdQuery, statementId: IdQuery, status: PayoutStatus.optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(PayoutOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listPayouts(db, { sellerId: q.sellerId, statementId: q.statementId, status: q.status, limit: q.limit,
      before: decodeCursor(q.cursor, CreatedAtCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/settlements/payouts/:id', {
    config: { access: read },
    schema: { tags, summary: 'One payout', params: IdParams, response: { 200: PayoutOut, ...errors } },
  }, async (req) => getPayout(db, req.params.id));

  app.post('/api/admin/settlements/payouts/:id/approve', {
    config: { access: manage },
    schema: { tags, summary: 'Approve a payout awaiting approval and send it (a finance user other than the requester)', params: IdParams,
      response: { 200: PayoutOut, ...errors } },
  }, async (req) => db.transaction((tx) => approvePayout(tx, requestContext(req), req.params.id)));

  app.post('/api/admin/settlements/payouts/:id/reject', {
    config: { access: manage },
    schema: { tags, summary: 'Reject a payout awaiting approval, with a reason (the statement can be paid out later)', params: IdParams,
      body: RejectPayoutBody, response: { 200: PayoutOut, ...errors } },
  }, async (req) => db.transaction((tx) => rejectPayout(tx, requestContext(req), req.params.id, req.body.reason)));

  // ------------------------------------------------------------ seller's own

  const sellerTags = ['seller settlement'];
  const sellerRead = { audience: 'seller', permission: 'settlement:read' } as const;

  app.get('/api/seller/settlements/statements', {
    config: { access: sellerRead },
    schema: { tags: sellerTags, summary: 'Own settlement statements newest first, with payouts and their status',
      querystring: z.strictObject({ status: StatementStatus.optional(), limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(StatementOut), ...errors } },
  }, async (req) => {
    const res = await listStatements(db, { sellerId: tenantOf(req).orgId, status: req.query.status, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, CreatedAtCursor) }, true);
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/seller/settlements/statements/:id', {
    config: { access: sellerRead },
    schema: { tags: sellerTags, summary: 'One own statement with its payouts', params: IdParams, response: { 200: StatementOut, ...errors } },
  }, async (req) => getStatement(db, req.params.id, tenantOf(req).orgId));

  app.get('/api/seller/settlements/payouts', {
    config: { access: sellerRead },
    schema: { tags: sellerTags, summary: 'Own payouts newest first: status, and the reason when a transfer failed',
      querystring: z.strictObject({ status: PayoutStatus.optional(), limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(PayoutOut), ...errors } },
  }, async (req) => {
    const res = await listPayouts(db, { sellerId: tenantOf(req).orgId, status: req.query.status, limit: req.query.limit,
      before: decodeCursor(req.query.cursor, CreatedAtCursor) }, true);
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });
};
