import { z } from 'zod';
import { CursorQuery, LimitQuery } from '../http/pagination.js';
import { JOB_STATUSES } from './schema.js';

export const JobStatusSchema = z.enum(JOB_STATUSES).meta({ id: 'JobStatus' });

/** A job as the admin API shows it; personal data in the payload is masked. */
export const JobOut = z.object({
  id: z.string(),
  name: z.string(),
  status: JobStatusSchema,
  payload: z.unknown(),
  runAt: z.iso.datetime(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lockedBy: z.string().nullable(),
  lockedUntil: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  singletonKey: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
}).meta({ id: 'Job' });
export type JobOut = z.infer<typeof JobOut>;

export const JobListQuery = z.strictObject({
  status: JobStatusSchema.optional().describe('`dead` lists the dead letters'),
  name: z.string().min(1).max(200).optional(),
  limit: LimitQuery,
  cursor: CursorQuery,
});
export type JobListQuery = z.infer<typeof JobListQuery>;

export const JobParams = z.strictObject({ id: z.string().max(64) });

/** Optional body of retry and cancel: why, for the audit trail. Sending no body at all is fine. */
export const JobActionBody = z.strictObject({ reason: z.string().min(1).max(500).optional() }).nullish()
  .describe('Optional; may be omitted. `reason` is recorded in the audit trail.');
export type JobActionBody = z.infer<typeof JobActionBody>;
