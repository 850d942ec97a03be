/**
 * Source: ASFHyP3/hyp3, apps/compute-cf.yml.j2 (environments, queues, scheduling policy, launch template, IAM),
 * apps/workflow-cf.yml.j2 (job definitions), apps/main-cf.yml.j2 (parameter defaults),
 * job_spec/config/compute_environments.yml (the extra environments) and the `hyp3-edc-prod` deployment's values in
 * .github/workflows, commit 0973e6d73ad96b658f19471b4ffd6c8095f0f6b8; author Alaska Satellite Facility (University of
 * Alaska Fairbanks), ASFHyP3 team; kind: CloudFormation (YAML rendered from Jinja2).
 * Why real: the backend of ASF's HyP3 on-demand SAR processing service for NASA, with many production deployments.
 *
 * Not expressed here, and why:
 * - The Jinja2 loops: the rendered template for `hyp3-edc-prod` is rewritten with three of its environments (the default
 *   one, `SrgGslc` with a GPU AMI, `DefaultSpot`) and one job step (SRG_GSLC); the other entries have the same shape.
 * - The `AmiId` parameter (type: SSM parameter of an AMI ID, `/ngap/amis/image_id_ecs_al2023_x86` in this deployment)
 *   becomes `ec2.MachineImage.fromSsmParameter`, which is the same kind of template parameter.
 * - `InstanceRole: !Ref InstanceProfile` names the profile; the library passes its ARN (Batch takes either).
 * - The user data's exact text: rewritten with the same purpose (format the instance-store NVMe disk once and mount it
 *   on /var/lib/docker, as a cloud-boothook).
 * - The roles' custom policies (S3, SNS, rds-db, Secrets Manager) and JPL's custom role resources: abbreviated; the
 *   subnets and the Earthdata secret are inputs: imported.
 * - The ScaleCluster stack that changes MaxvCpus at run time.
 * - Differences on purpose: the library writes `State: ENABLED` and `ReplaceComputeEnvironment: false`, an empty
 *   `FairsharePolicy` for the policy without properties, `PlatformCapabilities: [EC2]`, and names the job definition
 *   after its construct path. The custom service role warns (`noInfrastructureUpdate`) and the `Ref::` placeholders
 *   without defaults warn (`undeclaredParameter`, once per name): HyP3 always passes them at SubmitJob.
 */
import { Duration, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { existingVpc, synthesize, Synthesized, warning } from './corpus';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResources, ComputeResourceType, JobDefinition, JobQueue, SchedulingPolicy,
} from '../../src';
import { testStack } from '../synth';

const STACK = 'hyp3-edc-prod';
const SUBNETS = ['subnet-0131313131313a001', 'subnet-0131313131313a002'];
const R8ID = ['r8id.xlarge', 'r8id.2xlarge', 'r8id.4xlarge', 'r8id.8xlarge', 'r8id.12xlarge', 'r8id.16xlarge'];
const GPU_AMI = '{{resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id}}';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:hyp3-edc-prod-earthdata-AbCdEf';
const COMMAND = ['++process', 'back_projection', '--bounds', 'Ref::bounds', '--gpu', '--bucket', 'Ref::bucket', '--bucket-prefix',
  'Ref::bucket_prefix', 'Ref::granules'];

