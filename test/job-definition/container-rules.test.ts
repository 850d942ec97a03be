import { Lazy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { JobContainer } from '../../src';
import { boundContainerProblems, containerProblems, ContainerRuleContext } from '../../src/job-definition/container-rules';
import { found, FoundRule } from '../rule-findings';

/**
 * The rules of one container as tables, without synthesizing: resources on EC2 and Fargate,
 * what Fargate does not take, environment names, ulimits, Fargate settings, and what the
 * image and log driver bound to.
 */

const image = ecs.ContainerImage.fromRegistry('busybox');
const EC2: ContainerRuleContext = { property: 'container', fargate: false, multiNode: false };
const FARGATE: ContainerRuleContext = { property: 'container', fargate: true, multiNode: false };
const NODE_RANGE: ContainerRuleContext = { property: 'nodeProperties.nodeRanges[1].container', fargate: false, multiNode: true };
const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });
const number = (value: number) => Lazy.number({ produce: () => value });
const secret = ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(new Stack(), 'Secret', 'token'));

const NOT_ON_FARGATE = 'is not available on Fargate';
const FARGATE_HINT = 'Remove it or use PlatformCapability.EC2';

/** [case, container (image added), where it is, the findings]. */
const BROKEN: Array<[string, Partial<JobContainer>, ContainerRuleContext, FoundRule[]]> = [
  ['half a vCPU on EC2', { vcpus: 0.5 }, EC2, [error('ec2VcpusMin', 'container.vcpus must be an integer >= 1, got 0.5. Fractional vCPUs are for Fargate only')]],
  ['0 vCPUs on EC2', { vcpus: 0 }, EC2, [error('ec2VcpusMin', 'container.vcpus must be an integer >= 1, got 0. Fractional vCPUs are for Fargate only')]],
  ['3 MiB on EC2', { memory: Size.mebibytes(3) }, EC2, [error('ec2MemoryMin',
    'container.memory (MiB) must be a number >= 4, got 3. Batch reserves at least 4 MiB per job')]],
  ['a fraction of a MiB', { memory: Size.kibibytes(4100) }, EC2, [error('memoryWholeMiB', 'container.memory must be a whole number of MiB, got 4.00390625 MiB')]],
  ['3 vCPUs on Fargate', { vcpus: 3, memory: Size.gibibytes(8) }, FARGATE, [error('fargateVcpus',
    'container.vcpus must be one of 0.25, 0.5, 1, 2, 4, 8, 16 on Fargate, got 3')]],
  ['1 GiB with 1 vCPU on Fargate', { vcpus: 1, memory: Size.mebibytes(1024) }, FARGATE, [error('fargateMemory',
    'container.memory must be 2048 to 8192 in steps of 1024 MiB with 1 vCPU on Fargate, got 1024 MiB')]],
  ['3 GiB with 0.25 vCPU on Fargate', { vcpus: 0.25, memory: Size.mebibytes(3072) }, FARGATE, [error('fargateMemory',
    'container.memory must be 512, 1024 or 2048 MiB with 0.25 vCPU on Fargate, got 3072 MiB')]],
  ['17 GiB with 8 vCPUs on Fargate', { vcpus: 8, memory: Size.gibibytes(17) }, FARGATE, [error('fargateMemory',
    'container.memory must be 16384 to 61440 in steps of 4096 MiB with 8 vCPU on Fargate, got 17408 MiB')]],
  ['a fractional GPU count', { gpuCount: 1.5 }, EC2, [error('gpuCountMin', 'container.gpuCount must be an integer >= 0, got 1.5')]],
  ['a negative GPU count', { gpuCount: -1 }, EC2, [error('gpuCountMin', 'container.gpuCount must be an integer >= 0, got -1')]],
  ['a GPU on Fargate', { gpuCount: 1 }, FARGATE, [error('fargateGpu',
    `container.gpuCount ${NOT_ON_FARGATE}, got 1. Remove it (or give 0) or use PlatformCapability.EC2`)]],
  ['privileged on Fargate', { privileged: true }, FARGATE, [error('fargatePrivileged',
    `container.privileged ${NOT_ON_FARGATE}, got true. Remove it (or give false) or use PlatformCapability.EC2`)]],
  ['ulimits on Fargate', { ulimits: [{ name: ecs.UlimitName.CORE, softLimit: 0, hardLimit: 0 }] }, FARGATE, [error('fargateUlimits',
    `container.ulimits ${NOT_ON_FARGATE}, got ["core"]. ${FARGATE_HINT}`)]],
  ['an instance type on Fargate (single node)', { instanceType: new ec2.InstanceType('c5.large') }, FARGATE, [
    error('fargateInstanceType', `container.instanceType ${NOT_ON_FARGATE}, got "c5.large". ${FARGATE_HINT}`),
    error('instanceTypeSingleNode', 'container.instanceType is only for node ranges of multi-node jobs, got "c5.large". '
      + 'Single-node jobs run on the compute environment\'s instance types; remove it'),
  ]],
  ['an instance type on a single-node job', { instanceType: new ec2.InstanceType('c5.large') }, EC2, [error('instanceTypeSingleNode',
    'container.instanceType is only for node ranges of multi-node jobs, got "c5.large". Single-node jobs run on the compute environment\'s instance types; remove it')]],
  ['a public IP setting on EC2 (not rendered)', { fargate: { assignPublicIp: true } }, EC2, [warning('fargateOnlySettingOnEc2',
    'container.fargate.assignPublicIp applies only to Fargate and is not rendered on EC2, got true. Remove it, or add platformCapabilities: [PlatformCapability.FARGATE]')]],
  ['assignPublicIp false on EC2, as a real setup sends it (not rendered)', { fargate: { assignPublicIp: false } }, EC2, [warning('fargateOnlySettingOnEc2',
    'container.fargate.assignPublicIp applies only to Fargate and is not rendered on EC2, got false. Remove it, or add platformCapabilities: [PlatformCapability.FARGATE]')]],
  ['a platform version on EC2 (not rendered)', { fargate: { platformVersion: ecs.FargatePlatformVersion.VERSION1_4 } }, EC2, [warning('fargateOnlySettingOnEc2',
    'container.fargate.platformVersion applies only to Fargate and is not rendered on EC2, got "1.4.0". Remove it, or add platformCapabilities: [PlatformCapability.FARGATE]')]],
  ['ephemeral storage on EC2 (not rendered; its range is not judged)', { fargate: { ephemeralStorage: Size.gibibytes(20) } }, EC2, [warning('fargateOnlySettingOnEc2',
    'container.fargate.ephemeralStorage applies only to Fargate and is not rendered on EC2, got 20480 MiB. '
    + 'Remove it, or add platformCapabilities: [PlatformCapability.FARGATE]')]],
  ['a CPU architecture on EC2', { fargate: { cpuArchitecture: ecs.CpuArchitecture.ARM64 } }, EC2, [warning('fargateOnlySettingOnEc2',
    'container.fargate.cpuArchitecture applies only to Fargate and is not rendered on EC2, got "ARM64". '
    + 'On EC2 the compute environment\'s instance types decide the architecture; remove it')]],
  ['20 GiB of ephemeral storage', { fargate: { ephemeralStorage: Size.gibibytes(20) } }, FARGATE, [error('ephemeralStorageRange',
    'container.fargate.ephemeralStorage (GiB) must be an integer between 21 and 200, got 20. Fargate gives 20 GiB without this setting')]],
  ['201 GiB of ephemeral storage', { fargate: { ephemeralStorage: Size.gibibytes(201) } }, FARGATE, [error('ephemeralStorageRange',
    'container.fargate.ephemeralStorage (GiB) must be an integer between 21 and 200, got 201. Fargate gives 20 GiB without this setting')]],
  ['an AWS_BATCH variable', { environment: { AWS_BATCH_X: '1' } }, EC2, [error('reservedEnvironmentName',
    'container.environment names must not start with AWS_BATCH, got "AWS_BATCH_X". Batch reserves that prefix for the variables it sets')]],
  ['an AWS_BATCH secret', { secrets: { AWS_BATCH_TOKEN: secret } }, EC2, [error('reservedEnvironmentName',
    'container.secrets names must not start with AWS_BATCH, got "AWS_BATCH_TOKEN". Batch reserves that prefix for the variables it sets')]],
  ['a secret named like a variable', { environment: { X: '1' }, secrets: { X: secret } }, EC2, [warning('envSecretNameClash',
    'container.secrets should not repeat a name of environment, got "X". Which of the two values the container gets is not documented; give each variable one source')]],
  ['a soft limit above the hard limit', { ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 2, hardLimit: 1 }] }, EC2, [warning('ulimitSoftNotAboveHard',
    'container.ulimits[0].softLimit should be at most hardLimit (1), got 2. Docker cannot give a container a soft limit above its hard limit')]],
  ['fractional limits', { ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 0.5, hardLimit: 1.5 }] }, EC2, [
    error('ulimitRange', 'container.ulimits[0].softLimit must be an integer, got 0.5'),
    error('ulimitRange', 'container.ulimits[0].hardLimit must be an integer, got 1.5'),
  ]],
  ['a ulimit named twice', { ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 1, hardLimit: 1 }, { name: ecs.UlimitName.NOFILE, softLimit: 1, hardLimit: 1 }] },
    EC2, [warning('ulimitNamesUnique', 'container.ulimits should name each limit once, got "nofile". Which of the entries applies is not documented; keep one')]],
  ['an image given as a string (JavaScript, Python)', { image: 'busybox' as any }, EC2, [error('typedInput',
    'container.image must be an ecs.ContainerImage, got "busybox". Use ecs.ContainerImage.fromRegistry(name), fromEcrRepository(repository, tag) or fromAsset(directory)')]],
  ['no image (JavaScript)', { image: undefined as any }, EC2, [error('typedInput', 'container.image is required: an ecs.ContainerImage, got undefined')]],
  ['a job role given as an ARN', { jobRole: 'arn:aws:iam::123456789012:role/job' as any }, EC2, [error('typedInput',
    'container.jobRole must be an iam.IRole, got "arn:aws:iam::123456789012:role/job". Import an existing role with iam.Role.fromRoleArn(scope, id, arn)')]],
  ['an execution role given as a name', { executionRole: 'x' as any }, EC2, [error('typedInput',
    'container.executionRole must be an iam.IRole, got "x". Import an existing role with iam.Role.fromRoleArn(scope, id, arn)')]],
  ['a log driver given as its name', { logging: 'awslogs' as any }, EC2, [error('typedInput',
    'container.logging must be an ecs.LogDriver, got "awslogs". Use a factory of ecs.LogDrivers, e.g. ecs.LogDrivers.awsLogs({ streamPrefix })')]],
  ['a secret given as an ARN', { secrets: { TOKEN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x' as any } }, EC2, [error('typedInput',
    'container.secrets.TOKEN must be an ecs.Secret, got "arn:aws:secretsmanager:us-east-1:123456789012:secret:x". '
    + 'Use ecs.Secret.fromSecretsManager(secret) or ecs.Secret.fromSsmParameter(parameter)')]],
  ['an instance type given as a string', { instanceType: 'c5.large' as any }, NODE_RANGE, [error('typedInput',
    'nodeProperties.nodeRanges[1].container.instanceType must be an ec2.InstanceType, got "c5.large". '
    + 'Use new ec2.InstanceType(\'c5.large\') or ec2.InstanceType.of(instanceClass, instanceSize)')]],
  ['a node range container, named by its path', { vcpus: 1.5 }, NODE_RANGE, [error('ec2VcpusMin',
    'nodeProperties.nodeRanges[1].container.vcpus must be an integer >= 1, got 1.5. Fractional vCPUs are for Fargate only')]],
];

