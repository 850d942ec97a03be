import { Token } from 'aws-cdk-lib';
import {
  BatchInstanceTypes, ComputeEnvironmentLaunchTemplate, ComputeResources, ComputeResourceType, ImageType,
} from './compute-environment-types';
import { isEc2, typeName } from './compute-resource-type';
import { checkOneArchitecture, instanceArchitecture, typesInFamilies } from './instance-types';
import { launchTemplateOverrideProblems } from './launch-template-override-rules';
import { scaleDownDelayProblems } from './scale-down-delay';
import { checkTags } from '../private/validation/batch-rules';
import { checkCount, checkNotSet, checkOrder, checkPattern, checkRange, constructLabel, duplicates } from '../private/validation/checks';
import { DEFAULT_MAX_VCPUS, MAX_FARGATE_SECURITY_GROUPS } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnSchema, defineRules, RuleDefinition, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a managed compute environment's compute resources (vCPUs, networking, Spot,
 * Fargate, instance types, images, launch template, instance profile, instance tags):
 * catalogue entries of ComputeEnvironment and the pure functions that apply them.
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
const BID = batchApi('ComputeResource bidPercentage', 'An integer: Batch launches a Spot Instance only while its price is below this '
  + 'percentage of the On-Demand price; 100 when omitted. Only the Fargate exclusion is documented.');

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
    properties: 'computeResources.securityGroups, computeResources.launchTemplate',
    summary: 'An ON_DEMAND or SPOT environment without a launch template of yours has at least one security group; '
      + 'with one, [] takes the template\'s groups.',
    sources: [batchApi('ComputeResource securityGroupIds', 'One or more security groups are needed, in securityGroupIds or from '
      + 'the launch template; groups in securityGroupIds take precedence.')],
  },
  fargateSecurityGroups: {
    severity: 'error',
    properties: 'computeResources.securityGroups',
    summary: `A FARGATE or FARGATE_SPOT environment has 1 to ${MAX_FARGATE_SECURITY_GROUPS} security groups.`,
    sources: [batchApi('ComputeResource securityGroupIds', 'Required on Fargate, with at least one group; Fargate has no launch templates.'),
      batchApi('ComputeResourceUpdate securityGroupIds', 'Fargate compute resources take up to 5 security groups.')],
  },
  fargateInstanceTypes: notOnFargate('instanceTypes', 'instanceTypes'),
  fargateImage: notOnFargate('image', 'imageId'),
  fargateImageType: notOnFargate('imageType', 'ec2Configuration'),
  fargateImages: notOnFargate('images', 'ec2Configuration'),
  imagesCount: {
    severity: 'error',
    properties: 'computeResources.images',
    summary: 'images has one or two entries, and replaces image and imageType.',
    sources: [batchApi('ComputeResource ec2Configuration', 'One or two values can be provided.')],
  },
  fargateUpdateToLatestImage: {
    severity: 'warning',
    properties: 'computeResources.updateToLatestImageVersion',
    summary: 'updateToLatestImageVersion has no effect on FARGATE or FARGATE_SPOT (it is not rendered there).',
    sources: [batchApi('ComputeResourceUpdate updateToLatestImageVersion', 'Picks the AMI of the instances in an infrastructure update.'),
      batchUserGuide(UPDATING, 'Fargate environments have no AMI and only take subnet, security group and vCPU updates.')],
  },
  fargateKeyPair: notOnFargate('ec2KeyPair', 'ec2KeyPair'),
  fargateInstanceRole: notOnFargate('instanceRole', 'instanceRole'),
  fargateInstanceProfile: notOnFargate('instanceProfile', 'instanceRole'),
  fargateInstanceProfileName: notOnFargate('instanceProfileName', 'instanceRole'),
  fargateLaunchTemplate: notOnFargate('launchTemplate', 'launchTemplate'),
  fargatePlacementGroup: notOnFargate('placementGroup', 'placementGroup'),
  fargateMinvCpus: notOnFargate('minvCpus', 'minvCpus'),
  fargateDesiredvCpus: notOnFargate('desiredvCpus', 'desiredvCpus'),
  fargateBidPercentage: notOnFargate('bidPercentage', 'bidPercentage'),
  fargateAllocationStrategy: notOnFargate('allocationStrategy', 'allocationStrategy'),
  fargateSpotFleetRole: notOnFargate('spotFleetRole', 'spotIamFleetRole'),
  fargateTags: notOnFargate('tags', 'tags'),
  bidPercentageNotSpot: {
    severity: 'warning',
    properties: 'computeResources.bidPercentage',
    summary: 'bidPercentage has no effect on ON_DEMAND environments (it is rendered as given).',
    sources: [BID],
  },
  bidPercentageInteger: {
    severity: 'error',
    properties: 'computeResources.bidPercentage',
    summary: 'bidPercentage is a whole number.',
    sources: [BID, cfnSchema('ComputeResources BidPercentage', 'type integer')],
  },
  bidPercentageRange: {
    severity: 'warning',
    properties: 'computeResources.bidPercentage',
    summary: 'bidPercentage is between 1 and 100: with 0 or less no Spot Instance launches, above 100 Spot may cost more than On-Demand.',
    sources: [BID],
  },
  spotFleetRoleNotSpot: {
    severity: 'warning',
    properties: 'computeResources.spotFleetRole',
    summary: 'spotFleetRole has no effect on ON_DEMAND environments (it is rendered as given).',
    sources: [batchApi('ComputeResource spotIamFleetRole', 'The Spot Fleet role of a SPOT compute environment; only the Fargate exclusion '
      + 'is documented.')],
  },
  spotStrategyNotSpot: {
    severity: 'error',
    properties: 'computeResources.allocationStrategy',
    summary: 'The SPOT_* allocation strategies are only for SPOT environments.',
    sources: [batchApi('ComputeResource allocationStrategy', 'SPOT_CAPACITY_OPTIMIZED and SPOT_PRICE_CAPACITY_OPTIMIZED are only '
      + 'available for Spot Instance compute resources.')],
  },
  instanceTypesUnique: {
    severity: 'warning',
    properties: 'computeResources.instanceTypes',
    summary: 'instanceTypes names each instance type once (a repeat has no effect).',
    sources: [batchApi('ComputeResource instanceTypes', 'The instance types that can be launched: a set of types and families.')],
  },
  oneArchitecture: {
    severity: 'error',
    properties: 'computeResources.instanceTypes',
    summary: 'The instance types are all ARM (Graviton) or all x86.',
    sources: [batchApi('ComputeResource instanceTypes', 'The instance types of one environment share one architecture: x86 and ARM '
      + 'instances cannot be mixed.')],
  },
  imageWithUpdateToLatest: {
    severity: 'warning',
    properties: 'computeResources.updateToLatestImageVersion, computeResources.image',
    summary: 'updateToLatestImageVersion has no effect with a fixed image.',
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
    summary: 'The Amazon Linux 2023 image types (ECS and EKS) do not run A1 instances.',
    sources: [batchApi('Ec2Configuration imageType', 'Amazon Linux 2023 does not support A1 instances (ECS_AL2023, EKS_AL2023).')],
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
    summary: 'The NVIDIA image types (ECS and EKS) run only x86 instance types.',
    sources: [batchApi('Ec2Configuration imageType', 'The _NVIDIA image types of ECS and EKS are for instance types that are not Graviton-based.')],
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
  instanceRoleOrProfile: {
    severity: 'error',
    properties: 'computeResources.instanceRole, computeResources.instanceProfile',
    summary: 'instanceRole (a role the construct makes a profile for) or instanceProfile (an existing profile), not both.',
    sources: [batchApi('ComputeResource instanceRole', 'One instance profile for the instances, by name or ARN.'),
      source(SourceDocument.LIBRARY, 'ComputeResources instanceProfile', 'With an existing profile the construct creates none, so a '
        + 'role for a new profile cannot be used.')],
  },
  instanceProfileNameWithProfile: {
    severity: 'error',
    properties: 'computeResources.instanceProfileName, computeResources.instanceProfile',
    summary: 'instanceProfileName names the profile the construct creates: not with an existing instanceProfile.',
    sources: [source(SourceDocument.LIBRARY, 'ComputeResources instanceProfileName', 'The name of the profile the construct creates; '
      + 'with instanceProfile none is created.')],
  },
  instanceProfileName: {
    severity: 'error',
    properties: 'computeResources.instanceProfileName',
    summary: 'An instance profile name is 1-128 letters, digits and +=,.@_- characters.',
    sources: [source(SourceDocument.IAM_API, 'CreateInstanceProfile InstanceProfileName', 'From 1 to 128 characters of upper and lower '
      + 'case letters, digits and _+=,.@-.')],
  },
});

