/**
 * The deploy-time job handler: one Lambda function per stack answering every
 * DeployTimeJob custom resource in it. It submits the job, waits for it (in as many
 * invocations of itself as the wait needs), and answers CloudFormation once.
 */
import {
  BatchClient, DescribeJobsCommand, JobDetail, ListJobsCommand, SubmitJobCommand, TerminateJobCommand,
} from '@aws-sdk/client-batch';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CustomResourceEvent, CustomResourceResult, log, sendResponse, sleep } from './cfn-response';
import { InvalidPropertiesError, JobRequest, parseJobRequest, terminateOnDelete } from './job-request';
import { isFinished, JobProgress, progressKey, progressOf, transitionLine } from './job-watch';
import { failureReason, terminationReason, timeoutReason } from './messages';
import { DeployTimeJobAttributes, NO_JOB_PHYSICAL_ID_PREFIX, STACK_NAME_ENV, SUBMITTED_BY_ENV, SUBMITTED_BY_TAG } from '../protocol';

/** Seconds between two DescribeJobs calls while waiting (default 5). */
export const POLL_INTERVAL_ENV = 'POLL_INTERVAL_SECONDS';
const DEFAULT_POLL_INTERVAL_SECONDS = 5;

/**
 * Time an invocation keeps for itself after deciding to hand over: the last poll,
 * the self-invocation, and a response PUT with its retries all fit in it.
 */
const HANDOVER_MARGIN_MS = 60_000;

/** Seconds kept from CloudFormation's ServiceTimeout to terminate the job and answer. */
const SERVICE_TIMEOUT_RESERVE_SECONDS = 20;

/** SDK attempts per Batch call (the first included): rides out throttling and 5xx. */
const BATCH_MAX_ATTEMPTS = 8;

/** Rounds of "look for the job, else submit it" before giving up on retryable errors. */
const SUBMIT_ROUNDS = 6;

/** The event field carrying the wait's state into the next invocation. */
export const CONTINUATION_FIELD = 'DeployTimeJobContinuation';

/** A submitted job. */
interface JobIdentity {
  readonly jobId: string;
  readonly jobArn: string;
  readonly jobName: string;
}

/** The job being waited for, and how the wait went so far. */
interface WaitState extends JobIdentity {
  /** When the request's first invocation started (epoch ms). */
  readonly startedAt: number;
  readonly lastStatus?: string;
  /** Since when the job has been in lastStatus (epoch ms). */
  readonly lastStatusSince?: number;
  readonly lastProgressKey?: string;
}

/** A request, possibly continued from an earlier invocation. */
export type HandlerEvent = CustomResourceEvent & { readonly [CONTINUATION_FIELD]?: WaitState };

/** The part of the Lambda context the handler uses. */
export interface HandlerContext {
  getRemainingTimeInMillis(): number;
}

/** Answers one custom-resource request (or hands it over to a new invocation). */
export async function handler(event: HandlerEvent, context: HandlerContext): Promise<void> {
  log({
    message: 'request',
    requestType: event.RequestType,
    requestId: event.RequestId,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: event.PhysicalResourceId,
    continuation: event[CONTINUATION_FIELD],
  });
  let result: CustomResourceResult | undefined;
  try {
    result = await handle(event, context, new Batch());
  } catch (error) {
    // Anything unforeseen still gets its one answer; Delete never fails the stack.
    log({ message: 'unexpected error', error: describeError(error) });
    result = event.RequestType === 'Delete'
      ? { Status: 'SUCCESS', PhysicalResourceId: event.PhysicalResourceId ?? noJobId(event), Reason: `Ignored: ${describeError(error)}` }
      : { Status: 'FAILED', PhysicalResourceId: failedPhysicalId(event), Reason: describeError(error) };
  }
  if (result) {
    await sendResponse(event, result);
  }
}

