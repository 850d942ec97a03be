import { Lazy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EfsVolume, JobContainer, LinuxParameters } from '../../src';
import { ContainerRuleContext } from '../../src/job-definition/container-rules';
import { volumeAndLinuxProblems } from '../../src/job-definition/volume-and-linux-rules';
import { found, FoundRule } from '../rule-findings';

/**
 * The rules of a container's volumes, mount points and Linux parameters as tables, without
 * synthesizing (the EFS file system and access point are imported: no resources).
 */

const image = ecs.ContainerImage.fromRegistry('busybox');
const EC2: ContainerRuleContext = { property: 'container', fargate: false, multiNode: false };
const FARGATE: ContainerRuleContext = { property: 'container', fargate: true, multiNode: false };
const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const number = (value: number) => Lazy.number({ produce: () => value });

const stack = new Stack();
const fileSystem = efs.FileSystem.fromFileSystemAttributes(stack, 'Fs', {
  fileSystemId: 'fs-12345678', securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678'),
});
const accessPoint = efs.AccessPoint.fromAccessPointAttributes(stack, 'Ap', { accessPointId: 'fsap-1234567890abcdef0', fileSystem });
const jobRole = iam.Role.fromRoleArn(stack, 'JobRole', 'arn:aws:iam::123456789012:role/job');
const withEfs = (options: Partial<EfsVolume>, extra: Partial<JobContainer> = {}): Partial<JobContainer> =>
  ({ volumes: [{ name: 'v', efs: { fileSystem, ...options } }], ...extra });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });
const linux = (linuxParameters: LinuxParameters): Partial<JobContainer> => ({ linuxParameters });

const NOT_ON_FARGATE = 'is not available on Fargate';
const FARGATE_HINT = 'Remove it or use PlatformCapability.EC2';

