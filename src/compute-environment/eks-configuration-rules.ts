import { ComputeEnvironmentProps } from './compute-environment-types';
import { EksAccessEntryState, EksConfiguration, UserdataType } from './eks-configuration-types';
import { checkTyped } from '../private/validation/batch-rules';
import { checkNotSet, checkPattern } from '../private/validation/checks';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnReference, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a compute environment on Amazon EKS (`eks`): the namespace, the capacity EKS
 * environments take, the node images and their initialization, and what configuring cluster access
 * needs. Inputs are structural (the props and the facts the construct worked out about the cluster).
 */

export const EKS_ENVIRONMENT_RULES = defineRules('ComputeEnvironment', {
  eksNamespace: {
    severity: 'error',
    properties: 'eks.kubernetesNamespace',
    summary: 'The namespace is up to 63 lowercase letters, digits and hyphens (alphanumeric at both ends), not default, not starting with kube-.',
    sources: [batchApi('EksConfiguration kubernetesNamespace', 'Not empty, fewer than 64 characters, not default, not starting with kube-, '
      + 'matching ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$.')],
  },
  eksComputeType: {
    severity: 'error',
    properties: 'computeResources.type (with eks)',
    summary: 'An EKS environment runs EC2 instances: ON_DEMAND or SPOT, not Fargate.',
    sources: [batchUserGuide('Amazon EKS compute environments', 'Batch scales Kubernetes nodes, Amazon EC2 instances of the types and '
      + 'sizes the environment allows.'),
    batchUserGuide('Getting started with AWS Batch on Amazon EKS', 'An EKS compute environment uses EC2 On-Demand or EC2 Spot Instances.')],
  },
  eksAllocationStrategy: {
    severity: 'error',
    properties: 'computeResources.allocationStrategy (with eks)',
    summary: 'An EKS environment does not take the BEST_FIT allocation strategy.',
    sources: [batchUserGuide('Compute environment parameters: allocation strategy', 'BEST_FIT is not supported for compute environments '
      + 'that use Amazon EKS resources.'),
    batchApi('ComputeResource allocationStrategy', 'The strategy is required for Amazon EKS compute environments (this library always sets one).')],
  },
  eksDesiredvCpus: {
    severity: 'error',
    properties: 'computeResources.desiredvCpus (with eks)',
    summary: 'An EKS environment takes no desiredvCpus.',
    sources: [cfnReference('AWS::Batch::ComputeEnvironment ComputeResources DesiredvCpus', 'Batch does not support changing the desired '
      + 'vCPUs of an existing environment; do not specify it for environments on Amazon EKS clusters.')],
  },
  eksImageType: {
    severity: 'error',
    properties: 'computeResources.imageType, computeResources.images[].imageType (with eks)',
    summary: 'An EKS environment takes the EKS image types: EKS_AL2, EKS_AL2_NVIDIA, EKS_AL2023, EKS_AL2023_NVIDIA.',
    sources: [batchApi('Ec2Configuration imageType', 'The supported values differ for ECS and EKS resources; the EKS values are EKS_AL2, '
      + 'EKS_AL2_NVIDIA, EKS_AL2023 and EKS_AL2023_NVIDIA.')],
  },
  eksKubernetesVersion: {
    severity: 'error',
    properties: 'computeResources.images[].kubernetesVersion',
    summary: 'The Kubernetes version of the node AMI ("1.33") is for EKS environments only, and written MAJOR.MINOR.',
    sources: [batchApi('Ec2Configuration imageKubernetesVersion', 'The Kubernetes version of the compute environment; when omitted, the '
      + 'latest version Batch supports.'),
    batchUserGuide('Supported Kubernetes versions', 'Batch lists the versions it supports as MAJOR.MINOR, e.g. 1.33.')],
  },
  eksUserdataType: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.userdataType',
    summary: 'userdataType is for EKS environments only; a custom AMI based on EKS_AL2023 or EKS_AL2023_NVIDIA needs EKS_NODEADM.',
    sources: [batchApi('LaunchTemplateSpecification userdataType', 'The EKS node initialization process, needed only with a custom AMI; '
      + 'EKS_BOOTSTRAP_SH by default, and EKS_NODEADM is required for a custom AMI based on EKS_AL2023 or EKS_AL2023_NVIDIA.')],
  },
  eksAccessEntry: {
    severity: 'error',
    properties: 'eks.accessEntry',
    summary: 'accessEntry DISABLED is rejected on a cluster whose authentication mode is API.',
    sources: [batchApi('EksAccessEntry desiredState', 'DISABLED is rejected if the cluster\'s authenticationMode is API.')],
  },
  eksAccessEntryConfigMap: {
    severity: 'warning',
    properties: 'eks.accessEntry',
    summary: 'accessEntry ENABLED needs a cluster with access entries (authentication mode API or API_AND_CONFIG_MAP).',
    sources: [source(SourceDocument.EKS_USER_GUIDE, 'Grant IAM users access to Kubernetes with EKS access entries', 'Access entries need '
      + 'the cluster\'s authentication mode to be API or API_AND_CONFIG_MAP; a CONFIG_MAP cluster has none.')],
  },
  eksClusterKubectl: {
    severity: 'error',
    properties: 'eks.cluster, eks.configureClusterAccess',
    summary: 'Configuring access on an imported cluster needs its kubectl role or provider.',
    sources: [source(SourceDocument.AWS_CDK, 'aws-eks Cluster.fromClusterAttributes kubectlRoleArn, kubectlProvider', 'Kubernetes '
      + 'manifests are applied through the cluster\'s kubectl provider; an imported cluster has one only when the import gives '
      + 'kubectlRoleArn or kubectlProvider.')],
  },
  eksAwsAuthStack: {
    severity: 'error',
    properties: 'eks.cluster, eks.configureClusterAccess',
    summary: 'Mapping the instance role in aws-auth needs the role in the cluster\'s stack.',
    sources: [source(SourceDocument.AWS_CDK, 'aws-eks AwsAuth.addRoleMapping', 'A role mapped in the aws-auth ConfigMap must be defined in '
      + 'the cluster\'s stack, which prevents circular references between stacks.')],
  },
  eksSecurityGroups: {
    severity: 'warning',
    properties: 'computeResources.securityGroups (with eks)',
    summary: 'EKS nodes need a security group that reaches the cluster\'s control plane: by default the cluster security group.',
    sources: [batchUserGuide('Getting started with AWS Batch on Amazon EKS private clusters', 'The compute environment uses the cluster\'s '
      + 'security group and subnets, so the nodes reach the Kubernetes API server.'),
    batchUserGuide('Troubleshooting AWS Batch: EKS', 'When none of the nodes join the EKS cluster, the environment becomes INVALID.')],
  },
  eksNodeRoleUnknown: {
    severity: 'warning',
    properties: 'computeResources.instanceProfile, eks.configureClusterAccess',
    summary: 'Configured cluster access maps the instance role as a node; an instance profile imported without its role leaves that to you.',
    sources: [source(SourceDocument.EKS_USER_GUIDE, 'Amazon EKS node IAM role', 'Nodes join a cluster only when their IAM role is '
      + 'authenticated as a node (an EC2_LINUX access entry, or an aws-auth mapping to system:nodes).'),
    batchUserGuide('Troubleshooting AWS Batch: EKS', 'When none of the nodes join the EKS cluster, the environment becomes INVALID.')],
  },
  eksClusterAccessManual: {
    severity: 'warning',
    properties: 'eks.configureClusterAccess',
    summary: 'Without configureClusterAccess the cluster needs the namespace, the RBAC for aws-batch and the role mappings before the '
      + 'environment is created.',
    sources: [batchUserGuide('Getting started with AWS Batch on Amazon EKS', 'Create the namespace, the ClusterRole and Role with their '
      + 'bindings for the user aws-batch, and map AWSServiceRoleForBatch to aws-batch before creating the compute environment.'),
    batchUserGuide('Troubleshooting AWS Batch: EKS', 'Without the namespace or its RBAC the environment becomes INVALID (unable to validate '
      + 'the Kubernetes namespace); nodes that cannot join the cluster make it INVALID too.')],
  },
});

