import { Duration } from 'aws-cdk-lib';
import type { ConsumableResourceRequirement } from '../consumable-resource';
import type { EcsTask } from './ecs-task-types';
import type { EksPod } from './eks-pod-types';
import type { JobContainer } from './job-container';
import type { MultiNodeProperties } from './node-range';

/**
 * The props of a job definition and the enums they use. A leaf: it imports its siblings'
 * types only (erased at compile time), so any file may import it.
 */

/**
 * Where the containers of a job definition run.
 */
export enum PlatformCapability {
  /** Amazon EC2 instances (also Spot) of an EC2 compute environment. */
  EC2 = 'EC2',
  /** AWS Fargate (also Fargate Spot) of a Fargate compute environment. */
  FARGATE = 'FARGATE',
}

/**
 * What Batch does when a retry rule matches a failed attempt.
 */
export enum RetryAction {
  /** Retry the job (while attempts remain). */
  RETRY = 'RETRY',
  /** Stop retrying; the job fails. */
  EXIT = 'EXIT',
}

/**
 * A rule deciding whether a failed attempt is retried (Batch's `evaluateOnExit`).
 *
 * Every condition given must match. A pattern may end with `*` to match the start of a value.
 */
export interface RetryStrategy {
  /** What to do when the rule matches. */
  readonly action: RetryAction;
  /**
   * Exit code pattern: up to 512 digits, optionally ending with `*`.
   * @default - any exit code
   */
  readonly onExitCode?: string;
  /**
   * Pattern of the reason Batch gives for the container's exit: up to 512 letters, digits,
   * periods, colons and white space, optionally ending with `*`.
   * @default - any reason
   */
  readonly onReason?: string;
  /**
   * Pattern of the job's status reason: up to 512 letters, digits, periods, colons and white
   * space, optionally ending with `*`.
   * @default - any status reason
   */
  readonly onStatusReason?: string;
}

/**
 * Properties of a JobDefinition.
 */
export interface JobDefinitionProps {
  /**
   * The name: 1-128 letters, digits, hyphens and underscores.
   * @default - a unique name derived from the construct path
   */
  readonly jobDefinitionName?: string;
  /**
   * The container of a single-node job. Exactly one of `container`, `ecsTask`, `eksPod` and `nodeProperties`.
   * @default - none (a multi-container job, a multi-node job or a job on Amazon EKS)
   */
  readonly container?: JobContainer;
  /**
   * The containers of a single-node multi-container job (an ECS task: a main container and its
   * sidecars). Exactly one of `container`, `ecsTask`, `eksPod` and `nodeProperties`.
   * @default - none (a single-container job, a multi-node job or a job on Amazon EKS)
   */
  readonly ecsTask?: EcsTask;
  /**
   * The pod of a single-node job on an Amazon EKS compute environment (`EksProperties`).
   * Exactly one of `container`, `ecsTask`, `eksPod` and `nodeProperties`.
   * @default - none (a job on Amazon ECS)
   */
  readonly eksPod?: EksPod;
  /**
   * The nodes of a multi-node parallel job (on ECS with `container` or `ecsTask` ranges, on EKS with
   * `eksPod` ranges). Exactly one of `container`, `ecsTask`, `eksPod` and `nodeProperties`.
   * @default - none (a single-node job)
   */
  readonly nodeProperties?: MultiNodeProperties;
  /**
   * The consumable resources each job needs (at most 5): Batch starts a job only when enough
   * units of each are available. For a multi-node job, give them per node range.
   * @default - none
   */
  readonly consumableResources?: ConsumableResourceRequirement[];
  /**
   * Default values of the `Ref::NAME` placeholders in commands; SubmitJob can override them.
   * @default - none
   */
  readonly parameters?: { [name: string]: string };
  /**
   * How many times a job is moved to RUNNABLE, 1-10.
   * @default - 1 (no retry)
   */
  readonly retryAttempts?: number;
  /**
   * Up to 5 rules deciding which failures are retried (Batch's `evaluateOnExit`).
   * @default - every failure is retried while attempts remain
   */
  readonly retryStrategies?: RetryStrategy[];
  /**
   * How long an attempt may run before Batch terminates it, at least 60 seconds. A timed-out
   * attempt is not retried.
   * @default - no timeout
   */
  readonly timeout?: Duration;
  /**
   * Where the job runs: exactly one of EC2 and FARGATE. Not for jobs on Amazon EKS.
   * @default [PlatformCapability.EC2]; none for a job on Amazon EKS
   */
  readonly platformCapabilities?: PlatformCapability[];
  /**
   * Whether the job definition's and job's tags are propagated to the ECS tasks. Not for jobs on Amazon EKS.
   * @default false
   */
  readonly propagateTags?: boolean;
  /**
   * The scheduling priority in fair-share queues, 0-9999 (higher runs first).
   * @default - the priority given at SubmitJob, or none
   */
  readonly schedulingPriority?: number;
  /**
   * Whether an update keeps the previous revision ACTIVE instead of deregistering it, so jobs
   * queued or running with it are not affected (`ResourceRetentionPolicy.SkipDeregisterOnUpdate`).
   * @default false
   */
  readonly retainPreviousRevisions?: boolean;
  /**
   * Tags of the job definition: at most 50, keys of 1-128 characters not starting with
   * `aws:`, values of at most 256 characters.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}
