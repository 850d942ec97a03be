/**
 * Source: aws-samples/batch-mpi-examples, quick-start/template.yaml (with quick-start/parameters.json), commit
 * 70d9755c5097e7d03518b2a0834ae60fd14497c1; author AWS (aws-samples, AWS HPC team); kind: CloudFormation (YAML).
 * Why real: AWS HPC's reference for multi-node parallel MPI jobs with EFA on Batch, with the AMI build and the
 * container examples (GROMACS, OSU benchmarks) in the same repository.
 *
 * Not expressed here, and why:
 * - The parameters `Subnets`, `InstanceTypes`, `MinvCpus`, `MaxvCpus`, `KeyName` (empty: no key) and `EcrUrl` (empty: the
 *   stack makes the repository): their defaults are used as values. The VPC is a parameter too: imported.
 * - The user data's exact text: rewritten with the same purpose (install the EFA driver, turn off hyper-threading,
 *   install Docker and the ECS agent on the plain Amazon Linux 2 AMI).
 * - The commented-out FSx volume of the job definition.
 * - `InstanceRole: !Ref InstanceProfile` names the profile; the library gives Batch the profile's ARN (Batch accepts
 *   both). The fixed profile name `<StackName>-InstanceProfile` is kept with `instanceProfileName`.
 * - The image is named by the repository's URI (`fromRegistry`): the instances' role pulls it, as in the original;
 *   `fromEcrRepository` would add an execution role. aws-cdk-lib's warning about that is acknowledged.
 * - Differences on purpose: the library writes `State: ENABLED` on the environment and the queue,
 *   `ReplaceComputeEnvironment: false`, `PlatformCapabilities: [EC2]` and the allocation strategy (Batch's default
 *   BEST_FIT, given). `securityGroups: []` takes the groups of the launch template's EFA interface, as
 *   `SecurityGroupIds: []` does in the original: the library creates no group.
 */
