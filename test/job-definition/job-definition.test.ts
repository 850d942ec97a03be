import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, CfnElement, CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { JobContainer, JobDefinition, JobDefinitionProps, NodeRange, PlatformCapability, RetryAction } from '../../src';
import { countByType, synthAnnotations, synthTemplate, testStack } from '../synth';

/**
 * The JobDefinition construct: what it renders (templates, validated against the
 * CloudFormation schema on every synth), how it reports its rules' findings, and the nearest
 * valid values rendered. The rules themselves are tables in `*-rules.test.ts`; the execution
 * role in `execution-role.test.ts`; imports and grants in `job-definition-base.test.ts`.
 */

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

/** The message the constructor throws: the construct path, then the findings. */
function thrown(props: JobDefinitionProps): string {
  try {
    define(props);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
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

describe('rendering', () => {
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
        jobRole: iam.Role.fromRoleArn(stack, 'JobRole', 'arn:aws:iam::123456789012:role/job'),
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
        JobRoleArn: 'arn:aws:iam::123456789012:role/job',
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

  test('EFS volumes: file system, root directory, transit encryption and access point', () => {
    const stack = testStack();
    const fileSystem = efs.FileSystem.fromFileSystemAttributes(stack, 'Fs', {
      fileSystemId: 'fs-12345678', securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678'),
    });
    const accessPoint = efs.AccessPoint.fromAccessPointAttributes(stack, 'Ap', { accessPointId: 'fsap-1234567890abcdef0', fileSystem });
    define({ container: container({ volumes: [{ name: 'v', efs: { fileSystem, accessPoint, rootDirectory: '/' } }] }) }, stack);
    synthTemplate(stack).hasResourceProperties('AWS::Batch::JobDefinition', {
      ContainerProperties: Match.objectLike({
        Volumes: [{
          Name: 'v',
          EfsVolumeConfiguration: { FileSystemId: 'fs-12345678', RootDirectory: '/', TransitEncryption: 'ENABLED', AuthorizationConfig: { AccessPointId: 'fsap-1234567890abcdef0' } },
        }],
      }),
    });
  });
});

describe('findings', () => {
  test('errors are thrown at construction, all at once, with the construct path', () => {
    expect(thrown({ container: container({ vcpus: 0 }), retryAttempts: 11 })).toBe([
      '[TestStack/Def]',
      '  - retryAttempts must be an integer between 1 and 10, got 11',
      '  - container.vcpus must be an integer >= 1, got 0. Fractional vCPUs are for Fargate only',
    ].join('\n'));
    expect(thrown({})).toBe('[TestStack/Def] container and nodeProperties: exactly one must be set, got neither. '
      + 'Use container for a single-node job, nodeProperties for a multi-node parallel job');
  });

  test('what an image binds to is checked before anything is rendered', () => {
    const stack = testStack();
    expect(() => define({ container: { image: ecs.ContainerImage.fromRegistry('busy box') } }, stack)).toThrow(
      '[TestStack/Def] container.image must be up to 255 letters, digits, hyphens, underscores, colons, periods, slashes and number signs, got "busy box"');
    expect(stack.node.findChild('Def').node.tryFindChild('Resource')).toBeUndefined();
    expect(thrown({ container: { image: ecs.ContainerImage.fromRegistry('a'.repeat(256)) } })).toContain('container.image');
  });

  test('a log driver Fargate does not take fails after binding, with the construct path', () => {
    expect(thrown({ platformCapabilities: FARGATE, container: container({ logging: ecs.LogDrivers.gelf({ address: 'udp://x:12201' }) }) }))
      .toBe('[TestStack/Def] container.logging must use one of the log drivers awslogs, splunk on Fargate, got "gelf"');
  });

  test('a node range container is reported under its own path', () => {
    expect(thrown(multiNode(2, 0, [NodeRange.all(), { vcpus: 0 }])))
      .toBe('[TestStack/Def] nodeProperties.nodeRanges[0].container.vcpus must be an integer >= 1, got 0. Fractional vCPUs are for Fargate only');
  });

  describe('an undeclared Ref:: placeholder is a synth warning with the rule\'s id', () => {
    const id = '@cdk-batch-constructs/job-definition:undeclaredParameter';

    test('naming it', () => {
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

    test('acknowledged by its id', () => {
      const { stack, definition } = define({ container: container({ command: ['Ref::input'] }) });
      Annotations.of(definition).acknowledgeWarning(id);
      expect(synthAnnotations(stack).findWarning('*', Match.anyValue())).toEqual([]);
    });
  });
});

/** A registry image whose bind() returns repository credentials without their secret (a custom ecs.ContainerImage). */
class CredentialsWithoutSecretImage extends ecs.ContainerImage {
  public bind(): ecs.ContainerImageConfig {
    return { imageName: 'registry.example.com/team/app:1', repositoryCredentials: {} };
  }
}

describe('configurations Batch accepts synthesize; a warning names what it ignores or what is risky', () => {
  const WARN = '@cdk-batch-constructs/job-definition:';
  const secret = (stack: Stack) => ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'token'));

  /** [case, props (built in the stack), the warning's rule id, what the definition's properties show]. */
  const ROWS: Array<[string, (stack: Stack) => JobDefinitionProps, string, (props: any) => void]> = [
    ['a RETRY rule with one attempt', () => ({ container: container(), retryAttempts: 1, retryStrategies: [{ action: RetryAction.RETRY }] }),
      'retryRuleSingleAttempt', (p) => expect(p.RetryStrategy).toEqual({ Attempts: 1, EvaluateOnExit: [{ Action: 'RETRY' }] })],
    ['a secret named like a variable', (stack) => ({ container: container({ environment: { X: '1' }, secrets: { X: secret(stack) } }) }),
      'envSecretNameClash', (p) => {
        expect(p.ContainerProperties.Environment).toEqual([{ Name: 'X', Value: '1' }]);
        expect(p.ContainerProperties.Secrets).toEqual([{ Name: 'X', ValueFrom: expect.anything() }]);
      }],
    ['swappiness without maxSwap', () => ({ container: container({ linuxParameters: { swappiness: 10 } }) }),
      'swappinessNeedsMaxSwap', (p) => expect(p.ContainerProperties.LinuxParameters).toEqual({ Swappiness: 10 })],
    ['a soft limit above the hard limit', () => ({ container: container({ ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 2, hardLimit: 1 }] }) }),
      'ulimitSoftNotAboveHard', (p) => expect(p.ContainerProperties.Ulimits).toEqual([{ Name: 'nofile', SoftLimit: 2, HardLimit: 1 }])],
    ['a ulimit named twice', () => ({ container: container({ ulimits: [1, 2].map((n) => ({ name: ecs.UlimitName.NOFILE, softLimit: n, hardLimit: n })) }) }),
      'ulimitNamesUnique', (p) => expect(p.ContainerProperties.Ulimits).toHaveLength(2)],
    ['a repeated volume name', () => ({ container: container({ volumes: [{ name: 'a' }, { name: 'a', hostPath: '/a' }] }) }),
      'volumeNamesUnique', (p) => expect(p.ContainerProperties.Volumes).toEqual([{ Name: 'a' }, { Name: 'a', Host: { SourcePath: '/a' } }])],
    ['a repeated device permission', () => ({
      container: container({ linuxParameters: { devices: [{ hostPath: '/dev/x', permissions: [ecs.DevicePermission.READ, ecs.DevicePermission.READ] }] } }),
    }), 'devicePermissionsUnique', (p) => expect(p.ContainerProperties.LinuxParameters.Devices).toEqual([{ HostPath: '/dev/x', Permissions: ['READ', 'READ'] }])],
    ['a node range past the last node', () => multiNode(3, 0, [NodeRange.of(0, 3)]),
      'nodeRangeOutside', (p) => expect(p.NodeProperties.NodeRangeProperties[0].TargetNodes).toBe('0:3')],
    ['a reversed node range after a range of every node', () => multiNode(3, 0, [NodeRange.all()], [NodeRange.of(2, 1)]),
      'nodeRangeReversed', (p) => expect(p.NodeProperties.NodeRangeProperties[1].TargetNodes).toBe('2:1')],
    ['ephemeral storage and a CPU architecture on EC2: not rendered', () => ({
      container: container({ fargate: { ephemeralStorage: Size.gibibytes(50), cpuArchitecture: ecs.CpuArchitecture.ARM64 } }),
    }), 'fargateOnlySettingOnEc2', (p) => {
      expect(p.PlatformCapabilities).toEqual(['EC2']);
      expect(p.ContainerProperties.EphemeralStorage).toBeUndefined();
      expect(p.ContainerProperties.RuntimePlatform).toBeUndefined();
    }],
  ];

  test.each(ROWS)('%s', (_case, props, rule, expectation) => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', props(stack));
    const template = synthTemplate(stack);
    expectation(Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))[0].Properties);
    const warnings = synthAnnotations(stack).findWarning('/TestStack/Def', Match.anyValue());
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(String(warning.entry.data)).toContain(`[ack: ${WARN}${rule}]`);
  });

  test('0 GPUs reserve none: no GPU requirement is rendered, on EC2 or Fargate', () => {
    expect(synthProps({ container: container({ gpuCount: 0 }) }).ContainerProperties.ResourceRequirements)
      .toEqual([{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }]);
    expect(synthProps({ platformCapabilities: FARGATE, container: container({ gpuCount: 0 }) }).ContainerProperties.ResourceRequirements)
      .toEqual([{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }]);
  });

  test('privileged false on Fargate is rendered as given (the reference allows false)', () => {
    expect(synthProps({ platformCapabilities: FARGATE, container: container({ privileged: false }) }).ContainerProperties.Privileged).toBe(false);
  });

  test('no minimum on shared memory, tmpfs size and ulimits', () => {
    const props = synthProps({
      container: container({
        ulimits: [{ name: ecs.UlimitName.MEMLOCK, softLimit: -1, hardLimit: -1 }],
        linuxParameters: { sharedMemorySize: Size.mebibytes(0), tmpfs: [{ containerPath: '/t', size: Size.mebibytes(0) }] },
      }),
    });
    expect(props.ContainerProperties.Ulimits).toEqual([{ Name: 'memlock', SoftLimit: -1, HardLimit: -1 }]);
    expect(props.ContainerProperties.LinuxParameters).toEqual({ SharedMemorySize: 0, Tmpfs: [{ ContainerPath: '/t', Size: 0 }] });
  });
});

