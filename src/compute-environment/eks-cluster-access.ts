import { Arn, ArnFormat, Aws, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct, IDependable } from 'constructs';
import { EksClusterFacts } from './eks-configuration-rules';

/**
 * The access Batch and the nodes of an EKS compute environment need in the cluster, created for
 * the user (Batch User Guide, "Getting started with AWS Batch on Amazon EKS" and its private
 * cluster variant):
 *
 * 1. the namespace, and RBAC for the Kubernetes user `aws-batch`: a ClusterRole (read nodes, pods,
 *    namespaces, events, config maps, workloads, cluster roles) with its binding, once per cluster,
 *    and a Role (manage pods, read service accounts and roles) with its binding in the namespace;
 * 2. the service role authenticated as `aws-batch`, and the instance role as a node: in the
 *    cluster's aws-auth ConfigMap (a cluster of this app with authentication mode CONFIG_MAP), or
 *    with access entries (an EC2_LINUX entry for the instance role; Batch manages the service
 *    role's entry when the environment says `accessEntry: ENABLED`).
 *
 * `aws-cdk-lib/aws-eks` is loaded here only when an EKS environment configures access; a stack
 * without one never loads it (its types are imported with `import type`).
 */

/** The Kubernetes user Batch acts as. */
export const BATCH_KUBERNETES_USER = 'aws-batch';
/** The name of Batch's service-linked role (its ARN path is left out where aws-auth needs it). */
export const BATCH_SERVICE_LINKED_ROLE = 'AWSServiceRoleForBatch';
/** Names of the RBAC objects, as the Batch user guide names them. */
export const CLUSTER_ROLE = 'aws-batch-cluster-role';
/** The namespaced role. */
export const NAMESPACE_ROLE = 'aws-batch-compute-environment-role';

type EksModule = typeof import('aws-cdk-lib/aws-eks');

/** aws-cdk-lib's EKS module, loaded on first use (the user who passes a cluster has loaded it already). */
function eksModule(): EksModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('aws-cdk-lib/aws-eks');
}

/** Whether the cluster is an `eks.Cluster` of this app. */
function isOwned(cluster: eks.ICluster): cluster is eks.Cluster {
  return cluster instanceof eksModule().Cluster;
}

/** What the rules need to know about the cluster. */
export function clusterFacts(cluster: eks.ICluster, nodeRole: IConstruct | undefined): EksClusterFacts {
  const owned = isOwned(cluster);
  return {
    owned,
    authenticationMode: owned ? cluster.authenticationMode ?? 'CONFIG_MAP' : undefined,
    kubectl: cluster.kubectlProvider !== undefined || cluster.kubectlRole !== undefined,
    nodeRoleInClusterStack: nodeRole === undefined ? undefined : Stack.of(nodeRole) === Stack.of(cluster),
    clusterSecurityGroup: clusterSecurityGroupOf(cluster) !== undefined,
  };
}

/**
 * The cluster security group EKS creates (its members reach the control plane and each other), or
 * undefined for an imported cluster without `clusterSecurityGroupId`.
 */
export function clusterSecurityGroupOf(cluster: eks.ICluster): ec2.ISecurityGroup | undefined {
  try {
    return cluster.clusterSecurityGroup;
  } catch {
    return undefined;
  }
}

/** What to set up. */
export interface ClusterAccessOptions {
  readonly cluster: eks.ICluster;
  readonly namespace: string;
  readonly createNamespace: boolean;
  /** The environment's service role when given; Batch's service-linked role otherwise. */
  readonly serviceRole?: iam.IRole;
  /** The instance role of the nodes (none for an unmanaged environment). */
  readonly nodeRole?: iam.IRole;
}

/** What was set up. */
export interface ClusterAccess {
  /** What the compute environment must be created after. */
  readonly dependencies: IDependable[];
  /** Whether identities are authenticated with access entries (then Batch manages the service role's entry). */
  readonly usesAccessEntries: boolean;
}

/** Sets up the cluster access of one environment; what clusters share is created once per cluster. */
export function configureClusterAccess(scope: Construct, options: ClusterAccessOptions): ClusterAccess {
  const { cluster } = options;
  const dependencies: IDependable[] = [clusterRbac(cluster), namespaceRbac(cluster, options.namespace, options.createNamespace)];
  const facts = clusterFacts(cluster, options.nodeRole);
  const usesAccessEntries = !facts.owned || facts.authenticationMode !== 'CONFIG_MAP';
  if (usesAccessEntries) {
    if (options.nodeRole) dependencies.push(nodeAccessEntry(scope, cluster, options.nodeRole));
  } else {
    const awsAuth = (cluster as eks.Cluster).awsAuth;
    mapOnce(awsAuth, 'service', serviceRoleForAwsAuth(cluster as eks.Cluster, options.serviceRole), { username: BATCH_KUBERNETES_USER, groups: [] });
    if (options.nodeRole) {
      mapOnce(awsAuth, 'node', options.nodeRole, { username: 'system:node:{{EC2PrivateDNSName}}', groups: ['system:bootstrappers', 'system:nodes'] });
    }
    dependencies.push(awsAuth);
  }
  return { dependencies, usesAccessEntries };
}