const LAUNCH_TEMPLATE_VERSION = /^(\$Default|\$Latest|[1-9]\d*)$/;
const INSTANCE_PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;

/** The most vCPUs of the compute resources: as given, or the library's default. */
export function maxvCpusOf(resources: ComputeResources): number {
  return resources.maxvCpus ?? DEFAULT_MAX_VCPUS;
}

/**
 * Every rule of the compute resources of a managed environment.
 * @param eks whether the environment runs on Amazon EKS (its image types are checked by the EKS rules)
 */
export function computeResourcesProblems(r: ComputeResources, type: ComputeResourceType, eks = false): Problem[] {
  const ec2 = isEc2(type);
  const instanceTypes = (r.instanceTypes ?? []).map(String);
  const problems: Problem[] = [
    checkRange(RESOURCE_RULES.vcpuCountsRange, 'computeResources.minvCpus', r.minvCpus, { min: 0, integer: true }),
    checkRange(RESOURCE_RULES.vcpuCountsRange, 'computeResources.maxvCpus', r.maxvCpus, { min: 0, integer: true }),
    checkRange(RESOURCE_RULES.vcpuCountsRange, 'computeResources.desiredvCpus', r.desiredvCpus, { min: 0, integer: true }),
    checkOrder(RESOURCE_RULES.minNotAboveMax, 'computeResources.minvCpus', r.minvCpus ?? 0, 'computeResources.maxvCpus', maxvCpusOf(r)),
    checkOrder(RESOURCE_RULES.desiredBetweenMinMax, 'computeResources.minvCpus', r.minvCpus ?? 0, 'computeResources.desiredvCpus', r.desiredvCpus),
    checkOrder(RESOURCE_RULES.desiredBetweenMinMax, 'computeResources.desiredvCpus', r.desiredvCpus, 'computeResources.maxvCpus', maxvCpusOf(r)),
  ];
  if (!ec2) return [...problems, ...fargateProblems(r, type, instanceTypes), ...scaleDownDelayProblems(r.scaleDownDelay, true)];
  return [
    ...problems,
    // Without a launch template of the user's, nothing else can supply the groups.
    r.launchTemplate ? undefined : checkCount(RESOURCE_RULES.securityGroupsEc2Empty, 'computeResources.securityGroups', r.securityGroups,
      { min: 1, hint: 'Omit securityGroups to get a new security group, or pass [] with a launchTemplate of yours that names them' }),
    ...spotProblems(r, type),
    ...instanceTypeProblems(instanceTypes),
    ...imageProblems(r, instanceTypes, eks),
    ...instanceProfileProblems(r),
    ...checkTags('computeResources.tags', r.tags),
    launchTemplateProblem(r.launchTemplate),
    ...launchTemplateOverrideProblems(r.launchTemplate?.overrides, {
      instanceTypes: (r.instanceTypes?.length ? r.instanceTypes : [BatchInstanceTypes.DEFAULT_X86_64]).map(String),
      instanceTypesGiven: (r.instanceTypes?.length ?? 0) > 0,
      eks,
    }),
    ...scaleDownDelayProblems(r.scaleDownDelay, false),
  ];
}

