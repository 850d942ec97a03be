import { Size, SizeRoundingBehavior, Tokenization } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import type { ContainerBinding } from './execution-role';
import type { ContainerSettings, FargateSettings, JobContainer, LinuxParameters, Volume } from './job-container';
import { renderS3FilesVolume } from './s3-files-volume';
import { mebibytes } from '../private/validation/checks';
import { DEFAULT_JOB_MEMORY_MIB, DEFAULT_JOB_VCPUS } from '../private/validation/limits';

/**
 * Renders one container as CloudFormation ContainerProperties, from its props and what its
 * image, log driver and secrets bound to (`execution-role.ts`). Rendering only: the rules
 * have run before, so nothing here checks or throws.
 */
export function renderContainer(container: JobContainer, binding: ContainerBinding, fargate: boolean): CfnJobDefinition.ContainerPropertiesProperty {
  return {
    ...renderContainerSettings(container, binding),
    jobRoleArn: container.jobRole?.roleArn,
    executionRoleArn: binding.executionRole?.roleArn,
    volumes: container.volumes?.map(renderVolume),
    instanceType: container.instanceType?.toString(),
    enableExecuteCommand: container.enableExecuteCommand,
    ...(fargate ? renderContainerFargate(container.fargate ?? {}) : {}),
  };
}

/**
 * The settings every container renders the same way, a single container's and each container
 * of a multi-container task's (`ecs-task-render.ts`): the one rendering of image, resources,
 * command, environment, secrets, user, mount points, ulimits, logging and Linux parameters.
 */
export function renderContainerSettings(container: ContainerSettings, binding: ContainerBinding): RenderedContainerSettings {
  const vcpus = container.vcpus ?? DEFAULT_JOB_VCPUS;
  const memory = container.memory ?? Size.mebibytes(DEFAULT_JOB_MEMORY_MIB);
  const { image, logging, secrets } = binding;
  return {
    image: image.imageName,
    repositoryCredentials: image.repositoryCredentials?.credentialsParameter !== undefined
      ? { credentialsParameter: image.repositoryCredentials.credentialsParameter } : undefined,
    command: container.command,
    resourceRequirements: [
      { type: 'VCPU', value: Tokenization.stringifyNumber(vcpus) },
      { type: 'MEMORY', value: Tokenization.stringifyNumber(mebibytes(memory)) },
      // 0 GPUs reserves none, which is what no GPU requirement means: nothing is rendered for it.
      ...(container.gpuCount !== undefined && container.gpuCount !== 0
        ? [{ type: 'GPU', value: Tokenization.stringifyNumber(container.gpuCount) }] : []),
    ],
    environment: container.environment && Object.entries(container.environment).map(([name, value]) => ({ name, value })),
    secrets: secrets.length > 0 ? secrets.map(({ name, valueFrom }) => ({ name, valueFrom })) : undefined,
    user: container.user,
    privileged: container.privileged,
    readonlyRootFilesystem: container.readonlyRootFilesystem,
    mountPoints: container.mountPoints?.map((mount) => ({
      sourceVolume: mount.sourceVolume,
      containerPath: mount.containerPath,
      readOnly: mount.readOnly,
    })),
    ulimits: container.ulimits?.map((ulimit) => ({ name: ulimit.name, softLimit: ulimit.softLimit, hardLimit: ulimit.hardLimit })),
    logConfiguration: logging && {
      logDriver: logging.logDriver,
      options: logging.options,
      secretOptions: logging.secretOptions?.map((option) => ({ name: option.name, valueFrom: option.valueFrom })),
    },
    linuxParameters: renderLinuxParameters(container.linuxParameters),
  };
}

/** What `renderContainerSettings` gives: the members ContainerProperties and TaskContainerProperties share. */
export type RenderedContainerSettings = Pick<CfnJobDefinition.ContainerPropertiesProperty, 'image' | 'repositoryCredentials' | 'command'
| 'resourceRequirements' | 'environment' | 'secrets' | 'user' | 'privileged' | 'readonlyRootFilesystem' | 'mountPoints' | 'ulimits'
| 'logConfiguration' | 'linuxParameters'>;

/** Fargate's settings as a task (and, renamed, a container) takes them: the network configuration always, so the template shows that no public IP is given unless asked. */
export function renderFargateSettings(settings: FargateSettings): Pick<CfnJobDefinition.EcsTaskPropertiesProperty,
'networkConfiguration' | 'platformVersion' | 'ephemeralStorage' | 'runtimePlatform'> {
  const architecture = settings.cpuArchitecture?._cpuArchitecture;
  const family = settings.operatingSystemFamily?._operatingSystemFamily;
  return {
    networkConfiguration: { assignPublicIp: settings.assignPublicIp ? 'ENABLED' : 'DISABLED' },
    platformVersion: settings.platformVersion,
    ephemeralStorage: settings.ephemeralStorage
      ? { sizeInGiB: settings.ephemeralStorage.toGibibytes({ rounding: SizeRoundingBehavior.NONE }) } : undefined,
    runtimePlatform: architecture || family ? { cpuArchitecture: architecture, operatingSystemFamily: family } : undefined,
  };
}

function renderContainerFargate(settings: FargateSettings): Partial<CfnJobDefinition.ContainerPropertiesProperty> {
  const { platformVersion, ...rest } = renderFargateSettings(settings);
  return { ...rest, fargatePlatformConfiguration: platformVersion ? { platformVersion } : undefined };
}

/** One volume: a host path, an EFS file system or an S3 Files file system. */
export function renderVolume(volume: Volume): CfnJobDefinition.VolumesProperty {
  const efs = volume.efs;
  const authorized = efs && (efs.accessPoint !== undefined || efs.useJobRole === true);
  return {
    name: volume.name,
    host: volume.hostPath !== undefined ? { sourcePath: volume.hostPath } : undefined,
    efsVolumeConfiguration: efs && {
      fileSystemId: efs.fileSystem.fileSystemId,
      rootDirectory: efs.rootDirectory,
      // Encrypted in transit unless explicitly turned off.
      transitEncryption: efs.transitEncryption === false ? 'DISABLED' : 'ENABLED',
      transitEncryptionPort: efs.transitEncryptionPort,
      authorizationConfig: authorized ? {
        accessPointId: efs.accessPoint?.accessPointId,
        iam: efs.useJobRole ? 'ENABLED' : undefined,
      } : undefined,
    },
    s3FilesVolumeConfiguration: volume.s3Files && renderS3FilesVolume(volume.s3Files),
  };
}

function renderLinuxParameters(linux: LinuxParameters | undefined): CfnJobDefinition.LinuxParametersProperty | undefined {
  if (!linux) return undefined;
  return {
    initProcessEnabled: linux.initProcessEnabled,
    maxSwap: linux.maxSwap && mebibytes(linux.maxSwap),
    sharedMemorySize: linux.sharedMemorySize && mebibytes(linux.sharedMemorySize),
    swappiness: linux.swappiness,
    devices: linux.devices?.map((device) => ({
      hostPath: device.hostPath,
      containerPath: device.containerPath,
      permissions: device.permissions?.map((permission) => permission.toUpperCase()),
    })),
    tmpfs: linux.tmpfs?.map((tmpfs) => ({
      containerPath: tmpfs.containerPath,
      size: mebibytes(tmpfs.size),
      mountOptions: tmpfs.mountOptions,
    })),
  };
}
