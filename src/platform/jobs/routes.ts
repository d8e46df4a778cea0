import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform.js';
import { isId } from '../db/ids.js';
import { maskPersonal } from '../crypto/mask.js';
import { recordAudit } from '../audit/service.js';
import { requestContext } from '../http/auth.js';
import { decodeCursor, encodeCursor, page } from '../http/pagination.js';
import { problemResponses } from '../http/problem.js';
import { JobActionBody, JobListQuery, JobOut, JobParams } from './contract.js';
import { JobNotFound } from './errors.js';
import { cancelJob, getJob, listJobs, retryJob, type Job, type JobChange } from './service.js';

const errors = problemResponses;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function toOut(j: Job): JobOut {
  return {
    id: j.id, name: j.name, status: j.status, payload: maskPersonal(j.payload), runAt: j.runAt.toISOString(),
    attempts: j.attempts, maxAttempts: j.maxAttempts, lockedBy: j.lockedBy, lockedUntil: iso(j.lockedUntil),
    lastError: j.lastError, singletonKey: j.singletonKey, createdAt: j.createdAt.toISOString(),
    updatedAt: j.updatedAt.toISOString(), finishedAt: iso(j.finishedAt),
  };
}

function checkId(id: string): string {
  if (!isId('job', id)) throw new JobNotFound(id);
  return id;
}

function changes({ before, after }: JobChange, reason: string | undefined): Record<string, unknown> {
  return {
    name: after.name,
    status: { from: before.status, to: after.status },
    attempts: { from: before.attempts, to: after.attempts },
    ...(reason ? { reason } : {}),
  };
}

/** Operator API over jobs and dead letters: list, inspect, retry, cancel (every change audited). */
export const jobsRoutes: FastifyPluginAsyncZod<{ platform: Platform }> = async (app, { platform }) => {
  const db = platform.db;

  app.get('/api/admin/jobs', {
    config: { access: { audience: 'admin', permission: 'jobs:read' } },
    schema: {
      tags: ['jobs'], summary: 'List jobs newest first; status=dead lists the dead letters',
      querystring: JobListQuery, response: { 200: page(JobOut), ...errors },
    },
  }, async (req) => {
    const { cursor, ...q } = req.query;
    const res = await listJobs(db, { ...q, cursor: decodeCursor(cursor, z.string().refine((v) => isId('job', v))) });
    return { items: res.items.map(toOut), nextCursor: res.nextCursor === null ? null : encodeCursor(res.nextCursor) };
  });

  app.get('/api/admin/jobs/:id', {
    config: { access: { audience: 'admin', permission: 'jobs:read' } },
    schema: { tags: ['jobs'], summary: 'One job, with its last error', params: JobParams, response: { 200: JobOut, ...errors } },
  }, async (req) => toOut(await getJob(db, checkId(req.params.id))));

  app.post('/api/admin/jobs/:id/retry', {
    config: { access: { audience: 'admin', permission: 'jobs:manage' } },
    schema: {
      tags: ['jobs'], summary: 'Queue a dead, cancelled or failed job to run now, with its attempts reset',
      params: JobParams, body: JobActionBody, response: { 200: JobOut, ...errors },
    },
  }, async (req) => db.transaction(async (tx) => {
    const change = await retryJob(tx, checkId(req.params.id));
    await recordAudit(tx, requestContext(req), {
      action: 'jobs.retried', resourceType: 'job', resourceId: change.after.id, changes: changes(change, req.body?.reason) });
    return toOut(change.after);
  }));

  app.post('/api/admin/jobs/:id/cancel', {
    config: { access: { audience: 'admin', permission: 'jobs:manage' } },
    schema: {
      tags: ['jobs'], summary: 'Cancel a queued job so it never runs',
      params: JobParams, body: JobActionBody, response: { 200: JobOut, ...errors },
    },
  }, async (req) => db.transaction(async (tx) => {
    const change = await cancelJob(tx, checkId(req.params.id));
    await recordAudit(tx, requestContext(req), {
      action: 'jobs.cancelled', resourceType: 'job', resourceId: change.after.id, changes: changes(change, req.body?.reason) });
    return toOut(change.after);
  }));
};