/** What the construct worked out about the cluster. */
export interface EksClusterFacts {
  /** Whether the cluster is an `eks.Cluster` of this app (not imported). */
  readonly owned: boolean;
  /** Its authentication mode, when known (an owned cluster's; CONFIG_MAP when not given). */
  readonly authenticationMode?: string;
  /** Whether manifests can be applied (a kubectl provider or role). */
  readonly kubectl: boolean;
  /** Whether the instance role is in the cluster's stack (undefined without instances: unmanaged). */
  readonly nodeRoleInClusterStack?: boolean;
  /** Whether the instances' role is unknown (an existing instance profile imported without its role). */
  readonly nodeRoleUnknown?: boolean;
  /** Whether the cluster's security group is known (an owned cluster, or an import with clusterSecurityGroupId). */
  readonly clusterSecurityGroup: boolean;
}

const TYPE_NAMES: Record<string, string> = { EC2: 'ON_DEMAND', SPOT: 'SPOT', FARGATE: 'FARGATE', FARGATE_SPOT: 'FARGATE_SPOT' };
const EKS_IMAGE_TYPES = ['EKS_AL2', 'EKS_AL2_NVIDIA', 'EKS_AL2023', 'EKS_AL2023_NVIDIA'];
const KUBERNETES_VERSION = /^\d+\.\d+$/;

