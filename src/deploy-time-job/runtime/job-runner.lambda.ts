/**
 * The deploy-time job runner: one Lambda function per stack answering every DeployTimeJob
 * custom resource in it. It submits the job, waits for it (in as many invocations of itself
 * as the wait needs), and answers CloudFormation once.
 *
 * The lifecycle (README, "Deploy-time jobs"):
 * - Create: find the request's job by its deterministic name, or submit it; wait.
 * - Update: a new job only when a job input changed. Inputs equal to the old properties' (only
 *   the wait settings changed, or nothing) keep the job and its physical id; inputs equal to
 *   those of the job behind the physical id (a rollback) do too.
 * - Delete: terminate the job (or, for an unconfirmed job, the jobs under its name) if it runs.
 */
import { Batch, JobApi, JobIdentity } from './batch';
import { describeError, failureKind } from './calls';
import { CustomResourceEvent, CustomResourceResult, log, sendResponse } from './cfn-response';
import { inputsKeyOfName, InvalidPropertiesError, jobKindOf, JobRequest, parseJobRequest, terminateOnDelete } from './job-request';
import { isFinished } from './job-watch';
import { terminationReason } from './messages';
import { isJobId, noJobId, parseUnconfirmedJobId, unconfirmedJobId } from './physical-id';
import { ServiceJobs } from './service-jobs';
import { findOrSubmit, stackName, terminateByName } from './submit';
import { timings as currentTimings, Timings } from './timings';
import { attributesOf, CONTINUATION_FIELD, HandlerContext, HandlerEvent, region, wait } from './wait';

export { CONTINUATION_FIELD } from './wait';
export type { HandlerContext, HandlerEvent } from './wait';
export { POLL_INTERVAL_ENV, TIMINGS_ENV } from './timings';

/** Answers one custom-resource request (or hands it over to a new invocation). Never rejects. */
export async function handler(event: HandlerEvent, context: HandlerContext): Promise<void> {
  log({
    message: 'request',
    requestType: event.RequestType,
    requestId: event.RequestId,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: event.PhysicalResourceId,
    continuation: event[CONTINUATION_FIELD],
  });
  const timings = currentTimings();
  let result: CustomResourceResult | undefined;
  try {
    // A SageMaker training job (SubmitServiceJob) or a container job (SubmitJob), for Delete too.
    const api = jobKindOf(event.ResourceProperties) === 'service-job' ? new ServiceJobs(timings) : new Batch(timings);
    result = await handle(event, context, api, timings);
  } catch (error) {
    // Anything unforeseen still gets its one answer; Delete never fails the stack.
    log({ message: 'unexpected error', error: describeError(error) });
    result = event.RequestType === 'Delete'
      ? { Status: 'SUCCESS', PhysicalResourceId: event.PhysicalResourceId ?? noJobId(event.RequestId), Reason: `Ignored: ${describeError(error)}` }
      : { Status: 'FAILED', PhysicalResourceId: keptPhysicalId(event), Reason: describeError(error) };
  }
  if (!result) return;
  try {
    await sendResponse(event, result, timings.response);
  } catch (error) {
    // Nothing more can be done: CloudFormation times the resource out after its ServiceTimeout.
    log({ message: 'could not deliver the response', error: describeError(error) });
  }
}

async function handle(event: HandlerEvent, context: HandlerContext, batch: JobApi, timings: Timings): Promise<CustomResourceResult | undefined> {
  if (event.RequestType === 'Delete') {
    return remove(event, batch);
  }
  let request: JobRequest;
  try {
    request = parseJobRequest(event.ResourceProperties, event.RequestId);
  } catch (error) {
    if (error instanceof InvalidPropertiesError) {
      return { Status: 'FAILED', PhysicalResourceId: keptPhysicalId(event), Reason: `Invalid properties: ${error.message}` };
    }
    throw error;
  }
  const continued = event[CONTINUATION_FIELD];
  // A failed Update keeps the resource it had; a failed Create has its job's id.
  const answers = (job: JobIdentity) => ({ physicalIdOnFailure: event.RequestType === 'Update' ? keptPhysicalId(event) : job.jobId });
  if (continued) {
    return wait(event, context, batch, timings, request, continued, answers(continued));
  }
  if (event.RequestType === 'Update') {
    const kept = await keepUnchanged(event, batch, request);
    if (kept) return kept;
  }
  const startedAt = Date.now();
  const outcome = await findOrSubmit(batch, timings, request.submitJob);
  if (outcome.kind !== 'job') {
    return submitFailed(event, batch, request, outcome.kind, outcome.error);
  }
  if (!request.waitForCompletion) {
    return { Status: 'SUCCESS', PhysicalResourceId: outcome.job.jobId, Data: attributesOf(outcome.job) };
  }
  return wait(event, context, batch, timings, request, { ...outcome.job, startedAt }, answers(outcome.job));
}

/**
 * An Update that needs no new job: the job inputs equal the old properties' (only the wait
 * settings changed, or nothing did), or those of the job behind the physical id (a rollback
 * to the properties that job ran with). Undefined when a new job is needed.
 */
