import { Duration, Size, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CREDENTIALS_ARN, customAmi, IMAGE, TOKEN_ARN } from './ours';
import { importedCluster } from '../compute-environment/eks-clusters';
import { isolatedVpc, ISOLATED_SUBNETS } from '../fixtures';
import { synthTemplate, testStack } from '../synth';

/**
 * Maximal configurations of aws-cdk-lib's own Batch L2 (`aws-cdk-lib/aws-batch`), built from the
 * props its d.ts documents: every prop of every construct, in each variant that renders different
 * L1 paths (EC2 and Fargate containers, multi-node, ECS, EKS, Fargate and unmanaged environments,
 * a queue, a fair-share policy, an EKS job). What they reach is the bar this library's L2 must clear.
 */

/** The props of aws-cdk-lib's JobDefinitionProps, all set. */
const EVERY_JOB_SETTING = {
  parameters: { input: 's3://bucket/key' },
  retryAttempts: 3,
  retryStrategies: [
    batch.RetryStrategy.of(batch.Action.RETRY, batch.Reason.SPOT_INSTANCE_RECLAIMED),
    batch.RetryStrategy.of(batch.Action.EXIT, batch.Reason.custom({ onExitCode: '1', onReason: 'CannotPullContainerError*', onStatusReason: 'Essential*' })),
  ],
  schedulingPriority: 5,
  timeout: Duration.hours(1),
  skipDeregisterOnUpdate: true,
};

function role(scope: Construct, id: string, service: string): iam.Role {
  return new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal(service) });
}

/** Every prop of EcsContainerDefinitionProps: volumes of both kinds, Linux parameters with devices and tmpfs, logging with secret options. */
function everyEcsContainerSetting(scope: Construct, hostVolume: boolean) {
  const token = batch.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(scope, 'Token', TOKEN_ARN));
  const registry = secretsmanager.Secret.fromSecretCompleteArn(scope, 'Registry', CREDENTIALS_ARN);
  const fileSystem = efs.FileSystem.fromFileSystemAttributes(scope, 'Efs', {
    fileSystemId: 'fs-0123456789abcdef0',
    securityGroup: ec2.SecurityGroup.fromSecurityGroupId(scope, 'EfsSg', 'sg-0123456789abcdef0'),
  });
  const linuxParameters = hostVolume ? new batch.LinuxParameters(scope, 'Linux', {
    initProcessEnabled: true, sharedMemorySize: Size.mebibytes(256), maxSwap: Size.gibibytes(1), swappiness: 10,
  }) : undefined;
  linuxParameters?.addDevices({ hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: [batch.DevicePermission.READ] });
  linuxParameters?.addTmpfs({ containerPath: '/tmp', size: Size.mebibytes(64), mountOptions: [batch.TmpfsMountOption.NOEXEC] });
  return {
    image: ecs.ContainerImage.fromRegistry(IMAGE, { credentials: registry }),
    cpu: 1,
    memory: Size.gibibytes(2),
    command: ['run', 'Ref::input'],
    environment: { MODE: 'batch' },
    executionRole: role(scope, 'ExecutionRole', 'ecs-tasks.amazonaws.com'),
    jobRole: role(scope, 'JobRole', 'ecs-tasks.amazonaws.com'),
    linuxParameters,
    logging: ecs.LogDrivers.splunk({ url: 'https://splunk.example.com:8088', secretToken: ecs.Secret.fromSecretsManager(registry) }),
    readonlyRootFilesystem: true,
    secrets: { TOKEN: token },
    user: '1000',
    enableExecuteCommand: true,
    volumes: [
      batch.EcsVolume.efs({
        name: 'efs-root',
        containerPath: '/efs-root',
        readonly: true,
        fileSystem,
        rootDirectory: '/data',
        enableTransitEncryption: true,
        transitEncryptionPort: 2049,
      }),
      batch.EcsVolume.efs({ name: 'efs-ap', containerPath: '/efs-ap', fileSystem, accessPointId: 'fsap-0123456789abcdef1', useJobRole: true, enableTransitEncryption: true }),
      ...hostVolume ? [batch.EcsVolume.host({ name: 'host', containerPath: '/host', hostPath: '/scratch' })] : [],
    ],
  };
}

