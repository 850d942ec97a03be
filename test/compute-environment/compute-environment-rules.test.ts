/**
 * The compute environment's rules as tables: props in, findings out, without synthesizing
 * a stack (imported VPC, roles and templates only).
 */
import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  AllocationStrategy, ComputeEnvironmentProps, ComputeResources, ComputeResourceType, ImageType,
} from '../../src';
import { computeEnvironmentProblems, RULES } from '../../src/compute-environment/compute-environment-rules';
import { RESOURCE_RULES, subnetProblems } from '../../src/compute-environment/compute-resources-rules';
import { SHARED_RULES } from '../../src/private/validation/batch-rules';
import { importedVpc } from '../fixtures';
import { found, FoundRule } from '../rule-findings';
import { TEST_ENV } from '../synth';

type RuleId = keyof typeof RULES | keyof typeof RESOURCE_RULES | keyof typeof SHARED_RULES;
type Resources = Omit<ComputeResources, 'vpc'>;
type Row = [title: string, props: (scope: Construct) => ComputeEnvironmentProps, expected: FoundRule[]];

const FARGATE = ComputeResourceType.FARGATE;
const SPOT = ComputeResourceType.SPOT;

/** An error of the rule with this exact message. */
function error(rule: RuleId, message: string): FoundRule {
  return { rule, severity: 'error', message };
}
/** A warning of the rule with this exact message. */
function warning(rule: RuleId, message: string): FoundRule {
  return { rule, severity: 'warning', message };
}

/** Props with these compute resources (the imported VPC filled in). */
function managed(resources: Resources, props: Omit<ComputeEnvironmentProps, 'computeResources'> = {}) {
  return (scope: Construct): ComputeEnvironmentProps => ({ ...props, computeResources: { vpc: importedVpc(scope), ...resources } });
}
/** Props with compute resources built in the scope (for imported roles, templates, key pairs). */
function withScope(resources: (scope: Construct) => Resources, props: Omit<ComputeEnvironmentProps, 'computeResources'> = {}) {
  return (scope: Construct): ComputeEnvironmentProps => ({ ...props, computeResources: { vpc: importedVpc(scope), ...resources(scope) } });
}
const types = (...names: string[]) => names.map((n) => new ec2.InstanceType(n));
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

/** The findings of the props, in a fresh stack that is never synthesized. */
function problemsOf(props: (scope: Construct) => ComputeEnvironmentProps): FoundRule[] {
  const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
  return found(computeEnvironmentProblems(props(stack)));
}

function table(rows: Row[]) {
  test.each(rows)('%s', (_title, props, expected) => {
    expect(problemsOf(props)).toEqual(expected);
  });
}

const NAME_RULE = 'must be 1-128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit';

describe('name and management', () => {
  table([
    ['a name starting with a hyphen', managed({}, { computeEnvironmentName: '-env' }),
      [error('name', `computeEnvironmentName ${NAME_RULE}, got "-env"`)]],
    ['a name of 129 characters', managed({}, { computeEnvironmentName: 'a'.repeat(129) }),
      [error('name', `computeEnvironmentName ${NAME_RULE}, got "${'a'.repeat(129)}"`)]],
    ['a name of 128 characters of every kind', managed({}, { computeEnvironmentName: `E${'a_-1'.repeat(31)}abc` }), []],
    ['a token name', (s) => managed({}, { computeEnvironmentName: new CfnParameter(s, 'Name').valueAsString })(s), []],
    ['managed without compute resources', () => ({}), [error('managedNeedsComputeResources',
      'computeResources is required for a managed compute environment, got undefined. Pass computeResources: { vpc }, or set managed: false')]],
    ['managed with compute resources', managed({}), []],
    ['unmanaged with compute resources', managed({}, { managed: false }), [error('computeResourcesOnUnmanaged',
      'computeResources must be omitted for an unmanaged compute environment (managed is false), got compute resources. '
      + 'Launch your own instances into its ECS cluster, or set managed: true')]],
    ['unmanaged without compute resources', () => ({ managed: false }), []],
    ['unmanagedvCpus on a managed environment', managed({}, { unmanagedvCpus: 4 }), [error('unmanagedvCpusOnManaged',
      'unmanagedvCpus applies only to unmanaged compute environments (managed is true), got 4. Remove it, or set managed: false')]],
    ['negative unmanagedvCpus', () => ({ managed: false, unmanagedvCpus: -1 }),
      [error('unmanagedvCpusRange', 'unmanagedvCpus must be an integer >= 0, got -1')]],
    ['unmanagedvCpus 0', () => ({ managed: false, unmanagedvCpus: 0 }), []],
  ]);
});

