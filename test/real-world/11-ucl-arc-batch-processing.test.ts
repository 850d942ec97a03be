/**
 * Source: UCL-ARC/terraform-aws-batch-processing, modules/batch/main.tf + variables.tf, the root main.tf + variables.tf,
 * modules/efs/main.tf and modules/vpc/main.tf, commit ba81fe94bbc4c3084598df15c8e51aafdb17c7dc; author UCL Advanced
 * Research Computing (University College London); kind: Terraform (wrapping `terraform-aws-modules/batch/aws`, 01).
 * Why real: a university research-computing team's reusable pipeline (S3 upload, Step Functions, DataSync, Batch on
 * Fargate with EFS, reports), with CODEOWNERS, CI and terraform-docs.
 *
 * Not expressed here, and why:
 * - The generated environment name (`name_prefix = "fargate-"`): CloudFormation generates one.
 * - The unused instance role and profile that the wrapped module creates: nothing Batch refers to.
 * - The EFS file system (KMS encryption, provisioned throughput, access points) is made by the setup's EFS module:
 *   imported by ID. The job mounts it without an access point, as the original does.
 * - The VPC (10.0.0.0/25, two private subnets) and the security group come from the setup's VPC module: imported.
 * - The queue uses Terraform's deprecated `compute_environments` list: order 0, kept.
 * - Differences on purpose: the original omits `TransitEncryption` (Batch's default: DISABLED); the library encrypts
 *   in transit unless told otherwise, so the rewrite says `transitEncryption: false` and the template shows DISABLED.
 *   The library also writes `State: ENABLED` and `NetworkConfiguration.AssignPublicIp: DISABLED` (Batch's defaults)
 *   and names the job definition `arc-batch` as the original does.
 */
import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, synthesize, Synthesized } from './corpus';
import { ComputeEnvironment, ComputeResourceType, JobDefinition, JobQueue, PlatformCapability } from '../../src';
import { testStack } from '../synth';

const SUBNETS = ['subnet-0111111111111a001', 'subnet-0111111111111a002'];

function build() {
  const stack = testStack('UclArcBatch', { env: { account: '123456789012', region: 'eu-west-2' } });
  const vpc = existingVpc(stack, 'vpc-0111111111111111a', SUBNETS);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'BatchSecurityGroup', 'sg-0111111111111111a');
  const serviceRole = new iam.Role(stack, 'ServiceRole', {
    path: '/batch/',
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const environment = new ComputeEnvironment(stack, 'Env', {
    serviceRole,
    computeResources: { type: ComputeResourceType.FARGATE, vpc, maxvCpus: 1, securityGroups: [securityGroup] },
  });
  const queue = new JobQueue(stack, 'TestQueue', {
    jobQueueName: 'batch-job-queue',
    priority: 1,
    computeEnvironments: [{ computeEnvironment: environment, order: 0 }],
  });
  const executionRole = new iam.Role(stack, 'TaskExecutionRole', {
    roleName: 'arc-batch-ecs-task-exec',
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
  });
  const fileSystem = efs.FileSystem.fromFileSystemAttributes(stack, 'Efs', {
    fileSystemId: 'fs-0111111111111111a',
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'EfsSg', 'sg-0222222222222222a'),
  });
  const definition = new JobDefinition(stack, 'SimpleBatchJob', {
    jobDefinitionName: 'arc-batch',
    platformCapabilities: [PlatformCapability.FARGATE],
    container: {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:latest'),
      command: ['df', '-h'],
      executionRole,
      vcpus: 1,
      memory: Size.mebibytes(2048),
      volumes: [{ name: 'efs', efs: { fileSystem, transitEncryption: false } }],
      mountPoints: [{ containerPath: '/mnt/', readOnly: false, sourceVolume: 'efs' }],
      fargate: { platformVersion: ecs.FargatePlatformVersion.VERSION1_4 },
    },
  });
  return { stack, environment, queue, definition, serviceRole, executionRole };
}

describe('11 UCL-ARC/terraform-aws-batch-processing (Fargate with EFS)', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test('the environment: FARGATE with at most 1 vCPU, the module\'s service role (path /batch/)', () => {
    expect(synth.properties(setup.environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ComputeResources: { Type: 'FARGATE', MaxvCpus: 1, SecurityGroupIds: ['sg-0111111111111111a'], Subnets: SUBNETS },
    });
    expect(synth.properties(setup.serviceRole).Path).toBe('/batch/');
  });

  test('the queue batch-job-queue keeps the order 0 of the deprecated list argument', () => {
    expect(synth.properties(setup.queue)).toEqual({
      JobQueueName: 'batch-job-queue',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 0 }],
    });
  });

  test('the job: busybox on platform 1.4.0, the EFS file system by ID only, mounted at /mnt/', () => {
    expect(synth.properties(setup.definition)).toEqual({
      JobDefinitionName: 'arc-batch',
      Type: 'container',
      PlatformCapabilities: ['FARGATE'],
      ContainerProperties: {
        Image: 'public.ecr.aws/docker/library/busybox:latest',
        Command: ['df', '-h'],
        ExecutionRoleArn: synth.getAtt(setup.executionRole, 'Arn'),
        ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }],
        // library: TransitEncryption written out (the original leaves Batch's default, DISABLED)
        Volumes: [{ Name: 'efs', EfsVolumeConfiguration: { FileSystemId: 'fs-0111111111111111a', TransitEncryption: 'DISABLED' } }],
        MountPoints: [{ ContainerPath: '/mnt/', ReadOnly: false, SourceVolume: 'efs' }],
        FargatePlatformConfiguration: { PlatformVersion: '1.4.0' },
        NetworkConfiguration: { AssignPublicIp: 'DISABLED' },
      },
    });
  });

  test('no job role, no log configuration, no retry strategy, timeout or tags, as in the original', () => {
    const properties = synth.properties(setup.definition);
    expect(properties.ContainerProperties.JobRoleArn).toBeUndefined();
    expect(properties.ContainerProperties.LogConfiguration).toBeUndefined();
    expect(properties.RetryStrategy).toBeUndefined();
    expect(properties.Timeout).toBeUndefined();
    expect(properties.Tags).toBeUndefined();
  });

  test('no warnings', () => {
    expect(synth.warnings).toEqual([]);
  });
});
