/**
 * Source: aws-solutions-library-samples/aws-batch-arch-for-protein-folding,
 * infrastructure/cloudformation/batch-protein-folding-cfn-batch.yaml (environments, queues, download job definition) and
 * batch-protein-folding-cfn-module-esmfold.yaml (a GPU job definition), commit 00182ee38f3888e5e33c2f5e6ea6cddcbc84b98e;
 * author AWS (AWS Solutions Library, guidance SO9164); kind: CloudFormation (YAML, nested stacks).
 * Why real: published AWS guidance for AlphaFold2, ESMFold, OpenFold and more on Batch with FSx for Lustre, updated 2025.
 *
 * Not expressed here, and why:
 * - The G5 and P4d environments and queues: their conditions default to "N", so the template as deployed has none.
 * - The nested-stack parameters (subnets, default security group, FSx file system, image URIs): given as values.
 * - The launch template's instance tags (TagSpecifications): not Batch properties, left out.
 * - The user data's exact text: rewritten here with the same purpose (install the Lustre client, mount FSx at /fsx);
 *   this corpus copies values, not code.
 * - `InstanceRole: !Ref InstanceProfile` and the launch template's `IamInstanceProfile.Name`: the library gives Batch the
 *   profile's ARN, and aws-cdk-lib's launch template names the profile by ARN (both accept either).
 * - YAML numbers in string fields (VCPU 8, MEMORY 16000): CloudFormation turns them into the strings the library writes.
 * - The other job modules (DiffDock, OmegaFold, ...): the same shape as ESMFold.
 * - aws-cdk-lib's warning that an ECR image given by name needs pull permissions is acknowledged: the instance role
 *   has AmazonEC2ContainerRegistryReadOnly (`fromEcrRepository` would make the library add an execution role instead).
 * - Differences on purpose: the library writes `ReplaceComputeEnvironment: false` and `PlatformCapabilities: [EC2]`
 *   as given, and names the unnamed job definitions after their construct path; it adds no launch template (the setup
 *   has its own).
 */
import { Annotations, Size, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, synthesize, Synthesized } from './corpus';
import {
  AllocationStrategy, ComputeEnvironment, ComputeResources, ComputeResourceType, JobDefinition, JobQueue, PlatformCapability,
} from '../../src';
import { testStack } from '../synth';