describe('vCPUs', () => {
  table([
    ['negative minvCpus', managed({ minvCpus: -1 }), [error('vcpuCountsRange', 'computeResources.minvCpus must be an integer >= 0, got -1')]],
    ['fractional minvCpus', managed({ minvCpus: 1.5 }), [error('vcpuCountsRange', 'computeResources.minvCpus must be an integer >= 0, got 1.5')]],
    ['fractional maxvCpus', managed({ maxvCpus: 1.5 }), [error('vcpuCountsRange', 'computeResources.maxvCpus must be an integer >= 0, got 1.5')]],
    ['minvCpus 0', managed({ minvCpus: 0 }), []],
    ['minvCpus above the default maxvCpus (256)', managed({ minvCpus: 300 }),
      [error('minNotAboveMax', 'computeResources.minvCpus must be at most computeResources.maxvCpus (256), got 300')]],
    ['minvCpus at the default maxvCpus', managed({ minvCpus: 256 }), []],
    ['minvCpus above desiredvCpus', managed({ minvCpus: 8, desiredvCpus: 4 }),
      [error('desiredBetweenMinMax', 'computeResources.minvCpus must be at most computeResources.desiredvCpus (4), got 8')]],
    ['desiredvCpus above maxvCpus', managed({ desiredvCpus: 129, maxvCpus: 128 }),
      [error('desiredBetweenMinMax', 'computeResources.desiredvCpus must be at most computeResources.maxvCpus (128), got 129')]],
    ['min = desired = max', managed({ minvCpus: 4, desiredvCpus: 4, maxvCpus: 4 }), []],
    ['a token minvCpus above maxvCpus', managed({ minvCpus: Lazy.number({ produce: () => 5 }), maxvCpus: 4 }), []],
    ['minvCpus above a token maxvCpus', (s) => managed({ minvCpus: 300, maxvCpus: new CfnParameter(s, 'Max', { type: 'Number' }).valueAsNumber })(s), []],
  ]);
});

describe('Spot settings', () => {
  table([
    ['bidPercentage on ON_DEMAND', managed({ bidPercentage: 50 }),
      [error('bidPercentageNotSpot', 'computeResources.bidPercentage applies only to SPOT environments (type is EC2), got 50')]],
    ['bidPercentage on SPOT', managed({ type: SPOT, bidPercentage: 50 }), []],
    ['bidPercentage above 100', managed({ type: SPOT, bidPercentage: 101 }),
      [error('bidPercentageRange', 'computeResources.bidPercentage must be an integer between 0 and 100, got 101')]],
    ['bidPercentage 100', managed({ type: SPOT, bidPercentage: 100 }), []],
    ['a token bidPercentage', managed({ type: SPOT, bidPercentage: Lazy.number({ produce: () => 500 }) }), []],
    ['spotFleetRole on ON_DEMAND', withScope((s) => ({ spotFleetRole: iam.Role.fromRoleName(s, 'Fleet', 'fleet') })),
      [error('spotFleetRoleNotSpot', 'computeResources.spotFleetRole applies only to SPOT environments (type is EC2), got "TestStack/Fleet"')]],
    ['spotFleetRole on SPOT', withScope((s) => ({ type: SPOT, spotFleetRole: iam.Role.fromRoleName(s, 'Fleet', 'fleet') })), []],
    ['a SPOT_* strategy on ON_DEMAND', managed({ allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED }),
      [error('spotStrategyNotSpot', 'computeResources.allocationStrategy applies only to SPOT environments (type is EC2), '
        + 'got "SPOT_CAPACITY_OPTIMIZED". Use BEST_FIT_PROGRESSIVE for On-Demand instances')]],
    ['a SPOT_* strategy on SPOT', managed({ type: SPOT, allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED }), []],
    ['a strategy by name on ON_DEMAND', managed({ allocationStrategy: AllocationStrategy.of('BEST_FIT_PROGRESSIVE') }), []],
  ]);
});