const manifestsOf = new WeakMap<IConstruct, Map<string, IConstruct>>();

/** A manifest of the cluster, created once per cluster and id. */
function manifestOnce(cluster: eks.ICluster, id: string, make: () => IConstruct): IConstruct {
  const made = manifestsOf.get(cluster) ?? new Map<string, IConstruct>();
  manifestsOf.set(cluster, made);
  const manifest = made.get(id) ?? make();
  made.set(id, manifest);
  return manifest;
}

/** The ClusterRole and ClusterRoleBinding for `aws-batch`, once per cluster. */
function clusterRbac(cluster: eks.ICluster): IConstruct {
  const id = 'BatchClusterRole';
  return manifestOnce(cluster, id, () => cluster.addManifest(id, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: CLUSTER_ROLE },
    rules: [
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['list'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'statefulsets', 'replicasets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['get', 'list'] },
    ],
  }, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: `${CLUSTER_ROLE}-binding` },
    subjects: [{ kind: 'User', name: BATCH_KUBERNETES_USER, apiGroup: 'rbac.authorization.k8s.io' }],
    roleRef: { kind: 'ClusterRole', name: CLUSTER_ROLE, apiGroup: 'rbac.authorization.k8s.io' },
  }));
}

/** The namespace (optionally), its Role and RoleBinding for `aws-batch`, once per cluster and namespace. */
function namespaceRbac(cluster: eks.ICluster, namespace: string, createNamespace: boolean): IConstruct {
  const id = `BatchNamespace-${namespace}`;
  const namespaceObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
  return manifestOnce(cluster, id, () => cluster.addManifest(id, ...(createNamespace ? [namespaceObject] : []), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: NAMESPACE_ROLE, namespace },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete', 'patch'] },
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'list'] },
    ],
  }, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${NAMESPACE_ROLE}-binding`, namespace },
    subjects: [{ kind: 'User', name: BATCH_KUBERNETES_USER, apiGroup: 'rbac.authorization.k8s.io' }],
    roleRef: { kind: 'Role', name: NAMESPACE_ROLE, apiGroup: 'rbac.authorization.k8s.io' },
  }));
}

/**
 * The service role as aws-auth takes it: without the ARN's path (aws-auth matches the role by
 * `arn:PARTITION:iam::ACCOUNT:role/NAME`), imported in the cluster's stack.
 */
function serviceRoleForAwsAuth(cluster: eks.Cluster, serviceRole: iam.IRole | undefined): iam.IRole {
  const id = `BatchServiceRole${serviceRole ? `-${serviceRole.node.addr}` : ''}`;
  const existing = cluster.node.tryFindChild(id);
  if (existing) return existing as iam.IRole;
  let arn: string;
  if (serviceRole === undefined) {
    arn = `arn:${Aws.PARTITION}:iam::${Stack.of(cluster).account}:role/${BATCH_SERVICE_LINKED_ROLE}`;
  } else if (Token.isUnresolved(serviceRole.roleArn)) {
    arn = serviceRole.roleArn;
  } else {
    const parts = Arn.split(serviceRole.roleArn, ArnFormat.SLASH_RESOURCE_NAME);
    const name = parts.resourceName!.split('/').pop()!;
    arn = Arn.format({ ...parts, resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, Stack.of(cluster));
  }
  return iam.Role.fromRoleArn(cluster, id, arn, { mutable: false });
}

const mapped = new WeakMap<IConstruct, Set<string>>();

/** Maps a role in aws-auth once (several environments share the cluster and the service role). */
function mapOnce(awsAuth: eks.AwsAuth, kind: string, role: iam.IRole, mapping: eks.AwsAuthMapping): void {
  const done = mapped.get(awsAuth) ?? new Set<string>();
  const key = `${kind}:${role.node.addr}`;
  if (done.has(key)) return;
  done.add(key);
  mapped.set(awsAuth, done);
  awsAuth.addRoleMapping(role, mapping);
}

const nodeEntries = new WeakMap<IConstruct, Map<eks.ICluster, IConstruct>>();

/** An EC2_LINUX access entry for the instance role, once per role and cluster. */
function nodeAccessEntry(scope: Construct, cluster: eks.ICluster, nodeRole: iam.IRole): IConstruct {
  const entries = nodeEntries.get(nodeRole) ?? new Map<eks.ICluster, IConstruct>();
  nodeEntries.set(nodeRole, entries);
  const existing = entries.get(cluster);
  if (existing) return existing;
  const entry = new (eksModule().CfnAccessEntry)(scope, 'NodeAccessEntry', {
    clusterName: cluster.clusterName,
    principalArn: nodeRole.roleArn,
    type: 'EC2_LINUX',
  });
  entries.set(cluster, entry);
  return entry;
}
