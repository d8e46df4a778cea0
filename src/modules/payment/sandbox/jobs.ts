import { z } from 'zod';
import type { Db } from '@/platform/db/client.js';
import { UnrecoverableJobError, type JobHandler } from '@/platform/jobs/index.js';
import type { ProviderCredentials } from '../ports.js';
import { SANDBOX_CODE, SANDBOX_COMPLETE_JOB, SANDBOX_NOTIFY_JOB, buildSignedNotification, completeSandboxTxn, notificationBody, sandboxTxnById,
  txnOut } from './adapter.js';

export type SandboxJobDeps = {
  db: Db;
  /** The platform's base URL as the sandbox reaches it (config publicUrl, else http://HOST:PORT). */
  baseUrl: () => string;
  /** The sandbox's copy of the merchant credentials (null: the merchant is not set up). */
  credentials: () => Promise<ProviderCredentials | null>;
  fetch?: typeof fetch;
};

const NotifyPayload = z.object({ txnId: z.string().min(1) });
const CompletePayload = z.object({ txnId: z.string().min(1), outcome: z.enum(['succeeded', 'failed']), failureReason: z.string().nullable() });

/** The webhook URL the sandbox notifies. */
export function sandboxWebhookUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/webhooks/payments/${SANDBOX_CODE}`;
}

/**
 * The sandbox's own background work: completing refunds and transfers a moment after they were
 * accepted, and delivering signed notifications over HTTP (a non-2xx answer or a network error fails
 * the attempt; the job runner retries with backoff).
 */
export function sandboxJobHandlers(deps: SandboxJobDeps): Record<string, JobHandler> {
  const doFetch = deps.fetch ?? fetch;
  return {
    [SANDBOX_COMPLETE_JOB]: async (payload) => {
      const p = CompletePayload.safeParse(payload);
      if (!p.success) throw new UnrecoverableJobError('sandbox completion payload is malformed');
      await completeSandboxTxn(deps.db, p.data);
    },
    [SANDBOX_NOTIFY_JOB]: async (payload, ctx) => {
      const p = NotifyPayload.safeParse(payload);
      if (!p.success) throw new UnrecoverableJobError('sandbox notification payload is malformed');
      const row = await sandboxTxnById(deps.db, p.data.txnId);
      if (!row) throw new UnrecoverableJobError(`sandbox transaction ${p.data.txnId} does not exist`);
      if (row.status === 'pending') throw new UnrecoverableJobError(`sandbox transaction ${row.id} is not completed`);
      const creds = await deps.credentials();
      if (!creds) throw new Error('the sandbox merchant has no credentials yet');
      const { headers, rawBody } = buildSignedNotification(creds.webhookSecret, notificationBody(txnOut(row), new Date()));
      const url = sandboxWebhookUrl(deps.baseUrl());
      const res = await doFetch(url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(10_000) });
      if (res.status < 200 || res.status >= 300) {
        const text = (await res.text().catch(() => '')).slice(0, 200);
        throw new Error(`webhook ${url} answered ${res.status}: ${text}`);
      }
      ctx.logger.debug({ txnId: row.id, status: row.status }, 'sandbox notification delivered');
    },
  };
}
