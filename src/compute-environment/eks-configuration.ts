import { Validations } from 'aws-cdk-lib';
import { CfnComputeEnvironment } from 'aws-cdk-lib/aws-batch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ClusterAccess, configureClusterAccess } from './eks-cluster-access';
import { EksAccessEntryState, EksConfiguration, UserdataType } from './eks-configuration-types';
import { acknowledgeManagedPolicy } from '../private/nag';

/**
 * What an EKS compute environment adds to the construct: the instance role EKS nodes need, the
 * `EksConfiguration` it renders (with the access entry the pinned L1 lacks), the node initialization
 * of custom AMIs, and the cluster access (`eks-cluster-access.ts`).
 */

/** The image type Batch uses for EKS nodes when none is given. */
export const DEFAULT_EKS_IMAGE_TYPE = 'EKS_AL2023';

/** The AWS managed policies of the nodes' role, with why each is needed. */
export const EKS_NODE_POLICIES: ReadonlyArray<[string, string]> = [
  ['AmazonEKSWorkerNodePolicy', 'EKS nodes need it to join the cluster (Amazon EKS User Guide, node IAM role); it is scoped by EKS to what a '
    + 'node does'],
  ['AmazonEC2ContainerRegistryPullOnly', 'the kubelet pulls the job images from Amazon ECR with the node role (Amazon EKS User Guide, node IAM '
    + 'role); pull-only, no push'],
  ['AmazonEKS_CNI_Policy', 'the Amazon VPC CNI plugin on the node assigns pod IP addresses with the node role unless it has its own role '
    + '(Amazon EKS User Guide, node IAM role); give instanceRole to leave it out'],
];

/** The role of EKS nodes: EKS worker, ECR pull and VPC CNI policies (not the ECS instance policy). */
export function eksInstanceRole(scope: Construct, id: string): iam.Role {
  const policies = EKS_NODE_POLICIES.map(([name]) => iam.ManagedPolicy.fromAwsManagedPolicyName(name));
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: policies,
    description: `Instance role of the EKS nodes of Batch compute environment ${scope.node.path}`,
  });
  EKS_NODE_POLICIES.forEach(([, reason], i) => acknowledgeManagedPolicy(role, policies[i].managedPolicyArn, reason));
  return role;
}

/** `EksConfiguration` as the L1 takes it. */
export function renderEksConfiguration(configuration: EksConfiguration): CfnComputeEnvironment.EksConfigurationProperty {
  return { eksClusterArn: configuration.cluster.clusterArn, kubernetesNamespace: configuration.kubernetesNamespace };
}

/**
 * The user data type of the environment's launch template: the one given, else EKS_NODEADM for a
 * custom AMI of an EKS_AL2023 image type (which needs nodeadm), else none (Batch's EKS_BOOTSTRAP_SH).
 */
export function eksUserdataType(given: UserdataType | undefined, customAl2023Image: boolean): string | undefined {
  return given?.value ?? (customAl2023Image ? UserdataType.EKS_NODEADM.value : undefined);
}

/** Options of `setUpEks`. */
export interface EksSetUpOptions {
  readonly configuration: EksConfiguration;
  /** Whether to configure cluster access (the prop, or its default worked out by the construct). */
  readonly configureAccess: boolean;
  readonly serviceRole?: iam.IRole;
  readonly nodeRole?: iam.IRole;
}

/**
 * Configures cluster access (when asked), makes the environment wait for it, and renders the
 * access entry state.
 */
export function setUpEks(environment: Construct, resource: CfnComputeEnvironment, options: EksSetUpOptions): ClusterAccess | undefined {
  const { configuration } = options;
  const access = options.configureAccess ? configureClusterAccess(environment, {
    cluster: configuration.cluster,
    namespace: configuration.kubernetesNamespace,
    createNamespace: configuration.createNamespace ?? true,
    serviceRole: options.serviceRole,
    nodeRole: options.nodeRole,
  }) : undefined;
  for (const dependency of access?.dependencies ?? []) resource.node.addDependency(dependency);
  const state = configuration.accessEntry ?? (access?.usesAccessEntries ? EksAccessEntryState.ENABLED : undefined);
  if (state !== undefined) {
    resource.addPropertyOverride('EksConfiguration.AccessEntry.DesiredState', state);
    Validations.of(resource).acknowledge({
      id: 'CloudFormation-Validate::F3002',
      reason: 'EksConfiguration.AccessEntry is in the CloudFormation resource reference of AWS::Batch::ComputeEnvironment, but not yet in '
        + 'the resource schema aws-cdk-lib 2.263 validates against',
    });
  }
  return access;
}
