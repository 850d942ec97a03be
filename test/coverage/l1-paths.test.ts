import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { cdkLibVersion, cfnPaths, L1Node, l1Trees, leafPaths, mapPaths, renderedPaths, sampleValue } from './l1-paths';
import {
  ComputeEnvironment, ConsumableResource, ConsumableResourceType, EcsTask, JobDefinition, NodeRange, PlatformCapability, TaskContainer,
  TaskContainerDependencyCondition, UserdataType, Volume,
} from '../../src';
import { importedCluster } from '../compute-environment/eks-clusters';
import { isolatedVpc, ISOLATED_SUBNETS } from '../fixtures';
import { synthTemplate, testStack } from '../synth';

/**
 * Issue 15's coverage check: every CloudFormation property path of the pinned aws-cdk-lib's
 * Batch L1 under the roots the issue names (EcsProperties, ConsumableResourceProperties,
 * EnableExecuteCommand, RuntimePlatform, ScalingPolicy, LaunchTemplate.Overrides, S3 Files
 * volumes, AWS::Batch::ConsumableResource) is rendered by some configuration of the L2 below,
 * unless it is in UNREACHABLE with the reason. The paths are read from the L1's d.ts
 * (`l1-paths.ts`), not listed here, so a new L1 property fails this test until the L2 reaches
 * it or it is listed.
 */

const JOB_DEFINITION = 'AWS::Batch::JobDefinition';
const COMPUTE_ENVIRONMENT = 'AWS::Batch::ComputeEnvironment';
const CONSUMABLE_RESOURCE = 'AWS::Batch::ConsumableResource';

/** Each resource's L1 props interface and L1 class. */
const L1 = {
  [JOB_DEFINITION]: { props: 'CfnJobDefinitionProps', render: (s: Stack, props: any) => new batch.CfnJobDefinition(s, 'L1', props) },
  [COMPUTE_ENVIRONMENT]: { props: 'CfnComputeEnvironmentProps', render: (s: Stack, props: any) => new batch.CfnComputeEnvironment(s, 'L1', props) },
  [CONSUMABLE_RESOURCE]: { props: 'CfnConsumableResourceProps', render: (s: Stack, props: any) => new batch.CfnConsumableResource(s, 'L1', props) },
};
type ResourceType = keyof typeof L1;

const startsWith = (prefix: string) => (p: string) => p === prefix || p.startsWith(`${prefix}.`);
const segments = (p: string) => p.split('.');

/** The roots of the issue, as tests on a path of one resource type (CloudFormation spelling). */
const ROOTS: Array<{ name: string; type: ResourceType; matches: (path: string) => boolean }> = [
  { name: 'JobDefinition EcsProperties', type: JOB_DEFINITION, matches: startsWith('EcsProperties') },
  { name: 'JobDefinition NodeRangeProperties[].EcsProperties', type: JOB_DEFINITION, matches: startsWith('NodeProperties.NodeRangeProperties.EcsProperties') },
  { name: 'JobDefinition ConsumableResourceProperties', type: JOB_DEFINITION, matches: startsWith('ConsumableResourceProperties') },
  {
    name: 'JobDefinition NodeRangeProperties[].ConsumableResourceProperties',
    type: JOB_DEFINITION,
    matches: startsWith('NodeProperties.NodeRangeProperties.ConsumableResourceProperties'),
  },
  { name: 'JobDefinition EnableExecuteCommand (anywhere)', type: JOB_DEFINITION, matches: (p) => segments(p).pop() === 'EnableExecuteCommand' },
  { name: 'JobDefinition RuntimePlatform (anywhere)', type: JOB_DEFINITION, matches: (p) => segments(p).includes('RuntimePlatform') },
  { name: 'JobDefinition S3 Files volumes (anywhere)', type: JOB_DEFINITION, matches: (p) => segments(p).some((s) => /s3files/i.test(s)) },
  { name: 'ComputeEnvironment ComputeResources.ScalingPolicy', type: COMPUTE_ENVIRONMENT, matches: startsWith('ComputeResources.ScalingPolicy') },
  {
    name: 'ComputeEnvironment ComputeResources.LaunchTemplate.Overrides',
    type: COMPUTE_ENVIRONMENT,
    matches: startsWith('ComputeResources.LaunchTemplate.Overrides'),
  },
  { name: 'ConsumableResource (all)', type: CONSUMABLE_RESOURCE, matches: () => true },
];

