import { IResource } from 'aws-cdk-lib';

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