/** [case, container (image added), where it is]: the nearest values that pass. */
const PASSING: Array<[string, Partial<JobContainer>, ContainerRuleContext]> = [
  ['the defaults on EC2', {}, EC2],
  ['the defaults on Fargate (1 vCPU, 2048 MiB)', {}, FARGATE],
  ['1 vCPU on EC2', { vcpus: 1 }, EC2],
  ['4 MiB on EC2', { memory: Size.mebibytes(4) }, EC2],
  ['16 vCPUs with 32 GiB on Fargate', { vcpus: 16, memory: Size.gibibytes(32) }, FARGATE],
  ['8 vCPUs with 20 GiB on Fargate', { vcpus: 8, memory: Size.gibibytes(20) }, FARGATE],
  ['4 vCPUs with 30 GiB on Fargate', { vcpus: 4, memory: Size.gibibytes(30) }, FARGATE],
  ['1 GPU on EC2', { gpuCount: 1 }, EC2],
  ['0 GPUs on EC2 (Batch states no minimum)', { gpuCount: 0 }, EC2],
  ['0 GPUs on Fargate (none is reserved)', { gpuCount: 0 }, FARGATE],
  ['privileged false on Fargate (the reference allows false)', { privileged: false }, FARGATE],
  ['a negative limit (Docker\'s -1 is unlimited; Batch states no minimum)', { ulimits: [{ name: ecs.UlimitName.MEMLOCK, softLimit: -1, hardLimit: -1 }] }, EC2],
  ['roles, log driver and secret of the right types', {
    jobRole: iam.Role.fromRoleArn(new Stack(), 'Job', 'arn:aws:iam::123456789012:role/job'),
    executionRole: iam.Role.fromRoleArn(new Stack(), 'Exec', 'arn:aws:iam::123456789012:role/exec'),
    logging: ecs.LogDrivers.jsonFile(),
    secrets: { TOKEN: secret },
  }, EC2],
  ['an instance type in a node range', { instanceType: new ec2.InstanceType('c5.large') }, NODE_RANGE],
  ['a variable name one letter short of the prefix', { environment: { AWS_BATC: '1' } }, EC2],
  ['a soft limit equal to the hard limit', { ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 1, hardLimit: 1 }] }, EC2],
  ['Fargate settings on Fargate', { fargate: { assignPublicIp: false, ephemeralStorage: Size.gibibytes(21) } }, FARGATE],
  ['200 GiB of ephemeral storage', { fargate: { ephemeralStorage: Size.gibibytes(200) } }, FARGATE],
  ['init process on Fargate', { linuxParameters: { initProcessEnabled: true } }, FARGATE],
];

