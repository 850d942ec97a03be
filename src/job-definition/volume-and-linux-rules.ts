import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { IAccessPoint, IFileSystem } from 'aws-cdk-lib/aws-efs';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { ContainerRuleContext, FARGATE_HINT, NOT_ON_FARGATE, notOnFargate } from './container-rules';
import type { ContainerSettings, FargateSettings, JobContainer, LinuxParameters, Volume } from './job-container';
import { s3FilesVolumeProblems } from './s3-files-volume';
import { checkTyped } from '../private/validation/batch-rules';
import { checkNotSet, checkPattern, checkRange, checkWholeMiB, duplicates } from '../private/validation/checks';
import { MAX_VOLUME_NAME_LENGTH, SWAPPINESS, TRANSIT_ENCRYPTION_PORT } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, cfnSchema, defineRules } from '../private/validation/rule';

/**
 * The rules of a container's volumes, mount points and Linux parameters (devices, swap,
 * shared memory, tmpfs): part of the JobDefinition catalogue, beside `container-rules.ts`.
 */

/** Fargate platform versions before 1.4.0, which cannot mount EFS volumes. */
const OLD_FARGATE_VERSIONS: readonly string[] = [
  ecs.FargatePlatformVersion.VERSION1_0, ecs.FargatePlatformVersion.VERSION1_1,
  ecs.FargatePlatformVersion.VERSION1_2, ecs.FargatePlatformVersion.VERSION1_3,
];

