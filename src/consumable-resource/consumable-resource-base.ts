import { IResource, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConsumableResourceType } from './consumable-resource-types';

/**
 * A Batch consumable resource (resource-aware scheduling), created here or imported.
 */
export interface IConsumableResource extends IResource {
  /**
   * The ARN of the consumable resource.
   * @attribute
   */
  readonly consumableResourceArn: string;
  /**
   * The name of the consumable resource.
   * @attribute
   */
  readonly consumableResourceName: string;
  /**
   * Whether its units come back when a job ends, when known here.
   *
   * Job definitions use it, with `totalQuantity`, to reject needing more units than the pool has.
   * @default - unknown (an imported resource)
   */
  readonly resourceType?: ConsumableResourceType;
  /**
   * How many units the pool has, when known here.
   * @default - unknown (an imported resource)
   */
  readonly totalQuantity?: number;

  /**
   * Grants reading the resource's quantities and listing the jobs that need it
   * (`batch:DescribeConsumableResource`, `batch:ListJobsByConsumableResource`) on this resource only.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * Grants changing the resource's total quantity (`batch:UpdateConsumableResource`: SET, ADD,
   * REMOVE) on this resource only, e.g. to refill a `NON_REPLENISHABLE` pool.
   */
  grantUpdate(grantee: iam.IGrantable): iam.Grant;
}

/**
 * How many units of a consumable resource each job (or each node range) needs.
 */
export interface ConsumableResourceRequirement {
  /** The consumable resource. */
  readonly resource: IConsumableResource;
  /**
   * The units one job needs, a whole number. Batch starts the job only when this many are
   * available, holds them from STARTING on, and returns them at the end unless the resource
   * is `NON_REPLENISHABLE`.
   */
  readonly quantity: number;
}

/**
 * What every consumable resource does, created here or imported.
 */
export abstract class ConsumableResourceBase extends Resource implements IConsumableResource {
  /** @inheritdoc */
  public abstract readonly consumableResourceArn: string;
  /** @inheritdoc */
  public abstract readonly consumableResourceName: string;
  /** @inheritdoc */
  public abstract readonly resourceType?: ConsumableResourceType;
  /** @inheritdoc */
  public abstract readonly totalQuantity?: number;

  /** @inheritdoc */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['batch:DescribeConsumableResource', 'batch:ListJobsByConsumableResource'],
      resourceArns: [this.consumableResourceArn],
    });
  }

  /** @inheritdoc */
  public grantUpdate(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['batch:UpdateConsumableResource'],
      resourceArns: [this.consumableResourceArn],
    });
  }
}
