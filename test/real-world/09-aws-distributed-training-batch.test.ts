/**
 * Source: aws-samples/awsome-distributed-training, 1.architectures/3.aws-batch/0.aws-batch-distributed-training.yaml
 * (p4d, the main template) and aws-batch-distributed-training-p6.yaml (p6-b200), commit
 * 7217859f67bc693c52ff175ccc6082c41dbd7a1b; author AWS (aws-samples); kind: CloudFormation (YAML).
 * Why real: AWS's reference architectures for large-scale distributed training (a very active repository); the Batch
 * architecture is one of its documented ones.
 *
 * Not expressed here, and why:
 * - p4d `ImageId`: with the `AMI` parameter empty (its default) the original writes the literal SSM path
 *   `/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id` as the image ID, which Batch does not
 *   resolve (the template as written deploys only when an AMI is passed). The rewrite resolves that SSM parameter
 *   (`ecs.EcsOptimizedImage.amazonLinux2(GPU)`, a template parameter), which is what the template means.
 * - The subnets are `!Split [',', !ImportValue <vpc stack>-PrivateSubnet]`; here the export is one subnet (the
 *   templates place the cluster in one AZ), imported as such. The security group is imported from its export too.
 * - The p4d launch template's user data is entirely commented out: left out. Its capacity reservation settings apply
 *   only when their parameters are given (default empty): left out. The `CreatePlacementGroup` condition (inverted in
 *   the source) places the cluster group by default: it is placed.
 * - `SecurityGroupIds` is omitted in the originals because the EFA interfaces carry the groups; the library would
 *   create a group when it is omitted, so the rewrite passes `securityGroups: []` (the documented way to use the
 *   launch template's groups).
 * - `ServiceRole: !Ref BatchInstanceRole` and `InstanceRole: !Ref ECSTaskInstanceProfile` pass names; the library
 *   passes the ARNs (Batch takes either). The fixed profile name is kept with `instanceProfileName`.
 * - The p5 template: the same shape as p4d with 32 EFA interfaces.
 * - The p6 job's bash script and the values of its seven environment variables are rewritten with the same purpose
 *   (read the SSH key from Secrets Manager, start sshd, run mpirun on the main node); the names are the original's.
 * - Differences on purpose: the library writes `ReplaceComputeEnvironment: false` and `PlatformCapabilities: [EC2]`, and
 *   names the unnamed job definitions after the construct path (CloudFormation would generate a name).
 *   aws-cdk-lib's warning that an ECR image by name needs pull permissions is acknowledged: the instance role has them.
 */
import { Annotations, CfnParameter, Fn, Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { synthesize, Synthesized, warning } from './corpus';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResourceType, ImageType, JobContainer, JobDefinition, JobQueue, NodeRange,
} from '../../src';
import { testStack } from '../synth';

const EFA_DEVICE = (i: number) => ({
  hostPath: `/dev/infiniband/uverbs${i}`,
  containerPath: `/dev/infiniband/uverbs${i}`,
  permissions: [ecs.DevicePermission.READ, ecs.DevicePermission.WRITE, ecs.DevicePermission.MKNOD],
});
const ULIMITS = [
  { name: ecs.UlimitName.MEMLOCK, hardLimit: -1, softLimit: -1 },
  { name: ecs.UlimitName.STACK, hardLimit: 67108864, softLimit: 67108864 },
  { name: ecs.UlimitName.NOFILE, hardLimit: 1024000, softLimit: 1024000 },
];
const RENDERED_ULIMITS = [
  { Name: 'memlock', HardLimit: -1, SoftLimit: -1 },
  { Name: 'stack', HardLimit: 67108864, SoftLimit: 67108864 },
  { Name: 'nofile', HardLimit: 1024000, SoftLimit: 1024000 },
];
const renderedDevice = (i: number) => ({
  HostPath: `/dev/infiniband/uverbs${i}`, ContainerPath: `/dev/infiniband/uverbs${i}`, Permissions: ['READ', 'WRITE', 'MKNOD'],
});