function ec2Container(scope: Construct, id: string): batch.EcsEc2ContainerDefinition {
  const inner = new Construct(scope, `${id}Settings`);
  return new batch.EcsEc2ContainerDefinition(scope, id, {
    ...everyEcsContainerSetting(inner, true),
    privileged: true,
    ulimits: [{ name: batch.UlimitName.NOFILE, softLimit: 4096, hardLimit: 8192 }],
    gpu: 1,
  });
}

/** Every prop of ManagedComputeEnvironmentProps (and ComputeEnvironmentProps). */
function everyManagedSetting(scope: Construct, vpc: ec2.IVpc, name: string) {
  return {
    computeEnvironmentName: name,
    serviceRole: role(scope, `${name}ServiceRole`, 'batch.amazonaws.com'),
    enabled: false,
    maxvCpus: 64,
    replaceComputeEnvironment: false,
    spot: true,
    updateTimeout: Duration.minutes(10),
    terminateOnUpdate: true,
    vpc,
    vpcSubnets: ISOLATED_SUBNETS,
    securityGroups: [new ec2.SecurityGroup(scope, `${name}Sg`, { vpc })],
    updateToLatestImageVersion: true,
  };
}

/** Every prop of the EC2 environments (ECS and EKS) beyond the managed ones. */
function everyEc2Setting(scope: Construct, name: string) {
  return {
    instanceTypes: [new ec2.InstanceType('c6i.large')],
    instanceClasses: [ec2.InstanceClass.M6I],
    defaultInstanceClasses: [batch.DefaultInstanceClass.X86_64],
    useOptimalInstanceClasses: false,
    spotBidPercentage: 60,
    instanceRole: role(scope, `${name}InstanceRole`, 'ec2.amazonaws.com'),
    launchTemplate: new ec2.LaunchTemplate(scope, `${name}Template`, { requireImdsv2: true }),
    minvCpus: 0,
    placementGroup: new ec2.PlacementGroup(scope, `${name}Placement`, { strategy: ec2.PlacementGroupStrategy.SPREAD }),
  };
}

