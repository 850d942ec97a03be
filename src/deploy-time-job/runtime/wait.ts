/**
 * Waiting for a job: polls until it finishes or its deadline passes, and hands the wait over
 * to a new invocation of the function before this one runs out of time.
 *
 * Every final answer is derived from Batch's state and the deadline (an absolute time carried
 * from the first invocation), not from when an invocation happened to look, so a continuation
 * delivered twice answers twice with the same body. A hand-over whose outcome is unknown (the
 * Invoke was sent, its answer lost) ends this invocation without answering and without
 * terminating the job: the continuation it probably started answers instead.
 */
import type { JobDetail } from '@aws-sdk/client-batch';
// The Lambda runtime provides the SDK (it is external to the bundle): a devDependency here.
// eslint-disable-next-line import/no-extraneous-dependencies
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { JobApi, JobIdentity } from './batch';
import { describeError, failureKind, withRetries } from './calls';
import { CustomResourceEvent, CustomResourceResult, log, sleep } from './cfn-response';
import { JobRequest } from './job-request';
import { progressKey, progressOf, transitionLine } from './job-watch';
import { terminationReason } from './messages';
import { stackName } from './submit';
import { answerReserveMs, handOverMarginMs, Timings } from './timings';
import { DeployTimeJobAttributes } from '../protocol';

/** The event field carrying the wait's state into the next invocation. */
export const CONTINUATION_FIELD = 'DeployTimeJobContinuation';

/** The job being waited for, and how the wait went so far. */
export interface WaitState extends JobIdentity {
  /** When the request's first invocation started (epoch ms). */
  readonly startedAt: number;
  readonly lastStatus?: string;
  readonly lastProgressKey?: string;
  /** Batch's createdAt and startedAt of the job (epoch ms), from the last look. */
  readonly jobCreatedAt?: number;
  readonly jobStartedAt?: number;
}

/** A request, possibly continued from an earlier invocation. */
export type HandlerEvent = CustomResourceEvent & { readonly [CONTINUATION_FIELD]?: WaitState };

/** The part of the Lambda context the runner uses. */
export interface HandlerContext {
  getRemainingTimeInMillis(): number;
}

/** How long a request may wait for its job. */
interface WaitLimit {
  readonly seconds: number;
  /** What sets the limit, for messages. */
  readonly name: string;
}

/** The answer for a job: SUCCESS, or FAILED with `physicalIdOnFailure`. */
export interface Answers {
  readonly physicalIdOnFailure: string;
}

/** Polls the job until it finishes, times out, or this invocation must hand over (then undefined). */
export async function wait(
  event: HandlerEvent, context: HandlerContext, batch: JobApi, timings: Timings, request: JobRequest, initial: WaitState, answers: Answers,
): Promise<CustomResourceResult | undefined> {
  const limit = waitLimit(event, request, timings);
  const deadline = initial.startedAt + limit.seconds * 1000;
  let state = initial;
  const failed = (reason: string): CustomResourceResult => ({
    Status: 'FAILED', PhysicalResourceId: answers.physicalIdOnFailure, Reason: reason, Data: attributesOf(state),
  });
  for (;;) {
    const now = Date.now();
    // undefined: could not ask; null: Batch has no such job.
    let job: JobDetail | null | undefined;
    try {
      job = await batch.describe(state.jobId) ?? null;
    } catch (error) {
      // After the retries; keep waiting, the deadline still bounds it.
      log({ message: 'DescribeJobs failed', jobId: state.jobId, error: describeError(error) });
    }
    if (job === null) {
      return failed(`Batch no longer knows job ${state.jobName} (${state.jobId}).`);
    }
    if (job) {
      const progress = progressOf(job);
      state = noteProgress(state, job, progress, now);
      if (progress.status === 'SUCCEEDED') {
        return { Status: 'SUCCESS', PhysicalResourceId: state.jobId, Data: attributesOf(state) };
      }
      if (progress.status === 'FAILED') {
        return failed(batch.failureReason(job, progress, region()));
      }
    }
    if (Date.now() >= deadline) {
      return failed(await timeOut(batch, limit, state, deadline));
    }
    if (context.getRemainingTimeInMillis() < handOverMarginMs(timings) + timings.pollIntervalMs) {
      const handedOver = await handOver(event, state, timings);
      if (handedOver !== 'failed') return undefined;
      // Nobody would watch the job any more: stop it rather than leave it behind.
      const terminateError = await terminateQuietly(batch, state, 'the runner could not continue waiting for it');
      return failed(`Could not continue waiting for Batch job ${state.jobName} (${state.jobId}) in a new invocation.`
        + (terminateError ? ` Terminating it failed: ${terminateError}.` : ' It was terminated.'));
    }
    await sleep(Math.min(timings.pollIntervalMs, deadline - Date.now()));
  }
}