/** Whether an image type is one of the Amazon Linux 2023 EKS types, which need nodeadm with a custom AMI. */
export function isAl2023EksImageType(imageType: string | undefined): boolean {
  return imageType === 'EKS_AL2023' || imageType === 'EKS_AL2023_NVIDIA';
}

/** The image types, Kubernetes versions and custom AMIs given, with where each is written. */
export function eksImageSettings(props: ComputeEnvironmentProps) {
  const r = props.computeResources;
  const images = r?.images;
  const imageTypes = images
    ? images.map((image, i) => ({ property: `computeResources.images[${i}].imageType`, value: image.imageType.value }))
    : r?.imageType ? [{ property: 'computeResources.imageType', value: r.imageType.value }] : [];
  const kubernetesVersions = (images ?? []).flatMap((image, i) => image.kubernetesVersion === undefined ? []
    : [{ property: `computeResources.images[${i}].kubernetesVersion`, value: image.kubernetesVersion }]);
  // A custom AMI of an Amazon Linux 2023 type (EKS_AL2023 when only image is given: Batch's default).
  const customAl2023Image = images
    ? images.some((image) => image.image !== undefined && isAl2023EksImageType(image.imageType.value))
    : r?.image !== undefined && isAl2023EksImageType(r.imageType?.value ?? 'EKS_AL2023');
  return { imageTypes, kubernetesVersions, customAl2023Image };
}

/**
 * Every EKS rule of the props: with \`eks\`, the namespace, capacity, images, node initialization and
 * (given the facts) cluster access; without it, the EKS-only settings.
 * @param facts what the construct worked out about the cluster; without them the access rules are skipped
 */
