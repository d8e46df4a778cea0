import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { requestContext, tenantOf } from '@/platform/http/auth.js';
import { CursorQuery, IdParams, LimitQuery, decodeCursor, encodeCursor, page } from '@/platform/http/pagination.js';
import { problemResponses } from '@/platform/http/problem.js';
import { AccountOut, ClosedPeriodOut, CommissionRateBody, CommissionRateOut, CommissionRateQuery, EntryOut, EntryQuery, FinanceSettingsBody,
  FinanceSettingsOut, IntegrityOut, MonthParams, SellerBalanceOut, TrialBalanceOut, UpdateCommissionRateBody } from './contract.js';
import { EntryNotFound } from './errors.js';
import { checkLedgerIntegrity, closePeriod, createCommissionRate, deleteCommissionRate, getEntry, getFinanceSettings, listAccounts, listClosedPeriods,
  listCommissionRates, listEntries, listSellerEntries, sellerBalance, trialBalance, updateCommissionRate, updateFinanceSettings } from './service.js';

const errors = problemResponses;
const EntryCursor = z.object({ occurredAt: z.string().max(40), id: z.string().max(64) });
const cursorOf = (next: unknown) => (next === null ? null : encodeCursor(next));
const dateOf = (v: string | undefined) => (v ? new Date(v) : undefined);

/**
 * The double-entry ledger (PL-FIN-02, MS-FIN-02): operator views of accounts, entries, the trial
 * balance and the integrity check; commission rates, period closing and finance settings; and each
 * seller's own ledger lines and balance.
 */