/** What both templates share: the imported network, the EFA launch template, the roles, one environment and queue. */
function common(stackId: string, stackName: string, efaInterfaces: Array<{ card: number; device: number }>) {
  const stack = testStack(stackId, { stackName });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: Fn.importValue('LargeScaleVPC-VPC'), availabilityZones: ['us-east-1a'] });
  const subnet = ec2.Subnet.fromSubnetAttributes(stack, 'PrivateSubnet', {
    subnetId: Fn.importValue('LargeScaleVPC-PrivateSubnet'), routeTableId: 'rtb-00000000000000001',
  });
  const sgId = Fn.importValue('LargeScaleVPC-SecurityGroup');
  const launchTemplate = new ec2.LaunchTemplate(stack, 'DistributedDeepLearningLT', {});
  (launchTemplate.node.defaultChild as ec2.CfnLaunchTemplate).addPropertyOverride('LaunchTemplateData.NetworkInterfaces',
    efaInterfaces.map(({ card, device }) => ({
      NetworkCardIndex: card, DeviceIndex: device, Groups: [sgId], DeleteOnTermination: true, InterfaceType: 'efa',
    })));
  // The template's "BatchInstanceRole" is the Batch service role.
  const serviceRole = new iam.Role(stack, 'BatchInstanceRole', {
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const instanceRole = new iam.Role(stack, 'ECSTaskServiceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role')],
  });
  return { stack, vpc, subnet, launchTemplate, serviceRole, instanceRole, sgId };
}

function buildP4d() {
  const base = common('DistributedTrainingP4d', 'aws-batch-p4d', [0, 1, 2, 3].map((i) => ({ card: i, device: i })));
  const { stack, vpc, subnet, launchTemplate, serviceRole, instanceRole } = base;
  const placementGroup = new ec2.PlacementGroup(stack, 'ClusterPlacementGroup', { strategy: ec2.PlacementGroupStrategy.CLUSTER });
  const environment = new ComputeEnvironment(stack, 'DistributedDeepLearningCE', {
    serviceRole,
    computeResources: {
      type: ComputeResourceType.ON_DEMAND,
      vpc,
      vpcSubnets: { subnets: [subnet] },
      securityGroups: [],
      allocationStrategy: AllocationStrategy.BEST_FIT,
      maxvCpus: 100000,
      desiredvCpus: 0,
      minvCpus: 0,
      placementGroup,
      ec2KeyPair: ec2.KeyPair.fromKeyPairName(stack, 'EC2KeyPair', 'distributed-training'),
      image: ecs.EcsOptimizedImage.amazonLinux2(ecs.AmiHardwareType.GPU),
      instanceRole,
      instanceProfileName: 'ECSTaskInstanceProfileIAM-aws-batch-p4d',
      launchTemplate: { launchTemplate, version: '$Latest' },
      instanceTypes: [new ec2.InstanceType('p4d.24xlarge')],
    },
  });
  Tags.of(environment).add('Name', 'Batch Deep Learning');
  const queue = new JobQueue(stack, 'DistributedDeepLearningJQ', {
    priority: 1,
    computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
  });
  const container: JobContainer = {
    image: ecs.ContainerImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/awsome-distributed-training'),
    command: ['/workspace/gpu-nccl-sanity.sh'],
    vcpus: 1,
    gpuCount: 8,
    memory: Size.mebibytes(16384),
    ulimits: ULIMITS,
    linuxParameters: { sharedMemorySize: Size.mebibytes(8192), devices: [0, 1, 2, 3].map(EFA_DEVICE) },
  };
  const single = new JobDefinition(stack, 'StressJDSingleInstance', { propagateTags: true, retryAttempts: 10, container });
  const multi = new JobDefinition(stack, 'StressJDMultiInstances', {
    propagateTags: true,
    retryAttempts: 10,
    nodeProperties: {
      mainNode: 0,
      numNodes: 2,
      nodeRanges: [{ targetNodes: NodeRange.all(), container: { ...container, instanceType: new ec2.InstanceType('p4d.24xlarge') } }],
    },
  });
  for (const definition of [single, multi]) {
    Annotations.of(definition).acknowledgeWarning('@aws-cdk/aws-ecs:ecrImageRequiresPolicy', 'The instance role pulls the image');
  }
  return { ...base, placementGroup, environment, queue, single, multi };
}

