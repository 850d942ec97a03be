/**
 * Source: dceoy/terraform-aws-batch-for-slc, modules/batch/main.tf + variables.tf (environments, queues, launch
 * template, IAM), modules/batchjob/main.tf + variables.tf + local.tf (job definitions), and the Terragrunt inputs in
 * envs/root.hcl, envs/dev/env.hcl, envs/dev/batch/terragrunt.hcl, envs/dev/batchjob/terragrunt.hcl, commit
 * b286bcdea70acc4e9381a55ab73d1d5b6b73f0a1; author dceoy (independent); kind: Terraform modules driven by Terragrunt.
 * Why real: a CI-tested, Renovate-maintained catalog module (AWS provider ~> 6.39) with commits in April 2026.
 *
 * Not expressed here, and why:
 * - The EC2 job definition's `networkConfiguration.assignPublicIp: DISABLED`: accepted with a warning and left out of
 *   the template (Batch must not be given network settings on EC2); shown in its own test below.
 * - The ECR repository, the log group, the KMS key, the VPC and its security group come from sibling modules:
 *   imported by name or ID. The image tag (a git short SHA) is a fixed value here.
 * - The launch template's instance tags (TagSpecifications): not Batch properties, left out.
 * - The Terragrunt inputs whose names match no module variable: Terraform ignores them, so the module defaults
 *   (bid 100, ECS_AL2, `$Latest`) apply, as here.
 * - Differences on purpose: the library writes `ReplaceComputeEnvironment: false` on the EC2 environments and gives
 *   the ECR image's pull permission to the given execution role (a policy). The fixed environment names warn
 *   (`fixedNameBlocksReplacement`), the custom service role on EC2 warns (`noInfrastructureUpdate`), and the RETRY rule
 *   with a single attempt warns (`retryRuleSingleAttempt`): it never fires, as in the original.
 */
import { Duration, Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, synthesize, Synthesized, warning } from './corpus';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResources, ComputeResourceType, ImageType, JobContainer, JobDefinition, JobDefinitionProps,
  JobQueue, PlatformCapability, RetryAction,
} from '../../src';
import { testStack } from '../synth';

const PREFIX = 'slc-dev';
const SUBNETS = ['subnet-0101010101010a001'];
const TAGS = { SystemName: 'slc', EnvType: 'dev' };
const GRAVITON = ['m7g', 'c7g', 'r7g', 'r8g'];
const IMAGE_TAG = '1a2b3c4';

