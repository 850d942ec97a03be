/**
 * Source: AlexsLemonade/scpca-portal, infrastructure/batch/compute_environment.tf, job_definition.tf, job_queue.tf,
 * roles.tf, security.tf and infrastructure/batch.tf, commit e33579c7f2f03c542081d7976dd1d5c87a8a1b6a; author Alex's
 * Lemonade Stand Foundation, Childhood Cancer Data Lab; kind: Terraform.
 * Why real: the production infrastructure of the public Single-cell Pediatric Cancer Atlas portal, deployed per user
 * and stage, with commits in 2026.
 *
 * Not expressed here, and why:
 * - The generated EC2 environment name (`compute_environment_name_prefix`): CloudFormation generates one.
 * - The launch template's AMI comes from a Terraform data source (the newest `amzn2-ami-ecs-hvm-*-x86_64-ebs` of
 *   Amazon's account); the rewrite takes the same image from its public SSM parameter
 *   (`ecs.EcsOptimizedImage.amazonLinux2()`), which needs no lookup at synth.
 * - The original's ephemeral storage key is mis-cased (`sizeInGib`); the provider's case-insensitive JSON decoding
 *   makes it `SizeInGiB: 200`, which the typed `ephemeralStorage` writes.
 * - The environment values that come from other resources (database host and port, bucket, SES domain, e-mail) and
 *   the contents of `var.batch_tags`, `var.user` and `var.stage` are fixed placeholder strings here; the secrets are
 *   imported by ARN; the Docker Hub account (`var.dockerhub_account`) is a placeholder too.
 * - The launch template's `IamInstanceProfile.Name` is written by aws-cdk-lib as the profile's ARN (EC2 takes either);
 *   its instance tags are left out (not Batch properties).
 * - Differences on purpose: the library writes the allocation strategy (Batch's default BEST_FIT, given),
 *   `State: ENABLED`, `ReplaceComputeEnvironment: false` and `PlatformCapabilities` as given; it grants the execution
 *   role read access to the three secrets (a policy; the original's role has its own secrets policy).
 */
import { Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { existingVpc, synthesize, Synthesized, warning } from './corpus';
import {
  AllocationStrategy, BatchInstanceTypes, ComputeEnvironment, ComputeResourceType, JobContainer, JobDefinition, JobQueue, PlatformCapability,
} from '../../src';
import { testStack } from '../synth';

const U = 'ccdl';
const S = 'prod';
const SUBNET = 'subnet-0121212121212a001';
const BATCH_TAGS = { project: 'scpca-portal', environment: S, user: U };
const ENVIRONMENT = {
  DJANGO_CONFIGURATION: 'Production',
  DJANGO_DEBUG: 'false',
  DATABASE_HOST: 'scpca-portal-ccdl-prod.abcdefghijkl.us-east-1.rds.amazonaws.com',
  DATABASE_PORT: '5432',
  DATABASE_USER: 'scpcaportal',
  DATABASE_NAME: 'scpca_portal',
  AWS_REGION: 'us-east-1',
  AWS_S3_BUCKET_NAME: 'scpca-portal-ccdl-prod',
  SENTRY_ENV: `${S}-batch`,
  AWS_SES_DOMAIN: 'scpca.alexslemonade.org',
  SLACK_NOTIFICATIONS_EMAIL: 'notifications@example.org',
};
const SECRET_ARNS = {
  DJANGO_SECRET_KEY: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:scpca-portal-django-secret-key-ccdl-prod-AbCdEf',
  DATABASE_PASSWORD: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:scpca-portal-database-password-ccdl-prod-GhIjKl',
  SENTRY_DSN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:scpca-portal-sentry-dsn-ccdl-prod-MnOpQr',
};

function build() {
  const stack = testStack('ScpcaPortal');
  const vpc = existingVpc(stack, 'vpc-0121212121212121a', [SUBNET]);
  const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'BatchSg', 'sg-0121212121212121a');
  const serviceRole = new iam.Role(stack, 'BatchServiceRole', {
    assumedBy: new iam.ServicePrincipal('batch.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBatchServiceRole')],
  });
  const instanceProfile = new iam.InstanceProfile(stack, 'BatchInstanceProfile', {
    role: new iam.Role(stack, 'BatchInstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role')],
    }),
  });
  const launchTemplate = new ec2.LaunchTemplate(stack, 'Ec2LaunchTemplate', {
    launchTemplateName: `scpca-portal-ec2-launch-template-${U}-${S}`,
    machineImage: ecs.EcsOptimizedImage.amazonLinux2(),
    instanceProfile,
    blockDevices: [{
      deviceName: '/dev/xvda',
      volume: ec2.BlockDeviceVolume.ebs(800, { volumeType: ec2.EbsDeviceVolumeType.GP3, deleteOnTermination: true }),
    }],
  });

  const fargate = new ComputeEnvironment(stack, 'FargateCompute', {
    computeEnvironmentName: `scpca-portal-fargate-compute-${U}-${S}`,
    serviceRole,
    computeResources: { type: ComputeResourceType.FARGATE, vpc, maxvCpus: 16, securityGroups: [securityGroup] },
  });
  const onDemand = new ComputeEnvironment(stack, 'Ec2Compute', {
    serviceRole,
    computeResources: {
      type: ComputeResourceType.ON_DEMAND,
      vpc,
      securityGroups: [securityGroup],
      allocationStrategy: AllocationStrategy.BEST_FIT,
      maxvCpus: 16,
      desiredvCpus: 2,
      instanceTypes: [BatchInstanceTypes.OPTIMAL],
      instanceProfile,
      launchTemplate: { launchTemplate, version: '$Latest' },
    },
  });
  const queue = (id: string, name: string, computeEnvironment: ComputeEnvironment) =>
    new JobQueue(stack, id, { jobQueueName: name, priority: 1, computeEnvironments: [{ computeEnvironment, order: 1 }] });
  const fargateQueue = queue('FargateQueue', `scpca-portal-fargate-queue-${U}-${S}`, fargate);
  const ec2Queue = queue('Ec2Queue', `scpca-portal-ec2-queue-${U}-${S}`, onDemand);
  for (const scope of [fargate, onDemand, fargateQueue, ec2Queue]) {
    for (const [key, value] of Object.entries(BATCH_TAGS)) Tags.of(scope).add(key, value);
  }

  const executionRole = new iam.Role(stack, 'EcsTaskRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy')],
  });
  const jobRole = new iam.Role(stack, 'BatchJobRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  const container: JobContainer = {
    image: ecs.ContainerImage.fromRegistry('ccdlstaging/scpca_portal_api:latest'),
    command: [], // supplied at SubmitJob through containerOverrides
    environment: ENVIRONMENT,
    secrets: Object.fromEntries(Object.entries(SECRET_ARNS).map(([name, arn]) =>
      [name, ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretCompleteArn(stack, name, arn))])),
    vcpus: 1,
    memory: Size.mebibytes(4096),
    executionRole,
    jobRole,
  };
  const fargateJob = new JobDefinition(stack, 'FargateJob', {
    jobDefinitionName: `scpca-portal-fargate-job-definition-${U}-${S}`,
    platformCapabilities: [PlatformCapability.FARGATE],
    propagateTags: true,
    retryAttempts: 3,
    container: {
      ...container,
      fargate: { assignPublicIp: true, platformVersion: ecs.FargatePlatformVersion.LATEST, ephemeralStorage: Size.gibibytes(200) },
    },
    tags: BATCH_TAGS,
  });
  const ec2Job = new JobDefinition(stack, 'Ec2Job', {
    jobDefinitionName: `scpca-portal-ec2-job-definition-${U}-${S}`,
    platformCapabilities: [PlatformCapability.EC2],
    propagateTags: true,
    retryAttempts: 3,
    container,
    tags: BATCH_TAGS,
  });
  return {
    stack, fargate, onDemand, fargateQueue, ec2Queue, fargateJob, ec2Job, launchTemplate, instanceProfile, serviceRole, executionRole, jobRole,
  };
}