/** Each configuration synthesizes in its own validating stack; the value is its template. */
export const AWS_CDK_LIB: Record<string, () => Template> = {
  'EcsJobDefinition: an EC2 container with every prop, propagateTags': () => {
    const stack = testStack();
    new batch.EcsJobDefinition(stack, 'Def', { ...EVERY_JOB_SETTING, jobDefinitionName: 'every-setting', propagateTags: true, container: ec2Container(stack, 'C') });
    return tagged(stack);
  },
  'EcsJobDefinition: a Fargate container with every prop': () => {
    const stack = testStack();
    new batch.EcsJobDefinition(stack, 'Def', {
      ...EVERY_JOB_SETTING,
      container: new batch.EcsFargateContainerDefinition(stack, 'C', {
        ...everyEcsContainerSetting(stack, false),
        assignPublicIp: true,
        fargatePlatformVersion: ecs.FargatePlatformVersion.VERSION1_4,
        ephemeralStorageSize: Size.gibibytes(40),
        fargateCpuArchitecture: ecs.CpuArchitecture.ARM64,
        fargateOperatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      }),
    });
    return tagged(stack);
  },
  'MultiNodeJobDefinition: EC2 containers with every prop, an instance type, the main node': () => {
    const stack = testStack();
    new batch.MultiNodeJobDefinition(stack, 'Def', {
      ...EVERY_JOB_SETTING,
      instanceType: new ec2.InstanceType('c6i.4xlarge'),
      mainNode: 0,
      propagateTags: true,
      containers: [
        { startNode: 0, endNode: 0, container: ec2Container(stack, 'Main') },
        { startNode: 1, endNode: 2, container: ec2Container(stack, 'Workers') },
      ],
    });
    return tagged(stack);
  },
  'EksJobDefinition: a container with every prop and a volume of each kind, DNS policy, host network, service account': () => {
    const stack = testStack();
    new batch.EksJobDefinition(stack, 'Def', {
      ...EVERY_JOB_SETTING,
      dnsPolicy: batch.DnsPolicy.CLUSTER_FIRST,
      useHostNetwork: false,
      serviceAccount: 'job-runner',
      container: new batch.EksContainerDefinition(stack, 'C', {
        image: ecs.ContainerImage.fromRegistry(IMAGE),
        name: 'main',
        command: ['sh', '-c'],
        args: ['echo $(MODE)'],
        env: { MODE: 'batch' },
        imagePullPolicy: batch.ImagePullPolicy.IF_NOT_PRESENT,
        memoryLimit: Size.gibibytes(1),
        memoryReservation: Size.gibibytes(1),
        cpuLimit: 1,
        cpuReservation: 0.5,
        gpuLimit: 1,
        gpuReservation: 1,
        privileged: false,
        readonlyRootFilesystem: true,
        runAsGroup: 1000,
        runAsRoot: false,
        runAsUser: 1000,
        volumes: [
          batch.EksVolume.emptyDir({ name: 'scratch', mountPath: '/scratch', medium: batch.EmptyDirMediumType.MEMORY, sizeLimit: Size.mebibytes(512) }),
          batch.EksVolume.hostPath({ name: 'host', mountPath: '/host', hostPath: '/mnt/efs', readonly: true }),
          batch.EksVolume.secret({ name: 'creds', mountPath: '/creds', secretName: 'creds', optional: false, readonly: true }),
        ],
      }),
    });
    return tagged(stack);
  },
  'ManagedEc2EksComputeEnvironment with every prop, EKS images': () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    new batch.ManagedEc2EksComputeEnvironment(stack, 'Eks', {
      ...everyManagedSetting(stack, vpc, 'eks'),
      ...everyEc2Setting(stack, 'eks'),
      eksCluster: importedCluster(stack, { kubectl: true }),
      kubernetesNamespace: 'batch',
      allocationStrategy: batch.AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED,
      images: [
        { image: customAmi(), imageType: batch.EksMachineImageType.EKS_AL2023 },
        { imageType: batch.EksMachineImageType.EKS_AL2023_NVIDIA },
      ],
    });
    return tagged(stack);
  },
  'ManagedEc2EcsComputeEnvironment with every prop, a Spot fleet role; FargateComputeEnvironment; UnmanagedComputeEnvironment': () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    new batch.ManagedEc2EcsComputeEnvironment(stack, 'Ecs', {
      ...everyManagedSetting(stack, vpc, 'ecs'),
      ...everyEc2Setting(stack, 'ecs'),
      allocationStrategy: batch.AllocationStrategy.BEST_FIT,
      spotFleetRole: role(stack, 'FleetRole', 'spotfleet.amazonaws.com'),
      images: [
        { image: customAmi(), imageType: batch.EcsMachineImageType.ECS_AL2023 },
        { imageType: batch.EcsMachineImageType.ECS_AL2023_NVIDIA },
      ],
    });
    new batch.FargateComputeEnvironment(stack, 'Fargate', everyManagedSetting(stack, vpc, 'fargate'));
    new batch.UnmanagedComputeEnvironment(stack, 'Unmanaged', {
      computeEnvironmentName: 'unmanaged', serviceRole: role(stack, 'UnmanagedServiceRole', 'batch.amazonaws.com'), enabled: false, unmanagedvCpus: 8,
    });
    return tagged(stack);
  },
  'JobQueue with every prop and a FairshareSchedulingPolicy with every prop': () => {
    const stack = testStack();
    const environment = batch.ManagedEc2EcsComputeEnvironment.fromManagedEc2EcsComputeEnvironmentArn(stack, 'Env',
      'arn:aws:batch:us-east-1:123456789012:compute-environment/ecs');
    new batch.JobQueue(stack, 'Queue', {
      jobQueueName: 'every-setting',
      priority: 10,
      enabled: false,
      computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
      schedulingPolicy: new batch.FairshareSchedulingPolicy(stack, 'FairShare', {
        schedulingPolicyName: 'fair-share',
        computeReservation: 10,
        shareDecay: Duration.hours(1),
        shares: [{ shareIdentifier: 'teamA', weightFactor: 0.5 }],
      }),
      jobStateTimeLimitActions: [{
        action: batch.JobStateTimeLimitActionsAction.CANCEL,
        maxTime: Duration.minutes(30),
        reason: batch.JobStateTimeLimitActionsReason.INSUFFICIENT_INSTANCE_CAPACITY,
        state: batch.JobStateTimeLimitActionsState.RUNNABLE,
      }],
    });
    return tagged(stack);
  },
};

/** Tags through `Tags.of`, the way aws-cdk-lib's L2 takes them; then synthesizes. */
function tagged(stack: Stack): Template {
  Tags.of(stack).add('team', 'simulation');
  return synthTemplate(stack);
}