/** [case, container (image added), where it is, the findings]. */
const BROKEN: Array<[string, Partial<JobContainer>, ContainerRuleContext, FoundRule[]]> = [
  ['a volume name with a space', { volumes: [{ name: 'a b' }] }, EC2, [error('volumeName',
    'container.volumes[0].name must be 1-255 letters, digits, hyphens and underscores, got "a b"')]],
  ['a volume name of 256 characters', { volumes: [{ name: 'v'.repeat(256) }] }, EC2, [error('volumeName',
    `container.volumes[0].name must be 1-255 letters, digits, hyphens and underscores, got "${'v'.repeat(256)}"`)]],
  ['a volume with a host path and EFS', { volumes: [{ name: 'v', hostPath: '/data', efs: { fileSystem } }] }, EC2, [warning('volumeHostXorEfs',
    'container.volumes[0] should set at most one of hostPath, efs and s3Files, got "v". Which one the container gets is not documented; use one volume for each')]],
  ['a host path on Fargate', { volumes: [{ name: 'v', hostPath: '/data' }] }, FARGATE, [error('fargateHostVolume',
    `container.volumes[0].hostPath ${NOT_ON_FARGATE}, got "/data". Use an EFS volume or a volume without hostPath`)]],
  ['an access point without transit encryption', withEfs({ accessPoint, transitEncryption: false }), EC2, [error('efsTransitEncryption',
    'container.volumes[0].efs.transitEncryption must be true with an access point or useJobRole, got false')]],
  ['IAM authorization without transit encryption', withEfs({ useJobRole: true, transitEncryption: false }, { jobRole }), EC2, [error('efsTransitEncryption',
    'container.volumes[0].efs.transitEncryption must be true with an access point or useJobRole, got false')]],
  ['a root directory with an access point', withEfs({ accessPoint, rootDirectory: '/data' }), EC2, [error('efsRootWithAccessPoint',
    'container.volumes[0].efs.rootDirectory must be omitted or "/" with an access point, got "/data". The access point sets the root directory')]],
  ['transit encryption port 70000', withEfs({ transitEncryptionPort: 70000 }), EC2, [error('efsTransitPort',
    'container.volumes[0].efs.transitEncryptionPort must be an integer between 0 and 65535, got 70000')]],
  ['IAM authorization without a job role', withEfs({ useJobRole: true }), EC2, [error('efsIamNeedsJobRole',
    'container.volumes[0].efs.useJobRole needs container.jobRole, got true. EFS IAM authorization mounts with the job role: '
    + 'give jobRole (allowed elasticfilesystem:ClientMount) or remove useJobRole')]],
  ['an EFS volume on Fargate platform 1.3.0', withEfs({}, { fargate: { platformVersion: ecs.FargatePlatformVersion.VERSION1_3 } }), FARGATE, [
    error('efsFargatePlatformVersion', 'container.fargate.platformVersion must be 1.4.0 or later with an EFS volume, got "1.3.0". '
      + 'Use ecs.FargatePlatformVersion.LATEST or VERSION1_4'),
  ]],
  ['a file system given as a string (JavaScript, Python)', { volumes: [{ name: 'v', efs: { fileSystem: 'fs-12345678' as any } }] }, EC2, [error('typedInput',
    'container.volumes[0].efs.fileSystem must be an efs.IFileSystem, got "fs-12345678". '
    + 'Import an existing file system with efs.FileSystem.fromFileSystemAttributes(scope, id, { fileSystemId, securityGroup })')]],
  ['an access point given as a string', withEfs({ accessPoint: 'x' as any }), EC2, [error('typedInput',
    'container.volumes[0].efs.accessPoint must be an efs.IAccessPoint, got "x". '
    + 'Import an existing access point with efs.AccessPoint.fromAccessPointAttributes(scope, id, { accessPointId, fileSystem })')]],
  ['a repeated volume name', { volumes: [{ name: 'a' }, { name: 'a' }] }, EC2, [warning('volumeNamesUnique',
    'container.volumes names should be unique, got "a". Mount points name volumes; which of the two they mount is not documented')]],
  ['a mount point of another volume', { volumes: [{ name: 'a' }], mountPoints: [{ sourceVolume: 'b', containerPath: '/b' }] }, EC2, [error('mountPointVolume',
    'container.mountPoints[0].sourceVolume must name a volume of this container ("a"), got "b". Add the volume to volumes')]],
  ['a mount point without volumes', { mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }, EC2, [error('mountPointVolume',
    'container.mountPoints[0].sourceVolume must name a volume of this container (none declared), got "data". Add the volume to volumes')]],
  ['devices on Fargate', linux({ devices: [{ hostPath: '/dev/fuse' }] }), FARGATE, [error('fargateDevices',
    `container.linuxParameters.devices ${NOT_ON_FARGATE}, got ["/dev/fuse"]. ${FARGATE_HINT}`)]],
  ['tmpfs on Fargate', linux({ tmpfs: [{ containerPath: '/t', size: Size.mebibytes(1) }] }), FARGATE, [error('fargateTmpfs',
    `container.linuxParameters.tmpfs ${NOT_ON_FARGATE}, got ["/t"]. ${FARGATE_HINT}`)]],
  ['shared memory on Fargate', linux({ sharedMemorySize: Size.mebibytes(64) }), FARGATE, [error('fargateSharedMemory',
    `container.linuxParameters.sharedMemorySize ${NOT_ON_FARGATE}, got 64 MiB. ${FARGATE_HINT}`)]],
  ['swap on Fargate', linux({ maxSwap: Size.mebibytes(0), swappiness: 10 }), FARGATE, [
    error('fargateMaxSwap', `container.linuxParameters.maxSwap ${NOT_ON_FARGATE}, got 0 MiB. ${FARGATE_HINT}`),
    error('fargateSwappiness', `container.linuxParameters.swappiness ${NOT_ON_FARGATE}, got 10. ${FARGATE_HINT}`),
  ]],
  ['swappiness 101', linux({ maxSwap: Size.mebibytes(0), swappiness: 101 }), EC2, [error('swappinessRange',
    'container.linuxParameters.swappiness must be an integer between 0 and 100, got 101')]],
  ['swappiness without maxSwap', linux({ swappiness: 10 }), EC2, [warning('swappinessNeedsMaxSwap',
    'container.linuxParameters.swappiness is ignored without maxSwap, got 10. Batch applies swappiness only with maxSwap; set maxSwap or remove swappiness')]],
  ['a fraction of a MiB of swap', linux({ maxSwap: Size.kibibytes(1536) }), EC2, [error('maxSwapRange',
    'container.linuxParameters.maxSwap must be a whole number of MiB >= 0, got 1.5 MiB')]],
  ['a fraction of a MiB of shared memory', linux({ sharedMemorySize: Size.kibibytes(1536) }), EC2, [error('sharedMemorySize',
    'container.linuxParameters.sharedMemorySize must be a whole number of MiB, got 1.5 MiB')]],
  ['a tmpfs of 100 KiB', linux({ tmpfs: [{ containerPath: '/t', size: Size.kibibytes(100) }] }), EC2, [error('tmpfsSize',
    'container.linuxParameters.tmpfs[0].size must be a whole number of MiB, got 0.09765625 MiB')]],
  ['a tmpfs without a path', linux({ tmpfs: [{ containerPath: '', size: Size.mebibytes(1) }] }), EC2, [error('tmpfsPath',
    'container.linuxParameters.tmpfs[0].containerPath must not be empty, got ""')]],
  ['a device without a host path', linux({ devices: [{ hostPath: '' }] }), EC2, [error('deviceHostPath',
    'container.linuxParameters.devices[0].hostPath must not be empty, got ""')]],
  ['a repeated device permission', linux({ devices: [{ hostPath: '/dev/x', permissions: [ecs.DevicePermission.READ, ecs.DevicePermission.READ] }] }), EC2, [
    warning('devicePermissionsUnique', 'container.linuxParameters.devices[0].permissions should list each permission once, got "read". A repeat grants nothing more'),
  ]],
];

