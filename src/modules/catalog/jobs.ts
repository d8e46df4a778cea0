import type { CronSchedule, JobHandler } from '@/platform/jobs/index.js';
import { runPriceDisplayCheck } from './service/supervision.js';
import { applyShelfSchedules } from './service/schedule.js';

export const PRICE_DISPLAY_CHECK_JOB = 'catalog.price_display_check';
export const SHELF_SCHEDULE_JOB = 'catalog.apply_shelf_schedules';

/** The catalog's background work: scheduled shelf changes every minute (MS-CAT-04), the daily price-display supervision run (PL-PRC-10). */
export const catalogJobs: { handlers: Record<string, JobHandler>; crons: CronSchedule[] } = {
  handlers: {
    [PRICE_DISPLAY_CHECK_JOB]: async (_payload, ctx) => {
      const res = await ctx.db.transaction((tx) => runPriceDisplayCheck(tx));
      ctx.logger.info(res, 'price display check done');
    },
    [SHELF_SCHEDULE_JOB]: async (_payload, ctx) => {
      const res = await ctx.db.transaction((tx) => applyShelfSchedules(tx));
      if (res.on + res.off + res.skipped > 0) ctx.logger.info(res, 'shelf schedules applied');
    },
  },
  crons: [
    { name: 'catalog-price-display-check', pattern: '15 6 * * *', job: PRICE_DISPLAY_CHECK_JOB },
    { name: 'catalog-shelf-schedules', pattern: '* * * * *', job: SHELF_SCHEDULE_JOB },
  ],
};