/** [case, container, where it is]: a token skips its check. */
const TOKENS: Array<[string, Partial<JobContainer>, ContainerRuleContext]> = [
  ['token vCPUs and memory on EC2', { vcpus: number(0), memory: Size.mebibytes(number(2)) }, EC2],
  ['token vCPUs on Fargate', { vcpus: number(3) }, FARGATE],
  ['a token memory on Fargate', { vcpus: 1, memory: Size.mebibytes(number(1)) }, FARGATE],
  ['a token GPU count', { gpuCount: number(0) }, EC2],
  ['token ulimits', { ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: number(5), hardLimit: number(1) }] }, EC2],
  ['a token ephemeral storage', { fargate: { ephemeralStorage: Size.gibibytes(number(1)) } }, FARGATE],
];

describe('container rules', () => {
  test.each(BROKEN)('%s', (_case, extra, context, expected) => {
    expect(found(containerProblems({ image, ...extra }, context))).toEqual(expected);
  });

  test.each(PASSING)('passes: %s', (_case, extra, context) => {
    expect(found(containerProblems({ image, ...extra }, context))).toEqual([]);
  });

  test.each(TOKENS)('skipped: %s', (_case, extra, context) => {
    expect(found(containerProblems({ image, ...extra }, context))).toEqual([]);
  });
});

