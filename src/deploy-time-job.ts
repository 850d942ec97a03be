import { CustomResource, Duration, Size, SizeRoundingBehavior, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { DeployTimeJobProperties, RESOURCE_TYPE } from './deploy-time-job/protocol';
import { IJobDefinition } from './job-definition';
import { IJobQueue } from './job-queue';
import { DeployTimeJobHandler } from './private/deploy-time-job-handler';
import { checkContainerOverrides, checkNodeOverrides, checkTags, defaultJobNamePrefix, JOB_NAME_PREFIX_PATTERN } from './private/deploy-time-job-validation';
import {
  checkCount, checkDuration, checkNotSet, checkPattern, checkRange, duplicates, isKnown, problem, Problem, throwIfInvalid,
} from './private/validation';

/**
 * How a job depends on another job.
 */
export enum JobDependencyType {
  /**
   * Each child of this array job waits for the child with the same index of the
   * other array job. Both jobs must be array jobs.
   */
  N_TO_N = 'N_TO_N',
  /**
   * The children of this array job run one after another, starting at index 0.
   * It names no other job: set `sequentialArrayChildren` instead of a dependency.
   */
  SEQUENTIAL = 'SEQUENTIAL',
}

/**
 * A dependency of a deploy-time job on another one.
 */
export interface DeployTimeJobDependency {
  /** The job that must succeed first. */
  readonly job: DeployTimeJob;
  /**
   * The kind of dependency.
   * @default - the whole job waits for the whole other job to succeed
   */
  readonly type?: JobDependencyType;
}

/**
 * Overrides of the job definition's container for one job.
 */
export interface DeployTimeJobContainerOverrides {
  /**
   * The command to run instead of the job definition's or the image's.
   * @default - the job definition's command
   */
  readonly command?: string[];
  /**
   * Environment variables to add or override. Names starting with `AWS_BATCH`
   * are reserved for Batch.
   * @default - the job definition's environment
   */
  readonly environment?: { [name: string]: string };
  /**
   * The vCPUs to reserve: a whole number, or 0.25 or 0.5 on Fargate.
   * @default - the job definition's vCPUs
   */
  readonly vcpus?: number;
  /**
   * The memory to reserve (whole MiB, at least 4 MiB).
   * @default - the job definition's memory
   */
  readonly memory?: Size;
  /**
   * The number of GPUs to reserve.
   * @default - the job definition's GPU count
   */
  readonly gpuCount?: number;
  /**
   * The instance type, for a node range of a multi-node parallel job only.
   * @default - the job definition's instance type
   */
  readonly instanceType?: ec2.InstanceType;
}

/**
 * Container overrides for a range of nodes of a multi-node parallel job.
 */
export interface DeployTimeJobNodePropertyOverride {
  /**
   * The node indexes to override: `"0:3"` (nodes 0 to 3), `":3"` (from 0),
   * `"2:"` (to the last node) or `":"` (all).
   */
  readonly targetNodes: string;
  /** The overrides for the nodes of the range. */
  readonly containerOverrides: DeployTimeJobContainerOverrides;
}

/**
 * Overrides for a multi-node parallel job.
 */
export interface DeployTimeJobNodeOverrides {
  /**
   * The number of nodes. The job definition needs a node range with an open end
   * (`n:`), whose start and the main node index are below this number.
   * @default - the job definition's number of nodes
   */
  readonly numNodes?: number;
  /**
   * Container overrides per node range.
   * @default - no per-range overrides
   */
  readonly nodePropertyOverrides?: DeployTimeJobNodePropertyOverride[];
}

/**
 * Properties of a DeployTimeJob.
 */
export interface DeployTimeJobProps {
  /** The queue to submit the job to. */
  readonly jobQueue: IJobQueue;
  /**
   * The job definition to run. Give a definition with its revision (an owned
   * `JobDefinition` has one) so that a new revision submits a new job.
   */
  readonly jobDefinition: IJobDefinition;
  /**
   * The start of the job's name (at most 100 letters, digits, `-`, `_`, first
   * alphanumeric). The handler appends a suffix from the CloudFormation request
   * id, so a request delivered twice finds its job instead of starting another.
   * @default - the construct id, with characters Batch does not allow replaced by `-`
   */
  readonly jobName?: string;
  /**
   * Values for the job definition's parameter substitution placeholders.
   * @default - the job definition's parameter defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * Overrides of the container of a single-node job.
   * @default - the job definition's container settings
   */
  readonly containerOverrides?: DeployTimeJobContainerOverrides;
  /**
   * Overrides of a multi-node parallel job.
   * @default - the job definition's node properties
   */
  readonly nodeOverrides?: DeployTimeJobNodeOverrides;
  /**
   * Run the job as an array job of this many children (2 to 10,000).
   * @default - a single job
   */
  readonly arraySize?: number;
  /**
   * Run the children of this array job one after another, starting at index 0
   * (a `SEQUENTIAL` dependency). Needs `arraySize`.
   * @default false
   */
  readonly sequentialArrayChildren?: boolean;
  /**
   * Deploy-time jobs that must succeed before this one runs (at most 20). The job
   * is also created after them in the deployment.
   * @default - no dependencies
   */
  readonly dependsOn?: DeployTimeJobDependency[];
  /**
   * How many times Batch moves the job to RUNNABLE (1 to 10): more than one
   * retries a failed attempt.
   * @default - the job definition's retry strategy
   */
  readonly retryAttempts?: number;
  /**
   * How long an attempt may run before Batch terminates it (at least 60 seconds).
   * @default - the job definition's timeout
   */
  readonly timeout?: Duration;
  /**
   * Tags of the job (at most 49: the handler adds its own
   * `cdk-batch-constructs:submitted-by` tag).
   * @default - only the handler's tag
   */
  readonly tags?: { [key: string]: string };
  /**
   * Whether the job's and the job definition's tags are propagated to the ECS task.
   * @default - the job definition's setting
   */
  readonly propagateTags?: boolean;
  /**
   * The fair-share identifier of the job: required when the queue has a
   * scheduling policy, forbidden otherwise.
   * @default - none (a queue without a scheduling policy)
   */
  readonly shareIdentifier?: string;
  /**
   * The job's scheduling priority within its share identifier (0 to 9999); only
   * queues with a scheduling policy use it.
   * @default - the job definition's scheduling priority
   */
  readonly schedulingPriority?: number;
  /**
   * Whether the deployment waits until the job SUCCEEDED, and fails when it
   * fails. Without waiting, the resource completes once the job is submitted.
   * @default true
   */
  readonly waitForCompletion?: boolean;
  /**
   * How long the deployment waits for the job (1 minute to 1 hour). A job not
   * finished by then is terminated and the deployment fails. Only with
   * `waitForCompletion`.
   * @default Duration.minutes(30)
   */
  readonly completionTimeout?: Duration;
  /**
   * Whether deleting the resource (on stack delete, rollback, or replacement by a
   * new job) terminates the job if it has not finished.
   * @default true
   */
  readonly terminateOnDelete?: boolean;
}

/** Batch's limit on the dependencies of one job. */
const MAX_DEPENDENCIES = 20;
const DEFAULT_COMPLETION_TIMEOUT = Duration.minutes(30);
const MAX_COMPLETION_TIMEOUT = Duration.hours(1);
/** Time for the handler to terminate a job that timed out and report it. */
const SERVICE_TIMEOUT_MARGIN = Duration.minutes(2);
/** CloudFormation's limit on a custom resource's ServiceTimeout. */
const MAX_SERVICE_TIMEOUT = Duration.hours(1);
/** Enough for a submit, or for terminating on delete, when the resource does not wait. */
const NO_WAIT_SERVICE_TIMEOUT = Duration.minutes(5);

/**
 * A Batch job that runs during `cdk deploy`.
 *
 * Create submits the job and, by default, waits until it SUCCEEDED: a failed job
 * fails the deployment with its status reason, exit code and log stream. Any
 * change of the inputs submits a new job. Delete terminates the job if it has not
 * finished and never fails.
 *
 * Resources: one handler per stack serves every job in it (its Lambda function,
 * IAM role, IAM policy and log group: 4 resources), and each job adds exactly one
 * custom resource.
 *
 * @example
 * declare const jobQueue: batch.IJobQueue;
 * declare const jobDefinition: batch.IJobDefinition;
 * const migrate = new batch.DeployTimeJob(this, 'Migrate', {
 *   jobQueue,
 *   jobDefinition,
 *   parameters: { target: 'v42' },
 * });
 */
export class DeployTimeJob extends Construct {
  /**
   * The job id of the submitted job.
   * @attribute
   */
  public readonly jobId: string;
  /**
   * The ARN of the submitted job.
   * @attribute
   */
  public readonly jobArn: string;
  /**
   * The name of the submitted job (the prefix and a suffix from the request id).
   * @attribute
   */
  public readonly jobName: string;
  /**
   * The array size of the job, when it is an array job.
   */
  public readonly arraySize?: number;

  constructor(scope: Construct, id: string, props: DeployTimeJobProps) {
    super(scope, id);
    const waitForCompletion = props.waitForCompletion ?? true;
    const jobNamePrefix = props.jobName ?? defaultJobNamePrefix(id);
    throwIfInvalid(this, [
      checkPattern('jobName', jobNamePrefix, JOB_NAME_PREFIX_PATTERN,
        'must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit',
        'The handler appends a suffix that keeps the name within Batch\'s 128 characters'),
      checkRange('arraySize', props.arraySize, { min: 2, max: 10_000, integer: true }),
      props.sequentialArrayChildren && props.arraySize === undefined
        ? problem('sequentialArrayChildren', true, 'needs arraySize', 'Only the children of an array job can run one after another')
        : undefined,
      ...checkDependencies(props),
      checkRange('retryAttempts', props.retryAttempts, { min: 1, max: 10, integer: true }),
      checkWholeSeconds('timeout', props.timeout) ?? checkDuration('timeout', props.timeout, { min: Duration.seconds(60) }),
      checkRange('schedulingPriority', props.schedulingPriority, { min: 0, max: 9999, integer: true }),
      checkPattern('shareIdentifier', props.shareIdentifier, /^[A-Za-z0-9]{1,255}\*?$/,
        'must be 1-255 letters and digits, optionally followed by *'),
      ...checkContainerOverrides('containerOverrides', props.containerOverrides, false),
      props.nodeOverrides !== undefined && props.containerOverrides !== undefined
        ? 'containerOverrides cannot be combined with nodeOverrides: containerOverrides apply to a single-node job, nodeOverrides to a multi-node parallel job. Put container settings in nodeOverrides.nodePropertyOverrides'
        : undefined,
      ...checkNodeOverrides(props.nodeOverrides),
      ...checkTags(props.tags),
      waitForCompletion
        ? checkWholeSeconds('completionTimeout', props.completionTimeout) ?? checkDuration('completionTimeout', props.completionTimeout, {
          min: Duration.minutes(1), max: MAX_COMPLETION_TIMEOUT, hint: 'CloudFormation waits for a custom resource for at most 1 hour',
        })
        : checkNotSet('completionTimeout', props.completionTimeout, 'only applies with waitForCompletion',
          'Remove completionTimeout or set waitForCompletion to true'),
    ]);
    this.arraySize = props.arraySize;

    const handler = DeployTimeJobHandler.of(this);
    handler.allowSubmit(props.jobQueue.jobQueueArn, props.jobDefinition);

    const completionTimeout = props.completionTimeout ?? DEFAULT_COMPLETION_TIMEOUT;
    const properties: DeployTimeJobProperties = {
      JobNamePrefix: jobNamePrefix,
      SubmitJob: renderSubmitJob(props),
      WaitForCompletion: waitForCompletion,
      CompletionTimeoutSeconds: completionTimeout.toSeconds(),
      TerminateOnDelete: props.terminateOnDelete ?? true,
    };
    const resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: handler.function.functionArn,
      serviceTimeout: waitForCompletion ? serviceTimeout(completionTimeout) : NO_WAIT_SERVICE_TIMEOUT,
      properties: { ...properties },
    });
    // The handler must have its permissions before it gets the first request.
    resource.node.addDependency(handler.policy);
    for (const dependency of props.dependsOn ?? []) {
      resource.node.addDependency(dependency.job);
    }

    this.jobId = resource.getAttString('JobId');
    this.jobArn = resource.getAttString('JobArn');
    this.jobName = resource.getAttString('JobName');
  }
}

