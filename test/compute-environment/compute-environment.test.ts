import { Annotations, CfnElement, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { addReferenceComputeEnvironments } from '../../examples/compute-environments';
import {
  AllocationStrategy, BatchInstanceTypes, ComputeEnvironment, ComputeEnvironmentProps, ComputeResources,
  ComputeResourceType, ImageType,
} from '../../src';
import { countByType, synthAnnotations, synthTemplate, testStack } from '../synth';

const CE = 'AWS::Batch::ComputeEnvironment';
const WARN = '@cdk-batch-constructs/compute-environment';

/** A test stack with a VPC that has public and private (with egress) subnets. */
function setup(): { stack: Stack; vpc: ec2.Vpc } {
  const stack = testStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  return { stack, vpc };
}

/** Creates `CE` with the given compute resources (vpc filled in) and other props. */
function make(resources: Omit<ComputeResources, 'vpc'> | undefined, props: Omit<ComputeEnvironmentProps, 'computeResources'> = {}) {
  const { stack, vpc } = setup();
  const ce = new ComputeEnvironment(stack, 'CE', {
    ...props,
    computeResources: resources && { vpc, ...resources },
  });
  return { stack, vpc, ce };
}

/** The synthesized compute resources of `CE`. */
function computeResourcesOf(stack: Stack): Record<string, any> {
  const resources = synthTemplate(stack).findResources(CE);
  return Object.values<any>(resources)[0].Properties.ComputeResources;
}

function expectValid(resources: Omit<ComputeResources, 'vpc'> | undefined, props: Omit<ComputeEnvironmentProps, 'computeResources'> = {}) {
  const { stack } = make(resources, props);
  expect(countByType(synthTemplate(stack))[CE]).toBe(1);
  return stack;
}

const fargate = { type: ComputeResourceType.FARGATE };
const spot = { type: ComputeResourceType.SPOT };

describe('defaults', () => {
  test('an on-demand managed environment that updates in place', () => {
    const { stack, vpc, ce } = make({});
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, {
      Type: 'MANAGED',
      State: 'ENABLED',
      ServiceRole: Match.absent(),
      ReplaceComputeEnvironment: false,
      ComputeEnvironmentName: Match.absent(),
      ComputeResources: {
        Type: 'EC2',
        MinvCpus: 0,
        MaxvCpus: 256,
        DesiredvCpus: Match.absent(),
        InstanceTypes: ['default_x86_64'],
        AllocationStrategy: 'BEST_FIT_PROGRESSIVE',
        SpotIamFleetRole: Match.absent(),
        Subnets: stack.resolve(vpc.privateSubnets.map((s) => s.subnetId)),
        SecurityGroupIds: [stack.resolve(ce.connections.securityGroups[0].securityGroupId)],
        InstanceRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('CEInstanceProfile'), 'Arn'] },
      },
    });
    expect(ce.computeResourceType).toBe(ComputeResourceType.ON_DEMAND);
    expect(Object.keys(template.findResources('AWS::EC2::SecurityGroup'))).toHaveLength(1);
  });

  test('the instance role has AmazonEC2ContainerServiceforEC2Role and an instance profile', () => {
    const { stack, ce } = make({});
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role'])] }],
    });
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { Roles: [stack.resolve(ce.instanceRole!.roleName)] });
    expect(ce.instanceProfile).toBeDefined();
  });

  test('no warning for the defaults', () => {
    const { stack } = make({});
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });

  test('spot uses SPOT_PRICE_CAPACITY_OPTIMIZED and needs no Spot Fleet role', () => {
    const { stack, ce } = make(spot);
    expect(computeResourcesOf(stack)).toMatchObject({ Type: 'SPOT', AllocationStrategy: 'SPOT_PRICE_CAPACITY_OPTIMIZED' });
    expect(computeResourcesOf(stack).SpotIamFleetRole).toBeUndefined();
    expect(ce.spotFleetRole).toBeUndefined();
    expect(countByType(synthTemplate(stack))['AWS::IAM::Role']).toBe(1);
  });

  test('spot with BEST_FIT gets a Spot Fleet role with AmazonEC2SpotFleetTaggingRole', () => {
    const { stack, ce } = make({ ...spot, allocationStrategy: AllocationStrategy.BEST_FIT });
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'spotfleet.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', Match.arrayWith([':iam::aws:policy/service-role/AmazonEC2SpotFleetTaggingRole'])] }],
    });
    expect(computeResourcesOf(stack).SpotIamFleetRole).toEqual(stack.resolve(ce.spotFleetRole!.roleArn));
  });

  test('a given Spot Fleet role is used instead of a new one', () => {
    const { stack } = setup();
    const role = iam.Role.fromRoleName(stack, 'Fleet', 'my-fleet-role');
    const ce = new ComputeEnvironment(stack, 'CE', {
      computeResources: { vpc: new ec2.Vpc(stack, 'Vpc2'), ...spot, allocationStrategy: AllocationStrategy.BEST_FIT, spotFleetRole: role },
      replaceComputeEnvironment: true,
    });
    expect(ce.spotFleetRole).toBe(role);
    expect(computeResourcesOf(stack).SpotIamFleetRole).toEqual(stack.resolve(role.roleArn));
  });

  test('a given instance role gets the instance profile and can be granted to', () => {
    const { stack } = setup();
    const role = new iam.Role(stack, 'MyRole', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const ce = new ComputeEnvironment(stack, 'CE', { computeResources: { vpc: new ec2.Vpc(stack, 'Vpc2'), instanceRole: role } });
    ce.instanceRole!.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const template = synthTemplate(stack);
    expect(countByType(template)['AWS::IAM::Role']).toBe(1);
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { Roles: [{ Ref: Match.stringLikeRegexp('MyRole') }] });
    template.hasResourceProperties('AWS::IAM::Policy', { Roles: [{ Ref: Match.stringLikeRegexp('MyRole') }] });
  });

  test('given security groups are used and exposed through connections', () => {
    const { stack, vpc } = setup();
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const ce = new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, securityGroups: [sg] } });
    ce.connections.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
    const template = synthTemplate(stack);
    expect(countByType(template)['AWS::EC2::SecurityGroup']).toBe(1);
    expect(computeResourcesOf(stack).SecurityGroupIds).toEqual([stack.resolve(sg.securityGroupId)]);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 22, ToPort: 22 })],
    });
  });

  test('vpcSubnets chooses the subnets', () => {
    const { stack, vpc } = setup();
    new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } } });
    expect(computeResourcesOf(stack).Subnets).toEqual(stack.resolve(vpc.publicSubnets.map((s) => s.subnetId)));
  });

  test('a VPC without private subnets needs vpcSubnets', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc } }))
      .toThrow('[TestStack/CE] computeResources.vpcSubnets must select subnets of the VPC, got "There are no \'Private\' subnet groups in this VPC');
  });

  test('Fargate renders only what Fargate takes and creates no roles', () => {
    const { stack, ce } = make({ ...fargate, maxvCpus: 16 });
    expect(Object.keys(computeResourcesOf(stack)).sort()).toEqual(['MaxvCpus', 'SecurityGroupIds', 'Subnets', 'Type']);
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, { ComputeResources: { Type: 'FARGATE', MaxvCpus: 16 }, ReplaceComputeEnvironment: Match.absent() });
    expect(countByType(template)['AWS::IAM::Role']).toBeUndefined();
    expect(ce.instanceRole).toBeUndefined();
    expect(ce.computeResourceType).toBe(ComputeResourceType.FARGATE);
  });

  test('Fargate Spot', () => {
    const { stack, ce } = make({ type: ComputeResourceType.FARGATE_SPOT });
    expect(computeResourcesOf(stack)).toMatchObject({ Type: 'FARGATE_SPOT', MaxvCpus: 256 });
    expect(ce.computeResourceType).toBe(ComputeResourceType.FARGATE_SPOT);
  });

  test('an unmanaged environment', () => {
    const { stack, ce } = make(undefined, { managed: false, unmanagedvCpus: 8 });
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, { Type: 'UNMANAGED', UnmanagedvCpus: 8, State: 'ENABLED', ComputeResources: Match.absent() });
    const counts = countByType(template);
    for (const type of ['AWS::EC2::SecurityGroup', 'AWS::IAM::Role', 'AWS::IAM::InstanceProfile']) expect(counts[type]).toBeUndefined();
    expect(ce.computeResourceType).toBeUndefined();
    expect(ce.connections.securityGroups).toEqual([]);
  });

  test('enabled: false renders DISABLED', () => {
    const { stack } = make({}, { enabled: false });
    synthTemplate(stack).hasResourceProperties(CE, { State: 'DISABLED' });
  });

  test('the name and ARN attributes', () => {
    const { stack, ce } = make({}, { computeEnvironmentName: 'my-env' });
    synthTemplate(stack).hasResourceProperties(CE, { ComputeEnvironmentName: 'my-env' });
    expect(ce.computeEnvironmentName).toBe('my-env');
    const logicalId = stack.getLogicalId(ce.node.defaultChild as CfnElement);
    expect(stack.resolve(ce.computeEnvironmentArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'ComputeEnvironmentArn'] });
  });

  test('a generated name is taken from the ARN', () => {
    const { stack, ce } = make({});
    expect(JSON.stringify(stack.resolve(ce.computeEnvironmentName))).toMatch(/Fn::Select.*Fn::Split.*ComputeEnvironmentArn/);
  });
});