export function eksEnvironmentProblems(props: ComputeEnvironmentProps, facts?: EksClusterFacts): Problem[] {
  const eks = props.eks;
  const { imageTypes, kubernetesVersions, customAl2023Image } = eksImageSettings(props);
  const userdataType = props.computeResources?.launchTemplate?.userdataType;
  if (eks === undefined) {
    const notEks = 'applies only to EKS environments (eks)';
    return [
      ...kubernetesVersions.map((v) => checkNotSet(EKS_ENVIRONMENT_RULES.eksKubernetesVersion, v.property, v.value, notEks,
        'Batch picks the AMI of an ECS environment by image type only; remove it')),
      checkNotSet(EKS_ENVIRONMENT_RULES.eksUserdataType, 'computeResources.launchTemplate.userdataType', userdataType?.value, notEks,
        'ECS instances initialize with the ECS agent; remove it'),
    ];
  }
  const typed = checkTyped('eks.cluster', eks.cluster, 'an eks.ICluster', (c) => 'clusterArn' in c && 'clusterName' in c,
    'Import an existing cluster with eks.Cluster.fromClusterAttributes(scope, id, { clusterName, kubectlRoleArn })');
  if (typed) return [typed];
  const managed = props.managed ?? true;
  const problems: Problem[] = [
    checkNamespace(eks.kubernetesNamespace),
    ...(managed ? checkCapacity(props) : []),
    ...imageTypes.map((t) => isKnown(t.value) && !EKS_IMAGE_TYPES.includes(t.value)
      ? problem(EKS_ENVIRONMENT_RULES.eksImageType, t.property, t.value, `must be an EKS image type (${EKS_IMAGE_TYPES.join(', ')}) for an EKS environment`,
        'Use ImageType.EKS_AL2023, or EKS_AL2023_NVIDIA for GPU instances')
      : undefined),
    ...kubernetesVersions.map((v) => checkPattern(EKS_ENVIRONMENT_RULES.eksKubernetesVersion, v.property, v.value,
      KUBERNETES_VERSION, 'must be a Kubernetes version MAJOR.MINOR, e.g. "1.33"', 'Omit it for the latest version Batch supports')),
    customAl2023Image && userdataType?.value === UserdataType.EKS_BOOTSTRAP_SH.value
      ? problem(EKS_ENVIRONMENT_RULES.eksUserdataType, 'computeResources.launchTemplate.userdataType', userdataType.value,
        'must be EKS_NODEADM for a custom AMI of an EKS_AL2023 image type', 'Amazon Linux 2023 nodes initialize with nodeadm; omit userdataType to get it')
      : undefined,
  ];
  if (facts) problems.push(...checkClusterAccess(eks, facts));
  if (facts && managed && !facts.clusterSecurityGroup && props.computeResources?.securityGroups === undefined) {
    problems.push(problem(EKS_ENVIRONMENT_RULES.eksSecurityGroups, 'computeResources.securityGroups', undefined,
      'is needed for the nodes of an imported cluster without clusterSecurityGroupId: the new security group this construct creates '
      + 'does not reach the control plane', 'Give securityGroups (e.g. the cluster security group), or import the cluster with clusterSecurityGroupId'));
  }
  return problems;
}