/**
 * The paths the L2 cannot render, each with the reason. The test fails if one of them becomes
 * reachable or leaves the L1, so the list stays what is true.
 */
const UNREACHABLE: Record<string, string> = {
  [`${JOB_DEFINITION} NodeProperties.NodeRangeProperties.Container.RuntimePlatform`]: 'A multi-node parallel job runs on EC2 only '
    + '(RegisterJobDefinition: "a job on Fargate resources must not specify nodeProperties"; the L2\'s multiNodeNotFargate error), '
    + 'and RuntimePlatform is a Fargate setting (CloudFormation: "the compute environment architecture for AWS Batch jobs on Fargate"): '
    + 'the L2 renders a container\'s fargate settings only on Fargate and warns that they are not rendered on EC2.',
  [`${JOB_DEFINITION} NodeProperties.NodeRangeProperties.Container.RuntimePlatform.CpuArchitecture`]: 'As its RuntimePlatform: Fargate only.',
  [`${JOB_DEFINITION} NodeProperties.NodeRangeProperties.Container.RuntimePlatform.OperatingSystemFamily`]: 'As its RuntimePlatform: Fargate only.',
};

// ---------------------------------------------------------------------------------------------
// The L1's paths, from its d.ts.

const trees = l1Trees(Object.values(L1).map((l1) => l1.props));
const treeOf = (type: ResourceType): L1Node[] => trees.get(L1[type].props)!;
const allPaths = (type: ResourceType) => cfnPaths(treeOf(type));

/** `type path` for every path under one of the roots. */
const enumerated = new Set(ROOTS.flatMap((root) => allPaths(root.type).filter(root.matches).map((p) => `${root.type} ${p}`)));

// ---------------------------------------------------------------------------------------------
// Maximal configurations of the L2.

const IMAGE = 'public.ecr.aws/docker/library/busybox:stable';
const FILE_SYSTEM_ARN = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
const ACCESS_POINT_ARN = 'arn:aws:s3files:us-east-1:123456789012:access-point/fsap-0123456789abcdef0';
const CREDENTIALS_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf';
const TOKEN_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf';

function taskRole(scope: Construct, id = 'TaskRole'): iam.Role {
  return new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
}

/** Volumes with every source: a host path (EC2), EFS with and without an access point, S3 Files with and without one. */
function everyVolume(scope: Construct, ec2Only: boolean): Volume[] {
  const fileSystem = efs.FileSystem.fromFileSystemAttributes(scope, 'Efs', {
    fileSystemId: 'fs-0123456789abcdef0',
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(scope, 'EfsSg', 'sg-0123456789abcdef0'),
  });
  const accessPoint = efs.AccessPoint.fromAccessPointAttributes(scope, 'EfsAp', { accessPointId: 'fsap-0123456789abcdef1', fileSystem });
  return [
    ...ec2Only ? [{ name: 'host', hostPath: '/scratch' }] : [],
    { name: 'efs-root', efs: { fileSystem, rootDirectory: '/data', transitEncryption: true, transitEncryptionPort: 2049 } },
    { name: 'efs-ap', efs: { fileSystem, accessPoint, useJobRole: true } },
    { name: 's3-root', s3Files: { fileSystemArn: FILE_SYSTEM_ARN, rootDirectory: '/objects', transitEncryptionPort: 2049 } },
    { name: 's3-ap', s3Files: { fileSystemArn: FILE_SYSTEM_ARN, accessPointArn: ACCESS_POINT_ARN, readOnly: true } },
  ];
}

