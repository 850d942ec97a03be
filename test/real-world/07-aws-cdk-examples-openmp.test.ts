/**
 * Source: aws-samples/aws-cdk-examples, typescript/batch-ecr-openmp/lib/aws-batch-openmp-benchmark-stack.ts, commit
 * 69ffd7abf3d15043f3db048c468f5bf82758d64a; author AWS (aws-samples); kind: CDK app in TypeScript with the L1
 * `CfnComputeEnvironment`, `CfnJobQueue` and `CfnJobDefinition`.
 * Why real: the official CDK examples repository, maintained; this example is recent and has its own tests.
 *
 * Not expressed here, and why:
 * - The launch template `BatchLaunchTemplate`, which the original creates but never attaches to the environment: left
 *   out (attaching it would change the instances). The library attaches its own IMDSv2 launch template instead.
 * - The instance role and `CfnInstanceProfile`: the library's defaults are the same (a role with
 *   AmazonEC2ContainerServiceforEC2Role and a profile for it), so the rewrite lets it create them.
 * - The security group `BatchSecurityGroup` (all outbound, no inbound): the library's default group is the same.
 * - The submitting Lambda function and its containerOverrides: not part of the Batch resources.
 * - Differences on purpose: the legacy `Vcpus`/`Memory` become `ResourceRequirements`; the awslogs driver adds
 *   `awslogs-region` (the original omits it, so Docker uses the instance's region: the same value); the library writes
 *   `AllocationStrategy` (Batch's default BEST_FIT, given), `State`, `ReplaceComputeEnvironment: false` and
 *   `PlatformCapabilities: [EC2]`, and names the unnamed job definition after its construct path.
 */
import { RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { LIBRARY_LAUNCH_TEMPLATE, synthesize, Synthesized, warning } from './corpus';
import { AllocationStrategy, ComputeEnvironment, ComputeResourceType, JobDefinition, JobQueue } from '../../src';
import { testStack } from '../synth';

const INSTANCE_TYPES = ['c6i.large', 'c6i.xlarge', 'c6i.2xlarge', 'c5.large', 'c5.xlarge'];
const COMMAND = ['/usr/local/bin/openmp_benchmark', '--size', 'Ref::size', '--threads', 'Ref::threads', '--json', 'Ref::json',
  '--benchmark-type', 'Ref::benchmark-type', '--matrix-size', 'Ref::matrix-size'];
const PARAMETERS = { 'size': '600000000', 'threads': '0', 'json': 'true', 'benchmark-type': 'simple', 'matrix-size': '1200' };

function build() {
  const stack = testStack('OpenMpBenchmark');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const serviceRole = new iam.Role(stack, 'BatchServiceRole', {
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const environment = new ComputeEnvironment(stack, 'OpenMPComputeEnvironment', {
    serviceRole,
    computeResources: {
      type: ComputeResourceType.ON_DEMAND,
      vpc,
      allocationStrategy: AllocationStrategy.BEST_FIT,
      minvCpus: 0,
      maxvCpus: 256,
      instanceTypes: INSTANCE_TYPES.map((t) => new ec2.InstanceType(t)),
    },
  });
  const queue = new JobQueue(stack, 'OpenMPJobQueue', {
    priority: 1,
    computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
  });

  const repository = new ecr.Repository(stack, 'OpenMPRepository', {
    repositoryName: 'openmp-benchmark',
    emptyOnDelete: true,
    removalPolicy: RemovalPolicy.DESTROY,
    lifecycleRules: [{ maxImageCount: 10 }],
  });
  const logGroup = new logs.LogGroup(stack, 'OpenMPLogGroup', {
    logGroupName: '/aws/batch/openmp-benchmark',
    retention: logs.RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // One role as both job role and execution role, as in the original.
  const jobRole = new iam.Role(stack, 'BatchJobRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
  });
  const definition = new JobDefinition(stack, 'OpenMPJobDefinition', {
    container: {
      image: ecs.ContainerImage.fromEcrRepository(repository, 'latest'),
      vcpus: 2,
      memory: Size.mebibytes(4096),
      jobRole,
      executionRole: jobRole,
      command: COMMAND,
      environment: { AWS_DEFAULT_REGION: stack.region },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'openmp' }),
    },
    parameters: PARAMETERS,
  });
  return { stack, vpc, environment, queue, definition, serviceRole, jobRole, repository };
}

describe('07 aws-samples/aws-cdk-examples batch-ecr-openmp', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test('the environment: 0 to 256 vCPUs, five c6i/c5 sizes, the private subnets of the VPC, a custom service role', () => {
    const privateSubnets = setup.vpc.privateSubnets.map((subnet) => synth.ref(subnet));
    expect(privateSubnets).toHaveLength(2);
    expect(synth.properties(setup.environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MinvCpus: 0,
        MaxvCpus: 256,
        InstanceTypes: INSTANCE_TYPES,
        InstanceRole: synth.getAtt(setup.environment.instanceProfile!, 'Arn'),
        SecurityGroupIds: [synth.getAtt(setup.environment.connections.securityGroups[0], 'GroupId')],
        Subnets: privateSubnets,
        LaunchTemplate: LIBRARY_LAUNCH_TEMPLATE, // library: the original's launch template is not attached
      },
    });
  });

  test('the library\'s instance role and security group are the original\'s: ECS instance policy; all outbound, no inbound', () => {
    const role = synth.properties(setup.environment.instanceRole!);
    expect(JSON.stringify(role.ManagedPolicyArns)).toContain('service-role/AmazonEC2ContainerServiceforEC2Role');
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    const group = synth.properties(setup.environment.connections.securityGroups[0]);
    expect(group.SecurityGroupEgress).toEqual([{ CidrIp: '0.0.0.0/0', Description: 'Allow all outbound traffic by default', IpProtocol: '-1' }]);
    expect(group.SecurityGroupIngress).toBeUndefined();
  });

  test('the queue: priority 1, order 1, no name', () => {
    expect(synth.properties(setup.queue)).toEqual({
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 1 }],
    });
  });

  test('the job definition: the ECR image, one role as job and execution role, Ref:: placeholders with their defaults', () => {
    expect(synth.properties(setup.definition)).toEqual({
      JobDefinitionName: expect.stringMatching(/^OpenMpBenchmarkOpenMPJobDefinition/),
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      Parameters: PARAMETERS,
      ContainerProperties: {
        Image: {
          'Fn::Join': ['', [
            { 'Fn::Select': [4, { 'Fn::Split': [':', synth.getAtt(setup.repository, 'Arn')] }] },
            '.dkr.ecr.',
            { 'Fn::Select': [3, { 'Fn::Split': [':', synth.getAtt(setup.repository, 'Arn')] }] },
            '.',
            { Ref: 'AWS::URLSuffix' },
            '/',
            synth.ref(setup.repository),
            ':latest',
          ]],
        },
        ResourceRequirements: [{ Type: 'VCPU', Value: '2' }, { Type: 'MEMORY', Value: '4096' }],
        JobRoleArn: synth.getAtt(setup.jobRole, 'Arn'),
        ExecutionRoleArn: synth.getAtt(setup.jobRole, 'Arn'),
        Command: COMMAND,
        Environment: [{ Name: 'AWS_DEFAULT_REGION', Value: 'us-east-1' }],
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: { 'awslogs-group': synth.ref(setup.stack.node.findChild('OpenMPLogGroup')), 'awslogs-stream-prefix': 'openmp', 'awslogs-region': 'us-east-1' },
        },
      },
    });
  });

  test('the role is granted the pull and the log writes; no other role is created for the job', () => {
    const roles = Object.keys(synth.resources('AWS::IAM::Role'));
    // The service role, the job role and the library's instance role.
    expect(roles).toHaveLength(3);
    const policies = Object.values<any>(synth.resources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.Roles).toEqual([synth.ref(setup.jobRole)]);
  });

  test('warnings: only the custom service role and BEST_FIT that keep Batch from updating in place', () => {
    expect(synth.warnings).toEqual([warning('/OpenMpBenchmark/OpenMPComputeEnvironment', 'compute-environment', 'noInfrastructureUpdate')]);
  });
});