function build() {
  const stack = testStack('BatchForSlc');
  const vpc = existingVpc(stack, 'vpc-0101010101010101a', SUBNETS);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'PrivateSg', 'sg-0101010101010101a');
  const role = (id: string, roleName: string | undefined, service: string, policy: string) => new iam.Role(stack, id, {
    roleName, assumedBy: new iam.ServicePrincipal(service), managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(policy)],
  });
  const serviceRole = role('ServiceRole', `${PREFIX}-batch-service-iam-role`, 'batch.amazonaws.com', 'service-role/AWSBatchServiceRole');
  const spotFleetRole = role('SpotFleetRole', `${PREFIX}-batch-spotfleet-iam-role`, 'spotfleet.amazonaws.com',
    'service-role/AmazonEC2SpotFleetTaggingRole');
  const instanceRole = role('InstanceRole', undefined, 'ec2.amazonaws.com',
    'service-role/AmazonEC2ContainerServiceforEC2Role');
  const instanceProfile = new iam.InstanceProfile(stack, 'InstanceProfile', { instanceProfileName: `${PREFIX}-batch-iam-instance-profile`, role: instanceRole });
  const executionRole = role('ExecutionRole', `${PREFIX}-batch-execution-iam-role`, 'ecs-tasks.amazonaws.com',
    'service-role/AmazonECSTaskExecutionRolePolicy');
  const jobRole = new iam.Role(stack, 'JobRole', { roleName: `${PREFIX}-batch-job-iam-role`, assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });

  const launchTemplate = new ec2.LaunchTemplate(stack, 'LaunchTemplate', {
    launchTemplateName: `${PREFIX}-ec2-launch-template`,
    requireImdsv2: true,
    blockDevices: [{
      deviceName: '/dev/xvda',
      volume: ec2.BlockDeviceVolume.ebs(1024, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true, deleteOnTermination: true }),
    }],
  });

  const environment = (key: 'fargate-ondemand' | 'fargate-spot' | 'ec2-ondemand' | 'ec2-spot', computeResources: Omit<ComputeResources, 'vpc'>) => {
    const name = `${PREFIX}-batch-compute-environment-${key}`;
    const ce = new ComputeEnvironment(stack, key, {
      computeEnvironmentName: name,
      serviceRole,
      computeResources: { vpc, securityGroups: [securityGroup], maxvCpus: 256, ...computeResources },
    });
    for (const [k, v] of Object.entries({ Name: name, ...TAGS })) Tags.of(ce).add(k, v);
    return ce;
  };
  const ec2Resources: Omit<ComputeResources, 'vpc'> = {
    minvCpus: 0,
    instanceProfile,
    instanceTypes: GRAVITON.map((family) => new ec2.InstanceType(family)),
    imageType: ImageType.ECS_AL2,
    launchTemplate: { launchTemplate, version: '$Latest' },
  };
  const environments = {
    fargateOnDemand: environment('fargate-ondemand', { type: ComputeResourceType.FARGATE }),
    fargateSpot: environment('fargate-spot', { type: ComputeResourceType.FARGATE_SPOT }),
    ec2OnDemand: environment('ec2-ondemand', { ...ec2Resources, type: ComputeResourceType.ON_DEMAND, allocationStrategy: AllocationStrategy.BEST_FIT }),
    ec2Spot: environment('ec2-spot', {
      ...ec2Resources,
      type: ComputeResourceType.SPOT,
      allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED,
      bidPercentage: 100,
      spotFleetRole,
    }),
  };
  const queues = Object.fromEntries(Object.entries(environments).map(([key, ce]) => {
    const name = `${PREFIX}-batch-job-queue-${ce.node.id}`;
    const queue = new JobQueue(stack, `Queue-${ce.node.id}`, {
      jobQueueName: name,
      priority: 1,
      computeEnvironments: [{ computeEnvironment: ce, order: 1 }],
    });
    for (const [k, v] of Object.entries({ Name: name, ...TAGS })) Tags.of(queue).add(k, v);
    return [key, queue];
  })) as Record<keyof typeof environments, JobQueue>;

  const container: JobContainer = {
    image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Ubuntu', 'ubuntu'), IMAGE_TAG),
    jobRole,
    executionRole,
    logging: new ecs.GenericLogDriver({ logDriver: 'awslogs', options: { 'awslogs-group': '/slc/dev/batch' } }),
    command: ['echo', 'Hello, world!'],
    environment: { AWS_DEFAULT_REGION: 'us-east-1' },
    privileged: false,
    readonlyRootFilesystem: false,
  };
  const common: Omit<JobDefinitionProps, 'jobDefinitionName'> = {
    propagateTags: true,
    retryAttempts: 1,
    retryStrategies: [
      { onStatusReason: 'Host EC2*', action: RetryAction.RETRY },
      { onReason: '*', action: RetryAction.EXIT },
    ],
    timeout: Duration.seconds(86400),
  };
  const fargateJob = new JobDefinition(stack, 'Fargate', {
    ...common,
    jobDefinitionName: 'ubuntu-on-fargate',
    platformCapabilities: [PlatformCapability.FARGATE],
    container: {
      ...container,
      vcpus: 0.25,
      memory: Size.mebibytes(512),
      fargate: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        ephemeralStorage: Size.gibibytes(200),
        platformVersion: ecs.FargatePlatformVersion.LATEST,
        assignPublicIp: false,
      },
    },
    tags: { Name: 'ubuntu-on-fargate', ...TAGS },
  });
  const ec2Job = new JobDefinition(stack, 'Ec2', {
    ...common,
    jobDefinitionName: 'ubuntu-on-ec2',
    platformCapabilities: [PlatformCapability.EC2],
    container: { ...container, vcpus: 1, memory: Size.mebibytes(2048) },
    tags: { Name: 'ubuntu-on-ec2', ...TAGS },
  });
  return { stack, environments, queues, fargateJob, ec2Job, launchTemplate, instanceProfile, serviceRole, spotFleetRole, executionRole, jobRole };
}

let setup: ReturnType<typeof build>;
let synth: Synthesized;
beforeAll(() => {
  setup = build();
  synth = synthesize(setup.stack);
});

