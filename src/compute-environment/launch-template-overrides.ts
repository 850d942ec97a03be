import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * How the nodes of an EKS compute environment with a custom AMI initialize (`userdataType`).
 */
export class UserdataType {
  /** The EKS bootstrap script (`/etc/eks/bootstrap.sh`): Batch's default. */
  public static readonly EKS_BOOTSTRAP_SH = new UserdataType('EKS_BOOTSTRAP_SH');
  /** `nodeadm`: required for custom AMIs based on EKS_AL2023 or EKS_AL2023_NVIDIA. */
  public static readonly EKS_NODEADM = new UserdataType('EKS_NODEADM');

  /**
   * A value added to Batch after this release.
   * @param value the value as Batch spells it
   */
  public static of(value: string): UserdataType {
    return new UserdataType(value);
  }

  private constructor(
    /** The value as Batch spells it. */
    public readonly value: string,
  ) {}
}

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
   * How nodes initialize (EKS environments with a custom AMI only).
   * @default - Batch's default, EKS_BOOTSTRAP_SH
   */
  readonly userdataType?: UserdataType;
}
