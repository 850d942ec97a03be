/**
 * The contract between the DeployTimeJob construct and its job runner Lambda: the only
 * file both halves import (the runtime may import nothing else outside `runtime/`).
 *
 * The construct renders `DeployTimeJobProperties` as the custom resource's properties;
 * CloudFormation delivers them to the runner as `ResourceProperties` with every scalar
 * turned into a string (numbers and booleans arrive as "42", "true"), so the runner
 * converts the fields at `SUBMIT_JOB_NUMBER_PATHS` and `SUBMIT_JOB_BOOLEAN_PATHS` back.
 * The runner answers with `DeployTimeJobAttributes` as the response Data.
 *
 * Internal: not exported from index.ts.
 */
import type { SubmitJobCommandInput, SubmitServiceJobCommandInput } from '@aws-sdk/client-batch';

/** The custom resource type of every deploy-time job. */
export const RESOURCE_TYPE = 'Custom::BatchDeployTimeJob';

/**
 * The tag the runner puts on every job it submits. Its value is the stack id,
 * so the runner's `batch:TerminateJob` permission is limited to its own jobs.
 */
export const SUBMITTED_BY_TAG = 'cdk-batch-constructs:submitted-by';

/** Environment variable of the runner function carrying the tag value (the stack id). */
export const SUBMITTED_BY_ENV = 'SUBMITTED_BY';

/** Environment variable of the runner function naming the stack, for termination reasons. */
export const STACK_NAME_ENV = 'STACK_NAME';

/** The construct id and logical id of the per-stack job runner function (kept from its first release). */
export const HANDLER_SINGLETON_ID = 'BatchDeployTimeJobHandler';

/** How long a deploy-time job is waited for by default, in seconds (30 minutes). */
export const DEFAULT_COMPLETION_TIMEOUT_SECONDS = 1800;

/**
 * The SubmitJob request the construct renders and the runner sends: the SDK's own input
 * type without `jobName` (the runner derives the name from `JobNamePrefix` and the request
 * id, so that a Create delivered twice finds the job it already submitted). A misspelt
 * field fails `tsc` on both sides. Numbers and strings may be CDK tokens on the construct
 * side; they are resolved by CloudFormation before the runner sees them.
 */
export type SubmitJobRequest = Omit<SubmitJobCommandInput, 'jobName'>;

/**
 * The SubmitServiceJob request of a deploy-time job on a SageMaker training queue: the SDK's
 * own input type without `jobName` (derived by the runner as for SubmitJob). The
 * `serviceRequestPayload` is the CreateTrainingJob request as a JSON string, rendered by the
 * construct, so CloudFormation passes it through as it is.
 */
export type SubmitServiceJobRequest = Omit<SubmitServiceJobCommandInput, 'jobName'>;

/**
 * Properties of the custom resource (besides `ServiceToken` and `ServiceTimeout`), as the
 * construct renders them. The runner receives every scalar as a string.
 */
export interface DeployTimeJobProperties {
  /** Prefix of the job name (at most 100 characters, Batch's name rule). */
  readonly JobNamePrefix: string;
  /** The SubmitJob request, minus jobName; jobQueue and jobDefinition are ARNs. Exactly one of SubmitJob and SubmitServiceJob. */
  readonly SubmitJob?: SubmitJobRequest;
  /** The SubmitServiceJob request (a SageMaker training job), minus jobName; jobQueue is an ARN. */
  readonly SubmitServiceJob?: SubmitServiceJobRequest;
  /** Whether the resource completes only when the job SUCCEEDED ("true"/"false"). */
  readonly WaitForCompletion: boolean | string;
  /** How long to wait for the job before terminating it and failing (seconds). */
  readonly CompletionTimeoutSeconds: number | string;
  /** Whether Delete terminates a job that has not finished ("true"/"false"). */
  readonly TerminateOnDelete: boolean | string;
}

/**
 * Paths (`[]` steps into every list element) of the SubmitJob fields that are numbers:
 * CloudFormation delivers them as strings.
 */
export const SUBMIT_JOB_NUMBER_PATHS: readonly string[] = [
  'schedulingPriorityOverride',
  'arrayProperties.size',
  'retryStrategy.attempts',
  'timeout.attemptDurationSeconds',
  'containerOverrides.vcpus',
  'containerOverrides.memory',
  'nodeOverrides.numNodes',
  'nodeOverrides.nodePropertyOverrides[].containerOverrides.vcpus',
  'nodeOverrides.nodePropertyOverrides[].containerOverrides.memory',
  'nodeOverrides.nodePropertyOverrides[].consumableResourcePropertiesOverride.consumableResourceList[].quantity',
  'consumableResourcePropertiesOverride.consumableResourceList[].quantity',
];

/** Paths of the SubmitServiceJob fields that are numbers: CloudFormation delivers them as strings. */
export const SUBMIT_SERVICE_JOB_NUMBER_PATHS: readonly string[] = [
  'schedulingPriority',
  'retryStrategy.attempts',
  'timeoutConfig.attemptDurationSeconds',
  'preemptionConfiguration.preemptionRetriesBeforeTermination',
];

/** Paths of the SubmitJob fields that are booleans. */
export const SUBMIT_JOB_BOOLEAN_PATHS: readonly string[] = ['propagateTags'];

/** Response Data of the custom resource: the construct's attributes. */
export interface DeployTimeJobAttributes {
  /** The job id (also the physical resource id). */
  readonly JobId: string;
  /** The job ARN. */
  readonly JobArn: string;
  /** The job name the runner chose (prefix and request-id suffix). */
  readonly JobName: string;
}

/**
 * Physical id prefix for a Create that failed before a job existed: Delete of such
 * an id succeeds without calling Batch.
 */
export const NO_JOB_PHYSICAL_ID_PREFIX = 'no-job-';

/**
 * Physical id prefix for a Create whose job could not be confirmed (Batch did not answer, or
 * answered ambiguously, however often it was asked): `unconfirmed-job:<jobName>@<jobQueueArn>`.
 * Delete of such an id looks the name up in the queue and terminates any job it finds.
 */
export const UNCONFIRMED_JOB_PHYSICAL_ID_PREFIX = 'unconfirmed-job:';

/**
 * Seconds the construct adds to the completion timeout for the custom resource's
 * ServiceTimeout: the runner's time to terminate a job that did not finish and to deliver its
 * response, with every retry (the runner's default limits fit in it; a test checks that).
 */
export const SERVICE_TIMEOUT_MARGIN_SECONDS = 120;
