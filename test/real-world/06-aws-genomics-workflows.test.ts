/**
 * Source: aws-samples/aws-genomics-workflows, src/templates/gwfcore/gwfcore-batch.template.yaml (environments, queues),
 * gwfcore-root.template.yaml (defaults), src/templates/nextflow/nextflow-resources.template.yaml (the Nextflow head job)
 * and src/templates/_common/container-build.template.yaml (a tool's job definition), commit
 * d86b056afd4294b1df7449c04abf7e1fd7c2275d; author AWS (aws-samples); kind: CloudFormation (YAML, nested stacks).
 * Why real: the "Genomics Workflows on AWS" core environment under its Nextflow, Cromwell and Step Functions stacks,
 * with its own documentation site.
 *
 * Not expressed here, and why:
 * - The nested stacks: the launch template, the instance profile, the service role, the Spot Fleet role and the job role
 *   come from other stacks as parameters, so they are imported here (by ID or ARN), as this stack receives them.
 * - `FSxSubnetId` (default "No") and `NumberOfSubnets`: two subnets are given.
 * - The S3 paths of NF_LOGSDIR and NF_WORKDIR and the ARNs of the imported resources are placeholders built the same
 *   way (an SSM-resolved bucket; the nested stacks' generated names).
 * - The tool job definition's name (`ImageName`): `samtools` stands for it; its image, built by the stack, is named by URI.
 * - Differences on purpose: the library renders the legacy `Vcpus`/`Memory` as `ResourceRequirements` (Batch treats them
 *   alike), writes `PlatformCapabilities: [EC2]` and `ReplaceComputeEnvironment: false`; the fixed environment names
 *   warn (`fixedNameBlocksReplacement`) and the custom service role warns (`noInfrastructureUpdate`).
 */
import { Annotations, Size, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, synthesize, Synthesized, warning } from './corpus';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResources, ComputeResourceType, ImageType, JobDefinition, JobQueue,
} from '../../src';
import { testStack } from '../synth';

const NS = 'gwfcore';
const SUBNETS = ['subnet-0fffffffffffff001', 'subnet-0fffffffffffff002'];
/** The root template's `BatchComputeInstanceTypes` default, split on commas as the batch template does. */
const INSTANCE_TYPES = ('c4.large,m4.large,r4.large,c4.xlarge,m4.xlarge,r4.xlarge,c4.2xlarge,m4.2xlarge,r4.2xlarge,c4.4xlarge,m4.4xlarge,'
  + 'r4.4xlarge,c5.large,m5.large,r5.large,c5.xlarge,m5.xlarge,r5.xlarge,c5.2xlarge,m5.2xlarge,r5.2xlarge,c5.4xlarge,m5.4xlarge,r5.4xlarge')
  .split(',');
