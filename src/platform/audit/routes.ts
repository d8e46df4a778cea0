import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform.js';
import { CursorQuery, DateTimeQuery, LimitQuery, decodeCursor, encodeCursor, page } from '../http/pagination.js';
import { NotFound, problemResponses } from '../http/problem.js';

const errors = problemResponses;
import { getAuditEntry, searchAudit, verifyAudit } from './service.js';

const AuditEntryOut = z.object({
  seq: z.number().int(),
  id: z.string(),
  occurredAt: z.iso.datetime(),
  actorId: z.string().nullable(),
  actorOrgId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
}).meta({ id: 'AuditEntry' });

const VerifyOut = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  anchorsChecked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), id: z.string().nullable(), reason: z.string() }).nullable(),
  unsealed: z.number().int().describe('Entries committed but not yet sealed into the chain (normally 0: each is sealed right after its transaction commits)'),
}).meta({ id: 'AuditVerifyResult' });

type Row = Awaited<ReturnType<typeof searchAudit>>['items'][number];
const toOut = (r: Row) => ({ ...r, occurredAt: r.occurredAt.toISOString() });

/** Admin API over the audit trail: search, one entry, verify the chain (PL-SEC-05, PL-SEC-01). */
export const auditRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  app.get('/api/admin/audit', {
    config: { access: { audience: 'admin', permission: 'audit:read' } },
    schema: {
      tags: ['audit'], summary: 'Search the audit trail, newest first',
      querystring: z.strictObject({
        actorId: z.string().max(64).optional(), actorOrgId: z.string().max(64).optional(),
        action: z.string().max(100).optional(), resourceType: z.string().max(100).optional(),
        resourceId: z.string().max(100).optional(), from: DateTimeQuery, to: DateTimeQuery,
        limit: LimitQuery, cursor: CursorQuery,
      }),
      response: { 200: page(AuditEntryOut), ...errors },
    },
  }, async (req) => {
    const { cursor, ...q } = req.query;
    const beforeSeq = decodeCursor(cursor, z.number().int().positive());
    const res = await searchAudit(platform.db, { ...q, beforeSeq });
    return { items: res.items.map(toOut), nextCursor: res.nextBeforeSeq === null ? null : encodeCursor(res.nextBeforeSeq) };
  });

  app.get('/api/admin/audit/verify', {
    config: { access: { audience: 'admin', permission: 'audit:verify' } },
    schema: { tags: ['audit'], summary: 'Recompute the hash chain and name the first broken entry', response: { 200: VerifyOut, ...errors } },
  }, async () => verifyAudit(platform.db, platform.config.auditAnchorFile));

  app.get('/api/admin/audit/:id', {
    config: { access: { audience: 'admin', permission: 'audit:read' } },
    schema: { tags: ['audit'], summary: 'One audit entry', params: z.strictObject({ id: z.string().max(64) }), response: { 200: AuditEntryOut, ...errors } },
  }, async (req) => {
    const row = await getAuditEntry(platform.db, req.params.id);
    if (!row) throw new NotFound('Audit entry', req.params.id);
    return toOut(row);
  });
};