describe('EC2-only settings on Fargate', () => {
  const fargateRows: Array<[string, RuleId, (s: Construct) => Resources, string]> = [
    ['instanceTypes', 'fargateInstanceTypes', () => ({ instanceTypes: types('c5.large') }), '["c5.large"]'],
    ['image', 'fargateImage', () => ({ image: ec2.MachineImage.latestAmazonLinux2023() }), '"a machine image"'],
    ['imageType', 'fargateImageType', () => ({ imageType: ImageType.ECS_AL2023 }), '"ECS_AL2023"'],
    ['updateToLatestImageVersion', 'fargateUpdateToLatestImage', () => ({ updateToLatestImageVersion: true }), 'true'],
    ['ec2KeyPair', 'fargateKeyPair', (s) => ({ ec2KeyPair: ec2.KeyPair.fromKeyPairName(s, 'Key', 'k') }), '"TestStack/Key"'],
    ['instanceRole', 'fargateInstanceRole', (s) => ({ instanceRole: iam.Role.fromRoleName(s, 'R', 'r') }), '"TestStack/R"'],
    ['launchTemplate', 'fargateLaunchTemplate', (s) => ({
      launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateName: 'lt' }) },
    }), '"TestStack/Lt"'],
    ['placementGroup', 'fargatePlacementGroup', (s) => ({ placementGroup: ec2.PlacementGroup.fromPlacementGroupName(s, 'Pg', 'pg') }), '"TestStack/Pg"'],
    ['minvCpus', 'fargateMinvCpus', () => ({ minvCpus: 0 }), '0'],
    ['desiredvCpus', 'fargateDesiredvCpus', () => ({ desiredvCpus: 4 }), '4'],
    ['bidPercentage', 'fargateBidPercentage', () => ({ bidPercentage: 50 }), '50'],
    ['allocationStrategy', 'fargateAllocationStrategy', () => ({ allocationStrategy: AllocationStrategy.BEST_FIT_PROGRESSIVE }), '"BEST_FIT_PROGRESSIVE"'],
    ['spotFleetRole', 'fargateSpotFleetRole', (s) => ({ spotFleetRole: iam.Role.fromRoleName(s, 'F', 'f') }), '"TestStack/F"'],
    ['tags', 'fargateTags', () => ({ tags: { Name: 'x' } }), '[object Object]'],
  ];
  table(fargateRows.map(([name, rule, settings, shown]): Row => [name, withScope((s) => ({ type: FARGATE, ...settings(s) })),
    [error(rule, `computeResources.${name} applies only to ON_DEMAND and SPOT environments (type is FARGATE), got ${shown}. `
      + 'Fargate chooses and manages the capacity itself; remove it')]]));
  table([
    ['minvCpus on FARGATE_SPOT', managed({ type: ComputeResourceType.FARGATE_SPOT, minvCpus: 0 }), [error('fargateMinvCpus',
      'computeResources.minvCpus applies only to ON_DEMAND and SPOT environments (type is FARGATE_SPOT), got 0. '
      + 'Fargate chooses and manages the capacity itself; remove it')]],
    ['the nearest valid Fargate environment', managed({ type: FARGATE, maxvCpus: 4 }), []],
  ]);
});

describe('update settings', () => {
  table([
    ['updatePolicy on Fargate', managed({ type: FARGATE }, { updatePolicy: { terminateJobsOnUpdate: true } }), [error('updatePolicyNotEc2',
      'updatePolicy applies only to managed ON_DEMAND and SPOT environments, got "an update policy". '
      + 'Fargate and unmanaged environments have no infrastructure updates; remove it')]],
    ['replaceComputeEnvironment on an unmanaged environment', () => ({ managed: false, replaceComputeEnvironment: true }), [error('replaceNotEc2',
      'replaceComputeEnvironment applies only to managed ON_DEMAND and SPOT environments, got true. '
      + 'Fargate and unmanaged environments have no infrastructure updates; remove it')]],
    ['both on ON_DEMAND', managed({}, { updatePolicy: { terminateJobsOnUpdate: true }, replaceComputeEnvironment: true }), []],
    ['a timeout over 360 minutes', managed({}, { updatePolicy: { jobExecutionTimeout: Duration.minutes(361) } }), [error('updateTimeoutRange',
      'updatePolicy.jobExecutionTimeout must be between 1 minute and 6 hours, got 6 hours 1 minute')]],
    ['a timeout of 30 seconds', managed({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(30) } }), [
      error('updateTimeoutRange', 'updatePolicy.jobExecutionTimeout must be between 1 minute and 6 hours, got 30 seconds'),
      error('updateTimeoutWholeMinutes', 'updatePolicy.jobExecutionTimeout must be a whole number of minutes, got 30 seconds'),
    ]],
    ['a timeout of 1 minute', managed({}, { updatePolicy: { jobExecutionTimeout: Duration.minutes(1) } }), []],
    ['a timeout of 90 seconds', managed({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(90) } }), [error('updateTimeoutWholeMinutes',
      'updatePolicy.jobExecutionTimeout must be a whole number of minutes, got 1 minute 30 seconds')]],
    ['a timeout of 120 seconds', managed({}, { updatePolicy: { jobExecutionTimeout: Duration.seconds(120) } }), []],
    ['a token timeout', managed({}, { updatePolicy: { jobExecutionTimeout: Duration.minutes(Lazy.number({ produce: () => 45 })) } }), []],
  ]);
});