const PROFILE_ARN = 'arn:aws:iam::123456789012:instance-profile/gwfcore-iam-BatchInstanceProfile-1A2B3C4D5E6F';
const SERVICE_ROLE_ARN = 'arn:aws:iam::123456789012:role/gwfcore-iam-BatchServiceRole-1A2B3C4D5E6F';
const SPOT_FLEET_ROLE_ARN = 'arn:aws:iam::123456789012:role/gwfcore-iam-BatchSpotFleetRole-1A2B3C4D5E6F';
const JOB_ROLE_ARN = 'arn:aws:iam::123456789012:role/nextflow-resources-NextflowJobRole-1A2B3C4D5E6F';
const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function build() {
  const stack = testStack('GenomicsWorkflows', { stackName: NS });
  const vpc = existingVpc(stack, 'vpc-0f1b2c3d4e5f60718', SUBNETS);
  // SSH from anywhere, all TCP from itself, all TCP out.
  const securityGroup = new ec2.SecurityGroup(stack, 'SecurityGroup', { vpc, allowAllOutbound: false });
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.allTcp(), 'all TCP out');
  securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'SSH');
  Validations.of(securityGroup).acknowledge({ id: 'CloudFormation-Validate::W2508', reason: 'The original opens SSH to the world' });
  securityGroup.addIngressRule(securityGroup, ec2.Port.allTcp(), 'all TCP from itself');
  // Passed in from the launch template and IAM stacks.
  const launchTemplate = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'LaunchTemplate', { launchTemplateId: 'lt-0123456789abcdef0' });
  const instanceProfile = iam.InstanceProfile.fromInstanceProfileArn(stack, 'Ec2InstanceProfile', PROFILE_ARN);
  const serviceRole = iam.Role.fromRoleArn(stack, 'BatchServiceRole', SERVICE_ROLE_ARN);
  const spotFleetRole = iam.Role.fromRoleArn(stack, 'SpotFleetRole', SPOT_FLEET_ROLE_ARN);

  const common = (name: string): ComputeResources => ({
    vpc,
    securityGroups: [securityGroup],
    imageType: ImageType.ECS_AL2,
    launchTemplate: { launchTemplate, version: '$Latest' },
    instanceProfile,
    instanceTypes: INSTANCE_TYPES.map((t) => new ec2.InstanceType(t)),
    minvCpus: 0,
    maxvCpus: 100,
    tags: { Name: name, architecture: 'genomics-workflows' },
  });
  const spot = new ComputeEnvironment(stack, 'SpotComputeEnv', {
    computeEnvironmentName: `spot-${NS}`,
    serviceRole,
    computeResources: {
      ...common(`batch-worker-spot-${NS}`),
      type: ComputeResourceType.SPOT,
      allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED,
      bidPercentage: 100,
      spotFleetRole,
    },
  });
  const onDemand = new ComputeEnvironment(stack, 'OnDemandComputeEnv', {
    computeEnvironmentName: `ondemand-${NS}`,
    serviceRole,
    computeResources: {
      ...common(`batch-worker-ondemand-${NS}`),
      type: ComputeResourceType.ON_DEMAND,
      allocationStrategy: AllocationStrategy.BEST_FIT,
    },
  });
  const priorityQueue = new JobQueue(stack, 'PriorityQueue', {
    jobQueueName: `priority-${NS}`,
    priority: 1000,
    computeEnvironments: [{ computeEnvironment: onDemand, order: 1 }],
  });
  const defaultQueue = new JobQueue(stack, 'DefaultQueue', {
    jobQueueName: `default-${NS}`,
    priority: 1,
    computeEnvironments: [{ computeEnvironment: spot, order: 1 }],
  });

  const nextflow = new JobDefinition(stack, 'NextflowJobDefinition', {
    jobDefinitionName: `nextflow-${NS}`,
    container: {
      image: ecs.ContainerImage.fromRegistry(`${IMAGE}/nextflow:latest`),
      vcpus: 2,
      memory: Size.mebibytes(1024),
      jobRole: iam.Role.fromRoleArn(stack, 'NextflowJobRole', JOB_ROLE_ARN),
      environment: {
        NF_JOB_QUEUE: `{{resolve:ssm:/gwfcore/${NS}/job-queue/default:1}}`,
        NF_LOGSDIR: `s3://{{resolve:ssm:/gwfcore/${NS}/s3-bucket:1}}/_nextflow/logs`,
        NF_WORKDIR: `s3://{{resolve:ssm:/gwfcore/${NS}/s3-bucket:1}}/_nextflow/runs`,
        EFS_MOUNT: '', // no EFS file system
      },
    },
  });
  const tool = new JobDefinition(stack, 'BatchJobDef', {
    jobDefinitionName: 'samtools',
    container: {
      image: ecs.ContainerImage.fromRegistry(`${IMAGE}/samtools:latest`),
      vcpus: 8,
      memory: Size.mebibytes(16000),
      volumes: [{ name: 'awscli', hostPath: '/opt/aws-cli' }],
      mountPoints: [{ sourceVolume: 'awscli', containerPath: '/opt/aws-cli' }],
    },
  });
  // The images are in ECR: the instance role (AmazonEC2ContainerServiceforEC2Role) pulls them.
  for (const definition of [nextflow, tool]) {
    Annotations.of(definition).acknowledgeWarning('@aws-cdk/aws-ecs:ecrImageRequiresPolicy', 'The instance role pulls the image');
  }
  return { stack, spot, onDemand, priorityQueue, defaultQueue, nextflow, tool, securityGroup };
}

