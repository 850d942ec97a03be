/**
 * Source: JamesWoolfenden/terraform-aws-batch, aws_batch_compute_environment.batch.tf, aws_batch_job_queue.batch.tf,
 * aws_batch_job_definition.batch.tf, aws_batch_scheduling_policy.pike.tf, variables.tf, example/examplea/module.batch.tf
 * and example/examplea/examplea.auto.tfvars, commit aaf54f01ff7f23709135670e4cab49d55578660d; author James Woolfenden
 * (independent author of many Terraform modules and of the `pike` IAM tool); kind: Terraform module with an example.
 * Why real: a published Terraform Registry module with CI (checkov, pre-commit, infracost); the example's values are
 * from a real account (680235478471), which this stack uses.
 *
 * Not expressed here, and why:
 * - The generated environment name (`compute_environment_name_prefix = "pike"`): CloudFormation generates one.
 * - `bid_percentage = 0` on an on-demand environment: the Terraform provider sends a bid percentage only when it is
 *   not 0, so the original environment has none. The rewrite gives `bidPercentage: 0` as the module's input says: the
 *   library passes it on (Batch ignores it for On-Demand instances) and warns (`bidPercentageNotSpot`).
 * - The queue's priority arrives as the string "1" through a `map(any)` variable; the provider sends the number 1.
 * - The queue uses Terraform's deprecated `compute_environments` list: order 0, kept.
 * - Nothing but Batch resources is created: the VPC, security group, subnet, service role and instance profile
 *   exist in the account and are imported.
 * - Differences on purpose: the legacy `Vcpus`/`Memory` become `ResourceRequirements` (so that list is not empty);
 *   the library writes the allocation strategy (Batch's default BEST_FIT, given), `State: ENABLED`,
 *   `ReplaceComputeEnvironment: false` and `PlatformCapabilities: [EC2]`; BEST_FIT warns (`noInfrastructureUpdate`).
 *   The service-linked role given explicitly is recognised: it does not warn.
 */
import { Duration, Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, synthesize, Synthesized, warning } from './corpus';
import {
  AllocationStrategy, BatchInstanceTypes, ComputeEnvironment, ComputeResourceType, JobDefinition, JobQueue, SchedulingPolicy,
} from '../../src';
import { testStack } from '../synth';

const ACCOUNT = '680235478471';
const SERVICE_LINKED_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch`;
const INSTANCE_PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/ecsInstanceRole`;
const COMMON_TAGS = { createdby: 'Terraform', module: 'terraform-aws-batch' };

