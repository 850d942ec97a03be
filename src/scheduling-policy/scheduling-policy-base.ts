import { IResource, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SchedulingPolicyType } from './scheduling-policy-types';

/**
 * What every scheduling policy has, created here or imported: its ARN and name. `SchedulingPolicy`
 * adds the resource.
 */

/**
 * A Batch scheduling policy (fair-share or quota-share), created here or imported.
 */
export interface ISchedulingPolicy extends IResource {
  /**
   * The ARN of the scheduling policy.
   * @attribute
   */
  readonly schedulingPolicyArn: string;
  /**
   * The name of the scheduling policy.
   * @attribute
   */
  readonly schedulingPolicyName: string;
  /**
   * The variant of the policy, when known here. Job queues check it against their environments.
   * @default - unknown (an imported policy)
   */
  readonly schedulingPolicyType?: SchedulingPolicyType;
}

/**
 * What every scheduling policy has, created here or imported.
 */
export abstract class SchedulingPolicyBase extends Resource implements ISchedulingPolicy {
  /** @inheritdoc */
  public abstract readonly schedulingPolicyArn: string;
  /** @inheritdoc */
  public abstract readonly schedulingPolicyName: string;
  /** @inheritdoc */
  public abstract readonly schedulingPolicyType?: SchedulingPolicyType;
}

/** A policy imported by ARN: its name comes from the ARN. */
export class ImportedSchedulingPolicy extends SchedulingPolicyBase {
  /** @inheritdoc */
  public readonly schedulingPolicyArn: string;
  /** @inheritdoc */
  public readonly schedulingPolicyName: string;
  /** @inheritdoc */
  public readonly schedulingPolicyType?: SchedulingPolicyType = undefined;

  constructor(scope: Construct, id: string, schedulingPolicyArn: string, schedulingPolicyName: string) {
    super(scope, id, { environmentFromArn: schedulingPolicyArn });
    this.schedulingPolicyArn = schedulingPolicyArn;
    this.schedulingPolicyName = schedulingPolicyName;
  }
}
