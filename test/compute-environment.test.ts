import { CfnElement, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addReferenceComputeEnvironments } from '../examples/compute-environments';
import {
  AllocationStrategy, BatchInstanceTypes, ComputeEnvironment, ComputeEnvironmentProps, ComputeResources,
  ComputeResourceType, ImageType,
} from '../src';
import { countByType, synthAnnotations, synthTemplate, testStack } from './synth';

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

function expectInvalid(resources: Omit<ComputeResources, 'vpc'> | undefined, props: Omit<ComputeEnvironmentProps, 'computeResources'>, message: string) {
  expect(() => make(resources, props)).toThrow(message);
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
      .toThrow('[TestStack/CE] computeResources.vpcSubnets must select subnets of the VPC: There are no \'Private\' subnet groups in this VPC');
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

describe('update warnings', () => {
  test('a custom service role without replaceComputeEnvironment warns', () => {
    const { stack } = setup();
    const role = iam.Role.fromRoleName(stack, 'Svc', 'AWSBatchServiceRole');
    new ComputeEnvironment(stack, 'CE', { serviceRole: role, computeResources: { vpc: new ec2.Vpc(stack, 'V2') } });
    synthAnnotations(stack).hasWarning('/TestStack/CE', Match.stringLikeRegexp(
      'Batch cannot update this compute environment in place because of a custom serviceRole, and replaceComputeEnvironment is false.*'
      + `will fail the stack update.*\\[ack: ${WARN}:noInfrastructureUpdate\\]`));
  });

  test('the service-linked role given explicitly does not warn', () => {
    const { stack } = setup();
    const role = iam.Role.fromRoleArn(stack, 'Slr', 'arn:aws:iam::123456789012:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch');
    new ComputeEnvironment(stack, 'CE', { serviceRole: role, computeResources: { vpc: new ec2.Vpc(stack, 'V2') } });
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });

  test('BEST_FIT without replaceComputeEnvironment warns', () => {
    const { stack } = make({ allocationStrategy: AllocationStrategy.BEST_FIT });
    synthAnnotations(stack).hasWarning('/TestStack/CE', Match.stringLikeRegexp('because of the BEST_FIT allocation strategy'));
  });

  test('BEST_FIT with replaceComputeEnvironment: true does not warn', () => {
    const { stack } = make({ allocationStrategy: AllocationStrategy.BEST_FIT }, { replaceComputeEnvironment: true });
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a fixed name with replaceComputeEnvironment: true warns', () => {
    const { stack } = make({}, { computeEnvironmentName: 'fixed', replaceComputeEnvironment: true });
    synthAnnotations(stack).hasWarning('/TestStack/CE', Match.stringLikeRegexp(
      `computeEnvironmentName is fixed to "fixed" and replaceComputeEnvironment is true.*fails because the name is taken.*${WARN}:fixedNameBlocksReplacement`));
  });

  test('a fixed name that is updated in place does not warn', () => {
    const { stack } = make({}, { computeEnvironmentName: 'fixed' });
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

describe('validation', () => {
  test('the name pattern', () => {
    expectInvalid({}, { computeEnvironmentName: '-env' },
      '[TestStack/CE] computeEnvironmentName must be 1-128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "-env"');
    expectInvalid({}, { computeEnvironmentName: 'a'.repeat(129) }, 'computeEnvironmentName must be 1-128');
    expectValid({}, { computeEnvironmentName: `E${'a_-1'.repeat(31)}abc` });
  });

  test('computeResources is required when managed', () => {
    const { stack } = setup();
    expect(() => new ComputeEnvironment(stack, 'CE'))
      .toThrow('[TestStack/CE] computeResources is required for a managed compute environment, got undefined. Pass computeResources: { vpc }, or set managed: false');
    expectValid({});
  });

  test('computeResources is not allowed when unmanaged', () => {
    expectInvalid({}, { managed: false },
      '[TestStack/CE] computeResources must be omitted for an unmanaged compute environment (managed is false), got compute resources');
    expectValid(undefined, { managed: false });
  });

  test('unmanagedvCpus only when unmanaged, and not negative', () => {
    expectInvalid({}, { unmanagedvCpus: 4 },
      '[TestStack/CE] unmanagedvCpus applies only to unmanaged compute environments (managed is true), got 4. Remove it, or set managed: false');
    expectInvalid(undefined, { managed: false, unmanagedvCpus: -1 }, '[TestStack/CE] unmanagedvCpus must be an integer >= 0, got -1');
    expectValid(undefined, { managed: false, unmanagedvCpus: 0 });
  });

  test('minvCpus >= 0', () => {
    expectInvalid({ minvCpus: -1 }, {}, '[TestStack/CE] computeResources.minvCpus must be an integer >= 0, got -1');
    expectInvalid({ minvCpus: 1.5 }, {}, 'computeResources.minvCpus must be an integer >= 0, got 1.5');
    expectValid({ minvCpus: 0 });
  });

  test('minvCpus <= maxvCpus', () => {
    expectInvalid({ minvCpus: 300 }, {}, '[TestStack/CE] computeResources.minvCpus must be at most computeResources.maxvCpus (256), got 300');
    expectValid({ minvCpus: 256 });
  });

  test('minvCpus <= desiredvCpus <= maxvCpus', () => {
    expectInvalid({ minvCpus: 8, desiredvCpus: 4 }, {}, '[TestStack/CE] computeResources.minvCpus must be at most computeResources.desiredvCpus (4), got 8');
    expectInvalid({ desiredvCpus: 129, maxvCpus: 128 }, {}, '[TestStack/CE] computeResources.desiredvCpus must be at most computeResources.maxvCpus (128), got 129');
    expectValid({ minvCpus: 4, desiredvCpus: 4, maxvCpus: 4 });
  });

  test('vCPU checks skip tokens', () => {
    expectValid({ minvCpus: Lazy.number({ produce: () => 5 }), maxvCpus: 4 });
    const { stack, vpc } = setup();
    const max = new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber;
    new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, minvCpus: 300, maxvCpus: max } });
    expect(computeResourcesOf(stack).MaxvCpus).toEqual({ Ref: 'Max' });
  });

  test('name, bid and timeout checks skip tokens', () => {
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

  test('bidPercentage only for SPOT', () => {
    expectInvalid({ bidPercentage: 50 }, {}, '[TestStack/CE] computeResources.bidPercentage applies only to SPOT environments (type is EC2), got 50');
    expectValid({ ...spot, bidPercentage: 50 });
  });

  test('bidPercentage between 0 and 100', () => {
    expectInvalid({ ...spot, bidPercentage: 101 }, {}, '[TestStack/CE] computeResources.bidPercentage must be an integer between 0 and 100, got 101');
    expectValid({ ...spot, bidPercentage: 100 });
  });

  test('spotFleetRole only for SPOT', () => {
    const { stack, vpc } = setup();
    const role = iam.Role.fromRoleName(stack, 'Fleet', 'fleet');
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, spotFleetRole: role } }))
      .toThrow('[TestStack/CE] computeResources.spotFleetRole applies only to SPOT environments (type is EC2), got "TestStack/Fleet"');
    new ComputeEnvironment(stack, 'CE2', { computeResources: { vpc, ...spot, spotFleetRole: role } });
    expect(countByType(synthTemplate(stack))[CE]).toBe(1);
  });

  test('the spot allocation strategies only for SPOT', () => {
    expectInvalid({ allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED }, {},
      '[TestStack/CE] computeResources.allocationStrategy applies only to SPOT environments (type is EC2), got "SPOT_CAPACITY_OPTIMIZED". Use BEST_FIT_PROGRESSIVE for On-Demand instances');
    expectValid({ ...spot, allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED });
    expectValid({ allocationStrategy: AllocationStrategy.of('BEST_FIT_PROGRESSIVE') });
  });

  describe('EC2-only settings are rejected on Fargate', () => {
    const cases: Array<[string, (stack: Stack) => Partial<ComputeResources>, string]> = [
      ['instanceTypes', () => ({ instanceTypes: [new ec2.InstanceType('c5.large')] }), '["c5.large"]'],
      ['image', () => ({ image: ec2.MachineImage.latestAmazonLinux2023() }), '"a machine image"'],
      ['imageType', () => ({ imageType: ImageType.ECS_AL2023 }), '"ECS_AL2023"'],
      ['updateToLatestImageVersion', () => ({ updateToLatestImageVersion: true }), 'true'],
      ['ec2KeyPair', (s) => ({ ec2KeyPair: ec2.KeyPair.fromKeyPairName(s, 'Key', 'k') }), '"TestStack/Key"'],
      ['instanceRole', (s) => ({ instanceRole: iam.Role.fromRoleName(s, 'R', 'r') }), '"TestStack/R"'],
      ['launchTemplate', (s) => ({ launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateName: 'lt' }) } }), '"TestStack/Lt"'],
      ['placementGroup', (s) => ({ placementGroup: ec2.PlacementGroup.fromPlacementGroupName(s, 'Pg', 'pg') }), '"TestStack/Pg"'],
      ['minvCpus', () => ({ minvCpus: 0 }), '0'],
      ['desiredvCpus', () => ({ desiredvCpus: 4 }), '4'],
      ['bidPercentage', () => ({ bidPercentage: 50 }), '50'],
      ['allocationStrategy', () => ({ allocationStrategy: AllocationStrategy.BEST_FIT_PROGRESSIVE }), '"BEST_FIT_PROGRESSIVE"'],
      ['spotFleetRole', (s) => ({ spotFleetRole: iam.Role.fromRoleName(s, 'F', 'f') }), '"TestStack/F"'],
      ['tags', () => ({ tags: { Name: 'x' } }), '[object Object]'],
    ];
    test.each(cases)('%s', (name, settings, shown) => {
      const { stack, vpc } = setup();
      expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, ...fargate, ...settings(stack) } }))
        .toThrow(`[TestStack/CE] computeResources.${name} applies only to ON_DEMAND and SPOT environments (type is FARGATE), got ${shown}. `
          + 'Fargate chooses and manages the capacity itself; remove it');
    });
    test('the nearest valid Fargate environment', () => {
      expectValid({ ...fargate, maxvCpus: 4 });
    });
  });

  test('updatePolicy and replaceComputeEnvironment are rejected on Fargate and unmanaged', () => {
    expectInvalid(fargate, { updatePolicy: { terminateJobsOnUpdate: true } },
      '[TestStack/CE] updatePolicy applies only to managed ON_DEMAND and SPOT environments, got "an update policy". Fargate and unmanaged environments have no infrastructure updates; remove it');
    expectInvalid(undefined, { managed: false, replaceComputeEnvironment: true },
      '[TestStack/CE] replaceComputeEnvironment applies only to managed ON_DEMAND and SPOT environments, got true');
    expectValid({}, { updatePolicy: { terminateJobsOnUpdate: true }, replaceComputeEnvironment: true });
  });

  test('Fargate takes at most 5 security groups', () => {
    const { stack, vpc } = setup();
    const groups = (n: number) => Array.from({ length: n }, (_, i) => ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${n}-${i}`, `sg-${String(n * 10 + i).padStart(8, '0')}`));
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, ...fargate, securityGroups: groups(6) } }))
      .toThrow('[TestStack/CE] computeResources.securityGroups must have between 1 and 5 entries, got 6');
    new ComputeEnvironment(stack, 'CE2', { computeResources: { vpc, ...fargate, securityGroups: groups(5) } });
    expect(countByType(synthTemplate(stack))[CE]).toBe(1);
  });

  test('an empty security group list is rejected', () => {
    expectInvalid({ securityGroups: [] }, {},
      '[TestStack/CE] computeResources.securityGroups must have at least 1 entry, got 0. Omit securityGroups to get a new security group');
  });

  test('Fargate takes at most 16 subnets', () => {
    const stack = testStack();
    const vpcWith = (n: number) => ec2.Vpc.fromVpcAttributes(stack, `Vpc${n}`, {
      vpcId: 'vpc-12345678',
      availabilityZones: ['us-east-1a'],
      privateSubnetIds: Array.from({ length: n }, (_, i) => `subnet-${String(i).padStart(8, '0')}`),
    });
    const selection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc: vpcWith(17), vpcSubnets: selection, ...fargate } }))
      .toThrow('[TestStack/CE] computeResources.vpcSubnets must have between 1 and 16 entries, got 17');
    new ComputeEnvironment(stack, 'CE2', { computeResources: { vpc: vpcWith(16), vpcSubnets: selection, ...fargate } });
    expect(countByType(synthTemplate(stack))[CE]).toBe(1);
  });

  test('instanceTypes: not empty, no repeats', () => {
    expectInvalid({ instanceTypes: [] }, {},
      '[TestStack/CE] computeResources.instanceTypes must have at least 1 entry, got 0. Omit instanceTypes to let Batch choose (default_x86_64)');
    expectInvalid({ instanceTypes: ['c5', 'c5'].map((t) => new ec2.InstanceType(t)) }, {},
      '[TestStack/CE] computeResources.instanceTypes must not repeat an instance type, got ["c5", "c5"]. Remove the repeated c5');
    expectValid({ instanceTypes: [new ec2.InstanceType('c5')] });
  });

  test('instanceTypes: no mix of ARM and x86', () => {
    expectInvalid({ instanceTypes: ['m6g.large', 'c5', 'default_arm64'].map((t) => new ec2.InstanceType(t)) }, {},
      '[TestStack/CE] computeResources.instanceTypes must all share one CPU architecture, got ["m6g.large", "c5", "default_arm64"]. '
      + 'm6g.large, default_arm64 are ARM (Graviton) and c5 is x86; use a separate compute environment per architecture');
    expectValid({ instanceTypes: ['m6g.large', 'c7gn', 'a1.medium', 'default_arm64'].map((t) => new ec2.InstanceType(t)) });
  });

  test('Amazon Linux 2023 images not with A1', () => {
    expectInvalid({ imageType: ImageType.ECS_AL2023, instanceTypes: [new ec2.InstanceType('a1.large')] }, {},
      '[TestStack/CE] computeResources.instanceTypes must not include A1 instance types with imageType ECS_AL2023, got ["a1.large"]');
    expectValid({ imageType: ImageType.ECS_AL2, instanceTypes: [new ec2.InstanceType('a1.large')] });
    expectValid({ imageType: ImageType.ECS_AL2023, instanceTypes: [new ec2.InstanceType('m7g.large')] });
  });

  test('ECS_AL2023_NVIDIA not with P3 or G3', () => {
    expectInvalid({ imageType: ImageType.ECS_AL2023_NVIDIA, instanceTypes: [new ec2.InstanceType('p3.2xlarge')] }, {},
      '[TestStack/CE] computeResources.instanceTypes must not include P3 or G3 instance types with imageType ECS_AL2023_NVIDIA, got ["p3.2xlarge"]');
    expectValid({ imageType: ImageType.ECS_AL2023_NVIDIA, instanceTypes: [new ec2.InstanceType('g5')] });
  });

  test('NVIDIA images not with Graviton', () => {
    expectInvalid({ imageType: ImageType.ECS_AL2_NVIDIA, instanceTypes: [new ec2.InstanceType('g5g.xlarge')] }, {},
      '[TestStack/CE] computeResources.instanceTypes must be x86 instance types with imageType ECS_AL2_NVIDIA, got ["g5g.xlarge"]');
    expectValid({ imageType: ImageType.ECS_AL2_NVIDIA, instanceTypes: [new ec2.InstanceType('g4dn.xlarge')] });
  });

  test('EKS image types are rejected', () => {
    expectInvalid({ imageType: ImageType.of('EKS_AL2023') }, {},
      '[TestStack/CE] computeResources.imageType must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA), got "EKS_AL2023"');
  });

  test('updateToLatestImageVersion not with a fixed image', () => {
    const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
    expectInvalid({ image, updateToLatestImageVersion: true }, {},
      '[TestStack/CE] computeResources.updateToLatestImageVersion must not be set with computeResources.image, got true');
    expectValid({ image, updateToLatestImageVersion: false });
  });

  test('a launch template needs an ID or a name', () => {
    const { stack, vpc } = setup();
    // aws-cdk-lib's own imports always have one; another ILaunchTemplate implementation may not.
    const anonymous = Object.assign(new Construct(stack, 'Lt'), { versionNumber: '$Default' }) as unknown as ec2.ILaunchTemplate;
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, launchTemplate: { launchTemplate: anonymous } } }))
      .toThrow('[TestStack/CE] computeResources.launchTemplate must have a launchTemplateId or a launchTemplateName, got "TestStack/Lt"');
    const byId = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'LtId', { launchTemplateId: 'lt-0123456789abcdef0' });
    new ComputeEnvironment(stack, 'CE2', { computeResources: { vpc, launchTemplate: { launchTemplate: byId } } });
    synthTemplate(stack).hasResourceProperties(CE, {
      ComputeResources: { LaunchTemplate: { LaunchTemplateId: 'lt-0123456789abcdef0', LaunchTemplateName: Match.absent(), Version: '$Default' } },
    });
  });

  test('the launch template version', () => {
    const { stack, vpc } = setup();
    const lt = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Lt', { launchTemplateName: 'lt' });
    expect(() => new ComputeEnvironment(stack, 'CE', { computeResources: { vpc, launchTemplate: { launchTemplate: lt, version: '0' } } }))
      .toThrow('[TestStack/CE] computeResources.launchTemplate.version must be a version number, "$Default" or "$Latest", got "0"');
    new ComputeEnvironment(stack, 'CE2', { computeResources: { vpc, launchTemplate: { launchTemplate: lt, version: '1' } } });
    synthTemplate(stack).hasResourceProperties(CE, { ComputeResources: { LaunchTemplate: { Version: '1' } } });
  });

  test('updatePolicy.jobExecutionTimeout between 1 and 360 minutes', () => {
    expectInvalid({}, { updatePolicy: { jobExecutionTimeout: Duration.minutes(361) } },
      '[TestStack/CE] updatePolicy.jobExecutionTimeout must be between 1 minute and 6 hours, got 6 hours 1 minute');
    expectInvalid({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(30) } },
      'updatePolicy.jobExecutionTimeout must be between 1 minute and 6 hours, got 30 seconds');
    expectValid({}, { updatePolicy: { jobExecutionTimeout: Duration.minutes(1) } });
  });

  test('updatePolicy.jobExecutionTimeout in whole minutes', () => {
    expectInvalid({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(90) } },
      '[TestStack/CE] updatePolicy.jobExecutionTimeout must be a whole number of minutes, got 1 minute 30 seconds');
    expectValid({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(120) } });
  });

  test('all problems are reported at once', () => {
    expect(() => make({ minvCpus: -1, bidPercentage: 5 }, { computeEnvironmentName: '_x' }))
      .toThrow(/\[TestStack\/CE\]\n {2}- computeEnvironmentName .*\n {2}- computeResources.minvCpus .*\n(.|\n)*bidPercentage applies only to SPOT/);
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
  });
});

describe('computeResources.tags', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

  test('at most 50; 50 synthesize', () => {
    expectInvalid({ tags: many(51) }, {}, '[TestStack/CE] computeResources.tags must have at most 50 entries, got 51');
    expectValid({ tags: many(50) });
  });

  test('keys of 1-128 characters, not starting with aws:; values of at most 256 characters', () => {
    expectInvalid({ tags: { 'aws:owner': 'me' } }, {}, 'computeResources.tags must not have keys starting with aws:, got "aws:owner"');
    expectInvalid({ tags: { ['k'.repeat(129)]: 'v' } }, {}, 'computeResources.tags must have keys of 1-128 characters');
    expectInvalid({ tags: { Name: 'x'.repeat(257) } }, {}, 'computeResources.tags.Name must be at most 256 characters');
    expectValid({ tags: { ['k'.repeat(128)]: 'x'.repeat(256) } });
  });
});
