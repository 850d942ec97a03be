import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CLUSTER_SECURITY_GROUP, importedCluster, KUBECTL_ROLE_ARN, ownedCluster } from './eks-clusters';
import {
  ComputeEnvironment, ComputeResourceType, ContainerOrchestrationType, EksAccessEntryState, ImageType, UserdataType,
} from '../../src';
import { vpcWithNat } from '../fixtures';
import { synthAnnotations, synthTemplate, testStack } from '../synth';

/**
 * Compute environments on Amazon EKS, as templates: what an EKS environment renders, the node role,
 * and the cluster access the construct sets up (manifests, aws-auth or access entries). A cluster of
 * the app takes long to synthesize, so each cluster's stack holds several environments.
 */

const CE = 'AWS::Batch::ComputeEnvironment';
const MANIFEST = 'Custom::AWSCDK-EKS-KubernetesResource';
const AMI = 'ami-0123456789abcdef0';
const policy = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::aws:policy/${name}`]] });

function resourceOf(template: Template, stack: Stack, construct: { node: { defaultChild?: unknown } }): any {
  const id = stack.getLogicalId((construct.node.defaultChild as any));
  return template.toJSON().Resources[id];
}

/** The Kubernetes objects of every manifest, by manifest logical id. */
function manifests(template: Template): Record<string, any[]> {
  const all = template.findResources(MANIFEST);
  const result: Record<string, any[]> = {};
  for (const [id, resource] of Object.entries<any>(all)) {
    const manifest = resource.Properties.Manifest;
    if (typeof manifest === 'string') result[id] = JSON.parse(manifest);
  }
  return result;
}

/** The aws-auth mapRoles entries, with tokens resolved as the template writes them. */
function mapRoles(template: Template): unknown {
  const awsAuth = Object.values<any>(template.findResources(MANIFEST)).find((r) => typeof r.Properties.Manifest !== 'string');
  return awsAuth.Properties.Manifest['Fn::Join'][1];
}

describe('an eks.Cluster with the default authentication mode (aws-auth)', () => {
  const stack = testStack();
  const vpc = vpcWithNat(stack);
  const cluster = ownedCluster(stack, vpc);
  const defaults = new ComputeEnvironment(stack, 'OnDemand', { eks: { cluster, kubernetesNamespace: 'batch' }, computeResources: { vpc } });
  const spot = new ComputeEnvironment(stack, 'Spot', {
    eks: { cluster, kubernetesNamespace: 'batch' },
    computeResources: { vpc, type: ComputeResourceType.SPOT, instanceTypes: [new ec2.InstanceType('m5')], maxvCpus: 64, tags: { team: 'ml' } },
  });
  const gpu = new ComputeEnvironment(stack, 'Gpu', {
    eks: { cluster, kubernetesNamespace: 'gpu' },
    computeResources: {
      vpc,
      instanceTypes: [new ec2.InstanceType('g5.xlarge')],
      image: ec2.MachineImage.genericLinux({ 'us-east-1': AMI }),
      imageType: ImageType.EKS_AL2023_NVIDIA,
    },
  });
  const template = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Template', { launchTemplateId: 'lt-0123456789abcdef0' });
  const images = new ComputeEnvironment(stack, 'Images', {
    eks: { cluster, kubernetesNamespace: 'batch' },
    computeResources: {
      vpc,
      images: [
        { imageType: ImageType.EKS_AL2023, kubernetesVersion: '1.33' },
        { imageType: ImageType.EKS_AL2023_NVIDIA, image: ec2.MachineImage.genericLinux({ 'us-east-1': AMI }), kubernetesVersion: '1.33' },
      ],
      launchTemplate: { launchTemplate: template, version: '$Latest', userdataType: UserdataType.EKS_NODEADM },
    },
  });
  const serviceRole = iam.Role.fromRoleArn(stack, 'ServiceRole', 'arn:aws:iam::123456789012:role/service-role/batch-eks');
  const existing = new ComputeEnvironment(stack, 'Existing', {
    serviceRole,
    replaceComputeEnvironment: true,
    eks: { cluster, kubernetesNamespace: 'existing', createNamespace: false, accessEntry: EksAccessEntryState.INHERIT_FROM_CLUSTER },
    computeResources: { vpc },
  });
  const unmanaged = new ComputeEnvironment(stack, 'Unmanaged', { managed: false, unmanagedvCpus: 4, eks: { cluster, kubernetesNamespace: 'batch' } });
  const synthesized = synthTemplate(stack);

  test('an environment renders its EKS configuration, in the cluster security group, after the cluster access', () => {
    const resource = resourceOf(synthesized, stack, defaults);
    expect(resource.Properties).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ReplaceComputeEnvironment: false,
      EksConfiguration: { EksClusterArn: stack.resolve(cluster.clusterArn), KubernetesNamespace: 'batch' },
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT_PROGRESSIVE',
        MinvCpus: 0,
        MaxvCpus: 256,
        InstanceTypes: ['default_x86_64'],
        InstanceRole: stack.resolve(defaults.instanceProfile!.instanceProfileArn),
        LaunchTemplate: { LaunchTemplateId: { Ref: 'BatchImdsv2LaunchTemplate' }, Version: { 'Fn::GetAtt': ['BatchImdsv2LaunchTemplate', 'LatestVersionNumber'] } },
        SecurityGroupIds: [stack.resolve(cluster.clusterSecurityGroupId)],
        Subnets: stack.resolve(vpc.privateSubnets.map((s) => s.subnetId)),
      },
    });
    expect(defaults.connections.securityGroups).toEqual([cluster.clusterSecurityGroup]);
    expect(defaults.containerOrchestrationType).toBe(ContainerOrchestrationType.EKS);
    const ids = Object.keys(manifests(synthesized));
    expect(resource.DependsOn).toEqual([
      stack.getLogicalId(cluster.awsAuth.node.findChild('manifest').node.defaultChild as any),
      ids.find((id) => id.includes('BatchClusterRole')),
      ids.find((id) => id.includes('BatchNamespacebatch')),
    ].sort());
  });

  test('the nodes get the EKS node policies (not the ECS instance policy) through an instance profile', () => {
    const role = resourceOf(synthesized, stack, defaults.instanceRole as iam.Role);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }]);
    expect(role.Properties.ManagedPolicyArns).toEqual([
      policy('AmazonEKSWorkerNodePolicy'), policy('AmazonEC2ContainerRegistryPullOnly'), policy('AmazonEKS_CNI_Policy'),
    ]);
    expect(role.Properties.Policies).toBeUndefined();
    synthesized.hasResourceProperties('AWS::IAM::InstanceProfile', { Roles: [stack.resolve((defaults.instanceRole as iam.Role).roleName)] });
  });

  test('Spot, instance types, tags and vCPUs render as for ECS environments', () => {
    expect(resourceOf(synthesized, stack, spot).Properties.ComputeResources).toMatchObject({
      Type: 'SPOT', AllocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED', InstanceTypes: ['m5'], MaxvCpus: 64, Tags: { team: 'ml' },
    });
  });

  test('a custom AMI of EKS_AL2023_NVIDIA goes into ec2Configuration and initializes with nodeadm', () => {
    const resources = resourceOf(synthesized, stack, gpu).Properties.ComputeResources;
    expect(resources.Ec2Configuration).toEqual([{ ImageType: 'EKS_AL2023_NVIDIA', ImageIdOverride: AMI }]);
    expect(resources.ImageId).toBeUndefined();
    expect(resources.LaunchTemplate.UserdataType).toBe('EKS_NODEADM');
  });

  test('images: two image types, each with its Kubernetes version; the launch template\'s user data type', () => {
    const resources = resourceOf(synthesized, stack, images).Properties.ComputeResources;
    expect(resources.Ec2Configuration).toEqual([
      { ImageType: 'EKS_AL2023', ImageKubernetesVersion: '1.33' },
      { ImageType: 'EKS_AL2023_NVIDIA', ImageIdOverride: AMI, ImageKubernetesVersion: '1.33' },
    ]);
    expect(resources.LaunchTemplate).toEqual({ LaunchTemplateId: 'lt-0123456789abcdef0', Version: '$Latest', UserdataType: 'EKS_NODEADM' });
  });

  test('the RBAC for aws-batch once per cluster, a namespace with its Role once per namespace', () => {
    const objects = manifests(synthesized);
    const summary = Object.values(objects).map((list) => list.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`));
    expect(summary.sort()).toEqual([
      ['ClusterRole /aws-batch-cluster-role', 'ClusterRoleBinding /aws-batch-cluster-role-binding'],
      ['Namespace /batch', 'Role batch/aws-batch-compute-environment-role', 'RoleBinding batch/aws-batch-compute-environment-role-binding'],
      ['Namespace /gpu', 'Role gpu/aws-batch-compute-environment-role', 'RoleBinding gpu/aws-batch-compute-environment-role-binding'],
      ['Role existing/aws-batch-compute-environment-role', 'RoleBinding existing/aws-batch-compute-environment-role-binding'],
    ].sort());
    const clusterRole = Object.values(objects).flat().find((o) => o.kind === 'ClusterRole');
    expect(clusterRole.rules).toEqual([
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'statefulsets', 'replicasets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['get', 'list'] },
    ]);
    const role = Object.values(objects).flat().find((o) => o.kind === 'Role');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'patch'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'list'] },
    ]);
    for (const binding of Object.values(objects).flat().filter((o) => o.kind.endsWith('Binding'))) {
      expect(binding.subjects).toEqual([{ kind: 'User', name: 'aws-batch', apiGroup: 'rbac.authorization.k8s.io' }]);
    }
  });

  test('aws-auth maps the service-linked role (without its path) and a custom service role as aws-batch, once each, and every node role', () => {
    const parts = mapRoles(synthesized) as unknown[];
    const text = JSON.stringify(parts);
    expect(text.split('role/AWSServiceRoleForBatch').length - 1).toBe(1);
    expect(text).toContain('arn:aws:iam::123456789012:role/batch-eks\\\\\\",\\\\\\"username\\\\\\":\\\\\\"aws-batch');
    const nodeRoles = [defaults, spot, gpu, images, existing].map((ce) => stack.getLogicalId((ce.instanceRole as iam.Role).node.defaultChild as any));
    for (const id of nodeRoles) expect(parts).toContainEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(text.split('system:node:{{EC2PrivateDNSName}}').length - 1).toBe(5);
    expect(text).toContain('system:bootstrappers');
  });

  test('an explicit access entry state is a property override (the pinned L1 lacks it); none is rendered otherwise', () => {
    expect(resourceOf(synthesized, stack, existing).Properties.EksConfiguration.AccessEntry).toEqual({ DesiredState: 'INHERIT_FROM_CLUSTER' });
    expect(resourceOf(synthesized, stack, defaults).Properties.EksConfiguration.AccessEntry).toBeUndefined();
  });

  test('an unmanaged EKS environment renders the EKS configuration and maps no node role', () => {
    const resource = resourceOf(synthesized, stack, unmanaged);
    expect(resource.Properties).toMatchObject({ Type: 'UNMANAGED', UnmanagedvCpus: 4, EksConfiguration: { KubernetesNamespace: 'batch' } });
    expect(resource.Properties.ComputeResources).toBeUndefined();
    expect(unmanaged.instanceRole).toBeUndefined();
  });
});