/** The security groups and the EC2-only settings of a Fargate environment. */
function fargateProblems(r: ComputeResources, type: ComputeResourceType, instanceTypes: string[]): Problem[] {
  const notFargate = `applies only to ON_DEMAND and SPOT environments (type is ${typeName(type)})`;
  const ec2Only: Array<[keyof typeof RESOURCE_RULES, string, unknown]> = [
    ['fargateInstanceTypes', 'instanceTypes', r.instanceTypes && instanceTypes],
    ['fargateImage', 'image', r.image && 'a machine image'],
    ['fargateImageType', 'imageType', r.imageType?.value],
    ['fargateImages', 'images', r.images && r.images.map((i) => i.imageType.value)],
    ['fargateKeyPair', 'ec2KeyPair', constructLabel(r.ec2KeyPair)],
    ['fargateInstanceRole', 'instanceRole', constructLabel(r.instanceRole)],
    ['fargateInstanceProfile', 'instanceProfile', constructLabel(r.instanceProfile)],
    ['fargateInstanceProfileName', 'instanceProfileName', r.instanceProfileName],
    ['fargateLaunchTemplate', 'launchTemplate', constructLabel(r.launchTemplate?.launchTemplate)],
    ['fargatePlacementGroup', 'placementGroup', constructLabel(r.placementGroup)],
    ['fargateMinvCpus', 'minvCpus', r.minvCpus],
    ['fargateDesiredvCpus', 'desiredvCpus', r.desiredvCpus],
    ['fargateBidPercentage', 'bidPercentage', r.bidPercentage],
    ['fargateAllocationStrategy', 'allocationStrategy', r.allocationStrategy?.value],
    ['fargateSpotFleetRole', 'spotFleetRole', constructLabel(r.spotFleetRole)],
    ['fargateTags', 'tags', r.tags],
  ];
  return [
    checkCount(RESOURCE_RULES.fargateSecurityGroups, 'computeResources.securityGroups', r.securityGroups,
      { min: 1, max: MAX_FARGATE_SECURITY_GROUPS, hint: 'Omit securityGroups to get a new security group' }),
    ...ec2Only.map(([rule, name, value]) => checkNotSet(RESOURCE_RULES[rule], `computeResources.${name}`, value, notFargate,
      'Fargate chooses and manages the capacity itself; remove it')),
    checkNotSet(RESOURCE_RULES.fargateUpdateToLatestImage, 'computeResources.updateToLatestImageVersion', r.updateToLatestImageVersion,
      `has no effect on ${typeName(type)} environments (no AMI, no infrastructure updates)`, 'It is left out of the template; remove it'),
  ];
}

