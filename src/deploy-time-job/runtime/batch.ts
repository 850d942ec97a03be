/**
 * The runner's Batch calls, each bounded by `Timings.batch`. SubmitJob is not idempotent, so
 * it is never repeated here: `submit.ts` decides what an uncertain submit means.
 */
// The Lambda runtime provides the SDK (it is external to the bundle): a devDependency here.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  BatchClient, DescribeJobsCommand, JobDetail, ListJobsCommand, SubmitJobCommand, SubmitJobCommandInput,
  TerminateJobCommand,
} from '@aws-sdk/client-batch';
import { describeError, withRetries } from './calls';
import { log } from './cfn-response';
import type { ContainerJobSubmission, JobKind, JobSubmission } from './job-request';
import type { JobProgress } from './job-watch';
import { failureReason, TimeoutFacts, timeoutReason } from './messages';
import { Timings } from './timings';

/** A submitted job. */
export interface JobIdentity {
  readonly jobId: string;
  readonly jobArn: string;
  readonly jobName: string;
}

/** A job found by name: its identity, when it was created, and its status. */
export interface NamedJob extends JobIdentity {
  readonly createdAt: number;
  readonly status?: string;
}

/**
 * The calls and messages the runner needs of one kind of Batch job: container jobs
 * (`Batch`: SubmitJob, DescribeJobs, ListJobs, TerminateJob) or service jobs
 * (`ServiceJobs`: SubmitServiceJob and its siblings). Both describe a job in `JobDetail`'s
 * shape, the fields the wait reads (status, timestamps) filled in alike.
 */
export interface JobApi {
  /** Which API this is. */
  readonly kind: JobKind;
  /** The resource type of its job ARNs: `job` or `service-job`. */
  readonly arnResource: string;
  /** The job with this id, or undefined when Batch does not know it. */
  describe(jobId: string): Promise<JobDetail | undefined>;
  /** Every job of the queue with exactly this name (any status), oldest first. */
  findByName(jobQueue: string, jobName: string): Promise<NamedJob[]>;
  /** One submit attempt, bounded in time; never repeated here. */
  submitOnce(request: JobSubmission): Promise<JobIdentity>;
  /** Terminates a job (idempotent). */
  terminate(jobId: string, reason: string): Promise<void>;
  /** Why a FAILED job failed, for the CloudFormation event. */
  failureReason(job: JobDetail, progress: JobProgress, region: string): string;
  /** Why a job that did not finish in time was terminated. */
  timeoutReason(job: JobIdentity, facts: TimeoutFacts): string;
}

export class Batch implements JobApi {
  public readonly kind = 'job';
  public readonly arnResource = 'job';

  private readonly client: BatchClient;

  constructor(private readonly timings: Timings) {
    this.client = batchClient(timings);
  }

  /** The job with this id, or undefined when Batch does not know it. */
  public async describe(jobId: string): Promise<JobDetail | undefined> {
    const answer = await this.retrying('DescribeJobs', signal => this.client.send(new DescribeJobsCommand({ jobs: [jobId] }), { abortSignal: signal }));
    return answer.jobs?.find(job => job.jobId === jobId);
  }

  /** Every job of the queue with exactly this name (any status), oldest first (by createdAt, then jobId). */
  public async findByName(jobQueue: string, jobName: string): Promise<NamedJob[]> {
    // With a filter, ListJobs returns jobs in every status.
    return jobsNamed(jobName, nextToken => this.retrying('ListJobs', signal => this.client.send(new ListJobsCommand({
      jobQueue, filters: [{ name: 'JOB_NAME', values: [jobName] }], nextToken,
    }), { abortSignal: signal })));
  }

  /** One SubmitJob attempt, bounded in time; never repeated here. */
  public async submitOnce(submission: JobSubmission): Promise<JobIdentity> {
    const limits = this.timings.batch;
    const request: SubmitJobCommandInput & { jobName: string } = submission as ContainerJobSubmission;
    const answer = await this.client.send(new SubmitJobCommand(request), {
      abortSignal: AbortSignal.timeout(limits.connectTimeoutMs + limits.requestTimeoutMs),
    });
    if (!answer.jobId) throw new Error('SubmitJob answered without a job id');
    return { jobId: answer.jobId, jobArn: answer.jobArn ?? '', jobName: answer.jobName ?? request.jobName };
  }

  /** Terminates a job (idempotent: Batch ignores a job that already finished). */
  public async terminate(jobId: string, reason: string): Promise<void> {
    await this.retrying('TerminateJob', signal => this.client.send(new TerminateJobCommand({ jobId, reason }), { abortSignal: signal }));
  }

  /** @inheritdoc */
  public failureReason(job: JobDetail, progress: JobProgress, region: string): string {
    return failureReason(job, progress, region);
  }

  /** @inheritdoc */
  public timeoutReason(job: JobIdentity, facts: TimeoutFacts): string {
    return timeoutReason(job, facts);
  }

  private retrying<T>(operation: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return retryingBatchCall(this.timings, operation, call);
  }
}

/** A Batch client whose every call is one attempt, bounded by Timings.batch (the retries are ours). */
export function batchClient(timings: Timings): BatchClient {
  return new BatchClient({
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: timings.batch.connectTimeoutMs,
      requestTimeout: timings.batch.requestTimeoutMs,
      // Without it, the SDK only warns when the request timeout passes.
      throwOnRequestTimeout: true,
    },
  });
}

/** One Batch call with the retries of Timings.batch, each failed attempt logged. */
export function retryingBatchCall<T>(timings: Timings, operation: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return withRetries(timings.batch, call, undefined, (error, attempt) =>
    log({ message: `${operation} failed, retrying`, attempt, error: describeError(error) }));
}

/** What ListJobs and ListServiceJobs both say of a job. */
interface ListedJob {
  readonly jobId?: string;
  readonly jobArn?: string;
  readonly jobName?: string;
  readonly createdAt?: number;
  readonly status?: string;
}

/** One page of ListJobs or ListServiceJobs. */
interface ListPage {
  readonly jobSummaryList?: readonly ListedJob[];
  readonly nextToken?: string;
}

/**
 * Every job named exactly `jobName` over all pages of a listing by JOB_NAME filter, oldest
 * first. The names are compared here: the filter may match case-insensitively or by prefix.
 */
export async function jobsNamed(jobName: string, listPage: (nextToken: string | undefined) => Promise<ListPage>): Promise<NamedJob[]> {
  const found: NamedJob[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listPage(nextToken);
    for (const summary of page.jobSummaryList ?? []) {
      if (summary.jobName === jobName && summary.jobId) {
        found.push({ jobId: summary.jobId, jobArn: summary.jobArn ?? '', jobName, createdAt: summary.createdAt ?? 0, status: summary.status });
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return found.sort(oldestFirst);
}

/** The order that decides which of several jobs of one request is kept: the oldest, then the smallest id. */
export function oldestFirst(a: NamedJob, b: NamedJob): number {
  return a.createdAt - b.createdAt || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0);
}