describe('12 AlexsLemonade/scpca-portal Batch infrastructure', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test('the Fargate environment: fixed name, 16 vCPUs, one subnet, one security group', () => {
    expect(synth.properties(setup.fargate)).toEqual({
      ComputeEnvironmentName: `scpca-portal-fargate-compute-${U}-${S}`,
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ComputeResources: { Type: 'FARGATE', MaxvCpus: 16, SecurityGroupIds: ['sg-0121212121212121a'], Subnets: [SUBNET] },
      Tags: BATCH_TAGS,
    });
  });

  test('the EC2 environment: `optimal`, 2 desired vCPUs, the launch template at $Latest with its ECS AMI', () => {
    expect(synth.properties(setup.onDemand)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: synth.getAtt(setup.serviceRole, 'Arn'),
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MaxvCpus: 16,
        DesiredvCpus: 2,
        MinvCpus: 0, // the original leaves it out; Batch's default is 0
        InstanceTypes: ['optimal'],
        InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
        LaunchTemplate: { LaunchTemplateId: synth.ref(setup.launchTemplate), Version: '$Latest' },
        SecurityGroupIds: ['sg-0121212121212121a'],
        Subnets: [SUBNET],
      },
      Tags: BATCH_TAGS,
    });
  });

  test('the launch template: the ECS-optimized AL2 AMI, 800 GiB gp3, the instance profile', () => {
    const properties = synth.properties(setup.launchTemplate);
    expect(properties.LaunchTemplateName).toBe(`scpca-portal-ec2-launch-template-${U}-${S}`);
    const data = properties.LaunchTemplateData;
    expect(data.ImageId).toEqual({ Ref: expect.stringMatching(/^SsmParameterValueawsserviceecsoptimizedamiamazonlinux2recommendedimageid/) });
    expect(data.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 800, VolumeType: 'gp3', DeleteOnTermination: true } }]);
    expect(data.IamInstanceProfile).toEqual({ Arn: synth.getAtt(setup.instanceProfile, 'Arn') });
    expect(data.UserData).toBeUndefined();
  });

  test('the queues: one per environment, priority 1, order 1, fixed names', () => {
    expect(synth.properties(setup.fargateQueue)).toEqual({
      JobQueueName: `scpca-portal-fargate-queue-${U}-${S}`,
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.fargate, 'ComputeEnvironmentArn'), Order: 1 }],
      Tags: BATCH_TAGS,
    });
    expect(synth.properties(setup.ec2Queue)).toEqual({
      JobQueueName: `scpca-portal-ec2-queue-${U}-${S}`,
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.onDemand, 'ComputeEnvironmentArn'), Order: 1 }],
      Tags: BATCH_TAGS,
    });
  });

  const sharedContainer = () => ({
    Image: 'ccdlstaging/scpca_portal_api:latest',
    Command: [],
    Environment: Object.entries(ENVIRONMENT).map(([Name, Value]) => ({ Name, Value })),
    Secrets: Object.entries(SECRET_ARNS).map(([Name, ValueFrom]) => ({ Name, ValueFrom })),
    ResourceRequirements: [{ Type: 'VCPU', Value: '1' }, { Type: 'MEMORY', Value: '4096' }],
    ExecutionRoleArn: synth.getAtt(setup.executionRole, 'Arn'),
    JobRoleArn: synth.getAtt(setup.jobRole, 'Arn'),
  });

  test('the Fargate job: an empty command, 11 variables, 3 Secrets Manager secrets, a public IP, LATEST, 200 GiB', () => {
    expect(synth.properties(setup.fargateJob)).toEqual({
      JobDefinitionName: `scpca-portal-fargate-job-definition-${U}-${S}`,
      Type: 'container',
      PlatformCapabilities: ['FARGATE'],
      PropagateTags: true,
      RetryStrategy: { Attempts: 3 },
      ContainerProperties: {
        ...sharedContainer(),
        NetworkConfiguration: { AssignPublicIp: 'ENABLED' },
        FargatePlatformConfiguration: { PlatformVersion: 'LATEST' },
        EphemeralStorage: { SizeInGiB: 200 },
      },
      Tags: BATCH_TAGS,
    });
  });

  test('the EC2 job: the same container without Fargate settings', () => {
    expect(synth.properties(setup.ec2Job)).toEqual({
      JobDefinitionName: `scpca-portal-ec2-job-definition-${U}-${S}`,
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      PropagateTags: true,
      RetryStrategy: { Attempts: 3 },
      ContainerProperties: sharedContainer(),
      Tags: BATCH_TAGS,
    });
  });

  test('the execution role may read the three secrets', () => {
    const policies = Object.values<any>(synth.resources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.Roles).toEqual([synth.ref(setup.executionRole)]);
    const resources = policies[0].Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Resource].flat());
    expect(new Set(resources)).toEqual(new Set(Object.values(SECRET_ARNS)));
  });

  test('warnings: the fixed Fargate environment name, and the custom service role (and BEST_FIT) on EC2', () => {
    expect(synth.warnings).toEqual([
      warning('/ScpcaPortal/Ec2Compute', 'compute-environment', 'noInfrastructureUpdate'),
      warning('/ScpcaPortal/FargateCompute', 'compute-environment', 'fixedNameBlocksReplacement'),
    ]);
  });
});
