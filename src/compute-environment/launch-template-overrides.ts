import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { UserdataType } from './eks-configuration-types';

/**
 * A launch template used instead of the compute environment's own for some of its instance
 * types or families.
 */
export interface LaunchTemplateOverride {
  /** The launch template (by ID or name). */
  readonly launchTemplate: ec2.ILaunchTemplate;
  /**
   * The version: a number, `$Default` or `$Latest`.
   * @default - the template's version when it has one, otherwise `$Default`
   */
  readonly version?: string;
  /**
   * The instance types or families the template applies to: among `computeResources.instanceTypes`
   * (a listed type, or a type or family of a listed family), not overlapping another override's.
   */
  readonly targetInstanceTypes: ec2.InstanceType[];
  /**
   * How the nodes launched from this template initialize (EKS environments with a custom AMI only).
   * @default - Batch's default, EKS_BOOTSTRAP_SH
   */
  readonly userdataType?: UserdataType;
}
