import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  grantS3FilesVolumes, renderS3FilesVolume, s3FilesActions, s3FilesRoleProblem, s3FilesVolumeProblems,
} from '../../src/job-definition/s3-files-volume';
import { found } from '../rule-findings';

const fileSystemArn = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
const accessPointArn = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0/access-point/fsap-0123456789abcdef0';

describe('S3 Files volumes', () => {
  test('render every field', () => {
    expect(renderS3FilesVolume({ fileSystemArn, accessPointArn, rootDirectory: '/', transitEncryptionPort: 2049 }))
      .toEqual({ fileSystemArn, accessPointArn, rootDirectory: '/', transitEncryptionPort: 2049 });
  });

  test.each<[string, object, ReturnType<typeof found>]>([
    ['an EFS id instead of an ARN', { fileSystemArn: 'fs-0123' }, [{
      rule: 's3FilesFileSystemArn',
      severity: 'error',
      message: 'volumes[0].s3Files.fileSystemArn must be an S3 Files file system ARN (arn:PARTITION:s3files:REGION:ACCOUNT:file-system/ID), got "fs-0123"',
    }]],
    ['a root directory with an access point', { fileSystemArn, accessPointArn, rootDirectory: '/data' }, [{
      rule: 's3FilesRootDirectory',
      severity: 'error',
      message: 'volumes[0].s3Files.rootDirectory must be omitted or "/" with an access point, got "/data". The access point sets the root directory',
    }]],
    ['port 70000', { fileSystemArn, transitEncryptionPort: 70000 }, [{
      rule: 's3FilesTransitEncryptionPort', severity: 'error', message: 'volumes[0].s3Files.transitEncryptionPort must be an integer between 0 and 65535, got 70000',
    }]],
  ])('%s', (_name, volume, expected) => {
    expect(found(s3FilesVolumeProblems('volumes[0].s3Files', volume as any))).toEqual(expected);
  });

  test('the nearest valid volumes and a token ARN pass', () => {
    expect(found(s3FilesVolumeProblems('v', { fileSystemArn, accessPointArn, rootDirectory: '/', transitEncryptionPort: 65535 }))).toEqual([]);
    expect(found(s3FilesVolumeProblems('v', { fileSystemArn: new CfnParameter(new Stack(), 'Fs').valueAsString }))).toEqual([]);
  });

  test('a job role is required', () => {
    expect(found([s3FilesRoleProblem('container.jobRole', undefined, ['container.volumes[0].s3Files'])])).toEqual([{
      rule: 's3FilesNeedsRole',
      severity: 'error',
      message: 'container.jobRole is required with an S3 Files volume (container.volumes[0].s3Files), got undefined. '
        + 'Give a role the job\'s code can assume; it is granted access to the file system',
    }]);
    expect(s3FilesRoleProblem('container.jobRole', undefined, [])).toBeUndefined();
  });

  test('grants: mount, write unless read-only, root access when asked, on the file system only', () => {
    expect(s3FilesActions({ fileSystemArn })).toEqual(['s3files:ClientMount', 's3files:ClientWrite']);
    expect(s3FilesActions({ fileSystemArn, readOnly: true })).toEqual(['s3files:ClientMount']);
    expect(s3FilesActions({ fileSystemArn, rootAccess: true })).toEqual(['s3files:ClientMount', 's3files:ClientWrite', 's3files:ClientRootAccess']);
    const stack = new Stack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    grantS3FilesVolumes(role, [{ fileSystemArn, readOnly: true }]);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 's3files:ClientMount', Resource: fileSystemArn }]);
  });
});
