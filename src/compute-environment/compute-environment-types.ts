import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EksConfiguration, UserdataType } from './eks-configuration-types';
import type { LaunchTemplateOverride } from './launch-template-overrides';

/**
 * The props, enums and enum-like classes of a compute environment. A leaf: it imports no
 * sibling file but the EKS types leaf and the launch template overrides leaf.
 */

/**
 * The kind of compute resources a managed compute environment launches.
 */
export enum ComputeResourceType {
  /** On-Demand EC2 instances (Batch's `EC2` type). */
  ON_DEMAND = 'EC2',
  /** EC2 Spot Instances. */
  SPOT = 'SPOT',
  /** AWS Fargate. */
  FARGATE = 'FARGATE',
  /** AWS Fargate Spot. */
  FARGATE_SPOT = 'FARGATE_SPOT',
}

/**
 * How Batch picks instance types when the best-fitting one is not available.
 *
 * Only for EC2 (`ON_DEMAND` and `SPOT`) environments; the `SPOT_*` strategies only for `SPOT`.
 */
export class AllocationStrategy {
  /**
   * The cheapest instance type that fits the jobs; waits for it when none is available.
   *
   * Batch cannot update an environment with this strategy in place: a later change to
   * instance types, subnets, image and similar settings needs a replacement. With Spot,
   * it also needs a Spot Fleet role.
   */
  public static readonly BEST_FIT = new AllocationStrategy('BEST_FIT');
  /** Adds further instance types that fit the jobs when the first choice is not available. */
  public static readonly BEST_FIT_PROGRESSIVE = new AllocationStrategy('BEST_FIT_PROGRESSIVE');
  /** Spot only: the instance types least likely to be interrupted. */
  public static readonly SPOT_CAPACITY_OPTIMIZED = new AllocationStrategy('SPOT_CAPACITY_OPTIMIZED');
  /** Spot only: the Spot pools least likely to be interrupted at the lowest price (recommended for Spot). */
  public static readonly SPOT_PRICE_CAPACITY_OPTIMIZED = new AllocationStrategy('SPOT_PRICE_CAPACITY_OPTIMIZED');

  /**
   * An allocation strategy by its Batch name, for strategies added after this release.
   * @param value the Batch name, e.g. `BEST_FIT_PROGRESSIVE`
   */
  public static of(value: string): AllocationStrategy {
    return new AllocationStrategy(value);
  }

  /** The Batch name of the strategy. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }

  /** Whether the strategy is one that only Spot environments accept. */
  public get spotOnly(): boolean {
    return this.value.startsWith('SPOT_');
  }
}

/**
 * The Amazon ECS- or EKS-optimized image family Batch picks the AMI from (`ec2Configuration.imageType`):
 * the `ECS_*` types for ECS environments, the `EKS_*` types for EKS environments (`eks`).
 */
export class ImageType {
  /** Amazon Linux 2. */
  public static readonly ECS_AL2 = new ImageType('ECS_AL2');
  /** Amazon Linux 2 with GPU support (not for Graviton instance types). */
  public static readonly ECS_AL2_NVIDIA = new ImageType('ECS_AL2_NVIDIA');
  /** Amazon Linux 2023 (not for A1 instance types). */
  public static readonly ECS_AL2023 = new ImageType('ECS_AL2023');
  /** Amazon Linux 2023 with GPU support (not for Graviton, P3 or G3 instance types). */
  public static readonly ECS_AL2023_NVIDIA = new ImageType('ECS_AL2023_NVIDIA');
  /** EKS-optimized Amazon Linux 2 (no longer updated by AWS since November 2025). */
  public static readonly EKS_AL2 = new ImageType('EKS_AL2');
  /** EKS-optimized Amazon Linux 2, accelerated (GPU; not for Graviton instance types). */
  public static readonly EKS_AL2_NVIDIA = new ImageType('EKS_AL2_NVIDIA');
  /** EKS-optimized Amazon Linux 2023, Batch's default for EKS (not for A1 instance types). */
  public static readonly EKS_AL2023 = new ImageType('EKS_AL2023');
  /** EKS-optimized Amazon Linux 2023, accelerated (GPU; not for Graviton instance types). */
  public static readonly EKS_AL2023_NVIDIA = new ImageType('EKS_AL2023_NVIDIA');

  /**
   * An image type by its Batch name, for types added after this release.
   * @param value the Batch name, e.g. `ECS_AL2023`
   */
  public static of(value: string): ImageType {
    return new ImageType(value);
  }