/** A main container with every container setting, and a FireLens router it waits for. */
function everyContainer(scope: Construct, volumes: Volume[], ec2Only: boolean): TaskContainer[] {
  const registry = secretsmanager.Secret.fromSecretCompleteArn(scope, 'Registry', CREDENTIALS_ARN);
  const token = ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(scope, 'Token', TOKEN_ARN));
  return [
    {
      name: 'main',
      image: ecs.ContainerImage.fromRegistry(IMAGE, { credentials: registry }),
      vcpus: 1,
      memory: Size.gibibytes(2),
      command: ['run', 'Ref::input'],
      environment: { MODE: 'batch' },
      secrets: { TOKEN: token },
      user: '1000',
      readonlyRootFilesystem: false,
      mountPoints: volumes.map((volume) => ({ sourceVolume: volume.name, containerPath: `/mnt/${volume.name}`, readOnly: true })),
      logging: ecs.LogDrivers.splunk({ url: 'https://splunk.example.com:8088', secretToken: token }),
      dependsOn: [{ containerName: 'router', condition: TaskContainerDependencyCondition.START }],
      startTimeout: Duration.seconds(30),
      stopTimeout: Duration.seconds(60),
      ...ec2Only ? {
        privileged: true,
        ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 4096, hardLimit: 8192 }],
        linuxParameters: {
          initProcessEnabled: true,
          maxSwap: Size.gibibytes(1),
          sharedMemorySize: Size.mebibytes(256),
          swappiness: 10,
          devices: [{ hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: [ecs.DevicePermission.READ] }],
          tmpfs: [{ containerPath: '/tmp', size: Size.mebibytes(64), mountOptions: [ecs.TmpfsMountOption.NOEXEC] }],
        },
      } : {},
    },
    {
      name: 'router',
      image: ecs.ContainerImage.fromRegistry(IMAGE),
      essential: false,
      vcpus: 1,
      memory: Size.gibibytes(2),
      firelens: { type: ecs.FirelensLogRouterType.FLUENTBIT, enableEcsLogMetadata: false },
    },
  ];
}

function everyTask(scope: Construct, ec2Only: boolean): EcsTask {
  const volumes = everyVolume(scope, ec2Only);
  return {
    taskRole: taskRole(scope),
    executionRole: new iam.Role(scope, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }),
    enableExecuteCommand: true,
    pidMode: ecs.PidMode.TASK,
    ...ec2Only ? { ipcMode: ecs.IpcMode.TASK } : {},
    volumes,
    containers: everyContainer(scope, volumes, ec2Only),
  };
}

