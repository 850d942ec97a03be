import { Size, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConsumableResource, ConsumableResourceType, EcsTask, JobDefinitionProps, NodeRange, PlatformCapability } from '../../src';
import { jobDefinitionProblems } from '../../src/job-definition/job-definition-rules';
import { ecsTaskWorkloadProblems, singleContainerProblems } from '../../src/job-definition/workload-rules';
import { found } from '../rule-findings';

const stack = new Stack();
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/job');
const fileSystemArn = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
const ec2 = { property: 'ecsTask', fargate: false, multiNode: false };
const fargate = { ...ec2, fargate: true };
const task = (extra: Partial<EcsTask> = {}): EcsTask => ({ containers: [{ name: 'app', image }, { name: 'sidecar', image, essential: false }], ...extra });

describe('the rules of what a job runs', () => {
  test('a task\'s containers go through the container rules with their own paths', () => {
    expect(found(ecsTaskWorkloadProblems(task({ containers: [{ name: 'app', image, privileged: true, gpuCount: 1 }] }), fargate))).toEqual([
      { rule: 'fargateGpu', severity: 'error', message: 'ecsTask.containers[0].gpuCount is not available on Fargate, got 1. Remove it (or give 0) or use PlatformCapability.EC2' },
      { rule: 'fargatePrivileged', severity: 'error', message: 'ecsTask.containers[0].privileged is not available on Fargate, got true. Remove it (or give false) or use PlatformCapability.EC2' },
    ]);
  });

  test('on Fargate, each task container may take any share of a Fargate size', () => {
    expect(found(ecsTaskWorkloadProblems(task({
      containers: [{ name: 'app', image, vcpus: 1.5, memory: Size.mebibytes(3072) }, { name: 'sidecar', image, vcpus: 0.5, memory: Size.mebibytes(1024) }],
    }), fargate))).toEqual([]);
  });

  test('a task container mounts any volume of the task; names are declared once', () => {
    expect(found(ecsTaskWorkloadProblems(task({
      volumes: [{ name: 'shared' }],
      containers: [
        { name: 'app', image, volumes: [{ name: 'cache' }], mountPoints: [{ sourceVolume: 'shared', containerPath: '/s' }] },
        { name: 'sidecar', image, mountPoints: [{ sourceVolume: 'cache', containerPath: '/c' }, { sourceVolume: 'nope', containerPath: '/n' }] },
      ],
    }), ec2))).toEqual([{
      rule: 'mountPointVolume',
      severity: 'error',
      message: 'ecsTask.containers[1].mountPoints[1].sourceVolume must name a volume of this task ("shared", "cache"), got "nope". Add the volume to volumes',
    }]);
    expect(found(ecsTaskWorkloadProblems(task({ volumes: [{ name: 'data' }], containers: [{ name: 'app', image, volumes: [{ name: 'data' }] }] }), ec2)))
      .toEqual([{
        rule: 'taskVolumeRepeated',
        severity: 'warning',
        message: 'ecsTask.volumes should declare each volume name once in the task, got "data". '
        + 'A task volume is declared once (on the task or on one container) and mounted by any of its containers',
      }]);
  });

  test('task volumes: host paths not on Fargate, S3 Files checked and needing the task role', () => {
    expect(found(ecsTaskWorkloadProblems(task({
      volumes: [{ name: 'host', hostPath: '/data' }, { name: 'objects', s3Files: { fileSystemArn: 'fs-1' } }],
    }), fargate))).toEqual([
      { rule: 'fargateHostVolume', severity: 'error', message: 'ecsTask.volumes[0].hostPath is not available on Fargate, got "/data". Use an EFS volume or a volume without hostPath' },
      {
        rule: 's3FilesFileSystemArn',
        severity: 'error',
        message: 'ecsTask.volumes[1].s3Files.fileSystemArn must be an S3 Files file system ARN '
        + '(arn:PARTITION:s3files:REGION:ACCOUNT:file-system/ID), got "fs-1"',
      },
      {
        rule: 's3FilesNeedsRole',
        severity: 'error',
        message: 'ecsTask.taskRole is required with an S3 Files volume (ecsTask.volumes[1].s3Files), got undefined. '
        + 'Give a role the job\'s code can assume; it is granted access to the file system',
      },
    ]);
  });

  test('task Fargate settings: only on Fargate, ephemeral storage range, Windows rules over every container', () => {
    expect(found(ecsTaskWorkloadProblems(task({ fargate: { assignPublicIp: true } }), ec2))).toEqual([{
      rule: 'fargateOnlySettingOnEc2',
      severity: 'warning',
      message: 'ecsTask.fargate.assignPublicIp applies only to Fargate and is not rendered on EC2, got true. '
        + 'Remove it, or add platformCapabilities: [PlatformCapability.FARGATE]',
    }]);
    expect(found(ecsTaskWorkloadProblems(task({ fargate: { ephemeralStorage: Size.gibibytes(201) } }), fargate))).toEqual([{
      rule: 'ephemeralStorageRange',
      severity: 'error',
      message: 'ecsTask.fargate.ephemeralStorage (GiB) must be an integer between 21 and 200, got 201. '
        + 'Fargate gives 20 GiB without this setting',
    }]);
    expect(found(ecsTaskWorkloadProblems(task({
      fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2019_FULL },
      containers: [{ name: 'app', image }, { name: 'sidecar', image, user: 'x' }],
    }), fargate))).toEqual([{
      rule: 'windowsContainerSettings',
      severity: 'error',
      message: 'ecsTask.containers[1].user is not available for Windows containers (WINDOWS_SERVER_2019_FULL), got "x". Remove it',
    }]);
  });

  test('ECS Exec needs the task role; single containers need the job role', () => {
    expect(found(ecsTaskWorkloadProblems(task({ enableExecuteCommand: true }), ec2)).map((f) => f.rule)).toEqual(['executeCommandRole']);
    expect(found(ecsTaskWorkloadProblems(task({ enableExecuteCommand: true, taskRole: role }), ec2))).toEqual([]);
    expect(found(singleContainerProblems({ image, enableExecuteCommand: true }, { property: 'container', fargate: false, multiNode: false })))
      .toEqual([{
        rule: 'executeCommandRole',
        severity: 'error',
        message: 'container.jobRole is required with container.enableExecuteCommand, got undefined. '
        + 'ECS Exec runs with the task role; give one (it is granted the ssmmessages actions)',
      }]);
    expect(found(singleContainerProblems({ image, volumes: [{ name: 'o', s3Files: { fileSystemArn } }], jobRole: role },
      { property: 'container', fargate: false, multiNode: false }))).toEqual([]);
  });

  test('a node range runs exactly one of container, ecsTask and eksPod', () => {
    const ranges = (range: object) => found(jobDefinitionProblems({
      nodeProperties: { numNodes: 1, mainNode: 0, nodeRanges: [{ targetNodes: NodeRange.all(), ...range }] },
    })).filter((f) => f.rule === 'eksNodeRangeShape');
    expect(ranges({})).toEqual([{
      rule: 'eksNodeRangeShape', severity: 'error', message: 'nodeProperties.nodeRanges[0] must have exactly one of container, ecsTask and eksPod, got "neither"',
    }]);
    expect(ranges({ container: { image }, ecsTask: task() })[0].message).toContain('got "container and ecsTask"');
    expect(ranges({ ecsTask: task() })).toEqual([]);
  });
});

