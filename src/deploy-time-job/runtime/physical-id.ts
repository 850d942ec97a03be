/**
 * The physical ids the runner answers with: the job id of the resource's job; for a Create
 * that failed before any job could exist, `no-job-<RequestId>`; for a Create whose job could
 * not be confirmed, an id naming the job's queue and name, so that Delete can still find and
 * terminate a job the request created.
 */
import { NO_JOB_PHYSICAL_ID_PREFIX, UNCONFIRMED_JOB_PHYSICAL_ID_PREFIX } from '../protocol';

/** Where an unconfirmed job would be. */
export interface UnconfirmedJob {
  readonly jobName: string;
  readonly jobQueue: string;
}

/** The physical id of a Create that failed before a job could exist. */
export function noJobId(requestId: string): string {
  return `${NO_JOB_PHYSICAL_ID_PREFIX}${requestId}`;
}

/** The physical id of a Create whose job may exist but could not be confirmed. */
export function unconfirmedJobId(job: UnconfirmedJob): string {
  // Job names have no `@` (letters, digits, - and _), so the first `@` ends the name.
  return `${UNCONFIRMED_JOB_PHYSICAL_ID_PREFIX}${job.jobName}@${job.jobQueue}`;
}

/** The job an unconfirmed-job id names, or undefined for any other id. */
export function parseUnconfirmedJobId(physicalId: string): UnconfirmedJob | undefined {
  if (!physicalId.startsWith(UNCONFIRMED_JOB_PHYSICAL_ID_PREFIX)) return undefined;
  const rest = physicalId.slice(UNCONFIRMED_JOB_PHYSICAL_ID_PREFIX.length);
  const at = rest.indexOf('@');
  return at > 0 && at < rest.length - 1 ? { jobName: rest.slice(0, at), jobQueue: rest.slice(at + 1) } : undefined;
}

/** Whether a physical id is (as far as its form tells) a Batch job id. */
export function isJobId(physicalId: string | undefined): physicalId is string {
  return physicalId !== undefined && physicalId !== ''
    && !physicalId.startsWith(NO_JOB_PHYSICAL_ID_PREFIX) && !physicalId.startsWith(UNCONFIRMED_JOB_PHYSICAL_ID_PREFIX);
}