const SUBNETS = ['subnet-0eeeeeeeeeeeee001', 'subnet-0eeeeeeeeeeeee002'];
const BASE_TAGS = { Application: 'Unknown', StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/protein-folding/1' };
const TAGS = { ...BASE_TAGS, SolutionId: 'SO9164' };
const CPU_FAMILIES = ['m6i', 'r6i', 'c6i'];
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function build() {
  const stack = testStack('ProteinFolding');
  const vpc = existingVpc(stack, 'vpc-0e1b2c3d4e5f60718', SUBNETS);
  const defaultSg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'DefaultSecurityGroup', 'sg-0e0e0e0e0e0e0e0e0');
  const instanceRole = new iam.Role(stack, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEC2ContainerRegistryReadOnly', 'service-role/AmazonEC2ContainerServiceforEC2Role', 'AmazonS3FullAccess',
      'AWSBatchFullAccess', 'AWSCloudFormationReadOnlyAccess'].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  const instanceProfile = new iam.InstanceProfile(stack, 'InstanceProfile', { role: instanceRole });
  const spotFleetRole = new iam.Role(stack, 'AmazonEC2SpotFleetTaggingRole', {
    assumedBy: new iam.ServicePrincipal('spotfleet.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2SpotFleetTaggingRole')],
  });

  // The shared launch template: a 100 GiB encrypted gp3 root volume and user data that mounts FSx for Lustre at /fsx.
  const userData = new ec2.MultipartUserData();
  userData.addPart(ec2.MultipartBody.fromRawBody({
    contentType: 'text/cloud-config; charset="us-ascii"',
    body: [
      '#cloud-config',
      'runcmd:',
      '  - amazon-linux-extras install -y lustre2.10',
      '  - mkdir -p /fsx',
      '  - mount -t lustre -o noatime,flock fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com@tcp:/abcdefgh /fsx',
    ].join('\n'),
  }));
  const launchTemplate = new ec2.LaunchTemplate(stack, 'InstanceLaunchTemplate', {
    instanceProfile,
    userData,
    blockDevices: [{
      deviceName: '/dev/xvda',
      volume: ec2.BlockDeviceVolume.ebs(100, { volumeType: ec2.EbsDeviceVolumeType.GP3, encrypted: true, deleteOnTermination: true }),
    }],
  });

  const common = (families: string[], tags: Record<string, string>): ComputeResources => ({
    vpc,
    securityGroups: [defaultSg],
    minvCpus: 0,
    maxvCpus: 256,
    instanceTypes: families.map((f) => new ec2.InstanceType(f)),
    instanceProfile,
    launchTemplate: { launchTemplate, version: '$Latest' },
    tags,
  });
  const tagged = <T extends ComputeEnvironment | JobQueue>(scope: T, tags: Record<string, string>): T => {
    for (const [key, value] of Object.entries(tags)) Tags.of(scope).add(key, value);
    return scope;
  };
  // No serviceRole anywhere: Batch's service-linked role.
  const cpuOnDemand = tagged(new ComputeEnvironment(stack, 'CPUComputeEnvironmentOnDemand', {
    computeResources: {
      ...common(CPU_FAMILIES, BASE_TAGS),
      type: ComputeResourceType.ON_DEMAND,
      allocationStrategy: AllocationStrategy.BEST_FIT_PROGRESSIVE,
    },
  }), BASE_TAGS);
  const cpuSpot = tagged(new ComputeEnvironment(stack, 'CPUComputeEnvironmentSpot', {
    computeResources: {
      ...common(CPU_FAMILIES, TAGS),
      type: ComputeResourceType.SPOT,
      allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED,
      bidPercentage: 100,
      spotFleetRole,
    },
  }), TAGS);
  const g4dn = tagged(new ComputeEnvironment(stack, 'G4dnComputeEnvironment', {
    computeResources: {
      ...common(['g4dn'], TAGS),
      type: ComputeResourceType.ON_DEMAND,
      allocationStrategy: AllocationStrategy.BEST_FIT_PROGRESSIVE,
    },
  }), TAGS);

  const queue = (id: string, environment: ComputeEnvironment, tags: Record<string, string>) => tagged(new JobQueue(stack, id, {
    priority: 10,
    computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
  }), tags);
  const queues = {
    cpuOnDemand: queue('CPUOnDemandJobQueue', cpuOnDemand, BASE_TAGS),
    cpuSpot: queue('CPUSpotJobQueue', cpuSpot, TAGS),
    g4dn: queue('G4dnJobQueue', g4dn, TAGS),
  };

  const fsx = { volumes: [{ name: 'database', hostPath: '/fsx' }], mountPoints: [{ sourceVolume: 'database', containerPath: '/database', readOnly: false }] };
  const download = new JobDefinition(stack, 'DownloadJobDefinition', {
    platformCapabilities: [PlatformCapability.EC2],
    propagateTags: true,
    retryAttempts: 3,
    container: {
      image: ecs.ContainerImage.fromRegistry(`${REGISTRY}/protein-folding-download:latest`),
      command: ['echo hello'],
      vcpus: 8,
      memory: Size.mebibytes(16000),
      logging: new ecs.GenericLogDriver({ logDriver: 'awslogs' }),
      ...fsx,
    },
    tags: TAGS,
  });
  const esmfold = new JobDefinition(stack, 'ESMFoldJobDefinition', {
    platformCapabilities: [PlatformCapability.EC2],
    propagateTags: true,
    retryAttempts: 3,
    container: {
      image: ecs.ContainerImage.fromRegistry(`${REGISTRY}/esmfold:latest`),
      command: ['nvidia-smi'],
      vcpus: 8,
      memory: Size.mebibytes(16000),
      gpuCount: 1,
      logging: new ecs.GenericLogDriver({ logDriver: 'awslogs' }),
      ...fsx,
    },
    tags: TAGS,
  });
  // aws-cdk-lib warns that an ECR image by name needs pull permissions: the instance role has them.
  for (const definition of [download, esmfold]) {
    Annotations.of(definition).acknowledgeWarning('@aws-cdk/aws-ecs:ecrImageRequiresPolicy',
      'The instance role has AmazonEC2ContainerRegistryReadOnly, as in the original');
  }
  return { stack, cpuOnDemand, cpuSpot, g4dn, queues, download, esmfold, launchTemplate, instanceProfile, spotFleetRole };
}