/** Spot-only settings on ON_DEMAND (ignored there) and the bid percentage. */
function spotProblems(r: ComputeResources, type: ComputeResourceType): Problem[] {
  const strategy = r.allocationStrategy;
  if (type !== ComputeResourceType.SPOT) {
    const notSpot = `applies only to SPOT environments (type is ${typeName(type)})`;
    const ignored = 'Batch ignores it for On-Demand instances; remove it, or set type: ComputeResourceType.SPOT';
    return [
      checkNotSet(RESOURCE_RULES.bidPercentageNotSpot, 'computeResources.bidPercentage', r.bidPercentage, notSpot, ignored),
      checkRange(RESOURCE_RULES.bidPercentageInteger, 'computeResources.bidPercentage', r.bidPercentage, { integer: true }),
      checkNotSet(RESOURCE_RULES.spotFleetRoleNotSpot, 'computeResources.spotFleetRole', constructLabel(r.spotFleetRole), notSpot, ignored),
      strategy?.spotOnly ? problem(RESOURCE_RULES.spotStrategyNotSpot, 'computeResources.allocationStrategy', strategy.value, notSpot,
        'Use BEST_FIT_PROGRESSIVE for On-Demand instances') : undefined,
    ];
  }
  const bid = r.bidPercentage;
  return [
    checkRange(RESOURCE_RULES.bidPercentageInteger, 'computeResources.bidPercentage', bid, { integer: true }),
    isKnown(bid) && bid <= 0 ? problem(RESOURCE_RULES.bidPercentageRange, 'computeResources.bidPercentage', bid,
      'should be between 1 and 100 (percent of the On-Demand price)',
      `Batch launches a Spot Instance only while its price is below ${bid}% of the On-Demand price, so none launches`) : undefined,
    isKnown(bid) && bid > 100 ? problem(RESOURCE_RULES.bidPercentageRange, 'computeResources.bidPercentage', bid,
      'should be between 1 and 100 (percent of the On-Demand price)',
      `Batch would launch Spot Instances up to ${bid}% of the On-Demand price, dearer than On-Demand ones; omit it to stop at the `
      + 'On-Demand price') : undefined,
  ];
}

/** The instance type list: no repeats, one architecture. */
function instanceTypeProblems(instanceTypes: string[]): Problem[] {
  const repeated = duplicates(instanceTypes);
  return [
    repeated.length > 0
      ? problem(RESOURCE_RULES.instanceTypesUnique, 'computeResources.instanceTypes', instanceTypes, 'repeats an instance type',
        `Batch uses each once; remove the repeated ${repeated.join(', ')}`)
      : undefined,
    checkOneArchitecture(RESOURCE_RULES.oneArchitecture, 'computeResources.instanceTypes', instanceTypes),
  ];
}

