import { Annotations, ArnFormat, Duration, IResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  checkOneArchitecture, checkOrder, constructLabel, instanceArchitecture, typesInFamilies,
} from './private/compute-environment-rules';
import { imdsv2LaunchTemplate } from './private/imdsv2-launch-template';
import { acknowledgeManagedPolicy } from './private/nag';
import { checkTagMap, MAX_TAGS } from './private/tags';
import {
  checkBatchName, checkCount, checkDuration, checkNotSet, checkPattern, checkRange, duplicates, isKnown, problem,
  Problem, throwIfInvalid,
} from './private/validation';

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
 * A Batch compute environment, created here or imported.
 */
export interface IComputeEnvironment extends IResource {
  /**
   * The ARN of the compute environment.
   * @attribute
   */
  readonly computeEnvironmentArn: string;
  /**
   * The name of the compute environment.
   * @attribute
   */
  readonly computeEnvironmentName: string;
  /**
   * The kind of compute resources it launches, when known here.
   *
   * Job queues use it to reject mixing EC2 and Fargate environments.
   * @default - unknown (an imported or unmanaged environment)
   */
  readonly computeResourceType?: ComputeResourceType;
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
 * The Amazon ECS-optimized image family Batch picks the AMI from (`ec2Configuration.imageType`).
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
   * The security groups of the instances or Fargate tasks (Fargate: at most 5).
   * @default - a new security group that allows all outbound traffic; see `connections`
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
   * @default [BatchInstanceTypes.DEFAULT_X86_64] - Batch picks current-generation x86 instances
   */
  readonly instanceTypes?: ec2.InstanceType[];
  /**
   * How Batch picks instances when the best-fitting type is not available. EC2 only.
   * @default - `BEST_FIT_PROGRESSIVE` for ON_DEMAND, `SPOT_PRICE_CAPACITY_OPTIMIZED` for SPOT
   */
  readonly allocationStrategy?: AllocationStrategy;
  /**
   * The highest Spot price as a percentage (0-100) of the On-Demand price. SPOT only.
   * @default - up to the On-Demand price (100)
   */
  readonly bidPercentage?: number;
  /**
   * The role Spot Fleet uses; Batch only needs it with the `BEST_FIT` strategy. SPOT only.
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
   * The AMI of the instances; it must match the instance types' architecture. EC2 only.
   *
   * Only the image ID is used: user data from the machine image is not passed on (use a
   * launch template for that).
   * @default - the latest Amazon ECS-optimized AMI of `imageType` when the environment is created
   */
  readonly image?: ec2.IMachineImage;
  /**
   * The Amazon ECS-optimized image family. With `image`, it becomes the image type the
   * AMI is given for (`imageIdOverride`). EC2 only.
   * @default - Batch's default image type (Amazon Linux 2023 for new environments)
   */
  readonly imageType?: ImageType;
  /**
   * Whether an infrastructure update moves the instances to the latest Batch-supported AMI.
   * Not with `image` (a fixed AMI). EC2 only.
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
   * @default - a new role with `AmazonEC2ContainerServiceforEC2Role`
   */
  readonly instanceRole?: iam.IRole;
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
   * The name: 1-128 letters, digits, hyphens and underscores, starting with a letter or digit.
   *
   * A fixed name stops CloudFormation from replacing the environment (the new one would
   * need the name first); switching between EC2 and Fargate always replaces it.
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
   * The compute resources; required when managed, not allowed when unmanaged.
   * @default - none (only valid with `managed: false`)
   */
  readonly computeResources?: ComputeResources;
  /**
   * What happens to running jobs in an infrastructure update. EC2 only.
   * @default - jobs keep running for up to 30 minutes and are not terminated
   */
  readonly updatePolicy?: ComputeEnvironmentUpdatePolicy;
  /**
   * Whether CloudFormation replaces the environment (instead of Batch updating it in place)
   * when a setting that needs new instances changes. EC2 only.
   *
   * In-place updates need the service-linked role and a strategy other than `BEST_FIT`;
   * a synth warning says when they are not possible.
   * @default false
   */
  readonly replaceComputeEnvironment?: boolean;
}

/**
 * What every compute environment, created or imported, has.
 */
export abstract class ComputeEnvironmentBase extends Resource implements IComputeEnvironment {
  /** @inheritdoc */
  public abstract readonly computeEnvironmentArn: string;
  /** @inheritdoc */
  public abstract readonly computeEnvironmentName: string;
  /** @inheritdoc */
  public abstract readonly computeResourceType?: ComputeResourceType;
}