async function handle(event: HandlerEvent, context: HandlerContext, batch: Batch): Promise<CustomResourceResult | undefined> {
  if (event.RequestType === 'Delete') {
    return remove(event, batch);
  }
  let request: JobRequest;
  try {
    request = parseJobRequest(event.ResourceProperties, event.RequestId);
  } catch (error) {
    if (error instanceof InvalidPropertiesError) {
      return { Status: 'FAILED', PhysicalResourceId: failedPhysicalId(event), Reason: `Invalid properties: ${error.message}` };
    }
    throw error;
  }
  let state = event[CONTINUATION_FIELD];
  if (!state) {
    const startedAt = Date.now();
    try {
      state = { ...await batch.findOrSubmit(request.submitJob), startedAt };
    } catch (error) {
      return {
        Status: 'FAILED',
        PhysicalResourceId: failedPhysicalId(event),
        Reason: `Could not submit Batch job ${request.submitJob.jobName}: ${describeError(error)}`,
      };
    }
    if (!request.waitForCompletion) {
      return { Status: 'SUCCESS', PhysicalResourceId: state.jobId, Data: attributesOf(state) };
    }
  }
  return wait(event, context, batch, request, state);
}

/** Polls the job until it finishes, times out, or this invocation must hand over. */
async function wait(
  event: HandlerEvent,
  context: HandlerContext,
  batch: Batch,
  request: JobRequest,
  initial: WaitState,
): Promise<CustomResourceResult | undefined> {
  const intervalMs = pollIntervalSeconds() * 1000;
  const limit = waitLimit(event, request);
  const deadline = initial.startedAt + limit.seconds * 1000;
  let state = initial;
  const succeeded = (): CustomResourceResult => ({ Status: 'SUCCESS', PhysicalResourceId: state.jobId, Data: attributesOf(state) });
  const failed = (reason: string): CustomResourceResult => ({
    Status: 'FAILED',
    // A failed Update keeps the resource it had: the new job is finished or terminated.
    PhysicalResourceId: event.RequestType === 'Update' ? failedPhysicalId(event) : state.jobId,
    Reason: reason,
    Data: attributesOf(state),
  });
  for (;;) {
    const now = Date.now();
    // undefined: could not ask; null: Batch has no such job.
    let job: JobDetail | null | undefined;
    try {
      job = await batch.describe(state.jobId) ?? null;
    } catch (error) {
      // After the SDK's own retries; keep waiting, the deadline still bounds it.
      log({ message: 'DescribeJobs failed', jobId: state.jobId, error: describeError(error) });
    }
    if (job === null) {
      return failed(`Batch no longer knows job ${state.jobName} (${state.jobId}).`);
    }
    if (job) {
      const progress = progressOf(job);
      state = noteProgress(state, progress, now);
      if (progress.status === 'SUCCEEDED') {
        return succeeded();
      }
      if (progress.status === 'FAILED') {
        return failed(failureReason(job, progress, region()));
      }
    }
    if (now >= deadline) {
      return failed(await timeOut(batch, limit, state, now));
    }
    if (context.getRemainingTimeInMillis() < HANDOVER_MARGIN_MS + intervalMs) {
      try {
        await handOver(event, state);
        return undefined;
      } catch (error) {
        // Nobody would watch the job any more: stop it rather than leave it behind.
        const problem = describeError(error);
        const terminateError = await terminateQuietly(batch, state, `the handler could not continue waiting for it (${problem})`);
        return failed(`Could not continue waiting for Batch job ${state.jobName} (${state.jobId}) in a new invocation: ${problem}.`
          + (terminateError ? ` Terminating it failed: ${terminateError}.` : ' It was terminated.'));
      }
    }
    await sleep(Math.max(0, Math.min(intervalMs, deadline - Date.now())));
  }
}

/** Logs a transition and remembers since when the job is in its state. */
function noteProgress(state: WaitState, progress: JobProgress, now: number): WaitState {
  const key = progressKey(progress);
  if (key === state.lastProgressKey) {
    return state;
  }
  log(transitionLine(state, progress, Math.round((now - state.startedAt) / 1000)));
  const statusChanged = progress.status !== state.lastStatus;
  return {
    ...state,
    lastProgressKey: key,
    lastStatus: progress.status,
    lastStatusSince: statusChanged ? now : state.lastStatusSince,
  };
}

/** How long a request may wait for its job. */
interface WaitLimit {
  readonly seconds: number;
  /** What sets the limit, for messages. */
  readonly name: string;
}