  /** The Batch name of the image type. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/**
 * Instance type names that let Batch choose the instances itself.
 *
 * Use them in `computeResources.instanceTypes` beside or instead of concrete types.
 */
export class BatchInstanceTypes {
  /** Current-generation x86 families Batch selects from (m6i, c6i, r6i, c7i and newer). */
  public static readonly DEFAULT_X86_64 = new ec2.InstanceType('default_x86_64');
  /** Current-generation Graviton (ARM) families Batch selects from (m6g, c6g, r6g, c7g and newer). */
  public static readonly DEFAULT_ARM64 = new ec2.InstanceType('default_arm64');
  /** The older keyword; Batch now treats it like `default_x86_64`. */
  public static readonly OPTIMAL = new ec2.InstanceType('optimal');

  private constructor() {}
}

/**
 * A launch template for the instances of an EC2 compute environment.
 */
export interface ComputeEnvironmentLaunchTemplate {
  /**
   * The launch template. Batch is given its ID when known, otherwise its name.
   */
  readonly launchTemplate: ec2.ILaunchTemplate;
  /**
   * The version: a version number, `$Default` or `$Latest`.
   *
   * With `$Default` or `$Latest`, Batch re-reads the template at every infrastructure
   * update, so the instances can change without a change in this stack.
   * @default - the template's `versionNumber`: the latest version of a template created in
   * this app (each change to it updates the environment), `$Default` for an imported one
   */
  readonly version?: string;
  /**
   * Launch templates used instead of this one for some instance types or families (at most 10):
   * each targets types or families within `computeResources.instanceTypes`, none overlapping.
   * @default - this template for every instance type
   */
  readonly overrides?: LaunchTemplateOverride[];
  /**
   * How the nodes of an EKS environment initialize; only a custom AMI needs it. EKS only.
   * @default - EKS_NODEADM for a custom AMI (`image`) of an EKS_AL2023 image type, which needs it;
   * otherwise Batch's default (EKS_BOOTSTRAP_SH)
   */
  readonly userdataType?: UserdataType;
}

/**
 * One image type of the environment's instances, with an optional custom AMI for it
 * (an `ec2Configuration` entry).
 */
export interface ComputeEnvironmentImage {
  /** The image family, e.g. `ImageType.EKS_AL2023` for CPU and `ImageType.EKS_AL2023_NVIDIA` for GPU instances. */
  readonly imageType: ImageType;
  /**
   * A custom AMI for this image type (`imageIdOverride`); it must match the instance types' architecture.
   * @default - the latest AMI of `imageType` Batch supports
   */
  readonly image?: ec2.IMachineImage;
  /**
   * The Kubernetes version of the node AMI, MAJOR.MINOR (e.g. "1.33"). EKS only.
   * @default - the latest version Batch supports
   */
  readonly kubernetesVersion?: string;
}

/**
 * What happens to running jobs when Batch replaces the instances of an EC2 environment in place.
 */
export interface ComputeEnvironmentUpdatePolicy {
  /**
   * Whether running jobs are terminated when the instances are replaced.
   * @default false - jobs keep running until they finish or `jobExecutionTimeout` passes
   */
  readonly terminateJobsOnUpdate?: boolean;
  /**
   * How long running jobs may keep running during an infrastructure update, 1 to 360 whole minutes.
   * @default Duration.minutes(30)
   */
  readonly jobExecutionTimeout?: Duration;
}

/**
 * The compute resources of a managed compute environment.
 */
export interface ComputeResources {
  /**
   * The kind of compute resources.
   * @default ComputeResourceType.ON_DEMAND
   */
  readonly type?: ComputeResourceType;
  /**
   * The VPC the instances or Fargate tasks run in.
   */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of `vpc` to use (Fargate: at most 16).
   * @default - the private subnets with egress of `vpc`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The security groups of the instances or Fargate tasks (Fargate: 1 to 5).
   *
   * Pass `[]` to use the groups of your own `launchTemplate` (its network interfaces name
   * them, e.g. for EFA): no group is created and `connections` then has none. Without a
   * launch template of yours an ON_DEMAND or SPOT environment needs at least one group.
   * @default - a new security group that allows all outbound traffic; see `connections`. On EKS,
   * the cluster security group (its members reach the control plane), when the cluster has one
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The vCPUs Batch keeps running even when no job waits, also when DISABLED. EC2 only.
   * @default 0
   */
  readonly minvCpus?: number;
  /**
   * The most vCPUs the environment scales out to.
   *
   * Batch may exceed it by at most one instance with every strategy except on-demand `BEST_FIT`.
   * @default 256
   */
  readonly maxvCpus?: number;
  /**
   * The vCPUs to start with, between `minvCpus` and `maxvCpus`. EC2 only.
   *
   * Batch does not lower it in an update: a later value must be at least the current one.
   * @default - Batch's choice (scales from `minvCpus` with demand)
   */
  readonly desiredvCpus?: number;
  /**
   * The instance types or families to launch, all of one CPU architecture. EC2 only.
   *
   * Pass `[]` to leave the choice to Batch: the template then has no `InstanceTypes`.
   * @default [BatchInstanceTypes.DEFAULT_X86_64] - Batch picks current-generation x86 instances
   */
  readonly instanceTypes?: ec2.InstanceType[];
  /**
   * How Batch picks instances when the best-fitting type is not available. EC2 only.
   * @default - `BEST_FIT_PROGRESSIVE` for ON_DEMAND, `SPOT_PRICE_CAPACITY_OPTIMIZED` for SPOT
   */
  readonly allocationStrategy?: AllocationStrategy;
  /**
   * The highest Spot price as a whole percentage of the On-Demand price. SPOT only.
   *
   * Batch launches a Spot Instance only while its price is below this share of the
   * On-Demand price: 0 or less launches none, and more than 100 lets Spot cost more than
   * On-Demand (both warn at synth). Batch ignores it on ON_DEMAND environments (a warning).
   * @default - up to the On-Demand price (100)
   */
  readonly bidPercentage?: number;
  /**
   * The role Spot Fleet uses; Batch only needs it with the `BEST_FIT` strategy. SPOT only
   * (Batch ignores it on ON_DEMAND environments: a warning). Changing it replaces the environment.
   * @default - with `BEST_FIT`, a new role with `AmazonEC2SpotFleetTaggingRole`; otherwise none
   * (Batch uses its service-linked role)
   */
  readonly spotFleetRole?: iam.IRole;
  /**
   * A launch template for the instances (user data, volumes, and so on). EC2 only.
   *
   * Settings given here take precedence over the same settings in the template. Set
   * `metadataOptions.httpTokens: required` in your template: the construct does not change it.
   * @default - a launch template shared by the stack's EC2 environments that only makes
   * the instances require IMDSv2 (session tokens, hop limit 2)
   */
  readonly launchTemplate?: ComputeEnvironmentLaunchTemplate;
  /**
   * How long Batch keeps an instance after its last job ends, in case another job comes: whole
   * minutes, 20 minutes to 7 days, or `Duration.minutes(0)` to turn off a delay set before.
   * Idle instances are billed. EC2 only.
   * @default - no delay: Batch scales in as soon as instances are idle
   */
  readonly scaleDownDelay?: Duration;
  /**
   * The AMI of the instances; it must match the instance types' architecture. EC2 only.
   *
   * Only the image ID is used: user data from the machine image is not passed on (use a
   * launch template for that).
   * @default - the latest Amazon ECS- (or EKS-) optimized AMI of `imageType` when the environment is created
   */
  readonly image?: ec2.IMachineImage;
  /**
   * The Amazon ECS-optimized image family. With `image`, it becomes the image type the
   * AMI is given for (`imageIdOverride`). EC2 only.
   * @default - Batch's default image type (Amazon Linux 2023 for new environments)
   */
  readonly imageType?: ImageType;
  /**
   * One or two image types (each with an optional AMI and, on EKS, a Kubernetes version), instead
   * of `image` and `imageType`: e.g. one for CPU and one for GPU instance types. EC2 only.
   * @default - from `image` and `imageType`
   */
  readonly images?: ComputeEnvironmentImage[];
  /**
   * Whether an infrastructure update moves the instances to the latest Batch-supported AMI. EC2 only.
   *
   * Batch ignores it when the AMI is fixed (`image`, or an AMI in your launch template), and
   * Fargate has no AMI: both warn at synth (on Fargate it is left out of the template).
   * @default false
   */
  readonly updateToLatestImageVersion?: boolean;
  /**
   * The key pair for SSH access to the instances. EC2 only.
   * @default - no key pair
   */
  readonly ec2KeyPair?: ec2.IKeyPair;
  /**
   * The IAM role of the instances; the construct creates the instance profile for it. EC2 only.
   *
   * Give `instanceProfile` instead to use a profile that exists already (not both).
   * @default - a new role with `AmazonEC2ContainerServiceforEC2Role` (on EKS, with `AmazonEKSWorkerNodePolicy`,
   * `AmazonEC2ContainerRegistryPullOnly` and `AmazonEKS_CNI_Policy`), unless `instanceProfile` is given
   */
  readonly instanceRole?: iam.IRole;
  /**
   * An existing instance profile for the instances, instead of `instanceRole`: the construct
   * creates no role and no profile and gives Batch this profile's ARN. EC2 only.
   *
   * For a profile shared with other environments or made outside this app, e.g.
   * `iam.InstanceProfile.fromInstanceProfileName(this, 'Profile', 'ecsInstanceRole')`. Its role
   * needs what the ECS agent needs (`AmazonEC2ContainerServiceforEC2Role`), or on EKS what a node needs.
   * @default - the construct creates a profile for `instanceRole`
   */
  readonly instanceProfile?: iam.IInstanceProfile;
  /**
   * A fixed name for the instance profile the construct creates: 1-128 letters, digits and
   * `+=,.@_-`. Not with `instanceProfile` (nothing is created then). EC2 only.
   *
   * For launch templates or tools that name the profile; `environment.instanceProfile` gives
   * the profile either way.
   * @default - a name generated by CloudFormation
   */
  readonly instanceProfileName?: string;
  /**
   * A placement group for the instances, e.g. a cluster group for multi-node jobs. EC2 only.
   * @default - no placement group
   */
  readonly placementGroup?: ec2.IPlacementGroup;
  /**
   * Tags for the EC2 resources Batch launches (e.g. `Name`). EC2 only.
   *
   * They are not the tags of the compute environment itself (use `Tags.of()` for those).
   * At most 50, keys of 1-128 characters not starting with `aws:`, values of at most 256 characters.
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * Properties of a ComputeEnvironment.
 */
export interface ComputeEnvironmentProps {
  /**
   * The name: 1-128 letters, digits, hyphens and underscores.
   *
   * A fixed name stops CloudFormation from replacing the environment (the new one would
   * need the name first), so a later change that needs a replacement fails the stack update:
   * of `managed`, of the environment's own tags, of `computeResources.spotFleetRole`, of a
   * Fargate environment's settings other than subnets, security groups and vCPUs, and, with
   * `replaceComputeEnvironment: true`, of any setting that needs new instances. A synth
   * warning (`fixedNameBlocksReplacement`) says so.
   * @default - a name generated by CloudFormation
   */
  readonly computeEnvironmentName?: string;
  /**
   * Whether the environment accepts jobs (`ENABLED`) or not (`DISABLED`).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * The role Batch uses to call other AWS services for this environment.
   *
   * A custom role prevents infrastructure updates of EC2 environments.
   * @default - the Batch service-linked role (AWSServiceRoleForBatch)
   */
  readonly serviceRole?: iam.IRole;
  /**
   * Whether Batch manages the capacity (`MANAGED`) or you launch the instances (`UNMANAGED`).
   * @default true
   */
  readonly managed?: boolean;
  /**
   * The vCPUs reserved for fair-share scheduling of an unmanaged environment. Unmanaged only.
   * @default - none reserved
   */
  readonly unmanagedvCpus?: number;
  /**
   * The compute resources; required when managed. An unmanaged environment has none: given
   * with `managed: false`, they are ignored (a warning) and not rendered.
   * @default - none (only valid with `managed: false`)
   */
  readonly computeResources?: ComputeResources;
  /**
   * What happens to running jobs in an infrastructure update. EC2 only: Fargate and
   * unmanaged environments have no infrastructure updates (a warning; rendered as given).
   * @default - jobs keep running for up to 30 minutes and are not terminated
   */
  readonly updatePolicy?: ComputeEnvironmentUpdatePolicy;
  /**
   * Whether CloudFormation replaces the environment (instead of Batch updating it in place)
   * when a setting that needs new instances changes. EC2 only: Fargate environments are always
   * updated in place (a warning; rendered as given).
   *
   * In-place updates need the service-linked role and a strategy other than `BEST_FIT`;
   * a synth warning says when they are not possible. When you change it to `false`, change
   * nothing else in the same deployment: a failed rollback could leave the stack in
   * UPDATE_ROLLBACK_FAILED. (CloudFormation's own default is `true`.)
   * @default false
   */
  readonly replaceComputeEnvironment?: boolean;
  /**
   * Runs the environment's jobs on an Amazon EKS cluster (EC2 On-Demand or Spot nodes), in a
   * Kubernetes namespace, instead of Amazon ECS. Job definitions for it have an `eksPod`.
   * @default - an Amazon ECS environment
   */
  readonly eks?: EksConfiguration;
}