async function keepUnchanged(event: CustomResourceEvent, batch: JobApi, request: JobRequest): Promise<CustomResourceResult | undefined> {
  const physicalId = event.PhysicalResourceId;
  if (!isJobId(physicalId)) return undefined;
  const sameAsOld = inputsKeyOfOld(event) === request.inputsKey;
  let job;
  try {
    job = await batch.describe(physicalId);
  } catch (error) {
    if (!sameAsOld) return undefined;
    return { Status: 'FAILED', PhysicalResourceId: physicalId, Reason: `Could not read Batch job ${physicalId} to keep it: ${describeError(error)}` };
  }
  const rollback = job !== undefined && inputsKeyOfName(job.jobName) === request.inputsKey;
  if (!sameAsOld && !rollback) return undefined;
  log({ message: sameAsOld ? 'job inputs unchanged: keeping the job' : 'rollback to the inputs of the current job: keeping it', jobId: physicalId });
  // A job Batch no longer lists (it keeps finished jobs for a limited time) keeps its id and ARN.
  const identity: JobIdentity = job
    ? { jobId: physicalId, jobArn: job.jobArn ?? jobArnOf(event, batch.arnResource, physicalId), jobName: job.jobName ?? '' }
    : { jobId: physicalId, jobArn: jobArnOf(event, batch.arnResource, physicalId), jobName: '' };
  return { Status: 'SUCCESS', PhysicalResourceId: physicalId, Data: attributesOf(identity) };
}

function inputsKeyOfOld(event: CustomResourceEvent): string | undefined {
  if (!event.OldResourceProperties) return undefined;
  try {
    return parseJobRequest(event.OldResourceProperties, event.RequestId).inputsKey;
  } catch {
    return undefined;
  }
}

/**
 * The answer when no job could be had. Rejected: nothing exists. Unconfirmed: a job may exist
 * under the request's name; it is terminated if it can be found, and a failed Create answers
 * with an id from which Delete can still find it.
 */
async function submitFailed(
  event: CustomResourceEvent, batch: JobApi, request: JobRequest, kind: 'rejected' | 'unconfirmed', error: unknown,
): Promise<CustomResourceResult> {
  const { jobName, jobQueue } = request.submitJob;
  let reason = `Could not submit Batch job ${jobName}: ${describeError(error)}`;
  if (kind === 'rejected') {
    return { Status: 'FAILED', PhysicalResourceId: keptPhysicalId(event), Reason: reason };
  }
  reason = `${reason} (Batch gave no clear answer, however often it was asked)`;
  try {
    const stopped = await terminateByName(batch, jobQueue, jobName, 'its request failed');
    if (stopped.length > 0) reason += `; job ${stopped.join(', ')} was created nevertheless and has been terminated`;
  } catch (cleanupError) {
    log({ message: 'could not look for a job to clean up', error: describeError(cleanupError) });
  }
  const physicalId = event.RequestType === 'Update' ? keptPhysicalId(event) : unconfirmedJobId({ jobName, jobQueue });
  return { Status: 'FAILED', PhysicalResourceId: physicalId, Reason: reason };
}

/** Delete: terminate the job if it still runs. Never fails the stack. */
async function remove(event: CustomResourceEvent, batch: JobApi): Promise<CustomResourceResult> {
  const physicalId = event.PhysicalResourceId ?? noJobId(event.RequestId);
  const success: CustomResourceResult = { Status: 'SUCCESS', PhysicalResourceId: physicalId };
  const why = `resource ${event.LogicalResourceId} was deleted`;
  const terminate = terminateOnDelete(event.ResourceProperties);
  try {
    const unconfirmed = parseUnconfirmedJobId(physicalId);
    if (unconfirmed) {
      if (!terminate) {
        log({ message: 'jobs left running (TerminateOnDelete is false)', ...unconfirmed });
      } else {
        const stopped = await terminateByName(batch, unconfirmed.jobQueue, unconfirmed.jobName, why);
        log({ message: stopped.length > 0 ? 'unconfirmed job terminated' : 'no unconfirmed job running', ...unconfirmed, stopped });
      }
      return success;
    }
    if (!isJobId(physicalId)) {
      log({ message: 'no job to delete', physicalResourceId: physicalId });
      return success;
    }
    const job = await batch.describe(physicalId);
    if (!job) {
      log({ message: 'not a job, nothing to delete', physicalResourceId: physicalId });
    } else if (isFinished(job.status)) {
      log({ message: 'job already finished', jobId: physicalId, status: job.status });
    } else if (!terminate) {
      log({ message: 'job left running (TerminateOnDelete is false)', jobId: physicalId, status: job.status });
    } else {
      await batch.terminate(physicalId, terminationReason(stackName(), why));
      log({ message: 'job terminated', jobId: physicalId, status: job.status });
    }
  } catch (error) {
    log({ message: 'Delete ignored an error', physicalResourceId: physicalId, outcome: failureKind(error), error: describeError(error) });
  }
  return success;
}

/** The physical id a failed request answers with when it has no job of its own: the resource's, or none. */
function keptPhysicalId(event: CustomResourceEvent): string {
  return event.RequestType !== 'Create' && event.PhysicalResourceId ? event.PhysicalResourceId : noJobId(event.RequestId);
}

/** A job's ARN in the stack's partition, region and account (`job/ID` or `service-job/ID`). */
function jobArnOf(event: CustomResourceEvent, resource: string, jobId: string): string {
  const [, partition = 'aws', , stackRegion = region(), account = ''] = event.StackId.split(':');
  return `arn:${partition}:batch:${stackRegion}:${account}:${resource}/${jobId}`;
}
