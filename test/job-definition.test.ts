import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  EfsVolume, IJobQueue, JobContainer, JobDefinition, JobDefinitionProps, NodeRange, PlatformCapability, RetryAction,
} from '../src';
import { countByType, synthAnnotations, synthTemplate, testStack } from './synth';

const image = ecs.ContainerImage.fromRegistry('busybox');
const FARGATE = [PlatformCapability.FARGATE];

/** A definition in a fresh stack. */
function define(props: JobDefinitionProps, stack: Stack = testStack()) {
  const definition = new JobDefinition(stack, 'Def', props);
  return { stack, definition };
}

/** The synthesized properties of the definition (runs the CloudFormation schema validation). */
function synthProps(props: JobDefinitionProps): any {
  const { stack } = define(props);
  const resources = synthTemplate(stack).findResources('AWS::Batch::JobDefinition');
  return Object.values<any>(resources)[0].Properties;
}

function container(extra: Partial<JobContainer> = {}): JobContainer {
  return { image, ...extra };
}

function fails(props: JobDefinitionProps, ...fragments: string[]) {
  let message = '';
  try {
    define(props);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^\[TestStack\/Def\]/);
  for (const fragment of fragments) expect(message).toContain(fragment);
}

function multiNode(numNodes: number, mainNode: number, ...ranges: Array<[NodeRange, Partial<JobContainer>?]>): JobDefinitionProps {
  return {
    nodeProperties: {
      numNodes,
      mainNode,
      nodeRanges: ranges.map(([targetNodes, extra]) => ({ targetNodes, container: container(extra) })),
    },
  };
}