function build() {
  const stack = testStack('Hyp3', { stackName: STACK });
  const vpc = existingVpc(stack, 'vpc-0131313131313131a', SUBNETS);
  const securityGroup = new ec2.SecurityGroup(stack, 'SecurityGroup', { vpc });
  const serviceRole = new iam.Role(stack, 'BatchServiceRole', {
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const instanceProfile = new iam.InstanceProfile(stack, 'InstanceProfile', {
    role: new iam.Role(stack, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role')],
    }),
  });

  // Shared by every environment: IMDSv2 and a boothook that puts Docker on the instance-store NVMe disk.
  const userData = new ec2.MultipartUserData();
  userData.addPart(ec2.MultipartBody.fromRawBody({
    contentType: 'text/cloud-boothook; charset="us-ascii"',
    body: [
      '#cloud-boothook',
      '#!/bin/bash',
      'blkid /dev/nvme1n1 || mkfs.ext4 /dev/nvme1n1',
      'mkdir -p /var/lib/docker',
      'mountpoint -q /var/lib/docker || mount /dev/nvme1n1 /var/lib/docker',
    ].join('\n'),
  }));
  const launchTemplate = new ec2.LaunchTemplate(stack, 'LaunchTemplate', { requireImdsv2: true, userData });

  const amiId = ec2.MachineImage.fromSsmParameter('/ngap/amis/image_id_ecs_al2023_x86');
  const resources = (overrides: Partial<ComputeResources>): ComputeResources => ({
    vpc,
    type: ComputeResourceType.ON_DEMAND,
    allocationStrategy: AllocationStrategy.BEST_FIT_PROGRESSIVE,
    minvCpus: 0,
    maxvCpus: 1500,
    instanceTypes: R8ID.map((t) => new ec2.InstanceType(t)),
    image: amiId,
    securityGroups: [securityGroup],
    instanceProfile,
    // The library's default version of a template made here is its LatestVersionNumber, as in the original.
    launchTemplate: { launchTemplate },
    tags: { Name: STACK },
    ...overrides,
  });
  const environments = {
    default: new ComputeEnvironment(stack, 'ComputeEnvironment', { serviceRole, computeResources: resources({}) }),
    srgGslc: new ComputeEnvironment(stack, 'SrgGslc', {
      serviceRole,
      computeResources: resources({
        instanceTypes: [new ec2.InstanceType('g6.2xlarge')],
        image: ec2.MachineImage.genericLinux({ 'us-east-1': GPU_AMI }),
      }),
    }),
    // Spot with SPOT_PRICE_CAPACITY_OPTIMIZED: no Spot Fleet role, no bid percentage.
    defaultSpot: new ComputeEnvironment(stack, 'DefaultSpot', {
      serviceRole,
      computeResources: resources({ type: ComputeResourceType.SPOT, allocationStrategy: AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED }),
    }),
  };

  const schedulingPolicy = new SchedulingPolicy(stack, 'SchedulingPolicy');
  const queues = {
    default: new JobQueue(stack, 'BatchJobQueue', { priority: 1, schedulingPolicy, computeEnvironments: [{ computeEnvironment: environments.default, order: 1 }] }),
    srgGslc: new JobQueue(stack, 'SrgGslcJobQueue', { priority: 1, schedulingPolicy, computeEnvironments: [{ computeEnvironment: environments.srgGslc, order: 1 }] }),
    defaultSpot: new JobQueue(stack, 'DefaultSpotJobQueue', {
      priority: 1, schedulingPolicy, computeEnvironments: [{ computeEnvironment: environments.defaultSpot, order: 1 }],
    }),
  };

  const taskRole = new iam.Role(stack, 'TaskRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess')],
  });
  const executionRole = new iam.Role(stack, 'ExecutionRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
  });
  const earthdata = secretsmanager.Secret.fromSecretCompleteArn(stack, 'EarthdataSecret', SECRET_ARN);
  const srgGslcJob = new JobDefinition(stack, 'SrgGslcJob', {
    container: {
      image: ecs.ContainerImage.fromRegistry('ghcr.io/asfhyp3/hyp3-srg:latest'),
      jobRole: taskRole,
      executionRole,
      vcpus: 1,
      memory: Size.mebibytes(30500),
      gpuCount: 1,
      command: COMMAND,
      secrets: {
        EARTHDATA_USERNAME: ecs.Secret.fromSecretsManager(earthdata, 'EARTHDATA_USERNAME'),
        EARTHDATA_PASSWORD: ecs.Secret.fromSecretsManager(earthdata, 'EARTHDATA_PASSWORD'),
      },
    },
    timeout: Duration.seconds(10800),
  });
  return {
    stack, environments, queues, schedulingPolicy, srgGslcJob, launchTemplate, instanceProfile, serviceRole, securityGroup, taskRole, executionRole,
  };
}

