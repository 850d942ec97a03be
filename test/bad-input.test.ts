import { CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { synthTemplate, TEST_ENV, validatingApp } from './synth';
import {
  AllocationStrategy, ComputeEnvironment, ComputeEnvironmentProps, ComputeResources, ComputeResourceType, ConsumableResource,
  ConsumableResourceProps, ConsumableResourceType, DeployTimeJob, DeployTimeJobProps, EcsTask, EksConfiguration, EksContainer, EksDnsPolicy,
  EksPod, ImageType, JobContainer, JobDefinition, JobDefinitionProps, JobQueue, JobQueueProps, JobStateTimeLimitActionType,
  JobStateTimeLimitReason, NodeRange, PlatformCapability, RetryAction, SchedulingPolicy, SchedulingPolicyProps, Share,
  TaskContainerDependencyCondition,
  CapacityUnit, QuotaShare, QuotaShareProps, ResourceSharingStrategy, SageMakerTrainingJob, ServiceEnvironment, ServiceEnvironmentProps,
} from '../src';

/**
 * The cross-construct proof of the documented Batch limits (the Batch API reference and
 * the DESIGN contract): every invalid configuration fails at synth with one message that
 * names the construct path, the property, the value and what is allowed; and a token in
 * the same place skips the check (synth succeeds) instead of guessing. The construct
 * tests hold the nearest valid values; this table is the overview.
 */

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
const types = (...names: string[]) => names.map((name) => new ec2.InstanceType(name));

function vpcOf(stack: Stack): ec2.Vpc {
  const existing = stack.node.tryFindChild('Vpc');
  return existing instanceof ec2.Vpc ? existing : new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
}

/** A launch template that requires IMDSv2, one per call. */
function template(stack: Stack): ec2.LaunchTemplate {
  return new ec2.LaunchTemplate(stack, `Template${stack.node.children.filter((c) => c instanceof ec2.LaunchTemplate).length}`, { requireImdsv2: true });
}

/** A ComputeEnvironment `Env` with these compute resources (VPC filled in) and props. */
function environment(resources?: Omit<ComputeResources, 'vpc'>, props: ComputeEnvironmentProps = {}) {
  return (stack: Stack) => new ComputeEnvironment(stack, 'Env', { ...props, computeResources: resources && { vpc: vpcOf(stack), ...resources } });
}

function fargateEnvironment(stack: Stack, id: string, type = ComputeResourceType.FARGATE): ComputeEnvironment {
  return new ComputeEnvironment(stack, id, { computeResources: { vpc: vpcOf(stack), type } });
}

/** A JobQueue `Queue` with one Fargate environment unless props name others. */
function queue(props: JobQueueProps = {}) {
  return (stack: Stack) => new JobQueue(stack, 'Queue', {
    computeEnvironments: [{ computeEnvironment: fargateEnvironment(stack, 'Fargate'), order: 1 }],
    ...props,
  });
}

function policy(props: SchedulingPolicyProps) {
  return (stack: Stack) => new SchedulingPolicy(stack, 'Policy', props);
}

const G5 = CapacityUnit.instanceType('ml.g5.xlarge');

/** A ServiceEnvironment `Training` (4 instances) with these props. */
function trainingEnvironment(stack: Stack, props: Partial<ServiceEnvironmentProps> = {}, id = 'Training'): ServiceEnvironment {
  return new ServiceEnvironment(stack, id, { capacityLimits: [{ maxCapacity: 4 }], ...props });
}

/** A SageMaker queue `TrainingQueue`; with `quota`, a quota-share policy `Quotas` (and instance-type units, unless told). */
function trainingQueue(quota: boolean, props: JobQueueProps = {}, instanceTypes = quota) {
  return (stack: Stack) => new JobQueue(stack, 'TrainingQueue', {
    serviceEnvironments: [{
      serviceEnvironment: trainingEnvironment(stack, instanceTypes ? { capacityLimits: [{ maxCapacity: 4, capacityUnit: G5 }] } : {}),
      order: 1,
    }],
    schedulingPolicy: quota ? new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} }) : undefined,
    ...props,
  });
}
const quotaQueue = (stack: Stack) => trainingQueue(true)(stack);

/** A DeployTimeJob `Job` running a SageMaker training job on an imported queue; `job` adds to a valid one. */
function trainingDeployTimeJob(job: Partial<SageMakerTrainingJob>, props: Partial<DeployTimeJobProps> = {}) {
  return (stack: Stack) => new DeployTimeJob(stack, 'Job', {
    jobQueue: JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:us-east-1:123456789012:job-queue/training'),
    trainingJob: {
      role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/Exec'),
      trainingImage: 'img',
      instanceType: 'ml.m5.large',
      outputPath: 's3://models/out',
      ...job,
    },
    ...props,
  });
}

/** A QuotaShare `TeamA` (2 ml.g5.xlarge) on a new quota-management queue unless props name one. */
function quotaShare(stack: Stack, props: Partial<QuotaShareProps> = {}, id = 'TeamA'): QuotaShare {
  return new QuotaShare(stack, id, {
    capacityLimits: [{ capacityUnit: G5, maxCapacity: 2 }],
    ...props,
    jobQueue: props.jobQueue ?? quotaQueue(stack),
  });
}

const shares = (...entries: Array<[string, number?]>): Share[] =>
  entries.map(([shareIdentifier, weightFactor]) => ({ shareIdentifier, weightFactor }));

/** A JobDefinition `Def`; `container` adds to a valid EC2 container. */
function definition(props: Partial<JobDefinitionProps>, container?: Partial<JobContainer>) {
  return (stack: Stack) => new JobDefinition(stack, 'Def', {
    ...(props.nodeProperties ? {} : { container: { image, ...container } }),
    ...props,
  });
}

function fargateDefinition(container: Partial<JobContainer>) {
  return definition({ platformCapabilities: [PlatformCapability.FARGATE] }, container);
}

function multiNode(numNodes: number, mainNode: number, ...ranges: NodeRange[]) {
  return definition({ nodeProperties: { numNodes, mainNode, nodeRanges: ranges.map((targetNodes) => ({ targetNodes, container: { image } })) } });
}

/** An EKS ComputeEnvironment `Env` on an imported cluster (its access configured by hand). */
function eksEnvironment(resources: Omit<ComputeResources, 'vpc'> = {}, configuration: Partial<EksConfiguration> = {}) {
  return (stack: Stack) => new ComputeEnvironment(stack, 'Env', {
    eks: {
      cluster: eks.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: 'jobs', clusterSecurityGroupId: 'sg-0123456789abcdef0' }),
      kubernetesNamespace: 'batch',
      configureClusterAccess: false,
      ...configuration,
    },
    computeResources: { vpc: vpcOf(stack), ...resources },
  });
}

/** A JobDefinition `Def` with an EKS pod; `container` adds to its one valid container. */
function eksDefinition(pod: Partial<EksPod>, container: Partial<EksContainer> = {}, props: Partial<JobDefinitionProps> = {}) {
  return (stack: Stack) => new JobDefinition(stack, 'Def', { ...props, eksPod: { containers: [{ image, name: 'main', ...container }], ...pod } });
}

/** A custom image whose bind() returns repository credentials without their secret. */
class CredentialsWithoutSecretImage extends ecs.ContainerImage {
  public bind(): ecs.ContainerImageConfig {
    return { imageName: 'registry.example.com/team/app:1', repositoryCredentials: {} };
  }
}

/** A DeployTimeJob `Job` on an imported queue and definition. */
function deployTimeJob(props: Partial<DeployTimeJobProps>) {
  return (stack: Stack) => new DeployTimeJob(stack, 'Job', {
    jobQueue: JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:us-east-1:123456789012:job-queue/jobs'),
    jobDefinition: JobDefinition.fromJobDefinitionName(stack, 'Def', 'migrate'),
    ...props,
  });
}

/** A JobDefinition `Def` running an ECS task of `containers` (a valid main container when omitted). */
function taskDefinition(task: Partial<EcsTask>, props: Partial<JobDefinitionProps> = {}) {
  return (stack: Stack) => new JobDefinition(stack, 'Def', { ecsTask: { containers: [{ name: 'main', image }], ...task }, ...props });
}

/** A ConsumableResource `Pool` (replenishable, 4 units unless props say otherwise). */
function pool(props: Partial<ConsumableResourceProps> = {}) {
  return (stack: Stack) => new ConsumableResource(stack, 'Pool', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4, ...props });
}

type Build = (stack: Stack) => unknown;

