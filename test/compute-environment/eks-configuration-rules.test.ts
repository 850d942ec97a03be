/**
 * The EKS rules of a compute environment as tables: props and cluster facts in, findings out,
 * without synthesizing (an imported cluster and VPC).
 */
import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { importedCluster } from './eks-clusters';
import {
  AllocationStrategy, ComputeEnvironmentProps, ComputeResources, ComputeResourceType, EksAccessEntryState, EksConfiguration, ImageType,
  UserdataType,
} from '../../src';
import { computeEnvironmentProblems } from '../../src/compute-environment/compute-environment-rules';
import { EKS_ENVIRONMENT_RULES, EksClusterFacts, eksEnvironmentProblems } from '../../src/compute-environment/eks-configuration-rules';
import { importedVpc } from '../fixtures';
import { found, FoundRule } from '../rule-findings';
import { TEST_ENV } from '../synth';

type Row = [title: string, props: (scope: Stack) => ComputeEnvironmentProps, expected: FoundRule[]];

const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });
const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' });
const token = () => Token.asString(Lazy.string({ produce: () => 'x' }));

/** Facts of a cluster of the app with authentication mode CONFIG_MAP, the node role in its stack. */
const OWNED: EksClusterFacts = { owned: true, authenticationMode: 'CONFIG_MAP', kubectl: true, nodeRoleInClusterStack: true, clusterSecurityGroup: true };

/** EKS props: the namespace `batch` on an imported cluster, these compute resources. */
function onEks(resources: Omit<ComputeResources, 'vpc'> = {}, eks: Partial<EksConfiguration> = {}, props: ComputeEnvironmentProps = {}) {
  return (scope: Construct): ComputeEnvironmentProps => ({
    ...props,
    eks: { cluster: importedCluster(scope as Stack), kubernetesNamespace: 'batch', configureClusterAccess: false, ...eks },
    computeResources: props.managed === false ? undefined : { vpc: importedVpc(scope), ...resources },
  });
}

function problemsOf(props: (scope: Stack) => ComputeEnvironmentProps, facts?: EksClusterFacts): FoundRule[] {
  const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
  return found(eksEnvironmentProblems(props(stack), facts));
}

