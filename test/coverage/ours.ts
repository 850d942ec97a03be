import { Duration, Size, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AllocationStrategy, CapacityUnit, ComputeEnvironment, ComputeResourceType, ConsumableResource, ConsumableResourceType, EcsTask, EksDnsPolicy,
  EksEmptyDirMedium, EksImagePullPolicy, EksPod, IdleResourceAssignmentStrategy, ImageType, JobDefinition, JobQueue, JobStateTimeLimitActionType,
  JobStateTimeLimitReason, JobStateTimeLimitState, NodeRange, PlatformCapability, QuotaShare, ResourceSharingStrategy, RetryAction, SchedulingPolicy,
  ServiceEnvironment, ServiceEnvironmentType, TaskContainer, TaskContainerDependencyCondition, UserdataType, Volume,
} from '../../src';
import { importedCluster } from '../compute-environment/eks-clusters';
import { isolatedVpc, ISOLATED_SUBNETS } from '../fixtures';
import { synthTemplate, testStack } from '../synth';

/**
 * Maximal configurations of this library's L2: together they set every prop, in every variant
 * that renders a different L1 path (EC2 and Fargate, single- and multi-node, ECS and EKS,
 * container and SageMaker queues). Each synthesizes in its own validating stack.
 */

export const IMAGE = 'public.ecr.aws/docker/library/busybox:stable';
const FILE_SYSTEM_ARN = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
const ACCESS_POINT_ARN = 'arn:aws:s3files:us-east-1:123456789012:access-point/fsap-0123456789abcdef0';
export const CREDENTIALS_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf';
export const TOKEN_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:token-AbCdEf';

/** A custom AMI of the test region. */
export const customAmi = () => ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-0123456789abcdef0' });

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


/** A single-container job's container with every setting of its platform. */
function everyJobContainer(scope: Construct, fargate: boolean) {
  const volumes = everyVolume(scope, !fargate).filter((volume) => !volume.s3Files);
  const [main] = everyContainer(scope, volumes, !fargate);
  const { name: _name, dependsOn: _dependsOn, startTimeout: _start, stopTimeout: _stop, ...settings } = main;
  return {
    ...settings,
    ...fargate ? {} : { gpuCount: 1 },
    volumes,
    jobRole: taskRole(scope, 'JobRole'),
    executionRole: new iam.Role(scope, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }),
    enableExecuteCommand: true,
    ...fargate ? {
      fargate: {
        assignPublicIp: true,
        platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
        ephemeralStorage: Size.gibibytes(40),
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    } : {},
  };
}

/** The job definition settings outside the workload. */
const EVERY_JOB_SETTING = {
  parameters: { input: 's3://bucket/key' },
  retryAttempts: 3,
  retryStrategies: [
    { action: RetryAction.RETRY, onStatusReason: 'Host EC2*' },
    { action: RetryAction.EXIT, onExitCode: '1', onReason: 'CannotPullContainerError*' },
  ],
  timeout: Duration.hours(1),
  schedulingPriority: 5,
  retainPreviousRevisions: true,
  tags: { team: 'simulation' },
};

/** A pod with every setting: two containers and an init container with every container setting, a volume of each kind. */
function everyPod(namespace = 'batch-jobs'): EksPod {
  const image = ecs.ContainerImage.fromRegistry(IMAGE);
  const container = (name: string) => ({
    image,
    name,
    command: ['sh', '-c'],
    args: ['echo $(MODE)'],
    imagePullPolicy: EksImagePullPolicy.IF_NOT_PRESENT,
    environment: { MODE: 'batch' },
    resources: { requests: { cpu: 0.5, memory: Size.gibibytes(1), gpu: 1 }, limits: { cpu: 1, memory: Size.gibibytes(1), gpu: 1 } },
    securityContext: {
      runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
    },
    volumeMounts: [
      { name: 'scratch', mountPath: '/scratch' },
      { name: 'data', mountPath: '/data', subPath: 'inputs', readOnly: true },
      { name: 'creds', mountPath: '/creds', readOnly: true },
      { name: 'host', mountPath: '/host' },
    ],
  });
  return {
    containers: [container('main'), { image, name: 'sidecar', imagePullPolicy: EksImagePullPolicy.ALWAYS }],
    initContainers: [container('fetch')],
    volumes: [
      { name: 'scratch', emptyDir: { medium: EksEmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(512) } },
      { name: 'data', persistentVolumeClaim: { claimName: 'inputs', readOnly: true } },
      { name: 'creds', secret: { secretName: 'creds', optional: false } },
      { name: 'host', hostPath: '/mnt/efs' },
    ],
    serviceAccount: 'job-runner',
    hostNetwork: false,
    dnsPolicy: EksDnsPolicy.CLUSTER_FIRST,
    shareProcessNamespace: true,
    imagePullSecrets: ['registry'],
    labels: { team: 'data' },
    annotations: { 'example.com/owner': 'data-team' },
    namespace,
  };
}