describe('settings rendered', () => {
  test('instance types, key pair, placement group, tags, desired vCPUs', () => {
    const { stack, vpc } = setup();
    new ComputeEnvironment(stack, 'CE', {
      computeResources: {
        vpc,
        instanceTypes: [new ec2.InstanceType('c5.large'), new ec2.InstanceType('m5')],
        ec2KeyPair: ec2.KeyPair.fromKeyPairName(stack, 'Key', 'id_rsa'),
        placementGroup: new ec2.PlacementGroup(stack, 'Pg', { strategy: ec2.PlacementGroupStrategy.CLUSTER }),
        tags: { Name: 'batch' },
        desiredvCpus: 4,
      },
    });
    expect(computeResourcesOf(stack)).toMatchObject({
      InstanceTypes: ['c5.large', 'm5'],
      Ec2KeyPair: 'id_rsa',
      PlacementGroup: { 'Fn::GetAtt': [expect.stringMatching(/^Pg/), 'GroupName'] },
      Tags: { Name: 'batch' },
      DesiredvCpus: 4,
    });
  });

  test('BatchInstanceTypes keywords', () => {
    const stack = expectValid({ instanceTypes: [BatchInstanceTypes.DEFAULT_ARM64] });
    expect(computeResourcesOf(stack).InstanceTypes).toEqual(['default_arm64']);
    expect(BatchInstanceTypes.OPTIMAL.toString()).toBe('optimal');
    expect(BatchInstanceTypes.DEFAULT_X86_64.toString()).toBe('default_x86_64');
  });

  test('a custom service role is rendered', () => {
    const { stack } = setup();
    const role = iam.Role.fromRoleArn(stack, 'Svc', 'arn:aws:iam::123456789012:role/service-role/AWSBatchServiceRole');
    new ComputeEnvironment(stack, 'CE', { serviceRole: role, computeResources: { vpc: new ec2.Vpc(stack, 'V2') }, replaceComputeEnvironment: true });
    synthTemplate(stack).hasResourceProperties(CE, {
      ServiceRole: 'arn:aws:iam::123456789012:role/service-role/AWSBatchServiceRole',
      ReplaceComputeEnvironment: true,
    });
  });

  test('an image alone renders ImageId', () => {
    const stack = expectValid({ image: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }) });
    expect(computeResourcesOf(stack)).toMatchObject({ ImageId: 'ami-12345678' });
    expect(computeResourcesOf(stack).Ec2Configuration).toBeUndefined();
  });

  test('an image with an image type renders only Ec2Configuration with the override', () => {
    const stack = expectValid({ image: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }), imageType: ImageType.ECS_AL2023 });
    expect(computeResourcesOf(stack).ImageId).toBeUndefined();
    expect(computeResourcesOf(stack).Ec2Configuration).toEqual([{ ImageType: 'ECS_AL2023', ImageIdOverride: 'ami-12345678' }]);
  });

  test('an image type alone, and updateToLatestImageVersion', () => {
    const stack = expectValid({ imageType: ImageType.of('ECS_AL2_NVIDIA'), updateToLatestImageVersion: true });
    expect(computeResourcesOf(stack)).toMatchObject({ Ec2Configuration: [{ ImageType: 'ECS_AL2_NVIDIA' }], UpdateToLatestImageVersion: true });
  });

  test('a launch template created here: its ID and latest version', () => {
    const { stack, vpc } = setup();
    const lt = new ec2.LaunchTemplate(stack, 'Lt', { launchTemplateName: 'batch-lt' });
    new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, launchTemplate: { launchTemplate: lt } } });
    expect(computeResourcesOf(stack).LaunchTemplate).toEqual({
      LaunchTemplateId: { Ref: expect.stringMatching(/^Lt/) },
      Version: { 'Fn::GetAtt': [expect.stringMatching(/^Lt/), 'LatestVersionNumber'] },
    });
  });

  test('an imported launch template by name with $Default, or a given version', () => {
    const { stack, vpc } = setup();
    const byName = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Lt', { launchTemplateName: 'batch-lt' });
    new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, launchTemplate: { launchTemplate: byName } } });
    new ComputeEnvironment(stack, 'CE2', { computeResources: { vpc, launchTemplate: { launchTemplate: byName, version: '$Latest' } } });
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, { ComputeResources: { LaunchTemplate: { LaunchTemplateName: 'batch-lt', Version: '$Default' } } });
    template.hasResourceProperties(CE, { ComputeResources: { LaunchTemplate: { LaunchTemplateName: 'batch-lt', Version: '$Latest' } } });
  });

  test('the update policy', () => {
    const stack = expectValid({}, { updatePolicy: { terminateJobsOnUpdate: true, jobExecutionTimeout: Duration.minutes(360) } });
    synthTemplate(stack).hasResourceProperties(CE, { UpdatePolicy: { TerminateJobsOnUpdate: true, JobExecutionTimeoutMinutes: 360 } });
  });
});

