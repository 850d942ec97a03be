import { IResource, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * What every scheduling policy has, created here or imported: its ARN. `SchedulingPolicy`
 * adds the resource.
 */

/**
 * A Batch fair-share scheduling policy, created here or imported.
 */
export interface ISchedulingPolicy extends IResource {
  /**
   * The ARN of the scheduling policy.
   * @attribute
   */
  readonly schedulingPolicyArn: string;
}

/**
 * What every scheduling policy has, created here or imported.
 */
export abstract class SchedulingPolicyBase extends Resource implements ISchedulingPolicy {
  /** @inheritdoc */
  public abstract readonly schedulingPolicyArn: string;
}

/** A policy imported by ARN. */
export class ImportedSchedulingPolicy extends SchedulingPolicyBase {
  /** @inheritdoc */
  public readonly schedulingPolicyArn: string;

  constructor(scope: Construct, id: string, schedulingPolicyArn: string) {
    super(scope, id, { environmentFromArn: schedulingPolicyArn });
    this.schedulingPolicyArn = schedulingPolicyArn;
  }
}
