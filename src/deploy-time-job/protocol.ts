/**
 * The contract between the DeployTimeJob construct and its handler Lambda.
 *
 * The construct renders `DeployTimeJobProperties` as the custom resource's
 * properties; CloudFormation delivers them to the handler as `ResourceProperties`
 * with every scalar turned into a string (numbers and booleans arrive as "42",
 * "true"), so the handler parses the fields typed here as number or boolean.
 * The handler answers with `DeployTimeJobAttributes` as the response Data.
 *
 * Internal: not exported from index.ts.
 */

/** The custom resource type of every deploy-time job. */
export const RESOURCE_TYPE = 'Custom::BatchDeployTimeJob';

/**
 * The tag the handler puts on every job it submits. Its value is the stack id,
 * so the handler's `batch:TerminateJob` permission is limited to its own jobs.
 */
export const SUBMITTED_BY_TAG = 'cdk-batch-constructs:submitted-by';

/** Environment variable of the handler function carrying the tag value (the stack id). */
export const SUBMITTED_BY_ENV = 'SUBMITTED_BY';

/** Environment variable of the handler function naming the stack, for termination reasons. */
export const STACK_NAME_ENV = 'STACK_NAME';

/** The logical id of the per-stack singleton handler function. */
export const HANDLER_SINGLETON_ID = 'BatchDeployTimeJobHandler';

/**
 * Properties of the custom resource (besides `ServiceToken` and `ServiceTimeout`).
 *
 * `SubmitJob` is `SubmitJobCommandInput` of `@aws-sdk/client-batch` (camelCase, as
 * the SDK takes it) without `jobName`: the handler derives the job name from
 * `JobNamePrefix` and the request id so that a Create delivered twice finds the
 * job it already submitted instead of starting a second one.
 */
export interface DeployTimeJobProperties {
  /** Prefix of the job name (at most 100 characters, Batch's name rule). */
  readonly JobNamePrefix: string;
  /** The SubmitJob request, minus jobName; jobQueue and jobDefinition are ARNs. */
  readonly SubmitJob: Record<string, unknown>;
  /** Whether the resource completes only when the job SUCCEEDED ("true"/"false"). */
  readonly WaitForCompletion: boolean | string;
  /** How long to wait for the job before terminating it and failing (seconds). */
  readonly CompletionTimeoutSeconds: number | string;
  /** Whether Delete terminates a job that has not finished ("true"/"false"). */
  readonly TerminateOnDelete: boolean | string;
}

/** Response Data of the custom resource: the construct's attributes. */
export interface DeployTimeJobAttributes {
  /** The job id (also the physical resource id). */
  readonly JobId: string;
  /** The job ARN. */
  readonly JobArn: string;
  /** The job name the handler chose (prefix and request-id suffix). */
  readonly JobName: string;
}

/**
 * Physical id prefix for a Create that failed before a job existed: Delete of such
 * an id succeeds without calling Batch.
 */
export const NO_JOB_PHYSICAL_ID_PREFIX = 'no-job-';
