/**
 * Source: openaddresses/batch, cloudformation/task.template.js (environments, launch templates, queues, IAM) and
 * cloudformation/lib/batch.js (job definition and job role), commit 35c9131707cfb5eb69d8938fdb1c141c910ba7d9; author
 * OpenAddresses (open-data project); kind: CloudFormation written in JavaScript with @openaddresses/cloudfriend.
 * Why real: it runs the production OpenAddresses processing pipeline (batch.openaddresses.io), committed to in 2026.
 *
 * Not expressed here, and why:
 * - cloudfriend's JavaScript: the rendered JSON template is rewritten.
 * - The user data's exact text: rewritten with the same purpose (grow the root partition and its XFS file system to
 *   the size of the EBS volume).
 * - The environment values from other resources (the ECS cluster's Auto Scaling group export, the API's load
 *   balancer, the buckets) and the stack parameters (keys for Protomaps, R2 and Cloudflare, the branch) are imports,
 *   template parameters or fixed strings here. `SharedSecret` stays a CloudFormation dynamic reference into Secrets
 *   Manager, as in the original (a plain environment value, not a Batch secret).
 * - The separate ECS cluster stack and the API service.
 * - Differences on purpose: the legacy `Vcpus`/`Memory` become `ResourceRequirements`; the library writes
 *   `State: ENABLED`, `ReplaceComputeEnvironment: false` and `PlatformCapabilities: [EC2]`. The custom service role
 *   warns (`noInfrastructureUpdate`). aws-cdk-lib's warning that an ECR image by name needs pull permissions is
 *   acknowledged: the instance role has them.
 */
import { Annotations, CfnParameter, Fn, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, synthesize, Synthesized, warning } from './corpus';
import { AllocationStrategy, ComputeEnvironment, ComputeResourceType, JobDefinition, JobQueue } from '../../src';
import { testStack } from '../synth';