describe('defaults and resources', () => {
  test('a plain EC2 container definition is exactly one CloudFormation resource', () => {
    const { stack } = define({ container: container() });
    expect(countByType(synthTemplate(stack))).toEqual({ 'AWS::Batch::JobDefinition': 1 });
  });

  test('defaults: EC2, container type, 1 vCPU and 2048 MiB as resourceRequirements, a generated valid name', () => {
    const props = synthProps({ container: container() });
    expect(props.Type).toBe('container');
    expect(props.PlatformCapabilities).toEqual(['EC2']);
    expect(props.ContainerProperties.ResourceRequirements).toEqual([
      { Type: 'VCPU', Value: '1' },
      { Type: 'MEMORY', Value: '2048' },
    ]);
    expect(props.ContainerProperties.Vcpus).toBeUndefined();
    expect(props.ContainerProperties.Memory).toBeUndefined();
    expect(props.JobDefinitionName).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/);
    expect(props.RetryStrategy).toBeUndefined();
    expect(props.Timeout).toBeUndefined();
    expect(props.ResourceRetentionPolicy).toBeUndefined();
    expect(props.ContainerProperties.ExecutionRoleArn).toBeUndefined();
    expect(props.ContainerProperties.JobRoleArn).toBeUndefined();
  });

  test('the reference sleep10 definition', () => {
    const props = synthProps({
      jobDefinitionName: 'sleep10',
      container: container({ vcpus: 1, memory: Size.mebibytes(128), command: ['sleep', '10'] }),
    });
    expect(props).toMatchObject({
      JobDefinitionName: 'sleep10',
      ContainerProperties: {
        Image: 'busybox',
        Command: ['sleep', '10'],
        ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '128' }],
      },
    });
  });

  test('Fargate with a Secrets Manager secret: one execution role, granted the secret, referenced by the definition', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    define({
      platformCapabilities: FARGATE,
      container: container({ secrets: { PASSWORD: ecs.Secret.fromSecretsManager(secret) } }),
    }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({
      'AWS::Batch::JobDefinition': 1,
      'AWS::IAM::Role': 1,
      'AWS::IAM::Policy': 1,
      'AWS::SecretsManager::Secret': 1,
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })] },
    });
    template.hasResource('AWS::Batch::JobDefinition', {
      DependsOn: [Match.stringLikeRegexp('^DefExecutionRoleDefaultPolicy')],
      Properties: {
        PlatformCapabilities: ['FARGATE'],
        ContainerProperties: Match.objectLike({
          ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DefExecutionRole'), 'Arn'] },
          Secrets: [{ Name: 'PASSWORD', ValueFrom: { Ref: Match.stringLikeRegexp('Secret') } }],
        }),
      },
    });
  });

  test('Fargate without secrets: the execution role may write the default /aws/batch/job logs', () => {
    const { stack } = define({ platformCapabilities: FARGATE, container: container() });
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobDefinition': 1, 'AWS::IAM::Role': 1 });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] },
      Policies: [Match.objectLike({
        PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] },
      })],
    });
  });

  test('an SSM parameter secret on EC2 creates the execution role and grants it', () => {
    const stack = testStack();
    const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'Param', { parameterName: 'db-password' });
    define({ container: container({ secrets: { DB_PASSWORD: ecs.Secret.fromSsmParameter(parameter) } }) }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobDefinition': 1, 'AWS::IAM::Role': 1, 'AWS::IAM::Policy': 1 });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: Match.arrayWith(['ssm:GetParameters']) })] },
    });
  });

  test('an ECR repository image gets a pull grant on the execution role', () => {
    const stack = testStack();
    const repository = new ecr.Repository(stack, 'Repo');
    define({ container: { image: ecs.ContainerImage.fromEcrRepository(repository, 'v1') } }, stack);
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ecr:BatchGetImage']) })]) },
    });
    const props = Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))[0].Properties;
    expect(props.ContainerProperties.ExecutionRoleArn).toBeDefined();
  });

  test('an asset image is built from a directory and pulled with the execution role', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jd-asset-'));
    fs.writeFileSync(path.join(directory, 'Dockerfile'), 'FROM busybox\n');
    const stack = testStack();
    define({ container: { image: ecs.ContainerImage.fromAsset(directory) } }, stack);
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['ecr:BatchGetImage']) })]) },
    });
    const props = Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))[0].Properties;
    expect(JSON.stringify(props.ContainerProperties.Image)).toContain('cdk-hnb659fds-container-assets');
  });

  test('a private registry image passes its credentials secret and grants it to the execution role', () => {
    const stack = testStack();
    const credentials = new secretsmanager.Secret(stack, 'Credentials');
    define({ container: { image: ecs.ContainerImage.fromRegistry('registry.example.com/team/app:1', { credentials }) } }, stack);
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: Match.objectLike({
        RepositoryCredentials: { CredentialsParameter: { Ref: Match.stringLikeRegexp('Credentials') } },
        ExecutionRoleArn: Match.anyValue(),
      }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })] },
    });
  });

  test('a given execution role is used and no role is created', () => {
    const stack = testStack();
    const role = iam.Role.fromRoleArn(stack, 'Exec', 'arn:aws:iam::123456789012:role/exec', { mutable: false });
    define({ platformCapabilities: FARGATE, container: container({ executionRole: role }) }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobDefinition': 1 });
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: Match.objectLike({ ExecutionRoleArn: 'arn:aws:iam::123456789012:role/exec' }),
    });
  });

  test('a job role is rendered when given and never created', () => {
    const stack = testStack();
    const role = iam.Role.fromRoleArn(stack, 'Job', 'arn:aws:iam::123456789012:role/job');
    define({ container: container({ jobRole: role }) }, stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobDefinition': 1 });
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: Match.objectLike({ JobRoleArn: 'arn:aws:iam::123456789012:role/job' }),
    });
  });

  test('awslogs logging renders a log configuration and lets the execution role write the log group', () => {
    const stack = testStack();
    define({ container: container({ logging: ecs.LogDriver.awsLogs({ streamPrefix: 'job' }) }) }, stack);
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: Match.objectLike({
        LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'awslogs-stream-prefix': 'job' }) },
      }),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] })] },
    });
  });

  test('a log driver without role needs (json-file) creates no role', () => {
    const { stack } = define({ container: container({ logging: ecs.LogDrivers.jsonFile() }) });
    expect(countByType(synthTemplate(stack))).toEqual({ 'AWS::Batch::JobDefinition': 1 });
  });

  test('container settings: GPU, command, environment, user, flags, volumes, mount points, ulimits, linux parameters', () => {
    const stack = testStack();
    const fileSystem = efs.FileSystem.fromFileSystemAttributes(stack, 'Fs', {
      fileSystemId: 'fs-12345678', securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678'),
    });
    define({
      container: container({
        gpuCount: 2,
        command: ['echo', 'hi'],
        environment: { STAGE: 'prod' },
        user: '1000:1000',
        privileged: true,
        readonlyRootFilesystem: true,
        volumes: [{ name: 'scratch', hostPath: '/mnt/scratch' }, { name: 'shared', efs: { fileSystem, useJobRole: true } }],
        mountPoints: [{ sourceVolume: 'scratch', containerPath: '/scratch', readOnly: true }, { sourceVolume: 'shared', containerPath: '/shared' }],
        ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 1024, hardLimit: 4096 }],
        linuxParameters: {
          initProcessEnabled: true,
          maxSwap: Size.gibibytes(1),
          swappiness: 10,
          sharedMemorySize: Size.mebibytes(256),
          devices: [{ hostPath: '/dev/fuse', permissions: [ecs.DevicePermission.READ, ecs.DevicePermission.WRITE] }],
          tmpfs: [{ containerPath: '/tmp', size: Size.mebibytes(64), mountOptions: [ecs.TmpfsMountOption.RW] }],
        },
      }),
    }, stack);
    synthTemplate(stack).hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: {
        Image: 'busybox',
        Command: ['echo', 'hi'],
        ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }, { Type: 'GPU', Value: '2' }],
        Environment: [{ Name: 'STAGE', Value: 'prod' }],
        User: '1000:1000',
        Privileged: true,
        ReadonlyRootFilesystem: true,
        Volumes: [
          { Name: 'scratch', Host: { SourcePath: '/mnt/scratch' } },
          { Name: 'shared', EfsVolumeConfiguration: { FileSystemId: 'fs-12345678', TransitEncryption: 'ENABLED', AuthorizationConfig: { Iam: 'ENABLED' } } },
        ],
        MountPoints: [{ SourceVolume: 'scratch', ContainerPath: '/scratch', ReadOnly: true }, { SourceVolume: 'shared', ContainerPath: '/shared' }],
        Ulimits: [{ Name: 'nofile', SoftLimit: 1024, HardLimit: 4096 }],
        LinuxParameters: {
          InitProcessEnabled: true,
          MaxSwap: 1024,
          Swappiness: 10,
          SharedMemorySize: 256,
          Devices: [{ HostPath: '/dev/fuse', Permissions: ['READ', 'WRITE'] }],
          Tmpfs: [{ ContainerPath: '/tmp', Size: 64, MountOptions: ['rw'] }],
        },
      },
    });
  });

  test('Fargate settings render as network, platform, ephemeral storage and runtime platform', () => {
    const props = synthProps({
      platformCapabilities: FARGATE,
      container: container({
        vcpus: 0.25,
        memory: Size.mebibytes(512),
        fargate: {
          assignPublicIp: true,
          platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
          ephemeralStorage: Size.gibibytes(50),
          cpuArchitecture: ecs.CpuArchitecture.ARM64,
        },
      }),
    });
    expect(props.ContainerProperties).toMatchObject({
      ResourceRequirements: [{ Type: 'VCPU', Value: '0.25' }, { Type: 'MEMORY', Value: '512' }],
      NetworkConfiguration: { AssignPublicIp: 'ENABLED' },
      FargatePlatformConfiguration: { PlatformVersion: '1.4.0' },
      EphemeralStorage: { SizeInGiB: 50 },
      RuntimePlatform: { CpuArchitecture: 'ARM64' },
    });
  });

  test('definition settings: parameters, retry, timeout, tags propagation, priority, retained revisions, tags', () => {
    const props = synthProps({
      container: container({ command: ['run', 'Ref::input'] }),
      parameters: { input: 's3://bucket/key' },
      retryAttempts: 3,
      retryStrategies: [
        { action: RetryAction.RETRY, onStatusReason: 'Host EC2*' },
        { action: RetryAction.EXIT, onExitCode: '1*', onReason: 'OutOfMemoryError: Container killed*' },
      ],
      timeout: Duration.minutes(5),
      propagateTags: true,
      schedulingPriority: 10,
      retainPreviousRevisions: true,
      tags: { team: 'data' },
    });
    expect(props).toMatchObject({
      Parameters: { input: 's3://bucket/key' },
      RetryStrategy: {
        Attempts: 3,
        EvaluateOnExit: [
          { Action: 'RETRY', OnStatusReason: 'Host EC2*' },
          { Action: 'EXIT', OnExitCode: '1*', OnReason: 'OutOfMemoryError: Container killed*' },
        ],
      },
      Timeout: { AttemptDurationSeconds: 300 },
      PropagateTags: true,
      SchedulingPriority: 10,
      ResourceRetentionPolicy: { SkipDeregisterOnUpdate: true },
      Tags: { team: 'data' },
    });
  });

  test('multi-node: ranges render in order as targetNodes strings, later ranges overriding earlier ones', () => {
    const props = synthProps(multiNode(4, 0,
      [NodeRange.all(), { instanceType: new ec2.InstanceType('c5.xlarge') }],
      [NodeRange.of(1, 2), { command: ['worker'], instanceType: new ec2.InstanceType('c5.xlarge') }],
      [NodeRange.from(3)]));
    expect(props.Type).toBe('multinode');
    expect(props.ContainerProperties).toBeUndefined();
    expect(props.NodeProperties).toMatchObject({
      NumNodes: 4,
      MainNode: 0,
      NodeRangeProperties: [
        { TargetNodes: '0:', Container: { InstanceType: 'c5.xlarge' } },
        { TargetNodes: '1:2', Container: { Command: ['worker'], InstanceType: 'c5.xlarge' } },
        { TargetNodes: '3:' },
      ],
    });
  });

  test('multi-node ranges share one execution role', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const secrets = { TOKEN: ecs.Secret.fromSecretsManager(secret) };
    define(multiNode(2, 0, [NodeRange.of(0, 0), { secrets }], [NodeRange.of(1, 1), { secrets }]), stack);
    expect(countByType(synthTemplate(stack))['AWS::IAM::Role']).toBe(1);
  });

  test('NodeRange renders of, from and all', () => {
    expect(NodeRange.of(0, 3).toString()).toBe('0:3');
    expect(NodeRange.from(2).toString()).toBe('2:');
    expect(NodeRange.all().toString()).toBe('0:');
  });
});