import { Annotations, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { existingVpc, synthesize, Synthesized, warning } from './corpus';
import { AllocationStrategy, ComputeEnvironment, JobDefinition, JobQueue, NodeRange } from '../../src';
import { testStack } from '../synth';

const STACK = 'mpi-quickstart';
const SUBNETS = ['subnet-0808080808080a001', 'subnet-0808080808080a002'];

function build() {
  const stack = testStack('MpiQuickstart', { stackName: STACK });
  const vpc = existingVpc(stack, 'vpc-0818181818181818a', SUBNETS);
  // All traffic from itself (EFA) and all outbound traffic (which covers the original's egress rule to itself).
  const efaSg = new ec2.SecurityGroup(stack, 'EFASecurityGroup', { vpc, allowAllOutbound: true });
  efaSg.addIngressRule(efaSg, ec2.Port.allTraffic(), 'all traffic from itself');

  const userData = new ec2.MultipartUserData();
  userData.addPart(ec2.MultipartBody.fromUserData(ec2.UserData.custom([
    '#!/bin/bash',
    'yum update -y',
    'curl -sO https://efa-installer.amazonaws.com/aws-efa-installer-1.15.1.tar.gz',
    'tar -xf aws-efa-installer-1.15.1.tar.gz && (cd aws-efa-installer && ./efa_installer.sh -y)',
    'for cpu in $(seq 1 2 $(($(nproc) - 1))); do echo 0 > /sys/devices/system/cpu/cpu$cpu/online; done',
    'amazon-linux-extras install -y lustre2.10 docker ecs',
    'systemctl enable --now docker ecs',
  ].join('\n'))));
  const launchTemplate = new ec2.LaunchTemplate(stack, 'LaunchTemplate', {
    launchTemplateName: `${STACK}-LaunchTemplate`,
    // The original's Image parameter: plain Amazon Linux 2 from its public SSM parameter, not the ECS-optimized AMI.
    machineImage: ec2.MachineImage.fromSsmParameter('/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2'),
    userData,
    blockDevices: [{
      deviceName: '/dev/xvda',
      volume: ec2.BlockDeviceVolume.ebs(40, { volumeType: ec2.EbsDeviceVolumeType.GP2, deleteOnTermination: true }),
    }],
  });
  // aws-cdk-lib's LaunchTemplate has no network interface list: the EFA interface that carries the security group.
  (launchTemplate.node.defaultChild as ec2.CfnLaunchTemplate).addPropertyOverride('LaunchTemplateData.NetworkInterfaces', [{
    Description: 'EFA Interface',
    Groups: [efaSg.securityGroupId],
    NetworkCardIndex: 0,
    DeviceIndex: 0,
    DeleteOnTermination: true,
    InterfaceType: 'efa',
  }]);
  const placementGroup = new ec2.PlacementGroup(stack, 'PlacementGroup', { strategy: ec2.PlacementGroupStrategy.CLUSTER });

  const environment = new ComputeEnvironment(stack, 'ComputeEnvironment', {
    computeEnvironmentName: `${STACK}-ComputeEnvironment`,
    computeResources: {
      vpc,
      allocationStrategy: AllocationStrategy.BEST_FIT,
      minvCpus: 0,
      maxvCpus: 144,
      desiredvCpus: 0,
      instanceTypes: [new ec2.InstanceType('c5n.9xlarge')],
      securityGroups: [],
      launchTemplate: { launchTemplate, version: '$Default' },
      placementGroup,
      instanceRole: new iam.Role(stack, 'InstanceRole', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2ContainerServiceforEC2Role')],
      }),
      instanceProfileName: `${STACK}-InstanceProfile`,
    },
  });
  const queue = new JobQueue(stack, 'Queue', {
    jobQueueName: `${STACK}-Queue`,
    priority: 1,
    computeEnvironments: [{ computeEnvironment: environment, order: 1 }],
  });

  const repository = new ecr.Repository(stack, 'Repository', { imageScanOnPush: true });
  const definition = new JobDefinition(stack, 'BatchJobDefinition', {
    jobDefinitionName: STACK,
    nodeProperties: {
      numNodes: 2,
      mainNode: 0,
      nodeRanges: [{
        targetNodes: NodeRange.from(0),
        container: {
          image: ecs.ContainerImage.fromRegistry(repository.repositoryUri),
          privileged: false,
          vcpus: 18,
          memory: Size.mebibytes(8192),
          linuxParameters: {
            devices: [{
              hostPath: '/dev/infiniband/uverbs0',
              containerPath: '/dev/infiniband/uverbs0',
              permissions: [ecs.DevicePermission.READ, ecs.DevicePermission.WRITE, ecs.DevicePermission.MKNOD],
            }],
          },
        },
      }],
    },
  });
  Annotations.of(definition).acknowledgeWarning('@aws-cdk/aws-ecs:ecrImageRequiresPolicy', 'The instance role pulls the image');
  return { stack, environment, queue, definition, launchTemplate, placementGroup, efaSg, repository };
}