/** Each configuration synthesizes in its own validating stack; the value is its template. */
const CONFIGURATIONS: Record<string, () => Template> = {
  'a Fargate ecsTask with every task and container setting, and consumable resources': () => {
    const stack = testStack();
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
    new JobDefinition(stack, 'Def', {
      platformCapabilities: [PlatformCapability.FARGATE],
      parameters: { input: 's3://bucket/key' },
      consumableResources: [{ resource: licenses, quantity: 1 }],
      ecsTask: {
        ...everyTask(stack, false),
        fargate: {
          assignPublicIp: true,
          platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
          ephemeralStorage: Size.gibibytes(40),
          cpuArchitecture: ecs.CpuArchitecture.ARM64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        },
      },
    });
    return synthTemplate(stack);
  },
  'an EC2 ecsTask with the EC2-only settings (IPC mode, privileged, Linux parameters, host volumes)': () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', { parameters: { input: 's3://bucket/key' }, ecsTask: everyTask(stack, true) });
    return synthTemplate(stack);
  },
  'a Fargate container with ECS Exec, its runtime platform and S3 Files volumes': () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', {
      platformCapabilities: [PlatformCapability.FARGATE],
      container: {
        image: ecs.ContainerImage.fromRegistry(IMAGE),
        jobRole: taskRole(stack, 'JobRole'),
        enableExecuteCommand: true,
        fargate: {
          platformVersion: ecs.FargatePlatformVersion.LATEST,
          cpuArchitecture: ecs.CpuArchitecture.X86_64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        },
        volumes: everyVolume(stack, false).filter((volume) => volume.s3Files),
      },
    });
    return synthTemplate(stack);
  },
  'a multi-node job: a container range with ECS Exec and S3 Files, an ecsTask range with every setting, consumable resources per range': () => {
    const stack = testStack();
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
    new JobDefinition(stack, 'Def', {
      parameters: { input: 's3://bucket/key' },
      nodeProperties: {
        numNodes: 3,
        mainNode: 0,
        nodeRanges: [
          {
            targetNodes: NodeRange.of(0, 0),
            container: {
              image: ecs.ContainerImage.fromRegistry(IMAGE),
              jobRole: taskRole(stack, 'JobRole'),
              enableExecuteCommand: true,
              volumes: everyVolume(new Construct(stack, 'Range0'), true).filter((volume) => volume.s3Files),
            },
            consumableResources: [{ resource: licenses, quantity: 1 }],
          },
          {
            targetNodes: NodeRange.from(1),
            ecsTask: everyTask(new Construct(stack, 'Range1'), true),
            consumableResources: [{ resource: licenses, quantity: 2 }],
          },
        ],
      },
    });
    return synthTemplate(stack);
  },
  'ECS and EKS environments with a scale-down delay and launch template overrides by id, by name, with a version and a user data type': () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    const base = new ec2.LaunchTemplate(stack, 'Base', { requireImdsv2: true });
    const gpu = new ec2.LaunchTemplate(stack, 'Gpu', { requireImdsv2: true });
    const named = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Named', { launchTemplateName: 'memory-nodes' });
    new ComputeEnvironment(stack, 'Ecs', {
      computeResources: {
        vpc,
        vpcSubnets: ISOLATED_SUBNETS,
        instanceTypes: [new ec2.InstanceType('m5'), new ec2.InstanceType('g5'), new ec2.InstanceType('r5')],
        scaleDownDelay: Duration.minutes(30),
        launchTemplate: {
          launchTemplate: base,
          overrides: [
            { launchTemplate: gpu, version: '$Latest', targetInstanceTypes: [new ec2.InstanceType('g5')] },
            { launchTemplate: named, version: '2', targetInstanceTypes: [new ec2.InstanceType('r5')] },
          ],
        },
      },
    });
    new ComputeEnvironment(stack, 'Eks', {
      eks: { cluster: importedCluster(stack, { kubectl: true }), kubernetesNamespace: 'batch' },
      computeResources: {
        vpc,
        vpcSubnets: ISOLATED_SUBNETS,
        instanceTypes: [new ec2.InstanceType('m5'), new ec2.InstanceType('g5')],
        scaleDownDelay: Duration.hours(1),
        launchTemplate: {
          launchTemplate: base,
          overrides: [{ launchTemplate: gpu, targetInstanceTypes: [new ec2.InstanceType('g5')], userdataType: UserdataType.EKS_NODEADM }],
        },
      },
    });
    return synthTemplate(stack);
  },
  'a consumable resource with every setting': () => {
    const stack = testStack();
    new ConsumableResource(stack, 'Pool', {
      consumableResourceName: 'licenses',
      resourceType: ConsumableResourceType.NON_REPLENISHABLE,
      totalQuantity: 100,
      tags: { team: 'simulation' },
    });
    return synthTemplate(stack);
  },
};

/** `type path` for every path rendered in the Properties of a Batch resource of the template. */
function reachedBy(template: Template): Set<string> {
  const reached = new Set<string>();
  for (const type of Object.keys(L1) as ResourceType[]) {
    for (const resource of Object.values<any>(template.findResources(type))) {
      for (const p of renderedPaths(resource.Properties)) reached.add(`${type} ${p}`);
    }
  }
  return reached;
}

/** What each configuration reached, filled by its test (tests of a file run in order, those below after these). */
const reached = new Set<string>();

// ---------------------------------------------------------------------------------------------