describe('security groups', () => {
  const groups = (s: Construct, n: number) => Array.from({ length: n }, (_, i) =>
    ec2.SecurityGroup.fromSecurityGroupId(s, `Sg${i}`, `sg-${String(i).padStart(8, '0')}`));
  table([
    ['6 on Fargate', withScope((s) => ({ type: FARGATE, securityGroups: groups(s, 6) })), [error('fargateSecurityGroups',
      'computeResources.securityGroups must have between 1 and 5 entries, got 6. Omit securityGroups to get a new security group')]],
    ['5 on Fargate', withScope((s) => ({ type: FARGATE, securityGroups: groups(s, 5) })), []],
    ['none on ON_DEMAND', managed({ securityGroups: [] }), [error('securityGroupsEc2Empty',
      'computeResources.securityGroups must have at least 1 entry, got 0. Omit securityGroups to get a new security group')]],
  ]);
});

describe('subnets (what the construct selected)', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `subnet-${String(i).padStart(8, '0')}`);
  test.each([
    ['17 on Fargate', FARGATE, { subnetIds: ids(17) },
      [error('subnetsCount', 'computeResources.vpcSubnets must have between 1 and 16 entries, got 17')]],
    ['16 on Fargate', FARGATE, { subnetIds: ids(16) }, []],
    ['none on ON_DEMAND', ComputeResourceType.ON_DEMAND, { subnetIds: [] },
      [error('subnetsCount', 'computeResources.vpcSubnets must have at least 1 entry, got 0')]],
    ['17 on ON_DEMAND', ComputeResourceType.ON_DEMAND, { subnetIds: ids(17) }, []],
    ['a selection that matches no subnet group', ComputeResourceType.ON_DEMAND,
      { error: 'There are no \'Private\' subnet groups in this VPC. Available types: Public' },
      [error('subnetSelection', 'computeResources.vpcSubnets must select subnets of the VPC: There are no \'Private\' subnet groups in this VPC. '
        + 'Available types: Public. The default is the private subnets with egress; pass vpcSubnets to choose others')]],
  ] as Array<[string, ComputeResourceType, { subnetIds?: string[]; error?: string }, FoundRule[]]>)('%s', (_title, type, selected, expected) => {
    expect(found(subnetProblems(type, selected))).toEqual(expected);
  });
});

