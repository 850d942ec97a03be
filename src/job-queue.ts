import { Annotations, Arn, ArnFormat, Duration, IResource, Lazy, Resource, Stack } from 'aws-cdk-lib';
import { CfnJobQueue } from 'aws-cdk-lib/aws-batch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IComputeEnvironment } from './compute-environment';
import { IJobDefinition } from './job-definition';
import { grantSubmitJob } from './private/grants';
import { environmentOrderProblems } from './private/job-queue-environments';
import {
  checkBatchName, checkCount, checkDuration, checkRange, isKnown, problem, Problem, throwIfInvalid, validateLater,
} from './private/validation';
import { ISchedulingPolicy } from './scheduling-policy';

/**
 * The status of a Batch job, as reported in `Batch Job State Change` events.
 */
export enum JobStatus {
  /**
   * Submitted to the queue, not yet evaluated by the scheduler. Batch sends no event for the
   * initial submission, so `onJobStateChange` rejects it as a filter.
   */
  SUBMITTED = 'SUBMITTED',
  /** Waiting for the jobs it depends on. */
  PENDING = 'PENDING',
  /** Ready to run, waiting for compute capacity. */
  RUNNABLE = 'RUNNABLE',
  /** Placed on a compute resource; its container is starting. */
  STARTING = 'STARTING',
  /** Running. */
  RUNNING = 'RUNNING',
  /** Finished with exit code 0. */
  SUCCEEDED = 'SUCCEEDED',
  /** Finished unsuccessfully after its last attempt, or cancelled. */
  FAILED = 'FAILED',
}

/**
 * What Batch does with a job that stayed too long in a state at the head of the queue.
 */
export enum JobStateTimeLimitActionType {
  /** Cancel the job. The only action Batch accepts on queues of ECS, EKS and Fargate compute environments. */
  CANCEL = 'CANCEL',
  /**
   * Terminate the job. Batch accepts it only on queues of SageMaker training service
   * environments, which this construct does not attach, so `JobQueue` rejects it.
   */
  TERMINATE = 'TERMINATE',
}

/**
 * The job state a time-limit action watches.
 */
export enum JobStateTimeLimitState {
  /** The job is runnable but not placed (the only state Batch supports). */
  RUNNABLE = 'RUNNABLE',
}

/**
 * The `statusReason` of a blocked job that a time-limit action acts on.
 *
 * Batch matches it against the reason it reports for a `RUNNABLE` job blocking the head of the queue.
 */
export class JobStateTimeLimitReason {
  /** Every compute environment of the queue reports insufficient EC2 capacity. */
  public static readonly INSUFFICIENT_INSTANCE_CAPACITY = new JobStateTimeLimitReason('CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY');
  /** The job needs more vCPUs or memory than the compute environments' maximum. */
  public static readonly COMPUTE_ENVIRONMENT_MAX_RESOURCE = new JobStateTimeLimitReason('MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE');
  /** No allowed instance type can satisfy the job's resource requirements. */
  public static readonly JOB_RESOURCE_REQUIREMENT = new JobStateTimeLimitReason('MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT');
  /** The compute environment's EC2 configuration is not supported for the job. */
  public static readonly EC2_INSTANCE_CONFIGURATION_UNSUPPORTED = new JobStateTimeLimitReason('MISCONFIGURATION:EC2_INSTANCE_CONFIGURATION_UNSUPPORTED');

  /**
   * A reason not listed here, e.g. one Batch adds after this release.
   * @param reason the status reason exactly as Batch reports it
   */
  public static of(reason: string): JobStateTimeLimitReason {
    return new JobStateTimeLimitReason(reason);
  }

  /**
   * The status reason exactly as Batch reports it, e.g. `CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY`.
   */
  public readonly reason: string;

  private constructor(reason: string) {
    this.reason = reason;
  }
}

/**
 * An action Batch takes on a job that stays at the head of the queue in a state for too long.
 */
export interface JobStateTimeLimitAction {
  /**
   * The blocking reason this action handles.
   */
  readonly reason: JobStateTimeLimitReason;
  /**
   * How long the job may stay in `state` with `reason` before Batch acts: 10 minutes to 24 hours,
   * in whole seconds.
   */
  readonly maxTime: Duration;
  /**
   * What Batch does with the job.
   * @default JobStateTimeLimitActionType.CANCEL
   */
  readonly action?: JobStateTimeLimitActionType;
  /**
   * The state the job must be in.
   * @default JobStateTimeLimitState.RUNNABLE
   */
  readonly state?: JobStateTimeLimitState;
}

/**
 * A compute environment of a queue and its place in the queue's order.
 */