describe('10 dceoy/terraform-aws-batch-for-slc (dev)', () => {

  const tags = (name: string) => ({ Name: name, ...TAGS });

  test.each([['fargate-ondemand', 'FARGATE'], ['fargate-spot', 'FARGATE_SPOT']])('the %s environment: %s, 256 vCPUs, fixed name', (key, type) => {
    const ce = key === 'fargate-ondemand' ? setup.environments.fargateOnDemand : setup.environments.fargateSpot;
    expect(synth.properties(ce)).toEqual({
      ComputeEnvironmentName: `${PREFIX}-batch-compute-environment-${key}`,
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ComputeResources: { Type: type, MaxvCpus: 256, SecurityGroupIds: ['sg-0101010101010101a'], Subnets: SUBNETS },
      Tags: tags(`${PREFIX}-batch-compute-environment-${key}`),
    });
  });

  const ec2Resources = () => ({
    MaxvCpus: 256,
    MinvCpus: 0,
    InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
    InstanceTypes: GRAVITON,
    Ec2Configuration: [{ ImageType: 'ECS_AL2' }],
    LaunchTemplate: { LaunchTemplateId: synth.ref(setup.launchTemplate), Version: '$Latest' },
    SecurityGroupIds: ['sg-0101010101010101a'],
    Subnets: SUBNETS,
  });

  test('the EC2 on-demand environment: BEST_FIT over Graviton families with ECS_AL2 and the IMDSv2 launch template', () => {
    expect(synth.properties(setup.environments.ec2OnDemand)).toEqual({
      ComputeEnvironmentName: `${PREFIX}-batch-compute-environment-ec2-ondemand`,
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: { Type: 'EC2', AllocationStrategy: 'BEST_FIT', ...ec2Resources() },
      Tags: tags(`${PREFIX}-batch-compute-environment-ec2-ondemand`),
    });
  });

  test('the EC2 Spot environment: SPOT_CAPACITY_OPTIMIZED, bid 100, the module\'s Spot Fleet role', () => {
    expect(synth.properties(setup.environments.ec2Spot)).toEqual({
      ComputeEnvironmentName: `${PREFIX}-batch-compute-environment-ec2-spot`,
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'SPOT',
        AllocationStrategy: 'SPOT_CAPACITY_OPTIMIZED',
        BidPercentage: 100,
        SpotIamFleetRole: synth.getAtt(setup.spotFleetRole, 'Arn'),
        ...ec2Resources(),
      },
      Tags: tags(`${PREFIX}-batch-compute-environment-ec2-spot`),
    });
  });

  test('the launch template: 1024 GiB gp3 encrypted, IMDSv2 required, no user data or AMI', () => {
    const properties = synth.properties(setup.launchTemplate);
    expect(properties.LaunchTemplateName).toBe(`${PREFIX}-ec2-launch-template`);
    expect(properties.LaunchTemplateData).toMatchObject({
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 1024, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
      MetadataOptions: { HttpTokens: 'required' },
    });
    expect(properties.LaunchTemplateData.UserData).toBeUndefined();
    expect(properties.LaunchTemplateData.ImageId).toBeUndefined();
  });

  test('four queues, one per environment, each with priority 1, order 1 and a fixed name', () => {
    for (const [key, queue] of Object.entries(setup.queues)) {
      const ce = setup.environments[key as keyof typeof setup.environments];
      const name = `${PREFIX}-batch-job-queue-${ce.node.id}`;
      expect(synth.properties(queue)).toEqual({
        JobQueueName: name,
        Priority: 1,
        State: 'ENABLED',
        ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(ce, 'ComputeEnvironmentArn'), Order: 1 }],
        Tags: tags(name),
      });
    }
    expect(Object.keys(synth.resources('AWS::Batch::JobQueue'))).toHaveLength(4);
  });

  const image = () => ({
    'Fn::Join': ['', ['123456789012.dkr.ecr.us-east-1.', { Ref: 'AWS::URLSuffix' }, `/ubuntu:${IMAGE_TAG}`]],
  });
  const sharedContainer = () => ({
    Image: image(),
    JobRoleArn: synth.getAtt(setup.jobRole, 'Arn'),
    ExecutionRoleArn: synth.getAtt(setup.executionRole, 'Arn'),
    LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': '/slc/dev/batch' } },
    Command: ['echo', 'Hello, world!'],
    Environment: [{ Name: 'AWS_DEFAULT_REGION', Value: 'us-east-1' }],
    Privileged: false,
    ReadonlyRootFilesystem: false,
  });
  const retry = { Attempts: 1, EvaluateOnExit: [{ OnStatusReason: 'Host EC2*', Action: 'RETRY' }, { OnReason: '*', Action: 'EXIT' }] };

  test('the Fargate job: ARM64, 0.25 vCPU / 512 MiB, 200 GiB ephemeral storage, LATEST, no public IP, privileged false', () => {
    expect(synth.properties(setup.fargateJob)).toEqual({
      JobDefinitionName: 'ubuntu-on-fargate',
      Type: 'container',
      PlatformCapabilities: ['FARGATE'],
      PropagateTags: true,
      ContainerProperties: {
        ...sharedContainer(),
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
        ResourceRequirements: [{ Type: 'VCPU', Value: '0.25' }, { Type: 'MEMORY', Value: '512' }],
        EphemeralStorage: { SizeInGiB: 200 },
        FargatePlatformConfiguration: { PlatformVersion: 'LATEST' },
        NetworkConfiguration: { AssignPublicIp: 'DISABLED' },
      },
      RetryStrategy: retry,
      Timeout: { AttemptDurationSeconds: 86400 },
      Tags: tags('ubuntu-on-fargate'),
    });
  });

  test('the EC2 job: 1 vCPU / 2048 MiB, the same image, roles, logs, retries and timeout', () => {
    expect(synth.properties(setup.ec2Job)).toEqual({
      JobDefinitionName: 'ubuntu-on-ec2',
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      PropagateTags: true,
      ContainerProperties: {
        ...sharedContainer(),
        ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }],
        // The original also has NetworkConfiguration.AssignPublicIp: DISABLED here: see the test of it below.
      },
      RetryStrategy: retry,
      Timeout: { AttemptDurationSeconds: 86400 },
      Tags: tags('ubuntu-on-ec2'),
    });
  });

  test('the given execution role gets the ECR pull permission; no role is created for the jobs', () => {
    const policies = Object.values<any>(synth.resources('AWS::IAM::Policy'));
    expect(policies.map((p) => p.Properties.Roles)).toEqual([[synth.ref(setup.executionRole)]]);
    expect(Object.keys(synth.resources('AWS::IAM::Role'))).toHaveLength(5);
  });

  test('warnings: fixed environment names, the custom service role on EC2, and RETRY rules with one attempt', () => {
    expect(synth.warnings).toEqual([
      warning('/BatchForSlc/Ec2', 'job-definition', 'retryRuleSingleAttempt'),
      warning('/BatchForSlc/Fargate', 'job-definition', 'retryRuleSingleAttempt'),
      warning('/BatchForSlc/ec2-ondemand', 'compute-environment', 'fixedNameBlocksReplacement'),
      warning('/BatchForSlc/ec2-ondemand', 'compute-environment', 'noInfrastructureUpdate'),
      warning('/BatchForSlc/ec2-spot', 'compute-environment', 'fixedNameBlocksReplacement'),
      warning('/BatchForSlc/ec2-spot', 'compute-environment', 'noInfrastructureUpdate'),
      warning('/BatchForSlc/fargate-ondemand', 'compute-environment', 'fixedNameBlocksReplacement'),
      warning('/BatchForSlc/fargate-spot', 'compute-environment', 'fixedNameBlocksReplacement'),
    ]);
  });
});

describe('10 dceoy: networkConfiguration.assignPublicIp DISABLED on an EC2 job definition', () => {
  // The original's EC2 job definition sends `networkConfiguration: { assignPublicIp: DISABLED }`; the API reference says
  // jobs on EC2 resources must not specify it. The library accepts the setting on EC2, warns that it applies to Fargate
  // only, and leaves it out of the template (so Batch never sees it there).
  test('synthesizes without NetworkConfiguration, with the fargateOnlySettingOnEc2 warning', () => {
    const stack = testStack('BatchForSlcEc2Network');
    const job = new JobDefinition(stack, 'Ec2', {
      jobDefinitionName: 'ubuntu-on-ec2',
      platformCapabilities: [PlatformCapability.EC2],
      container: {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/ubuntu:24.04'),
        command: ['echo', 'Hello, world!'],
        fargate: { assignPublicIp: false },
      },
    });
    const result = synthesize(stack);
    expect(result.properties(job).ContainerProperties.NetworkConfiguration).toBeUndefined();
    expect(result.warnings).toEqual([warning('/BatchForSlcEc2Network/Ec2', 'job-definition', 'fargateOnlySettingOnEc2')]);
  });
});