describe('05 AWS Batch architecture for protein folding', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  const ec2Resources = (families: string[], tags: Record<string, string>) => ({
    MinvCpus: 0,
    MaxvCpus: 256,
    InstanceTypes: families,
    InstanceRole: synth.getAtt(setup.instanceProfile, 'Arn'),
    LaunchTemplate: { LaunchTemplateId: synth.ref(setup.launchTemplate), Version: '$Latest' },
    SecurityGroupIds: ['sg-0e0e0e0e0e0e0e0e0'],
    Subnets: SUBNETS,
    Tags: tags,
  });

  test('the on-demand CPU environment: BEST_FIT_PROGRESSIVE over the m6i, r6i and c6i families, no service role', () => {
    expect(synth.properties(setup.cpuOnDemand)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ReplaceComputeEnvironment: false,
      ComputeResources: { Type: 'EC2', AllocationStrategy: 'BEST_FIT_PROGRESSIVE', ...ec2Resources(CPU_FAMILIES, BASE_TAGS) },
      Tags: BASE_TAGS,
    });
  });

  test('the Spot CPU environment: SPOT_CAPACITY_OPTIMIZED with bid 100 and the stack\'s Spot Fleet role', () => {
    expect(synth.properties(setup.cpuSpot)).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'SPOT',
        AllocationStrategy: 'SPOT_CAPACITY_OPTIMIZED',
        BidPercentage: 100,
        SpotIamFleetRole: synth.getAtt(setup.spotFleetRole, 'Arn'),
        ...ec2Resources(CPU_FAMILIES, TAGS),
      },
      Tags: TAGS,
    });
  });

  test('the GPU environment: the g4dn family, no image type (Batch picks the GPU AMI for GPU instances)', () => {
    const properties = synth.properties(setup.g4dn);
    expect(properties).toEqual({
      Type: 'MANAGED',
      State: 'ENABLED',
      ReplaceComputeEnvironment: false,
      ComputeResources: { Type: 'EC2', AllocationStrategy: 'BEST_FIT_PROGRESSIVE', ...ec2Resources(['g4dn'], TAGS) },
      Tags: TAGS,
    });
    expect(properties.ComputeResources.Ec2Configuration).toBeUndefined();
  });

  test('the shared launch template: 100 GiB gp3 encrypted, the instance profile, user data that mounts FSx for Lustre', () => {
    const data = synth.properties(setup.launchTemplate).LaunchTemplateData;
    expect(data.BlockDeviceMappings).toEqual([{
      DeviceName: '/dev/xvda', Ebs: { VolumeSize: 100, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
    }]);
    expect(data.IamInstanceProfile).toEqual({ Arn: synth.getAtt(setup.instanceProfile, 'Arn') });
    const userData = JSON.stringify(data.UserData);
    expect(userData).toContain('Content-Type: multipart/mixed');
    expect(userData).toContain('text/cloud-config');
    expect(userData).toContain('lustre2.10');
    expect(userData).toContain('/fsx');
    expect(data.ImageId).toBeUndefined();
    expect(data.SecurityGroupIds).toBeUndefined();
  });

  test('the queues: priority 10, one environment at order 1, no names', () => {
    const expected: Array<[JobQueue, ComputeEnvironment, Record<string, string>]> = [
      [setup.queues.cpuOnDemand, setup.cpuOnDemand, BASE_TAGS],
      [setup.queues.cpuSpot, setup.cpuSpot, TAGS],
      [setup.queues.g4dn, setup.g4dn, TAGS],
    ];
    for (const [queue, environment, tags] of expected) {
      expect(synth.properties(queue)).toEqual({
        Priority: 10,
        State: 'ENABLED',
        ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(environment, 'ComputeEnvironmentArn'), Order: 1 }],
        Tags: tags,
      });
    }
  });

  test('the download job: 8 vCPUs / 16000 MiB, the single-string command, awslogs without options, /fsx as /database', () => {
    expect(synth.properties(setup.download)).toEqual({
      JobDefinitionName: expect.stringMatching(/^ProteinFoldingDownloadJobDefinition/), // library: a name from the construct path
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      PropagateTags: true,
      RetryStrategy: { Attempts: 3 },
      ContainerProperties: {
        Image: `${REGISTRY}/protein-folding-download:latest`,
        Command: ['echo hello'],
        ResourceRequirements: [{ Type: 'VCPU', Value: '8' }, { Type: 'MEMORY', Value: '16000' }],
        LogConfiguration: { LogDriver: 'awslogs', Options: {} },
        Volumes: [{ Name: 'database', Host: { SourcePath: '/fsx' } }],
        MountPoints: [{ ContainerPath: '/database', ReadOnly: false, SourceVolume: 'database' }],
      },
      Tags: TAGS,
    });
  });

  test('the ESMFold job: one GPU, nvidia-smi, the same volume', () => {
    expect(synth.properties(setup.esmfold)).toMatchObject({
      Type: 'container',
      PlatformCapabilities: ['EC2'],
      PropagateTags: true,
      RetryStrategy: { Attempts: 3 },
      ContainerProperties: {
        Image: `${REGISTRY}/esmfold:latest`,
        Command: ['nvidia-smi'],
        ResourceRequirements: [{ Type: 'VCPU', Value: '8' }, { Type: 'MEMORY', Value: '16000' }, { Type: 'GPU', Value: '1' }],
        Volumes: [{ Name: 'database', Host: { SourcePath: '/fsx' } }],
        MountPoints: [{ ContainerPath: '/database', ReadOnly: false, SourceVolume: 'database' }],
      },
    });
    // No execution role: the image is pulled by the instances' role, as in the original.
    expect(synth.properties(setup.esmfold).ContainerProperties.ExecutionRoleArn).toBeUndefined();
  });

  test('no warnings; the library adds no launch template, role or profile', () => {
    expect(synth.warnings).toEqual([]);
    expect(Object.keys(synth.resources('AWS::EC2::LaunchTemplate'))).toHaveLength(1);
    expect(Object.keys(synth.resources('AWS::IAM::InstanceProfile'))).toHaveLength(1);
    expect(Object.keys(synth.resources('AWS::IAM::Role'))).toHaveLength(2);
  });
});
