/**
 * Test helper: Batch's service-job API (SubmitServiceJob, DescribeServiceJob, ListServiceJobs,
 * TerminateServiceJob) on loopback, answered by the fault proxy itself (`LocalRoutes`), since
 * moto 5.2.5 has none of these routes. It keeps service jobs in memory and moves each one
 * through the states of its plan, one state per DescribeServiceJob; its answers follow the
 * API reference (a JOB_NAME filter lists every status, case-insensitively and newest first;
 * without a filter or status only RUNNING jobs; unknown ids and queues are ClientExceptions).
 */
import { randomUUID } from 'crypto';
import type { LocalRoutes } from './fault-proxy';

const ACCOUNT_ARN = 'arn:aws:batch:us-east-1:123456789012';

/** How a job moves: the states it steps through, then how it ends. */
export interface ServiceJobPlan {
  /** States after SUBMITTED, one per DescribeServiceJob. */
  readonly steps: readonly string[];
  /** SUCCEEDED; FAILED with Batch's and the attempt's reason; or stuck in the last step. */
  readonly outcome: 'SUCCEEDED' | { readonly statusReason: string; readonly attemptReason: string } | 'stuck';
}

/** A service job as the emulator keeps it. */
export interface EmulatedServiceJob {
  readonly jobId: string;
  readonly jobArn: string;
  readonly jobName: string;
  readonly jobQueue: string;
  /** The SubmitServiceJob request as received. */
  readonly request: Record<string, any>;
  status: string;
  statusReason?: string;
  isTerminated?: boolean;
  readonly createdAt: number;
  startedAt?: number;
  stoppedAt?: number;
  step: number;
  readonly plan: ServiceJobPlan;
}

const SUCCEEDS: ServiceJobPlan = { steps: ['RUNNABLE', 'SCHEDULED', 'STARTING', 'RUNNING'], outcome: 'SUCCEEDED' };
const FINAL = new Set(['SUCCEEDED', 'FAILED']);

export class ServiceJobEmulator {
  /** Every job, in submission order. */
  public readonly jobs: EmulatedServiceJob[] = [];
  /** Every TerminateServiceJob call: job id and reason. */
  public readonly terminations: { jobId: string; reason: string }[] = [];
  /** The plan of jobs submitted from now on. */
  public plan: ServiceJobPlan = SUCCEEDS;
  /** The SAGEMAKER_TRAINING queues that exist (by ARN). */
  private readonly queues = new Set<string>();
  private clock = Date.now();

  /** A SageMaker training queue that jobs can be submitted to; returns its ARN. */
  public addQueue(name: string): string {
    const arn = `${ACCOUNT_ARN}:job-queue/${name}`;
    this.queues.add(arn);
    return arn;
  }

  /** The routes, for `startFaultProxy(target, faults, emulator.routes)`. */
  public readonly routes: LocalRoutes = (requestPath, body) => {
    const input = body.length > 0 ? JSON.parse(body.toString()) : {};
    switch (requestPath) {
      case '/v1/submitservicejob': return this.submit(input);
      case '/v1/describeservicejob': return this.describe(input);
      case '/v1/listservicejobs': return this.list(input);
      case '/v1/terminateservicejob': return this.terminate(input);
      default: return undefined;
    }
  };

  /** Jobs with a name, in submission order. */
  public named(jobName: string): EmulatedServiceJob[] {
    return this.jobs.filter((job) => job.jobName === jobName);
  }

  private submit(input: Record<string, any>) {
    const queue = this.queueArn(input.jobQueue);
    if (!queue) return clientError(`Job queue ${input.jobQueue} does not exist`);
    if (input.serviceJobType !== 'SAGEMAKER_TRAINING') return clientError(`Invalid serviceJobType ${input.serviceJobType}`);
    if (typeof input.jobName !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(input.jobName)) return clientError('Invalid jobName');
    try {
      JSON.parse(input.serviceRequestPayload);
    } catch {
      return clientError('serviceRequestPayload is not JSON');
    }
    const jobId = randomUUID();
    const job: EmulatedServiceJob = {
      jobId,
      jobArn: `${ACCOUNT_ARN}:service-job/${jobId}`,
      jobName: input.jobName,
      jobQueue: queue,
      request: input,
      status: 'SUBMITTED',
      createdAt: this.tick(),
      step: 0,
      plan: this.plan,
    };
    this.jobs.push(job);
    return { status: 200, body: { jobArn: job.jobArn, jobName: job.jobName, jobId } };
  }

