/**
 * Source: terraform-aws-modules/terraform-aws-batch, examples/ec2/main.tf (with the module's main.tf and
 * variables.tf for its defaults), commit 93a3e2ec1ab003dde08e95b3da055ba040c04ca9; author terraform-aws-modules
 * (Anton Babenko and community); kind: Terraform (module + example).
 * Why real: the community Terraform module for AWS Batch (Terraform Registry `terraform-aws-modules/batch/aws`),
 * maintained in 2026, and the base of other setups of this corpus (11).
 *
 * Not expressed here, and why:
 * - Terraform's generated names (`name_prefix = "ec2-"` and so on): the library lets CloudFormation generate them.
 * - Terraform's `create_before_destroy`: a Terraform lifecycle setting. `replaceComputeEnvironment` stays at the
 *   library's default (false), so synth warns that Batch cannot update these environments in place.
 * - The example's top-level `attempt_duration_seconds = 60`: the module's variable type drops it, so the original has
 *   no Timeout, and neither does the rewrite.
 * - The VPC, its endpoints and their security group are made by other modules: imported by ID here.
 * - `module "batch_disabled"` (`create = false`) creates nothing.
 * - Differences on purpose: the library adds its IMDSv2 launch template to the EC2 environments, writes the
 *   allocation strategy (BEST_FIT, Batch's default when the original omits it, given explicitly here), writes
 *   `State: ENABLED`, `PlatformCapabilities: [EC2]` and the log group's region, renders an empty
 *   `FairsharePolicy` for a policy without fair-share settings, and gives the awslogs driver an execution role
 *   that may write the log group (the original leaves log shipping to the instance role).
 */
import { Duration, Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { existingVpc, LIBRARY_LAUNCH_TEMPLATE, synthesize, Synthesized, warning } from './corpus';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResourceType, JobDefinition, JobQueue, RetryAction, SchedulingPolicy,
} from '../../src';
import { testStack } from '../synth';

const NAME = 'batch-ex-ec2';
const SUBNETS = ['subnet-0aaaaaaaaaaaaaa01', 'subnet-0aaaaaaaaaaaaaa02', 'subnet-0aaaaaaaaaaaaaa03'];
const MODULE_TAGS = { Name: NAME, Example: NAME, Repository: 'https://github.com/terraform-aws-modules/terraform-aws-batch' };