describe('import and grants', () => {
  test('fromJobDefinitionArn parses the name out of job-definition/NAME:REV', () => {
    const stack = testStack();
    const imported = JobDefinition.fromJobDefinitionArn(stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:job-definition/sleep10:3');
    expect(imported.jobDefinitionName).toBe('sleep10');
    expect(imported.jobDefinitionArn).toBe('arn:aws:batch:us-east-1:123456789012:job-definition/sleep10:3');
  });

  test('fromJobDefinitionArn with a token ARN selects the name at deploy time', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    const imported = JobDefinition.fromJobDefinitionArn(stack, 'Imported', arn);
    expect(stack.resolve(imported.jobDefinitionName)).toEqual({
      'Fn::Select': [0, { 'Fn::Split': [':', expect.anything()] }],
    });
  });

  test('fromJobDefinitionName builds the revisionless ARN', () => {
    const stack = testStack();
    const imported = JobDefinition.fromJobDefinitionName(stack, 'Imported', 'sleep10');
    expect(imported.jobDefinitionName).toBe('sleep10');
    expect(stack.resolve(imported.jobDefinitionArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-definition/sleep10']],
    });
  });

  test('grantSubmitJob allows SubmitJob on the queue and every revision (NAME:*)', () => {
    const stack = testStack();
    const { definition } = define({ jobDefinitionName: 'sleep10', container: container() }, stack);
    const role = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const queue = { jobQueueArn: 'arn:aws:batch:us-east-1:123456789012:job-queue/q', jobQueueName: 'q' } as IJobQueue;
    definition.grantSubmitJob(role, queue);
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'batch:SubmitJob',
          Effect: 'Allow',
          Resource: [
            'arn:aws:batch:us-east-1:123456789012:job-queue/q',
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-definition/sleep10:*']] },
          ],
        }],
      },
    });
  });

  test('an imported definition grants the same way', () => {
    const stack = testStack();
    const imported = JobDefinition.fromJobDefinitionArn(stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:job-definition/x:1');
    const role = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    imported.grantSubmitJob(role, { jobQueueArn: 'arn:aws:batch:us-east-1:123456789012:job-queue/q' } as IJobQueue);
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: Match.arrayWith(['arn:aws:batch:us-east-1:123456789012:job-definition/x:*']) })] },
    });
  });
});