describe('13 ASFHyP3/hyp3 compute and workflow stacks (hyp3-edc-prod)', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  const computeResources = (type: string, strategy: string) => ({
    Type: type,
    AllocationStrategy: strategy,
    MinvCpus: 0,
    MaxvCpus: 1500,
    InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
    SecurityGroupIds: [synth.getAtt(setup.securityGroup, 'GroupId')],
    Subnets: SUBNETS,
    LaunchTemplate: { LaunchTemplateId: synth.ref(setup.launchTemplate), Version: synth.getAtt(setup.launchTemplate, 'LatestVersionNumber') },
    Tags: { Name: STACK },
  });
  const environment = (resources: Record<string, unknown>) => ({
    Type: 'MANAGED',
    State: 'ENABLED',
    ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
    ReplaceComputeEnvironment: false,
    ComputeResources: resources,
  });
  const amiParameter = () => ({ Ref: expect.stringMatching(/^SsmParameterValuengapamisimageidecsal2023x86/) });

  test('the default environment: BEST_FIT_PROGRESSIVE up to 1500 vCPUs over r8id sizes, the AMI from its SSM parameter', () => {
    const properties = synth.properties(setup.environments.default);
    expect(properties).toEqual(environment({
      ...computeResources('EC2', 'BEST_FIT_PROGRESSIVE'), InstanceTypes: R8ID, ImageId: amiParameter(),
    }));
    expect(synth.template.toJSON().Parameters[properties.ComputeResources.ImageId.Ref].Default).toBe('/ngap/amis/image_id_ecs_al2023_x86');
  });

  test('SrgGslc: g6.2xlarge with the AL2023 GPU AMI as a dynamic SSM reference, no image type', () => {
    const properties = synth.properties(setup.environments.srgGslc);
    expect(properties).toEqual(environment({ ...computeResources('EC2', 'BEST_FIT_PROGRESSIVE'), InstanceTypes: ['g6.2xlarge'], ImageId: GPU_AMI }));
    expect(properties.ComputeResources.Ec2Configuration).toBeUndefined();
  });

  test('DefaultSpot: SPOT with SPOT_PRICE_CAPACITY_OPTIMIZED and neither a Spot Fleet role nor a bid percentage', () => {
    const properties = synth.properties(setup.environments.defaultSpot);
    expect(properties).toEqual(environment({
      ...computeResources('SPOT', 'SPOT_PRICE_CAPACITY_OPTIMIZED'), InstanceTypes: R8ID, ImageId: amiParameter(),
    }));
    expect(properties.ComputeResources.SpotIamFleetRole).toBeUndefined();
    expect(properties.ComputeResources.BidPercentage).toBeUndefined();
    expect(setup.environments.defaultSpot.spotFleetRole).toBeUndefined();
  });

  test('the shared launch template: IMDSv2 and a cloud-boothook that mounts the NVMe disk on /var/lib/docker', () => {
    const data = synth.properties(setup.launchTemplate).LaunchTemplateData;
    expect(data.MetadataOptions).toEqual({ HttpTokens: 'required' });
    const userData = JSON.stringify(data.UserData);
    expect(userData).toContain('text/cloud-boothook');
    expect(userData).toContain('/dev/nvme1n1');
    expect(userData).toContain('/var/lib/docker');
    expect(data.ImageId).toBeUndefined();
    expect(data.BlockDeviceMappings).toBeUndefined();
  });

  test('the scheduling policy has no properties of its own (the library writes an empty FairsharePolicy)', () => {
    expect(synth.properties(setup.schedulingPolicy)).toEqual({ FairsharePolicy: {} });
  });

  test('the queues: priority 1, order 1, every one with the same policy, no names', () => {
    for (const key of ['default', 'srgGslc', 'defaultSpot'] as const) {
      expect(synth.properties(setup.queues[key])).toEqual({
        Priority: 1,
        State: 'ENABLED',
        ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environments[key], 'ComputeEnvironmentArn'), Order: 1 }],
        SchedulingPolicyArn: synth.getAtt(setup.schedulingPolicy, 'Arn'),
      });
    }
  });

  test('the SRG_GSLC job: 1 vCPU / 30500 MiB / 1 GPU, Ref:: arguments, secrets by JSON key, a 3-hour timeout', () => {
    expect(synth.properties(setup.srgGslcJob)).toEqual({
      JobDefinitionName: expect.stringMatching(/^hyp3edcprodSrgGslcJob/),
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      ContainerProperties: {
        Image: 'ghcr.io/asfhyp3/hyp3-srg:latest',
        JobRoleArn: synth.getAtt(setup.taskRole, 'Arn'),
        ExecutionRoleArn: synth.getAtt(setup.executionRole, 'Arn'),
        ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '30500' }, { Type: 'GPU', Value: '1' }],
        Command: COMMAND,
        Secrets: [
          { Name: 'EARTHDATA_USERNAME', ValueFrom: `${SECRET_ARN}:EARTHDATA_USERNAME::` },
          { Name: 'EARTHDATA_PASSWORD', ValueFrom: `${SECRET_ARN}:EARTHDATA_PASSWORD::` },
        ],
      },
      Timeout: { AttemptDurationSeconds: 10800 },
    });
    expect(synth.properties(setup.srgGslcJob).Parameters).toBeUndefined();
  });

  test('warnings: the custom service role on each EC2 environment, and each Ref:: placeholder without a default', () => {
    const env = (id: string) => warning(`/Hyp3/${id}`, 'compute-environment', 'noInfrastructureUpdate');
    const parameter = warning('/Hyp3/SrgGslcJob', 'job-definition', 'undeclaredParameter');
    expect(synth.warnings).toEqual([env('ComputeEnvironment'), env('DefaultSpot'), env('SrgGslc'), parameter, parameter, parameter, parameter]);
  });
});