describe('what the image and log driver bound to', () => {
  const IMAGE_CHARACTERS = 'must be up to 255 letters, digits, hyphens, underscores, colons, periods, slashes and number signs';
  const bound = (imageName: string, logDriver?: string, context = EC2) =>
    found(boundContainerProblems({ imageName }, logDriver ? { logDriver } : undefined, context));

  test('image names: up to 255 allowed characters', () => {
    expect(bound('busy box')).toEqual([error('imageName', `container.image ${IMAGE_CHARACTERS}, got "busy box"`)]);
    expect(bound('a'.repeat(256))).toEqual([error('imageName', `container.image ${IMAGE_CHARACTERS}, got "${'a'.repeat(256)}"`)]);
    expect(bound('a'.repeat(255))).toEqual([]);
    expect(bound('public.ecr.aws/docker/library/busybox:1.36')).toEqual([]);
    expect(bound('registry.example.com/team/app@sha256:0123abcd')).toEqual([]);
    expect(bound(Lazy.string({ produce: () => 'busy box' }))).toEqual([]);
  });

  test('log drivers: the 8 of Batch on EC2; awslogs and splunk on Fargate', () => {
    expect(bound('busybox', 'logentries')).toEqual([error('logDriver',
      'container.logging must use one of the log drivers awslogs, fluentd, gelf, journald, json-file, splunk, syslog, awsfirelens, got "logentries"')]);
    expect(bound('busybox', 'gelf', FARGATE)).toEqual([error('fargateLogDriver',
      'container.logging must use one of the log drivers awslogs, splunk on Fargate, got "gelf"')]);
    for (const driver of ['awslogs', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog', 'awsfirelens']) {
      expect(bound('busybox', driver)).toEqual([]);
    }
    expect(bound('busybox', 'awslogs', FARGATE)).toEqual([]);
    expect(bound('busybox', 'splunk', FARGATE)).toEqual([]);
  });

  test('an image that binds to repository credentials without their secret is named (CloudFormation requires CredentialsParameter)', () => {
    const credentials = (credentialsParameter?: string) => found(boundContainerProblems(
      { imageName: 'registry.example.com/app:1', repositoryCredentials: { credentialsParameter } as ecs.CfnTaskDefinition.RepositoryCredentialsProperty },
      undefined, EC2));
    expect(credentials()).toEqual([error('repositoryCredentials',
      'container.image binds to repositoryCredentials without a credentialsParameter, got "registry.example.com/app:1". '
      + 'CloudFormation requires the ARN of the secret with the registry credentials: return it as credentialsParameter from the image\'s bind(), '
      + 'or use ecs.ContainerImage.fromRegistry(name, { credentials: secret })')]);
    expect(credentials('arn:aws:secretsmanager:us-east-1:123456789012:secret:registry')).toEqual([]);
  });

  test('a real image binds to the name the rule reads', () => {
    const stack = new Stack();
    const config = ecs.ContainerImage.fromRegistry('busy box').bind(stack, {} as ecs.ContainerDefinition);
    expect(found(boundContainerProblems(config, undefined, EC2)).map((f) => f.rule)).toEqual(['imageName']);
  });
});