/** The compute environment settings outside the compute resources. */
function everyEnvironmentSetting(scope: Construct, name: string) {
  return {
    computeEnvironmentName: name,
    enabled: false,
    serviceRole: new iam.Role(scope, `${name}ServiceRole`, { assumedBy: new iam.ServicePrincipal('batch.amazonaws.com') }),
    updatePolicy: { terminateJobsOnUpdate: true, jobExecutionTimeout: Duration.minutes(10) },
    replaceComputeEnvironment: false,
  };
}

/** The compute resource settings every EC2 environment (ECS or EKS) takes. */
function everyEc2Resource(scope: Construct, vpc: ec2.IVpc, name: string) {
  return {
    vpc,
    vpcSubnets: ISOLATED_SUBNETS,
    securityGroups: [new ec2.SecurityGroup(scope, `${name}Sg`, { vpc })],
    minvCpus: 0,
    maxvCpus: 64,
    updateToLatestImageVersion: true,
    ec2KeyPair: ec2.KeyPair.fromKeyPairName(scope, `${name}Key`, 'ops'),
    instanceRole: new iam.Role(scope, `${name}InstanceRole`, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') }),
    placementGroup: new ec2.PlacementGroup(scope, `${name}Placement`, { strategy: ec2.PlacementGroupStrategy.SPREAD }),
    scaleDownDelay: Duration.minutes(20),
    tags: { team: 'simulation' },
  };
}

/** Each configuration synthesizes in its own validating stack; the value is its template. */
export const OURS: Record<string, () => Template> = {
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
  'an EC2 container job with every container and job setting, and consumable resources': () => {
    const stack = testStack();
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
    new JobDefinition(stack, 'Def', {
      ...EVERY_JOB_SETTING,
      jobDefinitionName: 'every-setting',
      propagateTags: true,
      consumableResources: [{ resource: licenses, quantity: 1 }],
      container: everyJobContainer(stack, false),
    });
    return synthTemplate(stack);
  },
  'a Fargate container job with every Fargate setting': () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', { ...EVERY_JOB_SETTING, platformCapabilities: [PlatformCapability.FARGATE], container: everyJobContainer(stack, true) });
    return synthTemplate(stack);
  },
  'a multi-node job with an EC2 container range with every setting and an instance type': () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', {
      ...EVERY_JOB_SETTING,
      propagateTags: true,
      nodeProperties: {
        numNodes: 2,
        mainNode: 0,
        nodeRanges: [{ targetNodes: NodeRange.of(0, 1), container: { ...everyJobContainer(stack, false), instanceType: new ec2.InstanceType('c6i.4xlarge') } }],
      },
    });
    return synthTemplate(stack);
  },
  'an EKS pod with every pod, container and volume setting': () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', { ...EVERY_JOB_SETTING, eksPod: everyPod() });
    return synthTemplate(stack);
  },
  'a multi-node EKS job: node ranges with every pod setting and an instance type': () => {
    const stack = testStack();
    new JobDefinition(stack, 'Def', {
      ...EVERY_JOB_SETTING,
      nodeProperties: {
        numNodes: 3,
        mainNode: 0,
        nodeRanges: [
          { targetNodes: NodeRange.of(0, 0), eksPod: everyPod(), instanceType: new ec2.InstanceType('c6i.4xlarge') },
          { targetNodes: NodeRange.from(1), eksPod: everyPod(), instanceType: new ec2.InstanceType('c6i.4xlarge') },
        ],
      },
    });
    return synthTemplate(stack);
  },
  'an EKS environment with every setting: Spot, EKS images with a Kubernetes version, a launch template with a user data type': () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    const image = customAmi();
    new ComputeEnvironment(stack, 'Eks', {
      ...everyEnvironmentSetting(stack, 'eks-every-setting'),
      eks: { cluster: importedCluster(stack, { kubectl: true }), kubernetesNamespace: 'batch' },
      computeResources: {
        ...everyEc2Resource(stack, vpc, 'Eks'),
        type: ComputeResourceType.SPOT,
        allocationStrategy: AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED,
        instanceTypes: [new ec2.InstanceType('c6i'), new ec2.InstanceType('g5')],
        images: [
          { imageType: ImageType.EKS_AL2023, image, kubernetesVersion: '1.33' },
          { imageType: ImageType.EKS_AL2023_NVIDIA, kubernetesVersion: '1.33' },
        ],
        launchTemplate: {
          launchTemplate: new ec2.LaunchTemplate(stack, 'Template', { requireImdsv2: true }),
          version: '$Latest',
          userdataType: UserdataType.EKS_NODEADM,
        },
      },
    });
    return synthTemplate(stack);
  },
  'ECS environments with every setting: Spot with a fleet role and a bid, a custom AMI; an image type; Fargate; unmanaged': () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    const image = customAmi();
    new ComputeEnvironment(stack, 'Spot', {
      ...everyEnvironmentSetting(stack, 'spot-every-setting'),
      computeResources: {
        ...everyEc2Resource(stack, vpc, 'Spot'),
        desiredvCpus: 4,
        type: ComputeResourceType.SPOT,
        allocationStrategy: AllocationStrategy.BEST_FIT,
        bidPercentage: 60,
        spotFleetRole: new iam.Role(stack, 'FleetRole', { assumedBy: new iam.ServicePrincipal('spotfleet.amazonaws.com') }),
        instanceTypes: [new ec2.InstanceType('c6i')],
        image,
        launchTemplate: { launchTemplate: new ec2.LaunchTemplate(stack, 'Template', { requireImdsv2: true }), version: '1' },
      },
    });
    new ComputeEnvironment(stack, 'Images', {
      computeResources: {
        vpc,
        vpcSubnets: ISOLATED_SUBNETS,
        instanceTypes: [new ec2.InstanceType('c6i'), new ec2.InstanceType('g5')],
        images: [{ imageType: ImageType.ECS_AL2023, image }, { imageType: ImageType.ECS_AL2023_NVIDIA }],
        launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Named', { launchTemplateName: 'gpu-nodes' }) },
      },
    });
    new ComputeEnvironment(stack, 'Fargate', {
      ...everyEnvironmentSetting(stack, 'fargate-every-setting'),
      computeResources: {
        type: ComputeResourceType.FARGATE_SPOT,
        vpc,
        vpcSubnets: ISOLATED_SUBNETS,
        securityGroups: [new ec2.SecurityGroup(stack, 'FargateSg', { vpc })],
        maxvCpus: 16,
      },
    });
    new ComputeEnvironment(stack, 'Unmanaged', { computeEnvironmentName: 'unmanaged', managed: false, unmanagedvCpus: 8, enabled: false });
    Tags.of(stack).add('team', 'simulation');
    return synthTemplate(stack);
  },
  'a container queue with every setting and a fair-share policy with every setting': () => {
    const stack = testStack();
    const environment = ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Env',
      'arn:aws:batch:us-east-1:123456789012:compute-environment/ecs');
    const policy = new SchedulingPolicy(stack, 'FairShare', {
      schedulingPolicyName: 'fair-share',
      computeReservation: 10,
      shareDecay: Duration.hours(1),
      shares: [{ shareIdentifier: 'teamA', weightFactor: 0.5 }, { shareIdentifier: 'teamB' }],
    });
    new JobQueue(stack, 'Queue', {
      jobQueueName: 'every-setting',
      priority: 10,
      enabled: false,
      computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
      schedulingPolicy: policy,
      jobStateTimeLimitActions: [{
        reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY,
        maxTime: Duration.minutes(30),
        action: JobStateTimeLimitActionType.CANCEL,
        state: JobStateTimeLimitState.RUNNABLE,
      }],
    });
    Tags.of(stack).add('team', 'simulation');
    return synthTemplate(stack);
  },
  'SageMaker training: a service environment, a queue and a quota-share policy, quota shares, every setting': () => {
    const stack = testStack();
    const g5 = CapacityUnit.instanceType('ml.g5.xlarge');
    const p4d = CapacityUnit.instanceType('ml.p4d.24xlarge');
    const capacity = new ServiceEnvironment(stack, 'Capacity', {
      serviceEnvironmentName: 'shared-capacity',
      type: ServiceEnvironmentType.SAGEMAKER_TRAINING,
      capacityLimits: [{ maxCapacity: 16, capacityUnit: g5 }, { maxCapacity: 2, capacityUnit: p4d }],
      enabled: true,
      tags: { team: 'ml' },
    });
    const queue = new JobQueue(stack, 'Queue', {
      jobQueueName: 'training',
      priority: 10,
      enabled: true,
      serviceEnvironments: [{ serviceEnvironment: capacity, order: 1 }],
      schedulingPolicy: new SchedulingPolicy(stack, 'Quotas', {
        schedulingPolicyName: 'quotas',
        quotaSharePolicy: { idleResourceAssignmentStrategy: IdleResourceAssignmentStrategy.FIFO },
      }),
      jobStateTimeLimitActions: [{
        reason: JobStateTimeLimitReason.SERVICE_ENVIRONMENT_MAX_RESOURCE,
        maxTime: Duration.hours(6),
        action: JobStateTimeLimitActionType.TERMINATE,
        state: JobStateTimeLimitState.RUNNABLE,
      }],
    });
    new QuotaShare(stack, 'Research', {
      quotaShareName: 'research',
      jobQueue: queue,
      capacityLimits: [{ capacityUnit: p4d, maxCapacity: 2 }, { capacityUnit: g5, maxCapacity: 4 }],
      resourceSharingConfiguration: { strategy: ResourceSharingStrategy.LEND_AND_BORROW, borrowLimit: 200 },
      preemptionConfiguration: { inSharePreemption: true },
      enabled: false,
      tags: { team: 'research' },
    });
    Tags.of(stack).add('cost-center', 'ml');
    return synthTemplate(stack);
  },
};


