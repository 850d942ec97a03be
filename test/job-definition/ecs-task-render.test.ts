import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  ConsumableResource, ConsumableResourceType, EcsTask, JobDefinition, JobDefinitionProps, NodeRange, PlatformCapability,
  TaskContainerDependencyCondition,
} from '../../src';
import { synthTemplate, testStack } from '../synth';

/**
 * What a multi-container ECS task renders (EcsProperties of a job definition or of a node
 * range), through the JobDefinition construct: every synth runs the CloudFormation schema
 * validation. The rules are tables in ecs-task-rules.test.ts; roles and grants in workloads.test.ts.
 */

const IMAGE = 'public.ecr.aws/docker/library/busybox:stable';
const PROXY = 'public.ecr.aws/envoyproxy/envoy:v1.31-latest';
const image = ecs.ContainerImage.fromRegistry(IMAGE);
const proxy = ecs.ContainerImage.fromRegistry(PROXY);
const ref = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => ({ Ref: stack.getLogicalId(construct.node.defaultChild as any) });
const arnOf = (stack: Stack, role: iam.Role) => ({ 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] });

function synthProps(props: JobDefinitionProps, stack: Stack = testStack()): any {
  new JobDefinition(stack, 'Def', props);
  return Object.values<any>(synthTemplate(stack).findResources('AWS::Batch::JobDefinition'))[0].Properties;
}

