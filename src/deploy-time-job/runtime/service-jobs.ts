/**
 * The runner's calls for SageMaker training jobs queued by Batch (service jobs):
 * SubmitServiceJob, DescribeServiceJob, ListServiceJobs and TerminateServiceJob, each
 * bounded by `Timings.batch` like the container calls of `batch.ts`.
 *
 * Submitting is made exactly-once the same way as for container jobs: the job name is
 * deterministic and looked up with ListServiceJobs (a JOB_NAME filter returns every status).
 * `clientToken` is left to the SDK, which puts a new one in each call: Batch rejects, rather
 * than answers, a repeated submit with the same token, so a fixed token would turn a retry
 * after a lost answer (when ListServiceJobs does not show the job yet) into a failed
 * deployment instead of a duplicate that `submit.ts` settles.
 */
// The Lambda runtime provides the SDK (it is external to the bundle): a devDependency here.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  BatchClient, DescribeServiceJobCommand, DescribeServiceJobCommandOutput, JobDetail, ListServiceJobsCommand,
  SubmitServiceJobCommand, TerminateServiceJobCommand,
} from '@aws-sdk/client-batch';
import { batchClient, JobApi, JobIdentity, jobsNamed, NamedJob, retryingBatchCall } from './batch';
import { describeError, failureKind } from './calls';
import type { JobSubmission, ServiceJobSubmission } from './job-request';
import type { JobProgress } from './job-watch';
import { TimeoutFacts } from './messages';
import { serviceFailureReason, serviceTimeoutReason } from './service-job-messages';
import { Timings } from './timings';

/** A service job described in `JobDetail`'s shape, with Batch's own description of it beside. */
export type ServiceJobAsDetail = JobDetail & { readonly serviceJob: DescribeServiceJobCommandOutput };

/** A ClientException of DescribeServiceJob that says the job does not exist. */
const UNKNOWN_JOB = /not (found|exist)|does not exist|no such|unknown/i;

export class ServiceJobs implements JobApi {
  public readonly kind = 'service-job';
  public readonly arnResource = 'service-job';
  private readonly client: BatchClient;

  constructor(private readonly timings: Timings) {
    this.client = batchClient(timings);
  }

  /** @inheritdoc */
  public async describe(jobId: string): Promise<JobDetail | undefined> {
    let answer: DescribeServiceJobCommandOutput;
    try {
      answer = await this.retrying('DescribeServiceJob', signal =>
        this.client.send(new DescribeServiceJobCommand({ jobId }), { abortSignal: signal }));
    } catch (error) {
      // DescribeServiceJob takes one id and refuses one it does not know (DescribeJobs lists nothing).
      if (failureKind(error) === 'rejected' && UNKNOWN_JOB.test(describeError(error))) return undefined;
      throw error;
    }
    return asJobDetail(answer);
  }

  /** @inheritdoc */
  public async findByName(jobQueue: string, jobName: string): Promise<NamedJob[]> {
    // With a filter, ListServiceJobs returns jobs in every status; the match is case-insensitive
    // and a trailing * is a prefix (runner names end in hex digits): jobsNamed compares the names.
    return jobsNamed(jobName, nextToken => this.retrying('ListServiceJobs', signal => this.client.send(new ListServiceJobsCommand({
      jobQueue, filters: [{ name: 'JOB_NAME', values: [jobName] }], nextToken,
    }), { abortSignal: signal })));
  }

  /** @inheritdoc */
  public async submitOnce(submission: JobSubmission): Promise<JobIdentity> {
    const limits = this.timings.batch;
    const request = submission as ServiceJobSubmission;
    const answer = await this.client.send(new SubmitServiceJobCommand(request), {
      abortSignal: AbortSignal.timeout(limits.connectTimeoutMs + limits.requestTimeoutMs),
    });
    if (!answer.jobId) throw new Error('SubmitServiceJob answered without a job id');
    return { jobId: answer.jobId, jobArn: answer.jobArn ?? '', jobName: answer.jobName ?? request.jobName };
  }

  /** @inheritdoc */
  public async terminate(jobId: string, reason: string): Promise<void> {
    // Stops the SageMaker training job too.
    await this.retrying('TerminateServiceJob', signal =>
      this.client.send(new TerminateServiceJobCommand({ jobId, reason }), { abortSignal: signal }));
  }

  /** @inheritdoc */
  public failureReason(job: JobDetail, _progress: JobProgress, region: string): string {
    return serviceFailureReason((job as ServiceJobAsDetail).serviceJob, region);
  }

  /** @inheritdoc */
  public timeoutReason(job: JobIdentity, facts: TimeoutFacts): string {
    return serviceTimeoutReason(job, facts);
  }

  private retrying<T>(operation: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return retryingBatchCall(this.timings, operation, call);
  }
}

/** The fields of a service job that the wait reads, in `JobDetail`'s shape. */
export function asJobDetail(job: DescribeServiceJobCommandOutput): ServiceJobAsDetail {
  return {
    jobId: job.jobId,
    jobArn: job.jobArn,
    jobName: job.jobName,
    jobQueue: job.jobQueue,
    status: job.status,
    statusReason: job.statusReason,
    createdAt: job.createdAt,
    // Batch sets startedAt to 0 (or leaves it out) until the job starts.
    startedAt: job.startedAt ? job.startedAt : undefined,
    stoppedAt: job.stoppedAt,
    jobDefinition: '',
    serviceJob: job,
  } as ServiceJobAsDetail;
}

