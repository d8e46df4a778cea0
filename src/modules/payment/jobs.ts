import { z } from 'zod';
import type { Platform } from '@/platform/platform.js';
import { systemContext } from '@/platform/http/auth.js';
import { UnrecoverableJobError, type CronSchedule, type JobHandler } from '@/platform/jobs/index.js';
import { SANDBOX_CODE } from './sandbox/adapter.js';
import { sandboxJobHandlers } from './sandbox/jobs.js';
import { applyPendingNotifications } from './service/notifications.js';
import { previousDate, shanghaiDate } from './service/common.js';
import { providerByCode, providerCredentials } from './service/providers.js';
import { reconcilableProviders, reconcileDay } from './service/reconciliation.js';
import { executeRefund } from './service/refunds.js';
import { EXECUTE_REFUND_JOB, EXECUTE_TRANSFER_JOB } from './service/risk.js';
import { executeTransfer } from './service/transfers.js';

export const APPLY_PENDING_NOTIFICATIONS_JOB = 'payment.apply_pending_notifications';
export const RECONCILE_JOB = 'payment.reconcile';

/** The platform's base URL as a provider on this machine reaches it: SHIJI_PUBLIC_URL, else http(s)://HOST:PORT. */
export function platformBaseUrl(config: Platform['config']): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${config.tls ? 'https' : 'http'}://${host}:${config.port}`;
}

const RefundPayload = z.object({ refundId: z.string().min(1) });
const TransferPayload = z.object({ transferId: z.string().min(1) });
const ReconcilePayload = z.object({ date: z.string().optional(), providerCode: z.string().optional() }).nullable().optional();

/**
 * The payment module's background work: provider calls of refunds and transfers (after the
 * transaction that requested them committed; retried with backoff), pending notifications every
 * minute, the daily reconciliation of yesterday (Asia/Shanghai) at 02:15, and the sandbox
 * provider's own completions and notification deliveries.
 */
export function paymentJobs(platform: Platform): { handlers: Record<string, JobHandler>; crons: CronSchedule[] } {
  const { keyring } = platform;
  return {
    handlers: {
      [EXECUTE_REFUND_JOB]: async (payload, ctx) => {
        const p = RefundPayload.safeParse(payload);
        if (!p.success) throw new UnrecoverableJobError('refund job payload is malformed');
        await executeRefund(ctx.db, keyring, p.data.refundId);
      },
      [EXECUTE_TRANSFER_JOB]: async (payload, ctx) => {
        const p = TransferPayload.safeParse(payload);
        if (!p.success) throw new UnrecoverableJobError('transfer job payload is malformed');
        await executeTransfer(ctx.db, keyring, p.data.transferId);
      },
      [APPLY_PENDING_NOTIFICATIONS_JOB]: async (_payload, ctx) => {
        const n = await applyPendingNotifications(ctx.db);
        if (n > 0) ctx.logger.info({ applied: n }, 'pending payment notifications applied');
      },
      [RECONCILE_JOB]: async (payload, ctx) => {
        const p = ReconcilePayload.safeParse(payload);
        if (!p.success) throw new UnrecoverableJobError('reconciliation job payload is malformed');
        const date = p.data?.date ?? previousDate(shanghaiDate(ctx.runAt));
        const providers = (await reconcilableProviders(ctx.db)).filter((x) => !p.data?.providerCode || x.code === p.data.providerCode);
        const failed: string[] = [];
        for (const prov of providers) {
          try {
            const run = await reconcileDay(ctx.db, keyring, systemContext('payment reconciliation'), prov.code, date);
            ctx.logger.info({ provider: prov.code, date, matched: run.matched, exceptions: run.exceptions }, 'payment reconciliation done');
          } catch (err) {
            failed.push(prov.code);
            ctx.logger.error({ provider: prov.code, date, err }, 'payment reconciliation failed');
          }
        }
        if (failed.length > 0) throw new Error(`reconciliation of ${date} failed for ${failed.join(', ')}`);
      },
      ...sandboxJobHandlers({
        db: platform.db,
        baseUrl: () => platformBaseUrl(platform.config),
        credentials: async () => {
          const prov = await providerByCode(platform.db, SANDBOX_CODE);
          return prov ? providerCredentials(keyring, prov) : null;
        },
      }),
    },
    crons: [
      { name: 'payment-apply-pending-notifications', pattern: '* * * * *', job: APPLY_PENDING_NOTIFICATIONS_JOB },
      { name: 'payment-reconcile', pattern: '15 2 * * *', job: RECONCILE_JOB, timezone: 'Asia/Shanghai' },
    ],
  };
}