function buildP6() {
  const base = common('DistributedTrainingP6', 'aws-batch-p6', [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ card: i, device: 0 })));
  const { stack, vpc, subnet, launchTemplate, serviceRole, instanceRole } = base;
  const reservation = new CfnParameter(stack, 'CapacityReservationId', { type: 'String' });
  const lt = launchTemplate.node.defaultChild as ec2.CfnLaunchTemplate;
  lt.addPropertyOverride('LaunchTemplateData.MetadataOptions', { HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 });
  lt.addPropertyOverride('LaunchTemplateData.InstanceMarketOptions', { MarketType: 'capacity-block' });
  lt.addPropertyOverride('LaunchTemplateData.CapacityReservationSpecification', {
    CapacityReservationTarget: { CapacityReservationId: reservation.valueAsString },
  });
  const environment = new ComputeEnvironment(stack, 'DistributedDeepLearningCE', {
    serviceRole,
    computeResources: {
      type: ComputeResourceType.ON_DEMAND,
      vpc,
      vpcSubnets: { subnets: [subnet] },
      securityGroups: [],
      allocationStrategy: AllocationStrategy.BEST_FIT,
      maxvCpus: 100000,
      desiredvCpus: 0,
      minvCpus: 0,
      imageType: ImageType.ECS_AL2023_NVIDIA,
      instanceRole,
      instanceProfileName: 'ECSTaskInstanceProfileIAM-aws-batch-p6',
      launchTemplate: { launchTemplate, version: '$Latest' },
      instanceTypes: [new ec2.InstanceType('p6-b200.48xlarge')],
    },
  });
  Tags.of(environment).add('Name', 'Batch Deep Learning');
  const queue = new JobQueue(stack, 'DistributedDeepLearningJQ', {
    jobQueueName: 'aws-batch-p6-job-queue',
    priority: 1,
    computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
  });
  const jobRole = new iam.Role(stack, 'JobRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  const definition = new JobDefinition(stack, 'NCCLTest', {
    jobDefinitionName: 'aws-batch-p6-nccl-test',
    propagateTags: true,
    retryAttempts: 1,
    nodeProperties: {
      numNodes: 2,
      mainNode: 0,
      nodeRanges: [{
        targetNodes: NodeRange.from(0),
        container: {
          image: ecs.ContainerImage.fromRegistry(NCCL_IMAGE),
          jobRole,
          command: ['bash', '-c', NCCL_SCRIPT],
          environment: NCCL_ENVIRONMENT,
          vcpus: 192,
          gpuCount: 8,
          memory: Size.mebibytes(1049000),
          ulimits: ULIMITS,
          linuxParameters: { sharedMemorySize: Size.mebibytes(49152), devices: [0, 1, 2, 3, 4, 5, 6, 7].map(EFA_DEVICE) },
        },
      }],
    },
  });
  return { ...base, reservation, environment, queue, definition, jobRole };
}

const NCCL_IMAGE = 'public.ecr.aws/hpc-cloud/nccl-tests:cuda12.8.1-efa1.42.0-ofiv1.16.0-ncclv2.27.5-1-testsv2.16.4';
const NCCL_SCRIPT = [
  'set -e',
  'aws secretsmanager get-secret-value --secret-id "$SSH_SECRET_ARN" --query SecretString --output text > /root/.ssh/id_rsa',
  'chmod 600 /root/.ssh/id_rsa && /usr/sbin/sshd',
  'if [ "$AWS_BATCH_JOB_NODE_INDEX" = "$AWS_BATCH_JOB_MAIN_NODE_INDEX" ]; then',
  '  mpirun -np "$NCCL_TOTAL_PROCS" -N "$NCCL_PROCS_PER_NODE" $NCCL_TEST_CMD',
  'fi',
].join('\n');
const NCCL_ENVIRONMENT = {
  AWS_DEFAULT_REGION: 'us-east-1',
  LD_LIBRARY_PATH: '/opt/amazon/efa/lib:/opt/amazon/openmpi/lib:/opt/nccl/build/lib:$LD_LIBRARY_PATH',
  PATH: '/opt/amazon/efa/bin:/opt/amazon/openmpi/bin:$PATH',
  NCCL_PROCS_PER_NODE: '8',
  NCCL_TOTAL_PROCS: '16',
  NCCL_TEST_CMD: '/opt/nccl-tests/build/all_reduce_perf -b 8 -e 16G -f 2 -g 1',
  SSH_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:aws-batch-p6-ssh-key-AbCdEf',
};

