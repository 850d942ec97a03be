import { Token } from 'aws-cdk-lib';
import {
  BatchInstanceTypes, ComputeEnvironmentLaunchTemplate, ComputeResources, ComputeResourceType, ImageType,
} from './compute-environment-types';
import { checkOneArchitecture, instanceArchitecture, typesInFamilies } from './instance-types';
import { launchTemplateOverrideProblems, userdataTypeProblem } from './launch-template-override-rules';
import { scaleDownDelayProblems } from './scale-down-delay';
import { checkTags } from '../private/validation/batch-rules';
import { checkCount, checkNotSet, checkOrder, checkPattern, checkRange, constructLabel, duplicates } from '../private/validation/checks';
import { DEFAULT_MAX_VCPUS, MAX_FARGATE_SECURITY_GROUPS, MAX_FARGATE_SUBNETS } from '../private/validation/limits';
import { Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnSchema, defineRules, RuleDefinition, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a managed compute environment's compute resources (vCPUs, networking, Spot,
 * Fargate, instance types, images, launch template, instance tags): catalogue entries of
 * ComputeEnvironment and the pure functions that apply them.
 */

/** An EC2-only setting given to a Fargate environment: the API reference says not to specify it there. */
function notOnFargate(property: string, member: string): RuleDefinition {
  return {
    severity: 'error',
    properties: `computeResources.${property}`,
    summary: `computeResources.${property} is only for ON_DEMAND and SPOT environments, not for FARGATE or FARGATE_SPOT.`,
    sources: [batchApi(`ComputeResource ${member}`, 'Not applicable to jobs that run on Fargate resources; the reference says not to specify it.')],
  };
}

const UPDATING = 'Updating compute environments';