export interface OrderedComputeEnvironment {
  /**
   * The compute environment.
   */
  readonly computeEnvironment: IComputeEnvironment;
  /**
   * Where Batch tries it: environments are tried in ascending order, starting at 1. Unique within the queue.
   */
  readonly order: number;
}

/**
 * Options of the job event rules of a queue (`onJobFailed`, `onJobSucceeded`).
 */
export interface OnJobEventOptions {
  /**
   * Where the events go. More targets can be added with `rule.addTarget()`.
   * @default - no target
   */
  readonly target?: events.IRuleTarget;
  /**
   * The name of the rule.
   * @default - a name generated by CloudFormation
   */
  readonly ruleName?: string;
  /**
   * The description of the rule.
   * @default - no description
   */
  readonly description?: string;
}

/**
 * Options of `onJobStateChange`.
 */
export interface OnJobStateChangeOptions extends OnJobEventOptions {
  /**
   * The statuses to match (at least one).
   * @default - every status change of the queue's jobs
   */
  readonly statuses?: JobStatus[];
}

/**
 * A Batch job queue, created here or imported.
 */
export interface IJobQueue extends IResource {
  /**
   * The ARN of the job queue.
   * @attribute
   */
  readonly jobQueueArn: string;
  /**
   * The name of the job queue.
   * @attribute
   */
  readonly jobQueueName: string;

  /**
   * Allows the grantee to submit jobs of one job definition (any of its revisions) to this queue.
   *
   * Grants `batch:SubmitJob` on this queue and on `job-definition/NAME:*`, nothing wider.
   * @param grantee who may submit
   * @param jobDefinition the job definition they submit
   */
  grantSubmitJob(grantee: iam.IGrantable, jobDefinition: IJobDefinition): iam.Grant;

  /**
   * An EventBridge rule for the `Batch Job State Change` events of this queue's jobs.
   *
   * The rule lives on the default event bus of this stack's account and region, where Batch
   * sends the events of queues in that account and region.
   * @param id the rule's construct id
   * @param options target, statuses and naming of the rule
   */
  onJobStateChange(id: string, options?: OnJobStateChangeOptions): events.Rule;

  /**
   * An EventBridge rule for this queue's jobs that reach `FAILED`.
   * @param id the rule's construct id
   * @param options target and naming of the rule
   */
  onJobFailed(id: string, options?: OnJobEventOptions): events.Rule;

  /**
   * An EventBridge rule for this queue's jobs that reach `SUCCEEDED`.
   * @param id the rule's construct id
   * @param options target and naming of the rule
   */
  onJobSucceeded(id: string, options?: OnJobEventOptions): events.Rule;
}

/**
 * What every job queue has, created here or imported: grants and job events.
 */
export abstract class JobQueueBase extends Resource implements IJobQueue {
  /** The ARN of the job queue. */
  public abstract readonly jobQueueArn: string;
  /** The name of the job queue. */
  public abstract readonly jobQueueName: string;

  /**
   * Allows the grantee to submit jobs of one job definition (any of its revisions) to this queue:
   * `batch:SubmitJob` on this queue and on `job-definition/NAME:*`, nothing wider.
   * @param grantee who may submit
   * @param jobDefinition the job definition they submit
   */
  public grantSubmitJob(grantee: iam.IGrantable, jobDefinition: IJobDefinition): iam.Grant {
    // The definition's ARN is granted in the definition's own partition, region and account.
    return grantSubmitJob(this, grantee, this.jobQueueArn, jobDefinition);
  }

  /**
   * An EventBridge rule for the `Batch Job State Change` events of this queue's jobs, matched by
   * the queue's ARN and optionally by status.
   * @param id the rule's construct id
   * @param options target, statuses and naming of the rule
   */
  public onJobStateChange(id: string, options: OnJobStateChangeOptions = {}): events.Rule {
    throwIfInvalid(this, [
      checkCount('statuses', options.statuses, {
        min: 1,
        hint: 'An empty list matches no event: omit statuses to match every status',
      }),
      options.statuses?.includes(JobStatus.SUBMITTED)
        ? problem('statuses', options.statuses, 'must not include SUBMITTED',
          'Batch sends no event for the initial submission; the first event of a job is PENDING or RUNNABLE')
        : undefined,
    ]);
    const statuses = options.statuses ? [...new Set(options.statuses)] : undefined;
    const rule = new events.Rule(this, id, {
      ruleName: options.ruleName,
      description: options.description,
      eventPattern: {
        source: ['aws.batch'],
        detailType: ['Batch Job State Change'],
        // Batch puts the queue's ARN in each event; matching it keeps other queues' jobs out.
        detail: { jobQueue: [this.jobQueueArn], ...(statuses ? { status: statuses } : {}) },
      },
    });
    if (options.target) rule.addTarget(options.target);
    return rule;
  }