/** Logs a transition and remembers Batch's timestamps of the job. */
function noteProgress(state: WaitState, job: JobDetail, progress: ReturnType<typeof progressOf>, now: number): WaitState {
  const key = progressKey(progress);
  const timestamps = { jobCreatedAt: job.createdAt ?? state.jobCreatedAt, jobStartedAt: job.startedAt ?? state.jobStartedAt };
  if (key === state.lastProgressKey) {
    return { ...state, ...timestamps };
  }
  log(transitionLine(state, progress, Math.round((now - state.startedAt) / 1000)));
  return { ...state, ...timestamps, lastProgressKey: key, lastStatus: progress.status };
}

/**
 * The completion timeout, unless CloudFormation's ServiceTimeout (the time it waits for the
 * answer, counted from its request) ends earlier: then that, less the time the runner needs
 * to terminate the job and answer.
 */
function waitLimit(event: CustomResourceEvent, request: JobRequest, timings: Timings): WaitLimit {
  const completion: WaitLimit = { seconds: request.completionTimeoutSeconds, name: 'the completion timeout' };
  const serviceTimeout = Number(event.ResourceProperties.ServiceTimeout);
  const reserve = Math.ceil(answerReserveMs(timings) / 1000);
  if (!Number.isFinite(serviceTimeout) || serviceTimeout - reserve >= completion.seconds) {
    return completion;
  }
  return {
    seconds: Math.max(1, serviceTimeout - reserve),
    name: `the resource's ServiceTimeout (${serviceTimeout} s, less ${reserve} s to answer)`,
  };
}

/** Terminates a job that did not finish in time; returns the failure reason. */
async function timeOut(batch: JobApi, limit: WaitLimit, state: WaitState, deadline: number): Promise<string> {
  const status = state.lastStatus ?? 'UNKNOWN';
  const since = status === 'RUNNING' ? state.jobStartedAt : state.jobCreatedAt;
  const secondsInState = since === undefined ? undefined : Math.max(0, Math.round((deadline - since) / 1000));
  const terminateError = await terminateQuietly(batch, state, `not finished within ${limit.seconds} s, ${limit.name} (${status})`);
  return batch.timeoutReason(state, { status, secondsInState, limitSeconds: limit.seconds, limitName: limit.name, region: region(), terminateError });
}

/** Terminates a job; returns why that failed, if it did. */
export async function terminateQuietly(batch: JobApi, job: JobIdentity, why: string): Promise<string | undefined> {
  try {
    await batch.terminate(job.jobId, terminationReason(stackName(), why));
    log({ message: 'job terminated', jobId: job.jobId, reason: why });
    return undefined;
  } catch (error) {
    log({ message: 'TerminateJob failed', jobId: job.jobId, error: describeError(error) });
    return describeError(error);
  }
}

/**
 * Continues the wait in a new asynchronous invocation of this function. `handed-over` when
 * Lambda accepted it, `unknown` when the Invoke may have been accepted (its answer was lost),
 * `failed` when it certainly was not.
 */
async function handOver(event: HandlerEvent, state: WaitState, timings: Timings): Promise<'handed-over' | 'unknown' | 'failed'> {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
  if (!functionName) {
    log({ message: 'AWS_LAMBDA_FUNCTION_NAME is not set: cannot continue' });
    return 'failed';
  }
  const payload: HandlerEvent = { ...event, [CONTINUATION_FIELD]: state };
  const client = new LambdaClient({
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: timings.invoke.connectTimeoutMs,
      requestTimeout: timings.invoke.requestTimeoutMs,
      // Without it, the SDK only warns when the request timeout passes.
      throwOnRequestTimeout: true,
    },
  });
  try {
    // Only failures that certainly started nothing are repeated: a repeat after an unknown
    // outcome could start a second continuation.
    await withRetries(timings.invoke, signal => client.send(new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify(payload)),
    }), { abortSignal: signal }), error => failureKind(error) === 'not-done');
    log({ message: 'continuing in a new invocation', jobId: state.jobId, status: state.lastStatus, elapsedSeconds: Math.round((Date.now() - state.startedAt) / 1000) });
    return 'handed-over';
  } catch (error) {
    const kind = failureKind(error);
    log({ message: 'self-invocation failed', outcome: kind, jobId: state.jobId, error: describeError(error) });
    return kind === 'unknown' ? 'unknown' : 'failed';
  } finally {
    client.destroy();
  }
}

export function attributesOf(job: JobIdentity): Record<string, string> {
  const attributes: DeployTimeJobAttributes = { JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName };
  return { ...attributes };
}

export function region(): string {
  return process.env.AWS_REGION ?? 'us-east-1';
}
