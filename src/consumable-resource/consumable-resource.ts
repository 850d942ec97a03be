import { Arn } from 'aws-cdk-lib';
import { CfnConsumableResource } from 'aws-cdk-lib/aws-batch';
import { Construct } from 'constructs';
import { ConsumableResourceBase, IConsumableResource } from './consumable-resource-base';
import { consumableResourceProblems } from './consumable-resource-rules';
import { ConsumableResourceProps, ConsumableResourceType } from './consumable-resource-types';
import { importedName } from '../private/arn';
import { reportProblems } from '../private/validation/problem';

/**
 * A pool of units that jobs need besides compute (licenses, database connections, API
 * calls): Batch starts a job only when every consumable resource it needs has enough
 * units available (resource-aware scheduling).
 *
 * Jobs name it with `consumableResources: [{ resource, quantity }]` on their job definition
 * (or node range), or per job with a DeployTimeJob override.
 *
 * @resource AWS::Batch::ConsumableResource
 *
 * @example
 * const licenses = new batch.ConsumableResource(this, 'Licenses', {
 *   resourceType: batch.ConsumableResourceType.REPLENISHABLE,
 *   totalQuantity: 10,
 * });
 */
export class ConsumableResource extends ConsumableResourceBase {
  /**
   * Imports a consumable resource by ARN.
   * @param scope the scope of the imported resource
   * @param id its construct id
   * @param consumableResourceArn `arn:PARTITION:batch:REGION:ACCOUNT:consumable-resource/NAME`
   */
  public static fromConsumableResourceArn(scope: Construct, id: string, consumableResourceArn: string): IConsumableResource {
    const name = importedName(scope, id, consumableResourceArn, 'consumable-resource');
    return new ImportedConsumableResource(scope, id, consumableResourceArn, name);
  }

  /** @inheritdoc */
  public readonly consumableResourceArn: string;
  /** @inheritdoc */
  public readonly consumableResourceName: string;
  /** @inheritdoc */
  public readonly resourceType?: ConsumableResourceType;
  /** @inheritdoc */
  public readonly totalQuantity?: number;

  /**
   * @param scope the scope of the resource
   * @param id its construct id
   * @param props its type and total quantity
   */
  constructor(scope: Construct, id: string, props: ConsumableResourceProps) {
    super(scope, id, { physicalName: props.consumableResourceName });
    reportProblems(this, consumableResourceProblems(props));
    this.resourceType = props.resourceType;
    this.totalQuantity = props.totalQuantity;

    const resource = new CfnConsumableResource(this, 'Resource', {
      consumableResourceName: props.consumableResourceName,
      resourceType: props.resourceType,
      totalQuantity: props.totalQuantity,
      tags: props.tags,
    });
    // Ref of AWS::Batch::ConsumableResource is its ARN.
    this.consumableResourceArn = this.getResourceArnAttribute(resource.ref, {
      service: 'batch',
      resource: 'consumable-resource',
      resourceName: this.physicalName,
    });
    this.consumableResourceName = props.consumableResourceName
      ?? this.getResourceNameAttribute(Arn.extractResourceName(resource.ref, 'consumable-resource'));
  }
}

/** A consumable resource imported by ARN. */
class ImportedConsumableResource extends ConsumableResourceBase {
  public readonly resourceType?: ConsumableResourceType = undefined;
  public readonly totalQuantity?: number = undefined;

  constructor(scope: Construct, id: string, public readonly consumableResourceArn: string, public readonly consumableResourceName: string) {
    // The account and region of the ARN: grants name the resource where it lives.
    super(scope, id, { environmentFromArn: consumableResourceArn });
  }
}