/** [construct, invalid setting, build, the construct path under the stack, the message fragment: property, allowed, value]. */
const INVALID: Array<[string, string, Build, string, string]> = [
  // ComputeEnvironment: names, management, vCPUs, Spot, instance types, Fargate limits, updates, images, tags.
  ['ComputeEnvironment', 'name with a space', environment({}, { computeEnvironmentName: 'my env' }), 'Env',
    'computeEnvironmentName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "my env"'],
  ['ComputeEnvironment', 'name of 129 characters', environment({}, { computeEnvironmentName: 'a'.repeat(129) }), 'Env',
    `computeEnvironmentName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "${'a'.repeat(129)}"`],
  ['ComputeEnvironment', 'managed without compute resources', environment(undefined), 'Env',
    'computeResources is required for a managed compute environment, got undefined'],
  ['ComputeEnvironment', 'unmanagedvCpus on a managed environment', environment({}, { unmanagedvCpus: 4 }), 'Env',
    'unmanagedvCpus applies only to unmanaged compute environments (managed is true), got 4'],
  ['ComputeEnvironment', 'negative unmanagedvCpus', environment(undefined, { managed: false, unmanagedvCpus: -1 }), 'Env',
    'unmanagedvCpus must be an integer >= 0, got -1'],
  ['ComputeEnvironment', 'negative minvCpus', environment({ minvCpus: -1 }), 'Env', 'computeResources.minvCpus must be an integer >= 0, got -1'],
  ['ComputeEnvironment', 'fractional maxvCpus', environment({ maxvCpus: 1.5 }), 'Env', 'computeResources.maxvCpus must be an integer >= 0, got 1.5'],
  ['ComputeEnvironment', 'minvCpus above the default maxvCpus', environment({ minvCpus: 300 }), 'Env',
    'computeResources.minvCpus must be at most computeResources.maxvCpus (256), got 300'],
  ['ComputeEnvironment', 'desiredvCpus above maxvCpus', environment({ desiredvCpus: 64, maxvCpus: 32 }), 'Env',
    'computeResources.desiredvCpus must be at most computeResources.maxvCpus (32), got 64'],
  ['ComputeEnvironment', 'minvCpus above desiredvCpus', environment({ minvCpus: 8, desiredvCpus: 4 }), 'Env',
    'computeResources.minvCpus must be at most computeResources.desiredvCpus (4), got 8'],
  ['ComputeEnvironment', 'a fractional bidPercentage', environment({ type: ComputeResourceType.SPOT, bidPercentage: 20.5 }), 'Env',
    'computeResources.bidPercentage must be an integer, got 20.5'],
  ['ComputeEnvironment', 'a Spot strategy on On-Demand', environment({ allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED }), 'Env',
    'computeResources.allocationStrategy applies only to SPOT environments (type is ON_DEMAND), got "SPOT_CAPACITY_OPTIMIZED"'],
  ['ComputeEnvironment', 'ARM and x86 instance types', environment({ instanceTypes: types('m6g.large', 'm5.large') }), 'Env',
    'computeResources.instanceTypes must all share one CPU architecture, got ["m6g.large", "m5.large"]'],
  ['ComputeEnvironment', 'instanceTypes on Fargate', environment({ type: ComputeResourceType.FARGATE, instanceTypes: types('c5.large') }), 'Env',
    'computeResources.instanceTypes applies only to ON_DEMAND and SPOT environments (type is FARGATE), got ["c5.large"]'],
  ['ComputeEnvironment', 'minvCpus on Fargate Spot', environment({ type: ComputeResourceType.FARGATE_SPOT, minvCpus: 0 }), 'Env',
    'computeResources.minvCpus applies only to ON_DEMAND and SPOT environments (type is FARGATE_SPOT), got 0'],
  ['ComputeEnvironment', '6 security groups on Fargate', (stack) => environment({
    type: ComputeResourceType.FARGATE,
    securityGroups: Array.from({ length: 6 }, (_, i) => new ec2.SecurityGroup(stack, `Sg${i}`, { vpc: vpcOf(stack) })),
  })(stack), 'Env', 'computeResources.securityGroups must have between 1 and 5 entries, got 6'],
  ['ComputeEnvironment', 'no security group without a launch template', environment({ securityGroups: [] }), 'Env',
    'computeResources.securityGroups must have at least 1 entry, got 0'],
  ['ComputeEnvironment', 'update timeout under a minute', environment({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(30) } }), 'Env',
    'updatePolicy.jobExecutionTimeout must be between 1 minute and 6 hours, got 30 seconds'],
  ['ComputeEnvironment', 'update timeout over 360 minutes', environment({}, { updatePolicy: { jobExecutionTimeout: Duration.minutes(361) } }), 'Env',
    'updatePolicy.jobExecutionTimeout must be between 1 minute and 6 hours, got 6 hours 1 minute'],
  ['ComputeEnvironment', 'update timeout in seconds', environment({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(90) } }), 'Env',
    'updatePolicy.jobExecutionTimeout must be a whole number of minutes, got 1 minute 30 seconds'],
  ['ComputeEnvironment', 'launch template version "latest"', (stack) => environment({
    launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Lt', { launchTemplateId: 'lt-0123456789abcdef0' }), version: 'latest' },
  })(stack), 'Env', 'computeResources.launchTemplate.version must be a version number, "$Default" or "$Latest", got "latest"'],
  ['ComputeEnvironment', 'an EKS image type', environment({ imageType: ImageType.of('EKS_AL2') }), 'Env',
    'computeResources.imageType must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA), got "EKS_AL2"'],
  ['ComputeEnvironment', 'A1 with Amazon Linux 2023', environment({ imageType: ImageType.ECS_AL2023, instanceTypes: types('a1.large') }), 'Env',
    'computeResources.instanceTypes must not include A1 instance types with imageType ECS_AL2023, got ["a1.large"]'],
  ['ComputeEnvironment', 'an NVIDIA image on Graviton', environment({ imageType: ImageType.ECS_AL2_NVIDIA, instanceTypes: types('g5g.xlarge') }), 'Env',
    'computeResources.instanceTypes must be x86 instance types with imageType ECS_AL2_NVIDIA, got ["g5g.xlarge"]'],
  ['ComputeEnvironment', '51 instance tags', environment({ tags: many(51) }), 'Env', 'computeResources.tags must have at most 50 entries, got 51'],
  ['ComputeEnvironment', 'an instance role and an existing instance profile', (stack) => environment({
    instanceRole: iam.Role.fromRoleName(stack, 'Role', 'r'), instanceProfile: iam.InstanceProfile.fromInstanceProfileName(stack, 'Profile', 'p'),
  })(stack), 'Env', 'computeResources.instanceRole must not be given with computeResources.instanceProfile (Bad/Profile), got "Bad/Role"'],
  ['ComputeEnvironment', 'an instance profile name with a slash', environment({ instanceProfileName: 'batch/instances' }), 'Env',
    'computeResources.instanceProfileName must be 1-128 letters, digits and +=,.@_- characters, got "batch/instances"'],
  ['ComputeEnvironment', 'an instance profile on Fargate', (stack) => environment({
    type: ComputeResourceType.FARGATE, instanceProfile: iam.InstanceProfile.fromInstanceProfileName(stack, 'Profile', 'p'),
  })(stack), 'Env', 'computeResources.instanceProfile applies only to ON_DEMAND and SPOT environments (type is FARGATE), got "Bad/Profile"'],
  ['ComputeEnvironment', 'a key pair name from JavaScript', environment({ ec2KeyPair: 'id_rsa' as any }), 'Env',
    'computeResources.ec2KeyPair must be an ec2.IKeyPair, got "id_rsa". Import it with ec2.KeyPair.fromKeyPairName(scope, id, "id_rsa")'],
  ['ComputeEnvironment', 'a VPC ID from Python', (stack) => new ComputeEnvironment(stack, 'Env', { computeResources: { vpc: 'vpc-0123' as any } }), 'Env',
    'computeResources.vpc must be an ec2.IVpc, got "vpc-0123"'],
  ['ComputeEnvironment', 'an ARN of another resource type', (stack) => ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Imported',
    'arn:aws:batch:us-east-1:123456789012:job-queue/jobs'), '',
  'Imported: computeEnvironmentArn must be a compute environment ARN (arn:PARTITION:batch:REGION:ACCOUNT:compute-environment/NAME), got "arn:aws:batch:us-east-1:123456789012:job-queue/jobs"'],

  // JobQueue: name, priority, environments (checked at synth), time limits, events.
  ['ComputeEnvironment', 'an EKS namespace starting with kube-', eksEnvironment({}, { kubernetesNamespace: 'kube-jobs' }), 'Env',
    'eks.kubernetesNamespace must not be default or start with kube-, got "kube-jobs"'],
  ['ComputeEnvironment', 'an uppercase EKS namespace', eksEnvironment({}, { kubernetesNamespace: 'Jobs' }), 'Env',
    'eks.kubernetesNamespace must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got "Jobs"'],
  ['ComputeEnvironment', 'Fargate on EKS', eksEnvironment({ type: ComputeResourceType.FARGATE }), 'Env',
    'computeResources.type must be ON_DEMAND or SPOT for an EKS environment (eks), got "FARGATE"'],
  ['ComputeEnvironment', 'BEST_FIT on EKS', eksEnvironment({ allocationStrategy: AllocationStrategy.BEST_FIT }), 'Env',
    'computeResources.allocationStrategy must not be BEST_FIT for an EKS environment, got "BEST_FIT"'],
  ['ComputeEnvironment', 'desiredvCpus on EKS', eksEnvironment({ desiredvCpus: 8 }), 'Env',
    'computeResources.desiredvCpus must not be set for an EKS environment, got 8'],
  ['ComputeEnvironment', 'an ECS image type on EKS', eksEnvironment({ imageType: ImageType.ECS_AL2023 }), 'Env',
    'computeResources.imageType must be an EKS image type (EKS_AL2, EKS_AL2_NVIDIA, EKS_AL2023, EKS_AL2023_NVIDIA) for an EKS environment, got "ECS_AL2023"'],
  ['ComputeEnvironment', 'a Kubernetes version 1.33.1', eksEnvironment({ images: [{ imageType: ImageType.EKS_AL2023, kubernetesVersion: '1.33.1' }] }), 'Env',
    'computeResources.images[0].kubernetesVersion must be a Kubernetes version MAJOR.MINOR, e.g. "1.33", got "1.33.1"'],
  ['ComputeEnvironment', 'an EKS image type without eks', environment({ imageType: ImageType.EKS_AL2023 }), 'Env',
    'computeResources.imageType must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA), got "EKS_AL2023"'],
  ['ComputeEnvironment', 'three images', environment({ images: [{ imageType: ImageType.ECS_AL2023 }, { imageType: ImageType.ECS_AL2 }, { imageType: ImageType.ECS_AL2_NVIDIA }] }),
    'Env', 'computeResources.images must have between 1 and 2 entries, got 3'],
  ['ComputeEnvironment', 'access on an imported cluster without kubectl', eksEnvironment({}, { configureClusterAccess: true }), 'Env',
    'eks.configureClusterAccess needs a cluster the construct can apply manifests to, and the imported cluster has no kubectl role or provider, got true'],
  ['JobQueue', 'an EKS environment with an ECS one', (stack) => new JobQueue(stack, 'Queue', {
    computeEnvironments: [{ computeEnvironment: eksEnvironment()(stack), order: 1 },
      { computeEnvironment: new ComputeEnvironment(stack, 'Ecs', { computeResources: { vpc: vpcOf(stack) } }), order: 2 }],
  }), 'Queue', 'computeEnvironments must all run on Amazon EKS or all on Amazon ECS, got ["Bad/Env: EKS", "Bad/Ecs: ECS"]'],
  ['JobQueue', 'priority above 1000', queue({ priority: 1001 }), 'Queue', 'priority must be an integer between 0 and 1000, got 1001'],
  ['JobQueue', 'negative priority', queue({ priority: -1 }), 'Queue', 'priority must be an integer between 0 and 1000, got -1'],
  ['JobQueue', 'fractional priority', queue({ priority: 1.5 }), 'Queue', 'priority must be an integer between 0 and 1000, got 1.5'],
  ['JobQueue', 'name with a slash', queue({ jobQueueName: 'high/priority' }), 'Queue',
    'jobQueueName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "high/priority"'],
  ['JobQueue', 'no compute environment', (stack) => new JobQueue(stack, 'Queue'), 'Queue',
    'computeEnvironments must have between 1 and 3 entries, got 0'],
  ['JobQueue', '4 compute environments', (stack) => new JobQueue(stack, 'Queue', {
    computeEnvironments: [1, 2, 3, 4].map((order) => ({ computeEnvironment: fargateEnvironment(stack, `F${order}`), order })),
  }), 'Queue', 'computeEnvironments must have between 1 and 3 entries, got 4'],
  ['JobQueue', 'a fractional order', (stack) => new JobQueue(stack, 'Queue', {
    computeEnvironments: [{ computeEnvironment: fargateEnvironment(stack, 'F'), order: 0.5 }],
  }), 'Queue', 'order of Bad/F must be an integer, got 0.5'],
  ['JobQueue', 'EC2 and Fargate environments', (stack) => new JobQueue(stack, 'Queue', {
    computeEnvironments: [
      { computeEnvironment: environment({})(stack), order: 1 },
      { computeEnvironment: fargateEnvironment(stack, 'F'), order: 2 },
    ],
  }), 'Queue', 'computeEnvironments must be all EC2 (ON_DEMAND, SPOT) or all Fargate (FARGATE, FARGATE_SPOT), got ["Bad/Env: ON_DEMAND", "Bad/F: FARGATE"]'],
  ['JobQueue', 'a time limit under 10 minutes', queue({
    jobStateTimeLimitActions: [{ reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY, maxTime: Duration.minutes(5) }],
  }), 'Queue', 'jobStateTimeLimitActions[0].maxTime must be between 10 minutes and 1 day, got 5 minutes'],
  ['JobQueue', 'a time limit over 24 hours', queue({
    jobStateTimeLimitActions: [{ reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY, maxTime: Duration.hours(25) }],
  }), 'Queue', 'jobStateTimeLimitActions[0].maxTime must be between 10 minutes and 1 day, got 1 day 1 hour'],
  ['JobQueue', 'TERMINATE on compute environments', queue({
    jobStateTimeLimitActions: [{
      reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY, maxTime: Duration.hours(1), action: JobStateTimeLimitActionType.TERMINATE,
    }],
  }), 'Queue', 'jobStateTimeLimitActions[0].action must be CANCEL on a queue of compute environments, got "TERMINATE"'],
  ['JobQueue', 'an event rule for no status', (stack) => queue()(stack).onJobStateChange('Rule', { statuses: [] }), 'Queue',
    'statuses must have at least 1 entry, got 0'],
  ['JobQueue', 'an ARN of another resource type', (stack) => JobQueue.fromJobQueueArn(stack, 'Imported',
    'arn:aws:batch:us-east-1:123456789012:scheduling-policy/jobs'), '',
  'Imported: jobQueueArn must be a job queue ARN (arn:PARTITION:batch:REGION:ACCOUNT:job-queue/NAME), got "arn:aws:batch:us-east-1:123456789012:scheduling-policy/jobs"'],
  ['JobQueue', 'an imported name with a slash', (stack) => JobQueue.fromJobQueueName(stack, 'Imported', 'job-queue/jobs'), '',
    'Imported: jobQueueName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "job-queue/jobs"'],

  // SchedulingPolicy: reservation, decay, shares (checked at synth).
  ['SchedulingPolicy', 'computeReservation 100', policy({ computeReservation: 100 }), 'Policy',
    'computeReservation must be an integer between 0 and 99, got 100'],
  ['SchedulingPolicy', 'negative computeReservation', policy({ computeReservation: -1 }), 'Policy',
    'computeReservation must be an integer between 0 and 99, got -1'],
  ['SchedulingPolicy', 'shareDecay over a week', policy({ shareDecay: Duration.days(8) }), 'Policy',
    'shareDecay must be at most 7 days, got 8 days'],
  ['SchedulingPolicy', 'shareDecay in milliseconds', policy({ shareDecay: Duration.millis(1500) }), 'Policy',
    'shareDecay must be a whole number of seconds, got 1 second 500 millis'],
  ['SchedulingPolicy', 'weightFactor 0', policy({ shares: shares(['TeamA', 0]) }), 'Policy',
    'weightFactor of share "TeamA" must be a number between 0.0001 and 999.9999, got 0'],
  ['SchedulingPolicy', 'weightFactor 1000', policy({ shares: shares(['TeamA', 1000]) }), 'Policy',
    'weightFactor of share "TeamA" must be a number between 0.0001 and 999.9999, got 1000'],
  ['SchedulingPolicy', 'a share identifier with a hyphen', policy({ shares: shares(['team-a']) }), 'Policy',
    'shareIdentifier must be 1-255 letters and digits, optionally followed by *, got "team-a"'],
  ['SchedulingPolicy', 'a repeated share identifier', policy({ shares: shares(['TeamA'], ['TeamA']) }), 'Policy',
    'shares entries of shareIdentifier "TeamA" must be at most 1, got 2'],
  ['SchedulingPolicy', 'overlapping share prefixes', policy({ shares: shares(['Team*'], ['TeamA']) }), 'Policy',
    'shareIdentifier "Team*" must not cover another entry of shares, got ["TeamA"]'],
  ['SchedulingPolicy', 'name with a space', policy({ schedulingPolicyName: 'fair share' }), 'Policy',
    'schedulingPolicyName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "fair share"'],
  ['SchedulingPolicy', 'an ARN of another resource type', (stack) => SchedulingPolicy.fromSchedulingPolicyArn(stack, 'Imported',
    'arn:aws:batch:us-east-1:123456789012:job-queue/teams'), '',
  'Imported: schedulingPolicyArn must be a scheduling policy ARN (arn:PARTITION:batch:REGION:ACCOUNT:scheduling-policy/NAME), got "arn:aws:batch:us-east-1:123456789012:job-queue/teams"'],

  // JobDefinition: shape, retries, timeout, priority, resources on EC2 and Fargate, volumes, Linux settings, multi-node, tags.
  ['JobDefinition', 'name with a dot', definition({ jobDefinitionName: 'sleep.10' }), 'Def',
    'jobDefinitionName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "sleep.10"'],
  ['JobDefinition', 'neither container nor nodes', (stack) => new JobDefinition(stack, 'Def', {}), 'Def',
    'container and nodeProperties: exactly one must be set, got neither'],
  ['JobDefinition', 'retryAttempts 11', definition({ retryAttempts: 11 }), 'Def', 'retryAttempts must be an integer between 1 and 10, got 11'],
  ['JobDefinition', 'retryAttempts 0', definition({ retryAttempts: 0 }), 'Def', 'retryAttempts must be an integer between 1 and 10, got 0'],
  ['JobDefinition', '6 retry strategies', definition({ retryAttempts: 3, retryStrategies: Array.from({ length: 6 }, () => ({ action: RetryAction.EXIT })) }), 'Def',
    'retryStrategies must have at most 5 entries, got 6'],
  ['JobDefinition', 'a non-numeric exit code pattern', definition({ retryAttempts: 3, retryStrategies: [{ action: RetryAction.EXIT, onExitCode: 'abc' }] }), 'Def',
    'retryStrategies[0].onExitCode must be digits, optionally ending with *, got "abc"'],
  ['JobDefinition', 'retry strategies without retryAttempts', definition({ retryStrategies: [{ action: RetryAction.RETRY, onExitCode: '1' }] }), 'Def',
    'retryAttempts is required with retryStrategies, got undefined'],
  ['JobDefinition', 'timeout under 60 seconds', definition({ timeout: Duration.seconds(59) }), 'Def', 'timeout must be at least 1 minute, got 59 seconds'],
  ['JobDefinition', 'schedulingPriority 10000', definition({ schedulingPriority: 10000 }), 'Def',
    'schedulingPriority must be an integer between 0 and 9999, got 10000'],
  ['JobDefinition', 'both platforms', definition({ platformCapabilities: [PlatformCapability.EC2, PlatformCapability.FARGATE] }), 'Def',
    'platformCapabilities must have exactly one entry, got ["EC2", "FARGATE"]'],
  ['JobDefinition', 'half a vCPU on EC2', definition({}, { vcpus: 0.5 }), 'Def',
    'container.vcpus must be an integer >= 1, got 0.5. Fractional vCPUs are for Fargate only'],
  ['JobDefinition', '3 MiB on EC2', definition({}, { memory: Size.mebibytes(3) }), 'Def', 'container.memory (MiB) must be a number >= 4, got 3'],
  ['JobDefinition', '3 vCPUs on Fargate', fargateDefinition({ vcpus: 3 }), 'Def',
    'container.vcpus must be one of 0.25, 0.5, 1, 2, 4, 8, 16 on Fargate, got 3'],
  ['JobDefinition', '1 GiB with 1 vCPU on Fargate', fargateDefinition({ vcpus: 1, memory: Size.mebibytes(1024) }), 'Def',
    'container.memory must be 2048 to 8192 in steps of 1024 MiB with 1 vCPU on Fargate, got 1024 MiB'],
  ['JobDefinition', 'a GPU on Fargate', fargateDefinition({ gpuCount: 1 }), 'Def', 'container.gpuCount is not available on Fargate, got 1'],
  ['JobDefinition', '20 GiB ephemeral storage', fargateDefinition({ fargate: { ephemeralStorage: Size.gibibytes(20) } }), 'Def',
    'container.fargate.ephemeralStorage (GiB) must be an integer between 21 and 200, got 20'],
  ['JobDefinition', '201 GiB ephemeral storage', fargateDefinition({ fargate: { ephemeralStorage: Size.gibibytes(201) } }), 'Def',
    'container.fargate.ephemeralStorage (GiB) must be an integer between 21 and 200, got 201'],
  ['JobDefinition', 'privileged on Fargate', fargateDefinition({ privileged: true }), 'Def', 'container.privileged is not available on Fargate, got true'],
  ['JobDefinition', 'an image given as a string (JavaScript)', definition({}, { image: 'busybox' as any }), 'Def',
    'container.image must be an ecs.ContainerImage, got "busybox"'],
  ['JobDefinition', 'registry credentials without their secret', definition({}, { image: new CredentialsWithoutSecretImage() }), 'Def',
    'container.image binds to repositoryCredentials without a credentialsParameter, got "registry.example.com/team/app:1"'],
  ['JobDefinition', 'a log driver Fargate lacks', fargateDefinition({ logging: ecs.LogDrivers.fluentd() }), 'Def',
    'container.logging must use one of the log drivers awslogs, splunk on Fargate, got "fluentd"'],
  ['JobDefinition', 'an AWS_BATCH variable', definition({}, { environment: { AWS_BATCH_JOB_ID: 'x' } }), 'Def',
    'container.environment names must not start with AWS_BATCH, got "AWS_BATCH_JOB_ID"'],
  ['JobDefinition', 'an image name with a space', definition({}, { image: ecs.ContainerImage.fromRegistry('my image') }), 'Def',
    'container.image must be up to 255 letters, digits, hyphens, underscores, colons, periods, slashes and number signs, got "my image"'],
  ['JobDefinition', 'a fractional ulimit', definition({}, { ulimits: [{ name: ecs.UlimitName.NOFILE, softLimit: 1.5, hardLimit: 10 }] }), 'Def',
    'container.ulimits[0].softLimit must be an integer, got 1.5'],
  ['JobDefinition', 'swappiness 101', definition({}, { linuxParameters: { maxSwap: Size.mebibytes(0), swappiness: 101 } }), 'Def',
    'container.linuxParameters.swappiness must be an integer between 0 and 100, got 101'],
  ['JobDefinition', 'a mount point of no volume', definition({}, { mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }), 'Def',
    'container.mountPoints[0].sourceVolume must name a volume of this container (none declared), got "data"'],
  ['JobDefinition', 'a volume name with a space', definition({}, { volumes: [{ name: 'my data' }] }), 'Def',
    'container.volumes[0].name must be 1-255 letters, digits, hyphens and underscores, got "my data"'],
  ['JobDefinition', 'EFS IAM authorization unencrypted', (stack) => definition({}, {
    volumes: [{ name: 'data', efs: { fileSystem: new efs.FileSystem(stack, 'Fs', { vpc: vpcOf(stack) }), useJobRole: true, transitEncryption: false } }],
  })(stack), 'Def', 'container.volumes[0].efs.transitEncryption must be true with an access point or useJobRole, got false'],
  ['JobDefinition', 'EFS IAM authorization without a job role', (stack) => definition({}, {
    volumes: [{ name: 'data', efs: { fileSystem: new efs.FileSystem(stack, 'Fs', { vpc: vpcOf(stack) }), useJobRole: true } }],
  })(stack), 'Def', 'container.volumes[0].efs.useJobRole needs container.jobRole, got true'],
  ['JobDefinition', 'EFS port 70000', (stack) => definition({}, {
    volumes: [{ name: 'data', efs: { fileSystem: new efs.FileSystem(stack, 'Fs', { vpc: vpcOf(stack) }), transitEncryptionPort: 70000 } }],
  })(stack), 'Def', 'container.volumes[0].efs.transitEncryptionPort must be an integer between 0 and 65535, got 70000'],
  ['JobDefinition', 'no nodes', multiNode(0, 0, NodeRange.all()), 'Def', 'nodeProperties.numNodes must be an integer >= 1, got 0'],
  ['JobDefinition', 'a main node outside the job', multiNode(3, 3, NodeRange.all()), 'Def',
    'nodeProperties.mainNode must be less than numNodes (3), got 3'],
  ['JobDefinition', 'node ranges leaving a node out', multiNode(4, 0, NodeRange.of(0, 2)), 'Def',
    'nodeProperties.nodeRanges must together cover every node 0:3; nodes 3 have no range, got ["0:2"]'],
  ['JobDefinition', 'a negative node index', multiNode(2, 0, NodeRange.of(-1, 1)), 'Def',
    'nodeProperties.nodeRanges[0].targetNodes must use whole node indexes >= 0, got "-1:1"'],
  ['JobDefinition', 'a multi-node job on Fargate', (stack) => new JobDefinition(stack, 'Def', {
    platformCapabilities: [PlatformCapability.FARGATE],
    nodeProperties: { numNodes: 2, mainNode: 0, nodeRanges: [{ targetNodes: NodeRange.all(), container: { image } }] },
  }), 'Def', 'platformCapabilities must be [EC2] for a multi-node job (nodeProperties), got ["FARGATE"]'],
  ['JobDefinition', '51 tags', definition({ tags: many(51) }), 'Def', 'tags must have at most 50 entries, got 51'],
  ['JobDefinition', 'an aws: tag', definition({ tags: { 'aws:team': 'x' } }), 'Def', 'tags must not have keys starting with aws:, got "aws:team"'],

  // DeployTimeJob: the SubmitJob limits and the wait.
  ['JobDefinition', 'an EKS pod with 11 containers', (stack) => new JobDefinition(stack, 'Def', {
    eksPod: { containers: Array.from({ length: 11 }, (_, i) => ({ image, name: `c${i}` })) },
  }), 'Def', 'eksPod.containers must have between 1 and 10 entries, got 11'],
  ['JobDefinition', 'two unnamed EKS containers', (stack) => new JobDefinition(stack, 'Def', { eksPod: { containers: [{ image }, { image }] } }), 'Def',
    'eksPod container names must be unique in the pod, init containers included, ignoring case, got ["Default", "Default"]'],
  ['JobDefinition', '0.1 vCPU on EKS', eksDefinition({}, { resources: { limits: { cpu: 0.1 } } }), 'Def',
    'eksPod.containers[0].resources.limits.cpu must be a multiple of 0.25 vCPU, at least 0.25, got 0.1'],
  ['JobDefinition', 'EKS memory request below its limit', eksDefinition({}, { resources: { requests: { memory: Size.mebibytes(512) }, limits: { memory: Size.mebibytes(1024) } } }),
    'Def', 'eksPod.containers[0].resources.requests.memory must equal limits.memory (1024 MiB), got 512 MiB'],
  ['JobDefinition', 'EKS CPU request above its limit', eksDefinition({}, { resources: { requests: { cpu: 2 }, limits: { cpu: 1 } } }), 'Def',
    'eksPod.containers[0].resources.requests.cpu must be at most limits.cpu (1), got 2'],
  ['JobDefinition', 'an EKS GPU request other than its limit', eksDefinition({}, { resources: { requests: { gpu: 1 }, limits: { gpu: 2 } } }), 'Def',
    'eksPod.containers[0].resources.requests.gpu must equal limits.gpu (2), got 1'],
  ['JobDefinition', 'an AWS_BATCH variable on EKS', eksDefinition({}, { environment: { AWS_BATCH_X: '1' } }), 'Def',
    'eksPod.containers[0].environment names must not start with AWS_BATCH, got "AWS_BATCH_X"'],
  ['JobDefinition', 'a negative uid on EKS', eksDefinition({}, { securityContext: { runAsUser: -1 } }), 'Def',
    'eksPod.containers[0].securityContext.runAsUser must be an integer between 0 and 2147483647, got -1'],
  ['JobDefinition', 'a mount of a missing volume', eksDefinition({}, { volumeMounts: [{ name: 'data', mountPath: '/data' }] }), 'Def',
    'eksPod.containers[0].volumeMounts[0].name must name a volume of the pod, and the pod has none, got "data"'],
  ['JobDefinition', 'an EKS volume without a source', eksDefinition({ volumes: [{ name: 'data' }] }), 'Def',
    'eksPod.volumes[0] must have exactly one of emptyDir, hostPath, secret and persistentVolumeClaim, got "no source"'],
  ['JobDefinition', 'the default namespace for a pod', eksDefinition({ namespace: 'default' }), 'Def',
    'eksPod.namespace must not be default or start with kube, got "default"'],
  ['JobDefinition', 'an annotation of 256 characters', eksDefinition({ annotations: { note: 'a'.repeat(256) } }), 'Def',
    'eksPod.annotations.note must be at most 255 characters'],
  ['JobDefinition', 'a label value with a space', eksDefinition({ labels: { team: 'data eng' } }), 'Def',
    'eksPod.labels.team must be empty or at most 63 letters, digits, -, _ and . (alphanumeric at both ends), got "data eng"'],
  ['JobDefinition', 'a DNS policy from JavaScript', eksDefinition({ dnsPolicy: 'None' as EksDnsPolicy }), 'Def',
    'eksPod.dnsPolicy must be "Default", "ClusterFirst" or "ClusterFirstWithHostNet", got "None"'],
  ['JobDefinition', 'platformCapabilities on EKS', eksDefinition({}, {}, { platformCapabilities: [PlatformCapability.EC2] }), 'Def',
    'platformCapabilities must not be set for a job on Amazon EKS (eksPod), got ["EC2"]'],
  ['JobDefinition', 'six EKS node ranges', (stack) => new JobDefinition(stack, 'Def', {
    nodeProperties: {
      numNodes: 6,
      mainNode: 0,
      nodeRanges: Array.from({ length: 6 }, (_, i) => ({ targetNodes: NodeRange.of(i, i), eksPod: { containers: [{ image }] } })),
    },
  }), 'Def', 'nodeProperties.nodeRanges must have at most 5 entries for a job on Amazon EKS, got 6'],
  ['JobDefinition', 'two namespaces in EKS node ranges', (stack) => new JobDefinition(stack, 'Def', {
    nodeProperties: {
      numNodes: 2,
      mainNode: 0,
      nodeRanges: [{ targetNodes: NodeRange.of(0, 0), eksPod: { containers: [{ image }], namespace: 'a' } },
        { targetNodes: NodeRange.from(1), eksPod: { containers: [{ image }], namespace: 'b' } }],
    },
  }), 'Def', 'nodeProperties.nodeRanges[].eksPod.namespace must be the same in every node range, got ["a", "b"]'],
  ['DeployTimeJob', 'jobName with a space', deployTimeJob({ jobName: 'db migrate' }), 'Job',
    'jobName must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "db migrate"'],
  ['DeployTimeJob', 'jobName of 101 characters', deployTimeJob({ jobName: 'j'.repeat(101) }), 'Job',
    `jobName must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "${'j'.repeat(101)}"`],
  ['DeployTimeJob', 'arraySize 1', deployTimeJob({ arraySize: 1 }), 'Job', 'arraySize must be an integer between 2 and 10000, got 1'],
  ['DeployTimeJob', 'arraySize 10001', deployTimeJob({ arraySize: 10_001 }), 'Job', 'arraySize must be an integer between 2 and 10000, got 10001'],
  ['DeployTimeJob', 'retryAttempts 11', deployTimeJob({ retryAttempts: 11 }), 'Job', 'retryAttempts must be an integer between 1 and 10, got 11'],
  ['DeployTimeJob', 'timeout 30 seconds', deployTimeJob({ timeout: Duration.seconds(30) }), 'Job', 'timeout must be at least 1 minute, got 30 seconds'],
  ['DeployTimeJob', 'schedulingPriority 10000', deployTimeJob({ schedulingPriority: 10_000 }), 'Job',
    'schedulingPriority must be an integer between 0 and 9999, got 10000'],
  ['DeployTimeJob', 'a share identifier with a hyphen', deployTimeJob({ shareIdentifier: 'team-a' }), 'Job',
    'shareIdentifier must be 1-255 letters and digits, optionally followed by *, got "team-a"'],
  ['DeployTimeJob', 'completionTimeout of 2 hours', deployTimeJob({ completionTimeout: Duration.hours(2) }), 'Job',
    'completionTimeout must be at most 1 hour, got 2 hours'],
  ['DeployTimeJob', 'a queue ARN string from JavaScript', deployTimeJob({ jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/q' as any }), 'Job',
    'jobQueue must be a batch.IJobQueue, got "arn:aws:batch:us-east-1:123456789012:job-queue/q". Import an existing queue with JobQueue.fromJobQueueArn'],
  ['DeployTimeJob', '0.3 vCPUs', deployTimeJob({ containerOverrides: { vcpus: 0.3 } }), 'Job',
    'containerOverrides.vcpus must be a whole number >= 1, or 0.25 or 0.5 (Fargate), got 0.3'],
  ['DeployTimeJob', '2 MiB of memory', deployTimeJob({ containerOverrides: { memory: Size.mebibytes(2) } }), 'Job',
    'containerOverrides.memory must be a whole number of MiB >= 4, got 2 MiB'],
  ['DeployTimeJob', '50 tags', deployTimeJob({ tags: many(50) }), 'Job', 'tags must have at most 49 entries, got 50'],
  ['DeployTimeJob', '21 dependencies', (stack) => {
    const jobs = Array.from({ length: 21 }, (_, i) => deployTimeJob({})(new Stack(stack, `Dep${i}`)) as DeployTimeJob);
    return deployTimeJob({ dependsOn: jobs.map((job) => ({ job })) })(stack);
  }, 'Job', 'dependsOn must have at most 20 entries, got 21'],
  ['DeployTimeJob', 'sequential children without an array', deployTimeJob({ sequentialArrayChildren: true }), 'Job',
    'sequentialArrayChildren needs arraySize, got true'],
  ['DeployTimeJob', 'an EKS override of 0.1 vCPU', deployTimeJob({ eksPropertiesOverride: { containers: [{ resources: { limits: { cpu: 0.1 } } }] } }), 'Job',
    'eksPropertiesOverride.containers[0].resources.limits.cpu must be a multiple of 0.25 vCPU, at least 0.25, got 0.1'],
  ['DeployTimeJob', 'two unnamed EKS container overrides', deployTimeJob({ eksPropertiesOverride: { containers: [{ args: ['a'] }, { args: ['b'] }] } }), 'Job',
    'eksPropertiesOverride.containers must each name their container when there are several'],
  ['DeployTimeJob', 'a node range written with a hyphen', deployTimeJob({
    nodeOverrides: { numNodes: 4, nodePropertyOverrides: [{ targetNodes: '1-3', containerOverrides: {} }] },
  }), 'Job', 'nodeOverrides.nodePropertyOverrides[0].targetNodes must be a node range "start:end"'],
  // Multi-container ECS jobs, ECS Exec, Windows, S3 Files, consumable resources, launch template overrides, scale-down delay.
  ['JobDefinition', 'a task of 11 containers', taskDefinition({ containers: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image })) }), 'Def',
    'ecsTask.containers must have between 1 and 10 entries, got 11'],
  ['JobDefinition', 'a task with no essential container', taskDefinition({ containers: [{ name: 'main', image, essential: false }] }), 'Def',
    'ecsTask.containers[].essential must be true (or omitted) for at least one container, got false'],
  ['JobDefinition', 'two task containers of one name', taskDefinition({ containers: [{ name: 'main', image }, { name: 'main', image }] }), 'Def',
    'ecsTask.containers must not repeat a container name, got "main"'],
  ['JobDefinition', 'a dependency on a missing container', taskDefinition({
    containers: [{ name: 'main', image, dependsOn: [{ containerName: 'proxy', condition: TaskContainerDependencyCondition.START }] }],
  }), 'Def', 'ecsTask.containers[0].dependsOn[0].containerName must name another container of the task (there is none), got "proxy"'],
  ['JobDefinition', 'SUCCESS of an essential container', taskDefinition({
    containers: [{ name: 'main', image, dependsOn: [{ containerName: 'init', condition: TaskContainerDependencyCondition.SUCCESS }] }, { name: 'init', image }],
  }), 'Def', 'ecsTask.containers[0].dependsOn[0].condition must be START when it waits for the essential container "init", got "SUCCESS"'],
  ['JobDefinition', 'a dependency cycle', taskDefinition({
    containers: [
      { name: 'a', image, dependsOn: [{ containerName: 'b', condition: TaskContainerDependencyCondition.START }] },
      { name: 'b', image, dependsOn: [{ containerName: 'a', condition: TaskContainerDependencyCondition.START }] },
    ],
  }), 'Def', 'ecsTask.containers[].dependsOn must not form a cycle, got "a -> b -> a"'],
  ['JobDefinition', 'a stop timeout of 121 seconds on Fargate', taskDefinition({ containers: [{ name: 'main', image, stopTimeout: Duration.seconds(121) }] },
    { platformCapabilities: [PlatformCapability.FARGATE] }), 'Def', 'ecsTask.containers[0].stopTimeout must be between 2 seconds and 2 minutes, got 2 minutes 1 second'],
  ['JobDefinition', 'ipcMode on Fargate', taskDefinition({ ipcMode: ecs.IpcMode.HOST }, { platformCapabilities: [PlatformCapability.FARGATE] }), 'Def',
    'ecsTask.ipcMode is not available on Fargate, got "host"'],
  ['JobDefinition', 'a task container on Fargate with a GPU', taskDefinition({ containers: [{ name: 'main', image, gpuCount: 1 }] },
    { platformCapabilities: [PlatformCapability.FARGATE] }), 'Def', 'ecsTask.containers[0].gpuCount is not available on Fargate, got 1'],
  ['JobDefinition', 'awsfirelens without a log router', taskDefinition({ containers: [{ name: 'main', image, logging: ecs.LogDrivers.firelens({}) }] }), 'Def',
    'ecsTask.containers[0].logging needs a FireLens log router in the task, got "awsfirelens"'],
  ['JobDefinition', 'a mount point of no task volume', taskDefinition({ containers: [{ name: 'main', image, mountPoints: [{ sourceVolume: 'x', containerPath: '/x' }] }] }),
    'Def', 'ecsTask.containers[0].mountPoints[0].sourceVolume must name a volume of this task (none declared), got "x"'],
  ['JobDefinition', 'both container and ecsTask', (stack) => new JobDefinition(stack, 'Def', { container: { image }, ecsTask: { containers: [{ name: 'main', image }] } }),
    'Def', 'container, ecsTask, eksPod and nodeProperties: exactly one must be set, got container and ecsTask'],
  ['JobDefinition', 'a node range with neither container nor ecsTask', definition({ nodeProperties: { numNodes: 1, mainNode: 0, nodeRanges: [{ targetNodes: NodeRange.all() }] } }),
    'Def', 'nodeProperties.nodeRanges[0] must have exactly one of container, ecsTask and eksPod, got "neither"'],
  ['JobDefinition', 'ECS Exec without a job role', definition({}, { enableExecuteCommand: true }), 'Def',
    'container.jobRole is required with container.enableExecuteCommand, got undefined'],
  ['JobDefinition', 'ECS Exec on platform 1.3.0', (stack) => new JobDefinition(stack, 'Def', {
    platformCapabilities: [PlatformCapability.FARGATE],
    ecsTask: {
      enableExecuteCommand: true,
      taskRole: iam.Role.fromRoleName(stack, 'Role', 'job'),
      fargate: { platformVersion: ecs.FargatePlatformVersion.VERSION1_3 },
      containers: [{ name: 'main', image }],
    },
  }), 'Def', 'ecsTask.fargate.platformVersion must be 1.4.0 or later with ecsTask.enableExecuteCommand, got "1.3.0"'],
  ['JobDefinition', 'Windows on ARM', fargateDefinition({
    fargate: {
      operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
    },
  }), 'Def', 'container.fargate.cpuArchitecture must be X86_64 with WINDOWS_SERVER_2022_CORE, got "ARM64"'],
  ['JobDefinition', 'Windows with 0.5 vCPU', fargateDefinition({
    vcpus: 0.5,
    memory: Size.gibibytes(1),
    fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2019_CORE },
  }), 'Def',
  'container.vcpus must be 1, 2 or 4 for Windows on Fargate (WINDOWS_SERVER_2019_CORE), got 0.5'],
  ['JobDefinition', 'Windows with a user', fargateDefinition({ user: 'app', fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2019_FULL } }), 'Def',
    'container.user is not available for Windows containers (WINDOWS_SERVER_2019_FULL), got "app"'],
  ['JobDefinition', 'an S3 Files volume with an EFS id', definition({}, { volumes: [{ name: 'o', s3Files: { fileSystemArn: 'fs-1' } }] }), 'Def',
    'container.volumes[0].s3Files.fileSystemArn must be an S3 Files file system ARN (arn:PARTITION:s3files:REGION:ACCOUNT:file-system/ID), got "fs-1"'],
  ['JobDefinition', 'an S3 Files volume without a job role', definition({}, {
    volumes: [{ name: 'o', s3Files: { fileSystemArn: 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-1' } }],
  }), 'Def', 'container.jobRole is required with an S3 Files volume (container.volumes[0].s3Files), got undefined'],
  ['JobDefinition', 'six consumable resources', (stack) => definition({
    consumableResources: ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => ({
      resource: ConsumableResource.fromConsumableResourceArn(stack, n, `arn:aws:batch:us-east-1:123456789012:consumable-resource/${n}`), quantity: 1,
    })),
  })(stack), 'Def', 'consumableResources must have at most 5 entries, got 6'],
  ['JobDefinition', 'more units than a replenishable pool', (stack) => definition({
    consumableResources: [{ resource: pool()(stack) as ConsumableResource, quantity: 5 }],
  })(stack), 'Def', 'consumableResources[0].quantity must be at most the totalQuantity of Bad/Pool (4), got 5'],
  ['ConsumableResource', 'a negative total quantity', pool({ totalQuantity: -1 }), 'Pool', 'totalQuantity must be an integer >= 0, got -1'],
  ['ConsumableResource', 'a fractional total quantity', pool({ totalQuantity: 2.5 }), 'Pool', 'totalQuantity must be an integer >= 0, got 2.5'],
  ['ConsumableResource', 'a tag key starting with aws:', pool({ tags: { 'aws:x': 'y' } }), 'Pool', 'tags must not have keys starting with aws:, got "aws:x"'],
  ['ConsumableResource', 'an import of a job queue ARN', (stack) => ConsumableResource.fromConsumableResourceArn(stack, 'Pool',
    'arn:aws:batch:us-east-1:123456789012:job-queue/x'), '', 'Pool: consumableResourceArn must be a consumable resource ARN'],
  ['ComputeEnvironment', 'a scale-down delay of 10 minutes', environment({ scaleDownDelay: Duration.minutes(10) }), 'Env',
    'computeResources.scaleDownDelay must be 0 (off) or between 20 minutes and 7 days, got 10 minutes'],
  ['ComputeEnvironment', 'a scale-down delay of 90 seconds', environment({ scaleDownDelay: Duration.seconds(90) }), 'Env',
    'computeResources.scaleDownDelay must be a whole number of minutes, got 1 minute 30 seconds'],
  ['ComputeEnvironment', 'a scale-down delay on Fargate', environment({ type: ComputeResourceType.FARGATE, scaleDownDelay: Duration.minutes(30) }), 'Env',
    'computeResources.scaleDownDelay applies only to ON_DEMAND and SPOT environments, got 30 minutes'],
  ['ComputeEnvironment', 'an override outside the instance types', (stack) => environment({
    instanceTypes: types('m5'),
    launchTemplate: { launchTemplate: template(stack), overrides: [{ launchTemplate: template(stack), targetInstanceTypes: types('c5.large') }] },
  })(stack), 'Env', 'computeResources.launchTemplate.overrides[0].targetInstanceTypes must be within computeResources.instanceTypes (m5), got ["c5.large"]'],
  ['ComputeEnvironment', 'overlapping overrides', (stack) => environment({
    instanceTypes: types('m5'),
    launchTemplate: {
      launchTemplate: template(stack),
      overrides: [{ launchTemplate: template(stack), targetInstanceTypes: types('m5') }, { launchTemplate: template(stack), targetInstanceTypes: types('m5.large') }],
    },
  })(stack), 'Env', 'computeResources.launchTemplate.overrides[1].targetInstanceTypes must not overlap "m5" (in overrides[0]), got "m5.large"'],
  ['ComputeEnvironment', 'eleven overrides', (stack) => environment({
    instanceTypes: types('m5'),
    launchTemplate: {
      launchTemplate: template(stack),
      overrides: Array.from({ length: 11 }, (_, i) => ({ launchTemplate: template(stack), targetInstanceTypes: types(`m5.${i + 1}xlarge`) })),
    },
  })(stack), 'Env', 'computeResources.launchTemplate.overrides must have at most 10 entries, got 11'],
  ['ComputeEnvironment', 'an override of optimal', (stack) => environment({
    instanceTypes: types('optimal'),
    launchTemplate: { launchTemplate: template(stack), overrides: [{ launchTemplate: template(stack), targetInstanceTypes: types('optimal') }] },
  })(stack), 'Env', 'computeResources.launchTemplate.overrides[0].targetInstanceTypes must name EC2 instance types or families, got "optimal"'],
  ['DeployTimeJob', 'a task override of a container the task does not have', (stack) => deployTimeJob({
    jobDefinition: new JobDefinition(stack, 'TaskDef', { ecsTask: { containers: [{ name: 'main', image }] } }),
    ecsPropertiesOverride: { containers: [{ name: 'worker' }] },
  })(stack), 'Job', 'ecsPropertiesOverride.containers[0].name must name a container of the job definition\'s task ("main"), got "worker"'],
  ['DeployTimeJob', 'an empty task override', deployTimeJob({ ecsPropertiesOverride: { containers: [] } }), 'Job',
    'ecsPropertiesOverride.containers must have at least 1 entry, got 0'],
  ['DeployTimeJob', 'a consumable resource quantity of 1.5', (stack) => deployTimeJob({
    consumableResourcePropertiesOverride: [{ resource: pool()(stack) as ConsumableResource, quantity: 1.5 }],
  })(stack), 'Job', 'consumableResourcePropertiesOverride[0].quantity must be a whole number, got 1.5'],
  // ServiceEnvironment, QuotaShare and SageMaker training queues.
  ['ServiceEnvironment', 'a name with a space', (stack) => trainingEnvironment(stack, { serviceEnvironmentName: 'ml training' }), 'Training',
    'serviceEnvironmentName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "ml training"'],
  ['ServiceEnvironment', 'no capacity limit', (stack) => trainingEnvironment(stack, { capacityLimits: [] }), 'Training',
    'capacityLimits must have at least 1 entry, got 0'],
  ['ServiceEnvironment', 'a fractional maxCapacity', (stack) => trainingEnvironment(stack, { capacityLimits: [{ maxCapacity: 2.5 }] }), 'Training',
    'capacityLimits[0].maxCapacity must be an integer, got 2.5'],
  ['ServiceEnvironment', 'NUM_INSTANCES with an instance type', (stack) => trainingEnvironment(stack, {
    capacityLimits: [{ maxCapacity: 2 }, { maxCapacity: 2, capacityUnit: G5 }],
  }), 'Training', 'capacityLimits must all count NUM_INSTANCES or all count instance types, got ["NUM_INSTANCES", "ml.g5.xlarge"]'],
  ['ServiceEnvironment', '51 tags', (stack) => trainingEnvironment(stack, { tags: many(51) }), 'Training', 'tags must have at most 50 entries, got 51'],
  ['ServiceEnvironment', 'a job queue ARN imported as one', (stack) => ServiceEnvironment.fromServiceEnvironmentArn(stack, 'Imported',
    'arn:aws:batch:us-east-1:123456789012:job-queue/q'), '', 'Imported: serviceEnvironmentArn must be a service environment ARN'],
  ['QuotaShare', '6 capacity limits', (stack) => quotaShare(stack, {
    capacityLimits: ['m5.large', 'm5.xlarge', 'g5.xlarge', 'g5.2xlarge', 'p4d.24xlarge', 'c5.xlarge']
      .map((type) => ({ capacityUnit: CapacityUnit.instanceType(`ml.${type}`), maxCapacity: 1 })),
  }), 'TeamA', 'capacityLimits must have between 1 and 5 entries, got 6'],
  ['QuotaShare', 'maxCapacity 0', (stack) => quotaShare(stack, { capacityLimits: [{ capacityUnit: G5, maxCapacity: 0 }] }), 'TeamA',
    'capacityLimits[0].maxCapacity must be an integer >= 1, got 0'],
  ['QuotaShare', 'NUM_INSTANCES', (stack) => quotaShare(stack, { capacityLimits: [{ capacityUnit: CapacityUnit.NUM_INSTANCES, maxCapacity: 1 }] }), 'TeamA',
    'capacityLimits[0].capacityUnit must be a SageMaker instance type, not NUM_INSTANCES, got "NUM_INSTANCES"'],
  ['QuotaShare', 'borrowLimit -2', (stack) => quotaShare(stack, {
    resourceSharingConfiguration: { strategy: ResourceSharingStrategy.LEND_AND_BORROW, borrowLimit: -2 },
  }), 'TeamA', 'resourceSharingConfiguration.borrowLimit must be an integer >= -1, got -2'],
  ['QuotaShare', 'a name with a dot', (stack) => quotaShare(stack, { quotaShareName: 'team.a' }), 'TeamA',
    'quotaShareName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "team.a"'],
  ['QuotaShare', 'the 21st share of a queue', (stack) => {
    const jobQueue = quotaQueue(stack);
    for (let i = 1; i <= 20; i++) quotaShare(stack, { jobQueue }, `Team${i}`);
    return quotaShare(stack, { jobQueue });
  }, 'TeamA', 'jobQueue (Bad/TrainingQueue) must have at most 20 quota shares, got 21'],
  ['QuotaShare', 'a queue without a quota-share policy', (stack) => quotaShare(stack, { jobQueue: trainingQueue(false)(stack) }), 'TeamA',
    'jobQueue must have a quota-share scheduling policy, got "Bad/TrainingQueue"'],
  ['QuotaShare', 'a job queue ARN imported as a quota share', (stack) => QuotaShare.fromQuotaShareArn(stack, 'Imported',
    'arn:aws:batch:us-east-1:123456789012:job-queue/q'), '', 'Imported: quotaShareArn must be a quota share ARN'],
  ['JobQueue', 'service and compute environments', (stack) => {
    const jobQueue = trainingQueue(false)(stack);
    jobQueue.addComputeEnvironment(fargateEnvironment(stack, 'Fargate'), 1);
    return jobQueue;
  }, 'TrainingQueue', 'serviceEnvironments must not be combined with computeEnvironments (got 1), got ["Bad/Training"]'],
  ['JobQueue', 'two service environments', (stack) => {
    const jobQueue = trainingQueue(false)(stack);
    jobQueue.addServiceEnvironment(trainingEnvironment(stack, {}, 'Second'), 2);
    return jobQueue;
  }, 'TrainingQueue', 'serviceEnvironments must have at most 1 entry, got 2'],
  ['JobQueue', 'CANCEL on a SageMaker queue', trainingQueue(false, {
    jobStateTimeLimitActions: [{
      reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY, maxTime: Duration.hours(1), action: JobStateTimeLimitActionType.CANCEL,
    }],
  }), 'TrainingQueue', 'jobStateTimeLimitActions[0].action must be TERMINATE on a queue of service environments, got "CANCEL"'],
  ['JobQueue', 'a quota-share policy on compute environments', (stack) => queue({
    schedulingPolicy: new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} }),
  })(stack), 'Queue',
  'schedulingPolicy must be a fair-share policy on a queue of compute environments (this one is quota-share), got "Bad/Quotas"'],
  ['JobQueue', 'a quota-share policy on NUM_INSTANCES', trainingQueue(true, {}, false), 'TrainingQueue',
    'serviceEnvironments must count instance types (e.g. CapacityUnit.instanceType(\'ml.m5.large\')) with a quota-share policy, not NUM_INSTANCES'],
  ['JobQueue', 'a quota-management service environment of two queues', (stack) => {
    const first = quotaQueue(stack);
    return new JobQueue(stack, 'Second', { serviceEnvironments: first.serviceEnvironments, schedulingPolicy: first.schedulingPolicy });
  }, 'TrainingQueue', 'serviceEnvironments must belong to this queue only (also listed by "Bad/Second"), got "Bad/Training"'],
  ['DeployTimeJob', 'neither a job definition nor a training job', (stack) => new DeployTimeJob(stack, 'Job', {
    jobQueue: JobQueue.fromJobQueueArn(stack, 'Queue', 'arn:aws:batch:us-east-1:123456789012:job-queue/jobs'),
  }), 'Job', 'jobDefinition must be given, or trainingJob instead: exactly one of them, got "neither jobDefinition nor trainingJob"'],
  ['DeployTimeJob', 'a training job on an EC2 instance type', trainingDeployTimeJob({ instanceType: 'm5.large' }), 'Job',
    'trainingJob.instanceType must be a SageMaker instance type such as "ml.m5.large", got "m5.large"'],
  ['DeployTimeJob', 'a training job without image or algorithm', trainingDeployTimeJob({ trainingImage: undefined }), 'Job',
    'trainingJob must name exactly one of trainingImage and algorithmName, got "neither trainingImage nor algorithmName"'],
  ['DeployTimeJob', 'a training job writing to a bucket name', trainingDeployTimeJob({ outputPath: 'models' }), 'Job',
    'trainingJob.outputPath must be an s3:// URI such as "s3://bucket/models", got "models"'],
  ['DeployTimeJob', 'a training payload over 10 KiB', trainingDeployTimeJob({ environment: { BIG: 'x'.repeat(11_000) } }), 'Job',
    'trainingJob must render at most 10240 bytes (10 KiB) of CreateTrainingJob JSON'],
  ['DeployTimeJob', 'a training job with container overrides', trainingDeployTimeJob({}, { containerOverrides: { command: ['x'] } }), 'Job',
    'containerOverrides applies only to container jobs (jobDefinition), not to a trainingJob, got ["command"]'],
  ['DeployTimeJob', 'a training job without the quota share of its queue', (stack) => new DeployTimeJob(stack, 'Job', {
    jobQueue: quotaQueue(stack),
    trainingJob: { role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/Exec'), trainingImage: 'img', instanceType: 'ml.g5.xlarge', outputPath: 's3://b/o' },
  }), 'Job', 'quotaShare must be set: the job queue Bad/TrainingQueue has a quota-share scheduling policy, got undefined'],
  ['DeployTimeJob', 'a container job on a SageMaker queue', (stack) => new DeployTimeJob(stack, 'Job', {
    jobQueue: trainingQueue(false)(stack), jobDefinition: JobDefinition.fromJobDefinitionName(stack, 'Def', 'migrate'),
  }), 'Job', 'jobQueue must be a queue of compute environments for a jobDefinition (this one orders service environments), got "Bad/TrainingQueue"'],
  ['SchedulingPolicy', 'a quota-share policy with a compute reservation', policy({ quotaSharePolicy: {}, computeReservation: 10 }), 'Policy',
    'computeReservation applies only to a fair-share policy (this one has quotaSharePolicy), got 10'],
  ['SchedulingPolicy', 'a share added to a quota-share policy', (stack) => policy({ quotaSharePolicy: {} })(stack).addShare({ shareIdentifier: 'A' }),
    'Policy', 'addShare applies only to a fair-share policy (this one has quotaSharePolicy), got ["A"]'],
];