describe('the EKS configuration and compute resources', () => {
  const rows: Row[] = [
    ['defaults', onEks(), []],
    ['Spot with SPOT_CAPACITY_OPTIMIZED, images, a Kubernetes version, a custom AMI with nodeadm', onEks({
      type: ComputeResourceType.SPOT,
      allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED,
      images: [{ imageType: ImageType.EKS_AL2023, kubernetesVersion: '1.33' }, { imageType: ImageType.EKS_AL2023_NVIDIA, image, kubernetesVersion: '1.34' }],
    }), []],
    ['unmanaged', onEks({}, {}, { managed: false }), []],
    ['a 63-character namespace', onEks({}, { kubernetesNamespace: 'a'.repeat(63) }), []],
    ['a namespace starting with kube but not kube-', onEks({}, { kubernetesNamespace: 'kubeflow' }), []],
    ['the default namespace', onEks({}, { kubernetesNamespace: 'default' }), [error('eksNamespace',
      'eks.kubernetesNamespace must not be default or start with kube-, got "default". Give Batch a namespace of its own, e.g. "batch"')]],
    ['a kube- namespace', onEks({}, { kubernetesNamespace: 'kube-batch' }), [error('eksNamespace',
      'eks.kubernetesNamespace must not be default or start with kube-, got "kube-batch". Give Batch a namespace of its own, e.g. "batch"')]],
    ['a 64-character namespace', onEks({}, { kubernetesNamespace: 'a'.repeat(64) }), [error('eksNamespace',
      `eks.kubernetesNamespace must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got "${'a'.repeat(64)}"`)]],
    ['an empty namespace', onEks({}, { kubernetesNamespace: '' }), [error('eksNamespace',
      'eks.kubernetesNamespace must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got ""')]],
    ['an uppercase namespace', onEks({}, { kubernetesNamespace: 'Batch' }), [error('eksNamespace',
      'eks.kubernetesNamespace must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got "Batch"')]],
    ['a token namespace', onEks({}, { kubernetesNamespace: token() }), []],
    ['Fargate', onEks({ type: ComputeResourceType.FARGATE }), [error('eksComputeType', 'computeResources.type must be ON_DEMAND or SPOT for an EKS '
      + 'environment (eks), got "FARGATE". Batch on EKS launches EC2 instances as nodes; use a separate ECS environment for Fargate')]],
    ['Fargate Spot', onEks({ type: ComputeResourceType.FARGATE_SPOT }), [error('eksComputeType', 'computeResources.type must be ON_DEMAND or SPOT '
      + 'for an EKS environment (eks), got "FARGATE_SPOT". Batch on EKS launches EC2 instances as nodes; use a separate ECS environment for Fargate')]],
    ['BEST_FIT', onEks({ allocationStrategy: AllocationStrategy.BEST_FIT }), [error('eksAllocationStrategy', 'computeResources.allocationStrategy must '
      + 'not be BEST_FIT for an EKS environment, got "BEST_FIT". Omit it for BEST_FIT_PROGRESSIVE (ON_DEMAND) or SPOT_PRICE_CAPACITY_OPTIMIZED (SPOT)')]],
    ['desiredvCpus', onEks({ desiredvCpus: 4 }), [error('eksDesiredvCpus', 'computeResources.desiredvCpus must not be set for an EKS environment, '
      + 'got 4. Batch scales an EKS environment between minvCpus and maxvCpus itself; remove it')]],
    ['an ECS image type', onEks({ imageType: ImageType.ECS_AL2023 }), [error('eksImageType', 'computeResources.imageType must be an EKS image type '
      + '(EKS_AL2, EKS_AL2_NVIDIA, EKS_AL2023, EKS_AL2023_NVIDIA) for an EKS environment, got "ECS_AL2023". Use ImageType.EKS_AL2023, or '
      + 'EKS_AL2023_NVIDIA for GPU instances')]],
    ['an ECS image type in images', onEks({ images: [{ imageType: ImageType.EKS_AL2 }, { imageType: ImageType.ECS_AL2_NVIDIA }] }), [error('eksImageType',
      'computeResources.images[1].imageType must be an EKS image type (EKS_AL2, EKS_AL2_NVIDIA, EKS_AL2023, EKS_AL2023_NVIDIA) for an EKS environment, '
      + 'got "ECS_AL2_NVIDIA". Use ImageType.EKS_AL2023, or EKS_AL2023_NVIDIA for GPU instances')]],
    ['a Kubernetes version with a patch', onEks({ images: [{ imageType: ImageType.EKS_AL2023, kubernetesVersion: '1.33.2' }] }), [error('eksKubernetesVersion',
      'computeResources.images[0].kubernetesVersion must be a Kubernetes version MAJOR.MINOR, e.g. "1.33", got "1.33.2". Omit it for the latest '
      + 'version Batch supports')]],
    ['a Kubernetes version with a v', onEks({ images: [{ imageType: ImageType.EKS_AL2023, kubernetesVersion: 'v1.33' }] }), [error('eksKubernetesVersion',
      'computeResources.images[0].kubernetesVersion must be a Kubernetes version MAJOR.MINOR, e.g. "1.33", got "v1.33". Omit it for the latest '
      + 'version Batch supports')]],
    ['a custom AL2023 AMI with bootstrap.sh', (scope) => onEks({
      image, launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(scope, 'Lt', { launchTemplateId: 'lt-1' }), userdataType: UserdataType.EKS_BOOTSTRAP_SH },
    })(scope), [error('eksUserdataType', 'computeResources.launchTemplate.userdataType must be EKS_NODEADM for a custom AMI of an EKS_AL2023 image '
      + 'type, got "EKS_BOOTSTRAP_SH". Amazon Linux 2023 nodes initialize with nodeadm; omit userdataType to get it')]],
    ['a custom AL2 AMI with bootstrap.sh', (scope) => onEks({
      image,
      imageType: ImageType.EKS_AL2,
      launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(scope, 'Lt', { launchTemplateId: 'lt-1' }), userdataType: UserdataType.EKS_BOOTSTRAP_SH },
    })(scope), []],
    ['a cluster given as a string (JavaScript)', (scope) => ({ ...onEks()(scope), eks: { cluster: 'jobs' as any, kubernetesNamespace: 'default' } }), [
      error('typedInput', 'eks.cluster must be an eks.ICluster, got "jobs". Import an existing cluster with eks.Cluster.fromClusterAttributes(scope, id, '
        + '{ clusterName, kubectlRoleArn })'),
    ]],
  ];
  test.each(rows)('%s', (_title, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
});

