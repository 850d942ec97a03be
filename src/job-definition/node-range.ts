import type { ConsumableResourceRequirement } from '../consumable-resource';
import type { EcsTask } from './ecs-task-types';
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
 * What some nodes of a multi-node job run: one container, or a multi-container ECS task.
 */
export interface NodeRangeContainer {
  /** The nodes this range applies to. */
  readonly targetNodes: NodeRange;
  /**
   * The container they run. Exactly one of `container` and `ecsTask`.
   * @default - none (the range runs `ecsTask`)
   */
  readonly container?: JobContainer;
  /**
   * The containers they run, as one ECS task (EC2 only: no Fargate settings). Exactly one of
   * `container` and `ecsTask`.
   * @default - none (the range runs `container`)
   */
  readonly ecsTask?: EcsTask;
  /**
   * The consumable resources each node of the range needs (at most 5).
   * @default - none
   */
  readonly consumableResources?: ConsumableResourceRequirement[];
}

/**
 * The nodes of a multi-node parallel job (EC2 only).
 */
export interface MultiNodeProperties {
  /** How many nodes the job has (>= 1). */
  readonly numNodes: number;
  /** The index of the main node (< numNodes). */
  readonly mainNode: number;
  /** Node ranges; together they must cover every node. */
  readonly nodeRanges: NodeRangeContainer[];
}