function checkNamespace(namespace: string): Problem {
  const rule = EKS_ENVIRONMENT_RULES.eksNamespace;
  if (!isKnown(namespace)) return undefined;
  if (namespace === 'default' || namespace.startsWith('kube-')) {
    return problem(rule, 'eks.kubernetesNamespace', namespace, 'must not be default or start with kube-',
      'Give Batch a namespace of its own, e.g. "batch"');
  }
  return checkPattern(rule, 'eks.kubernetesNamespace', namespace, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit');
}

function checkCapacity(props: ComputeEnvironmentProps): Problem[] {
  const r = props.computeResources;
  const type: string = r?.type ?? 'EC2';
  return [
    isKnown(type) && !['EC2', 'SPOT'].includes(type)
      ? problem(EKS_ENVIRONMENT_RULES.eksComputeType, 'computeResources.type', TYPE_NAMES[type] ?? type, 'must be ON_DEMAND or SPOT for an EKS environment (eks)',
        'Batch on EKS launches EC2 instances as nodes; use a separate ECS environment for Fargate')
      : undefined,
    r?.allocationStrategy?.value === 'BEST_FIT'
      ? problem(EKS_ENVIRONMENT_RULES.eksAllocationStrategy, 'computeResources.allocationStrategy', 'BEST_FIT', 'must not be BEST_FIT for an EKS environment',
        'Omit it for BEST_FIT_PROGRESSIVE (ON_DEMAND) or SPOT_PRICE_CAPACITY_OPTIMIZED (SPOT)')
      : undefined,
    checkNotSet(EKS_ENVIRONMENT_RULES.eksDesiredvCpus, 'computeResources.desiredvCpus', r?.desiredvCpus,
      'must not be set for an EKS environment', 'Batch scales an EKS environment between minvCpus and maxvCpus itself; remove it'),
  ];
}

function checkClusterAccess(eks: EksConfiguration, facts: EksClusterFacts): Problem[] {
  const configure = eks.configureClusterAccess ?? facts.owned;
  const apiOnly = facts.owned && facts.authenticationMode === 'API';
  const configMapOnly = facts.owned && (facts.authenticationMode ?? 'CONFIG_MAP') === 'CONFIG_MAP';
  const problems: Problem[] = [
    apiOnly && eks.accessEntry === EksAccessEntryState.DISABLED
      ? problem(EKS_ENVIRONMENT_RULES.eksAccessEntry, 'eks.accessEntry', 'DISABLED', 'must not be DISABLED on a cluster whose authentication mode is API',
        'Batch rejects it: on an API cluster, authentication is by access entries only. Omit accessEntry')
      : undefined,
    configMapOnly && eks.accessEntry === EksAccessEntryState.ENABLED
      ? problem(EKS_ENVIRONMENT_RULES.eksAccessEntryConfigMap, 'eks.accessEntry', 'ENABLED', 'has no effect on a cluster whose authentication mode is CONFIG_MAP',
        'Set the cluster\'s authenticationMode to API_AND_CONFIG_MAP, or omit accessEntry')
      : undefined,
  ];
  if (!configure) {
    if (eks.configureClusterAccess === undefined) {
      problems.push(problem(EKS_ENVIRONMENT_RULES.eksClusterAccessManual, 'eks.configureClusterAccess', 'false (the default for an imported cluster)',
        `leaves the cluster access to you: before this environment is created the cluster needs the namespace ${JSON.stringify(eks.kubernetesNamespace)}, `
        + 'a ClusterRole and a Role in the namespace bound to the Kubernetes user aws-batch, the service role (AWSServiceRoleForBatch) '
        + 'authenticated as aws-batch, and the instance role authenticated as a node',
        'Set configureClusterAccess: true (the import needs kubectlRoleArn), or make these changes as the README shows; set it to false to acknowledge'));
    }
    return problems;
  }
  if (facts.nodeRoleUnknown) {
    problems.push(problem(EKS_ENVIRONMENT_RULES.eksNodeRoleUnknown, 'computeResources.instanceProfile', 'a profile without its role',
      'leaves the node role unmapped: the construct authenticates the role of the instances as a node only when it knows the role',
      'Import the profile with iam.InstanceProfile.fromInstanceProfileAttributes({ instanceProfileArn, role }), or map the role yourself'));
  }
  if (!facts.owned && !facts.kubectl) {
    problems.push(problem(EKS_ENVIRONMENT_RULES.eksClusterKubectl, 'eks.configureClusterAccess', true,
      'needs a cluster the construct can apply manifests to, and the imported cluster has no kubectl role or provider',
      'Import it with kubectlRoleArn (a role mapped to system:masters), or set configureClusterAccess: false and configure access yourself'));
  }
  if (configMapOnly && facts.nodeRoleInClusterStack === false) {
    problems.push(problem(EKS_ENVIRONMENT_RULES.eksAwsAuthStack, 'eks.configureClusterAccess', true,
      'needs the instance role in the cluster\'s stack: it is mapped in the cluster\'s aws-auth ConfigMap',
      'Create the environment (or its instanceRole) in the cluster\'s stack, give the cluster authenticationMode API_AND_CONFIG_MAP (access entries), '
      + 'or set configureClusterAccess: false'));
  }
  return problems;
}
