import type { CronSchedule, JobHandler } from './runner.js';
import { pruneJobs } from './service.js';

export const PRUNE_JOB = 'jobs.prune';

/**
 * The jobs module's own upkeep, to merge into a runner's handlers and crons: every night at 03:17
 * (runner time zone) it deletes done and cancelled jobs and dispatched events older than
 * `retentionDays` (default 14). Dead letters are kept. Keep the retention longer than any cron
 * catch-up window or event redelivery you expect: a pruned key can be enqueued again.
 */
export function jobsMaintenance(opts: { retentionDays?: number } = {}): { handlers: Record<string, JobHandler>; crons: CronSchedule[] } {
  const days = opts.retentionDays ?? 14;
  if (!(days >= 1)) throw new RangeError('retentionDays must be at least 1');
  return {
    handlers: {
      [PRUNE_JOB]: async (_payload, ctx) => {
        const res = await pruneJobs(ctx.db, new Date(ctx.runAt.getTime() - days * 86_400_000));
        ctx.logger.info({ ...res, retentionDays: days }, 'old jobs and events pruned');
      },
    },
    crons: [{ name: 'jobs-prune', pattern: '17 3 * * *', job: PRUNE_JOB }],
  };
}