describe('parameters in commands', () => {
  const id = '@cdk-batch-constructs/job-definition:undeclared-parameter';

  test('an undeclared Ref:: placeholder is a synth warning naming it', () => {
    const { stack } = define({ container: container({ command: ['run', 'Ref::input'] }) });
    synthAnnotations(stack).hasWarning('/TestStack/Def', Match.stringLikeRegexp('container.command uses Ref::input but parameters has no "input"'));
    expect(JSON.stringify(synthAnnotations(stack).findWarning('*', Match.anyValue()))).toContain(id);
  });

  test('a declared placeholder gives no warning', () => {
    const { stack } = define({ container: container({ command: ['run', 'Ref::input'] }), parameters: { input: 'x' } });
    expect(synthAnnotations(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('node range commands are checked too', () => {
    const { stack } = define({ ...multiNode(1, 0, [NodeRange.all(), { command: ['Ref::n'] }]) });
    synthAnnotations(stack).hasWarning('/TestStack/Def', Match.stringLikeRegexp('nodeProperties.nodeRanges\\[0\\].container.command uses Ref::n'));
  });
});

describe('validation', () => {
  test('name: 1-128 letters, digits, hyphens, underscores', () => {
    fails({ jobDefinitionName: 'a'.repeat(129), container: container() }, 'jobDefinitionName must be 1-128 letters', `got "${'a'.repeat(129)}"`);
    fails({ jobDefinitionName: 'my job', container: container() }, 'jobDefinitionName');
    expect(synthProps({ jobDefinitionName: `a-_${'b'.repeat(125)}`, container: container() }).JobDefinitionName).toHaveLength(128);
  });

  test('exactly one of container and nodeProperties', () => {
    fails({}, 'container and nodeProperties: exactly one must be set, got neither');
    fails({ container: container(), ...multiNode(1, 0, [NodeRange.all()]) }, 'got both');
  });

  test('platformCapabilities: exactly one', () => {
    fails({ platformCapabilities: [PlatformCapability.EC2, PlatformCapability.FARGATE], container: container() },
      'platformCapabilities must have exactly one entry, got ["EC2", "FARGATE"]. Choose [PlatformCapability.EC2] or [PlatformCapability.FARGATE]');
    fails({ platformCapabilities: [], container: container() }, 'platformCapabilities must have exactly one entry, got []');
  });

  test('EC2 vCPUs: a whole number >= 1', () => {
    fails({ container: container({ vcpus: 0.5 }) }, 'container.vcpus must be an integer >= 1, got 0.5', 'Fractional vCPUs are for Fargate only');
    fails({ container: container({ vcpus: 0 }) }, 'container.vcpus must be an integer >= 1, got 0');
    expect(synthProps({ container: container({ vcpus: 1 }) }).ContainerProperties.ResourceRequirements[0].Value).toBe('1');
  });

  test('EC2 memory: at least 4 MiB, whole MiB', () => {
    fails({ container: container({ memory: Size.mebibytes(3) }) }, 'container.memory (MiB) must be a number >= 4, got 3');
    fails({ container: container({ memory: Size.kibibytes(4100) }) }, 'container.memory must be a whole number of MiB');
    expect(synthProps({ container: container({ memory: Size.mebibytes(4) }) }).ContainerProperties.ResourceRequirements[1].Value).toBe('4');
  });

  test('Fargate vCPUs: 0.25, 0.5, 1, 2, 4, 8 or 16', () => {
    fails({ platformCapabilities: FARGATE, container: container({ vcpus: 3, memory: Size.gibibytes(8) }) },
      'container.vcpus must be one of 0.25, 0.5, 1, 2, 4, 8, 16 on Fargate, got 3');
    expect(synthProps({ platformCapabilities: FARGATE, container: container({ vcpus: 16, memory: Size.gibibytes(32) }) })).toBeDefined();
  });

  test('Fargate memory: one of the values its vCPU value allows', () => {
    fails({ platformCapabilities: FARGATE, container: container({ vcpus: 1, memory: Size.mebibytes(1024) }) },
      'container.memory must be 2048 to 8192 in steps of 1024 MiB with 1 vCPU on Fargate, got 1024 MiB');
    fails({ platformCapabilities: FARGATE, container: container({ vcpus: 0.25, memory: Size.mebibytes(3072) }) },
      'must be 512, 1024 or 2048 MiB with 0.25 vCPU');
    fails({ platformCapabilities: FARGATE, container: container({ vcpus: 8, memory: Size.gibibytes(17) }) },
      'must be 16384 to 61440 in steps of 4096 MiB with 8 vCPU');
    expect(synthProps({ platformCapabilities: FARGATE, container: container({ vcpus: 8, memory: Size.gibibytes(20) }) })).toBeDefined();
    expect(synthProps({ platformCapabilities: FARGATE, container: container({ vcpus: 4, memory: Size.gibibytes(30) }) })).toBeDefined();
  });

  test('GPU count: a whole number >= 1, not on Fargate', () => {
    fails({ container: container({ gpuCount: 0 }) }, 'container.gpuCount must be an integer >= 1, got 0');
    fails({ platformCapabilities: FARGATE, container: container({ gpuCount: 1 }) }, 'container.gpuCount is not available on Fargate, got 1');
    expect(synthProps({ container: container({ gpuCount: 1 }) }).ContainerProperties.ResourceRequirements[2]).toEqual({ Type: 'GPU', Value: '1' });
  });

  test('environment and secret names must not start with AWS_BATCH, nor repeat each other', () => {
    fails({ container: container({ environment: { AWS_BATCH_X: '1' } }) }, 'container.environment names must not start with AWS_BATCH, got "AWS_BATCH_X"');
    const stack = testStack();
    const secret = ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'S', 'x'));
    expect(() => new JobDefinition(stack, 'Def', { container: container({ environment: { X: '1' }, secrets: { X: secret } }) }))
      .toThrow('container.secrets must not repeat a name of environment, got "X"');
    expect(synthProps({ container: container({ environment: { AWS_BATC: '1' } }) }).ContainerProperties.Environment).toEqual([{ Name: 'AWS_BATC', Value: '1' }]);
  });

  test('mount points must name a declared volume; volume names unique and well-formed', () => {
    fails({ container: container({ volumes: [{ name: 'a' }], mountPoints: [{ sourceVolume: 'b', containerPath: '/b' }] }) },
      'container.mountPoints[0].sourceVolume must name a volume of this container ("a"), got "b"');
    fails({ container: container({ volumes: [{ name: 'a' }, { name: 'a' }] }) }, 'container.volumes names must be unique, got "a"');
    fails({ container: container({ volumes: [{ name: 'a b' }] }) }, 'container.volumes[0].name must be 1-255 letters, digits, hyphens and underscores, got "a b"');
    expect(synthProps({ container: container({ volumes: [{ name: 'a' }], mountPoints: [{ sourceVolume: 'a', containerPath: '/a' }] }) })).toBeDefined();
  });

  test('ulimits: soft limit at most the hard limit, each name once', () => {
    fails({ container: container({ ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 2, hardLimit: 1 }] }) },
      'container.ulimits[0].softLimit must be at most hardLimit (1), got 2');
    const nofile = { name: ecs.UlimitName.NOFILE, softLimit: 1, hardLimit: 1 };
    fails({ container: container({ ulimits: [nofile, nofile] }) },
      'container.ulimits must name each limit once, got "nofile"');
    expect(synthProps({ container: container({ ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 1, hardLimit: 1 }] }) })).toBeDefined();
  });

  test('EC2-only settings are rejected on Fargate', () => {
    const onFargate = (extra: Partial<JobContainer>) => ({ platformCapabilities: FARGATE, container: container(extra) });
    fails(onFargate({ privileged: true }), 'container.privileged is not available on Fargate, got true', 'Remove it or use PlatformCapability.EC2');
    fails(onFargate({ ulimits: [{ name: ecs.UlimitName.CORE, softLimit: 0, hardLimit: 0 }] }), 'container.ulimits is not available on Fargate');
    fails(onFargate({ instanceType: new ec2.InstanceType('c5.large') }), 'container.instanceType is not available on Fargate');
    fails(onFargate({ linuxParameters: { devices: [{ hostPath: '/dev/fuse' }] } }), 'container.linuxParameters.devices is not available on Fargate');
    fails(onFargate({ linuxParameters: { tmpfs: [{ containerPath: '/t', size: Size.mebibytes(1) }] } }), 'container.linuxParameters.tmpfs is not available on Fargate');
    fails(onFargate({ linuxParameters: { sharedMemorySize: Size.mebibytes(64) } }), 'container.linuxParameters.sharedMemorySize is not available on Fargate');
    fails(onFargate({ volumes: [{ name: 'v', hostPath: '/data' }] }), 'container.volumes[0].hostPath is not available on Fargate');
    expect(synthProps(onFargate({ linuxParameters: { initProcessEnabled: true }, volumes: [{ name: 'v' }] }))).toBeDefined();
  });

  test('Fargate settings need platformCapabilities FARGATE', () => {
    fails({ container: container({ fargate: { assignPublicIp: true } }) }, 'container.fargate needs platformCapabilities [FARGATE], got ["assignPublicIp"]');
    expect(synthProps({ platformCapabilities: FARGATE, container: container({ fargate: { assignPublicIp: false } }) })
      .ContainerProperties.NetworkConfiguration).toEqual({ AssignPublicIp: 'DISABLED' });
  });

  test('instance type only in node ranges of multi-node jobs', () => {
    fails({ container: container({ instanceType: new ec2.InstanceType('c5.large') }) },
      'container.instanceType is only for node ranges of multi-node jobs, got "c5.large"');
  });

  test('ephemeral storage: 21-200 GiB', () => {
    const withStorage = (gib: number) => ({
      platformCapabilities: FARGATE,
      container: container({ fargate: { ephemeralStorage: Size.gibibytes(gib) } }),
    });
    fails(withStorage(20), 'container.fargate.ephemeralStorage (GiB) must be an integer between 21 and 200, got 20');
    fails(withStorage(201), 'got 201');
    expect(synthProps(withStorage(21)).ContainerProperties.EphemeralStorage).toEqual({ SizeInGiB: 21 });
    expect(synthProps(withStorage(200)).ContainerProperties.EphemeralStorage).toEqual({ SizeInGiB: 200 });
  });

  test('retry attempts: 1-10', () => {
    fails({ container: container(), retryAttempts: 0 }, 'retryAttempts must be an integer between 1 and 10, got 0');
    fails({ container: container(), retryAttempts: 11 }, 'retryAttempts must be an integer between 1 and 10, got 11');
    expect(synthProps({ container: container(), retryAttempts: 1 }).RetryStrategy).toEqual({ Attempts: 1 });
    expect(synthProps({ container: container(), retryAttempts: 10 }).RetryStrategy).toEqual({ Attempts: 10 });
  });

  test('retry strategies: at most 5', () => {
    const rules = (n: number) => Array.from({ length: n }, () => ({ action: RetryAction.EXIT, onExitCode: '1' }));
    fails({ container: container(), retryStrategies: rules(6) }, 'retryStrategies must have at most 5 entries, got 6');
    expect(synthProps({ container: container(), retryStrategies: rules(5) }).RetryStrategy.EvaluateOnExit).toHaveLength(5);
  });

  test('retry strategies: glob patterns', () => {
    const rule = (extra: object) => ({ container: container(), retryAttempts: 2, retryStrategies: [{ action: RetryAction.RETRY, ...extra }] });
    fails(rule({ onExitCode: '1*2' }), 'retryStrategies[0].onExitCode must be digits, optionally ending with *, got "1*2"');
    fails(rule({ onReason: 'Out-of-memory' }), 'retryStrategies[0].onReason must be letters, digits, periods, colons and white space');
    fails(rule({ onStatusReason: 'x'.repeat(513) }), 'retryStrategies[0].onStatusReason');
    expect(synthProps(rule({ onExitCode: '137', onReason: 'CannotPullContainerError:*', onStatusReason: 'x'.repeat(512) }))).toBeDefined();
  });

  test('a RETRY rule needs more than one attempt', () => {
    fails({ container: container(), retryStrategies: [{ action: RetryAction.RETRY, onExitCode: '1' }] },
      'retryStrategies[0].action has no effect with a single attempt, got "RETRY"', 'Set retryAttempts to 2-10');
    expect(synthProps({ container: container(), retryAttempts: 2, retryStrategies: [{ action: RetryAction.RETRY, onExitCode: '1' }] })).toBeDefined();
  });

  test('timeout: at least 60 seconds, whole seconds', () => {
    fails({ container: container(), timeout: Duration.seconds(59) }, 'timeout must be at least 1 minute, got 59 seconds');
    fails({ container: container(), timeout: Duration.millis(60500) }, 'timeout must be a whole number of seconds');
    expect(synthProps({ container: container(), timeout: Duration.seconds(60) }).Timeout).toEqual({ AttemptDurationSeconds: 60 });
  });

  test('scheduling priority: 0-9999', () => {
    fails({ container: container(), schedulingPriority: 10000 }, 'schedulingPriority must be an integer between 0 and 9999, got 10000');
    fails({ container: container(), schedulingPriority: -1 }, 'got -1');
    expect(synthProps({ container: container(), schedulingPriority: 9999 }).SchedulingPriority).toBe(9999);
  });

  test('linux parameters: swappiness 0-100 with maxSwap, whole MiB sizes', () => {
    const linux = (linuxParameters: object) => ({ container: container({ linuxParameters }) });
    fails(linux({ maxSwap: Size.mebibytes(0), swappiness: 101 }), 'container.linuxParameters.swappiness must be an integer between 0 and 100, got 101');
    fails(linux({ swappiness: 10 }), 'container.linuxParameters.swappiness needs maxSwap, got 10');
    fails(linux({ tmpfs: [{ containerPath: '/t', size: Size.kibibytes(100) }] }), 'container.linuxParameters.tmpfs[0].size must be a whole number of MiB >= 1');
    fails(linux({ devices: [{ hostPath: '/dev/x', permissions: [ecs.DevicePermission.READ, ecs.DevicePermission.READ] }] }),
      'container.linuxParameters.devices[0].permissions must list each permission once, got "read"');
    expect(synthProps(linux({ maxSwap: Size.mebibytes(0), swappiness: 100 })).ContainerProperties.LinuxParameters)
      .toEqual({ MaxSwap: 0, Swappiness: 100 });
  });

  test('EFS volumes: transit encryption with authorization, root directory with an access point', () => {
    const stack = testStack();
    const fileSystem = efs.FileSystem.fromFileSystemAttributes(stack, 'Fs', {
      fileSystemId: 'fs-12345678', securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678'),
    });
    const accessPoint = efs.AccessPoint.fromAccessPointAttributes(stack, 'Ap', { accessPointId: 'fsap-1234567890abcdef0', fileSystem });
    const withEfs = (options: Partial<EfsVolume>) => ({ container: container({ volumes: [{ name: 'v', efs: { fileSystem, ...options } }] }) });
    expect(() => new JobDefinition(stack, 'A', withEfs({ accessPoint, transitEncryption: false })))
      .toThrow('container.volumes[0].efs.transitEncryption must be true with an access point or useJobRole, got false');
    expect(() => new JobDefinition(stack, 'B', withEfs({ accessPoint, rootDirectory: '/data' })))
      .toThrow('container.volumes[0].efs.rootDirectory must be omitted or "/" with an access point, got "/data"');
    new JobDefinition(stack, 'C', withEfs({ accessPoint, rootDirectory: '/' }));
    synthTemplate(stack).hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: Match.objectLike({
        Volumes: [{
          Name: 'v',
          EfsVolumeConfiguration: { FileSystemId: 'fs-12345678', RootDirectory: '/', TransitEncryption: 'ENABLED', AuthorizationConfig: { AccessPointId: 'fsap-1234567890abcdef0' } },
        }],
      }),
    });
  });

  test('log drivers: Fargate accepts awslogs and splunk only', () => {
    fails({ platformCapabilities: FARGATE, container: container({ logging: ecs.LogDrivers.gelf({ address: 'udp://x:12201' }) }) },
      'container.logging must use one of the log drivers awslogs, splunk on Fargate, got "gelf"');
    const props = synthProps({ platformCapabilities: FARGATE, container: container({ logging: ecs.LogDriver.awsLogs({ streamPrefix: 'x' }) }) });
    expect(props.ContainerProperties.LogConfiguration.LogDriver).toBe('awslogs');
  });

  test('image names: up to 255 allowed characters', () => {
    fails({ container: { image: ecs.ContainerImage.fromRegistry('busy box') } }, 'container.image must be up to 255 letters', 'got "busy box"');
    fails({ container: { image: ecs.ContainerImage.fromRegistry('a'.repeat(256)) } }, 'container.image');
    expect(synthProps({ container: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36') } })).toBeDefined();
  });

  describe('multi-node', () => {
    const all = (numNodes: number, mainNode: number) => multiNode(numNodes, mainNode, [NodeRange.all()]);

    test('not on Fargate', () => {
      fails({ ...all(2, 0), platformCapabilities: FARGATE }, 'platformCapabilities must be [EC2] for a multi-node job (nodeProperties), got ["FARGATE"]');
    });

    test('numNodes >= 1', () => {
      fails(all(0, 0), 'nodeProperties.numNodes must be an integer >= 1, got 0');
      expect(synthProps(all(1, 0)).NodeProperties.NumNodes).toBe(1);
    });

    test('mainNode < numNodes', () => {
      fails(all(3, 3), 'nodeProperties.mainNode must be less than numNodes (3), got 3');
      expect(synthProps(all(3, 2)).NodeProperties.MainNode).toBe(2);
    });

    test('node ranges stay within 0..numNodes-1 and are well-formed', () => {
      fails(multiNode(3, 0, [NodeRange.of(0, 3)]), 'nodeProperties.nodeRanges[0].targetNodes must stay within nodes 0:2 (numNodes is 3), got "0:3"');
      fails(multiNode(3, 0, [NodeRange.all()], [NodeRange.from(3)]), 'nodeProperties.nodeRanges[1].targetNodes must stay within nodes 0:2');
      fails(multiNode(3, 0, [NodeRange.all()], [NodeRange.of(2, 1)]), 'nodeProperties.nodeRanges[1].targetNodes must not end before it starts, got "2:1"');
      fails(multiNode(3, 0, [NodeRange.all()], [NodeRange.of(-1, 1)]), 'must use whole node indexes >= 0');
      expect(synthProps(multiNode(3, 0, [NodeRange.of(0, 2)]))).toBeDefined();
    });

    test('node ranges cover every node', () => {
      fails(multiNode(4, 0, [NodeRange.of(0, 0)], [NodeRange.of(2, 2)]),
        'nodeProperties.nodeRanges must together cover every node 0:3; nodes 1, 3 have no range, got ["0:0", "2:2"]');
      expect(synthProps(multiNode(4, 0, [NodeRange.of(0, 0)], [NodeRange.from(1)]))).toBeDefined();
    });

    test('at least one node range', () => {
      fails(multiNode(1, 0), 'nodeProperties.nodeRanges must have at least 1 entry, got 0');
    });

    test('one instance type for all ranges', () => {
      fails(multiNode(2, 0, [NodeRange.of(0, 0), { instanceType: new ec2.InstanceType('c5.large') }], [NodeRange.of(1, 1), { instanceType: new ec2.InstanceType('c5.xlarge') }]),
        'nodeProperties.nodeRanges[*].container.instanceType must be the same for every node range, got ["c5.large", "c5.xlarge"]');
    });

    test('node range containers are validated with their path', () => {
      fails(multiNode(2, 0, [NodeRange.all(), { vcpus: 0 }]), 'nodeProperties.nodeRanges[0].container.vcpus must be an integer >= 1, got 0');
    });
  });

  describe('tokens skip checks', () => {
    test('token vCPUs, memory and retry attempts are not judged', () => {
      const stack = testStack();
      const vcpus = Lazy.number({ produce: () => 0.25 });
      define({
        container: container({ vcpus, memory: Size.mebibytes(Lazy.number({ produce: () => 2 })) }),
        retryAttempts: new CfnParameter(stack, 'Attempts', { type: 'Number' }).valueAsNumber,
        timeout: Duration.seconds(Lazy.number({ produce: () => 5 })),
      }, stack);
      const props = Object.values<any>(synthTemplate(stack).findResources('AWS::Batch::JobDefinition'))[0].Properties;
      expect(props.ContainerProperties.ResourceRequirements).toEqual([{ Type: 'VCPU', Value: '0.25' }, { Type: 'MEMORY', Value: '2' }]);
    });

    test('a token numNodes skips the node range checks', () => {
      const stack = testStack();
      const numNodes = new CfnParameter(stack, 'Nodes', { type: 'Number' }).valueAsNumber;
      define({ nodeProperties: { numNodes, mainNode: 0, nodeRanges: [{ targetNodes: NodeRange.of(0, 5), container: container() }] } }, stack);
      expect(synthTemplate(stack).findResources('AWS::Batch::JobDefinition')).toBeDefined();
    });

    test('a token name is not judged', () => {
      const stack = testStack();
      const name = new CfnParameter(stack, 'Name').valueAsString;
      define({ jobDefinitionName: name, container: container() }, stack);
      synthTemplate(stack).hasResourceProperties('AWS::Batch::JobDefinition', { JobDefinitionName: { Ref: 'Name' } });
    });
  });
});

describe('tags', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

  test('at most 50; 50 synthesize', () => {
    fails({ container: container(), tags: many(51) }, '[TestStack/Def] tags must have at most 50 entries, got 51');
    expect(synthProps({ container: container(), tags: many(50) }).Tags).toEqual(many(50));
  });

  test('keys of 1-128 characters, not starting with aws:; values of at most 256 characters', () => {
    fails({ container: container(), tags: { ['k'.repeat(129)]: 'v' } }, `tags must have keys of 1-128 characters, got "${'k'.repeat(129)}"`);
    fails({ container: container(), tags: { 'aws:owner': 'me' } }, 'tags must not have keys starting with aws:, got "aws:owner". AWS reserves them');
    fails({ container: container(), tags: { team: 'x'.repeat(257) } }, `tags.team must be at most 256 characters, got "${'x'.repeat(20)}..."`);
    expect(synthProps({ container: container(), tags: { ['k'.repeat(128)]: 'x'.repeat(256) } }).Tags).toBeDefined();
  });
});