describe('instance types and images', () => {
  const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
  table([
    ['an empty list', managed({ instanceTypes: [] }), [error('instanceTypesNotEmpty',
      'computeResources.instanceTypes must have at least 1 entry, got 0. Omit instanceTypes to let Batch choose (default_x86_64)')]],
    ['a repeated type', managed({ instanceTypes: types('c5', 'c5') }), [error('instanceTypesUnique',
      'computeResources.instanceTypes must not repeat an instance type, got ["c5", "c5"]. Remove the repeated c5')]],
    ['one family', managed({ instanceTypes: types('c5') }), []],
    ['ARM and x86', managed({ instanceTypes: types('m6g.large', 'c5', 'default_arm64') }), [error('oneArchitecture',
      'computeResources.instanceTypes must all share one CPU architecture, got ["m6g.large", "c5", "default_arm64"]. '
      + 'm6g.large, default_arm64 are ARM (Graviton) and c5 is x86; use a separate compute environment per architecture')]],
    ['ARM only', managed({ instanceTypes: types('m6g.large', 'c7gn', 'a1.medium', 'default_arm64') }), []],
    ['A1 with ECS_AL2023', managed({ imageType: ImageType.ECS_AL2023, instanceTypes: types('a1.large') }), [error('al2023NoA1',
      'computeResources.instanceTypes must not include A1 instance types with imageType ECS_AL2023, got ["a1.large"]. '
      + 'Amazon Linux 2023 does not support A1; use a newer Graviton family (e.g. m7g) or imageType ECS_AL2')]],
    ['A1 with ECS_AL2', managed({ imageType: ImageType.ECS_AL2, instanceTypes: types('a1.large') }), []],
    ['m7g with ECS_AL2023', managed({ imageType: ImageType.ECS_AL2023, instanceTypes: types('m7g.large') }), []],
    ['P3 with ECS_AL2023_NVIDIA', managed({ imageType: ImageType.ECS_AL2023_NVIDIA, instanceTypes: types('p3.2xlarge') }), [error('al2023NvidiaNoP3G3',
      'computeResources.instanceTypes must not include P3 or G3 instance types with imageType ECS_AL2023_NVIDIA, got ["p3.2xlarge"]. '
      + 'Use a newer GPU family (e.g. g5) or imageType ECS_AL2_NVIDIA')]],
    ['g5 with ECS_AL2023_NVIDIA', managed({ imageType: ImageType.ECS_AL2023_NVIDIA, instanceTypes: types('g5') }), []],
    ['Graviton with ECS_AL2_NVIDIA', managed({ imageType: ImageType.ECS_AL2_NVIDIA, instanceTypes: types('g5g.xlarge') }), [error('nvidiaNotGraviton',
      'computeResources.instanceTypes must be x86 instance types with imageType ECS_AL2_NVIDIA, got ["g5g.xlarge"]. '
      + 'The NVIDIA images do not run on Graviton; use ECS_AL2023 for ARM instances')]],
    ['g4dn with ECS_AL2_NVIDIA', managed({ imageType: ImageType.ECS_AL2_NVIDIA, instanceTypes: types('g4dn.xlarge') }), []],
    ['an EKS image type', managed({ imageType: ImageType.of('EKS_AL2023') }), [error('imageTypeEcsOnly',
      'computeResources.imageType must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA), got "EKS_AL2023". '
      + 'This construct creates ECS-based environments')]],
    ['a fixed image that updates to the latest', managed({ image, updateToLatestImageVersion: true }), [error('imageWithUpdateToLatest',
      'computeResources.updateToLatestImageVersion must not be set with computeResources.image, got true. '
      + 'Batch ignores it for a fixed AMI; remove one of the two')]],
    ['a fixed image that does not', managed({ image, updateToLatestImageVersion: false }), []],
  ]);
});

describe('launch templates', () => {
  table([
    ['a template without an ID or a name', withScope((s) => ({
      // aws-cdk-lib's own imports always have one; another ILaunchTemplate implementation may not.
      launchTemplate: { launchTemplate: Object.assign(new Construct(s, 'Lt'), { versionNumber: '$Default' }) as unknown as ec2.ILaunchTemplate },
    })), [error('launchTemplateIdOrName', 'computeResources.launchTemplate must have a launchTemplateId or a launchTemplateName, got "TestStack/Lt". '
      + 'Import it with ec2.LaunchTemplate.fromLaunchTemplateAttributes({ launchTemplateId }) or ({ launchTemplateName })')]],
    ['a template by ID', withScope((s) => ({
      launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateId: 'lt-0123456789abcdef0' }) },
    })), []],
    ['version "0"', withScope((s) => ({
      launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateName: 'lt' }), version: '0' },
    })), [error('launchTemplateVersion', 'computeResources.launchTemplate.version must be a version number, "$Default" or "$Latest", got "0"')]],
    ['version "latest"', withScope((s) => ({
      launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateName: 'lt' }), version: 'latest' },
    })), [error('launchTemplateVersion', 'computeResources.launchTemplate.version must be a version number, "$Default" or "$Latest", got "latest"')]],
    ['version "1"', withScope((s) => ({
      launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateName: 'lt' }), version: '1' },
    })), []],
  ]);
});