/** The rules of ComputeEnvironment's compute resources, by id. */
export const RESOURCE_RULES = defineRules('ComputeEnvironment', {
  vcpuCountsRange: {
    severity: 'error',
    properties: 'computeResources.minvCpus, computeResources.maxvCpus, computeResources.desiredvCpus',
    summary: 'vCPU counts are whole numbers >= 0.',
    sources: [batchApi('ComputeResource minvCpus, maxvCpus, desiredvCpus', 'Integer numbers of vCPUs.'),
      cfnSchema('ComputeResources MinvCpus, MaxvCpus, DesiredvCpus', 'type integer')],
  },
  minNotAboveMax: {
    severity: 'error',
    properties: 'computeResources.minvCpus, computeResources.maxvCpus',
    summary: `minvCpus is at most maxvCpus (${DEFAULT_MAX_VCPUS} when omitted).`,
    sources: [batchApi('ComputeResource desiredvCpus', 'Batch moves the desired vCPUs between the minimum and the maximum.')],
  },
  desiredBetweenMinMax: {
    severity: 'error',
    properties: 'computeResources.desiredvCpus',
    summary: 'desiredvCpus is between minvCpus and maxvCpus.',
    sources: [batchUserGuide(UPDATING, 'A desiredvCpus value must lie between minvCpus and maxvCpus.'),
      batchApi('ComputeResource desiredvCpus', 'Batch moves the desired vCPUs between the minimum and the maximum.')],
  },
  securityGroupsEc2Empty: {
    severity: 'error',
    properties: 'computeResources.securityGroups',
    summary: 'An ON_DEMAND or SPOT environment has at least one security group.',
    sources: [batchApi('ComputeResource securityGroupIds', 'One or more security groups are needed, in securityGroupIds or from '
      + 'the launch template.')],
  },
  fargateSecurityGroups: {
    severity: 'error',
    properties: 'computeResources.securityGroups',
    summary: `A FARGATE or FARGATE_SPOT environment has 1 to ${MAX_FARGATE_SECURITY_GROUPS} security groups.`,
    sources: [batchApi('ComputeResource securityGroupIds', 'Required on Fargate, with at least one group; Fargate has no launch templates.'),
      batchApi('ComputeResourceUpdate securityGroupIds', 'Fargate compute resources take up to 5 security groups.')],
  },
  subnetsCount: {
    severity: 'error',
    properties: 'computeResources.vpcSubnets',
    summary: `The subnet selection selects at least one subnet; at most ${MAX_FARGATE_SUBNETS} on Fargate.`,
    sources: [batchApi('ComputeResource subnets', 'Required; Fargate compute resources can have up to 16 subnets.')],
  },
  subnetSelection: {
    severity: 'error',
    properties: 'computeResources.vpc, computeResources.vpcSubnets',
    summary: 'The subnet selection (by default the private subnets with egress) matches subnets of the VPC.',
    sources: [batchApi('ComputeResource subnets', 'Required: the VPC subnets the compute resources are launched into.')],
  },
  fargateInstanceTypes: notOnFargate('instanceTypes', 'instanceTypes'),
  fargateImage: notOnFargate('image', 'imageId'),
  fargateImageType: notOnFargate('imageType', 'ec2Configuration'),
  fargateUpdateToLatestImage: {
    severity: 'error',
    properties: 'computeResources.updateToLatestImageVersion',
    summary: 'computeResources.updateToLatestImageVersion is only for ON_DEMAND and SPOT environments.',
    sources: [batchApi('ComputeResourceUpdate updateToLatestImageVersion', 'Picks the AMI of the instances in an infrastructure update.'),
      batchUserGuide(UPDATING, 'Fargate environments have no AMI and no infrastructure updates.')],
  },
  fargateKeyPair: notOnFargate('ec2KeyPair', 'ec2KeyPair'),
  fargateInstanceRole: notOnFargate('instanceRole', 'instanceRole'),
  fargateLaunchTemplate: notOnFargate('launchTemplate', 'launchTemplate'),
  fargatePlacementGroup: notOnFargate('placementGroup', 'placementGroup'),
  fargateMinvCpus: notOnFargate('minvCpus', 'minvCpus'),
  fargateDesiredvCpus: notOnFargate('desiredvCpus', 'desiredvCpus'),
  fargateBidPercentage: notOnFargate('bidPercentage', 'bidPercentage'),
  fargateAllocationStrategy: notOnFargate('allocationStrategy', 'allocationStrategy'),
  fargateSpotFleetRole: notOnFargate('spotFleetRole', 'spotIamFleetRole'),
  fargateTags: notOnFargate('tags', 'tags'),
  bidPercentageNotSpot: {
    severity: 'error',
    properties: 'computeResources.bidPercentage',
    summary: 'bidPercentage is only for SPOT environments.',
    sources: [batchApi('ComputeResource bidPercentage', 'The highest Spot price as a percentage of the On-Demand price.')],
  },
  bidPercentageRange: {
    severity: 'error',
    properties: 'computeResources.bidPercentage',
    summary: 'bidPercentage is a whole number from 0 to 100.',
    sources: [batchApi('ComputeResource bidPercentage', 'An integer percentage of the On-Demand price; 100 when omitted.')],
  },
  spotFleetRoleNotSpot: {
    severity: 'error',
    properties: 'computeResources.spotFleetRole',
    summary: 'spotFleetRole is only for SPOT environments.',
    sources: [batchApi('ComputeResource spotIamFleetRole', 'The Spot Fleet role of a SPOT compute environment.')],
  },
  spotStrategyNotSpot: {
    severity: 'error',
    properties: 'computeResources.allocationStrategy',
    summary: 'The SPOT_* allocation strategies are only for SPOT environments.',
    sources: [batchApi('ComputeResource allocationStrategy', 'SPOT_CAPACITY_OPTIMIZED and SPOT_PRICE_CAPACITY_OPTIMIZED are only '
      + 'available for Spot Instance compute resources.')],
  },
  instanceTypesNotEmpty: {
    severity: 'error',
    properties: 'computeResources.instanceTypes',
    summary: 'instanceTypes has at least one entry.',
    sources: [source(SourceDocument.BATCH_API, 'ComputeResource instanceTypes (API version 2016-08-10)', 'The instance types that can be launched.')],
  },
  instanceTypesUnique: {
    severity: 'error',
    properties: 'computeResources.instanceTypes',
    summary: 'instanceTypes names each instance type once.',
    sources: [batchApi('ComputeResource instanceTypes', 'The instance types that can be launched.')],
  },
  oneArchitecture: {
    severity: 'error',
    properties: 'computeResources.instanceTypes',
    summary: 'The instance types are all ARM (Graviton) or all x86.',
    sources: [batchApi('ComputeResource instanceTypes', 'The instance types of one environment share one architecture: x86 and ARM '
      + 'instances cannot be mixed.')],
  },
  imageWithUpdateToLatest: {
    severity: 'error',
    properties: 'computeResources.updateToLatestImageVersion, computeResources.image',
    summary: 'updateToLatestImageVersion is not set with a fixed image.',
    sources: [batchApi('ComputeResourceUpdate updateToLatestImageVersion', 'Ignored when the AMI is given (imageId, imageIdOverride '
      + 'or the launch template).')],
  },
  imageTypeEcsOnly: {
    severity: 'error',
    properties: 'computeResources.imageType',
    summary: 'The image type is an ECS one (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA).',
    sources: [batchApi('Ec2Configuration imageType', 'ECS and EKS environments take different image types; the ECS ones are '
      + 'ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023 and ECS_AL2023_NVIDIA.')],
  },
  al2023NoA1: {
    severity: 'error',
    properties: 'computeResources.instanceTypes, computeResources.imageType',
    summary: 'The Amazon Linux 2023 image types do not run A1 instances.',
    sources: [batchApi('Ec2Configuration imageType', 'Amazon Linux 2023 does not support A1 instances.')],
  },
  al2023NvidiaNoP3G3: {
    severity: 'error',
    properties: 'computeResources.instanceTypes, computeResources.imageType',
    summary: 'ECS_AL2023_NVIDIA does not run P3 or G3 instances (p3, p3dn, g3, g3s).',
    sources: [batchApi('Ec2Configuration imageType', 'ECS_AL2023_NVIDIA does not support the p3 and g3 instance types.')],
  },
  nvidiaNotGraviton: {
    severity: 'error',
    properties: 'computeResources.instanceTypes, computeResources.imageType',
    summary: 'The NVIDIA image types run only x86 instance types.',
    sources: [batchApi('Ec2Configuration imageType', 'ECS_AL2_NVIDIA and ECS_AL2023_NVIDIA are for instance types that are not Graviton-based.')],
  },
  launchTemplateIdOrName: {
    severity: 'error',
    properties: 'computeResources.launchTemplate',
    summary: 'The launch template has an ID or a name.',
    sources: [batchApi('ComputeResource launchTemplate', 'Give the launch template ID or its name, not both.')],
  },
  launchTemplateVersion: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.version',
    summary: 'The launch template version is a version number, $Default or $Latest.',
    sources: [batchApi('LaunchTemplateSpecification version', 'A version number, $Default or $Latest.')],
  },
});