describe('08 aws-samples/batch-mpi-examples quick-start (MPI with EFA)', () => {
  let setup: ReturnType<typeof build>;
  let synth: Synthesized;
  beforeAll(() => {
    setup = build();
    synth = synthesize(setup.stack);
  });

  test('the environment: c5n.9xlarge, desired = min = 0, no security group of its own, the launch template at $Default, the placement group', () => {
    expect(synth.properties(setup.environment)).toEqual({
      ComputeEnvironmentName: `${STACK}-ComputeEnvironment`,
      Type: 'MANAGED',
      State: 'ENABLED',
      ReplaceComputeEnvironment: false,
      ComputeResources: {
        Type: 'EC2',
        AllocationStrategy: 'BEST_FIT',
        MinvCpus: 0,
        MaxvCpus: 144,
        DesiredvCpus: 0,
        InstanceTypes: ['c5n.9xlarge'],
        SecurityGroupIds: [],
        LaunchTemplate: { LaunchTemplateId: synth.ref(setup.launchTemplate), Version: '$Default' },
        PlacementGroup: synth.getAtt(setup.placementGroup, 'GroupName'), // the name, as the original's !Ref
        Subnets: SUBNETS,
        InstanceRole: synth.getAtt(setup.environment.instanceProfile!, 'Arn'),
      },
    });
    expect(setup.environment.connections.securityGroups).toEqual([]);
    expect(Object.keys(synth.resources('AWS::EC2::SecurityGroup'))).toEqual([synth.getAtt(setup.efaSg, 'GroupId')['Fn::GetAtt'][0]]);
  });

  test('the instance profile has the fixed name <StackName>-InstanceProfile', () => {
    expect(synth.properties(setup.environment.instanceProfile!)).toEqual({
      InstanceProfileName: `${STACK}-InstanceProfile`,
      Roles: [{ Ref: expect.stringMatching(/^InstanceRole/) }],
    });
  });

  test('the launch template: the plain AL2 AMI, the EFA interface with the security group, 40 GiB gp2, user data', () => {
    const properties = synth.properties(setup.launchTemplate);
    expect(properties.LaunchTemplateName).toBe(`${STACK}-LaunchTemplate`);
    const data = properties.LaunchTemplateData;
    expect(data.ImageId).toEqual({ Ref: expect.stringMatching(/^SsmParameterValueawsserviceamiamazonlinuxlatestamzn2amihvmx8664gp2/) });
    expect(data.NetworkInterfaces).toEqual([{
      Description: 'EFA Interface',
      Groups: [synth.getAtt(setup.efaSg, 'GroupId')],
      NetworkCardIndex: 0,
      DeviceIndex: 0,
      DeleteOnTermination: true,
      InterfaceType: 'efa',
    }]);
    expect(data.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 40, VolumeType: 'gp2', DeleteOnTermination: true } }]);
    expect(JSON.stringify(data.UserData)).toContain('efa_installer.sh');
    expect(data.SecurityGroupIds).toBeUndefined();
    expect(synth.template.toJSON().Parameters).toHaveProperty([data.ImageId.Ref, 'Default'], '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2');
  });

  test('the placement group is a cluster group', () => {
    expect(synth.properties(setup.placementGroup)).toEqual({ Strategy: 'cluster' });
  });

  test('the queue: <StackName>-Queue, priority 1, order 1', () => {
    expect(synth.properties(setup.queue)).toEqual({
      JobQueueName: `${STACK}-Queue`,
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: synth.getAtt(setup.environment, 'ComputeEnvironmentArn'), Order: 1 }],
    });
  });

  test('the multi-node job: 2 nodes, main node 0, one range 0: with 18 vCPUs / 8192 MiB, privileged false, the uverbs device', () => {
    expect(synth.properties(setup.definition)).toEqual({
      JobDefinitionName: STACK,
      Type: 'multinode',
      PlatformCapabilities: ['EC2'],
      NodeProperties: {
        NumNodes: 2,
        MainNode: 0,
        NodeRangeProperties: [{
          TargetNodes: '0:',
          Container: {
            Image: expect.objectContaining({ 'Fn::Join': expect.anything() }),
            Privileged: false,
            ResourceRequirements: [{ Type: 'VCPU', Value: '18' }, { Type: 'MEMORY', Value: '8192' }],
            LinuxParameters: {
              Devices: [{ HostPath: '/dev/infiniband/uverbs0', ContainerPath: '/dev/infiniband/uverbs0', Permissions: ['READ', 'WRITE', 'MKNOD'] }],
            },
          },
        }],
      },
    });
    expect(JSON.stringify(synth.properties(setup.definition).NodeProperties.NodeRangeProperties[0].Container.Image))
      .toContain(synth.ref(setup.repository).Ref);
  });

  test('warnings: the fixed environment name, and BEST_FIT that keeps Batch from updating in place', () => {
    expect(synth.warnings).toEqual([
      warning('/MpiQuickstart/ComputeEnvironment', 'compute-environment', 'fixedNameBlocksReplacement'),
      warning('/MpiQuickstart/ComputeEnvironment', 'compute-environment', 'noInfrastructureUpdate'),
    ]);
  });
});