function build() {
  const stack = testStack('TfamEc2');
  const tag = (scope: ComputeEnvironment | JobQueue | SchedulingPolicy, extra: Record<string, string> = {}) => {
    for (const [key, value] of Object.entries({ ...MODULE_TAGS, ...extra })) Tags.of(scope).add(key, value);
  };

  // The VPC module's three private subnets and the VPC endpoints' security group.
  const vpc = existingVpc(stack, 'vpc-0a1b2c3d4e5f60718', SUBNETS);
  const endpointsSg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointsSg', 'sg-0123456789abcdef0');

  // The module's roles, all with the path /batch/.
  const instanceRole = new iam.Role(stack, 'InstanceRole', {
    path: '/batch/',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),
    ],
  });
  const instanceProfile = new iam.InstanceProfile(stack, 'InstanceProfile', { role: instanceRole, path: '/batch/' });
  const serviceRole = new iam.Role(stack, 'ServiceRole', {
    path: '/batch/',
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const spotFleetRole = new iam.Role(stack, 'SpotFleetRole', {
    path: '/batch/',
    assumedBy: new iam.ServicePrincipal('spotfleet.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2SpotFleetTaggingRole')],
  });

  const onDemand = new ComputeEnvironment(stack, 'AEc2', {
    serviceRole,
    computeResources: {
      type: ComputeResourceType.ON_DEMAND,
      vpc,
      securityGroups: [endpointsSg],
      allocationStrategy: AllocationStrategy.BEST_FIT,
      minvCpus: 4,
      maxvCpus: 16,
      desiredvCpus: 4,
      instanceTypes: [new ec2.InstanceType('m5.large'), new ec2.InstanceType('r5.large')],
      instanceProfile,
      tags: { Name: NAME, Type: 'Ec2' },
    },
  });
  tag(onDemand);
  const spot = new ComputeEnvironment(stack, 'BEc2Spot', {
    serviceRole,
    computeResources: {
      type: ComputeResourceType.SPOT,
      vpc,
      securityGroups: [endpointsSg],
      allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED,
      bidPercentage: 20,
      spotFleetRole,
      minvCpus: 4,
      maxvCpus: 16,
      desiredvCpus: 4,
      instanceTypes: ['m4.large', 'm3.large', 'r4.large', 'r3.large'].map((t) => new ec2.InstanceType(t)),
      instanceProfile,
      tags: { Name: `${NAME}-spot`, Type: 'Ec2Spot' },
    },
  });
  tag(spot);
  const unmanaged = new ComputeEnvironment(stack, 'CUnmanaged', { managed: false, serviceRole });
  tag(unmanaged);

  const lowPolicy = new SchedulingPolicy(stack, 'LowPriorityPolicy', { schedulingPolicyName: 'LowPriorityEc2' });
  tag(lowPolicy, { JobQueue: 'Low priority job queue' });
  const highPolicy = new SchedulingPolicy(stack, 'HighPriorityPolicy', {
    schedulingPolicyName: 'HighPriorityEc2',
    computeReservation: 1,
    shareDecay: Duration.seconds(3600),
    shares: [{ shareIdentifier: 'A1*', weightFactor: 0.1 }, { shareIdentifier: 'A2', weightFactor: 0.2 }],
  });
  tag(highPolicy, { JobQueue: 'High priority job queue' });

  // Terraform numbers the environments by their map keys: the first has order 0.
  const lowQueue = new JobQueue(stack, 'LowPriority', {
    jobQueueName: 'LowPriorityEc2',
    priority: 1,
    schedulingPolicy: lowPolicy,
    computeEnvironments: [{ computeEnvironment: spot, order: 0 }, { computeEnvironment: onDemand, order: 1 }],
  });
  tag(lowQueue, { JobQueue: 'Low priority job queue' });
  const highQueue = new JobQueue(stack, 'HighPriority', {
    jobQueueName: 'HighPriorityEc2',
    priority: 99,
    schedulingPolicy: highPolicy,
    computeEnvironments: [{ computeEnvironment: onDemand, order: 0 }],
  });
  tag(highQueue, { JobQueue: 'High priority job queue' });

  const definition = new JobDefinition(stack, 'Example', {
    jobDefinitionName: NAME,
    propagateTags: true,
    container: {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/runecast/busybox:1.33.1'),
      command: ['ls', '-la'],
      vcpus: 1,
      memory: Size.mebibytes(1024),
      logging: ecs.LogDrivers.awsLogs({
        logGroup: logs.LogGroup.fromLogGroupName(stack, 'Logs', `/aws/batch/${NAME}`),
        streamPrefix: NAME,
      }),
    },
    retryAttempts: 3,
    // Terraform iterates the `evaluate_on_exit` map in key order: exit_success before retry_error.
    retryStrategies: [
      { action: RetryAction.EXIT, onExitCode: '0' },
      { action: RetryAction.RETRY, onExitCode: '1' },
    ],
    tags: { ...MODULE_TAGS, JobDefinition: 'Example' },
  });

  return { stack, onDemand, spot, unmanaged, lowPolicy, highPolicy, lowQueue, highQueue, definition, instanceProfile, serviceRole, spotFleetRole };
}