describe('09 aws-samples/awsome-distributed-training AWS Batch, p4d template', () => {
  let setup: ReturnType<typeof buildP4d>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = buildP4d();
    synth = synthesize(setup.stack);
  });

  test('the environment: BEST_FIT up to 100000 vCPUs, p4d.24xlarge, the cluster group, a key pair, the GPU AMI, no group of its own', () => {
    const properties = synth.properties(setup.environment);
    expect(properties).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MaxvCpus: 100000,
        DesiredvCpus: 0,
        MinvCpus: 0,
        PlacementGroup: synth.getAtt(setup.placementGroup, 'GroupName'),
        Subnets: [{ 'Fn::ImportValue': 'LargeScaleVPC-PrivateSubnet' }],
        SecurityGroupIds: [],
        Ec2KeyPair: 'distributed-training',
        ImageId: { Ref: expect.stringMatching(/^SsmParameterValueawsserviceecsoptimizedamiamazonlinux2gpurecommendedimageid/) },
        InstanceRole: synth.getAtt(setup.environment.instanceProfile!, 'Arn'),
        LaunchTemplate: { LaunchTemplateId: synth.ref(setup.launchTemplate), Version: '$Latest' },
        InstanceTypes: ['p4d.24xlarge'],
      },
      Tags: { Name: 'Batch Deep Learning' },
    });
    expect(synth.template.toJSON().Parameters[properties.ComputeResources.ImageId.Ref].Default)
      .toBe('/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id');
  });

  test('the launch template has four EFA interfaces, one per network card, carrying the imported security group', () => {
    expect(synth.properties(setup.launchTemplate).LaunchTemplateData.NetworkInterfaces).toEqual([0, 1, 2, 3].map((i) => ({
      NetworkCardIndex: i, DeviceIndex: i, Groups: [{ 'Fn::ImportValue': 'LargeScaleVPC-SecurityGroup' }], DeleteOnTermination: true, InterfaceType: 'efa',
    })));
    expect(synth.resources('AWS::EC2::SecurityGroup')).toEqual({});
  });

  test('the instance profile has the fixed name ECSTaskInstanceProfileIAM-<StackName>', () => {
    expect(synth.properties(setup.environment.instanceProfile!)).toEqual({
      InstanceProfileName: 'ECSTaskInstanceProfileIAM-aws-batch-p4d', Roles: [synth.ref(setup.instanceRole)],
    });
  });

  test('the queue: priority 1, order 1', () => {
    expect(synth.properties(setup.queue)).toEqual({
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 1 }],
    });
  });

  const container = {
    Image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/awsome-distributed-training',
    Command: ['/workspace/gpu-nccl-sanity.sh'],
    ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '16384' }, { Type: 'GPU', Value: '8' }],
    Ulimits: RENDERED_ULIMITS,
    LinuxParameters: { SharedMemorySize: 8192, Devices: [0, 1, 2, 3].map(renderedDevice) },
  };

  test('the single-instance job: 1 vCPU with 8 GPUs, ulimits with -1, 8192 MiB of shared memory, four uverbs devices, 10 attempts', () => {
    expect(synth.properties(setup.single)).toEqual({
      JobDefinitionName: expect.stringMatching(/^awsbatchp4dStressJDSingleInstance/),
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      PropagateTags: true,
      RetryStrategy: { Attempts: 10 },
      ContainerProperties: container,
    });
  });

  test('the multi-node job: 2 nodes, main node 0, range 0: on p4d.24xlarge with the same container', () => {
    expect(synth.properties(setup.multi)).toEqual({
      JobDefinitionName: expect.stringMatching(/^awsbatchp4dStressJDMultiInstances/),
      Type: 'multinode',
      PlatformCapabilities: ['EC2'],
      PropagateTags: true,
      RetryStrategy: { Attempts: 10 },
      NodeProperties: {
        MainNode: 0,
        NumNodes: 2,
        NodeRangeProperties: [{ TargetNodes: '0:', Container: { ...container, InstanceType: 'p4d.24xlarge' } }],
      },
    });
  });

  test('warnings: only the custom service role and BEST_FIT that keep Batch from updating in place', () => {
    expect(synth.warnings).toEqual([warning('/DistributedTrainingP4d/DistributedDeepLearningCE', 'compute-environment', 'noInfrastructureUpdate')]);
  });

  test('why `securityGroups: []`: omitted, as the original omits SecurityGroupIds, the library would create a group', () => {
    // Batch lets the groups in SecurityGroupIds take precedence over the launch template's, so that group would
    // replace the EFA interfaces' group. Checked on the construct (no second synth).
    const other = common('DistributedTrainingOmitted', 'aws-batch-omitted', [{ card: 0, device: 0 }]);
    const environment = new ComputeEnvironment(other.stack, 'CE', {
      computeResources: {
        vpc: other.vpc,
        vpcSubnets: { subnets: [other.subnet] },
        launchTemplate: { launchTemplate: other.launchTemplate, version: '$Latest' },
        instanceTypes: [new ec2.InstanceType('p4d.24xlarge')],
      },
    });
    expect(environment.connections.securityGroups).toHaveLength(1);
    expect(environment.connections.securityGroups[0].node.path).toBe('DistributedTrainingOmitted/CE/SecurityGroup');
  });
});

