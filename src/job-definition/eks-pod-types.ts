import { Size } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * The public types of a job definition that runs on Amazon EKS: the pod (`eksPod`), its
 * containers, volumes and settings. They follow `EksProperties.PodProperties` of
 * AWS::Batch::JobDefinition, typed: CPU as a number of vCPUs, memory as a `Size`, GPUs as an
 * integer, rendered as the strings Kubernetes and Batch take ("0.25", "1024Mi").
 */

/** When the kubelet pulls a container's image. */
export enum EksImagePullPolicy {
  /** Pull on every start. */
  ALWAYS = 'Always',
  /** Pull only when the image is not on the node yet. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Never pull: the image must already be on the node. */
  NEVER = 'Never',
}

/** How the pod resolves DNS names (Kubernetes `dnsPolicy`). */
export enum EksDnsPolicy {
  /** Use the node's resolver configuration. */
  DEFAULT = 'Default',
  /** Names outside the cluster domain go to the node's upstream resolver; the cluster DNS answers the rest. */
  CLUSTER_FIRST = 'ClusterFirst',
  /** `ClusterFirst` for a pod on the host network (the policy to use with `hostNetwork`). */
  CLUSTER_FIRST_WITH_HOST_NET = 'ClusterFirstWithHostNet',
}

/** Where an emptyDir volume keeps its data. */
export enum EksEmptyDirMedium {
  /** The node's disk (Kubernetes' default, rendered as ""). */
  DISK = '',
  /** A tmpfs in the node's memory: lost when the node reboots, and counted against the container's memory limit. */
  MEMORY = 'Memory',
}

/**
 * An amount of each resource Batch schedules EKS containers by. Kubernetes quantities, typed.
 */
export interface EksResourceQuantities {
  /**
   * vCPUs: a multiple of 0.25, at least 0.25 (rendered as "0.25", "1", ...; millicpus are not accepted).
   * @default - not given here
   */
  readonly cpu?: number;
  /**
   * Memory: a whole number of MiB, at least 4 MiB (rendered as "1024Mi").
   * @default - not given here
   */
  readonly memory?: Size;
  /**
   * NVIDIA GPUs (`nvidia.com/gpu`): a whole number. The nodes need the NVIDIA device plugin.
   * @default - not given here
   */
  readonly gpu?: number;
}

/**
 * The resources of an EKS container. Batch copies a limit into the request when only the limit is
 * given; with both, memory and GPU requests must equal their limits and the CPU request must not
 * exceed the CPU limit.
 */
export interface EksContainerResources {
  /**
   * What the container is guaranteed; Batch scales the environment by the requests.
   * @default - the limits
   */
  readonly requests?: EksResourceQuantities;
  /**
   * The most the container may use; memory beyond its limit ends the container.
   * @default - no limits (Kubernetes' behaviour for a container without limits)
   */
  readonly limits?: EksResourceQuantities;
}

/**
 * The Linux security settings of an EKS container (Kubernetes `securityContext`).
 * Nothing is set unless given: the image's user runs, as it would without a security context.
 */
