import type { FastifyBaseLogger } from 'fastify';
import type { Platform } from './platform/platform.js';
import { verifyAudit, writeAuditAnchor } from './platform/audit/index.js';
import { purgeExpiredSessions } from './modules/identity/index.js';

/**
 * Background work of one app node. Until the job queue lands this uses timers; the audit anchor and
 * verification are idempotent, so several nodes running them is harmless.
 */
export function startBackground(platform: Platform, log: FastifyBaseLogger): { stop(): Promise<void> } {
  const anchor = async () => {
    try { await writeAuditAnchor(platform.db, platform.config.auditAnchorFile); } catch (err) { log.error({ err }, 'audit anchor failed'); }
  };
  const verify = async () => {
    const res = await verifyAudit(platform.db, platform.config.auditAnchorFile);
    if (!res.ok) log.error({ firstBroken: res.firstBroken }, 'AUDIT CHAIN BROKEN');
  };
  const timers = [
    setInterval(() => void anchor(), 5 * 60_000),
    setInterval(() => void verify().catch((err) => log.error({ err }, 'audit verify failed')), 24 * 3_600_000),
    setInterval(() => void purgeExpiredSessions(platform.db).catch((err) => log.error({ err }, 'session purge failed')), 3_600_000),
  ];
  for (const t of timers) t.unref();
  void anchor();
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await anchor();
    },
  };
}