const STACK = 'batch';
const AMI = 'ami-074bb5e3c681b0735';
const SUBNETS = ['subnet-de35c1f5', 'subnet-e67dc7ea', 'subnet-38b72502', 'subnet-76ae3713', 'subnet-35d87242', 'subnet-b978ade0'];
const GIT_SHA = '0123456789abcdef0123456789abcdef01234567';
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/batch:task-${GIT_SHA}`;

function build() {
  const stack = testStack('OpenAddressesBatch', { stackName: STACK });
  const vpc = existingVpc(stack, 'vpc-3f2aa15a', SUBNETS);
  const securityGroup = new ec2.SecurityGroup(stack, 'BatchSecurityGroup', { vpc });
  const serviceRole = new iam.Role(stack, 'BatchServiceRole', {
    path: '/service-role/',
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const spotFleetRole = new iam.Role(stack, 'BatchSpotFleetRole', {
    assumedBy: new iam.ServicePrincipal('spotfleet.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2SpotFleetTaggingRole')],
  });
  const instanceProfile = new iam.InstanceProfile(stack, 'BatchInstanceProfile', {
    role: new iam.Role(stack, 'BatchInstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role')],
    }),
  });

  // Three launch templates that differ only in the root volume's size; the user data grows the file system to it.
  const launchTemplate = (id: string, sizeGiB: number) => {
    const userData = new ec2.MultipartUserData();
    userData.addPart(ec2.MultipartBody.fromUserData(ec2.UserData.custom([
      '#!/bin/bash',
      'growpart /dev/xvda 1',
      'xfs_growfs -d /',
    ].join('\n'))));
    return new ec2.LaunchTemplate(stack, id, {
      userData,
      blockDevices: [{
        deviceName: '/dev/xvda',
        volume: ec2.BlockDeviceVolume.ebs(sizeGiB, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true }),
      }],
    });
  };
  const templates = {
    t3: launchTemplate('BatchT3LaunchTemplate', 40),
    large: launchTemplate('BatchLargeLaunchTemplate', 250),
    mega: launchTemplate('BatchMegaLaunchTemplate', 2000),
  };

  const spot = (id: string, template: ec2.LaunchTemplate, instanceTypes: string[], maxvCpus: number, desiredvCpus?: number) =>
    new ComputeEnvironment(stack, id, {
      serviceRole,
      computeResources: {
        type: ComputeResourceType.SPOT,
        vpc,
        allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED,
        bidPercentage: 100,
        spotFleetRole,
        image: ec2.MachineImage.genericLinux({ 'us-east-1': AMI }),
        minvCpus: 0,
        maxvCpus,
        desiredvCpus,
        instanceTypes: instanceTypes.map((t) => new ec2.InstanceType(t)),
        instanceProfile,
        securityGroups: [securityGroup],
        launchTemplate: { launchTemplate: template },
      },
    });
  const environments = {
    t3: spot('BatchT3ComputeEnvironment', templates.t3, ['c6a.large'], 200),
    mega: spot('BatchMegaComputeEnvironment', templates.mega, ['r5.2xlarge', 'r5.4xlarge'], 32, 0),
    large: spot('BatchLargeComputeEnvironment', templates.large, ['m5.large', 'c5.large'], 16, 0),
  };
  const queue = (id: string, name: string, computeEnvironment: ComputeEnvironment, priority = 1) =>
    new JobQueue(stack, id, { jobQueueName: name, priority, computeEnvironments: [{ computeEnvironment, order: 1 }] });
  const queues = {
    t3: queue('BatchJobQueue', 't3', environments.t3),
    t3Priority: queue('BatchPriorityJobQueue', 't3-priority', environments.t3, 2), // shares the T3 environment
    mega: queue('BatchMegaJobQueue', 'mega', environments.mega),
    large: queue('BatchLargeJobQueue', 'large', environments.large),
  };

  const parameter = (name: string) => new CfnParameter(stack, name, { type: 'String', noEcho: true }).valueAsString;
  const jobRole = new iam.Role(stack, 'BatchJobRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  const definition = new JobDefinition(stack, 'BatchJobDefinition', {
    jobDefinitionName: `${STACK}-job`,
    retryAttempts: 1,
    parameters: {},
    container: {
      image: ecs.ContainerImage.fromRegistry(IMAGE),
      memory: Size.mebibytes(1900),
      vcpus: 2,
      privileged: true,
      readonlyRootFilesystem: false,
      jobRole,
      environment: {
        T3_CLUSTER_ASG: Fn.importValue('t3-cluster-asg'),
        PROTOMAPS_KEY: parameter('ProtomapsKey'),
        R2_ACCESS_KEY_ID: parameter('R2AccessKeyId'),
        R2_SECRET_ACCESS_KEY: parameter('R2SecretAccessKey'),
        CLOUDFLARE_ACCOUNT_ID: parameter('CloudflareAccountId'),
        SharedSecret: `{{resolve:secretsmanager:${STACK}/api/signing-secret:SecretString::AWSCURRENT}}`,
        OA_BRANCH: 'master',
        OA_API: 'http://batch-api-1234567890.us-east-1.elb.amazonaws.com',
        StackName: STACK,
        Bucket: 'v2.openaddresses.io',
        R2Bucket: 'openaddresses',
      },
    },
  });
  Annotations.of(definition).acknowledgeWarning('@aws-cdk/aws-ecs:ecrImageRequiresPolicy', 'The instance role pulls the image');
  return { stack, environments, queues, templates, definition, serviceRole, spotFleetRole, instanceProfile, securityGroup, jobRole };
}

describe('14 openaddresses/batch task stack', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  const environment = (template: ec2.LaunchTemplate, instanceTypes: string[], maxvCpus: number, desired?: number) => ({
    Type: 'MANAGED',
    State: 'ENABLED',
    ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
    ReplaceComputeEnvironment: false,
    ComputeResources: {
      Type: 'SPOT',
      AllocationStrategy: 'SPOT_CAPACITY_OPTIMIZED',
      BidPercentage: 100,
      SpotIamFleetRole: synth.getAtt(setup.spotFleetRole, 'Arn'),
      ImageId: AMI,
      MinvCpus: 0,
      MaxvCpus: maxvCpus,
      ...(desired === undefined ? {} : { DesiredvCpus: desired }),
      InstanceTypes: instanceTypes,
      InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
      SecurityGroupIds: [synth.getAtt(setup.securityGroup, 'GroupId')],
      LaunchTemplate: { LaunchTemplateId: synth.ref(template), Version: synth.getAtt(template, 'LatestVersionNumber') },
      Subnets: SUBNETS,
    },
  });

  test('the T3 environment: Spot c6a.large up to 200 vCPUs, the hard-coded AMI and its launch template, six subnets', () => {
    expect(synth.properties(setup.environments.t3)).toEqual(environment(setup.templates.t3, ['c6a.large'], 200));
  });

  test('the Mega and Large environments give DesiredvCpus 0 explicitly', () => {
    expect(synth.properties(setup.environments.mega)).toEqual(environment(setup.templates.mega, ['r5.2xlarge', 'r5.4xlarge'], 32, 0));
    expect(synth.properties(setup.environments.large)).toEqual(environment(setup.templates.large, ['m5.large', 'c5.large'], 16, 0));
  });

  test('the launch templates: 40, 250 and 2000 GiB encrypted gp3 root volumes, each with the growpart user data', () => {
    for (const [template, size] of [[setup.templates.t3, 40], [setup.templates.large, 250], [setup.templates.mega, 2000]] as const) {
      const data = synth.properties(template).LaunchTemplateData;
      expect(data.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: size, VolumeType: 'gp3', Encrypted: true } }]);
      expect(JSON.stringify(data.UserData)).toContain('growpart /dev/xvda 1');
      expect(data.ImageId).toBeUndefined();
    }
  });

  test('the service role has the path /service-role/', () => {
    expect(synth.properties(setup.serviceRole).Path).toBe('/service-role/');
  });

  test('four fixed-name queues; t3 and t3-priority (priority 2) share the T3 environment', () => {
    const expected: Array<[JobQueue, string, number, ComputeEnvironment]> = [
      [setup.queues.t3, 't3', 1, setup.environments.t3],
      [setup.queues.t3Priority, 't3-priority', 2, setup.environments.t3],
      [setup.queues.mega, 'mega', 1, setup.environments.mega],
      [setup.queues.large, 'large', 1, setup.environments.large],
    ];
    for (const [queue, name, priority, ce] of expected) {
      expect(synth.properties(queue)).toEqual({
        JobQueueName: name,
        Priority: priority,
        State: 'ENABLED',
        ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(ce, 'ComputeEnvironmentArn'), Order: 1 }],
      });
    }
  });

  test('the job: one attempt, empty Parameters, 2 vCPUs / 1900 MiB, privileged, 11 environment values', () => {
    const parameter = (name: string) => ({ Ref: name });
    expect(synth.properties(setup.definition)).toEqual({
      JobDefinitionName: `${STACK}-job`,
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      RetryStrategy: { Attempts: 1 },
      Parameters: {},
      ContainerProperties: {
        Image: IMAGE,
        ResourceRequirements: [{ Type: 'VCPU', Value: '2' }, { Type: 'MEMORY', Value: '1900' }],
        Privileged: true,
        ReadonlyRootFilesystem: false,
        JobRoleArn: synth.getAtt(setup.jobRole, 'Arn'),
        Environment: [
          { Name: 'T3_CLUSTER_ASG', Value: { 'Fn::ImportValue': 't3-cluster-asg' } },
          { Name: 'PROTOMAPS_KEY', Value: parameter('ProtomapsKey') },
          { Name: 'R2_ACCESS_KEY_ID', Value: parameter('R2AccessKeyId') },
          { Name: 'R2_SECRET_ACCESS_KEY', Value: parameter('R2SecretAccessKey') },
          { Name: 'CLOUDFLARE_ACCOUNT_ID', Value: parameter('CloudflareAccountId') },
          { Name: 'SharedSecret', Value: `{{resolve:secretsmanager:${STACK}/api/signing-secret:SecretString::AWSCURRENT}}` },
          { Name: 'OA_BRANCH', Value: 'master' },
          { Name: 'OA_API', Value: 'http://batch-api-1234567890.us-east-1.elb.amazonaws.com' },
          { Name: 'StackName', Value: STACK },
          { Name: 'Bucket', Value: 'v2.openaddresses.io' },
          { Name: 'R2Bucket', Value: 'openaddresses' },
        ],
      },
    });
  });

  test('warnings: the custom service role on each environment', () => {
    const env = (id: string) => warning(`/OpenAddressesBatch/${id}`, 'compute-environment', 'noInfrastructureUpdate');
    expect(synth.warnings).toEqual([env('BatchLargeComputeEnvironment'), env('BatchMegaComputeEnvironment'), env('BatchT3ComputeEnvironment')]);
  });
});