  /**
   * An EventBridge rule for this queue's jobs that reach `FAILED`.
   * @param id the rule's construct id
   * @param options target and naming of the rule
   */
  public onJobFailed(id: string, options: OnJobEventOptions = {}): events.Rule {
    return this.onJobStateChange(id, { ...options, statuses: [JobStatus.FAILED] });
  }

  /**
   * An EventBridge rule for this queue's jobs that reach `SUCCEEDED`.
   * @param id the rule's construct id
   * @param options target and naming of the rule
   */
  public onJobSucceeded(id: string, options: OnJobEventOptions = {}): events.Rule {
    return this.onJobStateChange(id, { ...options, statuses: [JobStatus.SUCCEEDED] });
  }
}

/**
 * Properties of a `JobQueue`.
 */
export interface JobQueueProps {
  /**
   * The name of the job queue: 1-128 letters, digits, hyphens and underscores.
   *
   * A fixed name makes any replacement of the queue fail (the new queue is created
   * while the old one still holds the name), so synth warns when it is set.
   * @default - a unique name generated by CloudFormation
   */
  readonly jobQueueName?: string;
  /**
   * The priority of the queue among queues sharing a compute environment: an integer
   * from 0 to 1000, higher runs first.
   * @default 1
   */
  readonly priority?: number;
  /**
   * Whether the queue accepts new jobs. A disabled queue still finishes the jobs it holds.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The compute environments of the queue (1 to 3, all EC2 or all Fargate), in the order
   * Batch tries them. More can be added with `addComputeEnvironment`.
   * @default - none yet: add at least one with `addComputeEnvironment` before synth
   */
  readonly computeEnvironments?: OrderedComputeEnvironment[];
  /**
   * A fair-share scheduling policy. With one, Batch rejects at run time (not at deploy time)
   * every job submitted without a share identifier. Once set, the policy can be replaced but not removed.
   * @default - first-in, first-out scheduling
   */
  readonly schedulingPolicy?: ISchedulingPolicy;
  /**
   * Actions Batch takes on jobs that block the head of the queue for too long.
   * @default - blocked jobs stay in the queue until cancelled
   */
  readonly jobStateTimeLimitActions?: JobStateTimeLimitAction[];
}

/**
 * The queue priority range of the CloudFormation resource schema of `AWS::Batch::JobQueue`
 * (`aws-batch-jobqueue.json`: `Priority` minimum 0, maximum 1000); the Batch API's
 * CreateJobQueue/UpdateJobQueue `priority` is the same field.
 */
const PRIORITY_RANGE = { min: 0, max: 1000, integer: true };

/** `maxTimeSeconds` of a time-limit action (Batch API JobStateTimeLimitAction): 600 to 86,400 s. */
const TIME_LIMIT_RANGE = { min: Duration.minutes(10), max: Duration.hours(24) };

/**
 * A Batch job queue: up to three compute environments in order, a priority, and optionally
 * a fair-share scheduling policy and time limits for blocked jobs.
 *
 * @resource AWS::Batch::JobQueue
 */
