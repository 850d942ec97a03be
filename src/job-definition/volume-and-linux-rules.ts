import { ContainerRuleContext, FARGATE_HINT, NOT_ON_FARGATE, notOnFargate } from './container-rules';
import type { ContainerSettings, LinuxParameters, Volume } from './job-container';
import { s3FilesVolumeProblems } from './s3-files-volume';
import { checkNotSet, checkPattern, checkRange, checkWholeMiB, duplicates } from '../private/validation/checks';
import { MAX_VOLUME_NAME_LENGTH, SWAPPINESS, TRANSIT_ENCRYPTION_PORT } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a container's volumes, mount points and Linux parameters (devices, swap,
 * shared memory, tmpfs): part of the JobDefinition catalogue, beside `container-rules.ts`.
 */

const VOLUME_NAME_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_VOLUME_NAME_LENGTH}}$`);

export const VOLUME_AND_LINUX_RULES = defineRules('JobDefinition', {
  volumeName: {
    severity: 'error',
    properties: 'container.volumes[].name',
    summary: `A volume name is 1-${MAX_VOLUME_NAME_LENGTH} letters, digits, hyphens and underscores.`,
    sources: [batchApi('Volume name', 'Up to 255 characters: letters, numbers, hyphens and underscores.')],
  },
  volumeHostXorEfs: {
    severity: 'error',
    properties: 'container.volumes[].hostPath, efs, s3Files',
    summary: 'A volume is at most one of a host path, an EFS file system and an S3 Files file system.',
    sources: [source(SourceDocument.LIBRARY, 'Volume', 'This library\'s check: a volume gets its data from one place; no Batch '
      + 'document says which one wins when both are given.')],
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
    severity: 'error',
    properties: 'container.volumes[].name',
    summary: 'Each volume name appears once.',
    sources: [source(SourceDocument.LIBRARY, 'Volume name', 'This library\'s check: mount points refer to volumes by name, so a '
      + 'repeated name is ambiguous; no Batch document states a rejection.')],
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
    summary: 'sharedMemorySize is a whole number of MiB >= 1.',
    sources: [batchApi('LinuxParameters sharedMemorySize', 'The size of /dev/shm, an integer number of MiB.')],
  },
  swappinessNeedsMaxSwap: {
    severity: 'error',
    properties: 'container.linuxParameters.swappiness',
    summary: 'swappiness needs maxSwap.',
    sources: [batchApi('LinuxParameters swappiness', 'Without a maxSwap value, swappiness is ignored.')],
  },
  tmpfsSize: {
    severity: 'error',
    properties: 'container.linuxParameters.tmpfs[].size',
    summary: 'A tmpfs size is a whole number of MiB >= 1.',
    sources: [batchApi('Tmpfs size', 'The size of the mount, a required integer number of MiB.')],
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
    severity: 'error',
    properties: 'container.linuxParameters.devices[].permissions',
    summary: 'A device lists each permission once.',
    sources: [source(SourceDocument.LIBRARY, 'Device permissions', 'This library\'s check: a repeated permission adds nothing; no '
      + 'Batch document states a rejection.')],
  },
});

const R = VOLUME_AND_LINUX_RULES;

/** The rules of a container's volumes, mount points and Linux parameters. */
export function volumeAndLinuxProblems(container: ContainerSettings, context: ContainerRuleContext): Problem[] {
  return [...volumeProblems(container, context), ...linuxProblems(container.linuxParameters, context)];
}

function volumeProblems(container: ContainerSettings, context: ContainerRuleContext): Problem[] {
  const p = context.property;
  const volumes = container.volumes ?? [];
  const problems: Problem[] = volumes.flatMap((volume, i) => volumeSourceProblems(`${p}.volumes[${i}]`, volume, context.fargate));
  // A task's containers mount any volume of the task; the task checks its names once (ecs-task-rules.ts).
  const names = context.inTask?.volumeNames ?? volumes.map((v) => v.name);
  if (!context.inTask) {
    for (const name of duplicates(names)) problems.push(problem(R.volumeNamesUnique, `${p}.volumes`, name, 'names must be unique'));
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
 * The rules of one volume: its name, one source, what Fargate does not take, EFS and S3 Files settings.
 * @param v the volume's property, e.g. `container.volumes[0]` or `ecsTask.volumes[1]`
 */
export function volumeSourceProblems(v: string, volume: Volume, fargate: boolean): Problem[] {
  const problems: Problem[] = [
    checkPattern(R.volumeName, `${v}.name`, volume.name, VOLUME_NAME_PATTERN, 'must be 1-255 letters, digits, hyphens and underscores'),
  ];
  const sources = [volume.hostPath !== undefined, volume.efs !== undefined, volume.s3Files !== undefined].filter((given) => given).length;
  if (sources > 1) {
    problems.push(problem(R.volumeHostXorEfs, v, volume.name, 'must set at most one of hostPath, efs and s3Files'));
  }
  if (fargate) {
    problems.push(checkNotSet(R.fargateHostVolume, `${v}.hostPath`, volume.hostPath, NOT_ON_FARGATE, 'Use an EFS volume or a volume without hostPath'));
  }
  const efs = volume.efs;
  if (efs) {
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
    checkWholeMiB(R.sharedMemorySize, `${p}.sharedMemorySize`, linux.sharedMemorySize, 1),
  );
  if (linux.swappiness !== undefined && linux.maxSwap === undefined) {
    problems.push(problem(R.swappinessNeedsMaxSwap, `${p}.swappiness`, linux.swappiness, 'needs maxSwap',
      'Without maxSwap Batch ignores swappiness; set maxSwap'));
  }
  (linux.tmpfs ?? []).forEach((tmpfs, i) => {
    problems.push(checkWholeMiB(R.tmpfsSize, `${p}.tmpfs[${i}].size`, tmpfs.size, 1));
    if (isKnown(tmpfs.containerPath) && tmpfs.containerPath.length === 0) {
      problems.push(problem(R.tmpfsPath, `${p}.tmpfs[${i}].containerPath`, '', 'must not be empty'));
    }
  });
  (linux.devices ?? []).forEach((device, i) => {
    if (isKnown(device.hostPath) && device.hostPath.length === 0) {
      problems.push(problem(R.deviceHostPath, `${p}.devices[${i}].hostPath`, '', 'must not be empty'));
    }
    for (const permission of duplicates(device.permissions ?? [])) {
      problems.push(problem(R.devicePermissionsUnique, `${p}.devices[${i}].permissions`, permission, 'must list each permission once'));
    }
  });
  return problems;
}
