/**
 * Source: outerbounds/terraform-aws-metaflow, modules/computation/batch.tf, ec2.tf, locals.tf, variables.tf (and the root
 * variables.tf / main.tf for the defaults passed in), commit 238740fcd7837177eedf0ec5fbde42d0f73c22e0; author Outerbounds;
 * kind: Terraform (registry module `outerbounds/metaflow/aws`).
 * Why real: the official Terraform deployment of Metaflow on AWS, updated in 2025.
 *
 * Not expressed here, and why:
 * - The generated environment name (`metaflowcpu` prefix): CloudFormation generates one.
 * - Terraform's `lifecycle { ignore_changes = [desired_vcpus] }`: no CloudFormation equivalent. Its
 *   `create_before_destroy` (replace when an update needs it) is `replaceComputeEnvironment: true` here.
 * - The `fargate` mode of `batch_type`: the default `ec2` mode is rewritten.
 * - The service role `metaflow-batch-execution-role` and its four inline policies belong to another file of the
 *   module: imported by name. The VPC and its two subnets come from the caller: imported.
 * - `standard_tags` defaults to `{}`: no tags.
 * - The queue uses Terraform's deprecated `compute_environments` list, which the provider turns into order 0.
 * - Differences on purpose: the launch template version is the template's `LatestVersionNumber` attribute (Terraform
 *   passes `latest_version`, the same number); the library writes `State: ENABLED`.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, partitionArn, synthesize, Synthesized } from './corpus';
import { AllocationStrategy, ComputeEnvironment, ComputeResourceType, JobQueue } from '../../src';
import { testStack } from '../synth';

const SUBNETS = ['subnet-0ddddddddddddd001', 'subnet-0ddddddddddddd002'];
const C4 = ['c4.large', 'c4.xlarge', 'c4.2xlarge', 'c4.4xlarge', 'c4.8xlarge'];

function build() {
  const stack = testStack('MetaflowTerraform');
  const vpc = existingVpc(stack, 'vpc-0d1b2c3d4e5f60718', SUBNETS);
  const securityGroup = new ec2.SecurityGroup(stack, 'ComputeSg', {
    vpc,
    securityGroupName: 'metaflowbatch-compute-environment-security-group',
    allowAllOutbound: true,
  });
  securityGroup.addIngressRule(securityGroup, ec2.Port.allTraffic(), 'all traffic from itself');

  const instanceRole = new iam.Role(stack, 'EcsInstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role')],
  });
  const instanceProfile = new iam.InstanceProfile(stack, 'EcsInstanceProfile', { instanceProfileName: 'metaflow-ecs-iam-role', role: instanceRole });
  const launchTemplate = new ec2.LaunchTemplate(stack, 'CpuLaunchTemplate', {
    launchTemplateName: 'metaflowbatch-launch-tmpl-cpu-100gb',
    instanceProfile,
    blockDevices: [{
      deviceName: '/dev/xvda',
      volume: ec2.BlockDeviceVolume.ebs(100, { encrypted: true, deleteOnTermination: true }),
    }],
    httpEndpoint: true,
    httpTokens: ec2.LaunchTemplateHttpTokens.OPTIONAL,
    httpPutResponseHopLimit: 2,
  });

  const environment = new ComputeEnvironment(stack, 'Cpu', {
    serviceRole: iam.Role.fromRoleName(stack, 'BatchExecutionRole', 'metaflow-batch-execution-role'),
    replaceComputeEnvironment: true,
    computeResources: {
      type: ComputeResourceType.ON_DEMAND,
      vpc,
      securityGroups: [securityGroup],
      allocationStrategy: AllocationStrategy.BEST_FIT,
      minvCpus: 8,
      desiredvCpus: 8,
      maxvCpus: 64,
      instanceTypes: C4.map((t) => new ec2.InstanceType(t)),
      instanceProfile,
      launchTemplate: { launchTemplate },
    },
  });
  const queue = new JobQueue(stack, 'Queue', {
    jobQueueName: 'metaflow',
    priority: 1,
    computeEnvironments: [{ computeEnvironment: environment, order: 0 }],
  });
  return { stack, environment, queue, launchTemplate, instanceProfile, securityGroup };
}

describe('04 outerbounds/terraform-aws-metaflow computation module', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test('the environment: BEST_FIT, 8 to 64 vCPUs, c4 sizes, the named profile, its own launch template by version number', () => {
    expect(synth.properties(setup.environment)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: partitionArn(':iam::123456789012:role/metaflow-batch-execution-role'),
      ReplaceComputeEnvironment: true,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MinvCpus: 8,
        DesiredvCpus: 8,
        MaxvCpus: 64,
        InstanceTypes: C4,
        InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
        SecurityGroupIds: [synth.getAtt(setup.securityGroup, 'GroupId')],
        Subnets: SUBNETS,
        LaunchTemplate: {
          LaunchTemplateId: synth.ref(setup.launchTemplate),
          Version: synth.getAtt(setup.launchTemplate, 'LatestVersionNumber'),
        },
      },
    });
  });

  test('the launch template: 100 GiB encrypted root volume, IMDS optional with hop limit 2, the same instance profile', () => {
    expect(synth.properties(setup.launchTemplate)).toMatchObject({
      LaunchTemplateName: 'metaflowbatch-launch-tmpl-cpu-100gb',
      LaunchTemplateData: {
        IamInstanceProfile: { Arn: synth.getAtt(setup.instanceProfile, 'Arn') },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 100, Encrypted: true, DeleteOnTermination: true } }],
        MetadataOptions: { HttpEndpoint: 'enabled', HttpTokens: 'optional', HttpPutResponseHopLimit: 2 },
      },
    });
    expect(synth.properties(setup.launchTemplate).LaunchTemplateData.ImageId).toBeUndefined();
    expect(synth.properties(setup.launchTemplate).LaunchTemplateData.UserData).toBeUndefined();
    expect(synth.properties(setup.instanceProfile)).toMatchObject({ InstanceProfileName: 'metaflow-ecs-iam-role' });
  });

  test('the queue `metaflow` keeps the order 0 that the deprecated list argument gives', () => {
    expect(synth.properties(setup.queue)).toEqual({
      JobQueueName: 'metaflow',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 0 }],
    });
  });

  test('no warnings (replaceComputeEnvironment: true answers the custom role and BEST_FIT)', () => {
    expect(synth.warnings).toEqual([]);
  });

  test('the library adds no launch template, role or profile of its own', () => {
    expect(Object.keys(synth.resources('AWS::EC2::LaunchTemplate'))).toHaveLength(1);
    expect(Object.keys(synth.resources('AWS::IAM::Role'))).toHaveLength(1);
    expect(Object.keys(synth.resources('AWS::IAM::InstanceProfile'))).toHaveLength(1);
  });
});
