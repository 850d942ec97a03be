import type * as eks from 'aws-cdk-lib/aws-eks';

/**
 * The public types of a compute environment on Amazon EKS (`eks` of ComputeEnvironmentProps).
 * `aws-cdk-lib/aws-eks` is imported for its types only: a stack without an EKS environment does
 * not load it.
 */

/** What runs the jobs of a compute environment: Amazon ECS or Amazon EKS (Batch's `containerOrchestrationType`). */
export enum ContainerOrchestrationType {
  /** Amazon ECS (EC2, Spot, Fargate and unmanaged environments without `eks`). */
  ECS = 'ECS',
  /** Amazon EKS (environments with `eks`). */
  EKS = 'EKS',
}

/**
 * Whether Batch manages an EKS access entry for the environment's service role
 * (`EksConfiguration.AccessEntry.DesiredState`). Batch compares the value of every environment
 * on the cluster: it creates its entry only when all are ENABLED and deletes it only when all
 * are DISABLED.
 */
export enum EksAccessEntryState {
  /** Batch manages an access entry on the cluster (needs authentication mode API or API_AND_CONFIG_MAP). */
  ENABLED = 'ENABLED',
  /** Batch deletes its access entry; rejected on a cluster whose authentication mode is API. */
  DISABLED = 'DISABLED',
  /** As the cluster's authentication mode says: an entry on API clusters, none otherwise (Batch's behaviour when omitted). */
  INHERIT_FROM_CLUSTER = 'INHERIT_FROM_CLUSTER',
}

/**
 * How the nodes of an EKS environment initialize (`LaunchTemplateSpecification.userdataType`).
 * Only a custom AMI needs it.
 */
export class UserdataType {
  /** `/etc/eks/bootstrap.sh`, for Amazon Linux 2 based AMIs (Batch's default). */
  public static readonly EKS_BOOTSTRAP_SH = new UserdataType('EKS_BOOTSTRAP_SH');
  /** nodeadm, which a custom AMI based on EKS_AL2023 or EKS_AL2023_NVIDIA requires. */
  public static readonly EKS_NODEADM = new UserdataType('EKS_NODEADM');

  /**
   * A user data type by its Batch name, for types added after this release.
   * @param value the Batch name, e.g. `EKS_NODEADM`
   */
  public static of(value: string): UserdataType {
    return new UserdataType(value);
  }

  /** The Batch name of the user data type. */
  public readonly value: string;

  private constructor(value: string) {
    this.value = value;
  }
}

/**
 * The Amazon EKS cluster of a compute environment, and the access Batch and the nodes need in it.
 *
 * Batch needs, before the environment is created: the namespace; a ClusterRole, a Role in the
 * namespace and bindings of both to the Kubernetes user `aws-batch`; the environment's service role
 * (AWSServiceRoleForBatch) authenticated as `aws-batch`; and the instance role authenticated as a
 * node. With `configureClusterAccess`, the construct creates all of it.
 */
export interface EksConfiguration {
  /**
   * The cluster, in the environment's account and region: an `eks.Cluster`, or one imported with
   * `eks.Cluster.fromClusterAttributes` (with `kubectlRoleArn` or `kubectlProvider` to let the
   * construct configure access).
   */
  readonly cluster: eks.ICluster;
  /**
   * The namespace Batch runs the pods in: up to 63 lowercase letters, digits and hyphens (alphanumeric
   * at both ends), not `default`, not starting with `kube-`. A change replaces the environment.
   */
  readonly kubernetesNamespace: string;
  /**
   * Whether the construct gives Batch and the nodes access to the cluster: it creates the namespace
   * (see `createNamespace`), the RBAC for the user `aws-batch` (ClusterRole `aws-batch-cluster-role`,
   * Role `aws-batch-compute-environment-role` and their bindings) with the cluster's kubectl provider,
   * and authenticates the service role and the instance role: in the `aws-auth` ConfigMap on a
   * cluster created in this app with authentication mode CONFIG_MAP; otherwise with an EKS access
   * entry of type EC2_LINUX for the instance role and a Batch-managed access entry
   * (`accessEntry: ENABLED`) for the service role. The environment is created after all of it.
   *
   * Set it to false when the cluster already has this access (for example from the Batch user
   * guide's steps): creating the same objects again fails.
   * @default - true for an `eks.Cluster` of this app; false for an imported cluster (a synth warning lists the steps)
   */
  readonly configureClusterAccess?: boolean;
  /**
   * Whether `configureClusterAccess` creates the namespace too. Deleting the stack then deletes
   * the namespace and everything in it.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Whether Batch manages an EKS access entry for the service role. Rendered as a property
   * override: aws-cdk-lib's L1 does not have it yet (CloudFormation does).
   * @default - ENABLED where `configureClusterAccess` uses access entries; otherwise not set (Batch
   * behaves as for INHERIT_FROM_CLUSTER)
   */
  readonly accessEntry?: EksAccessEntryState;
}