describe('instance tags', () => {
  table([
    ['51 tags', managed({ tags: many(51) }), [error('tagCount', 'computeResources.tags must have at most 50 entries, got 51')]],
    ['50 tags', managed({ tags: many(50) }), []],
    ['a key starting with aws:', managed({ tags: { 'aws:owner': 'me' } }),
      [error('tagKey', 'computeResources.tags must not have keys starting with aws:, got "aws:owner". AWS reserves them')]],
    ['a key of 129 characters', managed({ tags: { ['k'.repeat(129)]: 'v' } }),
      [error('tagKey', `computeResources.tags must have keys of 1-128 characters, got "${'k'.repeat(129)}"`)]],
    ['a value of 257 characters', managed({ tags: { Name: 'x'.repeat(257) } }),
      [error('tagValue', `computeResources.tags.Name must be at most 256 characters, got "${'x'.repeat(20)}..."`)]],
    ['a key of 128 and a value of 256 characters', managed({ tags: { ['k'.repeat(128)]: 'x'.repeat(256) } }), []],
  ]);
});

describe('update warnings', () => {
  const NO_UPDATE = 'and replaceComputeEnvironment is false: a later change to a setting that needs new instances '
    + '(instance types, allocation strategy, subnets, security groups, image, launch template, key pair, '
    + 'instance role, placement group, tags, bid percentage or type) will fail the stack update. '
    + 'Use the service-linked role (omit serviceRole) and BEST_FIT_PROGRESSIVE or a SPOT_* strategy, '
    + 'or set replaceComputeEnvironment: true to let CloudFormation replace the environment.';
  table([
    ['a custom service role', (s) => managed({}, { serviceRole: iam.Role.fromRoleName(s, 'Svc', 'AWSBatchServiceRole') })(s),
      [warning('noInfrastructureUpdate', `Batch cannot update this compute environment in place because of a custom serviceRole, ${NO_UPDATE}`)]],
    ['the service-linked role given explicitly', (s) => managed({}, {
      serviceRole: iam.Role.fromRoleArn(s, 'Slr',
        'arn:aws:iam::123456789012:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch'),
    })(s), []],
    ['BEST_FIT', managed({ allocationStrategy: AllocationStrategy.BEST_FIT }),
      [warning('noInfrastructureUpdate', `Batch cannot update this compute environment in place because of the BEST_FIT allocation strategy, ${NO_UPDATE}`)]],
    ['a custom service role and BEST_FIT', (s) => managed({ allocationStrategy: AllocationStrategy.BEST_FIT },
      { serviceRole: iam.Role.fromRoleName(s, 'Svc', 'AWSBatchServiceRole') })(s),
    [warning('noInfrastructureUpdate', 'Batch cannot update this compute environment in place because of a custom serviceRole and '
      + `the BEST_FIT allocation strategy, ${NO_UPDATE}`)]],
    ['BEST_FIT with replaceComputeEnvironment: true', managed({ allocationStrategy: AllocationStrategy.BEST_FIT }, { replaceComputeEnvironment: true }), []],
    ['BEST_FIT on Fargate is rejected, not warned about', managed({ type: FARGATE, allocationStrategy: AllocationStrategy.BEST_FIT }),
      [error('fargateAllocationStrategy', 'computeResources.allocationStrategy applies only to ON_DEMAND and SPOT environments (type is FARGATE), '
        + 'got "BEST_FIT". Fargate chooses and manages the capacity itself; remove it')]],
    ['a fixed name with replaceComputeEnvironment: true', managed({}, { computeEnvironmentName: 'fixed', replaceComputeEnvironment: true }),
      [warning('fixedNameBlocksReplacement', 'computeEnvironmentName is fixed to "fixed" and replaceComputeEnvironment is true: '
        + 'a replacement creates the new environment before deleting the old one and fails because the name is taken. '
        + 'Omit computeEnvironmentName to let CloudFormation generate a name.')]],
    ['a fixed name updated in place', managed({}, { computeEnvironmentName: 'fixed' }), []],
  ]);
});

describe('the catalogue', () => {
  test('every rule has a source, and the two warnings keep their ids', () => {
    for (const rule of [...Object.values(RULES), ...Object.values(RESOURCE_RULES)]) expect(rule.sources.length).toBeGreaterThan(0);
    expect(RULES.noInfrastructureUpdate.warningId).toBe('@cdk-batch-constructs/compute-environment:noInfrastructureUpdate');
    expect(RULES.fixedNameBlocksReplacement.warningId).toBe('@cdk-batch-constructs/compute-environment:fixedNameBlocksReplacement');
  });
});