describe('ecsTask rendering', () => {
  test('a main container with a sidecar on EC2: one task, every container setting, no execution role', () => {
    const stack = testStack();
    const taskRole = new iam.Role(stack, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const task: EcsTask = {
      taskRole,
      ipcMode: ecs.IpcMode.TASK,
      pidMode: ecs.PidMode.TASK,
      volumes: [{ name: 'shared' }],
      containers: [
        {
          name: 'app',
          image,
          vcpus: 2,
          memory: Size.gibibytes(4),
          command: ['run', 'Ref::input'],
          environment: { MODE: 'batch' },
          mountPoints: [{ sourceVolume: 'shared', containerPath: '/shared' }],
          dependsOn: [{ containerName: 'proxy', condition: TaskContainerDependencyCondition.START }],
          startTimeout: Duration.seconds(30),
          stopTimeout: Duration.minutes(2),
        },
        {
          name: 'proxy',
          image: proxy,
          essential: false,
          vcpus: 1,
          memory: Size.mebibytes(512),
          user: '101',
          volumes: [{ name: 'scratch', hostPath: '/tmp/proxy' }],
          mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp' }, { sourceVolume: 'shared', containerPath: '/shared', readOnly: true }],
          ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 4096, hardLimit: 8192 }],
          linuxParameters: { initProcessEnabled: true },
        },
      ],
    };
    const props = synthProps({ ecsTask: task, parameters: { input: 's3://bucket/key' } }, stack);
    expect(props.Type).toBe('container');
    expect(props.ContainerProperties).toBeUndefined();
    expect(props.EcsProperties).toEqual({
      TaskProperties: [{
        TaskRoleArn: arnOf(stack, taskRole),
        IpcMode: 'task',
        PidMode: 'task',
        Volumes: [{ Name: 'shared' }, { Name: 'scratch', Host: { SourcePath: '/tmp/proxy' } }],
        Containers: [
          {
            Name: 'app',
            Image: IMAGE,
            ResourceRequirements: [{ Type: 'VCPU', Value: '2' }, { Type: 'MEMORY', Value: '4096' }],
            Command: ['run', 'Ref::input'],
            Environment: [{ Name: 'MODE', Value: 'batch' }],
            MountPoints: [{ SourceVolume: 'shared', ContainerPath: '/shared' }],
            DependsOn: [{ ContainerName: 'proxy', Condition: 'START' }],
            StartTimeout: 30,
            StopTimeout: 120,
          },
          {
            Name: 'proxy',
            Image: PROXY,
            Essential: false,
            User: '101',
            ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '512' }],
            MountPoints: [{ SourceVolume: 'scratch', ContainerPath: '/tmp' }, { SourceVolume: 'shared', ContainerPath: '/shared', ReadOnly: true }],
            Ulimits: [{ Name: 'nofile', SoftLimit: 4096, HardLimit: 8192 }],
            LinuxParameters: { InitProcessEnabled: true },
          },
        ],
      }],
    });
  });

  test('on Fargate: the task\'s network, platform, storage and runtime platform, one shared execution role', () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', {
      platformCapabilities: [PlatformCapability.FARGATE],
      ecsTask: {
        fargate: {
          platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
          ephemeralStorage: Size.gibibytes(50),
          cpuArchitecture: ecs.CpuArchitecture.ARM64,
          operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        },
        containers: [
          { name: 'app', image, vcpus: 1, memory: Size.gibibytes(3) },
          {
            name: 'log-router',
            image,
            vcpus: 1,
            memory: Size.gibibytes(1),
            firelens: {
              type: ecs.FirelensLogRouterType.FLUENTBIT,
              enableEcsLogMetadata: false,
              configFileType: ecs.FirelensConfigFileType.FILE,
              configFileValue: '/fluent-bit/etc/extra.conf',
            },
          },
        ],
      },
    });
    const template = synthTemplate(stack);
    const props = Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))[0].Properties;
    const roles = Object.keys(template.findResources('AWS::IAM::Role'));
    expect(roles).toHaveLength(1);
    const task = props.EcsProperties.TaskProperties[0];
    expect(task.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [roles[0], 'Arn'] });
    expect(task.NetworkConfiguration).toEqual({ AssignPublicIp: 'DISABLED' });
    expect(task.PlatformVersion).toBe('1.4.0');
    expect(task.EphemeralStorage).toEqual({ SizeInGiB: 50 });
    expect(task.RuntimePlatform).toEqual({ CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
    expect(task.Containers[1].FirelensConfiguration).toEqual({
      Type: 'fluentbit', Options: { 'enable-ecs-log-metadata': 'false', 'config-file-type': 'file', 'config-file-value': '/fluent-bit/etc/extra.conf' },
    });
    expect(task.Containers.map((c: any) => c.ExecutionRoleArn)).toEqual([undefined, undefined]);
  });

  test('a node range runs a task beside a range that runs a container; each range has its consumable resources', () => {
    const stack = testStack();
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 8 });
    const props = synthProps({
      consumableResources: [],
      nodeProperties: {
        numNodes: 3,
        mainNode: 0,
        nodeRanges: [
          { targetNodes: NodeRange.of(0, 0), container: { image }, consumableResources: [{ resource: licenses, quantity: 1 }] },
          {
            targetNodes: NodeRange.from(1),
            ecsTask: { enableExecuteCommand: false, containers: [{ name: 'worker', image }, { name: 'agent', image, essential: false }] },
            consumableResources: [{ resource: licenses, quantity: 2 }],
          },
        ],
      },
    }, stack);
    expect(props.ConsumableResourceProperties).toBeUndefined();
    const [main, workers] = props.NodeProperties.NodeRangeProperties;
    expect(main.Container.Image).toBe(IMAGE);
    expect(main.ConsumableResourceProperties).toEqual({ ConsumableResourceList: [{ ConsumableResource: ref(stack, licenses), Quantity: 1 }] });
    expect(workers).toEqual({
      TargetNodes: '1:',
      EcsProperties: {
        TaskProperties: [{
          EnableExecuteCommand: false,
          Containers: [
            { Name: 'worker', Image: IMAGE, ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }] },
            { Name: 'agent', Image: IMAGE, Essential: false, ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }] },
          ],
        }],
      },
      ConsumableResourceProperties: { ConsumableResourceList: [{ ConsumableResource: ref(stack, licenses), Quantity: 2 }] },
    });
  });

  test('a single container renders ECS Exec, Windows and S3 Files; the job\'s consumable resources render at the top', () => {
    const stack = testStack();
    const jobRole = new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const tokens = ConsumableResource.fromConsumableResourceArn(stack, 'Tokens', 'arn:aws:batch:us-east-1:123456789012:consumable-resource/tokens');
    const fileSystemArn = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
    const props = synthProps({
      platformCapabilities: [PlatformCapability.FARGATE],
      consumableResources: [{ resource: tokens, quantity: 3 }],
      container: {
        image,
        jobRole,
        enableExecuteCommand: true,
        vcpus: 2,
        memory: Size.gibibytes(4),
        fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE },
        volumes: [{ name: 'objects', s3Files: { fileSystemArn, rootDirectory: '/data', transitEncryptionPort: 2049 } }],
        mountPoints: [{ sourceVolume: 'objects', containerPath: 'C:\\data' }],
      },
    }, stack);
    expect(props.ConsumableResourceProperties).toEqual({
      ConsumableResourceList: [{ ConsumableResource: 'arn:aws:batch:us-east-1:123456789012:consumable-resource/tokens', Quantity: 3 }],
    });
    expect(props.ContainerProperties.EnableExecuteCommand).toBe(true);
    expect(props.ContainerProperties.RuntimePlatform).toEqual({ OperatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' });
    expect(props.ContainerProperties.Volumes).toEqual([{
      Name: 'objects', S3FilesVolumeConfiguration: { FileSystemArn: fileSystemArn, RootDirectory: '/data', TransitEncryptionPort: 2049 },
    }]);
  });
});
