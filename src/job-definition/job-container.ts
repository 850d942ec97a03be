import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { S3FilesVolume } from './s3-files-volume';

/**
 * The container of a job definition and its parts: volumes, mount points, ulimits, devices,
 * tmpfs, Linux parameters and Fargate settings. Interfaces only (a leaf).
 */

/**
 * An Amazon EFS file system mounted as a volume.
 */
export interface EfsVolume {
  /** The file system. */
  readonly fileSystem: efs.IFileSystem;
  /**
   * The directory of the file system mounted as the volume's root.
   * Must be omitted (or `/`) with an access point.
   * @default "/"
   */
  readonly rootDirectory?: string;
  /**
   * Whether data is encrypted (TLS) between the container host and EFS.
   * Required with an access point or IAM authorization.
   * @default true
   */
  readonly transitEncryption?: boolean;
  /**
   * The port of the encrypted connection.
   * @default - the EFS mount helper's port selection
   */
  readonly transitEncryptionPort?: number;
  /**
   * The access point to mount through.
   * @default - no access point
   */
  readonly accessPoint?: efs.IAccessPoint;
  /**
   * Whether the job role authorizes the mount (EFS IAM authorization). The job role then needs
   * `elasticfilesystem:ClientMount` (and `ClientWrite`) on the file system, and the container needs a `jobRole`.
   * @default false
   */
  readonly useJobRole?: boolean;
}

/**
 * A data volume of a job container: a host path, an EFS file system, an S3 Files file system,
 * or (none of them) a Docker-managed scratch volume.
 */
export interface Volume {
  /** The name mount points refer to: 1-255 letters, digits, hyphens and underscores. */
  readonly name: string;
  /**
   * The path on the host presented to the container (EC2 only).
   * @default - a Docker-managed path that does not outlive the job
   */
  readonly hostPath?: string;
  /**
   * An EFS file system to mount.
   * @default - no EFS file system
   */
  readonly efs?: EfsVolume;
  /**
   * An Amazon S3 Files file system to mount; the job role is granted access to it.
   * @default - no S3 Files file system
   */
  readonly s3Files?: S3FilesVolume;
}

/**
 * Where a volume is mounted in the container.
 */
