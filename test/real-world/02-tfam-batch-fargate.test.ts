/**
 * Source: terraform-aws-modules/terraform-aws-batch, examples/fargate/main.tf (with the module's main.tf and
 * variables.tf for its defaults), commit 93a3e2ec1ab003dde08e95b3da055ba040c04ca9; author terraform-aws-modules;
 * kind: Terraform (module + example).
 * Why real: the official Fargate example of the community Terraform module for AWS Batch, maintained in 2026.
 *
 * Not expressed here, and why:
 * - Terraform's generated names (`name_prefix`): CloudFormation generates them here.
 * - The instance role, instance profile and Spot Fleet role the module creates although no Fargate environment
 *   uses them: nothing Batch refers to, so the rewrite leaves them out.
 * - The example's top-level `attempt_duration_seconds = 60`, which the module's variable type drops: no Timeout,
 *   as in the original.
 * - The VPC and the VPC endpoints' security group come from other modules: imported by ID.
 * - Differences on purpose: the library writes `State: ENABLED`, an empty `FairsharePolicy` for the policy without
 *   fair-share settings, and `NetworkConfiguration.AssignPublicIp: DISABLED` (Batch's default, which the original
 *   leaves implicit); the awslogs driver grants the given execution role write access to the log group (a policy).
 */
