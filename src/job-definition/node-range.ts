import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { ConsumableResourceRequirement } from '../consumable-resource';
import type { EcsTask } from './ecs-task-types';
import type { EksPod } from './eks-pod-types';
import type { JobContainer } from './job-container';
import { formatNodeRange } from '../private/validation/node-ranges';

/**
 * The node ranges of a multi-node parallel job. Batch's `start:end` grammar is shared with
 * SubmitJob's node overrides in `private/validation/node-ranges.ts`.
 */

/**
 * The node indexes a node range applies to.
 *
 * Ranges are applied in order: a later range overrides an earlier one for the nodes both cover.
 */
export class NodeRange {
  /** Nodes `from` to `to`, both included (`from:to`). */
  public static of(from: number, to: number): NodeRange {
    return new NodeRange(from, to);
  }

  /** Nodes `from` to the last node (`from:`). */
  public static from(from: number): NodeRange {
    return new NodeRange(from, undefined);
  }

  /** Every node (`0:`). */
  public static all(): NodeRange {
    return new NodeRange(0, undefined);
  }

  private constructor(
    /** The first node index. */
    public readonly start: number,
    /** The last node index; undefined means the last node. */
    public readonly end: number | undefined,
  ) {}

  /** The range as Batch writes it, e.g. `0:3` or `2:`. */
  public toString(): string {
    return formatNodeRange(this);
  }
}

/**
 * What some nodes of a multi-node job run: a container or a multi-container task (ECS), or a pod
 * (EKS), exactly one of them.
 */
export interface NodeRangeContainer {
  /** The nodes this range applies to. */
  readonly targetNodes: NodeRange;
  /**
   * The container they run (a job on Amazon ECS). Exactly one of `container`, `ecsTask` and `eksPod`.
   * @default - none (an ecsTask or eksPod range)
   */
  readonly container?: JobContainer;
  /**
   * The containers they run, as one ECS task (a job on Amazon ECS, EC2 only: no Fargate settings).
   * Exactly one of `container`, `ecsTask` and `eksPod`.
   * @default - none (a container or eksPod range)
   */
  readonly ecsTask?: EcsTask;
  /**
   * The pod they run, one per node (a job on Amazon EKS); every range of the job is then an eksPod range.
   * @default - none (a container or ecsTask range)
   */
  readonly eksPod?: EksPod;
  /**
   * The instance type of an eksPod range (a container range gives it in `container.instanceType`);
   * the same for every range.
   * @default - any instance type of the compute environment
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * The consumable resources each node of the range needs (at most 5).
   * @default - none
   */
  readonly consumableResources?: ConsumableResourceRequirement[];
}

/**
 * The nodes of a multi-node parallel job (EC2 only; on ECS or EKS).
 */
export interface MultiNodeProperties {
  /** How many nodes the job has (>= 1). */
  readonly numNodes: number;
  /** The index of the main node (< numNodes). */
  readonly mainNode: number;
  /** Node ranges; together they must cover every node. */
  readonly nodeRanges: NodeRangeContainer[];
}