/** The completion timeout plus time to report, within CloudFormation's hour. */
function serviceTimeout(completionTimeout: Duration): Duration {
  if (!isKnown(completionTimeout)) return MAX_SERVICE_TIMEOUT;
  const seconds = Math.min(completionTimeout.toSeconds() + SERVICE_TIMEOUT_MARGIN.toSeconds(), MAX_SERVICE_TIMEOUT.toSeconds());
  return Duration.seconds(seconds);
}

/** Batch and CloudFormation take whole seconds (checked before the range, which needs them). */
function checkWholeSeconds(property: string, value: Duration | undefined): Problem {
  if (!isKnown(value)) return undefined;
  const seconds = value.toMilliseconds() / 1000;
  return Number.isInteger(seconds) ? undefined : problem(property, value, 'must be a whole number of seconds');
}

function checkDependencies(props: DeployTimeJobProps): Problem[] {
  const dependencies = props.dependsOn ?? [];
  const sequentialEntry = props.sequentialArrayChildren ? [{}] : [];
  const problems: Problem[] = [
    checkCount('dependsOn', [...dependencies, ...sequentialEntry], {
      max: MAX_DEPENDENCIES,
      hint: props.sequentialArrayChildren ? 'sequentialArrayChildren counts as one dependency' : 'A Batch job can depend on at most 20 jobs',
    }),
  ];
  const repeated = duplicates(dependencies.map((d) => d.job));
  if (repeated.length > 0) {
    problems.push(problem('dependsOn', repeated.map((job) => job.node.path), 'must name each job once'));
  }
  dependencies.forEach((dependency, index) => {
    const property = `dependsOn[${index}].type`;
    if (dependency.type === JobDependencyType.SEQUENTIAL) {
      problems.push(problem(property, dependency.type, 'cannot be SEQUENTIAL with a job',
        'SEQUENTIAL orders the children of this array job and names no other job: set sequentialArrayChildren: true'));
    }
    if (dependency.type === JobDependencyType.N_TO_N) {
      if (props.arraySize === undefined) {
        problems.push(problem(property, dependency.type, 'needs arraySize on this job', 'N_TO_N pairs the children of two array jobs by index'));
      }
      if (dependency.job.arraySize === undefined) {
        problems.push(problem(property, dependency.type, `needs an array job to depend on, and ${dependency.job.node.path} has no arraySize`,
          'N_TO_N pairs the children of two array jobs by index; use the default dependency type to wait for the whole job'));
      }
    }
  });
  return problems;
}