/** [case, container (image added), where it is]: the nearest values that pass. */
const PASSING: Array<[string, Partial<JobContainer>, ContainerRuleContext]> = [
  ['a volume mounted by name', { volumes: [{ name: 'a' }], mountPoints: [{ sourceVolume: 'a', containerPath: '/a' }] }, EC2],
  ['a volume name of 255 characters', { volumes: [{ name: 'v'.repeat(255) }] }, EC2],
  ['a Docker-managed volume on Fargate', { volumes: [{ name: 'v' }] }, FARGATE],
  ['an EFS volume on Fargate', withEfs({}), FARGATE],
  ['an access point with root directory "/"', withEfs({ accessPoint, rootDirectory: '/' }), EC2],
  ['IAM authorization with transit encryption and a job role', withEfs({ useJobRole: true }, { jobRole }), EC2],
  ['an EFS volume on Fargate platform 1.4.0', withEfs({}, { fargate: { platformVersion: ecs.FargatePlatformVersion.VERSION1_4 } }), FARGATE],
  ['platform 1.3.0 on Fargate without EFS', { volumes: [{ name: 'v' }], fargate: { platformVersion: ecs.FargatePlatformVersion.VERSION1_3 } }, FARGATE],
  ['0 MiB of shared memory and tmpfs (Batch states no minimum)', linux({
    sharedMemorySize: Size.mebibytes(0), tmpfs: [{ containerPath: '/t', size: Size.mebibytes(0) }],
  }), EC2],
  ['transit encryption ports 0 and 65535', { volumes: [{ name: 'a', efs: { fileSystem, transitEncryptionPort: 0 } }, { name: 'b', efs: { fileSystem, transitEncryptionPort: 65535 } }] }, EC2],
  ['swappiness 0 and 100 with maxSwap 0', linux({ maxSwap: Size.mebibytes(0), swappiness: 100 }), EC2],
  ['swappiness 0', linux({ maxSwap: Size.mebibytes(0), swappiness: 0 }), EC2],
  ['1 MiB of shared memory and tmpfs', linux({ sharedMemorySize: Size.mebibytes(1), tmpfs: [{ containerPath: '/t', size: Size.mebibytes(1) }] }), EC2],
  ['distinct device permissions', linux({ devices: [{ hostPath: '/dev/x', permissions: [ecs.DevicePermission.READ, ecs.DevicePermission.WRITE] }] }), EC2],
];

/** [case, container, where it is]: a token skips its check. */
const TOKENS: Array<[string, Partial<JobContainer>, ContainerRuleContext]> = [
  ['a token volume name and mount point', {
    volumes: [{ name: Lazy.string({ produce: () => 'a b' }) }], mountPoints: [{ sourceVolume: Lazy.string({ produce: () => 'x' }), containerPath: '/x' }],
  }, EC2],
  ['a token transit encryption port', withEfs({ transitEncryptionPort: number(70000) }), EC2],
  ['token Linux sizes and swappiness', linux({
    maxSwap: Size.mebibytes(number(0.5)),
    swappiness: number(101),
    sharedMemorySize: Size.mebibytes(number(0)),
    tmpfs: [{ containerPath: Lazy.string({ produce: () => '' }), size: Size.mebibytes(number(0)) }],
  }), EC2],
];

describe('volume and Linux parameter rules', () => {
  test.each(BROKEN)('%s', (_case, extra, context, expected) => {
    expect(found(volumeAndLinuxProblems({ image, ...extra }, context))).toEqual(expected);
  });

  test.each(PASSING)('passes: %s', (_case, extra, context) => {
    expect(found(volumeAndLinuxProblems({ image, ...extra }, context))).toEqual([]);
  });

  test.each(TOKENS)('skipped: %s', (_case, extra, context) => {
    expect(found(volumeAndLinuxProblems({ image, ...extra }, context))).toEqual([]);
  });
});