/**
 * The completion timeout, unless CloudFormation's ServiceTimeout (the time it waits
 * for the answer, counted from its request) ends earlier: then that, less the time
 * the handler needs to terminate the job and answer.
 */
function waitLimit(event: CustomResourceEvent, request: JobRequest): WaitLimit {
  const completion: WaitLimit = { seconds: request.completionTimeoutSeconds, name: 'the completion timeout' };
  const serviceTimeout = Number(event.ResourceProperties.ServiceTimeout);
  if (!Number.isFinite(serviceTimeout) || serviceTimeout - SERVICE_TIMEOUT_RESERVE_SECONDS >= completion.seconds) {
    return completion;
  }
  return {
    seconds: Math.max(1, serviceTimeout - SERVICE_TIMEOUT_RESERVE_SECONDS),
    name: `the resource's ServiceTimeout (${serviceTimeout} s, less ${SERVICE_TIMEOUT_RESERVE_SECONDS} s to answer)`,
  };
}

/** Terminates a job that did not finish in time; returns the failure reason. */
async function timeOut(batch: Batch, limit: WaitLimit, state: WaitState, now: number): Promise<string> {
  const status = state.lastStatus ?? 'UNKNOWN';
  const stuckSeconds = Math.round((now - (state.lastStatusSince ?? state.startedAt)) / 1000);
  const terminateError = await terminateQuietly(batch, state,
    `not finished within ${limit.seconds} s, ${limit.name} (${status} for ${stuckSeconds} s)`);
  return timeoutReason(state, { status, stuckSeconds, limitSeconds: limit.seconds, limitName: limit.name, region: region(), terminateError });
}

/** Terminates a job, naming the stack and why; returns why that failed, if it did. */
async function terminateQuietly(batch: Batch, job: JobIdentity, why: string): Promise<string | undefined> {
  try {
    await batch.terminate(job.jobId, terminationReason(stackName(), why));
    log({ message: 'job terminated', jobId: job.jobId, reason: why });
    return undefined;
  } catch (error) {
    log({ message: 'TerminateJob failed', jobId: job.jobId, error: describeError(error) });
    return describeError(error);
  }
}

/** Continues the wait in a new asynchronous invocation of this function. */
async function handOver(event: HandlerEvent, state: WaitState): Promise<void> {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
  if (!functionName) {
    throw new Error('AWS_LAMBDA_FUNCTION_NAME is not set');
  }
  const payload: HandlerEvent = { ...event, [CONTINUATION_FIELD]: state };
  await new LambdaClient({}).send(new InvokeCommand({
    FunctionName: functionName,
    InvocationType: 'Event',
    Payload: Buffer.from(JSON.stringify(payload)),
  }));
  log({ message: 'continuing in a new invocation', jobId: state.jobId, status: state.lastStatus, elapsedSeconds: Math.round((Date.now() - state.startedAt) / 1000) });
}

/** Delete: terminate the job if it still runs. Never fails the stack. */
async function remove(event: HandlerEvent, batch: Batch): Promise<CustomResourceResult> {
  const physicalId = event.PhysicalResourceId ?? noJobId(event);
  const success: CustomResourceResult = { Status: 'SUCCESS', PhysicalResourceId: physicalId };
  if (physicalId.startsWith(NO_JOB_PHYSICAL_ID_PREFIX)) {
    log({ message: 'no job to delete', physicalResourceId: physicalId });
    return success;
  }
  try {
    const job = await batch.describe(physicalId);
    if (!job) {
      log({ message: 'not a job, nothing to delete', physicalResourceId: physicalId });
    } else if (isFinished(job.status)) {
      log({ message: 'job already finished', jobId: physicalId, status: job.status });
    } else if (!terminateOnDelete(event.ResourceProperties)) {
      log({ message: 'job left running (TerminateOnDelete is false)', jobId: physicalId, status: job.status });
    } else {
      await batch.terminate(physicalId, terminationReason(stackName(), `resource ${event.LogicalResourceId} was deleted`));
      log({ message: 'job terminated', jobId: physicalId, status: job.status });
    }
  } catch (error) {
    log({ message: 'Delete ignored an error', physicalResourceId: physicalId, error: describeError(error) });
  }
  return success;
}