describe('the L1 paths, read from the d.ts', () => {
  test('are many: a parser that finds few cannot pass the coverage test vacuously', () => {
    expect(allPaths(JOB_DEFINITION).length).toBeGreaterThan(400);
    expect(allPaths(COMPUTE_ENVIRONMENT).length).toBeGreaterThan(40);
    expect(enumerated.size).toBeGreaterThan(200);
    for (const root of ROOTS) expect(allPaths(root.type).filter(root.matches).length).toBeGreaterThan(0);
    expect([...enumerated]).toEqual(expect.arrayContaining([
      `${JOB_DEFINITION} EcsProperties.TaskProperties.Containers.DependsOn.Condition`,
      `${JOB_DEFINITION} NodeProperties.NodeRangeProperties.EcsProperties.TaskProperties.Volumes.S3FilesVolumeConfiguration.FileSystemArn`,
      `${COMPUTE_ENVIRONMENT} ComputeResources.ScalingPolicy.MinScaleDownDelayMinutes`,
      `${CONSUMABLE_RESOURCE} TotalQuantity`,
    ]));
  });

  test.each(Object.keys(L1) as ResourceType[])('are spelled as the L1 renders them: %s with every property set', (type) => {
    // The L1 itself, with a value for every property, renders each path in CloudFormation's spelling.
    // The sample values ('x' for an ARN) are not valid CloudFormation: synthesize without aws-cdk-lib's template validation.
    const stack = new Stack(new App(), 'L1');
    L1[type].render(stack, sampleValue(treeOf(type)));
    const validation = process.env.CDK_VALIDATION;
    process.env.CDK_VALIDATION = 'false';
    let template: Template;
    try {
      template = Template.fromStack(stack);
    } finally {
      if (validation === undefined) delete process.env.CDK_VALIDATION;
      else process.env.CDK_VALIDATION = validation;
    }
    const properties = Object.values<any>(template.findResources(type))[0].Properties;
    const rendered = renderedPaths(properties);
    const paths = allPaths(type);
    expect(paths.filter((p) => !rendered.has(p))).toEqual([]);
    // And nothing else, but the keys of maps (tags, options, parameters).
    const maps = mapPaths(treeOf(type));
    expect([...rendered].filter((p) => !paths.includes(p) && !maps.some((m) => p.startsWith(`${m}.`)))).toEqual([]);
  });
});

describe('every L1 path under the roots of issue 15 is reached by the L2', () => {
  test.each(Object.keys(CONFIGURATIONS))('%s synthesizes, validated against the CloudFormation schema', (name) => {
    const paths = reachedBy(CONFIGURATIONS[name]());
    expect(paths.size).toBeGreaterThan(0);
    for (const p of paths) reached.add(p);
  });

  test.each(ROOTS.map((root) => [root.name, root] as const))('%s: every path is reached or listed as unreachable', (_name, root) => {
    const paths = allPaths(root.type).filter(root.matches).map((p) => `${root.type} ${p}`);
    expect(paths.filter((p) => !reached.has(p) && !(p in UNREACHABLE))).toEqual([]);
  });

  test('every UNREACHABLE entry is an L1 path under a root, and is not reached', () => {
    const listed = Object.keys(UNREACHABLE);
    expect({ notInTheL1: listed.filter((p) => !enumerated.has(p)), reached: listed.filter((p) => reached.has(p)) })
      .toEqual({ notInTheL1: [], reached: [] });
  });
  test('counts', () => {
    const leaves = new Set((Object.keys(L1) as ResourceType[]).flatMap((type) => leafPaths(treeOf(type)).map((p) => `${type} ${p}`)));
    const rows = ROOTS.map((root) => {
      const paths = allPaths(root.type).filter(root.matches).map((p) => `${root.type} ${p}`);
      return `${root.name}: ${paths.length} enumerated (${paths.filter((p) => leaves.has(p)).length} leaves), `
        + `${paths.filter((p) => reached.has(p)).length} reached, ${paths.filter((p) => p in UNREACHABLE).length} unreachable`;
    });
    const total = [...enumerated];
    rows.push(`all roots (each path once): ${total.length} enumerated (${total.filter((p) => leaves.has(p)).length} leaves), `
      + `${total.filter((p) => reached.has(p)).length} reached, ${Object.keys(UNREACHABLE).length} unreachable`);
    console.log(`L1 path coverage (aws-cdk-lib ${cdkLibVersion()}):\n${rows.join('\n')}`);
    expect(rows).toHaveLength(ROOTS.length + 1);
  });
});