describe('EKS-only settings on an ECS environment', () => {
  const ecs = (resources: (scope: Stack) => Omit<ComputeResources, 'vpc'>) => (scope: Stack): ComputeEnvironmentProps =>
    ({ computeResources: { vpc: importedVpc(scope), ...resources(scope) } });
  test.each<Row>([
    ['a Kubernetes version', ecs(() => ({ images: [{ imageType: ImageType.ECS_AL2023, kubernetesVersion: '1.33' }] })), [error('eksKubernetesVersion',
      'computeResources.images[0].kubernetesVersion applies only to EKS environments (eks), got "1.33". Batch picks the AMI of an ECS environment by '
      + 'image type only; remove it')]],
    ['a user data type', ecs((scope) => ({
      launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(scope, 'Lt', { launchTemplateId: 'lt-1' }), userdataType: UserdataType.EKS_NODEADM },
    })), [error('eksUserdataType', 'computeResources.launchTemplate.userdataType applies only to EKS environments (eks), got "EKS_NODEADM". ECS '
      + 'instances initialize with the ECS agent; remove it')]],
    ['neither', ecs(() => ({ images: [{ imageType: ImageType.ECS_AL2023 }] })), []],
  ])('%s', (_title, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });

  test('the compute environment\'s rules function applies the EKS rules and lets EKS image types through on EKS', () => {
    const stack = () => new Stack(new App(), 'TestStack', { env: TEST_ENV });
    expect(found(computeEnvironmentProblems(onEks({ imageType: ImageType.EKS_AL2023, instanceTypes: [new ec2.InstanceType('g5g.xlarge')] })(stack()))))
      .toEqual([]);
    expect(found(computeEnvironmentProblems(onEks({ imageType: ImageType.EKS_AL2023_NVIDIA, instanceTypes: [new ec2.InstanceType('g5g.xlarge')] })(stack()))))
      .toEqual([error('nvidiaNotGraviton', 'computeResources.instanceTypes must be x86 instance types with imageType EKS_AL2023_NVIDIA, got ["g5g.xlarge"]. '
        + 'The NVIDIA images do not run on Graviton; use EKS_AL2023 for ARM instances')]);
    expect(found(computeEnvironmentProblems(onEks({}, { kubernetesNamespace: 'default' })(stack()))).map((f) => f.rule)).toEqual(['eksNamespace']);
  });
});

