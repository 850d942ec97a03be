import { Stack } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CLUSTER_SECURITY_GROUP, importedCluster, ownedCluster } from './eks-clusters';
import {
  BATCH_KUBERNETES_USER, CLUSTER_ROLE, clusterFacts, clusterSecurityGroupOf, configureClusterAccess, NAMESPACE_ROLE,
} from '../../src/compute-environment/eks-cluster-access';
import { setUpEks } from '../../src/compute-environment/eks-configuration';
import { vpcWithNat } from '../fixtures';
import { testStack } from '../synth';

/**
 * The cluster access helper without the compute environment: what it knows about a cluster, what
 * it creates once per cluster or namespace, and which authentication it picks. Nothing here is
 * synthesized (constructing an eks.Cluster is quick; its synth is not).
 */

describe('clusterFacts', () => {
  test('an owned cluster: its authentication mode (CONFIG_MAP when not given), a kubectl provider, its security group', () => {
    const stack = testStack();
    const facts = clusterFacts(ownedCluster(stack, vpcWithNat(stack)), stack);
    expect(facts).toEqual({ owned: true, authenticationMode: 'CONFIG_MAP', kubectl: true, nodeRoleInClusterStack: true, clusterSecurityGroup: true });
    const apiStack = testStack('ApiStack');
    const api = clusterFacts(ownedCluster(apiStack, vpcWithNat(apiStack), { authenticationMode: eks.AuthenticationMode.API }), undefined);
    expect(api).toMatchObject({ authenticationMode: 'API', nodeRoleInClusterStack: undefined });
  });

  test('an imported cluster: mode unknown, kubectl only with a role, its security group only when given', () => {
    const stack = testStack();
    expect(clusterFacts(importedCluster(stack, { id: 'A' }), undefined)).toEqual({
      owned: false, authenticationMode: undefined, kubectl: false, nodeRoleInClusterStack: undefined, clusterSecurityGroup: true,
    });
    expect(clusterFacts(importedCluster(stack, { id: 'B', kubectl: true, securityGroup: false }), undefined))
      .toMatchObject({ kubectl: true, clusterSecurityGroup: false });
    expect(clusterSecurityGroupOf(importedCluster(stack, { id: 'C' }))!.securityGroupId).toBe(CLUSTER_SECURITY_GROUP);
    expect(clusterSecurityGroupOf(importedCluster(stack, { id: 'D', securityGroup: false }))).toBeUndefined();
  });

  test('a node role in another stack than the cluster', () => {
    const stack = testStack();
    const other = new Stack(stack.node.root, 'Other', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(clusterFacts(ownedCluster(stack, vpcWithNat(stack)), other).nodeRoleInClusterStack).toBe(false);
  });
});

describe('configureClusterAccess', () => {
  test('aws-auth on a CONFIG_MAP cluster: RBAC once per cluster, a Role once per namespace, each role mapped once', () => {
    const stack = testStack();
    const cluster = ownedCluster(stack, vpcWithNat(stack));
    const nodeRole = new iam.Role(stack, 'Node', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const first = configureClusterAccess(new Stack(stack, 'A'), { cluster, namespace: 'batch', createNamespace: true, nodeRole });
    const second = configureClusterAccess(stack, { cluster, namespace: 'batch', createNamespace: true, nodeRole });
    const third = configureClusterAccess(stack, { cluster, namespace: 'other', createNamespace: false });
    expect(first.usesAccessEntries).toBe(false);
    expect(second.dependencies).toEqual(first.dependencies);
    expect(third.dependencies[0]).toBe(first.dependencies[0]);
    expect(third.dependencies[1]).not.toBe(first.dependencies[1]);
    const mapRoles = JSON.stringify(stack.resolve((cluster.awsAuth as any).synthesizeMapRoles()));
    expect(mapRoles.split('AWSServiceRoleForBatch').length - 1).toBe(1);
    expect(mapRoles.split('system:node:').length - 1).toBe(1);
    expect(mapRoles).toContain(`username\\":\\"${BATCH_KUBERNETES_USER}`);
  });

  test('access entries on an API cluster: one EC2_LINUX entry per node role and cluster', () => {
    const stack = testStack();
    const cluster = ownedCluster(stack, vpcWithNat(stack), { authenticationMode: eks.AuthenticationMode.API_AND_CONFIG_MAP });
    const nodeRole = new iam.Role(stack, 'Node', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const one = configureClusterAccess(new Stack(stack, 'One'), { cluster, namespace: 'batch', createNamespace: true, nodeRole });
    const two = configureClusterAccess(new Stack(stack, 'Two'), { cluster, namespace: 'batch', createNamespace: true, nodeRole });
    expect(one.usesAccessEntries).toBe(true);
    expect(one.dependencies[2]).toBe(two.dependencies[2]);
    expect(one.dependencies[2]).toBeInstanceOf(eks.CfnAccessEntry);
    expect(cluster.node.tryFindChild('AwsAuth')).toBeUndefined();
  });

  test('names of the RBAC objects follow the Batch user guide', () => {
    expect([CLUSTER_ROLE, NAMESPACE_ROLE]).toEqual(['aws-batch-cluster-role', 'aws-batch-compute-environment-role']);
  });
});

describe('setUpEks', () => {
  test('without cluster access: no dependency, no access entry state unless given', () => {
    const stack = testStack();
    const resource = new batch.CfnComputeEnvironment(stack, 'Ce', { type: 'UNMANAGED' });
    const cluster = importedCluster(stack);
    expect(setUpEks(stack, resource, { configuration: { cluster, kubernetesNamespace: 'batch' }, configureAccess: false })).toBeUndefined();
    expect(resource.node.dependencies).toEqual([]);
    expect((resource as any).rawOverrides).toEqual({});
  });
});
