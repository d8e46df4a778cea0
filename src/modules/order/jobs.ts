import type { CronSchedule, JobHandler } from '@/platform/jobs/index.js';
import { expireUnpaidCheckouts, flagOverdueOrders } from './service.js';

export const EXPIRE_UNPAID_JOB = 'order.expire_unpaid';
export const FLAG_OVERDUE_JOB = 'order.flag_overdue';

/** Every minute: cancel checkouts whose payment deadline passed (stock released) and flag overdue confirmations (PL-ORD-02). */
export const orderJobs: { handlers: Record<string, JobHandler>; crons: CronSchedule[] } = {
  handlers: {
    [EXPIRE_UNPAID_JOB]: async (_p, ctx) => {
      const n = await expireUnpaidCheckouts(ctx.db);
      if (n > 0) ctx.logger.info({ expired: n }, 'unpaid checkouts cancelled');
    },
    [FLAG_OVERDUE_JOB]: async (_p, ctx) => {
      const n = await flagOverdueOrders(ctx.db);
      if (n > 0) ctx.logger.warn({ overdue: n }, 'orders overdue for confirmation');
    },
  },
  crons: [
    { name: 'order-expire-unpaid', pattern: '* * * * *', job: EXPIRE_UNPAID_JOB },
    { name: 'order-flag-overdue', pattern: '* * * * *', job: FLAG_OVERDUE_JOB },
  ],
};