describe('an eks.Cluster with authentication mode API (access entries)', () => {
  const stack = testStack();
  const vpc = vpcWithNat(stack);
  const cluster = ownedCluster(stack, vpc, { authenticationMode: eks.AuthenticationMode.API });
  const nodeRole = new iam.Role(stack, 'NodeRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
  const first = new ComputeEnvironment(stack, 'First', { eks: { cluster, kubernetesNamespace: 'batch' }, computeResources: { vpc, instanceRole: nodeRole } });
  const second = new ComputeEnvironment(stack, 'Second', { eks: { cluster, kubernetesNamespace: 'batch' }, computeResources: { vpc, instanceRole: nodeRole } });
  const own = new ComputeEnvironment(stack, 'Own', { eks: { cluster, kubernetesNamespace: 'batch' }, computeResources: { vpc } });
  const synthesized = synthTemplate(stack);

  test('Batch manages the service role\'s access entry; each node role gets one EC2_LINUX access entry', () => {
    for (const ce of [first, second, own]) {
      expect(resourceOf(synthesized, stack, ce).Properties.EksConfiguration.AccessEntry).toEqual({ DesiredState: 'ENABLED' });
    }
    const entries = Object.values<any>(synthesized.findResources('AWS::EKS::AccessEntry')).filter((e) => e.Properties.Type === 'EC2_LINUX');
    expect(entries.map((e) => e.Properties)).toEqual([
      { ClusterName: stack.resolve(cluster.clusterName), PrincipalArn: stack.resolve(nodeRole.roleArn), Type: 'EC2_LINUX' },
      { ClusterName: stack.resolve(cluster.clusterName), PrincipalArn: stack.resolve(own.instanceRole!.roleArn), Type: 'EC2_LINUX' },
    ]);
  });

  test('the environments wait for their node access entry and the RBAC; no aws-auth ConfigMap', () => {
    const entryOf = (ce: ComputeEnvironment) => Object.entries<any>(synthesized.findResources('AWS::EKS::AccessEntry'))
      .find(([, e]) => JSON.stringify(e.Properties.PrincipalArn) === JSON.stringify(stack.resolve(ce.instanceRole!.roleArn)))![0];
    expect(resourceOf(synthesized, stack, second).DependsOn).toContain(entryOf(first));
    expect(resourceOf(synthesized, stack, own).DependsOn).toContain(entryOf(own));
    expect(cluster.node.tryFindChild('AwsAuth')).toBeUndefined();
    expect(Object.values(manifests(synthesized)).flat().map((o) => o.kind).sort())
      .toEqual(['ClusterRole', 'ClusterRoleBinding', 'Namespace', 'Role', 'RoleBinding']);
  });
});

describe('an imported cluster', () => {
  test('with a kubectl role and configureClusterAccess: manifests through its kubectl provider, access entries, its security group', () => {
    const stack = testStack();
    const vpc = vpcWithNat(stack);
    const cluster = importedCluster(stack, { kubectl: true });
    const ce = new ComputeEnvironment(stack, 'Eks', { eks: { cluster, kubernetesNamespace: 'batch', configureClusterAccess: true }, computeResources: { vpc } });
    const synthesized = synthTemplate(stack);
    const resource = resourceOf(synthesized, stack, ce);
    expect(resource.Properties.ComputeResources.SecurityGroupIds).toEqual([CLUSTER_SECURITY_GROUP]);
    expect(resource.Properties.EksConfiguration).toEqual({
      EksClusterArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks:us-east-1:123456789012:cluster/jobs']] },
      KubernetesNamespace: 'batch',
      AccessEntry: { DesiredState: 'ENABLED' },
    });
    synthesized.hasResourceProperties('AWS::EKS::AccessEntry', { ClusterName: 'jobs', Type: 'EC2_LINUX' });
    const objects = Object.values<any>(synthesized.findResources(MANIFEST));
    expect(objects.map((m) => m.Properties.RoleArn)).toEqual([KUBECTL_ROLE_ARN, KUBECTL_ROLE_ARN]);
    expect(resource.DependsOn).toHaveLength(3);
  });

  test('without configureClusterAccess: nothing in the cluster, a warning with the steps', () => {
    const stack = testStack();
    const vpc = vpcWithNat(stack);
    new ComputeEnvironment(stack, 'Eks', { eks: { cluster: importedCluster(stack), kubernetesNamespace: 'batch' }, computeResources: { vpc } });
    const annotations = synthAnnotations(stack);
    annotations.hasWarning('/TestStack/Eks', Match.stringLikeRegexp('eks.configureClusterAccess leaves the cluster access to you: before this '
      + 'environment is created the cluster needs the namespace "batch"'));
    annotations.hasWarning('/TestStack/Eks', Match.stringLikeRegexp('@cdk-batch-constructs/compute-environment:eksClusterAccessManual'));
    const synthesized = synthTemplate(stack);
    expect(synthesized.findResources(MANIFEST)).toEqual({});
    expect(synthesized.findResources('AWS::EKS::AccessEntry')).toEqual({});
    expect(JSON.stringify(synthesized.findResources(CE))).not.toContain('AccessEntry');
  });

  test('configureClusterAccess: false acknowledges the manual setup (no warning)', () => {
    const stack = testStack();
    new ComputeEnvironment(stack, 'Eks', {
      eks: { cluster: importedCluster(stack), kubernetesNamespace: 'batch', configureClusterAccess: false },
      computeResources: { vpc: vpcWithNat(stack) },
    });
    expect(synthAnnotations(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('configureClusterAccess without a kubectl role fails at synth', () => {
    const stack = testStack();
    expect(() => new ComputeEnvironment(stack, 'Eks', {
      eks: { cluster: importedCluster(stack), kubernetesNamespace: 'batch', configureClusterAccess: true },
      computeResources: { vpc: vpcWithNat(stack) },
    })).toThrow('[TestStack/Eks] eks.configureClusterAccess needs a cluster the construct can apply manifests to, and the imported cluster has no '
      + 'kubectl role or provider, got true. Import it with kubectlRoleArn (a role mapped to system:masters), or set configureClusterAccess: false '
      + 'and configure access yourself');
  });
});