describe('update warnings are annotations with their rule ids', () => {
  test('a custom service role without replaceComputeEnvironment', () => {
    const { stack } = setup();
    const role = iam.Role.fromRoleName(stack, 'Svc', 'AWSBatchServiceRole');
    new ComputeEnvironment(stack, 'CE', { serviceRole: role, computeResources: { vpc: new ec2.Vpc(stack, 'V2') } });
    synthAnnotations(stack).hasWarning('/TestStack/CE', Match.stringLikeRegexp(
      'replaceComputeEnvironment should be true with a custom serviceRole: Batch cannot update such an environment in place, got false.*'
      + `fails the stack update.*\\[ack: ${WARN}:noInfrastructureUpdate\\]`));
  });

  test('a fixed name, with or without replaceComputeEnvironment: true', () => {
    const { stack, vpc } = make({}, { computeEnvironmentName: 'fixed', replaceComputeEnvironment: true });
    new ComputeEnvironment(stack, 'InPlace', { computeEnvironmentName: 'in-place', computeResources: { vpc } });
    const annotations = synthAnnotations(stack);
    annotations.hasWarning('/TestStack/CE', Match.stringLikeRegexp(
      'computeEnvironmentName keeps CloudFormation from replacing the environment .*got "fixed".*as replaceComputeEnvironment is true.*'
      + `${WARN}:fixedNameBlocksReplacement`));
    annotations.hasWarning('/TestStack/InPlace', Match.stringLikeRegexp(
      'got "in-place". A later change of managed, the environment\'s own tags \\(Tags.of\\) or computeResources.spotFleetRole needs a '
      + `replacement.*${WARN}:fixedNameBlocksReplacement`));
    synthTemplate(stack).hasResourceProperties(CE, { ComputeEnvironmentName: 'in-place', ReplaceComputeEnvironment: false });
  });

  test('an acknowledged warning is gone', () => {
    const { stack } = make({ allocationStrategy: AllocationStrategy.BEST_FIT });
    Annotations.of(stack).acknowledgeWarning(`${WARN}:noInfrastructureUpdate`);
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('imports', () => {
  test('fromComputeEnvironmentArn', () => {
    const stack = testStack();
    const ce = ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Imported', 'arn:aws:batch:eu-west-1:111122223333:compute-environment/other');
    expect(ce.computeEnvironmentName).toBe('other');
    expect(ce.computeEnvironmentArn).toBe('arn:aws:batch:eu-west-1:111122223333:compute-environment/other');
    expect(ce.env).toEqual({ account: '111122223333', region: 'eu-west-1' });
    expect(ce.computeResourceType).toBeUndefined();
  });

  test('fromComputeEnvironmentArn rejects another ARN', () => {
    const stack = testStack();
    expect(() => ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:job-queue/q'))
      .toThrow('[TestStack] Imported: computeEnvironmentArn must be a compute environment ARN (arn:PARTITION:batch:REGION:ACCOUNT:compute-environment/NAME), got "arn:aws:batch:us-east-1:123456789012:job-queue/q"');
  });

  test('fromComputeEnvironmentArn accepts a token', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    const ce = ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Imported', arn);
    expect(JSON.stringify(stack.resolve(ce.computeEnvironmentName))).toContain('Fn::Split');
  });

  test('fromComputeEnvironmentName', () => {
    const stack = testStack();
    const ce = ComputeEnvironment.fromComputeEnvironmentName(stack, 'Imported', 'other');
    expect(stack.resolve(ce.computeEnvironmentArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:compute-environment/other']],
    });
    expect(() => ComputeEnvironment.fromComputeEnvironmentName(stack, 'Bad', 'no spaces'))
      .toThrow('[TestStack] Bad: computeEnvironmentName must be 1-128 letters');
  });
});

describe('reporting', () => {
  test('all errors at once, with the construct path', () => {
    expect(() => make({ minvCpus: -1, ...spot, bidPercentage: 5.5 }, { computeEnvironmentName: 'my env' }))
      .toThrow(/^\[TestStack\/CE\]\n {2}- computeEnvironmentName .*\n {2}- computeResources.minvCpus .*\n {2}- computeResources.bidPercentage must be an integer, got 5.5$/);
  });

  test('one error on one line', () => {
    expect(() => make({ securityGroups: [] })).toThrow(/^\[TestStack\/CE\] computeResources.securityGroups must have at least 1 entry, got 0\./);
  });

  test('subnet problems with the others', () => {
    const stack = testStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-12345678', availabilityZones: ['us-east-1a'], privateSubnetIds: Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`),
    });
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, ...fargate, minvCpus: 0 } })).toThrow(
      '[TestStack/CE]\n  - computeResources.minvCpus applies only to ON_DEMAND and SPOT environments (type is FARGATE), got 0. '
      + 'Fargate chooses and manages the capacity itself; remove it\n  - computeResources.vpcSubnets must have between 1 and 16 entries, got 17');
  });
});

