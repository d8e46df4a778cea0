import type { CronSchedule, JobHandler } from '@/platform/jobs/index.js';
import { checkLedgerIntegrity } from './service.js';

export const LEDGER_INTEGRITY_JOB = 'finance.integrity';

/**
 * The finance module's background work: every hour, check that every entry balances, the ledger
 * sums to zero and no posting is orphaned (MS-FIN-02). A broken ledger fails the job, so it shows as
 * failed in the admin jobs screen, and is logged as an error.
 */
export const financeJobs: { handlers: Record<string, JobHandler>; crons: CronSchedule[] } = {
  handlers: {
    [LEDGER_INTEGRITY_JOB]: async (_payload, ctx) => {
      const res = await checkLedgerIntegrity(ctx.db);
      if (!res.ok) {
        ctx.logger.error({ problems: res.problems, unbalanced: res.unbalancedEntries.slice(0, 10), grandTotal: res.grandTotal }, 'LEDGER INTEGRITY BROKEN');
        throw new Error(`ledger integrity broken: ${res.problems.join(' ')}`);
      }
      ctx.logger.info({ entries: res.entries, postings: res.postings }, 'ledger integrity verified');
    },
  },
  crons: [{ name: 'finance-integrity', pattern: '0 * * * *', job: LEDGER_INTEGRITY_JOB }],
};