describe('01 terraform-aws-modules/terraform-aws-batch examples/ec2', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test('the on-demand environment has the original compute resources', () => {
    expect(synth.properties(setup.onDemand)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED', // library: written out (Batch's default)
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false, // library default
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MinvCpus: 4,
        MaxvCpus: 16,
        DesiredvCpus: 4,
        InstanceTypes: ['m5.large', 'r5.large'],
        InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
        SecurityGroupIds: ['sg-0123456789abcdef0'],
        Subnets: SUBNETS,
        Tags: { Name: NAME, Type: 'Ec2' },
        // library: its IMDSv2 launch template (the original has none)
        LaunchTemplate: LIBRARY_LAUNCH_TEMPLATE,
      },
      Tags: MODULE_TAGS,
    });
  });

  test('the Spot environment keeps SPOT_CAPACITY_OPTIMIZED, bid 20 and the module\'s Spot Fleet role', () => {
    expect(synth.properties(setup.spot)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'SPOT',
        AllocationStrategy: 'SPOT_CAPACITY_OPTIMIZED',
        BidPercentage: 20,
        SpotIamFleetRole: synth.getAtt(setup.spotFleetRole, 'Arn'),
        MinvCpus: 4,
        MaxvCpus: 16,
        DesiredvCpus: 4,
        InstanceTypes: ['m4.large', 'm3.large', 'r4.large', 'r3.large'],
        InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
        SecurityGroupIds: ['sg-0123456789abcdef0'],
        Subnets: SUBNETS,
        Tags: { Name: `${NAME}-spot`, Type: 'Ec2Spot' },
        LaunchTemplate: LIBRARY_LAUNCH_TEMPLATE,
      },
      Tags: MODULE_TAGS,
    });
  });

  test('the unmanaged environment has a service role and tags, no compute resources', () => {
    expect(synth.properties(setup.unmanaged)).toEqual({
      Type: 'UNMANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      Tags: MODULE_TAGS,
    });
  });

  test('the instance profile (path /batch/) is the one both environments share; the library creates no other', () => {
    expect(synth.properties(setup.instanceProfile)).toEqual({ Path: '/batch/', Roles: [{ Ref: expect.stringMatching(/^InstanceRole/) }] });
    expect(Object.keys(synth.resources('AWS::IAM::InstanceProfile'))).toHaveLength(1);
  });

  test('the queues keep Terraform\'s order 0, their priorities and their scheduling policies', () => {
    expect(synth.properties(setup.lowQueue)).toEqual({
      JobQueueName: 'LowPriorityEc2',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [
        { ComputeEnvironment: synth.getAtt(setup.spot, 'ComputeEnvironmentArn'), Order: 0 },
        { ComputeEnvironment: synth.getAtt(setup.onDemand, 'ComputeEnvironmentArn'), Order: 1 },
      ],
      SchedulingPolicyArn: synth.getAtt(setup.lowPolicy, 'Arn'),
      Tags: { ...MODULE_TAGS, JobQueue: 'Low priority job queue' },
    });
    expect(synth.properties(setup.highQueue)).toEqual({
      JobQueueName: 'HighPriorityEc2',
      Priority: 99,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.onDemand, 'ComputeEnvironmentArn'), Order: 0 }],
      SchedulingPolicyArn: synth.getAtt(setup.highPolicy, 'Arn'),
      Tags: { ...MODULE_TAGS, JobQueue: 'High priority job queue' },
    });
  });

  test('the scheduling policies: fair share A1* 0.1 / A2 0.2, and one without fair-share settings', () => {
    expect(synth.properties(setup.highPolicy)).toEqual({
      Name: 'HighPriorityEc2',
      FairsharePolicy: {
        ComputeReservation: 1,
        ShareDecaySeconds: 3600,
        ShareDistribution: [{ ShareIdentifier: 'A1*', WeightFactor: 0.1 }, { ShareIdentifier: 'A2', WeightFactor: 0.2 }],
      },
      Tags: { ...MODULE_TAGS, JobQueue: 'High priority job queue' },
    });
    expect(synth.properties(setup.lowPolicy)).toEqual({
      Name: 'LowPriorityEc2',
      FairsharePolicy: {}, // library: an empty fair-share policy where the original has none
      Tags: { ...MODULE_TAGS, JobQueue: 'Low priority job queue' },
    });
  });

  test('the job definition: busybox, 1 vCPU / 1024 MiB, awslogs, 3 attempts with the exit rules in Terraform\'s order, no timeout', () => {
    const properties = synth.properties(setup.definition);
    expect(properties).toEqual({
      JobDefinitionName: NAME,
      Type: 'container',
      PlatformCapabilities: ['EC2'], // library: written out (the original implies EC2)
      PropagateTags: true,
      ContainerProperties: {
        Image: 'public.ecr.aws/runecast/busybox:1.33.1',
        Command: ['ls', '-la'],
        ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '1024' }],
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: { 'awslogs-group': `/aws/batch/${NAME}`, 'awslogs-stream-prefix': NAME, 'awslogs-region': 'us-east-1' },
        },
        // library: the awslogs driver's execution role (granted the log group)
        ExecutionRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^ExampleExecutionRole/), 'Arn'] },
      },
      RetryStrategy: {
        Attempts: 3,
        EvaluateOnExit: [{ Action: 'EXIT', OnExitCode: '0' }, { Action: 'RETRY', OnExitCode: '1' }],
      },
      Tags: { ...MODULE_TAGS, JobDefinition: 'Example' },
    });
    expect(properties.Timeout).toBeUndefined();
  });

  test('Batch resources: 3 environments, 2 queues, 2 policies, 1 definition', () => {
    expect(Object.keys(synth.resources('AWS::Batch::ComputeEnvironment'))).toHaveLength(3);
    expect(Object.keys(synth.resources('AWS::Batch::JobQueue'))).toHaveLength(2);
    expect(Object.keys(synth.resources('AWS::Batch::SchedulingPolicy'))).toHaveLength(2);
    expect(Object.keys(synth.resources('AWS::Batch::JobDefinition'))).toHaveLength(1);
  });

  test('warnings: only that the EC2 environments with a custom service role cannot be updated in place', () => {
    expect(synth.warnings).toEqual([
      warning('/TfamEc2/AEc2', 'compute-environment', 'noInfrastructureUpdate'),
      warning('/TfamEc2/BEc2Spot', 'compute-environment', 'noInfrastructureUpdate'),
    ]);
  });
});
