import { Conflict, DomainError } from '../http/problem.js';

export class JobNotFound extends DomainError {
  constructor(id: string) {
    super({ code: 'jobs.not_found', status: 404, detail: `Job ${id} was not found.`, meta: { jobId: id } });
  }
}

export class JobNotRetryable extends Conflict {
  constructor(id: string, status: string) {
    super('jobs.not_retryable',
      `Job ${id} is ${status}: only dead, cancelled or failed jobs waiting for a retry can be retried.`,
      { jobId: id, jobStatus: status });
  }
}

export class JobNotCancellable extends Conflict {
  constructor(id: string, status: string) {
    super('jobs.not_cancellable', `Job ${id} is ${status}: only queued jobs can be cancelled.`, { jobId: id, jobStatus: status });
  }
}

export class JobSingletonActive extends Conflict {
  constructor(id: string, singletonKey: string, activeJobId: string) {
    super('jobs.singleton_active',
      `Job ${id} cannot be queued again: job ${activeJobId} with the same singleton key is already queued or running.`,
      { jobId: id, singletonKey, activeJobId });
  }
}

/**
 * Thrown by a job handler when retrying cannot help (malformed payload, the thing it acts on is
 * gone): the job goes straight to the dead letters instead of using up its attempts.
 */
export class UnrecoverableJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableJobError';
  }
}