/** The Batch calls of the handler. */
class Batch {
  private readonly client = new BatchClient({ maxAttempts: BATCH_MAX_ATTEMPTS });
  // SubmitJob is not idempotent: its retries go through findOrSubmit's own loop.
  private readonly submitClient = new BatchClient({ maxAttempts: 1 });

  /**
   * The job of this request: the one submitted earlier under the same name (a
   * repeated Create, or a submit whose answer was lost), or a new one.
   */
  public async findOrSubmit(submitJob: JobRequest['submitJob']): Promise<JobIdentity> {
    for (let round = 1; ; round++) {
      const existing = await this.findByName(submitJob.jobQueue, submitJob.jobName);
      if (existing) {
        log({ message: 'job already submitted for this request', jobId: existing.jobId, jobName: existing.jobName });
        return existing;
      }
      try {
        const submitted = await this.submitClient.send(new SubmitJobCommand({ ...submitJob, tags: jobTags(submitJob.tags) }));
        const job = { jobId: submitted.jobId!, jobArn: submitted.jobArn!, jobName: submitted.jobName ?? submitJob.jobName };
        log({ message: 'job submitted', ...job });
        return job;
      } catch (error) {
        if (!isRetryable(error) || round >= SUBMIT_ROUNDS) {
          throw error;
        }
        log({ message: 'SubmitJob failed, looking again', round, error: describeError(error) });
        await sleep(Math.min(10_000, 250 * 2 ** round));
      }
    }
  }

  public async describe(jobId: string): Promise<JobDetail | undefined> {
    const answer = await this.client.send(new DescribeJobsCommand({ jobs: [jobId] }));
    return answer.jobs?.find(job => job.jobId === jobId);
  }

  public async terminate(jobId: string, reason: string): Promise<void> {
    await this.client.send(new TerminateJobCommand({ jobId, reason }));
  }

  private async findByName(jobQueue: string, jobName: string): Promise<JobIdentity | undefined> {
    let nextToken: string | undefined;
    do {
      // With a filter, ListJobs returns jobs in every status.
      const page = await this.client.send(new ListJobsCommand({
        jobQueue, filters: [{ name: 'JOB_NAME', values: [jobName] }], nextToken,
      }));
      const match = page.jobSummaryList?.find(job => job.jobName === jobName);
      if (match?.jobId) {
        return { jobId: match.jobId, jobArn: match.jobArn ?? '', jobName };
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return undefined;
  }
}

function attributesOf(job: JobIdentity): Record<string, string> {
  const attributes: DeployTimeJobAttributes = { JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName };
  return { ...attributes };
}

/** The user's tags plus the tag that limits the handler's TerminateJob permission. */
function jobTags(userTags: Record<string, string> | undefined): Record<string, string> | undefined {
  const submittedBy = process.env[SUBMITTED_BY_ENV];
  const tags = { ...userTags, ...(submittedBy ? { [SUBMITTED_BY_TAG]: submittedBy } : {}) };
  return Object.keys(tags).length > 0 ? tags : undefined;
}

/** Throttling, 5xx and network errors: the request may succeed when repeated. */
function isRetryable(error: unknown): boolean {
  const failure = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = failure.$metadata?.httpStatusCode;
  return Boolean(failure.$retryable)
    || status === undefined
    || status === 429
    || status >= 500
    || /Throttl|TooManyRequests|RequestLimitExceeded/.test(failure.name ?? '');
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  }
  return String(error);
}

function noJobId(event: CustomResourceEvent): string {
  return `${NO_JOB_PHYSICAL_ID_PREFIX}${event.RequestId}`;
}

/** The physical id of a failed Create or Update: no job, or the resource's old one. */
function failedPhysicalId(event: CustomResourceEvent): string {
  return event.RequestType === 'Update' && event.PhysicalResourceId ? event.PhysicalResourceId : noJobId(event);
}

function pollIntervalSeconds(): number {
  const configured = Number(process.env[POLL_INTERVAL_ENV]);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_POLL_INTERVAL_SECONDS;
}

function region(): string {
  return process.env.AWS_REGION ?? 'us-east-1';
}

function stackName(): string {
  return process.env[STACK_NAME_ENV] ?? 'unknown stack';
}
