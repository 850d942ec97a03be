import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ComputeEnvironmentBase, IComputeEnvironment, ImportedComputeEnvironment } from './compute-environment-base';
import { computeEnvironmentProblems, environmentType, isVpc, SelectedSubnets, subnetProblems } from './compute-environment-rules';
import {
  AllocationStrategy, BatchInstanceTypes, ComputeEnvironmentProps, ComputeResources, ComputeResourceType,
} from './compute-environment-types';
import { isEc2 } from './compute-resource-type';
import { maxvCpusOf } from './compute-resources-rules';
import { clusterFacts, clusterSecurityGroupOf } from './eks-cluster-access';
import { DEFAULT_EKS_IMAGE_TYPE, eksInstanceRole, eksUserdataType, renderEksConfiguration, setUpEks } from './eks-configuration';
import { EksClusterFacts, eksImageSettings } from './eks-configuration-rules';
import { ContainerOrchestrationType } from './eks-configuration-types';
import { renderLaunchTemplateOverrides } from './launch-template-override-rules';
import { renderScalingPolicy } from './scale-down-delay';
import { importedArn, importedName } from '../private/arn';
import { imdsv2LaunchTemplate } from '../private/imdsv2-launch-template';
import { acknowledgeManagedPolicy } from '../private/nag';
import { reportProblems } from '../private/validation/problem';