/** The SubmitJob request (SDK shape, without jobName) for the handler. */
function renderSubmitJob(props: DeployTimeJobProps): Record<string, unknown> {
  const dependsOn: Array<Record<string, string>> = (props.dependsOn ?? []).map((d) => ({
    jobId: d.job.jobId,
    ...(d.type !== undefined ? { type: d.type } : {}),
  }));
  if (props.sequentialArrayChildren) dependsOn.push({ type: JobDependencyType.SEQUENTIAL });
  return withoutUndefined({
    jobQueue: props.jobQueue.jobQueueArn,
    jobDefinition: props.jobDefinition.jobDefinitionArn,
    parameters: props.parameters,
    containerOverrides: renderContainerOverrides(props.containerOverrides),
    nodeOverrides: props.nodeOverrides && withoutUndefined({
      numNodes: props.nodeOverrides.numNodes,
      nodePropertyOverrides: props.nodeOverrides.nodePropertyOverrides?.map((o) => ({
        targetNodes: o.targetNodes,
        containerOverrides: renderContainerOverrides(o.containerOverrides),
      })),
    }),
    arrayProperties: props.arraySize !== undefined ? { size: props.arraySize } : undefined,
    dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    retryStrategy: props.retryAttempts !== undefined ? { attempts: props.retryAttempts } : undefined,
    timeout: props.timeout ? { attemptDurationSeconds: props.timeout.toSeconds() } : undefined,
    tags: props.tags,
    propagateTags: props.propagateTags,
    shareIdentifier: props.shareIdentifier,
    schedulingPriorityOverride: props.schedulingPriority,
  });
}

/** Container overrides in the SDK shape; vCPUs, memory and GPUs as resource requirements. */
function renderContainerOverrides(overrides: DeployTimeJobContainerOverrides | undefined): Record<string, unknown> | undefined {
  if (overrides === undefined) return undefined;
  const requirements = [
    { type: 'VCPU', value: overrides.vcpus },
    { type: 'MEMORY', value: overrides.memory?.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) },
    { type: 'GPU', value: overrides.gpuCount },
  ].filter((r) => r.value !== undefined).map((r) => ({ type: r.type, value: Tokenization.stringifyNumber(r.value!) }));
  return withoutUndefined({
    command: overrides.command,
    environment: overrides.environment && Object.entries(overrides.environment).map(([name, value]) => ({ name, value })),
    instanceType: overrides.instanceType?.toString(),
    resourceRequirements: requirements.length > 0 ? requirements : undefined,
  });
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
