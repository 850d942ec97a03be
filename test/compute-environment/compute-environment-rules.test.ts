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
import { computeEnvironmentProblems, RULES, subnetProblems } from '../../src/compute-environment/compute-environment-rules';
import { RESOURCE_RULES } from '../../src/compute-environment/compute-resources-rules';
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

const NAME_RULE = 'must be 1-128 letters, digits, hyphens (-) and underscores (_)';
const KEEP_NAME = 'keeps CloudFormation from replacing the environment (the new one would need the name first)';
const NAME_HINT = 'needs a replacement and fails the stack update. '
  + 'Omit computeEnvironmentName to let CloudFormation generate one, or acknowledge this warning if the name must stay';
/** The fixed-name warning of an ON_DEMAND or SPOT environment that is updated in place. */
function fixedNameOnEc2(name: string): FoundRule {
  return warning('fixedNameBlocksReplacement', `computeEnvironmentName ${KEEP_NAME}, got "${name}". A later change of managed, `
    + `the environment's own tags (Tags.of) or computeResources.spotFleetRole ${NAME_HINT}`);
}

describe('name and management', () => {
  table([
    ['a name with a space', managed({}, { computeEnvironmentName: 'my env' }),
      [error('resourceName', `computeEnvironmentName ${NAME_RULE}, got "my env"`), fixedNameOnEc2('my env')]],
    ['a name of 129 characters', managed({}, { computeEnvironmentName: 'a'.repeat(129) }),
      [error('resourceName', `computeEnvironmentName ${NAME_RULE}, got "${'a'.repeat(129)}"`), fixedNameOnEc2('a'.repeat(129))]],
    ['a name starting with a hyphen (Batch allows it)', managed({}, { computeEnvironmentName: '-env' }), [fixedNameOnEc2('-env')]],
    ['a name of 128 characters of every kind', managed({}, { computeEnvironmentName: `E${'a_-1'.repeat(31)}abc` }),
      [fixedNameOnEc2(`E${'a_-1'.repeat(31)}abc`)]],
    ['a token name is not checked', (s) => managed({}, { computeEnvironmentName: new CfnParameter(s, 'Name').valueAsString })(s), []],
    ['managed without compute resources', () => ({}), [error('managedNeedsComputeResources',
      'computeResources is required for a managed compute environment, got undefined. Pass computeResources: { vpc }, or set managed: false')]],
    ['managed with compute resources', managed({}), []],
    ['unmanaged with compute resources: ignored', managed({ maxvCpus: -1 }, { managed: false }), [warning('computeResourcesOnUnmanaged',
      'computeResources has no effect on an unmanaged compute environment (managed is false), got ["vpc", "maxvCpus"]. '
      + 'It is not rendered; remove it and launch your own instances into the environment\'s ECS cluster, or set managed: true')]],
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
  const IGNORED = 'Batch ignores it for On-Demand instances; remove it, or set type: ComputeResourceType.SPOT';
  const RANGE = 'computeResources.bidPercentage should be between 1 and 100 (percent of the On-Demand price)';
  table([
    ['bidPercentage on ON_DEMAND: ignored', managed({ bidPercentage: 50 }), [warning('bidPercentageNotSpot',
      `computeResources.bidPercentage applies only to SPOT environments (type is ON_DEMAND), got 50. ${IGNORED}`)]],
    ['a fractional bidPercentage on ON_DEMAND', managed({ bidPercentage: 50.5 }), [
      warning('bidPercentageNotSpot', `computeResources.bidPercentage applies only to SPOT environments (type is ON_DEMAND), got 50.5. ${IGNORED}`),
      error('bidPercentageInteger', 'computeResources.bidPercentage must be an integer, got 50.5'),
    ]],
    ['bidPercentage on SPOT', managed({ type: SPOT, bidPercentage: 50 }), []],
    ['a fractional bidPercentage on SPOT', managed({ type: SPOT, bidPercentage: 20.5 }),
      [error('bidPercentageInteger', 'computeResources.bidPercentage must be an integer, got 20.5')]],
    ['bidPercentage above 100', managed({ type: SPOT, bidPercentage: 101 }), [warning('bidPercentageRange', `${RANGE}, got 101. `
      + 'Batch would launch Spot Instances up to 101% of the On-Demand price, dearer than On-Demand ones; omit it to stop at the On-Demand price')]],
    ['bidPercentage 0', managed({ type: SPOT, bidPercentage: 0 }), [warning('bidPercentageRange', `${RANGE}, got 0. `
      + 'Batch launches a Spot Instance only while its price is below 0% of the On-Demand price, so none launches')]],
    ['a negative bidPercentage', managed({ type: SPOT, bidPercentage: -5 }), [warning('bidPercentageRange', `${RANGE}, got -5. `
      + 'Batch launches a Spot Instance only while its price is below -5% of the On-Demand price, so none launches')]],
    ['bidPercentage 1', managed({ type: SPOT, bidPercentage: 1 }), []],
    ['bidPercentage 100', managed({ type: SPOT, bidPercentage: 100 }), []],
    ['a token bidPercentage', managed({ type: SPOT, bidPercentage: Lazy.number({ produce: () => 500 }) }), []],
    ['spotFleetRole on ON_DEMAND: ignored', withScope((s) => ({ spotFleetRole: iam.Role.fromRoleName(s, 'Fleet', 'fleet') })),
      [warning('spotFleetRoleNotSpot', 'computeResources.spotFleetRole applies only to SPOT environments (type is ON_DEMAND), '
        + `got "TestStack/Fleet". ${IGNORED}`)]],
    ['spotFleetRole on SPOT', withScope((s) => ({ type: SPOT, spotFleetRole: iam.Role.fromRoleName(s, 'Fleet', 'fleet') })), []],
    ['a SPOT_* strategy on ON_DEMAND', managed({ allocationStrategy: AllocationStrategy.SPOT_CAPACITY_OPTIMIZED }),
      [error('spotStrategyNotSpot', 'computeResources.allocationStrategy applies only to SPOT environments (type is ON_DEMAND), '
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
    ['ec2KeyPair', 'fargateKeyPair', (s) => ({ ec2KeyPair: ec2.KeyPair.fromKeyPairName(s, 'Key', 'k') }), '"TestStack/Key"'],
    ['instanceRole', 'fargateInstanceRole', (s) => ({ instanceRole: iam.Role.fromRoleName(s, 'R', 'r') }), '"TestStack/R"'],
    ['instanceProfile', 'fargateInstanceProfile', (s) => ({ instanceProfile: iam.InstanceProfile.fromInstanceProfileName(s, 'P', 'p') }),
      '"TestStack/P"'],
    ['instanceProfileName', 'fargateInstanceProfileName', () => ({ instanceProfileName: 'batch-instances' }), '"batch-instances"'],
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
    ['updateToLatestImageVersion on Fargate: not applicable', managed({ type: FARGATE, updateToLatestImageVersion: true }), [
      warning('fargateUpdateToLatestImage', 'computeResources.updateToLatestImageVersion has no effect on FARGATE environments '
        + '(no AMI, no infrastructure updates), got true. It is left out of the template; remove it'),
    ]],
    ['the nearest valid Fargate environment', managed({ type: FARGATE, maxvCpus: 4 }), []],
  ]);
});

describe('update settings', () => {
  table([
    ['updatePolicy on Fargate: not applicable', managed({ type: FARGATE }, { updatePolicy: { terminateJobsOnUpdate: true } }), [
      warning('updatePolicyNotEc2', 'updatePolicy has no effect on a FARGATE environment: there are no infrastructure updates, '
        + 'got ["terminateJobsOnUpdate"]. It is rendered as given; remove it'),
    ]],
    ['updatePolicy on an unmanaged environment', () => ({ managed: false, updatePolicy: { jobExecutionTimeout: Duration.minutes(10) } }), [
      warning('updatePolicyNotEc2', 'updatePolicy has no effect on an unmanaged environment (managed is false): there are no '
        + 'infrastructure updates, got ["jobExecutionTimeout"]. It is rendered as given; remove it'),
    ]],
    ['replaceComputeEnvironment on Fargate Spot', managed({ type: ComputeResourceType.FARGATE_SPOT }, { replaceComputeEnvironment: false }), [
      warning('replaceNotEc2', 'replaceComputeEnvironment has no effect on a FARGATE_SPOT environment: it is always updated in place, '
        + 'got false. It is rendered as given; remove it'),
    ]],
    ['replaceComputeEnvironment on an unmanaged environment', () => ({ managed: false, replaceComputeEnvironment: true }), [
      warning('replaceNotEc2', 'replaceComputeEnvironment has no effect on an unmanaged environment (managed is false): Batch launches '
        + 'no instances, got true. It is rendered as given; remove it'),
    ]],
    ['an update timeout of 361 minutes on Fargate is still wrong', managed({ type: FARGATE },
      { updatePolicy: { jobExecutionTimeout: Duration.minutes(361) } }), [
      warning('updatePolicyNotEc2', 'updatePolicy has no effect on a FARGATE environment: there are no infrastructure updates, '
        + 'got ["jobExecutionTimeout"]. It is rendered as given; remove it'),
      error('updateTimeoutRange', 'updatePolicy.jobExecutionTimeout must be between 1 minute and 6 hours, got 6 hours 1 minute'),
    ]],
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
    ['none on Fargate', managed({ type: FARGATE, securityGroups: [] }), [error('fargateSecurityGroups',
      'computeResources.securityGroups must have between 1 and 5 entries, got 0. Omit securityGroups to get a new security group')]],
    ['none on ON_DEMAND without a launch template of yours', managed({ securityGroups: [] }), [error('securityGroupsEc2Empty',
      'computeResources.securityGroups must have at least 1 entry, got 0. Omit securityGroups to get a new security group, '
      + 'or pass [] with a launchTemplate of yours that names them')]],
    ['none on SPOT with a launch template of yours (its groups are used)', withScope((s) => ({
      type: SPOT, securityGroups: [], launchTemplate: { launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateName: 'efa' }) },
    })), []],
    ['one on ON_DEMAND', withScope((s) => ({ securityGroups: groups(s, 1) })), []],
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
      [error('subnetSelection', 'computeResources.vpcSubnets must select subnets of the VPC, got "There are no \'Private\' subnet groups '
        + 'in this VPC. Available types: Public". The default is the private subnets with egress; pass vpcSubnets to choose others')]],
  ] as Array<[string, ComputeResourceType, { subnetIds?: string[]; error?: string }, FoundRule[]]>)('%s', (_title, type, selected, expected) => {
    expect(found(subnetProblems(type, selected))).toEqual(expected);
  });
});

describe('instance types and images', () => {
  const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
  table([
    ['an empty list (Batch chooses)', managed({ instanceTypes: [] }), []],
    ['a repeated type', managed({ instanceTypes: types('c5', 'c5') }), [warning('instanceTypesUnique',
      'computeResources.instanceTypes repeats an instance type, got ["c5", "c5"]. Batch uses each once; remove the repeated c5')]],
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
      + 'EKS image types are for EKS environments (eks)')]],
    ['images: an ECS type and an NVIDIA type', managed({ images: [{ imageType: ImageType.ECS_AL2023 }, { imageType: ImageType.ECS_AL2023_NVIDIA, image }] }), []],
    ['images: three entries', managed({ images: [{ imageType: ImageType.ECS_AL2023 }, { imageType: ImageType.ECS_AL2 }, { imageType: ImageType.ECS_AL2_NVIDIA }] }),
      [error('imagesCount', 'computeResources.images must have between 1 and 2 entries, got 3')]],
    ['images: none', managed({ images: [] }), [error('imagesCount', 'computeResources.images must have between 1 and 2 entries, got 0')]],
    ['images with imageType', managed({ images: [{ imageType: ImageType.ECS_AL2023 }], imageType: ImageType.ECS_AL2023 }), [error('imagesCount',
      'computeResources.images must not be combined with computeResources.image or imageType, got ["ECS_AL2023"]. Give the image types and AMIs in images only')]],
    ['images: a fixed AMI that updates to the latest', managed({ images: [{ imageType: ImageType.ECS_AL2023, image }], updateToLatestImageVersion: true }), [
      warning('imageWithUpdateToLatest', 'computeResources.updateToLatestImageVersion has no effect with a computeResources.images[].image '
        + '(a fixed AMI), got true. Batch ignores it; remove one of the two'),
    ]],
    ['images: each type checked against the instance types', managed({
      images: [{ imageType: ImageType.ECS_AL2023 }, { imageType: ImageType.of('EKS_AL2') }],
      instanceTypes: types('a1.large'),
    }), [
      error('al2023NoA1', 'computeResources.instanceTypes must not include A1 instance types with imageType ECS_AL2023, got ["a1.large"]. '
        + 'Amazon Linux 2023 does not support A1; use a newer Graviton family (e.g. m7g) or imageType ECS_AL2'),
      error('imageTypeEcsOnly', 'computeResources.images[1].imageType must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA), '
        + 'got "EKS_AL2". EKS image types are for EKS environments (eks)'),
    ]],
    ['images on Fargate', managed({ type: FARGATE, images: [{ imageType: ImageType.ECS_AL2023 }] }), [error('fargateImages',
      'computeResources.images applies only to ON_DEMAND and SPOT environments (type is FARGATE), got ["ECS_AL2023"]. '
      + 'Fargate chooses and manages the capacity itself; remove it')]],
    ['a fixed image that updates to the latest: ignored', managed({ image, updateToLatestImageVersion: true }), [
      warning('imageWithUpdateToLatest', 'computeResources.updateToLatestImageVersion has no effect with computeResources.image '
        + '(a fixed AMI), got true. Batch ignores it; remove one of the two'),
    ]],
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
  const NO_UPDATE = 'Batch cannot update such an environment in place, got false. Otherwise a later change to a setting that '
    + 'needs new instances (instance types, allocation strategy, subnets, security groups, image, launch template, key pair, '
    + 'instance role, placement group, tags, bid percentage or type) fails the stack update. '
    + 'Use the service-linked role (omit serviceRole) and BEST_FIT_PROGRESSIVE or a SPOT_* strategy, '
    + 'or set replaceComputeEnvironment: true to let CloudFormation replace the environment';
  const role = (s: Construct) => iam.Role.fromRoleName(s, 'Svc', 'AWSBatchServiceRole');
  table([
    ['a custom service role', (s) => managed({}, { serviceRole: role(s) })(s), [warning('noInfrastructureUpdate',
      `replaceComputeEnvironment should be true with a custom serviceRole: ${NO_UPDATE}`)]],
    ['the service-linked role given explicitly', (s) => managed({}, {
      serviceRole: iam.Role.fromRoleArn(s, 'Slr',
        'arn:aws:iam::123456789012:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch'),
    })(s), []],
    ['BEST_FIT', managed({ allocationStrategy: AllocationStrategy.BEST_FIT }), [warning('noInfrastructureUpdate',
      `replaceComputeEnvironment should be true with the BEST_FIT allocation strategy: ${NO_UPDATE}`)]],
    ['a custom service role and BEST_FIT', (s) => managed({ allocationStrategy: AllocationStrategy.BEST_FIT }, { serviceRole: role(s) })(s),
      [warning('noInfrastructureUpdate', `replaceComputeEnvironment should be true with a custom serviceRole and the BEST_FIT allocation strategy: ${NO_UPDATE}`)]],
    ['BEST_FIT with replaceComputeEnvironment: true', managed({ allocationStrategy: AllocationStrategy.BEST_FIT }, { replaceComputeEnvironment: true }), []],
    ['a custom service role on Fargate (no infrastructure updates there)', (s) => managed({ type: FARGATE }, { serviceRole: role(s) })(s), []],
    ['BEST_FIT on Fargate is rejected, not warned about', managed({ type: FARGATE, allocationStrategy: AllocationStrategy.BEST_FIT }),
      [error('fargateAllocationStrategy', 'computeResources.allocationStrategy applies only to ON_DEMAND and SPOT environments (type is FARGATE), '
        + 'got "BEST_FIT". Fargate chooses and manages the capacity itself; remove it')]],
  ]);
});

describe('a fixed name', () => {
  table([
    ['ON_DEMAND, updated in place', managed({}, { computeEnvironmentName: 'fixed' }), [fixedNameOnEc2('fixed')]],
    ['SPOT with replaceComputeEnvironment: true', managed({ type: SPOT }, { computeEnvironmentName: 'fixed', replaceComputeEnvironment: true }), [
      warning('fixedNameBlocksReplacement', `computeEnvironmentName ${KEEP_NAME}, got "fixed". A later change of managed, the environment's `
        + 'own tags (Tags.of), computeResources.spotFleetRole or (as replaceComputeEnvironment is true) any setting that needs new '
        + `instances, such as instance types, subnets, security groups, launch template or image ${NAME_HINT}`),
    ]],
    ['Fargate', managed({ type: FARGATE }, { computeEnvironmentName: 'fixed' }), [warning('fixedNameBlocksReplacement',
      `computeEnvironmentName ${KEEP_NAME}, got "fixed". A later change of managed, the environment's own tags (Tags.of) or `
      + `any FARGATE setting other than subnets, security groups and vCPUs ${NAME_HINT}`)]],
    ['unmanaged', () => ({ managed: false, computeEnvironmentName: 'fixed' }), [warning('fixedNameBlocksReplacement',
      `computeEnvironmentName ${KEEP_NAME}, got "fixed". A later change of managed or the environment's own tags (Tags.of) ${NAME_HINT}`)]],
    ['a generated name', managed({}), []],
  ]);
});

describe('instance profile', () => {
  const profile = (s: Construct) => iam.InstanceProfile.fromInstanceProfileName(s, 'Profile', 'ecsInstanceRole');
  table([
    ['an existing profile', withScope((s) => ({ instanceProfile: profile(s) })), []],
    ['an existing profile and an instance role', withScope((s) => ({ instanceProfile: profile(s), instanceRole: iam.Role.fromRoleName(s, 'R', 'r') })),
      [error('instanceRoleOrProfile', 'computeResources.instanceRole must not be given with computeResources.instanceProfile (TestStack/Profile), '
        + 'got "TestStack/R". Give instanceRole to have a profile made for it, or instanceProfile to use an existing one')]],
    ['an existing profile and a name for a new one', withScope((s) => ({ instanceProfile: profile(s), instanceProfileName: 'batch' })),
      [error('instanceProfileNameWithProfile', 'computeResources.instanceProfileName must not be given with computeResources.instanceProfile '
        + '(TestStack/Profile): no profile is created, got "batch". Remove it; the existing profile keeps its own name')]],
    ['a name for the created profile, with every allowed character', managed({ instanceProfileName: 'Batch_+=,.@-1' }), []],
    ['a name of 128 characters for the profile of a given role', withScope((s) => ({
      instanceProfileName: 'p'.repeat(128), instanceRole: iam.Role.fromRoleName(s, 'R', 'r'),
    })), []],
    ['a name of 129 characters', managed({ instanceProfileName: 'p'.repeat(129) }), [error('instanceProfileName',
      `computeResources.instanceProfileName must be 1-128 letters, digits and +=,.@_- characters, got "${'p'.repeat(129)}"`)]],
    ['a name with a slash', managed({ instanceProfileName: 'batch/instances' }), [error('instanceProfileName',
      'computeResources.instanceProfileName must be 1-128 letters, digits and +=,.@_- characters, got "batch/instances"')]],
    ['an empty name', managed({ instanceProfileName: '' }), [error('instanceProfileName',
      'computeResources.instanceProfileName must be 1-128 letters, digits and +=,.@_- characters, got ""')]],
    ['a token name', (s) => managed({ instanceProfileName: new CfnParameter(s, 'Profile').valueAsString })(s), []],
  ]);
});

describe('props of the wrong type (JavaScript, Python) get a message, not a TypeError', () => {
  const typed = (property: string, expected: string, got: string, hint: string) =>
    error('typedInput', `${property} must be ${expected}, got ${got}. ${hint}`);
  table([
    ['ec2KeyPair as a name', managed({ ec2KeyPair: 'id_rsa' as any }), [typed('computeResources.ec2KeyPair', 'an ec2.IKeyPair', '"id_rsa"',
      'Import it with ec2.KeyPair.fromKeyPairName(scope, id, "id_rsa")')]],
    ['ec2KeyPair as a key pair on Fargate (a type error first)', managed({ type: FARGATE, ec2KeyPair: 'id_rsa' as any }), [
      typed('computeResources.ec2KeyPair', 'an ec2.IKeyPair', '"id_rsa"', 'Import it with ec2.KeyPair.fromKeyPairName(scope, id, "id_rsa")'),
    ]],
    ['vpc as an ID', () => ({ computeResources: { vpc: 'vpc-0123' as any } }), [typed('computeResources.vpc', 'an ec2.IVpc', '"vpc-0123"',
      'Import it with ec2.Vpc.fromLookup(scope, id, { vpcId: "vpc-0123" })')]],
    ['securityGroups as one ID', managed({ securityGroups: 'sg-0123' as any }), [typed('computeResources.securityGroups',
      'an array of ec2.ISecurityGroup', '"sg-0123"', 'Import each with ec2.SecurityGroup.fromSecurityGroupId(scope, id, "sg-0123")')]],
    ['securityGroups with an ID', managed({ securityGroups: ['sg-0123'] as any }), [typed('computeResources.securityGroups[0]',
      'an ec2.ISecurityGroup', '"sg-0123"', 'Import it with ec2.SecurityGroup.fromSecurityGroupId(scope, id, "sg-0123")')]],
    ['instanceRole as an ARN', managed({ instanceRole: 'arn:aws:iam::123456789012:role/ecs' as any }), [typed('computeResources.instanceRole',
      'an iam.IRole', '"arn:aws:iam::123456789012:role/ecs"', 'Import it with iam.Role.fromRoleArn(scope, id, "arn:aws:iam::123456789012:role/ecs")')]],
    ['instanceProfile as a name', managed({ instanceProfile: 'ecsInstanceRole' as any }), [typed('computeResources.instanceProfile',
      'an iam.IInstanceProfile', '"ecsInstanceRole"', 'Import it with iam.InstanceProfile.fromInstanceProfileName(scope, id, "ecsInstanceRole")')]],
    ['instanceProfile as an ARN', managed({ instanceProfile: 'arn:aws:iam::123456789012:instance-profile/p' as any }), [
      typed('computeResources.instanceProfile', 'an iam.IInstanceProfile', '"arn:aws:iam::123456789012:instance-profile/p"',
        'Import it with iam.InstanceProfile.fromInstanceProfileArn(scope, id, "arn:aws:iam::123456789012:instance-profile/p")'),
    ]],
    ['spotFleetRole as a name', managed({ type: SPOT, spotFleetRole: 'fleet' as any }), [typed('computeResources.spotFleetRole',
      'an iam.IRole', '"fleet"', 'Import it with iam.Role.fromRoleName(scope, id, "fleet")')]],
    ['serviceRole as a name', managed({}, { serviceRole: 'AWSBatchServiceRole' as any }), [typed('serviceRole', 'an iam.IRole',
      '"AWSBatchServiceRole"', 'Import it with iam.Role.fromRoleName(scope, id, "AWSBatchServiceRole")')]],
    ['launchTemplate.launchTemplate as an ID', managed({ launchTemplate: { launchTemplate: 'lt-0123' as any } }), [
      typed('computeResources.launchTemplate.launchTemplate', 'an ec2.ILaunchTemplate', '"lt-0123"',
        'Import it with ec2.LaunchTemplate.fromLaunchTemplateAttributes(scope, id, { launchTemplateId: "lt-0123" })'),
    ]],
    ['launchTemplate.launchTemplate as a name', managed({ launchTemplate: { launchTemplate: 'efa' as any } }), [
      typed('computeResources.launchTemplate.launchTemplate', 'an ec2.ILaunchTemplate', '"efa"',
        'Import it with ec2.LaunchTemplate.fromLaunchTemplateAttributes(scope, id, { launchTemplateName: "efa" })'),
    ]],
    ['launchTemplate as the template itself', withScope((s) => ({
      launchTemplate: ec2.LaunchTemplate.fromLaunchTemplateAttributes(s, 'Lt', { launchTemplateName: 'efa' }) as any,
    })), [typed('computeResources.launchTemplate', '{ launchTemplate: ec2.ILaunchTemplate, version? }', 'TestStack/Lt',
      'Wrap the template: launchTemplate: { launchTemplate: template }')]],
    ['placementGroup as a name', managed({ placementGroup: 'cluster' as any }), [typed('computeResources.placementGroup',
      'an ec2.IPlacementGroup', '"cluster"', 'Import it with ec2.PlacementGroup.fromPlacementGroupName(scope, id, "cluster")')]],
    ['image as an AMI ID', managed({ image: 'ami-0123' as any }), [typed('computeResources.image', 'an ec2.IMachineImage', '"ami-0123"',
      'Use ec2.MachineImage.genericLinux({ REGION: "ami-0123" })')]],
    ['an update timeout in minutes', managed({}, { updatePolicy: { jobExecutionTimeout: 30 as any } }), [
      typed('updatePolicy.jobExecutionTimeout', 'a Duration', '30', 'Use Duration.minutes(30)'),
    ]],
    ['a role where a key pair belongs', withScope((s) => ({ ec2KeyPair: iam.Role.fromRoleName(s, 'R', 'r') as any })), [
      typed('computeResources.ec2KeyPair', 'an ec2.IKeyPair', 'TestStack/R', 'Import it with ec2.KeyPair.fromKeyPairName(scope, id, "my-key")'),
    ]],
    ['several at once', managed({ ec2KeyPair: 'k' as any, placementGroup: 'pg' as any }), [
      typed('computeResources.ec2KeyPair', 'an ec2.IKeyPair', '"k"', 'Import it with ec2.KeyPair.fromKeyPairName(scope, id, "k")'),
      typed('computeResources.placementGroup', 'an ec2.IPlacementGroup', '"pg"', 'Import it with ec2.PlacementGroup.fromPlacementGroupName(scope, id, "pg")'),
    ]],
  ]);
});

describe('the catalogue', () => {
  test('every rule has a source, the two old warnings keep their ids, and the severities follow the sources', () => {
    for (const rule of [...Object.values(RULES), ...Object.values(RESOURCE_RULES)]) expect(rule.sources.length).toBeGreaterThan(0);
    expect(RULES.noInfrastructureUpdate.warningId).toBe('@cdk-batch-constructs/compute-environment:noInfrastructureUpdate');
    expect(RULES.fixedNameBlocksReplacement.warningId).toBe('@cdk-batch-constructs/compute-environment:fixedNameBlocksReplacement');
    const all = { ...RULES, ...RESOURCE_RULES };
    const warnings = Object.entries(all).filter(([, rule]) => rule.severity === 'warning').map(([id]) => id).sort();
    expect(warnings).toEqual(['bidPercentageNotSpot', 'bidPercentageRange', 'computeResourcesOnUnmanaged', 'fargateUpdateToLatestImage',
      'fixedNameBlocksReplacement', 'imageWithUpdateToLatest', 'instanceTypesUnique', 'noInfrastructureUpdate', 'replaceNotEc2',
      'spotFleetRoleNotSpot', 'updatePolicyNotEc2']);
    expect(Object.keys(all)).not.toContain('instanceTypesNotEmpty');
  });
});
