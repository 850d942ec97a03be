import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IComputeEnvironment } from '../compute-environment';
import type { ISchedulingPolicy } from '../scheduling-policy';
import type { IServiceEnvironment } from '../service-environment';

/**
 * The public types of a job queue: job statuses, time-limit actions, the ordered compute
 * environments, the options of the event rules and the queue's props. A leaf: it imports
 * no file of this folder.
 */

/**
 * The status of a Batch job, as reported in `Batch Job State Change` events (and of a service
 * job, in `Batch Service Job State Change` events).
 */
export enum JobStatus {
  /**
   * Submitted to the queue, not yet evaluated by the scheduler. Batch sends no event for the
   * initial submission, so a rule filtering on it never matches (`onJobStateChange` warns).
   */
  SUBMITTED = 'SUBMITTED',
  /** Waiting for the jobs it depends on. */
  PENDING = 'PENDING',
  /** Ready to run, waiting for compute capacity. */
  RUNNABLE = 'RUNNABLE',
  /** SageMaker training queues: handed to SageMaker, which is acquiring the capacity. */
  SCHEDULED = 'SCHEDULED',
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
   * Terminate the job (and its SageMaker training job). The only action Batch accepts on
   * queues of SageMaker training service environments (`serviceEnvironments`).
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
  /** SageMaker queues: the job needs more capacity than the service environment's limits. */
  public static readonly SERVICE_ENVIRONMENT_MAX_RESOURCE = new JobStateTimeLimitReason('MISCONFIGURATION:SERVICE_ENVIRONMENT_MAX_RESOURCE');
  /** SageMaker queues with quota shares: the job needs more than its quota share's limits (and borrow limit). */
  public static readonly QUOTA_MANAGEMENT_LIMIT_EXCEEDED = new JobStateTimeLimitReason('MISCONFIGURATION:QUOTA_MANAGEMENT_LIMIT_EXCEEDED');

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
  public readonly value: string;

  /**
   * The status reason exactly as Batch reports it.
   * @deprecated use `value`
   */
  public readonly reason: string;

  private constructor(value: string) {
    this.value = value;
    this.reason = value;
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
   * What Batch does with the job: `CANCEL` on a queue of compute environments, `TERMINATE` on
   * a queue of service environments.
   * @default - CANCEL on a queue of compute environments, TERMINATE on a queue of service environments
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
   * Where Batch tries it among the queue's environments: lower orders first.
   *
   * Any integer, 0 and negative numbers included (Terraform numbers environments from 0).
   * Give each environment of a queue its own order: Batch does not document which of two
   * environments with the same order it tries first, so synth warns.
   */
  readonly order: number;
}

/**
 * A service environment of a queue and its place in the queue's order.
 */
export interface OrderedServiceEnvironment {
  /**
   * The service environment (SageMaker training capacity).
   */
  readonly serviceEnvironment: IServiceEnvironment;
  /**
   * Its order in the queue, an integer (a queue has one service environment; 1 is usual).
   */
  readonly order: number;
}

/**
 * Options of `grantSubmitServiceJob`.
 */
export interface GrantSubmitServiceJobOptions {
  /**
   * The SageMaker execution role the submitted training jobs name (`RoleArn` in the payload):
   * the grantee may pass it to SageMaker, and only to SageMaker.
   * @default - no iam:PassRole: the grantee needs it from elsewhere to submit a training job
   */
  readonly executionRole?: iam.IRole;
  /**
   * Whether the grantee submits jobs with tags (`batch:TagResource` on the queue's service jobs).
   * @default false
   */
  readonly tagging?: boolean;
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
 * Properties of a `JobQueue`.
 */
export interface JobQueueProps {
  /**
   * The name of the job queue: 1-128 letters, digits, hyphens and underscores.
   *
   * A change of the name replaces the queue (the new queue is created under the new name,
   * then the old one is deleted); every other setting, tags included, updates in place.
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
   * The service environment of a SageMaker training queue (at most one), instead of compute
   * environments: the queue's type becomes `SAGEMAKER_TRAINING`, and its jobs are submitted with
   * SubmitServiceJob (`grantSubmitServiceJob`). Can also be added with `addServiceEnvironment`.
   * @default - none: a queue of compute environments
   */
  readonly serviceEnvironments?: OrderedServiceEnvironment[];
  /**
   * A fair-share scheduling policy (jobs then need a share identifier), or, on a SageMaker
   * training queue, a quota-share policy (jobs then name a quota share). Batch rejects at run
   * time (not at deploy time) every job submitted without one. Once set, the policy can be
   * replaced but not removed.
   * @default - first-in, first-out scheduling
   */
  readonly schedulingPolicy?: ISchedulingPolicy;
  /**
   * Actions Batch takes on jobs that block the head of the queue for too long.
   * @default - blocked jobs stay in the queue until cancelled
   */
  readonly jobStateTimeLimitActions?: JobStateTimeLimitAction[];
}
