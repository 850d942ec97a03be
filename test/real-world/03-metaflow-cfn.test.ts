/**
 * Source: outerbounds/metaflow-tools, aws/cloudformation/metaflow-cfn-template.yml (the `ComputeEnvironment` and
 * `JobQueue` resources), commit d24572c0a1610410ff586f1cd87312edc1c34cf1 (successor of Netflix/metaflow-tools);
 * author Outerbounds (Metaflow maintainers, originally Netflix); kind: CloudFormation (YAML).
 * Why real: the documented one-click "deploy Metaflow on AWS" stack, still updated in 2025.
 *
 * Not expressed here, and why:
 * - The `BatchType` parameter and its `AWS::NoValue` conditions: a CDK app decides at synth, so the two variants are
 *   two stacks (EC2, the default, and Fargate), each checked against what the template renders for it.
 * - The service role's inline policies are abbreviated to one statement: a non-Batch detail; what matters here is that
 *   the role is custom and has no managed policy.
 * - `DependsOn: ComputeEnvironment` on the queue: CDK derives the dependency from the ARN reference.
 * - The VPC (two public subnets, its default security group) is the template's own: imported by ID here.
 * - Job definitions: none in the original (Metaflow registers them at run time).
 * - Differences on purpose: on EC2 the library adds its IMDSv2 launch template and `ReplaceComputeEnvironment: false`,
 *   and writes the allocation strategy (Batch's default BEST_FIT, given explicitly); it creates the instance profile
 *   for the instance role (the original declares both itself).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, LIBRARY_LAUNCH_TEMPLATE, synthesize, Synthesized, warning } from './corpus';
import { AllocationStrategy, ComputeEnvironment, ComputeResourceType, JobQueue } from '../../src';
import { testStack } from '../synth';

const SUBNETS = ['subnet-0ccccccccccccc001', 'subnet-0ccccccccccccc002'];
const C4 = ['c4.large', 'c4.xlarge', 'c4.2xlarge', 'c4.4xlarge', 'c4.8xlarge'];

function build(batchType: 'ec2' | 'fargate') {
  const stack = testStack(batchType === 'ec2' ? 'MetaflowEc2' : 'MetaflowFargate', { stackName: 'metaflow' });
  const vpc = existingVpc(stack, 'vpc-0c1b2c3d4e5f60718', SUBNETS, 'public');
  const defaultSg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'VpcDefaultSg', 'sg-0c0c0c0c0c0c0c0c0');
  // A custom service role with inline policies only (no AWSBatchServiceRole).
  const serviceRole = new iam.Role(stack, 'BatchExecutionRole', {
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    inlinePolicies: {
      IAM_PASS_ROLE: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: ['*'],
          conditions: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'ec2.amazonaws.com.cn', 'ecs-tasks.amazonaws.com'] } },
        })],
      }),
    },
  });
  const common = { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC }, securityGroups: [defaultSg], maxvCpus: 64 };
  const environment = new ComputeEnvironment(stack, 'ComputeEnvironment', {
    serviceRole,
    enabled: true,
    computeResources: batchType === 'ec2' ? {
      ...common,
      type: ComputeResourceType.ON_DEMAND,
      allocationStrategy: AllocationStrategy.BEST_FIT,
      minvCpus: 8,
      desiredvCpus: 8,
      instanceTypes: C4.map((t) => new ec2.InstanceType(t)),
      instanceRole: new iam.Role(stack, 'ECSInstanceRole', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role')],
      }),
    } : { ...common, type: ComputeResourceType.FARGATE },
  });
  const queue = new JobQueue(stack, 'JobQueue', {
    jobQueueName: `job-queue-${stack.stackName}`,
    priority: 1,
    enabled: true,
    computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
  });
  return { stack, environment, queue, serviceRole };
}

describe('03 Metaflow CloudFormation stack, BatchType ec2 (the default)', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build('ec2');
    synth = synthesize(setup.stack);
  });

  test('the environment: 8 to 64 vCPUs with 8 desired, c4 sizes, the instance profile, public subnets, the default SG', () => {
    expect(synth.properties(setup.environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MaxvCpus: 64,
        MinvCpus: 8,
        DesiredvCpus: 8,
        InstanceTypes: C4,
        InstanceRole: synth.getAtt(setup.environment.instanceProfile!, 'Arn'),
        SecurityGroupIds: ['sg-0c0c0c0c0c0c0c0c0'],
        Subnets: SUBNETS,
        LaunchTemplate: LIBRARY_LAUNCH_TEMPLATE,
      },
    });
  });

  test('the instance profile the library made wraps the ECS instance role', () => {
    expect(synth.properties(setup.environment.instanceProfile!)).toEqual({ Roles: [{ Ref: expect.stringMatching(/^ECSInstanceRole/) }] });
  });

  test('the service role is custom with inline policies only', () => {
    const role = synth.properties(setup.serviceRole);
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies.map((p: any) => p.PolicyName)).toEqual(['IAM_PASS_ROLE']);
  });

  test('the queue: job-queue-<StackName>, priority 1, order 1', () => {
    expect(synth.properties(setup.queue)).toEqual({
      JobQueueName: 'job-queue-metaflow',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 1 }],
    });
  });

  test('warnings: only that the custom service role and BEST_FIT keep Batch from updating in place', () => {
    expect(synth.warnings).toEqual([warning('/MetaflowEc2/ComputeEnvironment', 'compute-environment', 'noInfrastructureUpdate')]);
  });
});

describe('03 Metaflow CloudFormation stack, BatchType fargate', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build('fargate');
    synth = synthesize(setup.stack);
  });

  test('the same environment as FARGATE keeps MaxvCpus, the security group and the subnets, and drops the EC2 fields', () => {
    expect(synth.properties(setup.environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ComputeResources: { Type: 'FARGATE', MaxvCpus: 64, SecurityGroupIds: ['sg-0c0c0c0c0c0c0c0c0'], Subnets: SUBNETS },
    });
    expect(setup.environment.instanceProfile).toBeUndefined();
    expect(synth.resources('AWS::IAM::InstanceProfile')).toEqual({});
  });

  test('the queue is unchanged', () => {
    expect(synth.properties(setup.queue)).toEqual({
      JobQueueName: 'job-queue-metaflow',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 1 }],
    });
  });

  test('no warnings', () => {
    expect(synth.warnings).toEqual([]);
  });
});
