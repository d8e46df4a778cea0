import type { FastifyBaseLogger } from 'fastify';
import type { Platform } from './platform/platform.js';
import { wireModules } from './wiring.js';
import { sealAudit, verifyAudit, writeAuditAnchor } from './platform/audit/index.js';
import { createJobRunner, jobsMaintenance, PRUNE_JOB, type CronSchedule, type JobHandler } from './platform/jobs/index.js';
import { purgeExpiredSessions } from './modules/identity/index.js';
import { inventoryJobs } from './modules/inventory/index.js';
import { catalogJobs } from './modules/catalog/index.js';
import { orderJobs } from './modules/order/index.js';
import { financeJobs } from './modules/finance/index.js';
import { paymentJobs } from './modules/payment/index.js';

export const AUDIT_VERIFY_JOB = 'audit.verify';
export const PURGE_SESSIONS_JOB = 'identity.purge_sessions';

/** Every job handler and cron schedule of the platform; modules add theirs here. */
export function jobDefinitions(platform: Platform): { handlers: Record<string, JobHandler>; crons: CronSchedule[]; exclusive: string[] } {
  const maintenance = jobsMaintenance();
  const payment = paymentJobs(platform);
  wireModules();
  return {
    handlers: {
      ...maintenance.handlers,
      // PL-SEC-01: a scheduled check detects any alteration of the audit chain.
      [AUDIT_VERIFY_JOB]: async (_payload, ctx) => {
        const res = await verifyAudit(ctx.db, platform.config.auditAnchorFile);
        if (!res.ok) {
          ctx.logger.error({ firstBroken: res.firstBroken }, 'AUDIT CHAIN BROKEN');
          throw new Error(`audit chain broken at entry ${res.firstBroken?.seq}: ${res.firstBroken?.reason}`);
        }
        ctx.logger.info({ checked: res.checked, anchors: res.anchorsChecked }, 'audit chain verified');
      },
      [PURGE_SESSIONS_JOB]: async (_payload, ctx) => { await purgeExpiredSessions(ctx.db); },
      ...inventoryJobs.handlers,
      ...catalogJobs.handlers,
      ...orderJobs.handlers,
      ...financeJobs.handlers,
      ...payment.handlers,
    },
    crons: [
      ...maintenance.crons,
      { name: 'audit-verify', pattern: '30 4 * * *', job: AUDIT_VERIFY_JOB },
      { name: 'identity-purge-sessions', pattern: '5 * * * *', job: PURGE_SESSIONS_JOB },
      ...inventoryJobs.crons,
      ...catalogJobs.crons,
      ...orderJobs.crons,
      ...financeJobs.crons,
      ...payment.crons,
    ],
    exclusive: [AUDIT_VERIFY_JOB, PRUNE_JOB],
  };
}

/**
 * Background work of one app node: the shared job runner (claimed with SKIP LOCKED, so N nodes
 * share the work), a sweep sealing audit entries left unsealed, and a per-node timer that appends the audit chain head to this node's anchor
 * file every 5 minutes (a file outside the database, so it is node-local by design).
 */
export function startBackground(platform: Platform, log: FastifyBaseLogger): { stop(): Promise<void> } {
  const defs = jobDefinitions(platform);
  const runner = createJobRunner({ db: platform.db, logger: log.child({ component: 'jobs' }), ...defs });
  runner.start();
  const anchor = async () => {
    try { await writeAuditAnchor(platform.db, platform.config.auditAnchorFile); } catch (err) { log.error({ err }, 'audit anchor failed'); }
  };
  const timer = setInterval(() => void anchor(), 5 * 60_000);
  timer.unref();
  void anchor();
  // Entries are sealed right after their transaction commits; this sweep catches the ones whose
  // writer stopped in between (a killed process), within seconds.
  const sweep = setInterval(() => void sealAudit(platform.db).catch((err: unknown) => log.error({ err }, 'audit sealing failed')), 5_000);
  sweep.unref();
  return {
    async stop() {
      clearInterval(timer);
      clearInterval(sweep);
      await runner.stop();
      await anchor();
    },
  };
}
