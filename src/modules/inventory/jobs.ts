import type { CronSchedule, JobHandler } from '@/platform/jobs/index.js';
import { releaseExpiredReservations } from './service.js';

export const RELEASE_EXPIRED_JOB = 'inventory.release_expired';

/** The inventory module's background work: every minute, give back stock held by expired checkout reservations. */
export const inventoryJobs: { handlers: Record<string, JobHandler>; crons: CronSchedule[] } = {
  handlers: {
    [RELEASE_EXPIRED_JOB]: async (_payload, ctx) => {
      const released = await releaseExpiredReservations(ctx.db, new Date());
      if (released > 0) ctx.logger.info({ released }, 'expired stock reservations released');
    },
  },
  crons: [{ name: 'inventory-release-expired', pattern: '* * * * *', job: RELEASE_EXPIRED_JOB }],
};
