import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkPattern, checkRange } from '../private/validation/checks';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { cfnSchema, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * An Amazon S3 Files file system mounted as a volume (NFS access to the objects of an S3 bucket).
 *
 * The job role (`jobRole`, or the task's `taskRole`) is required: ECS mounts the file system
 * with it, and it is granted `s3files:ClientMount` on the file system, `s3files:ClientWrite`
 * unless `readOnly`, and `s3files:ClientRootAccess` with `rootAccess`. The job's security
 * groups must reach the file system's mount targets (NFS, TCP 2049).
 */
export interface S3FilesVolume {
  /** The ARN of the file system: `arn:PARTITION:s3files:REGION:ACCOUNT:file-system/ID`. */
  readonly fileSystemArn: string;
  /**
   * The ARN of an S3 Files access point to mount through (it sets the root directory and the user).
   * @default - no access point
   */
  readonly accessPointArn?: string;
  /**
   * The directory of the file system mounted as the volume's root. Omit it (or give `/`) with an access point.
   * @default "/"
   */
  readonly rootDirectory?: string;
  /**
   * The port of the encrypted connection between the host and the file system.
   * @default - the mount helper's choice
   */
  readonly transitEncryptionPort?: number;
  /**
   * Whether the job role gets only read access (`s3files:ClientMount`), not `s3files:ClientWrite`.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * Whether the job role gets root access (`s3files:ClientRootAccess`), for processes running as uid 0.
   * @default false
   */
  readonly rootAccess?: boolean;
}

/** `arn:PARTITION:s3files:REGION:ACCOUNT:file-system/ID` (Amazon ECS Developer Guide, specify-s3files-config). */
const FILE_SYSTEM_ARN = /^arn:[a-z-]+:s3files:[a-z0-9-]+:[0-9]{12}:file-system\/[A-Za-z0-9-]+$/;

export const S3_FILES_RULES = defineRules('JobDefinition', {
  s3FilesFileSystemArn: {
    severity: 'error',
    properties: 'volumes[].s3Files.fileSystemArn',
    summary: 'An S3 Files volume names its file system by ARN: arn:PARTITION:s3files:REGION:ACCOUNT:file-system/ID.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'specify-s3files-config.html',
      'The volume takes the full ARN of the S3 file system, arn:partition:s3files:region:account:file-system/ID.')],
  },
  s3FilesRootDirectory: {
    severity: 'error',
    properties: 'volumes[].s3Files.rootDirectory',
    summary: 'With an access point, the root directory is omitted or /: the access point sets it.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'S3FilesVolumeConfiguration rootDirectory (Amazon ECS API Reference)',
      'When an access point is given, the root directory must be omitted or set to /.')],
  },
  s3FilesTransitEncryptionPort: {
    severity: 'error',
    properties: 'volumes[].s3Files.transitEncryptionPort',
    summary: 'The transit encryption port is a whole number from 0 to 65535.',
    sources: [cfnSchema('AWS::Batch::JobDefinition S3FilesVolumeConfiguration TransitEncryptionPort', 'An integer: a TCP port.')],
  },
  s3FilesNeedsRole: {
    severity: 'error',
    properties: 'jobRole, ecsTask.taskRole (with an S3 Files volume)',
    summary: 'A job with an S3 Files volume has a job role (the task role): ECS mounts the file system with it.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'S3FilesVolumeConfiguration (Amazon ECS API Reference)',
      'A task definition with an S3 Files volume must include a task IAM role.')],
  },
});

/** The checks of one S3 Files volume. */
export function s3FilesVolumeProblems(property: string, volume: S3FilesVolume): Problem[] {
  return [
    checkPattern(S3_FILES_RULES.s3FilesFileSystemArn, `${property}.fileSystemArn`, volume.fileSystemArn, FILE_SYSTEM_ARN,
      'must be an S3 Files file system ARN (arn:PARTITION:s3files:REGION:ACCOUNT:file-system/ID)'),
    volume.accessPointArn !== undefined && isKnown(volume.rootDirectory) && volume.rootDirectory !== '/'
      ? problem(S3_FILES_RULES.s3FilesRootDirectory, `${property}.rootDirectory`, volume.rootDirectory,
        'must be omitted or "/" with an access point', 'The access point sets the root directory')
      : undefined,
    checkRange(S3_FILES_RULES.s3FilesTransitEncryptionPort, `${property}.transitEncryptionPort`, volume.transitEncryptionPort,
      { min: 0, max: 65535, integer: true }),
  ];
}

/**
 * Without a job (task) role, S3 Files volumes cannot be mounted.
 * @param roleProperty the role prop as the user writes it, e.g. `container.jobRole`
 * @param volumeProperties the S3 Files volumes, as the user wrote them
 */
export function s3FilesRoleProblem(roleProperty: string, role: iam.IRole | undefined, volumeProperties: readonly string[]): Problem {
  if (role !== undefined || volumeProperties.length === 0) return undefined;
  return problem(S3_FILES_RULES.s3FilesNeedsRole, roleProperty, undefined, `is required with an S3 Files volume (${volumeProperties.join(', ')})`,
    'Give a role the job\'s code can assume; it is granted access to the file system');
}

/** The CloudFormation form of an S3 Files volume. */
export function renderS3FilesVolume(volume: S3FilesVolume): CfnJobDefinition.S3FilesVolumeConfigurationProperty {
  return {
    fileSystemArn: volume.fileSystemArn,
    accessPointArn: volume.accessPointArn,
    rootDirectory: volume.rootDirectory,
    transitEncryptionPort: volume.transitEncryptionPort,
  };
}

/** The S3 Files actions a volume needs: mount, write unless read-only, root access if asked. */
export function s3FilesActions(volume: S3FilesVolume): string[] {
  return [
    's3files:ClientMount',
    ...(volume.readOnly === true ? [] : ['s3files:ClientWrite']),
    ...(volume.rootAccess === true ? ['s3files:ClientRootAccess'] : []),
  ];
}

/** Grants the job role what its S3 Files volumes need, on each file system only. */
export function grantS3FilesVolumes(role: iam.IRole, volumes: readonly S3FilesVolume[]): void {
  for (const volume of volumes) {
    iam.Grant.addToPrincipal({ grantee: role, actions: s3FilesActions(volume), resourceArns: [volume.fileSystemArn] });
  }
}