  private describe(input: { jobId?: string }) {
    const job = this.jobs.find((j) => j.jobId === input.jobId);
    if (!job) return clientError(`Service job ${input.jobId} does not exist`);
    this.advance(job);
    return { status: 200, body: this.detail(job) };
  }

  private list(input: { jobQueue?: string; jobStatus?: string; filters?: { name: string; values: string[] }[] }) {
    const queue = this.queueArn(input.jobQueue);
    if (!queue) return clientError(`Job queue ${input.jobQueue} does not exist`);
    const filter = input.filters?.[0];
    const matches = (job: EmulatedServiceJob): boolean => {
      if (filter?.name === 'JOB_NAME') {
        const wanted = filter.values[0].toLowerCase();
        const name = job.jobName.toLowerCase();
        return wanted.endsWith('*') ? name.startsWith(wanted.slice(0, -1)) : name === wanted;
      }
      return job.status === (input.jobStatus ?? 'RUNNING');
    };
    const summaries = this.jobs.filter((job) => job.jobQueue === queue && matches(job))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((job) => ({
        jobId: job.jobId,
        jobArn: job.jobArn,
        jobName: job.jobName,
        serviceJobType: 'SAGEMAKER_TRAINING',
        status: job.status,
        createdAt: job.createdAt,
        ...(job.isTerminated ? { isTerminated: true } : {}),
      }));
    return { status: 200, body: { jobSummaryList: summaries } };
  }

  private terminate(input: { jobId?: string; reason?: string }) {
    const job = this.jobs.find((j) => j.jobId === input.jobId);
    if (!job) return clientError(`Service job ${input.jobId} does not exist`);
    if (!input.reason) return clientError('reason is required');
    this.terminations.push({ jobId: job.jobId, reason: input.reason });
    job.isTerminated = true;
    if (!FINAL.has(job.status)) {
      job.status = 'FAILED';
      job.statusReason = input.reason;
      job.stoppedAt = this.tick();
    }
    return { status: 200, body: {} };
  }

  /** One state further along the job's plan. */
  private advance(job: EmulatedServiceJob): void {
    if (FINAL.has(job.status)) return;
    const { steps, outcome } = job.plan;
    if (job.step < steps.length) {
      job.status = steps[job.step++];
      if (job.status === 'RUNNING') job.startedAt = this.tick();
      return;
    }
    if (outcome === 'stuck') return;
    job.stoppedAt = this.tick();
    if (outcome === 'SUCCEEDED') {
      job.status = 'SUCCEEDED';
      job.statusReason = 'Received status from SageMaker: Training job completed';
    } else {
      job.status = 'FAILED';
      job.statusReason = outcome.statusReason;
    }
  }

  private detail(job: EmulatedServiceJob) {
    const started = job.step > 1;
    const trainingJob = { name: 'TrainingJobArn', value: `arn:aws:sagemaker:us-east-1:123456789012:training-job/AWSBatch${job.request.jobName}1` };
    const failed = job.status === 'FAILED' && typeof job.plan.outcome === 'object' && !job.isTerminated;
    return {
      jobId: job.jobId,
      jobArn: job.jobArn,
      jobName: job.jobName,
      jobQueue: job.jobQueue,
      serviceJobType: 'SAGEMAKER_TRAINING',
      serviceRequestPayload: job.request.serviceRequestPayload,
      status: job.status,
      statusReason: job.statusReason,
      createdAt: job.createdAt,
      startedAt: job.startedAt ?? 0,
      stoppedAt: job.stoppedAt,
      tags: job.request.tags,
      ...(job.isTerminated ? { isTerminated: true } : {}),
      ...(started ? {
        latestAttempt: { serviceResourceId: trainingJob },
        attempts: [{
          serviceResourceId: trainingJob,
          startedAt: job.startedAt,
          stoppedAt: job.stoppedAt,
          statusReason: failed ? (job.plan.outcome as { attemptReason: string }).attemptReason : undefined,
        }],
      } : {}),
    };
  }

  private queueArn(nameOrArn: string | undefined): string | undefined {
    if (!nameOrArn) return undefined;
    const arn = nameOrArn.startsWith('arn:') ? nameOrArn : `${ACCOUNT_ARN}:job-queue/${nameOrArn}`;
    return this.queues.has(arn) ? arn : undefined;
  }

  /** Strictly increasing milliseconds: jobs of one test have distinct createdAt. */
  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }
}

function clientError(message: string) {
  return { status: 400, body: { __type: 'ClientException', message } };
}