describe('the job definition rules over tasks and consumable resources', () => {
  const rules = (props: JobDefinitionProps) => found(jobDefinitionProblems(props));

  test('ecsTask is one of the three shapes', () => {
    expect(rules({ ecsTask: task() })).toEqual([]);
    expect(rules({ container: { image }, ecsTask: task() })).toEqual([{
      rule: 'containerXorNodes',
      severity: 'error',
      message: 'container, ecsTask, eksPod and nodeProperties: exactly one must be set, got container and ecsTask. '
        + 'Use container for a job of one container on ECS, ecsTask for a job of several containers on ECS, eksPod for a job on EKS, '
        + 'nodeProperties for a multi-node parallel job',
    }]);
  });

  test('task commands are checked for undeclared parameters; consumable resources at both levels', () => {
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 2 });
    expect(rules({
      ecsTask: task({ containers: [{ name: 'app', image, command: ['Ref::input'] }] }),
      consumableResources: [{ resource: licenses, quantity: 3 }],
    }).map((f) => [f.rule, f.severity])).toEqual([['undeclaredParameter', 'warning'], ['consumableResourceExceedsTotal', 'error']]);
    expect(rules({
      nodeProperties: {
        numNodes: 1,
        mainNode: 0,
        nodeRanges: [{ targetNodes: NodeRange.all(), ecsTask: task(), consumableResources: [{ resource: licenses, quantity: 1.5 }] }],
      },
    })).toEqual([{ rule: 'consumableResourceQuantity', severity: 'error', message: 'nodeProperties.nodeRanges[0].consumableResources[0].quantity must be a whole number, got 1.5' }]);
  });

  test('an operating system family on EC2 is not rendered (a warning), like the other Fargate settings', () => {
    expect(rules({ container: { image, fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_FULL } } })).toEqual([{
      rule: 'fargateOnlySettingOnEc2',
      severity: 'warning',
      message: 'container.fargate.operatingSystemFamily applies only to Fargate and is not rendered on EC2, got "WINDOWS_SERVER_2022_FULL". '
        + 'Batch runs the jobs of an EC2 definition on the compute environment\'s (Linux) instances; remove it',
    }]);
    expect(rules({ ecsTask: task({ fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } }) })).toEqual([{
      rule: 'fargateOnlySettingOnEc2',
      severity: 'warning',
      message: 'ecsTask.fargate.operatingSystemFamily applies only to Fargate and is not rendered '
        + 'on EC2, got "LINUX". Batch runs the jobs of an EC2 definition on the compute environment\'s (Linux) instances; remove it',
    }]);
  });

  test('a Fargate task: the Fargate size applies to the sum', () => {
    const small = task({ containers: [{ name: 'a', image, vcpus: 0.25, memory: Size.mebibytes(512) }] });
    expect(rules({ platformCapabilities: [PlatformCapability.FARGATE], ecsTask: small })).toEqual([]);
    expect(rules({ platformCapabilities: [PlatformCapability.FARGATE], ecsTask: task() }).map((f) => f.rule)).toEqual([]);
  });
});