function build() {
  const stack = testStack('Woolfenden', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const vpc = existingVpc(stack, 'vpc-0a1b2c3d4e5f67890', ['subnet-03fdfb13a135366a7']);
  const environment = new ComputeEnvironment(stack, 'Batch', {
    serviceRole: iam.Role.fromRoleArn(stack, 'BatchServiceLinkedRole', SERVICE_LINKED_ROLE),
    computeResources: {
      type: ComputeResourceType.ON_DEMAND,
      vpc,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-05b27cb61c9c46bd2')],
      allocationStrategy: AllocationStrategy.BEST_FIT,
      bidPercentage: 0,
      desiredvCpus: 2,
      minvCpus: 0,
      maxvCpus: 256,
      instanceProfile: iam.InstanceProfile.fromInstanceProfileArn(stack, 'EcsInstanceRole', INSTANCE_PROFILE),
      instanceTypes: [BatchInstanceTypes.OPTIMAL],
      tags: COMMON_TAGS,
    },
  });
  const policy = new SchedulingPolicy(stack, 'Pike', {
    schedulingPolicyName: 'pike',
    computeReservation: 1,
    shareDecay: Duration.seconds(3600),
    shares: [{ shareIdentifier: 'A1*', weightFactor: 0.1 }, { shareIdentifier: 'A2', weightFactor: 0.2 }],
  });
  const queue = new JobQueue(stack, 'Queue', {
    jobQueueName: 'first-run-job-queue-2',
    priority: 1,
    schedulingPolicy: policy,
    computeEnvironments: [{ computeEnvironment: environment, order: 0 }],
  });
  for (const scope of [environment, policy, queue]) {
    for (const [key, value] of Object.entries(COMMON_TAGS)) Tags.of(scope).add(key, value);
  }
  const definition = new JobDefinition(stack, 'JobDefinition', {
    jobDefinitionName: 'first-run-job-definition',
    parameters: {},
    container: {
      image: ecs.ContainerImage.fromRegistry('busybox'),
      command: ['echo', '\'hello world\''],
      memory: Size.mebibytes(2000),
      vcpus: 2,
      environment: {},
      mountPoints: [],
      ulimits: [],
      volumes: [],
    },
    tags: COMMON_TAGS,
  });
  return { stack, environment, policy, queue, definition };
}

describe('15 JamesWoolfenden/terraform-aws-batch examplea', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test('the environment: the explicit service-linked role, the account\'s ecsInstanceRole profile, `optimal`, 2 desired vCPUs', () => {
    expect(synth.properties(setup.environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: SERVICE_LINKED_ROLE,
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        BidPercentage: 0, // the Terraform provider drops 0; the library passes it on and warns
        DesiredvCpus: 2,
        MinvCpus: 0,
        MaxvCpus: 256,
        InstanceRole: INSTANCE_PROFILE,
        InstanceTypes: ['optimal'],
        SecurityGroupIds: ['sg-05b27cb61c9c46bd2'],
        Subnets: ['subnet-03fdfb13a135366a7'],
        Tags: COMMON_TAGS,
        LaunchTemplate: {
          LaunchTemplateId: { Ref: 'BatchImdsv2LaunchTemplate' }, // library: its IMDSv2 launch template
          Version: { 'Fn::GetAtt': ['BatchImdsv2LaunchTemplate', 'LatestVersionNumber'] },
        },
      },
      Tags: COMMON_TAGS,
    });
  });

  test('the existing profile and role are used as they are: no IAM resource is created', () => {
    expect(setup.environment.instanceProfile!.instanceProfileArn).toBe(INSTANCE_PROFILE);
    expect(synth.resources('AWS::IAM::Role')).toEqual({});
    expect(synth.resources('AWS::IAM::InstanceProfile')).toEqual({});
  });

  test('the fair-share policy `pike`: reservation 1, A1* 0.1 and A2 0.2', () => {
    expect(synth.properties(setup.policy)).toEqual({
      Name: 'pike',
      FairsharePolicy: {
        ComputeReservation: 1,
        ShareDecaySeconds: 3600,
        ShareDistribution: [{ ShareIdentifier: 'A1*', WeightFactor: 0.1 }, { ShareIdentifier: 'A2', WeightFactor: 0.2 }],
      },
      Tags: COMMON_TAGS,
    });
  });

  test('the queue: order 0 from the deprecated list, priority 1, the policy', () => {
    expect(synth.properties(setup.queue)).toEqual({
      JobQueueName: 'first-run-job-queue-2',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 0 }],
      SchedulingPolicyArn: synth.getAtt(setup.policy, 'Arn'),
      Tags: COMMON_TAGS,
    });
  });

  test('the job: empty Parameters, a quoted argument, 2 vCPUs / 2000 MiB, and the empty lists of the original', () => {
    expect(synth.properties(setup.definition)).toEqual({
      JobDefinitionName: 'first-run-job-definition',
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      Parameters: {},
      ContainerProperties: {
        Image: 'busybox',
        Command: ['echo', '\'hello world\''],
        ResourceRequirements: [{ Type: 'VCPU', Value: '2' }, { Type: 'MEMORY', Value: '2000' }],
        Environment: [],
        MountPoints: [],
        Ulimits: [],
        Volumes: [],
      },
      Tags: COMMON_TAGS,
    });
  });

  test('warnings: the bid percentage on an on-demand environment, and BEST_FIT', () => {
    expect(synth.warnings).toEqual([
      warning('/Woolfenden/Batch', 'compute-environment', 'bidPercentageNotSpot'),
      warning('/Woolfenden/Batch', 'compute-environment', 'noInfrastructureUpdate'),
    ]);
  });
});