describe('invalid configurations fail at synth with the property, the value and what is allowed', () => {
  test('the table covers every construct with at least 60 cases', () => {
    expect(INVALID.length).toBeGreaterThanOrEqual(60);
    expect(new Set(INVALID.map(([construct]) => construct))).toEqual(new Set([
      'ComputeEnvironment', 'JobQueue', 'SchedulingPolicy', 'JobDefinition', 'DeployTimeJob', 'ServiceEnvironment', 'QuotaShare', 'ConsumableResource',
    ]));
  });

  test.each(INVALID)('%s: %s', (_construct, _setting, build, path, fragment) => {
    const app = validatingApp();
    const stack = new Stack(app, 'Bad', { env: TEST_ENV });
    let message = '';
    try {
      build(stack);
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(path ? `[Bad/${path}]` : '[Bad]');
    expect(message).toContain(fragment);
  });
});

/** A number that is only known at deploy time. */
const numberParameter = (stack: Stack, id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
const stringParameter = (stack: Stack, id: string) => new CfnParameter(stack, id).valueAsString;
/** A value known only when synth resolves it (after the constructor's checks). */
const lateNumber = (value: number) => Lazy.number({ produce: () => value });

/** [construct, setting given as a token, build]: the check is skipped and synth succeeds. */
const TOKENS: Array<[string, string, Build]> = [
  ['ComputeEnvironment', 'computeEnvironmentName', (stack) => environment({}, { computeEnvironmentName: stringParameter(stack, 'Name') })(stack)],
  ['ComputeEnvironment', 'minvCpus, desiredvCpus and maxvCpus', (stack) => environment({
    minvCpus: numberParameter(stack, 'Min'), desiredvCpus: numberParameter(stack, 'Desired'), maxvCpus: numberParameter(stack, 'Max'),
  })(stack)],
  ['ComputeEnvironment', 'bidPercentage', (stack) => environment({ type: ComputeResourceType.SPOT, bidPercentage: numberParameter(stack, 'Bid') })(stack)],
  ['ComputeEnvironment', 'instanceProfileName', (stack) => environment({ instanceProfileName: stringParameter(stack, 'Profile') })(stack)],
  ['ComputeEnvironment', 'jobExecutionTimeout', (stack) => environment({}, {
    updatePolicy: { jobExecutionTimeout: Duration.minutes(numberParameter(stack, 'Minutes')) },
  })(stack)],
  ['JobQueue', 'priority', (stack) => queue({ priority: numberParameter(stack, 'Priority') })(stack)],
  ['JobQueue', 'jobQueueName', (stack) => queue({ jobQueueName: stringParameter(stack, 'Name') })(stack)],
  ['JobQueue', 'imported ARN and name', (stack) => {
    JobQueue.fromJobQueueName(stack, 'ByName', stringParameter(stack, 'QueueName'));
    JobQueue.fromJobQueueArn(stack, 'ByArn', stringParameter(stack, 'QueueArn'));
    return queue()(stack);
  }],
  ['JobQueue', 'order', (stack) => new JobQueue(stack, 'Queue', {
    computeEnvironments: [{ computeEnvironment: fargateEnvironment(stack, 'F'), order: numberParameter(stack, 'Order') }],
  })],
  ['SchedulingPolicy', 'computeReservation', (stack) => policy({ computeReservation: numberParameter(stack, 'Reservation') })(stack)],
  ['SchedulingPolicy', 'weightFactor and shareIdentifier', (stack) => policy({
    shares: [{ shareIdentifier: stringParameter(stack, 'Share'), weightFactor: numberParameter(stack, 'Weight') }],
  })(stack)],
  ['SchedulingPolicy', 'shareDecay', (stack) => policy({ shareDecay: Duration.seconds(numberParameter(stack, 'Decay')) })(stack)],
  ['SchedulingPolicy', 'imported ARN', (stack) => queue({
    schedulingPolicy: SchedulingPolicy.fromSchedulingPolicyArn(stack, 'Imported', stringParameter(stack, 'PolicyArn')),
  })(stack)],
  ['JobDefinition', 'jobDefinitionName', (stack) => definition({ jobDefinitionName: stringParameter(stack, 'Name') })(stack)],
  ['JobDefinition', 'retryAttempts and schedulingPriority', (stack) => definition({
    retryAttempts: numberParameter(stack, 'Attempts'), schedulingPriority: numberParameter(stack, 'Priority'),
  })(stack)],
  ['JobDefinition', 'timeout', (stack) => definition({ timeout: Duration.seconds(numberParameter(stack, 'Timeout')) })(stack)],
  ['JobDefinition', 'vcpus and memory on EC2', (stack) => definition({}, {
    vcpus: numberParameter(stack, 'Vcpus'), memory: Size.mebibytes(numberParameter(stack, 'Memory')),
  })(stack)],
  ['JobDefinition', 'vcpus on Fargate (a Lazy value)', fargateDefinition({ vcpus: lateNumber(0.25) })],
  ['JobDefinition', 'numNodes and mainNode', (stack) => definition({
    nodeProperties: {
      numNodes: numberParameter(stack, 'Nodes'),
      mainNode: numberParameter(stack, 'Main'),
      nodeRanges: [{ targetNodes: NodeRange.all(), container: { image } }],
    },
  })(stack)],
  ['ComputeEnvironment', 'EKS namespace and Kubernetes version', (stack) => eksEnvironment({
    images: [{ imageType: ImageType.EKS_AL2023, kubernetesVersion: stringParameter(stack, 'Version') }],
  }, { kubernetesNamespace: stringParameter(stack, 'Namespace') })(stack)],
  ['JobDefinition', 'EKS quantities, ids, names and metadata', (stack) => eksDefinition({
    namespace: stringParameter(stack, 'Namespace'),
    serviceAccount: stringParameter(stack, 'Account'),
    labels: { team: stringParameter(stack, 'Team') },
    volumes: [{ name: stringParameter(stack, 'Volume'), secret: { secretName: stringParameter(stack, 'SecretName') } }],
  }, {
    name: stringParameter(stack, 'ContainerName'),
    resources: {
      requests: { cpu: numberParameter(stack, 'Cpu'), memory: Size.mebibytes(numberParameter(stack, 'Memory')), gpu: numberParameter(stack, 'Gpu') },
      limits: { cpu: 1, memory: Size.mebibytes(1024), gpu: 1 },
    },
    securityContext: { runAsUser: numberParameter(stack, 'Uid') },
  })(stack)],
  ['DeployTimeJob', 'jobName', (stack) => deployTimeJob({ jobName: stringParameter(stack, 'Name') })(stack)],
  ['DeployTimeJob', 'arraySize and retryAttempts', (stack) => deployTimeJob({
    arraySize: numberParameter(stack, 'Size'), retryAttempts: numberParameter(stack, 'Attempts'),
  })(stack)],
  ['DeployTimeJob', 'container overrides', (stack) => deployTimeJob({
    containerOverrides: { vcpus: numberParameter(stack, 'Vcpus'), memory: Size.mebibytes(numberParameter(stack, 'Memory')) },
  })(stack)],
  ['DeployTimeJob', 'EKS override quantities and namespace', (stack) => deployTimeJob({
    eksPropertiesOverride: {
      containers: [{ resources: { requests: { cpu: numberParameter(stack, 'Cpu') }, limits: { cpu: 1, memory: Size.mebibytes(numberParameter(stack, 'Mib')) } } }],
      namespace: stringParameter(stack, 'Namespace'),
    },
  })(stack)],
  ['DeployTimeJob', 'completionTimeout', (stack) => deployTimeJob({ completionTimeout: Duration.seconds(numberParameter(stack, 'Wait')) })(stack)],
  ['ConsumableResource', 'totalQuantity', (stack) => pool({ totalQuantity: numberParameter(stack, 'Total') })(stack)],
  ['JobDefinition', 'consumable resource quantity', (stack) => definition({
    consumableResources: [{ resource: pool()(stack) as ConsumableResource, quantity: numberParameter(stack, 'Quantity') }],
  })(stack)],
  ['JobDefinition', 'task container names, vCPUs and stop timeouts on Fargate', (stack) => taskDefinition({
    containers: [{ name: stringParameter(stack, 'Name'), image, vcpus: numberParameter(stack, 'Vcpus'), stopTimeout: Duration.seconds(numberParameter(stack, 'Stop')) }],
  }, { platformCapabilities: [PlatformCapability.FARGATE] })(stack)],
  ['JobDefinition', 'an S3 Files file system ARN', (stack) => definition({}, {
    jobRole: iam.Role.fromRoleName(stack, 'Role', 'job'), volumes: [{ name: 'o', s3Files: { fileSystemArn: stringParameter(stack, 'Fs') } }],
  })(stack)],
  ['JobDefinition', 'the operating system family', fargateDefinition({ fargate: { operatingSystemFamily: ecs.OperatingSystemFamily.of(Lazy.string({ produce: () => 'WINDOWS_SERVER_2022_CORE' })) } })],
  ['ComputeEnvironment', 'scaleDownDelay', (stack) => environment({ scaleDownDelay: Duration.minutes(numberParameter(stack, 'Delay')) })(stack)],
  ['ComputeEnvironment', 'override target types', (stack) => environment({
    instanceTypes: types('m5'),
    launchTemplate: { launchTemplate: template(stack), overrides: [{ launchTemplate: template(stack), targetInstanceTypes: [new ec2.InstanceType(stringParameter(stack, 'Target'))] }] },
  })(stack)],
  ['DeployTimeJob', 'task override vCPUs and consumable quantity', (stack) => deployTimeJob({
    ecsPropertiesOverride: { containers: [{ name: stringParameter(stack, 'Container'), vcpus: numberParameter(stack, 'Vcpus') }] },
    consumableResourcePropertiesOverride: [{ resource: pool()(stack) as ConsumableResource, quantity: numberParameter(stack, 'Quantity') }],
  })(stack)],
  ['ServiceEnvironment', 'serviceEnvironmentName, maxCapacity and capacityUnit', (stack) => trainingEnvironment(stack, {
    serviceEnvironmentName: stringParameter(stack, 'Name'),
    capacityLimits: [{ maxCapacity: numberParameter(stack, 'Max'), capacityUnit: CapacityUnit.of(stringParameter(stack, 'Unit')) }],
  })],
  ['QuotaShare', 'quotaShareName, maxCapacity and borrowLimit', (stack) => quotaShare(stack, {
    quotaShareName: stringParameter(stack, 'Name'),
    capacityLimits: [{ capacityUnit: G5, maxCapacity: numberParameter(stack, 'Max') }],
    resourceSharingConfiguration: { strategy: ResourceSharingStrategy.LEND_AND_BORROW, borrowLimit: numberParameter(stack, 'Borrow') },
  })],
  ['DeployTimeJob', 'a training job\'s instance count, volume, runtime and output path', (stack) => trainingDeployTimeJob({
    instanceCount: numberParameter(stack, 'Count'),
    volumeSize: Size.gibibytes(numberParameter(stack, 'Volume')),
    maxRuntime: Duration.seconds(numberParameter(stack, 'Runtime')),
    outputPath: stringParameter(stack, 'Output'),
  }, { preemptionRetries: numberParameter(stack, 'Preemptions') })(stack)],
  ['JobQueue', 'the order of a service environment', (stack) => new JobQueue(stack, 'TrainingQueue', {
    serviceEnvironments: [{ serviceEnvironment: trainingEnvironment(stack), order: numberParameter(stack, 'Order') }],
  })],
];

describe('a token skips the check instead of failing it', () => {
  test.each(TOKENS)('%s: %s', (_construct, _setting, build) => {
    const app = validatingApp();
    const stack = new Stack(app, 'Tokens', { env: TEST_ENV });
    build(stack);
    expect(Object.keys(synthTemplate(stack).toJSON().Resources).length).toBeGreaterThan(0);
  });
});