/** The image and image type against each other and the instance types. */
function imageProblems(r: ComputeResources, instanceTypes: string[], eks: boolean): Problem[] {
  const problems: Problem[] = [
    r.image && r.updateToLatestImageVersion
      ? problem(RESOURCE_RULES.imageWithUpdateToLatest, 'computeResources.updateToLatestImageVersion', true,
        'has no effect with computeResources.image (a fixed AMI)', 'Batch ignores it; remove one of the two')
      : undefined,
  ];
  if (r.images !== undefined) {
    problems.push(
      checkCount(RESOURCE_RULES.imagesCount, 'computeResources.images', r.images, { min: 1, max: 2 }),
      r.image || r.imageType ? problem(RESOURCE_RULES.imagesCount, 'computeResources.images', r.images.map((i) => i.imageType.value),
        'must not be combined with computeResources.image or imageType', 'Give the image types and AMIs in images only') : undefined,
      r.images.some((i) => i.image) && r.updateToLatestImageVersion
        ? problem(RESOURCE_RULES.imageWithUpdateToLatest, 'computeResources.updateToLatestImageVersion', true,
          'has no effect with a computeResources.images[].image (a fixed AMI)', 'Batch ignores it; remove one of the two')
        : undefined,
    );
  }
  const imageTypes = r.images !== undefined
    ? r.images.map((i, n) => ({ property: `computeResources.images[${n}].imageType`, value: i.imageType.value }))
    : r.imageType ? [{ property: 'computeResources.imageType', value: r.imageType.value }] : [];
  for (const { property, value } of imageTypes) problems.push(...imageTypeProblems(property, value, instanceTypes, eks));
  return problems;
}

/** One image type against the instance types (the ECS rule on EKS types only without `eks`). */
function imageTypeProblems(property: string, imageType: string, instanceTypes: string[], eks: boolean): Problem[] {
  const problems: Problem[] = [];
  if (Token.isUnresolved(imageType)) return problems;

  if (imageType.startsWith('EKS_') && !eks) {
    problems.push(problem(RESOURCE_RULES.imageTypeEcsOnly, property, imageType,
      'must be an ECS image type (ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA)', 'EKS image types are for EKS environments (eks)'));
  }
  const a1 = typesInFamilies(instanceTypes, ['a1']);
  if (/^(ECS|EKS)_AL2023/.test(imageType) && a1.length > 0) {
    problems.push(problem(RESOURCE_RULES.al2023NoA1, 'computeResources.instanceTypes', a1,
      `must not include A1 instance types with imageType ${imageType}`,
      `Amazon Linux 2023 does not support A1; use a newer Graviton family (e.g. m7g) or imageType ${imageType.slice(0, 3)}_AL2`));
  }
  const oldGpus = typesInFamilies(instanceTypes, ['p3', 'p3dn', 'g3', 'g3s']);
  if (imageType === ImageType.ECS_AL2023_NVIDIA.value && oldGpus.length > 0) {
    problems.push(problem(RESOURCE_RULES.al2023NvidiaNoP3G3, 'computeResources.instanceTypes', oldGpus,
      'must not include P3 or G3 instance types with imageType ECS_AL2023_NVIDIA', 'Use a newer GPU family (e.g. g5) or imageType ECS_AL2_NVIDIA'));
  }
  const arm = instanceTypes.filter((t) => instanceArchitecture(t) === 'arm64');
  if (imageType.endsWith('_NVIDIA') && arm.length > 0) {
    problems.push(problem(RESOURCE_RULES.nvidiaNotGraviton, 'computeResources.instanceTypes', arm,
      `must be x86 instance types with imageType ${imageType}`,
      `The NVIDIA images do not run on Graviton; use ${imageType.slice(0, 3)}_AL2023 for ARM instances`));
  }
  return problems;
}

/** An existing instance profile excludes a role for a new one and a name for a new one; a new one's name follows IAM's rule. */
function instanceProfileProblems(r: ComputeResources): Problem[] {
  const profile = constructLabel(r.instanceProfile);
  return [
    profile && r.instanceRole ? problem(RESOURCE_RULES.instanceRoleOrProfile, 'computeResources.instanceRole', constructLabel(r.instanceRole),
      `must not be given with computeResources.instanceProfile (${profile})`,
      'Give instanceRole to have a profile made for it, or instanceProfile to use an existing one') : undefined,
    profile ? checkNotSet(RESOURCE_RULES.instanceProfileNameWithProfile, 'computeResources.instanceProfileName', r.instanceProfileName,
      `must not be given with computeResources.instanceProfile (${profile}): no profile is created`,
      'Remove it; the existing profile keeps its own name') : undefined,
    checkPattern(RESOURCE_RULES.instanceProfileName, 'computeResources.instanceProfileName', r.instanceProfileName, INSTANCE_PROFILE_NAME,
      'must be 1-128 letters, digits and +=,.@_- characters'),
  ];
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