export class JobQueue extends JobQueueBase {
  /**
   * Imports a job queue by ARN.
   * @param scope the scope of the imported queue
   * @param id its construct id
   * @param jobQueueArn e.g. `arn:aws:batch:us-east-1:123456789012:job-queue/HighPriority`
   */
  public static fromJobQueueArn(scope: Construct, id: string, jobQueueArn: string): IJobQueue {
    const jobQueueName = Arn.split(jobQueueArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    return new ImportedJobQueue(scope, id, jobQueueArn, jobQueueName);
  }

  /**
   * Imports a job queue of this stack's account and region by name.
   * @param scope the scope of the imported queue
   * @param id its construct id
   * @param jobQueueName the queue's name
   */
  public static fromJobQueueName(scope: Construct, id: string, jobQueueName: string): IJobQueue {
    const jobQueueArn = Stack.of(scope).formatArn({
      service: 'batch',
      resource: 'job-queue',
      resourceName: jobQueueName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new ImportedJobQueue(scope, id, jobQueueArn, jobQueueName);
  }

  /** The ARN of the job queue. */
  public readonly jobQueueArn: string;
  /** The name of the job queue. */
  public readonly jobQueueName: string;

  private readonly environments: OrderedComputeEnvironment[] = [];

  /**
   * @param scope the scope of the queue
   * @param id its construct id
   * @param props its settings; compute environments can also be added later
   */
  constructor(scope: Construct, id: string, props: JobQueueProps = {}) {
    super(scope, id, { physicalName: props.jobQueueName });
    throwIfInvalid(this, [
      checkBatchName('jobQueueName', props.jobQueueName),
      checkRange('priority', props.priority, { ...PRIORITY_RANGE, hint: 'Queues with a higher priority are scheduled first' }),
      ...(props.jobStateTimeLimitActions ?? []).flatMap(timeLimitActionProblems),
    ]);
    if (props.jobQueueName !== undefined) {
      Annotations.of(this).addWarningV2('@cdk-batch-constructs/job-queue:fixed-name',
        `jobQueueName is fixed to ${props.jobQueueName}: a change that replaces the queue (e.g. of its name or tags) `
        + 'will fail, because CloudFormation creates the new queue before deleting the old one and the name is taken. '
        + 'Omit jobQueueName and pass jobQueueName/jobQueueArn to whatever submits jobs');
    }
    for (const entry of props.computeEnvironments ?? []) {
      this.addComputeEnvironment(entry.computeEnvironment, entry.order);
    }

    const resource = new CfnJobQueue(this, 'Resource', {
      jobQueueName: this.physicalName,
      priority: props.priority ?? 1,
      state: props.enabled === false ? 'DISABLED' : 'ENABLED',
      computeEnvironmentOrder: Lazy.any({
        produce: () => [...this.environments]
          .sort((a, b) => a.order - b.order)
          .map((entry) => ({ computeEnvironment: entry.computeEnvironment.computeEnvironmentArn, order: entry.order })),
      }),
      schedulingPolicyArn: props.schedulingPolicy?.schedulingPolicyArn,
      jobStateTimeLimitActions: props.jobStateTimeLimitActions?.map((limit) => ({
        reason: limit.reason.reason,
        maxTimeSeconds: limit.maxTime.toSeconds(),
        action: limit.action ?? JobStateTimeLimitActionType.CANCEL,
        state: limit.state ?? JobStateTimeLimitState.RUNNABLE,
      })),
    });

    this.jobQueueArn = this.getResourceArnAttribute(resource.attrJobQueueArn, {
      service: 'batch',
      resource: 'job-queue',
      resourceName: this.physicalName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.jobQueueName = this.getResourceNameAttribute(Arn.extractResourceName(resource.attrJobQueueArn, 'job-queue'));

    // Environments can still be added after construction: check the final list at synth.
    validateLater(this, () => environmentOrderProblems(this.environments));
  }

  /**
   * Adds a compute environment to the queue. A queue holds 1 to 3 environments, all EC2
   * (EC2, SPOT) or all Fargate (FARGATE, FARGATE_SPOT), each with its own order; synth
   * checks the final list.
   * @param computeEnvironment the compute environment
   * @param order where Batch tries it: ascending, starting at 1, unique within the queue
   */
  public addComputeEnvironment(computeEnvironment: IComputeEnvironment, order: number): void {
    this.environments.push({ computeEnvironment, order });
  }
}

/** Every problem of one time-limit action. */
function timeLimitActionProblems(limit: JobStateTimeLimitAction, index: number): Problem[] {
  const property = `jobStateTimeLimitActions[${index}]`;
  return [
    // A fraction of a second cannot be range-checked (or rendered) in seconds.
    wholeSeconds(`${property}.maxTime`, limit.maxTime) ?? checkDuration(`${property}.maxTime`, limit.maxTime, {
      ...TIME_LIMIT_RANGE,
      hint: 'Batch acts on blocked jobs after 10 minutes at the earliest and 24 hours at the latest',
    }),
    limit.action === JobStateTimeLimitActionType.TERMINATE
      ? problem(`${property}.action`, limit.action,
        'must be CANCEL on a queue of compute environments',
        'Batch accepts TERMINATE only on queues of SageMaker training service environments')
      : undefined,
    isKnown(limit.reason.reason) && limit.reason.reason.trim() === ''
      ? problem(`${property}.reason`, limit.reason.reason, 'must not be empty', 'Use one of the JobStateTimeLimitReason constants')
      : undefined,
  ];
}

/** Batch takes the time limit in whole seconds. */
function wholeSeconds(property: string, value: Duration): Problem {
  if (!isKnown(value)) return undefined;
  const seconds = value.toMilliseconds() / 1000;
  return Number.isInteger(seconds) ? undefined : problem(property, value, 'must be a whole number of seconds');
}

/** A queue imported by ARN or name: grants and events work as on an owned queue. */
class ImportedJobQueue extends JobQueueBase {
  constructor(scope: Construct, id: string, public readonly jobQueueArn: string, public readonly jobQueueName: string) {
    super(scope, id, { environmentFromArn: jobQueueArn });
  }
}
