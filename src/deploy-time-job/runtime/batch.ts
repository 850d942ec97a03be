/**
 * The runner's Batch calls, each bounded by `Timings.batch`. SubmitJob is not idempotent, so
 * it is never repeated here: `submit.ts` decides what an uncertain submit means.
 */
// The Lambda runtime provides the SDK (it is external to the bundle): a devDependency here.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  BatchClient, DescribeJobsCommand, JobDetail, JobSummary, ListJobsCommand, SubmitJobCommand, SubmitJobCommandInput,
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
    this.client = new BatchClient({
      // Retries are ours (bounded by Timings.batch), so the SDK makes one attempt per call.
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: timings.batch.connectTimeoutMs,
        requestTimeout: timings.batch.requestTimeoutMs,
        // Without it, the SDK only warns when the request timeout passes.
        throwOnRequestTimeout: true,
      },
    });
  }

  /** The job with this id, or undefined when Batch does not know it. */
  public async describe(jobId: string): Promise<JobDetail | undefined> {
    const answer = await this.retrying('DescribeJobs', signal => this.client.send(new DescribeJobsCommand({ jobs: [jobId] }), { abortSignal: signal }));
    return answer.jobs?.find(job => job.jobId === jobId);
  }

  /** Every job of the queue with exactly this name (any status), oldest first (by createdAt, then jobId). */
  public async findByName(jobQueue: string, jobName: string): Promise<NamedJob[]> {
    const found: NamedJob[] = [];
    let nextToken: string | undefined;
    do {
      // With a filter, ListJobs returns jobs in every status.
      const page = await this.retrying('ListJobs', signal => this.client.send(new ListJobsCommand({
        jobQueue, filters: [{ name: 'JOB_NAME', values: [jobName] }], nextToken,
      }), { abortSignal: signal }));
      for (const summary of page.jobSummaryList ?? []) {
        if (summary.jobName === jobName && summary.jobId) found.push(named(summary, jobName));
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return found.sort(oldestFirst);
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
    return withRetries(this.timings.batch, call, undefined, (error, attempt) =>
      log({ message: `${operation} failed, retrying`, attempt, error: describeError(error) }));
  }
}

function named(summary: JobSummary, jobName: string): NamedJob {
  return { jobId: summary.jobId!, jobArn: summary.jobArn ?? '', jobName, createdAt: summary.createdAt ?? 0, status: summary.status };
}

/** The order that decides which of several jobs of one request is kept: the oldest, then the smallest id. */
export function oldestFirst(a: NamedJob, b: NamedJob): number {
  return a.createdAt - b.createdAt || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0);
}
