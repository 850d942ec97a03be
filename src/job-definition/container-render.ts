import { Size, SizeRoundingBehavior, Tokenization } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import type { ContainerBinding } from './execution-role';
import type { FargateSettings, JobContainer, LinuxParameters, Volume } from './job-container';
import { mebibytes } from '../private/validation/checks';
import { DEFAULT_JOB_MEMORY_MIB, DEFAULT_JOB_VCPUS } from '../private/validation/limits';

/**
 * Renders one container as CloudFormation ContainerProperties, from its props and what its
 * image, log driver and secrets bound to (`execution-role.ts`). Rendering only: the rules
 * have run before, so nothing here checks or throws.
 */
export function renderContainer(container: JobContainer, binding: ContainerBinding, fargate: boolean): CfnJobDefinition.ContainerPropertiesProperty {
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
      ...(container.gpuCount !== undefined ? [{ type: 'GPU', value: Tokenization.stringifyNumber(container.gpuCount) }] : []),
    ],
    environment: container.environment && Object.entries(container.environment).map(([name, value]) => ({ name, value })),
    secrets: secrets.length > 0 ? secrets.map(({ name, valueFrom }) => ({ name, valueFrom })) : undefined,
    jobRoleArn: container.jobRole?.roleArn,
    executionRoleArn: binding.executionRole?.roleArn,
    user: container.user,
    privileged: container.privileged,
    readonlyRootFilesystem: container.readonlyRootFilesystem,
    volumes: container.volumes?.map(renderVolume),
    mountPoints: container.mountPoints?.map((mount) => ({
      sourceVolume: mount.sourceVolume,
      containerPath: mount.containerPath,
      readOnly: mount.readOnly,
    })),
    ulimits: container.ulimits?.map((ulimit) => ({ name: ulimit.name, softLimit: ulimit.softLimit, hardLimit: ulimit.hardLimit })),
    instanceType: container.instanceType?.toString(),
    logConfiguration: logging && {
      logDriver: logging.logDriver,
      options: logging.options,
      secretOptions: logging.secretOptions?.map((option) => ({ name: option.name, valueFrom: option.valueFrom })),
    },
    linuxParameters: renderLinuxParameters(container.linuxParameters),
    ...(fargate ? renderFargate(container.fargate ?? {}) : {}),
  };
}

/** Fargate's settings; the network configuration always, so the template shows that no public IP is given unless asked. */
function renderFargate(settings: FargateSettings): Partial<CfnJobDefinition.ContainerPropertiesProperty> {
  return {
    networkConfiguration: { assignPublicIp: settings.assignPublicIp ? 'ENABLED' : 'DISABLED' },
    fargatePlatformConfiguration: settings.platformVersion ? { platformVersion: settings.platformVersion } : undefined,
    ephemeralStorage: settings.ephemeralStorage
      ? { sizeInGiB: settings.ephemeralStorage.toGibibytes({ rounding: SizeRoundingBehavior.NONE }) } : undefined,
    runtimePlatform: settings.cpuArchitecture ? { cpuArchitecture: settings.cpuArchitecture._cpuArchitecture } : undefined,
  };
}

function renderVolume(volume: Volume): CfnJobDefinition.VolumesProperty {
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
