import type { CronSchedule, JobHandler } from '@/platform/jobs/index.js';
import { runPriceDisplayCheck } from './service/supervision.js';

export const PRICE_DISPLAY_CHECK_JOB = 'catalog.price_display_check';

/** The catalog's background work: the daily price-display supervision run (PL-PRC-10). */
export const catalogJobs: { handlers: Record<string, JobHandler>; crons: CronSchedule[] } = {
  handlers: {
    [PRICE_DISPLAY_CHECK_JOB]: async (_payload, ctx) => {
      const res = await ctx.db.transaction((tx) => runPriceDisplayCheck(tx));
      ctx.logger.info(res, 'price display check done');
    },
  },
  crons: [{ name: 'catalog-price-display-check', pattern: '15 6 * * *', job: PRICE_DISPLAY_CHECK_JOB }],
};