describe('06 aws-samples/aws-genomics-workflows gwfcore', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  const resources = (name: string) => ({
    Ec2Configuration: [{ ImageType: 'ECS_AL2' }],
    LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', Version: '$Latest' },
    InstanceRole: PROFILE_ARN,
    InstanceTypes: INSTANCE_TYPES,
    MinvCpus: 0,
    MaxvCpus: 100,
    SecurityGroupIds: [synth.getAtt(setup.securityGroup, 'GroupId')],
    Subnets: SUBNETS,
    Tags: { Name: name, architecture: 'genomics-workflows' },
  });

  test('the Spot environment: fixed name, ECS_AL2 with the shared launch template, the imported profile ARN and fleet role', () => {
    expect(synth.properties(setup.spot)).toEqual({
      ComputeEnvironmentName: `spot-${NS}`,
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: SERVICE_ROLE_ARN,
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'SPOT',
        AllocationStrategy: 'SPOT_CAPACITY_OPTIMIZED',
        BidPercentage: 100,
        SpotIamFleetRole: SPOT_FLEET_ROLE_ARN,
        ...resources(`batch-worker-spot-${NS}`),
      },
    });
  });

  test('the on-demand environment: BEST_FIT, no Spot settings, the same launch template', () => {
    expect(synth.properties(setup.onDemand)).toEqual({
      ComputeEnvironmentName: `ondemand-${NS}`,
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: SERVICE_ROLE_ARN,
      ReplaceComputeEnvironment: false,
      ComputeResources: { Type: 'EC2', AllocationStrategy: 'BEST_FIT', ...resources(`batch-worker-ondemand-${NS}`) },
    });
  });

  test('the queues: priority-<ns> at 1000 on demand, default-<ns> at 1 on Spot', () => {
    expect(synth.properties(setup.priorityQueue)).toEqual({
      JobQueueName: `priority-${NS}`,
      Priority: 1000,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.onDemand, 'ComputeEnvironmentArn'), Order: 1 }],
    });
    expect(synth.properties(setup.defaultQueue)).toEqual({
      JobQueueName: `default-${NS}`,
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.spot, 'ComputeEnvironmentArn'), Order: 1 }],
    });
  });

  test('the Nextflow head job: 2 vCPUs / 1024 MiB, the job role, SSM references and an empty EFS_MOUNT', () => {
    expect(synth.properties(setup.nextflow)).toEqual({
      JobDefinitionName: `nextflow-${NS}`,
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      ContainerProperties: {
        Image: `${IMAGE}/nextflow:latest`,
        // library: ResourceRequirements for the original's legacy Vcpus 2 / Memory 1024
        ResourceRequirements: [{ Type: 'VCPU', Value: '2' }, { Type: 'MEMORY', Value: '1024' }],
        JobRoleArn: JOB_ROLE_ARN,
        Environment: [
          { Name: 'NF_JOB_QUEUE', Value: `{{resolve:ssm:/gwfcore/${NS}/job-queue/default:1}}` },
          { Name: 'NF_LOGSDIR', Value: `s3://{{resolve:ssm:/gwfcore/${NS}/s3-bucket:1}}/_nextflow/logs` },
          { Name: 'NF_WORKDIR', Value: `s3://{{resolve:ssm:/gwfcore/${NS}/s3-bucket:1}}/_nextflow/runs` },
          { Name: 'EFS_MOUNT', Value: '' },
        ],
      },
    });
  });

  test('the tool job: 8 vCPUs / 16000 MiB and the AWS CLI bind mount without ReadOnly', () => {
    expect(synth.properties(setup.tool)).toEqual({
      JobDefinitionName: 'samtools',
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      ContainerProperties: {
        Image: `${IMAGE}/samtools:latest`,
        ResourceRequirements: [{ Type: 'VCPU', Value: '8' }, { Type: 'MEMORY', Value: '16000' }],
        Volumes: [{ Name: 'awscli', Host: { SourcePath: '/opt/aws-cli' } }],
        MountPoints: [{ ContainerPath: '/opt/aws-cli', SourceVolume: 'awscli' }],
      },
    });
  });

  test('nothing IAM is created: every role and profile is the other stacks\'', () => {
    expect(synth.resources('AWS::IAM::Role')).toEqual({});
    expect(synth.resources('AWS::IAM::InstanceProfile')).toEqual({});
    expect(synth.resources('AWS::EC2::LaunchTemplate')).toEqual({});
  });

  test('warnings: the fixed environment names, and the custom service role (and BEST_FIT) that block in-place updates', () => {
    expect(synth.warnings).toEqual([
      warning('/GenomicsWorkflows/OnDemandComputeEnv', 'compute-environment', 'fixedNameBlocksReplacement'),
      warning('/GenomicsWorkflows/OnDemandComputeEnv', 'compute-environment', 'noInfrastructureUpdate'),
      warning('/GenomicsWorkflows/SpotComputeEnv', 'compute-environment', 'fixedNameBlocksReplacement'),
      warning('/GenomicsWorkflows/SpotComputeEnv', 'compute-environment', 'noInfrastructureUpdate'),
    ]);
  });
});