export const financeRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;
  const tags = ['admin finance'];
  const read = { audience: 'admin', permission: 'ledger:read' } as const;
  const manage = { audience: 'admin', permission: 'finance:manage' } as const;

  app.get('/api/admin/finance/accounts', {
    config: { access: read },
    schema: { tags, summary: 'Ledger accounts with debit/credit totals and balance, by code',
      querystring: z.strictObject({ kind: z.enum(['asset', 'liability', 'revenue', 'expense']).optional(), orgId: z.string().max(64).optional(),
        prefix: z.string().max(80).optional().describe('Code prefix, e.g. payable:seller:'), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(AccountOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listAccounts(db, { kind: q.kind, orgId: q.orgId, prefix: q.prefix, limit: q.limit, after: decodeCursor(q.cursor, z.string().max(200)) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/finance/entries', {
    config: { access: read },
    schema: { tags, summary: 'Journal entries newest first, each with its postings and a link to its source document',
      querystring: EntryQuery.extend({ limit: LimitQuery, cursor: CursorQuery }), response: { 200: page(EntryOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listEntries(db, { account: q.account, sellerId: q.sellerId, sourceType: q.sourceType, sourceId: q.sourceId, kind: q.kind,
      from: dateOf(q.from), to: dateOf(q.to), limit: q.limit, before: decodeCursor(q.cursor, EntryCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/admin/finance/entries/:id', {
    config: { access: read },
    schema: { tags, summary: 'One journal entry with its postings, source and reversal links', params: IdParams, response: { 200: EntryOut, ...errors } },
  }, async (req) => {
    const e = await getEntry(db, req.params.id);
    if (!e) throw new EntryNotFound(req.params.id);
    return e;
  });

  app.get('/api/admin/finance/trial-balance', {
    config: { access: read },
    schema: { tags, summary: 'Trial balance: per account total debits, credits and balance; the grand total is always 0',
      querystring: z.strictObject({ asOf: z.iso.datetime({ offset: true }).optional().describe('Only postings before this moment') }),
      response: { 200: TrialBalanceOut, ...errors } },
  }, async (req) => trialBalance(db, dateOf(req.query.asOf)));

  app.get('/api/admin/finance/integrity', {
    config: { access: read },
    schema: { tags, summary: 'Runs the ledger integrity check now (the finance.integrity job runs it hourly)', response: { 200: IntegrityOut, ...errors } },
  }, async () => checkLedgerIntegrity(db));

  // ------------------------------------------------------------ commission rates, periods, settings

  app.get('/api/admin/finance/commission-rates', {
    config: { access: read },
    schema: { tags, summary: 'Commission rates: the default, per category and per seller (a seller rate wins over a category rate)',
      querystring: CommissionRateQuery, response: { 200: z.object({ items: z.array(CommissionRateOut) }), ...errors } },
  }, async (req) => ({ items: await listCommissionRates(db, req.query) }));

  app.post('/api/admin/finance/commission-rates', {
    config: { access: manage },
    schema: { tags, summary: 'Set a category\'s or a seller\'s commission rate', body: CommissionRateBody, response: { 201: CommissionRateOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => createCommissionRate(tx, requestContext(req), req.body));
    reply.code(201);
    return res;
  });

  app.patch('/api/admin/finance/commission-rates/:id', {
    config: { access: manage },
    schema: { tags, summary: 'Change a commission rate (applies to orders paid from now on)', params: IdParams, body: UpdateCommissionRateBody,
      response: { 200: CommissionRateOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateCommissionRate(tx, requestContext(req), req.params.id, req.body.rateBp)));

  app.delete('/api/admin/finance/commission-rates/:id', {
    config: { access: manage },
    schema: { tags, summary: 'Remove a category or seller rate (the default rate cannot be removed)', params: IdParams,
      response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await db.transaction((tx) => deleteCommissionRate(tx, requestContext(req), req.params.id));
    return reply.code(204).send(null);
  });

  app.get('/api/admin/finance/periods', {
    config: { access: read },
    schema: { tags, summary: 'Closed accounting periods, newest first', response: { 200: z.object({ items: z.array(ClosedPeriodOut) }), ...errors } },
  }, async () => ({ items: await listClosedPeriods(db) }));

  app.post('/api/admin/finance/periods/:month/close', {
    config: { access: manage },
    schema: { tags, summary: 'Close an ended accounting month (YYYY-MM, Asia/Shanghai): nothing can be posted into it afterwards', params: MonthParams,
      response: { 201: ClosedPeriodOut, ...errors } },
  }, async (req, reply) => {
    const res = await db.transaction((tx) => closePeriod(tx, requestContext(req), req.params.month));
    reply.code(201);
    return res;
  });

  app.get('/api/admin/finance/settings', {
    config: { access: read },
    schema: { tags, summary: 'Finance settings (payout second-approval threshold)', response: { 200: FinanceSettingsOut, ...errors } },
  }, async () => getFinanceSettings(db));

  app.put('/api/admin/finance/settings', {
    config: { access: manage },
    schema: { tags, summary: 'Change the finance settings', body: FinanceSettingsBody, response: { 200: FinanceSettingsOut, ...errors } },
  }, async (req) => db.transaction((tx) => updateFinanceSettings(tx, requestContext(req), req.body)));

  // ------------------------------------------------------------ seller's own ledger

  const sellerTags = ['seller finance'];
  const sellerRead = { audience: 'seller', permission: 'settlement:read' } as const;

  app.get('/api/seller/finance/entries', {
    config: { access: sellerRead },
    schema: { tags: sellerTags, summary: 'Own ledger lines newest first: entries that concern the shop, with only the shop\'s postings',
      querystring: z.strictObject({ sourceType: z.string().max(40).optional(), sourceId: z.string().max(64).optional(), kind: z.string().max(80).optional(),
        from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional(), limit: LimitQuery, cursor: CursorQuery }),
      response: { 200: page(EntryOut), ...errors } },
  }, async (req) => {
    const q = req.query;
    const res = await listSellerEntries(db, tenantOf(req).orgId, { sourceType: q.sourceType, sourceId: q.sourceId, kind: q.kind, from: dateOf(q.from),
      to: dateOf(q.to), limit: q.limit, before: decodeCursor(q.cursor, EntryCursor) });
    return { items: res.items, nextCursor: cursorOf(res.next) };
  });

  app.get('/api/seller/finance/balance', {
    config: { access: sellerRead },
    schema: { tags: sellerTags, summary: 'What the platform owes the shop now (its payable account)', response: { 200: SellerBalanceOut, ...errors } },
  }, async (req) => sellerBalance(db, tenantOf(req).orgId));
};
