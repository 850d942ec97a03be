/**
 * What the handler reads from DescribeJobs while it waits: the job's status, and
 * for an array job the number of child jobs in each state.
 */
import type { JobDetail } from '@aws-sdk/client-batch';

/** The states after which a job never changes again. */
const FINAL_STATES = new Set(['SUCCEEDED', 'FAILED']);

/** Where a job is, as far as the handler cares. */
export interface JobProgress {
  readonly status: string;
  /** Child jobs per state, for an array job. */
  readonly counts?: Record<string, number>;
  /** Number of child jobs, for an array job. */
  readonly size?: number;
}

/** The progress of a described job. */
export function progressOf(job: JobDetail): JobProgress {
  const status = job.status ?? 'UNKNOWN';
  const summary = job.arrayProperties?.statusSummary;
  if (!summary) {
    return { status };
  }
  const counts = Object.fromEntries(Object.entries(summary).filter(([, count]) => count > 0));
  const size = job.arrayProperties?.size;
  return { status: arrayStatus(status, counts, size), counts, size };
}

/**
 * An array job is done when every child is: SUCCEEDED when all succeeded, FAILED
 * when any failed. Until then the parent's own status stands.
 */
function arrayStatus(parentStatus: string, counts: Record<string, number>, size: number | undefined): string {
  if (FINAL_STATES.has(parentStatus) || size === undefined || size === 0) {
    return parentStatus;
  }
  const succeeded = counts.SUCCEEDED ?? 0;
  const failed = counts.FAILED ?? 0;
  if (succeeded + failed < size) {
    return parentStatus;
  }
  return failed > 0 ? 'FAILED' : 'SUCCEEDED';
}

/** Whether the job reached a state it never leaves. */
export function isFinished(status: string | undefined): boolean {
  return status !== undefined && FINAL_STATES.has(status);
}

/** A string that changes whenever the status or an array job's counts change. */
export function progressKey(progress: JobProgress): string {
  return JSON.stringify([progress.status, progress.counts ?? {}]);
}

/** The structured log line of one transition. */
export function transitionLine(
  job: { jobId: string; jobName: string },
  progress: JobProgress,
  elapsedSeconds: number,
): Record<string, unknown> {
  return {
    message: 'job state',
    jobId: job.jobId,
    jobName: job.jobName,
    status: progress.status,
    elapsedSeconds,
    ...(progress.counts ? { childJobs: progress.counts, size: progress.size } : {}),
  };
}