import { Duration, Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { existingVpc, synthesize, Synthesized } from './corpus';
import {
  ComputeEnvironment, ComputeResourceType, JobDefinition, JobQueue, PlatformCapability, RetryAction, SchedulingPolicy,
} from '../../src';
import { testStack } from '../synth';

const NAME = 'batch-ex-fargate';
const SUBNETS = ['subnet-0bbbbbbbbbbbbbb01', 'subnet-0bbbbbbbbbbbbbb02', 'subnet-0bbbbbbbbbbbbbb03'];
const MODULE_TAGS = { Name: NAME, Example: NAME, Repository: 'https://github.com/terraform-aws-modules/terraform-aws-batch' };

function build() {
  const stack = testStack('TfamFargate');
  const tag = (scope: ComputeEnvironment | JobQueue | SchedulingPolicy, extra: Record<string, string> = {}) => {
    for (const [key, value] of Object.entries({ ...MODULE_TAGS, ...extra })) Tags.of(scope).add(key, value);
  };
  const vpc = existingVpc(stack, 'vpc-0b1b2c3d4e5f60718', SUBNETS);
  const endpointsSg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'EndpointsSg', 'sg-0fedcba9876543210');
  const serviceRole = new iam.Role(stack, 'ServiceRole', {
    path: '/batch/',
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const executionRole = new iam.Role(stack, 'TaskExecutionRole', {
    roleName: `${NAME}-ecs-task-exec`,
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
  });

  const fargate = new ComputeEnvironment(stack, 'AFargate', {
    serviceRole,
    computeResources: { type: ComputeResourceType.FARGATE, vpc, maxvCpus: 4, securityGroups: [endpointsSg] },
  });
  tag(fargate);
  const fargateSpot = new ComputeEnvironment(stack, 'BFargateSpot', {
    serviceRole,
    computeResources: { type: ComputeResourceType.FARGATE_SPOT, vpc, maxvCpus: 4, securityGroups: [endpointsSg] },
  });
  tag(fargateSpot);

  const lowPolicy = new SchedulingPolicy(stack, 'LowPriorityPolicy', { schedulingPolicyName: 'LowPriorityFargate' });
  tag(lowPolicy, { JobQueue: 'Low priority job queue' });
  const highPolicy = new SchedulingPolicy(stack, 'HighPriorityPolicy', {
    schedulingPolicyName: 'HighPriorityFargate',
    computeReservation: 1,
    shareDecay: Duration.hours(1),
    shares: [{ shareIdentifier: 'A1*', weightFactor: 0.1 }, { shareIdentifier: 'A2', weightFactor: 0.2 }],
  });
  tag(highPolicy, { JobQueue: 'High priority job queue' });

  // FARGATE_SPOT first, with Terraform's order 0.
  const lowQueue = new JobQueue(stack, 'LowPriority', {
    jobQueueName: 'LowPriorityFargate',
    priority: 1,
    schedulingPolicy: lowPolicy,
    computeEnvironments: [{ computeEnvironment: fargateSpot, order: 0 }, { computeEnvironment: fargate, order: 1 }],
  });
  tag(lowQueue, { JobQueue: 'Low priority job queue' });
  const highQueue = new JobQueue(stack, 'HighPriority', {
    jobQueueName: 'HighPriorityFargate',
    priority: 99,
    schedulingPolicy: highPolicy,
    computeEnvironments: [{ computeEnvironment: fargate, order: 0 }],
  });
  tag(highQueue, { JobQueue: 'High priority job queue' });

  const definition = new JobDefinition(stack, 'Example', {
    jobDefinitionName: NAME,
    platformCapabilities: [PlatformCapability.FARGATE],
    propagateTags: true,
    container: {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/runecast/busybox:1.33.1'),
      command: ['ls', '-la'],
      vcpus: 1,
      memory: Size.mebibytes(2048),
      executionRole,
      logging: ecs.LogDrivers.awsLogs({
        logGroup: logs.LogGroup.fromLogGroupName(stack, 'Logs', `/aws/batch/${NAME}`),
        streamPrefix: NAME,
      }),
      fargate: { platformVersion: ecs.FargatePlatformVersion.LATEST },
    },
    retryAttempts: 3,
    retryStrategies: [
      { action: RetryAction.EXIT, onExitCode: '0' },
      { action: RetryAction.RETRY, onExitCode: '1' },
    ],
    tags: { ...MODULE_TAGS, JobDefinition: 'Example' },
  });
  return { stack, fargate, fargateSpot, lowPolicy, highPolicy, lowQueue, highQueue, definition, serviceRole, executionRole };
}

describe('02 terraform-aws-modules/terraform-aws-batch examples/fargate', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test.each([
    ['AFargate', 'FARGATE'],
    ['BFargateSpot', 'FARGATE_SPOT'],
  ])('%s: %s, 4 vCPUs, the endpoints security group, the three private subnets, nothing EC2', (id, type) => {
    const environment = id === 'AFargate' ? setup.fargate : setup.fargateSpot;
    expect(synth.properties(environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ComputeResources: { Type: type, MaxvCpus: 4, SecurityGroupIds: ['sg-0fedcba9876543210'], Subnets: SUBNETS },
      Tags: MODULE_TAGS,
    });
  });

  test('the queues: FARGATE_SPOT at order 0 before FARGATE at 1; the high-priority queue with FARGATE at 0', () => {
    expect(synth.properties(setup.lowQueue)).toEqual({
      JobQueueName: 'LowPriorityFargate',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [
        { ComputeEnvironment: synth.getAtt(setup.fargateSpot, 'ComputeEnvironmentArn'), Order: 0 },
        { ComputeEnvironment: synth.getAtt(setup.fargate, 'ComputeEnvironmentArn'), Order: 1 },
      ],
      SchedulingPolicyArn: synth.getAtt(setup.lowPolicy, 'Arn'),
      Tags: { ...MODULE_TAGS, JobQueue: 'Low priority job queue' },
    });
    expect(synth.properties(setup.highQueue)).toEqual({
      JobQueueName: 'HighPriorityFargate',
      Priority: 99,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.fargate, 'ComputeEnvironmentArn'), Order: 0 }],
      SchedulingPolicyArn: synth.getAtt(setup.highPolicy, 'Arn'),
      Tags: { ...MODULE_TAGS, JobQueue: 'High priority job queue' },
    });
  });

  test('the scheduling policies', () => {
    expect(synth.properties(setup.highPolicy)).toEqual({
      Name: 'HighPriorityFargate',
      FairsharePolicy: {
        ComputeReservation: 1,
        ShareDecaySeconds: 3600,
        ShareDistribution: [{ ShareIdentifier: 'A1*', WeightFactor: 0.1 }, { ShareIdentifier: 'A2', WeightFactor: 0.2 }],
      },
      Tags: { ...MODULE_TAGS, JobQueue: 'High priority job queue' },
    });
    expect(synth.properties(setup.lowPolicy)).toEqual({
      Name: 'LowPriorityFargate',
      FairsharePolicy: {}, // library: empty, where the original has none
      Tags: { ...MODULE_TAGS, JobQueue: 'Low priority job queue' },
    });
  });

  test('the Fargate job definition: LATEST platform, 1 vCPU / 2048 MiB, the example\'s execution role, awslogs, exit rules', () => {
    expect(synth.properties(setup.definition)).toEqual({
      JobDefinitionName: NAME,
      Type: 'container',
      PlatformCapabilities: ['FARGATE'],
      PropagateTags: true,
      ContainerProperties: {
        Image: 'public.ecr.aws/runecast/busybox:1.33.1',
        Command: ['ls', '-la'],
        ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '2048' }],
        ExecutionRoleArn: synth.getAtt(setup.executionRole, 'Arn'),
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: { 'awslogs-group': `/aws/batch/${NAME}`, 'awslogs-stream-prefix': NAME, 'awslogs-region': 'us-east-1' },
        },
        FargatePlatformConfiguration: { PlatformVersion: 'LATEST' },
        NetworkConfiguration: { AssignPublicIp: 'DISABLED' }, // library: written out (Batch's default)
      },
      RetryStrategy: {
        Attempts: 3,
        EvaluateOnExit: [{ Action: 'EXIT', OnExitCode: '0' }, { Action: 'RETRY', OnExitCode: '1' }],
      },
      Tags: { ...MODULE_TAGS, JobDefinition: 'Example' },
    });
  });

  test('the execution role is the example\'s own (fixed name); the library creates none', () => {
    expect(synth.properties(setup.executionRole)).toMatchObject({ RoleName: `${NAME}-ecs-task-exec` });
    expect(Object.keys(synth.resources('AWS::IAM::Role'))).toHaveLength(2);
  });

  test('no warnings', () => {
    expect(synth.warnings).toEqual([]);
  });
});