/** A compute environment defined outside this app. */
class ImportedComputeEnvironment extends ComputeEnvironmentBase {
  public readonly computeEnvironmentArn: string;
  public readonly computeEnvironmentName: string;
  public readonly computeResourceType?: ComputeResourceType = undefined;

  constructor(scope: Construct, id: string, arn: string) {
    super(scope, id, { environmentFromArn: arn });
    this.computeEnvironmentArn = arn;
    this.computeEnvironmentName = Stack.of(this).splitArn(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
  }
}

const COMPUTE_ENVIRONMENT_ARN = /^arn:[a-z-]+:batch:[a-z0-9-]*:\d*:compute-environment\/[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const LAUNCH_TEMPLATE_VERSION = /^(\$Default|\$Latest|[1-9]\d*)$/;
const WARNING_PREFIX = '@cdk-batch-constructs/compute-environment';
const EC2_TYPES = [ComputeResourceType.ON_DEMAND, ComputeResourceType.SPOT];

/**
 * An AWS Batch compute environment: managed EC2 (On-Demand or Spot), Fargate (or Fargate
 * Spot), or unmanaged.
 *
 * Defaults deploy as they are and update in place: Batch's service-linked role, the
 * `BEST_FIT_PROGRESSIVE` / `SPOT_PRICE_CAPACITY_OPTIMIZED` strategies, an instance role with
 * its instance profile, a launch template that makes EC2 instances require IMDSv2, a
 * security group, and the private subnets of the VPC.
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * new batch.ComputeEnvironment(this, 'Spot', {
 *   computeResources: { vpc, type: batch.ComputeResourceType.SPOT, maxvCpus: 64 },
 * });
 */
export class ComputeEnvironment extends ComputeEnvironmentBase implements ec2.IConnectable {
  /**
   * Imports a compute environment by its ARN.
   * @param arn `arn:PARTITION:batch:REGION:ACCOUNT:compute-environment/NAME`
   */
  public static fromComputeEnvironmentArn(scope: Construct, id: string, arn: string): IComputeEnvironment {
    throwIfInvalid(scope, [checkPattern(`${id}: computeEnvironmentArn`, arn, COMPUTE_ENVIRONMENT_ARN,
      'must be a compute environment ARN (arn:PARTITION:batch:REGION:ACCOUNT:compute-environment/NAME)')]);
    return new ImportedComputeEnvironment(scope, id, arn);
  }

  /**
   * Imports a compute environment of this stack's account and region by its name.
   */
  public static fromComputeEnvironmentName(scope: Construct, id: string, name: string): IComputeEnvironment {
    throwIfInvalid(scope, [checkBatchName(`${id}: computeEnvironmentName`, name)]);
    const arn = Stack.of(scope).formatArn({
      service: 'batch', resource: 'compute-environment', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new ImportedComputeEnvironment(scope, id, arn);
  }

  /** @inheritdoc */
  public readonly computeEnvironmentArn: string;
  /** @inheritdoc */
  public readonly computeEnvironmentName: string;
  /** @inheritdoc */
  public readonly computeResourceType?: ComputeResourceType;
  /**
   * The security groups of the instances or Fargate tasks; empty for an unmanaged environment.
   */
  public readonly connections: ec2.Connections;
  /**
   * The IAM role of the EC2 instances: grant it what the instances themselves need
   * (jobs should use a job role instead).
   * @default - none for Fargate and unmanaged environments
   */
  public readonly instanceRole?: iam.IRole;
  /**
   * The instance profile made for `instanceRole`.
   * @default - none for Fargate and unmanaged environments
   */
  public readonly instanceProfile?: iam.IInstanceProfile;
  /**
   * The Spot Fleet role, only where Batch needs one (SPOT with `BEST_FIT`) or one was given.
   * @default - none
   */
  public readonly spotFleetRole?: iam.IRole;

  constructor(scope: Construct, id: string, props: ComputeEnvironmentProps = {}) {
    super(scope, id, { physicalName: props.computeEnvironmentName });
    const managed = props.managed ?? true;
    const resources = props.computeResources;
    const type = managed ? resources?.type ?? ComputeResourceType.ON_DEMAND : undefined;
    const isEc2 = type !== undefined && EC2_TYPES.includes(type);

    throwIfInvalid(this, [
      checkBatchName('computeEnvironmentName', props.computeEnvironmentName),
      ...checkManagement(props, managed),
      ...(resources && managed ? checkComputeResources(resources, type!) : []),
      ...checkUpdateSettings(props, isEc2),
    ]);

    this.computeResourceType = type;
    const securityGroups = resources && managed
      ? resources.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: resources.vpc })]
      : [];
    this.connections = new ec2.Connections({ securityGroups });

    let computeResources: batch.CfnComputeEnvironment.ComputeResourcesProperty | undefined;
    if (resources && managed) {
      const common = {
        type: type!,
        maxvCpus: resources.maxvCpus ?? 256,
        subnets: this.selectSubnetIds(resources),
        securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
      };
      if (isEc2) {
        const strategy = resources.allocationStrategy
          ?? (type === ComputeResourceType.SPOT ? AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED : AllocationStrategy.BEST_FIT_PROGRESSIVE);
        this.instanceRole = resources.instanceRole ?? managedPolicyRole(this, 'InstanceRole', 'ec2.amazonaws.com',
          'service-role/AmazonEC2ContainerServiceforEC2Role',
          'AWS Batch documents this AWS managed policy for the ECS container instance role; AWS keeps it in step with what the '
          + 'ECS agent needs (register, poll, pull from ECR, ship logs). Give instanceRole to use your own role instead');
        this.instanceProfile = new iam.InstanceProfile(this, 'InstanceProfile', { role: this.instanceRole });
        // Batch runs Spot with BEST_FIT on Spot Fleet, which needs this role; the other
        // strategies use EC2 Fleet through the Batch service-linked role.
        const needsFleetRole = type === ComputeResourceType.SPOT && strategy.value === AllocationStrategy.BEST_FIT.value;
        this.spotFleetRole = resources.spotFleetRole ?? (needsFleetRole ? managedPolicyRole(this, 'SpotFleetRole', 'spotfleet.amazonaws.com',
          'service-role/AmazonEC2SpotFleetTaggingRole',
          'AWS Batch documents this AWS managed policy for the Spot Fleet role of BEST_FIT Spot environments; AWS maintains the '
          + 'EC2 permissions Spot Fleet needs. Give spotFleetRole to use your own role instead') : undefined);
        computeResources = { ...common, ...this.renderEc2Resources(resources, strategy, this.instanceProfile) };
      } else {
        computeResources = common;
      }
    }

    const resource = new batch.CfnComputeEnvironment(this, 'Resource', {
      type: managed ? 'MANAGED' : 'UNMANAGED',
      computeEnvironmentName: this.physicalName,
      state: (props.enabled ?? true) ? 'ENABLED' : 'DISABLED',
      serviceRole: props.serviceRole?.roleArn,
      unmanagedvCpus: props.unmanagedvCpus,
      computeResources,
      replaceComputeEnvironment: isEc2 ? props.replaceComputeEnvironment ?? false : undefined,
      updatePolicy: props.updatePolicy && {
        terminateJobsOnUpdate: props.updatePolicy.terminateJobsOnUpdate,
        jobExecutionTimeoutMinutes: props.updatePolicy.jobExecutionTimeout?.toMinutes(),
      },
    });

    this.computeEnvironmentArn = this.getResourceArnAttribute(resource.attrComputeEnvironmentArn, {
      service: 'batch', resource: 'compute-environment', resourceName: this.physicalName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    // A given name is known now; a generated one is the last part of the ARN.
    this.computeEnvironmentName = props.computeEnvironmentName ?? this.getResourceNameAttribute(
      Stack.of(this).splitArn(resource.attrComputeEnvironmentArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!);

    if (isEc2) this.warnAboutUpdates(props);
  }

  /** The subnet IDs of the selection, checked against Fargate's limit. */
  private selectSubnetIds(resources: ComputeResources): string[] {
    const selection = resources.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    let subnetIds: string[];
    try {
      subnetIds = resources.vpc.selectSubnets(selection).subnetIds;
    } catch (e) {
      throwIfInvalid(this, [`computeResources.vpcSubnets must select subnets of the VPC: ${(e as Error).message}. `
        + 'The default is the private subnets with egress; pass vpcSubnets to choose others']);
      throw e;
    }
    const isEc2 = EC2_TYPES.includes(resources.type ?? ComputeResourceType.ON_DEMAND);
    throwIfInvalid(this, [checkCount('computeResources.vpcSubnets', subnetIds, { min: 1, max: isEc2 ? undefined : 16 })]);
    return subnetIds;
  }

  /** The EC2-only part of the compute resources. */
  private renderEc2Resources(resources: ComputeResources, strategy: AllocationStrategy, instanceProfile: iam.IInstanceProfile) {
    const imageId = resources.image?.getImage(this).imageId;
    const launchTemplate = resources.launchTemplate;
    return {
      minvCpus: resources.minvCpus ?? 0,
      desiredvCpus: resources.desiredvCpus,
      instanceTypes: (resources.instanceTypes ?? [BatchInstanceTypes.DEFAULT_X86_64]).map(String),
      allocationStrategy: strategy.value,
      bidPercentage: resources.bidPercentage,
      spotIamFleetRole: this.spotFleetRole?.roleArn,
      instanceRole: instanceProfile.instanceProfileArn,
      ec2KeyPair: resources.ec2KeyPair?.keyPairName,
      placementGroup: resources.placementGroup?.placementGroupName,
      tags: resources.tags,
      // With an image type, the AMI goes into ec2Configuration (which would override imageId anyway).
      imageId: resources.imageType ? undefined : imageId,
      ec2Configuration: resources.imageType && [{ imageType: resources.imageType.value, imageIdOverride: imageId }],
      updateToLatestImageVersion: resources.updateToLatestImageVersion,
      launchTemplate: launchTemplate ? {
        // Batch takes the ID or the name, never both.
        launchTemplateId: launchTemplate.launchTemplate.launchTemplateId,
        launchTemplateName: launchTemplate.launchTemplate.launchTemplateId ? undefined : launchTemplate.launchTemplate.launchTemplateName,
        version: launchTemplate.version ?? launchTemplate.launchTemplate.versionNumber,
      } : this.defaultLaunchTemplate(),
    };
  }

  /**
   * Without a launch template of the user's, the stack's IMDSv2-only template. Its
   * latest version number is given, so a change to it reaches the instances.
   */
  private defaultLaunchTemplate(): batch.CfnComputeEnvironment.LaunchTemplateSpecificationProperty {
    const template = imdsv2LaunchTemplate(this);
    return { launchTemplateId: template.ref, version: template.attrLatestVersionNumber };
  }

  /** Warns about settings that make a later update fail instead of happening in place. */
  private warnAboutUpdates(props: ComputeEnvironmentProps): void {
    const replace = props.replaceComputeEnvironment ?? false;
    const blockers: string[] = [];
    if (props.serviceRole && !isServiceLinkedRole(props.serviceRole)) blockers.push('a custom serviceRole');
    if (props.computeResources?.allocationStrategy?.value === AllocationStrategy.BEST_FIT.value) blockers.push('the BEST_FIT allocation strategy');

    if (blockers.length > 0 && !replace) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:noInfrastructureUpdate`,
        `Batch cannot update this compute environment in place because of ${blockers.join(' and ')}, `
        + 'and replaceComputeEnvironment is false: a later change to a setting that needs new instances '
        + '(instance types, allocation strategy, subnets, security groups, image, launch template, key pair, '
        + 'instance role, placement group, tags, bid percentage or type) will fail the stack update. '
        + 'Use the service-linked role (omit serviceRole) and BEST_FIT_PROGRESSIVE or a SPOT_* strategy, '
        + 'or set replaceComputeEnvironment: true to let CloudFormation replace the environment.');
    }
    if (props.computeEnvironmentName !== undefined && replace) {
      Annotations.of(this).addWarningV2(`${WARNING_PREFIX}:fixedNameBlocksReplacement`,
        `computeEnvironmentName is fixed to ${JSON.stringify(props.computeEnvironmentName)} and replaceComputeEnvironment is true: `
        + 'a replacement creates the new environment before deleting the old one and fails because the name is taken. '
        + 'Omit computeEnvironmentName to let CloudFormation generate a name.');
    }
  }
}

/** A role for an AWS service with one AWS managed policy, whose cdk-nag finding is acknowledged with the reason. */
function managedPolicyRole(scope: Construct, id: string, service: string, policyName: string, reason: string): iam.Role {
  const policy = iam.ManagedPolicy.fromAwsManagedPolicyName(policyName);
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal(service), managedPolicies: [policy] });
  acknowledgeManagedPolicy(role, policy.managedPolicyArn, reason);
  return role;
}

/** Whether a role is Batch's service-linked role, given explicitly (infrastructure updates work with it). */
function isServiceLinkedRole(role: iam.IRole): boolean {
  return isKnown(role.roleArn) && role.roleArn.endsWith('/AWSServiceRoleForBatch');
}

/** Managed versus unmanaged: which top-level settings each allows. */
function checkManagement(props: ComputeEnvironmentProps, managed: boolean): Problem[] {
  if (managed) {
    return [
      props.computeResources === undefined
        ? 'computeResources is required for a managed compute environment, got undefined. Pass computeResources: { vpc }, or set managed: false'
        : undefined,
      checkNotSet('unmanagedvCpus', props.unmanagedvCpus, 'applies only to unmanaged compute environments (managed is true)',
        'Remove it, or set managed: false'),
    ];
  }
  return [
    props.computeResources === undefined ? undefined
      : 'computeResources must be omitted for an unmanaged compute environment (managed is false), got compute resources. '
        + 'Launch your own instances into its ECS cluster, or set managed: true',
    checkRange('unmanagedvCpus', props.unmanagedvCpus, { min: 0, integer: true }),
  ];
}

/** updatePolicy and replaceComputeEnvironment: only EC2 environments have infrastructure updates. */
function checkUpdateSettings(props: ComputeEnvironmentProps, isEc2: boolean): Problem[] {
  const timeout = props.updatePolicy?.jobExecutionTimeout;
  const notEc2 = 'applies only to managed ON_DEMAND and SPOT environments';
  const hint = 'Fargate and unmanaged environments have no infrastructure updates; remove it';
  return [
    isEc2 ? undefined : checkNotSet('updatePolicy', props.updatePolicy && 'an update policy', notEc2, hint),
    isEc2 ? undefined : checkNotSet('replaceComputeEnvironment', props.replaceComputeEnvironment, notEc2, hint),
    checkDuration('updatePolicy.jobExecutionTimeout', timeout, { min: Duration.minutes(1), max: Duration.minutes(360) }),
    isKnown(timeout) && !Number.isInteger(timeout.toSeconds() / 60)
      ? problem('updatePolicy.jobExecutionTimeout', timeout, 'must be a whole number of minutes')
      : undefined,
  ];
}

/** Every rule of the compute resources of a managed environment. */
function checkComputeResources(r: ComputeResources, type: ComputeResourceType): Problem[] {
  const isEc2 = EC2_TYPES.includes(type);
  const instanceTypes = (r.instanceTypes ?? []).map(String);
  const strategy = r.allocationStrategy;
  const problems: Problem[] = [
    checkRange('computeResources.minvCpus', r.minvCpus, { min: 0, integer: true }),
    checkRange('computeResources.maxvCpus', r.maxvCpus, { min: 0, integer: true }),
    checkRange('computeResources.desiredvCpus', r.desiredvCpus, { min: 0, integer: true }),
    checkOrder('computeResources.minvCpus', r.minvCpus ?? 0, 'computeResources.maxvCpus', r.maxvCpus ?? 256),
    checkOrder('computeResources.minvCpus', r.minvCpus ?? 0, 'computeResources.desiredvCpus', r.desiredvCpus),
    checkOrder('computeResources.desiredvCpus', r.desiredvCpus, 'computeResources.maxvCpus', r.maxvCpus ?? 256),
    checkCount('computeResources.securityGroups', r.securityGroups,
      { min: 1, max: isEc2 ? undefined : 5, hint: 'Omit securityGroups to get a new security group' }),
  ];

  if (!isEc2) {
    const notFargate = `applies only to ON_DEMAND and SPOT environments (type is ${type})`;
    const ec2Only: Array<[string, unknown]> = [
      ['instanceTypes', r.instanceTypes && instanceTypes],
      ['image', r.image && 'a machine image'],
      ['imageType', r.imageType?.value],
      ['updateToLatestImageVersion', r.updateToLatestImageVersion],
      ['ec2KeyPair', constructLabel(r.ec2KeyPair)],
      ['instanceRole', constructLabel(r.instanceRole)],
      ['launchTemplate', constructLabel(r.launchTemplate?.launchTemplate)],
      ['placementGroup', constructLabel(r.placementGroup)],
      ['minvCpus', r.minvCpus],
      ['desiredvCpus', r.desiredvCpus],
      ['bidPercentage', r.bidPercentage],
      ['allocationStrategy', strategy?.value],
      ['spotFleetRole', constructLabel(r.spotFleetRole)],
      ['tags', r.tags],
    ];
    return [...problems, ...ec2Only.map(([name, value]) =>
      checkNotSet(`computeResources.${name}`, value, notFargate, 'Fargate chooses and manages the capacity itself; remove it'))];
  }

  const notSpot = `applies only to SPOT environments (type is ${type})`;
  const isSpot = type === ComputeResourceType.SPOT;
  return [
    ...problems,
    isSpot ? undefined : checkNotSet('computeResources.bidPercentage', r.bidPercentage, notSpot),
    checkRange('computeResources.bidPercentage', r.bidPercentage, { min: 0, max: 100, integer: true }),
    isSpot ? undefined : checkNotSet('computeResources.spotFleetRole', constructLabel(r.spotFleetRole), notSpot),
    isSpot || !strategy?.spotOnly ? undefined : checkNotSet('computeResources.allocationStrategy', strategy.value, notSpot,
      'Use BEST_FIT_PROGRESSIVE for On-Demand instances'),
    ...checkInstanceTypes(r, instanceTypes),
    ...checkImage(r, instanceTypes),
    ...checkTagMap('computeResources.tags', r.tags, MAX_TAGS),
    checkLaunchTemplate(r.launchTemplate),
  ];
}

/** The instance type list: not empty, no duplicates, one architecture. */
function checkInstanceTypes(r: ComputeResources, instanceTypes: string[]): Problem[] {
  const repeated = duplicates(instanceTypes);
  return [
    checkCount('computeResources.instanceTypes', r.instanceTypes,
      { min: 1, hint: 'Omit instanceTypes to let Batch choose (default_x86_64)' }),
    repeated.length > 0
      ? problem('computeResources.instanceTypes', instanceTypes, 'must not repeat an instance type', `Remove the repeated ${repeated.join(', ')}`)
      : undefined,
    checkOneArchitecture('computeResources.instanceTypes', instanceTypes),
  ];
}

/** The image and image type against each other and the instance types. */
function checkImage(r: ComputeResources, instanceTypes: string[]): Problem[] {
  const imageType = r.imageType?.value;
  const problems: Problem[] = [
    r.image && r.updateToLatestImageVersion
      ? problem('computeResources.updateToLatestImageVersion', true, 'must not be set with computeResources.image',
        'Batch ignores it for a fixed AMI; remove one of the two')
      : undefined,
  ];
  if (imageType === undefined || Token.isUnresolved(imageType)) return problems;

  if (imageType.startsWith('EKS_')) {
    problems.push(problem('computeResources.imageType', imageType, 'must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA)',
      'This construct creates ECS-based environments'));
  }
  const a1 = typesInFamilies(instanceTypes, ['a1']);
  if (imageType.startsWith('ECS_AL2023') && a1.length > 0) {
    problems.push(problem('computeResources.instanceTypes', a1, `must not include A1 instance types with imageType ${imageType}`,
      'Amazon Linux 2023 does not support A1; use a newer Graviton family (e.g. m7g) or imageType ECS_AL2'));
  }
  const oldGpus = typesInFamilies(instanceTypes, ['p3', 'p3dn', 'g3', 'g3s']);
  if (imageType === ImageType.ECS_AL2023_NVIDIA.value && oldGpus.length > 0) {
    problems.push(problem('computeResources.instanceTypes', oldGpus, 'must not include P3 or G3 instance types with imageType ECS_AL2023_NVIDIA',
      'Use a newer GPU family (e.g. g5) or imageType ECS_AL2_NVIDIA'));
  }
  const arm = instanceTypes.filter((t) => instanceArchitecture(t) === 'arm64');
  if (imageType.endsWith('_NVIDIA') && arm.length > 0) {
    problems.push(problem('computeResources.instanceTypes', arm, `must be x86 instance types with imageType ${imageType}`,
      'The NVIDIA images do not run on Graviton; use ECS_AL2023 for ARM instances'));
  }
  return problems;
}

/** The launch template must be identifiable and its version valid. */
function checkLaunchTemplate(spec: ComputeEnvironmentLaunchTemplate | undefined): Problem {
  if (!spec) return undefined;
  const template = spec.launchTemplate;
  if (template.launchTemplateId === undefined && template.launchTemplateName === undefined) {
    return problem('computeResources.launchTemplate', constructLabel(template), 'must have a launchTemplateId or a launchTemplateName',
      'Import it with ec2.LaunchTemplate.fromLaunchTemplateAttributes({ launchTemplateId }) or ({ launchTemplateName })');
  }
  return checkPattern('computeResources.launchTemplate.version', spec.version, LAUNCH_TEMPLATE_VERSION,
    'must be a version number, "$Default" or "$Latest"');
}