describe('09 aws-samples/awsome-distributed-training AWS Batch, p6 template', () => {
  let setup: ReturnType<typeof buildP6>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = buildP6();
    synth = synthesize(setup.stack);
  });

  test('the environment: ECS_AL2023_NVIDIA, p6-b200.48xlarge, no image, placement group or key pair', () => {
    expect(synth.properties(setup.environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MaxvCpus: 100000,
        DesiredvCpus: 0,
        MinvCpus: 0,
        Ec2Configuration: [{ ImageType: 'ECS_AL2023_NVIDIA' }],
        Subnets: [{ 'Fn::ImportValue': 'LargeScaleVPC-PrivateSubnet' }],
        SecurityGroupIds: [],
        InstanceRole: synth.getAtt(setup.environment.instanceProfile!, 'Arn'),
        LaunchTemplate: { LaunchTemplateId: synth.ref(setup.launchTemplate), Version: '$Latest' },
        InstanceTypes: ['p6-b200.48xlarge'],
      },
      Tags: { Name: 'Batch Deep Learning' },
    });
  });

  test('the capacity-block launch template: IMDSv2 with hop limit 1, the reservation, eight EFA cards all at device index 0', () => {
    const data = synth.properties(setup.launchTemplate).LaunchTemplateData;
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 });
    expect(data.InstanceMarketOptions).toEqual({ MarketType: 'capacity-block' });
    expect(data.CapacityReservationSpecification).toEqual({ CapacityReservationTarget: { CapacityReservationId: synth.ref(setup.reservation) } });
    expect(data.NetworkInterfaces).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((card) => ({
      NetworkCardIndex: card, DeviceIndex: 0, Groups: [{ 'Fn::ImportValue': 'LargeScaleVPC-SecurityGroup' }], DeleteOnTermination: true, InterfaceType: 'efa',
    })));
  });

  test('the queue has the fixed name <StackName>-job-queue', () => {
    expect(synth.properties(setup.queue)).toEqual({
      JobQueueName: 'aws-batch-p6-job-queue',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 1 }],
    });
  });

  test('the NCCL test: 2 nodes, 192 vCPUs / 8 GPUs / 1049000 MiB, 49152 MiB of shared memory, eight devices, one attempt', () => {
    expect(synth.properties(setup.definition)).toEqual({
      JobDefinitionName: 'aws-batch-p6-nccl-test',
      Type: 'multinode',
      PlatformCapabilities: ['EC2'],
      PropagateTags: true,
      RetryStrategy: { Attempts: 1 },
      NodeProperties: {
        NumNodes: 2,
        MainNode: 0,
        NodeRangeProperties: [{
          TargetNodes: '0:',
          Container: {
            Image: NCCL_IMAGE,
            JobRoleArn: synth.getAtt(setup.jobRole, 'Arn'),
            Command: ['bash', '-c', NCCL_SCRIPT],
            Environment: Object.entries(NCCL_ENVIRONMENT).map(([Name, Value]) => ({ Name, Value })),
            ResourceRequirements: [{ Type: 'VCPU', Value: '192' }, { Type: 'MEMORY', Value: '1049000' }, { Type: 'GPU', Value: '8' }],
            Ulimits: RENDERED_ULIMITS,
            LinuxParameters: { SharedMemorySize: 49152, Devices: [0, 1, 2, 3, 4, 5, 6, 7].map(renderedDevice) },
          },
        }],
      },
    });
  });

  test('warnings: only the custom service role and BEST_FIT that keep Batch from updating in place', () => {
    expect(synth.warnings).toEqual([warning('/DistributedTrainingP6/DistributedDeepLearningCE', 'compute-environment', 'noInfrastructureUpdate')]);
  });
});