/**
 * An AWS Batch compute environment: managed EC2 (On-Demand or Spot), Fargate (or Fargate
 * Spot), or unmanaged; on Amazon ECS, or on an Amazon EKS cluster (`eks`).
 *
 * Defaults deploy as they are and update in place: Batch's service-linked role, the
 * `BEST_FIT_PROGRESSIVE` / `SPOT_PRICE_CAPACITY_OPTIMIZED` strategies, an instance role with
 * its instance profile, a launch template that makes EC2 instances require IMDSv2, a
 * security group, and the private subnets of the VPC.
 *
 * @resource AWS::Batch::ComputeEnvironment
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
    const name = importedName(scope, id, arn, 'compute-environment');
    return new ImportedComputeEnvironment(scope, id, arn, name);
  }

  /**
   * Imports a compute environment of this stack's account and region by its name.
   */
  public static fromComputeEnvironmentName(scope: Construct, id: string, name: string): IComputeEnvironment {
    const arn = importedArn(scope, id, name, 'compute-environment');
    return new ImportedComputeEnvironment(scope, id, arn, name);
  }

  /** @inheritdoc */
  public readonly computeEnvironmentArn: string;
  /** @inheritdoc */
  public readonly computeEnvironmentName: string;
  /** @inheritdoc */
  public readonly computeResourceType?: ComputeResourceType;
  /** What runs the jobs: EKS with `eks`, ECS otherwise (always set on this construct). */
  public readonly containerOrchestrationType?: ContainerOrchestrationType;
  /**
   * The security groups of the instances or Fargate tasks; empty for an unmanaged environment.
   */
  public readonly connections: ec2.Connections;
  /**
   * The IAM role of the EC2 instances: grant it what the instances themselves need
   * (jobs should use a job role instead). With a given `instanceProfile`, that profile's role
   * when it is known (an import by name has none).
   * @default - none for Fargate and unmanaged environments
   */
  public readonly instanceRole?: iam.IRole;
  /**
   * The instance profile the EC2 instances use: the one made for `instanceRole`, or the
   * `instanceProfile` given. A launch template of your own can name it.
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
    const type = environmentType(props);
    const ec2Type = isEc2(type);
    // The compute resources of a managed environment; an unmanaged one has none.
    const resources = managed ? props.computeResources : undefined;
    // Subnets are selected only from a VPC (a wrong type is one of the findings).
    const subnets = resources && isVpc(resources.vpc) ? selectSubnets(resources) : undefined;
    const eks = props.eks;
    const facts = eksFactsOf(this, props);
    reportProblems(this, [
      ...computeEnvironmentProblems(props, facts),
      ...(subnets ? subnetProblems(type!, subnets) : []),
    ]);

    this.computeResourceType = type;
    this.containerOrchestrationType = eks ? ContainerOrchestrationType.EKS : ContainerOrchestrationType.ECS;
    // EKS nodes join the cluster in its security group (the Batch user guide's setup), when it is known.
    const clusterGroup = eks && managed ? clusterSecurityGroupOf(eks.cluster) : undefined;
    const securityGroups = resources
      ? resources.securityGroups ?? (clusterGroup ? [clusterGroup] : [new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: resources.vpc })])
      : [];
    this.connections = new ec2.Connections({ securityGroups });

    let computeResources: batch.CfnComputeEnvironment.ComputeResourcesProperty | undefined;
    if (resources) {
      const common = {
        type: type!,
        maxvCpus: maxvCpusOf(resources),
        subnets: subnets!.subnetIds as string[],
        securityGroupIds: securityGroups.map((sg) => sg.securityGroupId),
      };
      if (ec2Type) {
        const strategy = resources.allocationStrategy
          ?? (type === ComputeResourceType.SPOT ? AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED : AllocationStrategy.BEST_FIT_PROGRESSIVE);
        if (resources.instanceProfile) {
          // An existing profile: no role and no profile are created.
          this.instanceProfile = resources.instanceProfile;
          this.instanceRole = resources.instanceProfile.role;
        } else {
          this.instanceRole = resources.instanceRole ?? (eks ? eksInstanceRole(this, 'InstanceRole') : managedPolicyRole(this, 'InstanceRole',
            'ec2.amazonaws.com', 'service-role/AmazonEC2ContainerServiceforEC2Role',
            'AWS Batch documents this AWS managed policy for the ECS container instance role; AWS keeps it in step with what the '
            + 'ECS agent needs (register, poll, pull from ECR, ship logs). Give instanceRole to use your own role instead'));
          this.instanceProfile = new iam.InstanceProfile(this, 'InstanceProfile', {
            role: this.instanceRole, instanceProfileName: resources.instanceProfileName,
          });
        }
        // Batch runs Spot with BEST_FIT on Spot Fleet, which needs this role; the other
        // strategies use EC2 Fleet through the Batch service-linked role.
        const needsFleetRole = type === ComputeResourceType.SPOT && strategy.value === AllocationStrategy.BEST_FIT.value;
        this.spotFleetRole = resources.spotFleetRole ?? (needsFleetRole ? managedPolicyRole(this, 'SpotFleetRole', 'spotfleet.amazonaws.com',
          'service-role/AmazonEC2SpotFleetTaggingRole',
          'AWS Batch documents this AWS managed policy for the Spot Fleet role of BEST_FIT Spot environments; AWS maintains the '
          + 'EC2 permissions Spot Fleet needs. Give spotFleetRole to use your own role instead') : undefined);
        computeResources = { ...common, ...this.renderEc2Resources(props, resources, strategy, this.instanceProfile) };
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
      eksConfiguration: eks && renderEksConfiguration(eks),
      // On Fargate and unmanaged environments it has no effect (a warning) and is rendered only as given.
      replaceComputeEnvironment: ec2Type ? props.replaceComputeEnvironment ?? false : props.replaceComputeEnvironment,
      updatePolicy: props.updatePolicy && {
        terminateJobsOnUpdate: props.updatePolicy.terminateJobsOnUpdate,
        jobExecutionTimeoutMinutes: props.updatePolicy.jobExecutionTimeout?.toMinutes(),
      },
    });

    this.computeEnvironmentArn = this.getResourceArnAttribute(resource.attrComputeEnvironmentArn, {
      service: 'batch', resource: 'compute-environment', resourceName: this.physicalName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    if (eks) {
      setUpEks(this, resource, {
        configuration: eks,
        configureAccess: eks.configureClusterAccess ?? facts!.owned,
        serviceRole: props.serviceRole,
        nodeRole: this.instanceRole,
      });
    }
    // A given name is known now; a generated one is the last part of the ARN.
    this.computeEnvironmentName = props.computeEnvironmentName ?? this.getResourceNameAttribute(
      Stack.of(this).splitArn(resource.attrComputeEnvironmentArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!);
  }

  /** The EC2-only part of the compute resources. */
  private renderEc2Resources(props: ComputeEnvironmentProps, resources: ComputeResources, strategy: AllocationStrategy,
    instanceProfile: iam.IInstanceProfile) {
    const imageId = resources.image?.getImage(this).imageId;
    const launchTemplate = resources.launchTemplate;
    const eks = props.eks !== undefined;
    const userdataType = eks ? eksUserdataType(launchTemplate?.userdataType, eksImageSettings(props).customAl2023Image) : undefined;
    // `[]` leaves the choice to Batch: no InstanceTypes.
    const instanceTypes = (resources.instanceTypes ?? [BatchInstanceTypes.DEFAULT_X86_64]).map(String);
    return {
      minvCpus: resources.minvCpus ?? 0,
      desiredvCpus: resources.desiredvCpus,
      instanceTypes: instanceTypes.length > 0 ? instanceTypes : undefined,
      allocationStrategy: strategy.value,
      bidPercentage: resources.bidPercentage,
      spotIamFleetRole: this.spotFleetRole?.roleArn,
      instanceRole: instanceProfile.instanceProfileArn,
      ec2KeyPair: resources.ec2KeyPair?.keyPairName,
      placementGroup: resources.placementGroup?.placementGroupName,
      tags: resources.tags,
      // With an image type (always on EKS), the AMI goes into ec2Configuration (which would override imageId anyway).
      imageId: resources.imageType || resources.images || eks ? undefined : imageId,
      ec2Configuration: this.renderEc2Configuration(resources, imageId, eks),
      updateToLatestImageVersion: resources.updateToLatestImageVersion,
      launchTemplate: launchTemplate ? {
        // Batch takes the ID or the name, never both.
        launchTemplateId: launchTemplate.launchTemplate.launchTemplateId,
        launchTemplateName: launchTemplate.launchTemplate.launchTemplateId ? undefined : launchTemplate.launchTemplate.launchTemplateName,
        version: launchTemplate.version ?? launchTemplate.launchTemplate.versionNumber,
        userdataType,
        overrides: renderLaunchTemplateOverrides(launchTemplate.overrides),
      } : { ...this.defaultLaunchTemplate(), userdataType },
      scalingPolicy: renderScalingPolicy(resources.scaleDownDelay),
    };
  }

  /** `ec2Configuration`: from `images`, or from `imageType` and `image` (an EKS image type by default on EKS). */
  private renderEc2Configuration(resources: ComputeResources, imageId: string | undefined, eks: boolean) {
    if (resources.images) {
      return resources.images.map((image) => ({
        imageType: image.imageType.value,
        imageIdOverride: image.image?.getImage(this).imageId,
        imageKubernetesVersion: image.kubernetesVersion,
      }));
    }
    const imageType = resources.imageType?.value ?? (eks && imageId ? DEFAULT_EKS_IMAGE_TYPE : undefined);
    return imageType === undefined ? undefined : [{ imageType, imageIdOverride: imageId }];
  }

  /**
   * Without a launch template of the user's, the stack's IMDSv2-only template. Its
   * latest version number is given, so a change to it reaches the instances.
   */
  private defaultLaunchTemplate(): batch.CfnComputeEnvironment.LaunchTemplateSpecificationProperty {
    const template = imdsv2LaunchTemplate(this);
    return { launchTemplateId: template.ref, version: template.attrLatestVersionNumber };
  }
}