describe('cluster access', () => {
  test.each<[string, Partial<EksConfiguration>, EksClusterFacts, FoundRule[]]>([
    ['an owned cluster, configured by default', { configureClusterAccess: undefined }, OWNED, []],
    ['an owned API cluster with accessEntry DISABLED', { accessEntry: EksAccessEntryState.DISABLED }, { ...OWNED, authenticationMode: 'API' }, [error(
      'eksAccessEntry', 'eks.accessEntry must not be DISABLED on a cluster whose authentication mode is API, got "DISABLED". Batch rejects it: on an '
      + 'API cluster, authentication is by access entries only. Omit accessEntry')]],
    ['an owned API_AND_CONFIG_MAP cluster with accessEntry DISABLED', { accessEntry: EksAccessEntryState.DISABLED },
      { ...OWNED, authenticationMode: 'API_AND_CONFIG_MAP' }, []],
    ['an owned CONFIG_MAP cluster with accessEntry ENABLED', { accessEntry: EksAccessEntryState.ENABLED }, OWNED, [warning('eksAccessEntryConfigMap',
      'eks.accessEntry has no effect on a cluster whose authentication mode is CONFIG_MAP, got "ENABLED". Set the cluster\'s authenticationMode to '
      + 'API_AND_CONFIG_MAP, or omit accessEntry')]],
    ['an imported cluster, by default', { configureClusterAccess: undefined }, { owned: false, kubectl: false, clusterSecurityGroup: true }, [warning(
      'eksClusterAccessManual', 'eks.configureClusterAccess leaves the cluster access to you: before this environment is created the cluster needs the '
      + 'namespace "batch", a ClusterRole and a Role in the namespace bound to the Kubernetes user aws-batch, the service role (AWSServiceRoleForBatch) '
      + 'authenticated as aws-batch, and the instance role authenticated as a node, got "false (the default for an imported cluster)". Set '
      + 'configureClusterAccess: true (the import needs kubectlRoleArn), or make these changes as the README shows; set it to false to acknowledge')]],
    ['an imported cluster, acknowledged', { configureClusterAccess: false }, { owned: false, kubectl: false, clusterSecurityGroup: true }, []],
    ['an imported cluster with a kubectl role', { configureClusterAccess: true }, { owned: false, kubectl: true, clusterSecurityGroup: true }, []],
    ['an imported cluster without one', { configureClusterAccess: true }, { owned: false, kubectl: false, clusterSecurityGroup: true }, [error(
      'eksClusterKubectl', 'eks.configureClusterAccess needs a cluster the construct can apply manifests to, and the imported cluster has no kubectl '
      + 'role or provider, got true. Import it with kubectlRoleArn (a role mapped to system:masters), or set configureClusterAccess: false and '
      + 'configure access yourself')]],
    ['aws-auth with the node role in another stack', { configureClusterAccess: undefined }, { ...OWNED, nodeRoleInClusterStack: false }, [error(
      'eksAwsAuthStack', 'eks.configureClusterAccess needs the instance role in the cluster\'s stack: it is mapped in the cluster\'s aws-auth '
      + 'ConfigMap, got true. Create the environment (or its instanceRole) in the cluster\'s stack, give the cluster authenticationMode '
      + 'API_AND_CONFIG_MAP (access entries), or set configureClusterAccess: false')]],
    ['an instance profile without its role', { configureClusterAccess: undefined }, { ...OWNED, nodeRoleInClusterStack: undefined, nodeRoleUnknown: true }, [
      warning('eksNodeRoleUnknown', 'computeResources.instanceProfile leaves the node role unmapped: the construct authenticates the role of the '
        + 'instances as a node only when it knows the role, got "a profile without its role". Import the profile with '
        + 'iam.InstanceProfile.fromInstanceProfileAttributes({ instanceProfileArn, role }), or map the role yourself'),
    ]],
    ['access entries with the node role in another stack', { configureClusterAccess: undefined },
      { ...OWNED, authenticationMode: 'API_AND_CONFIG_MAP', nodeRoleInClusterStack: false }, []],
    ['no cluster security group', { configureClusterAccess: false }, { owned: false, kubectl: false, clusterSecurityGroup: false }, [warning(
      'eksSecurityGroups', 'computeResources.securityGroups is needed for the nodes of an imported cluster without clusterSecurityGroupId: the new '
      + 'security group this construct creates does not reach the control plane, got undefined. Give securityGroups (e.g. the cluster security '
      + 'group), or import the cluster with clusterSecurityGroupId')]],
  ])('%s', (_title, eks, facts, expected) => {
    expect(problemsOf(onEks({}, { configureClusterAccess: false, ...eks }), facts)).toEqual(expected);
  });

  test('security groups given: no warning without a cluster security group', () => {
    const facts: EksClusterFacts = { owned: false, kubectl: false, clusterSecurityGroup: false };
    expect(problemsOf((scope) => onEks({ securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(scope, 'Sg', 'sg-1')] })(scope), facts)).toEqual([]);
  });

  test('every rule has a source', () => {
    for (const rule of Object.values(EKS_ENVIRONMENT_RULES)) expect(rule.sources.length).toBeGreaterThan(0);
  });
});