describe('tokens are rendered unchecked', () => {
  test('vCPUs', () => {
    const { stack, vpc } = setup();
    const max = new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber;
    new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, minvCpus: 300, maxvCpus: max } });
    expect(computeResourcesOf(stack)).toMatchObject({ MinvCpus: 300, MaxvCpus: { Ref: 'Max' } });
  });

  test('name, bid percentage and update timeout', () => {
    const { stack, vpc } = setup();
    new ComputeEnvironment(stack, 'CE', {
      computeEnvironmentName: new CfnParameter(stack, 'Name').valueAsString,
      computeResources: { vpc, ...spot, bidPercentage: Lazy.number({ produce: () => 50 }) },
      updatePolicy: { jobExecutionTimeout: Duration.minutes(Lazy.number({ produce: () => 45 })) },
    });
    synthTemplate(stack).hasResourceProperties(CE, {
      ComputeEnvironmentName: { Ref: 'Name' },
      ComputeResources: Match.objectLike({ BidPercentage: 50 }),
      UpdatePolicy: { JobExecutionTimeoutMinutes: 45 },
    });
  });
});

describe('the nearest valid configurations synthesize (one stack, schema-validated)', () => {
  test('limits at their edges', () => {
    const stack = testStack();
    const subnets = ec2.Vpc.fromVpcAttributes(stack, 'Vpc16', {
      vpcId: 'vpc-12345678', availabilityZones: ['us-east-1a'], privateSubnetIds: Array.from({ length: 16 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`),
    });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const groups = Array.from({ length: 5 }, (_, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, `sg-${String(i).padStart(8, '0')}`));
    const lt = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Lt', { launchTemplateName: 'lt' });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    new ComputeEnvironment(stack, 'Fargate16Subnets', { computeResources: { vpc: subnets, ...fargate } });
    new ComputeEnvironment(stack, 'Fargate5Groups', { computeResources: { vpc, ...fargate, securityGroups: groups, maxvCpus: 4 } });
    new ComputeEnvironment(stack, 'Tags50', { computeResources: { vpc, tags: many } });
    new ComputeEnvironment(stack, 'LongTag', { computeResources: { vpc, tags: { ['k'.repeat(128)]: 'x'.repeat(256) } } });
    new ComputeEnvironment(stack, 'LongName', { computeEnvironmentName: `E${'a_-1'.repeat(31)}abc`, computeResources: { vpc } });
    new ComputeEnvironment(stack, 'Unmanaged0', { managed: false, unmanagedvCpus: 0 });
    new ComputeEnvironment(stack, 'Vcpus', { computeResources: { vpc, minvCpus: 4, desiredvCpus: 4, maxvCpus: 4 } });
    new ComputeEnvironment(stack, 'Spot', { computeResources: { vpc, ...spot, bidPercentage: 100, allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED } });
    new ComputeEnvironment(stack, 'Updates', {
      computeResources: { vpc, allocationStrategy: AllocationStrategy.of('BEST_FIT_PROGRESSIVE') },
      updatePolicy: { terminateJobsOnUpdate: true, jobExecutionTimeout: Duration.minutes(1) },
      replaceComputeEnvironment: true,
    });
    new ComputeEnvironment(stack, 'LaunchTemplateVersion1', { computeResources: { vpc, launchTemplate: { launchTemplate: lt, version: '1' } } });
    const template = synthTemplate(stack);
    expect(countByType(template)[CE]).toBe(10);
    template.hasResourceProperties(CE, { ComputeResources: { LaunchTemplate: { LaunchTemplateName: 'lt', Version: '1' } } });
    template.hasResourceProperties(CE, { ComputeResources: Match.objectLike({ Type: 'FARGATE', Subnets: Match.arrayWith(['subnet-00000015']) }) });
    template.hasResourceProperties(CE, { ComputeResources: Match.objectLike({ SecurityGroupIds: groups.map((g) => g.securityGroupId) }) });
    template.hasResourceProperties(CE, { Type: 'UNMANAGED', UnmanagedvCpus: 0 });
  });

  test('a launch template by ID renders only its ID', () => {
    const { stack, vpc } = setup();
    const byId = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'LtId', { launchTemplateId: 'lt-0123456789abcdef0' });
    new ComputeEnvironment(stack, 'CE2', { computeResources: { vpc, launchTemplate: { launchTemplate: byId } } });
    synthTemplate(stack).hasResourceProperties(CE, {
      ComputeResources: { LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', LaunchTemplateName: Match.absent(), Version: '$Default' } },
    });
  });
});

describe('accepted with a warning, rendered as given', () => {
  test('bidPercentage and spotFleetRole on ON_DEMAND', () => {
    const { stack, vpc } = setup();
    const role = iam.Role.fromRoleArn(stack, 'Fleet', 'arn:aws:iam::123456789012:role/fleet');
    new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, bidPercentage: 50, spotFleetRole: role } });
    expect(computeResourcesOf(stack)).toMatchObject({ Type: 'EC2', BidPercentage: 50, SpotIamFleetRole: 'arn:aws:iam::123456789012:role/fleet' });
    const annotations = synthAnnotations(stack);
    annotations.hasWarning('/TestStack/CE', Match.stringLikeRegexp(
      `computeResources.bidPercentage applies only to SPOT environments \\(type is ON_DEMAND\\), got 50.*${WARN}:bidPercentageNotSpot`));
    annotations.hasWarning('/TestStack/CE', Match.stringLikeRegexp(`computeResources.spotFleetRole .*${WARN}:spotFleetRoleNotSpot`));
  });

  test('replaceComputeEnvironment and updatePolicy on Fargate and unmanaged environments', () => {
    const { stack, vpc } = setup();
    new ComputeEnvironment(stack, 'Fargate', {
      computeResources: { vpc, ...fargate },
      replaceComputeEnvironment: true,
      updatePolicy: { terminateJobsOnUpdate: true, jobExecutionTimeout: Duration.minutes(10) },
    });
    new ComputeEnvironment(stack, 'Unmanaged', { managed: false, replaceComputeEnvironment: false });
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, {
      ComputeResources: Match.objectLike({ Type: 'FARGATE' }),
      ReplaceComputeEnvironment: true,
      UpdatePolicy: { TerminateJobsOnUpdate: true, JobExecutionTimeoutMinutes: 10 },
    });
    template.hasResourceProperties(CE, { Type: 'UNMANAGED', ReplaceComputeEnvironment: false, UpdatePolicy: Match.absent() });
    const annotations = synthAnnotations(stack);
    annotations.hasWarning('/TestStack/Fargate', Match.stringLikeRegexp(`^replaceComputeEnvironment has no effect on a FARGATE .*${WARN}:replaceNotEc2`));
    annotations.hasWarning('/TestStack/Fargate', Match.stringLikeRegexp(`^updatePolicy has no effect on a FARGATE .*${WARN}:updatePolicyNotEc2`));
    annotations.hasWarning('/TestStack/Unmanaged', Match.stringLikeRegexp(`^replaceComputeEnvironment has no effect on an unmanaged .*${WARN}:replaceNotEc2`));
  });

  test('compute resources on an unmanaged environment are not rendered and create nothing', () => {
    const { stack, ce } = make({ maxvCpus: 8 }, { managed: false });
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, { Type: 'UNMANAGED', ComputeResources: Match.absent() });
    const counts = countByType(template);
    for (const type of ['AWS::EC2::SecurityGroup', 'AWS::IAM::Role', 'AWS::IAM::InstanceProfile', 'AWS::EC2::LaunchTemplate']) {
      expect(counts[type]).toBeUndefined();
    }
    expect(ce.connections.securityGroups).toEqual([]);
    synthAnnotations(stack).hasWarning('/TestStack/CE', Match.stringLikeRegexp(`^computeResources has no effect on an unmanaged .*${WARN}:computeResourcesOnUnmanaged`));
  });

  test('updateToLatestImageVersion with a fixed image is rendered; on Fargate it is left out', () => {
    const { stack, vpc } = setup();
    new ComputeEnvironment(stack, 'Fixed', {
      computeResources: { vpc, image: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }), updateToLatestImageVersion: true },
    });
    new ComputeEnvironment(stack, 'Fargate', { computeResources: { vpc, ...fargate, updateToLatestImageVersion: true } });
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, { ComputeResources: Match.objectLike({ ImageId: 'ami-12345678', UpdateToLatestImageVersion: true }) });
    template.hasResourceProperties(CE, { ComputeResources: Match.objectLike({ Type: 'FARGATE', UpdateToLatestImageVersion: Match.absent() }) });
    const annotations = synthAnnotations(stack);
    annotations.hasWarning('/TestStack/Fixed', Match.stringLikeRegexp(`${WARN}:imageWithUpdateToLatest`));
    annotations.hasWarning('/TestStack/Fargate', Match.stringLikeRegexp(`${WARN}:fargateUpdateToLatestImage`));
  });

  test('a repeated instance type', () => {
    const { stack } = make({ instanceTypes: ['c5', 'c5'].map((t) => new ec2.InstanceType(t)) });
    expect(computeResourcesOf(stack).InstanceTypes).toEqual(['c5', 'c5']);
    synthAnnotations(stack).hasWarning('/TestStack/CE', Match.stringLikeRegexp(`${WARN}:instanceTypesUnique`));
  });
});

describe('choices left to Batch or to a launch template', () => {
  test('instanceTypes: [] renders no InstanceTypes', () => {
    const { stack } = make({ instanceTypes: [] });
    const resources = computeResourcesOf(stack);
    expect(resources).not.toHaveProperty('InstanceTypes');
    expect(resources).toMatchObject({ Type: 'EC2', AllocationStrategy: 'BEST_FIT_PROGRESSIVE' });
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });

  test('securityGroups: [] with a launch template of yours: no group is created and none is given to Batch', () => {
    const { stack, vpc } = setup();
    const lt = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Lt', { launchTemplateName: 'efa' });
    const ce = new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, securityGroups: [], launchTemplate: { launchTemplate: lt } } });
    const template = synthTemplate(stack);
    expect(countByType(template)['AWS::EC2::SecurityGroup']).toBeUndefined();
    expect(computeResourcesOf(stack)).toMatchObject({ SecurityGroupIds: [], LaunchTemplate: { LaunchTemplateName: 'efa', Version: '$Default' } });
    expect(ce.connections.securityGroups).toEqual([]);
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });

  test('securityGroups: [] with the default launch template is still an error', () => {
    expect(() => make({ securityGroups: [] })).toThrow('[TestStack/CE] computeResources.securityGroups must have at least 1 entry, got 0');
  });
});

describe('the instance profile', () => {
  test('an existing profile: its ARN, no role and no profile created', () => {
    const { stack, vpc } = setup();
    const profile = iam.InstanceProfile.fromInstanceProfileName(stack, 'Profile', 'ecsInstanceRole');
    const ce = new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, instanceProfile: profile } });
    const template = synthTemplate(stack);
    expect(computeResourcesOf(stack).InstanceRole).toEqual(stack.resolve(profile.instanceProfileArn));
    expect(JSON.stringify(stack.resolve(profile.instanceProfileArn))).toContain(':instance-profile/ecsInstanceRole');
    const counts = countByType(template);
    expect(counts['AWS::IAM::Role']).toBeUndefined();
    expect(counts['AWS::IAM::InstanceProfile']).toBeUndefined();
    expect(ce.instanceProfile).toBe(profile);
    expect(ce.instanceRole).toBeUndefined();
  });

  test('an existing profile with a known role exposes the role', () => {
    const { stack, vpc } = setup();
    const role = iam.Role.fromRoleName(stack, 'Role', 'ecsInstanceRole');
    const profile = iam.InstanceProfile.fromInstanceProfileAttributes(stack, 'Profile', {
      instanceProfileArn: 'arn:aws:iam::123456789012:instance-profile/shared', role,
    });
    const ce = new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, instanceProfile: profile } });
    expect(computeResourcesOf(stack).InstanceRole).toBe('arn:aws:iam::123456789012:instance-profile/shared');
    expect(ce.instanceRole).toBe(role);
  });

  test('instanceProfileName names the profile the construct creates', () => {
    const { stack, ce } = make({ instanceProfileName: 'batch-instances' });
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::InstanceProfile', { InstanceProfileName: 'batch-instances', Roles: [stack.resolve(ce.instanceRole!.roleName)] });
    expect(computeResourcesOf(stack).InstanceRole).toEqual(stack.resolve(ce.instanceProfile!.instanceProfileArn));
  });

  test('an instance role and an existing profile are rejected together', () => {
    const { stack, vpc } = setup();
    expect(() => new ComputeEnvironment(stack, 'CE', {
      computeResources: {
        vpc,
        instanceRole: iam.Role.fromRoleName(stack, 'Role', 'r'),
        instanceProfile: iam.InstanceProfile.fromInstanceProfileName(stack, 'Profile', 'p'),
      },
    })).toThrow('[TestStack/CE] computeResources.instanceRole must not be given with computeResources.instanceProfile (TestStack/Profile)');
  });
});

describe('props of the wrong type fail with a message, not a TypeError', () => {
  test('a key pair name', () => {
    expect(() => make({ ec2KeyPair: 'id_rsa' as any })).toThrow('[TestStack/CE] computeResources.ec2KeyPair must be an ec2.IKeyPair, '
      + 'got "id_rsa". Import it with ec2.KeyPair.fromKeyPairName(scope, id, "id_rsa")');
  });

  test('a VPC ID (no subnet selection is tried)', () => {
    const stack = testStack();
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc: 'vpc-0123' as any } })).toThrow(
      /^\[TestStack\/CE\] computeResources.vpc must be an ec2.IVpc, got "vpc-0123". Import it with ec2.Vpc.fromLookup\(scope, id, \{ vpcId: "vpc-0123" \}\)$/);
  });

  test('a role name on Fargate', () => {
    expect(() => make({ ...fargate, instanceRole: 'ecsInstanceRole' as any })).toThrow(
      '[TestStack/CE] computeResources.instanceRole must be an iam.IRole, got "ecsInstanceRole"');
  });
});

describe('the API reference examples', () => {
  test('C4OnDemand and M4Spot synthesize as the reference describes them', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const { c4OnDemand, m4Spot } = addReferenceComputeEnvironments(stack, vpc);
    const template = synthTemplate(stack);
    template.hasResourceProperties(CE, {
      ComputeEnvironmentName: 'C4OnDemand',
      Type: 'MANAGED',
      State: 'ENABLED',
      ComputeResources: Match.objectLike({
        Type: 'EC2',
        InstanceTypes: ['c4.large', 'c4.xlarge', 'c4.2xlarge', 'c4.4xlarge', 'c4.8xlarge'],
        MinvCpus: 0,
        DesiredvCpus: 48,
        MaxvCpus: 128,
        Ec2KeyPair: 'id_rsa',
        Tags: { Name: 'Batch Instance - C4OnDemand' },
      }),
    });
    template.hasResourceProperties(CE, {
      ComputeEnvironmentName: 'M4Spot',
      ComputeResources: Match.objectLike({
        Type: 'SPOT',
        BidPercentage: 20,
        InstanceTypes: ['m4'],
        MinvCpus: 0,
        DesiredvCpus: 4,
        MaxvCpus: 128,
        Ec2KeyPair: 'id_rsa',
        Tags: { Name: 'Batch Instance - M4Spot' },
      }),
    });
    expect(c4OnDemand.computeEnvironmentName).toBe('C4OnDemand');
    expect(m4Spot.computeResourceType).toBe(ComputeResourceType.SPOT);
    expect(countByType(template)['AWS::IAM::InstanceProfile']).toBe(2);
    // The fixed reference names are acknowledged, so they leave no warning.
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });
});