export interface EksContainerSecurityContext {
  /**
   * The user ID the container runs as, 0-2147483647.
   * @default - the image's user
   */
  readonly runAsUser?: number;
  /**
   * The group ID the container runs as, 0-2147483647.
   * @default - the image's group
   */
  readonly runAsGroup?: number;
  /**
   * Whether the kubelet refuses to start the container when it would run as root (uid 0).
   * @default - not enforced
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Whether the container gets root-like access to the host.
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Whether a process may gain more privileges than its parent (setuid binaries). A privileged
   * container always can.
   * @default false (Batch's default)
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Whether the container's root file system is read-only.
   * @default false
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/**
 * Where a pod volume is mounted in a container.
 */
export interface EksVolumeMount {
  /** The name of a volume of the pod (`volumes`). */
  readonly name: string;
  /** The absolute path in the container, unique within the container. */
  readonly mountPath: string;
  /**
   * A path inside the volume to mount instead of its root: relative, without `..`.
   * @default - the volume's root
   */
  readonly subPath?: string;
  /**
   * Whether the container can only read the volume.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A container of an EKS pod: an application container or an init container.
 */
export interface EksContainer {
  /**
   * The image: `ecs.ContainerImage.fromRegistry`, `fromEcrRepository` or `fromAsset`. The nodes pull
   * it with the instance role (ECR) or with `imagePullSecrets` (private registries).
   */
  readonly image: ecs.ContainerImage;
  /**
   * The container's name: up to 63 letters, digits and hyphens, starting and ending with a letter
   * or digit, unique in the pod (lowercase, as Kubernetes names are). Required when the pod has
   * more than one container; a deploy-time job's `eksPropertiesOverride` points at it.
   * @default - Batch names a lone container "Default"
   */
  readonly name?: string;
  /**
   * The entrypoint, not run in a shell; `$(NAME)` is replaced with the container's variable NAME.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * The entrypoint's arguments; `$(NAME)` is replaced with the container's variable NAME.
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * When the kubelet pulls the image.
   * @default - IfNotPresent, or Always for a `:latest` tag (Kubernetes' default)
   */
  readonly imagePullPolicy?: EksImagePullPolicy;
  /**
   * Environment variables; names must not start with `AWS_BATCH`.
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * CPU, memory and GPU requests and limits; Batch places the pod on a node by its requests.
   * @default - none
   */
  readonly resources?: EksContainerResources;
  /**
   * The container's security settings.
   * @default - none (the image's user, no extra privileges)
   */
  readonly securityContext?: EksContainerSecurityContext;
  /**
   * The pod volumes mounted into this container.
   * @default - none
   */
  readonly volumeMounts?: EksVolumeMount[];
}

/**
 * An emptyDir volume: scratch space that lives as long as the pod.
 */
export interface EksEmptyDirVolume {
  /**
   * Where the data is kept.
   * @default EksEmptyDirMedium.DISK
   */
  readonly medium?: EksEmptyDirMedium;
  /**
   * The largest size the volume may reach.
   * @default - no limit
   */
  readonly sizeLimit?: Size;
}

/**
 * A Kubernetes Secret mounted as a volume.
 */
export interface EksSecretVolume {
  /** The name of the Secret in the pod's namespace (a DNS subdomain name). */
  readonly secretName: string;
  /**
   * Whether the pod starts even when the Secret or its keys do not exist.
   * @default - Kubernetes' default (false: the pod waits for the Secret)
   */
  readonly optional?: boolean;
}

/**
 * A PersistentVolumeClaim mounted as a volume.
 */
export interface EksPersistentVolumeClaimVolume {
  /** The name of the claim in the pod's namespace. */
  readonly claimName: string;
  /**
   * Whether the volume is mounted read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A volume of an EKS pod: exactly one of `emptyDir`, `hostPath`, `secret` and `persistentVolumeClaim`.
 */
export interface EksVolume {
  /** The name volume mounts refer to: a DNS label (up to 63 lowercase letters, digits and hyphens), unique in the pod. */
  readonly name: string;
  /**
   * Scratch space that lives as long as the pod.
   * @default - not an emptyDir volume
   */
  readonly emptyDir?: EksEmptyDirVolume;
  /**
   * A file or directory of the node, e.g. a file system the launch template mounts at `/mnt/efs`.
   * @default - not a hostPath volume
   */
  readonly hostPath?: string;
  /**
   * A Kubernetes Secret.
   * @default - not a secret volume
   */
  readonly secret?: EksSecretVolume;
  /**
   * A PersistentVolumeClaim.
   * @default - not a persistentVolumeClaim volume
   */
  readonly persistentVolumeClaim?: EksPersistentVolumeClaimVolume;
}

/**
 * The pod of a job that runs on an Amazon EKS compute environment (`EksProperties.PodProperties`).
 */
export interface EksPod {
  /** The application containers: 1 to 10, each with a unique name when there are several. */
  readonly containers: EksContainer[];
  /**
   * Containers that run one after another, each to completion, before the application containers: at most 10.
   * @default - none
   */
  readonly initContainers?: EksContainer[];
  /**
   * The volumes the containers can mount.
   * @default - none
   */
  readonly volumes?: EksVolume[];
  /**
   * The name of the Kubernetes service account the pod runs as (for IAM roles for service accounts
   * or EKS Pod Identity), e.g. `serviceAccount.serviceAccountName` of an `eks.ServiceAccount`.
   * @default - the namespace's `default` service account
   */
  readonly serviceAccount?: string;
  /**
   * Whether the pod uses the node's network (its IP address) instead of a pod IP address.
   * @default - true (Batch's default: most batch jobs only make outbound connections)
   */
  readonly hostNetwork?: boolean;
  /**
   * How the pod resolves DNS names. With the host network, use `CLUSTER_FIRST_WITH_HOST_NET` to resolve cluster names.
   * @default - ClusterFirstWithHostNet when `hostNetwork` is not given, ClusterFirst otherwise (Batch's defaults)
   */
  readonly dnsPolicy?: EksDnsPolicy;
  /**
   * Whether the containers see each other's processes.
   * @default false
   */
  readonly shareProcessNamespace?: boolean;
  /**
   * The names of Kubernetes Secrets (of type docker-registry) used to pull images from private registries.
   * @default - none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Labels of the pod (Kubernetes label syntax). Batch adds its own `batch.amazonaws.com/...` labels.
   * @default - only Batch's labels
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the pod: Kubernetes annotation keys, values of at most 255 characters.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * The namespace the pod runs in. It needs the same RBAC for Batch as the compute environment's
   * `kubernetesNamespace`; in a multi-node job, every node range gives the same one.
   * @default - the compute environment's `kubernetesNamespace`
   */
  readonly namespace?: string;
}