export interface MountPoint {
  /** The name of a volume of the same container. */
  readonly sourceVolume: string;
  /** The path in the container. */
  readonly containerPath: string;
  /**
   * Whether the container can only read the volume.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A resource limit of the container (EC2 only).
 */
export interface Ulimit {
  /** The limited resource. */
  readonly name: ecs.UlimitName;
  /** The soft limit; at most the hard limit. */
  readonly softLimit: number;
  /** The hard limit. */
  readonly hardLimit: number;
}

/**
 * A host device exposed to the container (EC2 only).
 */
export interface Device {
  /** The device's path on the host. */
  readonly hostPath: string;
  /**
   * The path in the container.
   * @default - the host path
   */
  readonly containerPath?: string;
  /**
   * What the container may do with the device.
   * @default - read, write and mknod
   */
  readonly permissions?: ecs.DevicePermission[];
}

/**
 * A tmpfs mount of the container (EC2 only).
 */
export interface Tmpfs {
  /** The path in the container. */
  readonly containerPath: string;
  /** The size, a whole number of MiB. */
  readonly size: Size;
  /**
   * Mount options.
   * @default - Docker's defaults
   */
  readonly mountOptions?: ecs.TmpfsMountOption[];
}

/**
 * Linux-specific settings of a container.
 */
export interface LinuxParameters {
  /**
   * Host devices exposed to the container (EC2 only).
   * @default - none
   */
  readonly devices?: Device[];
  /**
   * Whether an init process runs as PID 1, forwarding signals and reaping processes.
   * @default false
   */
  readonly initProcessEnabled?: boolean;
  /**
   * The swap the container may use, whole MiB (EC2 only). `Size.mebibytes(0)` disables swap.
   * @default - the container uses the instance's swap configuration
   */
  readonly maxSwap?: Size;
  /**
   * The size of `/dev/shm`, whole MiB (EC2 only).
   * @default - Docker's default (64 MiB)
   */
  readonly sharedMemorySize?: Size;
  /**
   * How readily memory pages are swapped, 0-100 (EC2 only; needs `maxSwap`).
   * @default 60
   */
  readonly swappiness?: number;
  /**
   * tmpfs mounts (EC2 only).
   * @default - none
   */
  readonly tmpfs?: Tmpfs[];
}

/**
 * Settings of a container that runs on Fargate.
 */
export interface FargateSettings {
  /**
   * Whether the job's network interface gets a public IP address. Needed to pull images from the
   * internet in a public subnet without a NAT gateway.
   * @default false - rendered as `assignPublicIp: DISABLED` on every Fargate job definition
   */
  readonly assignPublicIp?: boolean;
  /**
   * The Fargate platform version (at least 1.4.0 with EFS volumes).
   * @default ecs.FargatePlatformVersion.LATEST
   */
  readonly platformVersion?: ecs.FargatePlatformVersion;
  /**
   * The task's ephemeral storage, 21-200 GiB (Fargate only: not rendered on EC2).
   * @default - 20 GiB
   */
  readonly ephemeralStorage?: Size;
  /**
   * The CPU architecture (Fargate only: on EC2 the compute environment's instance types decide it, and it is not rendered).
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
  /**
   * The operating system: Linux, or a Windows Server family (X86_64 only; no Linux parameters,
   * privileged mode, user, ulimits, read-only root file system or EFS volumes).
   * @default ecs.OperatingSystemFamily.LINUX
   */
  readonly operatingSystemFamily?: ecs.OperatingSystemFamily;
}

/**
 * The settings every container has: a single-node job's container, a node range's container and
 * each container of a multi-container ECS task (`TaskContainer`).
 */
export interface ContainerSettings {
  /** The image: `ecs.ContainerImage.fromRegistry`, `fromEcrRepository` (pull granted) or `fromAsset`. */
  readonly image: ecs.ContainerImage;
  /**
   * vCPUs reserved: a whole number >= 1 on EC2; 0.25, 0.5, 1, 2, 4, 8 or 16 on Fargate.
   * @default 1
   */
  readonly vcpus?: number;
  /**
   * Memory hard limit, whole MiB: at least 4 MiB on EC2; on Fargate a value that the vCPU value allows.
   * @default Size.mebibytes(2048)
   */
  readonly memory?: Size;
  /**
   * Physical GPUs reserved, a whole number (EC2 only, where 0 is the same as none).
   * @default - no GPU
   */
  readonly gpuCount?: number;
  /**
   * The command; `Ref::NAME` is replaced with the job's parameter `NAME`.
   * @default - the image's CMD
   */
  readonly command?: string[];
  /**
   * Environment variables; names must not start with `AWS_BATCH`.
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * Environment variables read from Secrets Manager or SSM Parameter Store at start; the execution
   * role is granted read access.
   * @default - none
   */
  readonly secrets?: { [name: string]: ecs.Secret };
  /**
   * The user (name or uid[:gid]) the command runs as.
   * @default - the image's USER
   */
  readonly user?: string;
  /**
   * Whether the container gets elevated privileges on the host (EC2 only, Fargate takes only `false`).
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Whether the root file system is read-only.
   * @default false
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Data volumes.
   * @default - none
   */
  readonly volumes?: Volume[];
  /**
   * Where volumes are mounted; each names a volume of `volumes` (in a task: a volume of the task).
   * @default - none
   */
  readonly mountPoints?: MountPoint[];
  /**
   * Resource limits (EC2 only).
   * @default - the Docker daemon's defaults
   */
  readonly ulimits?: Ulimit[];
  /**
   * The log driver, e.g. `ecs.LogDriver.awsLogs(...)` (Fargate: awslogs or splunk).
   * @default - Batch's default: awslogs to the `/aws/batch/job` log group
   */
  readonly logging?: ecs.LogDriver;
  /**
   * Linux-specific settings.
   * @default - none
   */
  readonly linuxParameters?: LinuxParameters;
}

/**
 * The container of a single-node job or of a node range.
 */
export interface JobContainer extends ContainerSettings {
  /**
   * The role the container's code assumes for AWS calls.
   * @default - no job role (none is ever created for you)
   */
  readonly jobRole?: iam.IRole;
  /**
   * The role Batch uses to pull the image, read secrets and ship logs.
   * @default - a role shared by the definition's containers, created only when needed (Fargate,
   * secrets, an ECR or asset image, a log driver that needs one)
   */
  readonly executionRole?: iam.IRole;
  /**
   * The instance type of a node range (multi-node jobs only; the same for every range).
   * @default - any instance type of the compute environment
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Whether ECS Exec (`aws ecs execute-command`) can open a shell in the running container. The
   * job role (required) is given the `ssmmessages` permissions ECS Exec needs.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Fargate settings; needs `PlatformCapability.FARGATE`.
   * @default - Fargate defaults when the definition runs on Fargate
   */
  readonly fargate?: FargateSettings;
}