/** What the EKS rules need to know about the cluster; undefined without `eks` or when its cluster is not a construct. */
function eksFactsOf(environment: ComputeEnvironment, props: ComputeEnvironmentProps): EksClusterFacts | undefined {
  const cluster = props.eks?.cluster;
  if (cluster === undefined || typeof cluster !== 'object' || !('node' in cluster)) return undefined;
  const resources = (props.managed ?? true) ? props.computeResources : undefined;
  if (resources === undefined) return clusterFacts(cluster, undefined);
  // An existing instance profile may not say its role: then the construct cannot map it.
  const profile = resources.instanceProfile;
  if (profile) return { ...clusterFacts(cluster, profile.role), nodeRoleUnknown: !profile.role };
  return clusterFacts(cluster, resources.instanceRole ?? environment);
}

/** The subnets of the selection (by default the private subnets with egress), or why none could be selected. */
function selectSubnets(resources: ComputeResources): SelectedSubnets {
  const selection = resources.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  try {
    return { subnetIds: resources.vpc.selectSubnets(selection).subnetIds };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A role for an AWS service with one AWS managed policy, whose cdk-nag finding is acknowledged with the reason. */
function managedPolicyRole(scope: Construct, id: string, service: string, policyName: string, reason: string): iam.Role {
  const policy = iam.ManagedPolicy.fromAwsManagedPolicyName(policyName);
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal(service), managedPolicies: [policy] });
  acknowledgeManagedPolicy(role, policy.managedPolicyArn, reason);
  return role;
}
