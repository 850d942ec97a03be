/**
 * The props and value types of a quota share. A leaf: imports no sibling.
 */
import type { IJobQueue } from '../job-queue';
import type { CapacityUnit } from '../service-environment/service-environment-types';

/**
 * What a quota share does with the capacity it does not use, and whether it uses others'.
 */
export enum ResourceSharingStrategy {
  /** Keeps its idle capacity for its own jobs: neither lends nor borrows. */
  RESERVE = 'RESERVE',
  /** Lends its idle capacity to other shares of the queue; takes it back by preemption when its jobs arrive. */
  LEND = 'LEND',
  /** Lends its idle capacity and borrows idle capacity of other shares, up to `borrowLimit`. */
  LEND_AND_BORROW = 'LEND_AND_BORROW',
}

/**
 * How a quota share shares idle capacity with the other shares of its queue.
 */
export interface ResourceSharingConfiguration {
  /**
   * Whether the share reserves, lends, or lends and borrows idle capacity.
   */
  readonly strategy: ResourceSharingStrategy;
  /**
   * How much the share may borrow, as a percentage of its own `maxCapacity` of each capacity
   * unit (200 borrows up to twice its limits); -1 for no limit. Only with `LEND_AND_BORROW`.
   * @default -1 with `LEND_AND_BORROW` (unlimited borrowing); not set otherwise
   */
  readonly borrowLimit?: number;
}

/**
 * Whether jobs of a quota share preempt each other.
 */
export interface QuotaSharePreemptionConfiguration {
  /**
   * Whether a higher-priority job of the share may preempt lower-priority jobs of the same
   * share that are `SCHEDULED`, `STARTING` or `RUNNING`. When false, it waits for capacity.
   * @default false
   */
  readonly inSharePreemption?: boolean;
}

/**
 * The most instances of one SageMaker instance type a quota share's jobs use without borrowing.
 */
export interface QuotaShareCapacityLimit {
  /**
   * The instance type counted, e.g. `CapacityUnit.instanceType('ml.m5.large')`; one of the
   * queue's service environment limits.
   */
  readonly capacityUnit: CapacityUnit;
  /**
   * The most instances of that type, an integer of at least 1.
   */
  readonly maxCapacity: number;
}

/**
 * Properties of a `QuotaShare`.
 */
export interface QuotaShareProps {
  /**
   * The name of the quota share, which jobs name when they are submitted (`quotaShareName`):
   * 1-128 letters, digits, hyphens and underscores. Changing it replaces the share.
   * @default - a name made from the construct path (CloudFormation requires one)
   */
  readonly quotaShareName?: string;
  /**
   * The job queue the share belongs to: a SageMaker training queue with a quota-share
   * scheduling policy. Changing it replaces the share.
   */
  readonly jobQueue: IJobQueue;
  /**
   * The share's capacity: 1 to 5 limits, one per SageMaker instance type.
   */
  readonly capacityLimits: QuotaShareCapacityLimit[];
  /**
   * How the share shares idle capacity with the queue's other shares.
   * @default - `RESERVE`: the share keeps its idle capacity and borrows none
   */
  readonly resourceSharingConfiguration?: ResourceSharingConfiguration;
  /**
   * Whether jobs of the share preempt each other.
   * @default - no preemption within the share
   */
  readonly preemptionConfiguration?: QuotaSharePreemptionConfiguration;
  /**
   * Whether the share accepts new jobs. A disabled share lets submitted jobs finish.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Tags of the quota share (at most 50).
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}