const LAUNCH_TEMPLATE_VERSION = /^(\$Default|\$Latest|[1-9]\d*)$/;

/** The compute resource types whose capacity is EC2 instances. */
export const EC2_TYPES: readonly ComputeResourceType[] = [ComputeResourceType.ON_DEMAND, ComputeResourceType.SPOT];

/** Whether a type is an EC2 one (ON_DEMAND or SPOT); false for Fargate and unmanaged (undefined). */
export function isEc2(type: ComputeResourceType | undefined): boolean {
  return type !== undefined && EC2_TYPES.includes(type);
}

/** The most vCPUs of the compute resources: as given, or the library's default. */
export function maxvCpusOf(resources: ComputeResources): number {
  return resources.maxvCpus ?? DEFAULT_MAX_VCPUS;
}

/** What the construct found when it selected the subnets: their IDs, or why the selection failed. */
export interface SelectedSubnets {
  /** The IDs of the selected subnets. */
  readonly subnetIds?: readonly string[];
  /** The CDK's message when the selection matched no subnet group of the VPC. */
  readonly error?: string;
}

/** The selected subnets: at least one, at most 16 on Fargate. */
export function subnetProblems(type: ComputeResourceType, selected: SelectedSubnets): Problem[] {
  if (selected.error !== undefined) {
    return [{
      rule: RESOURCE_RULES.subnetSelection,
      message: `computeResources.vpcSubnets must select subnets of the VPC: ${selected.error}. `
        + 'The default is the private subnets with egress; pass vpcSubnets to choose others',
    }];
  }
  return [checkCount(RESOURCE_RULES.subnetsCount, 'computeResources.vpcSubnets', selected.subnetIds,
    { min: 1, max: isEc2(type) ? undefined : MAX_FARGATE_SUBNETS })];
}