const VOLUME_NAME_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_VOLUME_NAME_LENGTH}}$`);

export const VOLUME_AND_LINUX_RULES = defineRules('JobDefinition', {
  volumeName: {
    severity: 'error',
    properties: 'container.volumes[].name',
    summary: `A volume name is 1-${MAX_VOLUME_NAME_LENGTH} letters, digits, hyphens and underscores.`,
    sources: [batchApi('Volume name', 'Up to 255 characters: letters, numbers, hyphens and underscores.')],
  },
  volumeHostXorEfs: {
    severity: 'warning',
    properties: 'container.volumes[].hostPath, efs, s3Files',
    summary: 'A volume is a host path, an EFS file system or an S3 Files file system: with more than one, which one the container gets is not documented.',
    sources: [batchApi('Volume host, efsVolumeConfiguration, s3filesVolumeConfiguration', 'host places the data on the instance; '
      + 'efsVolumeConfiguration and s3filesVolumeConfiguration are given when the job stores its data on such a file system. Nothing says what '
      + 'a volume with more than one mounts.')],
  },
  fargateHostVolume: {
    ...notOnFargate('container.volumes[].hostPath', 'Volume host'),
    sources: [batchApi('Volume host, Host sourcePath', 'Not applicable to jobs on Fargate resources; do not provide it for them.')],
  },
  efsTransitEncryption: {
    severity: 'error',
    properties: 'container.volumes[].efs.transitEncryption',
    summary: 'EFS transit encryption stays on with an access point or IAM authorization (useJobRole).',
    sources: [batchApi('EFSAuthorizationConfig accessPointId, iam', 'An access point, and IAM authorization, both need transit '
      + 'encryption ENABLED.')],
  },
  efsIamNeedsJobRole: {
    severity: 'error',
    properties: 'container.volumes[].efs.useJobRole, container.jobRole',
    summary: 'EFS IAM authorization (useJobRole) needs a job role.',
    sources: [batchApi('EFSAuthorizationConfig iam', 'EFS IAM authorization needs transit encryption ENABLED and a JobRoleArn.')],
  },
  efsFargatePlatformVersion: {
    severity: 'error',
    properties: 'container.volumes[].efs, container.fargate.platformVersion',
    summary: 'A Fargate job with an EFS volume runs on platform version 1.4.0 or later.',
    sources: [batchApi('Volume efsVolumeConfiguration', 'Jobs on Fargate resources with an EFS volume must specify a platformVersion '
      + 'of at least 1.4.0.')],
  },
  efsRootWithAccessPoint: {
    severity: 'error',
    properties: 'container.volumes[].efs.rootDirectory',
    summary: 'With an access point, rootDirectory is omitted or "/".',
    sources: [batchApi('EFSVolumeConfiguration rootDirectory, EFSAuthorizationConfig accessPointId', 'With an access point the root '
      + 'directory must be omitted or set to /: the access point sets the path.')],
  },
  efsTransitPort: {
    severity: 'error',
    properties: 'container.volumes[].efs.transitEncryptionPort',
    summary: `transitEncryptionPort is an integer from ${TRANSIT_ENCRYPTION_PORT.min} to ${TRANSIT_ENCRYPTION_PORT.max}.`,
    sources: [batchApi('EFSVolumeConfiguration transitEncryptionPort', 'The port is between 0 and 65,535.')],
  },
  volumeNamesUnique: {
    severity: 'warning',
    properties: 'container.volumes[].name',
    summary: 'Each volume name appears once: mount points name volumes, and which of two with one name they mount is not documented.',
    sources: [batchApi('Volume name', 'The name mount points refer to in sourceVolume.'),
      cfnSchema('AWS::Batch::JobDefinition ContainerProperties Volumes', 'A list without a uniqueness constraint: a repeat is accepted.')],
  },
  mountPointVolume: {
    severity: 'error',
    properties: 'container.mountPoints[].sourceVolume',
    summary: 'A mount point names a volume of the same container.',
    sources: [batchApi('Volume name, MountPoint sourceVolume', 'A mount point refers to a volume by its name; a name that no volume '
      + 'has mounts nothing.')],
  },
  fargateDevices: notOnFargate('container.linuxParameters.devices', 'LinuxParameters devices'),
  fargateMaxSwap: notOnFargate('container.linuxParameters.maxSwap', 'LinuxParameters maxSwap'),
  fargateSharedMemory: notOnFargate('container.linuxParameters.sharedMemorySize', 'LinuxParameters sharedMemorySize'),
  fargateSwappiness: notOnFargate('container.linuxParameters.swappiness', 'LinuxParameters swappiness'),
  fargateTmpfs: notOnFargate('container.linuxParameters.tmpfs', 'LinuxParameters tmpfs'),
  swappinessRange: {
    severity: 'error',
    properties: 'container.linuxParameters.swappiness',
    summary: `swappiness is a whole number from ${SWAPPINESS.min} to ${SWAPPINESS.max}.`,
    sources: [batchApi('LinuxParameters swappiness', 'Whole numbers between 0 and 100.')],
  },
  maxSwapRange: {
    severity: 'error',
    properties: 'container.linuxParameters.maxSwap',
    summary: 'maxSwap is a whole number of MiB >= 0.',
    sources: [batchApi('LinuxParameters maxSwap', 'In MiB: 0 or any positive integer.')],
  },
  sharedMemorySize: {
    severity: 'error',
    properties: 'container.linuxParameters.sharedMemorySize',
    summary: 'sharedMemorySize is a whole number of MiB.',
    sources: [batchApi('LinuxParameters sharedMemorySize', 'The size of /dev/shm, an integer number of MiB; no minimum is stated.')],
  },
  swappinessNeedsMaxSwap: {
    severity: 'warning',
    properties: 'container.linuxParameters.swappiness',
    summary: 'swappiness needs maxSwap.',
    sources: [batchApi('LinuxParameters swappiness', 'Without a maxSwap value, swappiness is ignored.')],
  },
  tmpfsSize: {
    severity: 'error',
    properties: 'container.linuxParameters.tmpfs[].size',
    summary: 'A tmpfs size is a whole number of MiB.',
    sources: [batchApi('Tmpfs size', 'The size of the mount, a required integer number of MiB; no minimum is stated.')],
  },
  tmpfsPath: {
    severity: 'error',
    properties: 'container.linuxParameters.tmpfs[].containerPath',
    summary: 'A tmpfs mount has a container path.',
    sources: [batchApi('Tmpfs containerPath', 'Required: the absolute path in the container where the tmpfs is mounted.')],
  },
  deviceHostPath: {
    severity: 'error',
    properties: 'container.linuxParameters.devices[].hostPath',
    summary: 'A device has a host path.',
    sources: [batchApi('Device hostPath', 'Required: the path of the device on the host.')],
  },
  devicePermissionsUnique: {
    severity: 'warning',
    properties: 'container.linuxParameters.devices[].permissions',
    summary: 'A device lists each permission once: a repeat grants nothing more.',
    sources: [batchApi('Device permissions', 'The permissions the container has on the device, from READ, WRITE and MKNOD.'),
      cfnSchema('AWS::Batch::JobDefinition Device Permissions', 'A list without a uniqueness constraint: a repeat is accepted.')],
  },
});

const R = VOLUME_AND_LINUX_RULES;

/** The rules of a container's volumes, mount points and Linux parameters. */
export function volumeAndLinuxProblems(container: JobContainer | ContainerSettings, context: ContainerRuleContext): Problem[] {
  return [...volumeProblems(container, context), ...linuxProblems(container.linuxParameters, context)];
}

function volumeProblems(container: JobContainer | ContainerSettings, context: ContainerRuleContext): Problem[] {
  const p = context.property;
  const job = container as JobContainer;
  const volumes = container.volumes ?? [];
  const problems: Problem[] = volumes.flatMap((volume, i) => volumeSourceProblems(`${p}.volumes[${i}]`, volume, context.fargate));
  // A task's containers mount any volume of the task: the task checks the names and the EFS
  // needs (its role, its platform version) once, over all its volumes (workload-rules.ts).
  if (!context.inTask) {
    problems.push(...efsNeedsProblems(volumes.map((volume, i) => ({ property: `${p}.volumes[${i}]`, volume })),
      { roleProperty: `${p}.jobRole`, role: job.jobRole, fargateProperty: `${p}.fargate`, fargate: context.fargate ? job.fargate : undefined }));
  }
  const names = context.inTask?.volumeNames ?? volumes.map((v) => v.name);
  if (!context.inTask) {
    for (const name of duplicates(names)) {
      problems.push(problem(R.volumeNamesUnique, `${p}.volumes`, name, 'names should be unique',
        'Mount points name volumes; which of the two they mount is not documented'));
    }
  }
  (container.mountPoints ?? []).forEach((mount, i) => {
    if (isKnown(mount.sourceVolume) && !names.includes(mount.sourceVolume)) {
      problems.push(problem(R.mountPointVolume, `${p}.mountPoints[${i}].sourceVolume`, mount.sourceVolume,
        `must name a volume of this ${context.inTask ? 'task' : 'container'} (${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'none declared'})`,
        'Add the volume to volumes'));
    }
  });
  return problems;
}

/**
 * The rules of one volume: its name, one source, what Fargate does not take, the EFS and S3 Files settings.
 * @param v the volume's property, e.g. `container.volumes[0]` or `ecsTask.volumes[1]`
 */
export function volumeSourceProblems(v: string, volume: Volume, fargate: boolean): Problem[] {
  const problems: Problem[] = [
    checkPattern(R.volumeName, `${v}.name`, volume.name, VOLUME_NAME_PATTERN, 'must be 1-255 letters, digits, hyphens and underscores'),
  ];
  const sources = [volume.hostPath !== undefined, volume.efs !== undefined, volume.s3Files !== undefined].filter((given) => given).length;
  if (sources > 1) {
    problems.push(problem(R.volumeHostXorEfs, v, volume.name, 'should set at most one of hostPath, efs and s3Files',
      'Which one the container gets is not documented; use one volume for each'));
  }
  if (fargate) {
    problems.push(checkNotSet(R.fargateHostVolume, `${v}.hostPath`, volume.hostPath, NOT_ON_FARGATE, 'Use an EFS volume or a volume without hostPath'));
  }
  const efs = volume.efs;
  if (efs) {
    problems.push(
      checkTyped(`${v}.efs.fileSystem`, efs.fileSystem, 'an efs.IFileSystem', (value) => typeof (value as IFileSystem).fileSystemId === 'string',
        'Import an existing file system with efs.FileSystem.fromFileSystemAttributes(scope, id, { fileSystemId, securityGroup })'),
      checkTyped(`${v}.efs.accessPoint`, efs.accessPoint, 'an efs.IAccessPoint', (value) => typeof (value as IAccessPoint).accessPointId === 'string',
        'Import an existing access point with efs.AccessPoint.fromAccessPointAttributes(scope, id, { accessPointId, fileSystem })'),
    );
    const authorized = efs.accessPoint !== undefined || efs.useJobRole === true;
    if (authorized && efs.transitEncryption === false) {
      problems.push(problem(R.efsTransitEncryption, `${v}.efs.transitEncryption`, false, 'must be true with an access point or useJobRole'));
    }
    if (efs.accessPoint && efs.rootDirectory !== undefined && efs.rootDirectory !== '/') {
      problems.push(problem(R.efsRootWithAccessPoint, `${v}.efs.rootDirectory`, efs.rootDirectory, 'must be omitted or "/" with an access point',
        'The access point sets the root directory'));
    }
    problems.push(checkRange(R.efsTransitPort, `${v}.efs.transitEncryptionPort`, efs.transitEncryptionPort, TRANSIT_ENCRYPTION_PORT));
  }
  if (volume.s3Files) problems.push(...s3FilesVolumeProblems(`${v}.s3Files`, volume.s3Files));
  return problems;
}

/** Who mounts a set of EFS volumes: the job (task) role and, on Fargate, the Fargate settings. */
export interface EfsMounter {
  /** The role's property, e.g. `container.jobRole` or `ecsTask.taskRole`. */
  readonly roleProperty: string;
  /** The role. */
  readonly role?: IRole;
  /** The Fargate settings' property, e.g. `container.fargate`. */
  readonly fargateProperty: string;
  /** The Fargate settings, when the job runs on Fargate. */
  readonly fargate?: FargateSettings;
}

/** EFS volumes with IAM authorization need the job role; on Fargate they need platform version 1.4.0 or later. */
export function efsNeedsProblems(volumes: ReadonlyArray<{ readonly property: string; readonly volume: Volume }>, mounter: EfsMounter): Problem[] {
  const problems: Problem[] = [];
  for (const { property, volume } of volumes) {
    if (volume.efs?.useJobRole === true && mounter.role === undefined) {
      problems.push(problem(R.efsIamNeedsJobRole, `${property}.efs.useJobRole`, true, `needs ${mounter.roleProperty}`,
        'EFS IAM authorization mounts with the job role: give jobRole (allowed elasticfilesystem:ClientMount) or remove useJobRole'));
    }
  }
  const platformVersion = mounter.fargate?.platformVersion;
  if (volumes.some(({ volume }) => volume.efs) && isKnown(platformVersion) && OLD_FARGATE_VERSIONS.includes(platformVersion)) {
    problems.push(problem(R.efsFargatePlatformVersion, `${mounter.fargateProperty}.platformVersion`, platformVersion, 'must be 1.4.0 or later with an EFS volume',
      'Use ecs.FargatePlatformVersion.LATEST or VERSION1_4'));
  }
  return problems;
}

function linuxProblems(linux: LinuxParameters | undefined, context: ContainerRuleContext): Problem[] {
  if (!linux) return [];
  const p = `${context.property}.linuxParameters`;
  const problems: Problem[] = [];
  if (context.fargate) {
    problems.push(
      checkNotSet(R.fargateDevices, `${p}.devices`, linux.devices?.map((d) => d.hostPath), NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargateMaxSwap, `${p}.maxSwap`, linux.maxSwap, NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargateSharedMemory, `${p}.sharedMemorySize`, linux.sharedMemorySize, NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargateSwappiness, `${p}.swappiness`, linux.swappiness, NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargateTmpfs, `${p}.tmpfs`, linux.tmpfs?.map((t) => t.containerPath), NOT_ON_FARGATE, FARGATE_HINT),
    );
  }
  problems.push(
    checkRange(R.swappinessRange, `${p}.swappiness`, linux.swappiness, SWAPPINESS),
    checkWholeMiB(R.maxSwapRange, `${p}.maxSwap`, linux.maxSwap, 0),
    checkWholeMiB(R.sharedMemorySize, `${p}.sharedMemorySize`, linux.sharedMemorySize),
  );
  if (linux.swappiness !== undefined && linux.maxSwap === undefined) {
    problems.push(problem(R.swappinessNeedsMaxSwap, `${p}.swappiness`, linux.swappiness, 'is ignored without maxSwap',
      'Batch applies swappiness only with maxSwap; set maxSwap or remove swappiness'));
  }
  (linux.tmpfs ?? []).forEach((tmpfs, i) => {
    problems.push(checkWholeMiB(R.tmpfsSize, `${p}.tmpfs[${i}].size`, tmpfs.size));
    if (isKnown(tmpfs.containerPath) && tmpfs.containerPath.length === 0) {
      problems.push(problem(R.tmpfsPath, `${p}.tmpfs[${i}].containerPath`, '', 'must not be empty'));
    }
  });
  (linux.devices ?? []).forEach((device, i) => {
    if (isKnown(device.hostPath) && device.hostPath.length === 0) {
      problems.push(problem(R.deviceHostPath, `${p}.devices[${i}].hostPath`, '', 'must not be empty'));
    }
    for (const permission of duplicates(device.permissions ?? [])) {
      problems.push(problem(R.devicePermissionsUnique, `${p}.devices[${i}].permissions`, permission, 'should list each permission once',
        'A repeat grants nothing more'));
    }
  });
  return problems;
}
