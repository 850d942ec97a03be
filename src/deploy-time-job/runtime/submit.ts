/**
 * Exactly one job per request, whatever Batch answers.
 *
 * The job's name is deterministic (the request id and the inputs), so the runner can always
 * ask Batch whether the job exists: before submitting (a request delivered again), after a
 * submit whose outcome is unknown (a reset connection, a timeout, an answer cut short), and
 * after a successful submit (two deliveries of the same request in flight at once). When
 * several jobs carry the name, the oldest (by createdAt, then job id) is the request's job,
 * and the others are terminated, so concurrent deliveries agree on one job and answer alike.
 */
import { JobApi, JobIdentity, NamedJob } from './batch';
import { describeError, failureKind, sleep } from './calls';
import { log } from './cfn-response';
import { JobRequest } from './job-request';
import { isFinished } from './job-watch';
import { terminationReason } from './messages';
import { retryDelayMs, Timings } from './timings';
import { STACK_NAME_ENV, SUBMITTED_BY_ENV, SUBMITTED_BY_TAG } from '../protocol';

/** How the search for the request's job ended. */
export type SubmitOutcome =
  /** The request's job (found or submitted). */
  | { readonly kind: 'job'; readonly job: JobIdentity }
  /** Batch refused the request (e.g. an unknown queue): no job exists. */
  | { readonly kind: 'rejected'; readonly error: unknown }
  /** Batch never answered clearly: a job may exist under the request's name. */
  | { readonly kind: 'unconfirmed'; readonly error: unknown };

/** The request's job: found by name, or submitted once per round until Batch answers clearly. */
export async function findOrSubmit(batch: JobApi, timings: Timings, request: JobRequest['submitJob']): Promise<SubmitOutcome> {
  let lastError: unknown;
  for (let round = 1; ; round++) {
    try {
      const existing = await batch.findByName(request.jobQueue, request.jobName);
      if (existing.length > 0) {
        log({ message: 'job already submitted for this request', jobId: existing[0].jobId, jobName: request.jobName });
        return { kind: 'job', job: await keepOldest(batch, existing) };
      }
    } catch (error) {
      lastError = error;
      // ListJobs refused for good (an unknown queue): SubmitJob would be refused the same way.
      if (failureKind(error) === 'rejected') return { kind: 'rejected', error };
      log({ message: 'ListJobs failed', round, error: describeError(error) });
      if (round > timings.submitRounds) break;
      await sleep(retryDelayMs(timings.batch, round));
      continue;
    }
    if (round > timings.submitRounds) break;
    try {
      const submitted = await batch.submitOnce({ ...request, tags: jobTags(request.tags) });
      log({ message: 'job submitted', ...submitted });
      return { kind: 'job', job: await settle(batch, request, submitted) };
    } catch (error) {
      lastError = error;
      if (failureKind(error) === 'rejected') return { kind: 'rejected', error };
      // The job may exist now: the next round looks it up before submitting again.
      log({ message: 'SubmitJob outcome unknown, looking the job up by name', round, error: describeError(error) });
      await sleep(retryDelayMs(timings.batch, round));
    }
  }
  return { kind: 'unconfirmed', error: lastError };
}

/**
 * After a submit: another delivery of the same request may have submitted too. The oldest
 * job with the name is kept; when the list cannot be read, the submitted job is.
 */
async function settle(batch: JobApi, request: JobRequest['submitJob'], submitted: JobIdentity): Promise<JobIdentity> {
  let jobs: NamedJob[];
  try {
    jobs = await batch.findByName(request.jobQueue, request.jobName);
  } catch (error) {
    log({ message: 'could not check for a concurrent submit of the same request', error: describeError(error) });
    return submitted;
  }
  // A job Batch does not list yet is the newest: it is kept only when it is the only one.
  if (!jobs.some(job => job.jobId === submitted.jobId)) jobs.push({ ...submitted, createdAt: Number.MAX_SAFE_INTEGER });
  return keepOldest(batch, jobs);
}

/** Keeps the oldest job (the list is sorted oldest first) and terminates the others that still run. */
async function keepOldest(batch: JobApi, jobs: NamedJob[]): Promise<JobIdentity> {
  const [kept, ...duplicates] = jobs;
  for (const duplicate of duplicates.filter(job => !isFinished(job.status))) {
    try {
      await batch.terminate(duplicate.jobId, terminationReason(stackName(), `a duplicate of job ${kept.jobId} for the same request`));
      log({ message: 'duplicate job terminated', jobId: duplicate.jobId, kept: kept.jobId });
    } catch (error) {
      log({ message: 'could not terminate a duplicate job', jobId: duplicate.jobId, error: describeError(error) });
    }
  }
  return { jobId: kept.jobId, jobArn: kept.jobArn, jobName: kept.jobName };
}

/**
 * Terminates every job that still runs under a name in a queue (a request that failed, or a
 * Delete of an unconfirmed job). Returns the jobs it stopped; throws when Batch cannot be read.
 */
export async function terminateByName(batch: JobApi, jobQueue: string, jobName: string, why: string): Promise<string[]> {
  const running = (await batch.findByName(jobQueue, jobName)).filter(job => !isFinished(job.status));
  for (const job of running) {
    await batch.terminate(job.jobId, terminationReason(stackName(), why));
    log({ message: 'job terminated', jobId: job.jobId, reason: why });
  }
  return running.map(job => job.jobId);
}

/** The user's tags plus the tag that limits the runner's TerminateJob permission. */
function jobTags(userTags: Record<string, string> | undefined): Record<string, string> | undefined {
  const submittedBy = process.env[SUBMITTED_BY_ENV];
  const tags = { ...userTags, ...(submittedBy ? { [SUBMITTED_BY_TAG]: submittedBy } : {}) };
  return Object.keys(tags).length > 0 ? tags : undefined;
}

export function stackName(): string {
  return process.env[STACK_NAME_ENV] ?? 'unknown stack';
}