describe('configurations Batch or CloudFormation rejects fail at construction', () => {
  test('an image whose bind() returns repository credentials without their secret is named, instead of dropping them', () => {
    expect(thrown({ container: { image: new CredentialsWithoutSecretImage() } })).toBe('[TestStack/Def] container.image binds to repositoryCredentials '
      + 'without a credentialsParameter, got "registry.example.com/team/app:1". CloudFormation requires the ARN of the secret with the registry '
      + 'credentials: return it as credentialsParameter from the image\'s bind(), or use ecs.ContainerImage.fromRegistry(name, { credentials: secret })');
  });

  test('EFS IAM authorization without a job role', () => {
    const stack = testStack();
    const fileSystem = efs.FileSystem.fromFileSystemAttributes(stack, 'Fs', {
      fileSystemId: 'fs-12345678', securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-12345678'),
    });
    expect(() => define({ container: container({ volumes: [{ name: 'v', efs: { fileSystem, useJobRole: true } }] }) }, stack))
      .toThrow('[TestStack/Def] container.volumes[0].efs.useJobRole needs container.jobRole, got true');
  });

  test('privileged true on Fargate', () => {
    expect(thrown({ platformCapabilities: FARGATE, container: container({ privileged: true }) }))
      .toBe('[TestStack/Def] container.privileged is not available on Fargate, got true. Remove it (or give false) or use PlatformCapability.EC2');
  });

  test('wrong types from JavaScript or Python get a message, not a TypeError from binding', () => {
    expect(thrown({ container: { image: 'busybox' as any } })).toBe('[TestStack/Def] container.image must be an ecs.ContainerImage, got "busybox". '
      + 'Use ecs.ContainerImage.fromRegistry(name), fromEcrRepository(repository, tag) or fromAsset(directory)');
    expect(thrown({ container: container({ secrets: { TOKEN: 'x' as any }, logging: 'awslogs' as any }) })).toBe([
      '[TestStack/Def]',
      '  - container.logging must be an ecs.LogDriver, got "awslogs". Use a factory of ecs.LogDrivers, e.g. ecs.LogDrivers.awsLogs({ streamPrefix })',
      '  - container.secrets.TOKEN must be an ecs.Secret, got "x". Use ecs.Secret.fromSecretsManager(secret) or ecs.Secret.fromSsmParameter(parameter)',
    ].join('\n'));
  });
});