/** Every rule of the compute resources of a managed environment. */
export function computeResourcesProblems(r: ComputeResources, type: ComputeResourceType): Problem[] {
  const ec2 = isEc2(type);
  const instanceTypes = (r.instanceTypes ?? []).map(String);
  const strategy = r.allocationStrategy;
  const problems: Problem[] = [
    checkRange(RESOURCE_RULES.vcpuCountsRange, 'computeResources.minvCpus', r.minvCpus, { min: 0, integer: true }),
    checkRange(RESOURCE_RULES.vcpuCountsRange, 'computeResources.maxvCpus', r.maxvCpus, { min: 0, integer: true }),
    checkRange(RESOURCE_RULES.vcpuCountsRange, 'computeResources.desiredvCpus', r.desiredvCpus, { min: 0, integer: true }),
    checkOrder(RESOURCE_RULES.minNotAboveMax, 'computeResources.minvCpus', r.minvCpus ?? 0, 'computeResources.maxvCpus', maxvCpusOf(r)),
    checkOrder(RESOURCE_RULES.desiredBetweenMinMax, 'computeResources.minvCpus', r.minvCpus ?? 0, 'computeResources.desiredvCpus', r.desiredvCpus),
    checkOrder(RESOURCE_RULES.desiredBetweenMinMax, 'computeResources.desiredvCpus', r.desiredvCpus, 'computeResources.maxvCpus', maxvCpusOf(r)),
    checkCount(ec2 ? RESOURCE_RULES.securityGroupsEc2Empty : RESOURCE_RULES.fargateSecurityGroups, 'computeResources.securityGroups', r.securityGroups,
      { min: 1, max: ec2 ? undefined : MAX_FARGATE_SECURITY_GROUPS, hint: 'Omit securityGroups to get a new security group' }),
  ];
  if (!ec2) return [...problems, ...fargateProblems(r, type, instanceTypes), ...scaleDownDelayProblems(r.scaleDownDelay, true)];

  const notSpot = `applies only to SPOT environments (type is ${type})`;
  const isSpot = type === ComputeResourceType.SPOT;
  return [
    ...problems,
    isSpot ? undefined : checkNotSet(RESOURCE_RULES.bidPercentageNotSpot, 'computeResources.bidPercentage', r.bidPercentage, notSpot),
    checkRange(RESOURCE_RULES.bidPercentageRange, 'computeResources.bidPercentage', r.bidPercentage, { min: 0, max: 100, integer: true }),
    isSpot ? undefined : checkNotSet(RESOURCE_RULES.spotFleetRoleNotSpot, 'computeResources.spotFleetRole', constructLabel(r.spotFleetRole), notSpot),
    isSpot || !strategy?.spotOnly ? undefined : checkNotSet(RESOURCE_RULES.spotStrategyNotSpot, 'computeResources.allocationStrategy', strategy.value,
      notSpot, 'Use BEST_FIT_PROGRESSIVE for On-Demand instances'),
    ...instanceTypeProblems(r, instanceTypes),
    ...imageProblems(r, instanceTypes),
    ...checkTags('computeResources.tags', r.tags),
    launchTemplateProblem(r.launchTemplate),
    ...launchTemplateOverrideProblems(r.launchTemplate?.overrides, {
      instanceTypes: (r.instanceTypes ?? [BatchInstanceTypes.DEFAULT_X86_64]).map(String),
      instanceTypesGiven: r.instanceTypes !== undefined,
      eks: false,
    }),
    userdataTypeProblem(r.launchTemplate, false),
    ...scaleDownDelayProblems(r.scaleDownDelay, false),
  ];
}

/** The EC2-only settings, each rejected on Fargate. */
function fargateProblems(r: ComputeResources, type: ComputeResourceType, instanceTypes: string[]): Problem[] {
  const notFargate = `applies only to ON_DEMAND and SPOT environments (type is ${type})`;
  const ec2Only: Array<[keyof typeof RESOURCE_RULES, string, unknown]> = [
    ['fargateInstanceTypes', 'instanceTypes', r.instanceTypes && instanceTypes],
    ['fargateImage', 'image', r.image && 'a machine image'],
    ['fargateImageType', 'imageType', r.imageType?.value],
    ['fargateUpdateToLatestImage', 'updateToLatestImageVersion', r.updateToLatestImageVersion],
    ['fargateKeyPair', 'ec2KeyPair', constructLabel(r.ec2KeyPair)],
    ['fargateInstanceRole', 'instanceRole', constructLabel(r.instanceRole)],
    ['fargateLaunchTemplate', 'launchTemplate', constructLabel(r.launchTemplate?.launchTemplate)],
    ['fargatePlacementGroup', 'placementGroup', constructLabel(r.placementGroup)],
    ['fargateMinvCpus', 'minvCpus', r.minvCpus],
    ['fargateDesiredvCpus', 'desiredvCpus', r.desiredvCpus],
    ['fargateBidPercentage', 'bidPercentage', r.bidPercentage],
    ['fargateAllocationStrategy', 'allocationStrategy', r.allocationStrategy?.value],
    ['fargateSpotFleetRole', 'spotFleetRole', constructLabel(r.spotFleetRole)],
    ['fargateTags', 'tags', r.tags],
  ];
  return ec2Only.map(([rule, name, value]) => checkNotSet(RESOURCE_RULES[rule], `computeResources.${name}`, value, notFargate,
    'Fargate chooses and manages the capacity itself; remove it'));
}