describe('the nearest valid values render and pass the CloudFormation schema', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
  const onFargate = (extra: Partial<JobContainer>): JobDefinitionProps => ({ platformCapabilities: FARGATE, container: container(extra) });
  const retryRule = (extra: object) => ({ container: container(), retryAttempts: 2, retryStrategies: [{ action: RetryAction.RETRY, ...extra }] });

  /** [case, props, what the definition's properties show (undefined: it synthesizes)]. */
  const ROWS: Array<[string, JobDefinitionProps, ((props: any) => void)?]> = [
    ['a name of 128 characters', { jobDefinitionName: `a-_${'b'.repeat(125)}`, container: container() }, (p) => expect(p.JobDefinitionName).toHaveLength(128)],
    ['1 vCPU on EC2', { container: container({ vcpus: 1 }) }, (p) => expect(p.ContainerProperties.ResourceRequirements[0].Value).toBe('1')],
    ['4 MiB on EC2', { container: container({ memory: Size.mebibytes(4) }) }, (p) => expect(p.ContainerProperties.ResourceRequirements[1].Value).toBe('4')],
    ['16 vCPUs and 32 GiB on Fargate', onFargate({ vcpus: 16, memory: Size.gibibytes(32) })],
    ['8 vCPUs and 20 GiB on Fargate', onFargate({ vcpus: 8, memory: Size.gibibytes(20) })],
    ['4 vCPUs and 30 GiB on Fargate', onFargate({ vcpus: 4, memory: Size.gibibytes(30) })],
    ['1 GPU', { container: container({ gpuCount: 1 }) }, (p) => expect(p.ContainerProperties.ResourceRequirements[2]).toEqual({ Type: 'GPU', Value: '1' })],
    ['a variable one letter short of AWS_BATCH', { container: container({ environment: { AWS_BATC: '1' } }) },
      (p) => expect(p.ContainerProperties.Environment).toEqual([{ Name: 'AWS_BATC', Value: '1' }])],
    ['a mount point of a declared volume', { container: container({ volumes: [{ name: 'a' }], mountPoints: [{ sourceVolume: 'a', containerPath: '/a' }] }) }],
    ['a soft limit equal to the hard limit', { container: container({ ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 1, hardLimit: 1 }] }) }],
    ['Linux and volume settings Fargate takes', onFargate({ linuxParameters: { initProcessEnabled: true }, volumes: [{ name: 'v' }] })],
    ['assignPublicIp false on Fargate', onFargate({ fargate: { assignPublicIp: false } }),
      (p) => expect(p.ContainerProperties.NetworkConfiguration).toEqual({ AssignPublicIp: 'DISABLED' })],
    ['21 GiB of ephemeral storage', onFargate({ fargate: { ephemeralStorage: Size.gibibytes(21) } }),
      (p) => expect(p.ContainerProperties.EphemeralStorage).toEqual({ SizeInGiB: 21 })],
    ['200 GiB of ephemeral storage', onFargate({ fargate: { ephemeralStorage: Size.gibibytes(200) } }),
      (p) => expect(p.ContainerProperties.EphemeralStorage).toEqual({ SizeInGiB: 200 })],
    ['retryAttempts 1', { container: container(), retryAttempts: 1 }, (p) => expect(p.RetryStrategy).toEqual({ Attempts: 1 })],
    ['retryAttempts 10', { container: container(), retryAttempts: 10 }, (p) => expect(p.RetryStrategy).toEqual({ Attempts: 10 })],
    ['5 retry strategies', { container: container(), retryAttempts: 1, retryStrategies: Array.from({ length: 5 }, () => ({ action: RetryAction.EXIT, onExitCode: '1' })) },
      (p) => expect(p.RetryStrategy.EvaluateOnExit).toHaveLength(5)],
    ['patterns at their limits', retryRule({ onExitCode: '137', onReason: 'CannotPullContainerError:*', onStatusReason: 'x'.repeat(512) })],
    ['a RETRY rule with 2 attempts', retryRule({ onExitCode: '1' })],
    ['a timeout of 60 seconds', { container: container(), timeout: Duration.seconds(60) }, (p) => expect(p.Timeout).toEqual({ AttemptDurationSeconds: 60 })],
    ['schedulingPriority 9999', { container: container(), schedulingPriority: 9999 }, (p) => expect(p.SchedulingPriority).toBe(9999)],
    ['swappiness 100 with maxSwap 0', { container: container({ linuxParameters: { maxSwap: Size.mebibytes(0), swappiness: 100 } }) },
      (p) => expect(p.ContainerProperties.LinuxParameters).toEqual({ MaxSwap: 0, Swappiness: 100 })],
    ['awslogs on Fargate', onFargate({ logging: ecs.LogDriver.awsLogs({ streamPrefix: 'x' }) }),
      (p) => expect(p.ContainerProperties.LogConfiguration.LogDriver).toBe('awslogs')],
    ['a registry image name with a tag', { container: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36') } }],
    ['one node', multiNode(1, 0, [NodeRange.all()]), (p) => expect(p.NodeProperties.NumNodes).toBe(1)],
    ['the last node as main node', multiNode(3, 2, [NodeRange.all()]), (p) => expect(p.NodeProperties.MainNode).toBe(2)],
    ['a range of exactly every node', multiNode(3, 0, [NodeRange.of(0, 2)])],
    ['ranges covering every node together', multiNode(4, 0, [NodeRange.of(0, 0)], [NodeRange.from(1)])],
    ['50 tags', { container: container(), tags: many(50) }, (p) => expect(p.Tags).toEqual(many(50))],
    ['a tag key of 128 and a value of 256 characters', { container: container(), tags: { ['k'.repeat(128)]: 'x'.repeat(256) } }, (p) => expect(p.Tags).toBeDefined()],
  ];

  const stack = testStack();
  const definitions = ROWS.map(([, props], i) => new JobDefinition(stack, `Def${i}`, props));
  let resources: Record<string, any>;
  beforeAll(() => {
    resources = synthTemplate(stack).findResources('AWS::Batch::JobDefinition');
  });

  test.each(ROWS.map((row, i) => [row[0], i, row[2]] as const))('%s', (_case, i, expectation) => {
    const properties = resources[stack.getLogicalId(definitions[i].node.defaultChild as CfnElement)]?.Properties;
    expect(properties).toBeDefined();
    expectation?.(properties);
  });
});

describe('tokens skip checks and render as given', () => {
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