/** The instance type list: not empty, no duplicates, one architecture. */
function instanceTypeProblems(r: ComputeResources, instanceTypes: string[]): Problem[] {
  const repeated = duplicates(instanceTypes);
  return [
    checkCount(RESOURCE_RULES.instanceTypesNotEmpty, 'computeResources.instanceTypes', r.instanceTypes,
      { min: 1, hint: 'Omit instanceTypes to let Batch choose (default_x86_64)' }),
    repeated.length > 0
      ? problem(RESOURCE_RULES.instanceTypesUnique, 'computeResources.instanceTypes', instanceTypes, 'must not repeat an instance type',
        `Remove the repeated ${repeated.join(', ')}`)
      : undefined,
    checkOneArchitecture(RESOURCE_RULES.oneArchitecture, 'computeResources.instanceTypes', instanceTypes),
  ];
}

/** The image and image type against each other and the instance types. */
function imageProblems(r: ComputeResources, instanceTypes: string[]): Problem[] {
  const imageType = r.imageType?.value;
  const problems: Problem[] = [
    r.image && r.updateToLatestImageVersion
      ? problem(RESOURCE_RULES.imageWithUpdateToLatest, 'computeResources.updateToLatestImageVersion', true, 'must not be set with computeResources.image',
        'Batch ignores it for a fixed AMI; remove one of the two')
      : undefined,
  ];
  if (imageType === undefined || Token.isUnresolved(imageType)) return problems;

  if (imageType.startsWith('EKS_')) {
    problems.push(problem(RESOURCE_RULES.imageTypeEcsOnly, 'computeResources.imageType', imageType,
      'must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA)', 'This construct creates ECS-based environments'));
  }
  const a1 = typesInFamilies(instanceTypes, ['a1']);
  if (imageType.startsWith('ECS_AL2023') && a1.length > 0) {
    problems.push(problem(RESOURCE_RULES.al2023NoA1, 'computeResources.instanceTypes', a1, `must not include A1 instance types with imageType ${imageType}`,
      'Amazon Linux 2023 does not support A1; use a newer Graviton family (e.g. m7g) or imageType ECS_AL2'));
  }
  const oldGpus = typesInFamilies(instanceTypes, ['p3', 'p3dn', 'g3', 'g3s']);
  if (imageType === ImageType.ECS_AL2023_NVIDIA.value && oldGpus.length > 0) {
    problems.push(problem(RESOURCE_RULES.al2023NvidiaNoP3G3, 'computeResources.instanceTypes', oldGpus,
      'must not include P3 or G3 instance types with imageType ECS_AL2023_NVIDIA', 'Use a newer GPU family (e.g. g5) or imageType ECS_AL2_NVIDIA'));
  }
  const arm = instanceTypes.filter((t) => instanceArchitecture(t) === 'arm64');
  if (imageType.endsWith('_NVIDIA') && arm.length > 0) {
    problems.push(problem(RESOURCE_RULES.nvidiaNotGraviton, 'computeResources.instanceTypes', arm, `must be x86 instance types with imageType ${imageType}`,
      'The NVIDIA images do not run on Graviton; use ECS_AL2023 for ARM instances'));
  }
  return problems;
}

/** The launch template must be identifiable and its version valid. */
function launchTemplateProblem(spec: ComputeEnvironmentLaunchTemplate | undefined): Problem {
  if (!spec) return undefined;
  const template = spec.launchTemplate;
  if (template.launchTemplateId === undefined && template.launchTemplateName === undefined) {
    return problem(RESOURCE_RULES.launchTemplateIdOrName, 'computeResources.launchTemplate', constructLabel(template),
      'must have a launchTemplateId or a launchTemplateName',
      'Import it with ec2.LaunchTemplate.fromLaunchTemplateAttributes({ launchTemplateId }) or ({ launchTemplateName })');
  }
  return checkPattern(RESOURCE_RULES.launchTemplateVersion, 'computeResources.launchTemplate.version', spec.version, LAUNCH_TEMPLATE_VERSION,
    'must be a version number, "$Default" or "$Latest"');
}
