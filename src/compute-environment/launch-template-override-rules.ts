import { Token } from 'aws-cdk-lib';
import { CfnComputeEnvironment } from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { instanceFamily } from './instance-types';
import { LaunchTemplateOverride } from './launch-template-overrides';
import { checkCount, checkPattern, constructLabel, duplicates } from '../private/validation/checks';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * Launch template overrides (`computeResources.launchTemplate.overrides`): per-instance-type
 * launch templates of an EC2 compute environment, their rules and their rendering.
 */

/** LaunchTemplateSpecification overrides: at most ten per compute environment. */
export const MAX_LAUNCH_TEMPLATE_OVERRIDES = 10;

const VERSION = /^(\$Default|\$Latest|[1-9]\d*)$/;
const BATCH_KEYWORDS = ['optimal', 'default_x86_64', 'default_arm64'];
const OVERRIDE = 'LaunchTemplateSpecificationOverride';

export const LAUNCH_TEMPLATE_OVERRIDE_RULES = defineRules('ComputeEnvironment', {
  overrideCount: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.overrides',
    summary: `At most ${MAX_LAUNCH_TEMPLATE_OVERRIDES} launch template overrides.`,
    sources: [batchApi('LaunchTemplateSpecification overrides', 'Up to ten launch template overrides per compute environment.')],
  },
  overrideTemplate: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.overrides[].launchTemplate',
    summary: 'An override names its launch template by ID or by name.',
    sources: [batchApi(`${OVERRIDE} launchTemplateId, launchTemplateName`, 'Either the ID or the name of the launch template, not both.')],
  },
  overrideVersion: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.overrides[].version',
    summary: 'An override\'s version is a number, $Default or $Latest.',
    sources: [batchApi(`${OVERRIDE} version`, 'The version number of the launch template, $Default, or $Latest.')],
  },
  overrideTargets: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.overrides[].targetInstanceTypes',
    summary: 'An override targets at least one instance type or family, not optimal, default_x86_64 or default_arm64.',
    sources: [batchApi(`${OVERRIDE} targetInstanceTypes`, 'Required for an override; valid EC2 instance types or families; the Batch '
      + 'instance types optimal, default_x86_64 and default_arm64 are not allowed.')],
  },
  overrideWithinInstanceTypes: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.overrides[].targetInstanceTypes, computeResources.instanceTypes',
    summary: 'Override targets are instance types or families within computeResources.instanceTypes.',
    sources: [batchApi(`${OVERRIDE} targetInstanceTypes`, 'Targets can only be types and families included in ComputeResource.instanceTypes: '
      + 'with [m5, g5], m5.2xlarge and m5.large are allowed but c5.large is not.')],
  },
  overrideOverlap: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.overrides[].targetInstanceTypes',
    summary: 'Override targets do not overlap, within one override or across overrides (a family and a type of it included).',
    sources: [batchApi(`${OVERRIDE} targetInstanceTypes`, 'Targets of one override or of different overrides cannot overlap, e.g. a '
      + 'family in one and a type of that family in another.')],
  },
  overrideImdsv2: {
    severity: 'warning',
    properties: 'computeResources.launchTemplate.overrides[].launchTemplate',
    summary: 'Instances launched from an override template require IMDSv2 only if that template does: the library\'s IMDSv2 template does not apply to them.',
    sources: [
      batchApi('LaunchTemplateSpecification overrides', 'An override is used in place of the default launch template for its instance types.'),
      source(SourceDocument.EC2_USER_GUIDE, 'Configure the instance metadata options (launch templates)', 'A launch template requires IMDSv2 with '
        + 'MetadataOptions HttpTokens set to required.'),
    ],
  },
  overrideUserdataType: {
    severity: 'error',
    properties: 'computeResources.launchTemplate.overrides[].userdataType',
    summary: 'An override\'s userdataType is for EKS environments only (as the launch template\'s).',
    sources: [batchApi(`${OVERRIDE} userdataType`, 'The EKS node initialization process, needed only with a custom AMI.')],
  },
});

/** What the override rules need to know about the environment. */
export interface OverrideContext {
  /** computeResources.instanceTypes as Batch receives them (the default included). */
  readonly instanceTypes: readonly string[];
  /** Whether instanceTypes was given (the default `default_x86_64` lists no type or family). */
  readonly instanceTypesGiven: boolean;
  /** Whether the environment is EKS-backed. */
  readonly eks: boolean;
}

/** Whether a launch template created in the app requires IMDSv2 (imported templates: unknown, so no). */
export function requiresImdsv2(template: ec2.ILaunchTemplate): boolean {
  const resource = (template as ec2.LaunchTemplate).node?.defaultChild;
  if (!(resource instanceof ec2.CfnLaunchTemplate)) return false;
  const data = resource.launchTemplateData as ec2.CfnLaunchTemplate.LaunchTemplateDataProperty | undefined;
  const options = data?.metadataOptions as ec2.CfnLaunchTemplate.MetadataOptionsProperty | undefined;
  return options?.httpTokens === 'required';
}

/** Whether `target` lies within `allowed` (a type listed, or a type or family of a listed family). */
function within(target: string, allowed: readonly string[]): boolean {
  return allowed.some((type) => type === target || (!type.includes('.') && instanceFamily(target) === type));
}

/** Whether two targets overlap: the same, or a family and a type of it. */
function overlap(a: string, b: string): boolean {
  return a === b || (!a.includes('.') && instanceFamily(b) === a) || (!b.includes('.') && instanceFamily(a) === b);
}

/** The findings of the overrides of one environment. */
export function launchTemplateOverrideProblems(overrides: readonly LaunchTemplateOverride[] | undefined, context: OverrideContext): Problem[] {
  if (overrides === undefined) return [];
  const p = 'computeResources.launchTemplate.overrides';
  const rules = LAUNCH_TEMPLATE_OVERRIDE_RULES;
  const problems: Problem[] = [checkCount(rules.overrideCount, p, overrides, { max: MAX_LAUNCH_TEMPLATE_OVERRIDES })];
  const known = context.instanceTypes.filter((t) => isKnown(t) && !BATCH_KEYWORDS.includes(t));
  const claimed: Array<[string, number]> = [];
  overrides.forEach((override, i) => {
    const o = `${p}[${i}]`;
    const template = override.launchTemplate;
    if (template.launchTemplateId === undefined && template.launchTemplateName === undefined) {
      problems.push(problem(rules.overrideTemplate, `${o}.launchTemplate`, constructLabel(template), 'must have a launchTemplateId or a launchTemplateName',
        'Import it with ec2.LaunchTemplate.fromLaunchTemplateAttributes({ launchTemplateId }) or ({ launchTemplateName })'));
    }
    problems.push(checkPattern(rules.overrideVersion, `${o}.version`, override.version, VERSION, 'must be a version number, "$Default" or "$Latest"'));
    const targets = (override.targetInstanceTypes ?? []).map(String);
    problems.push(checkCount(rules.overrideTargets, `${o}.targetInstanceTypes`, targets, { min: 1 }));
    for (const keyword of targets.filter((t) => BATCH_KEYWORDS.includes(t))) {
      problems.push(problem(rules.overrideTargets, `${o}.targetInstanceTypes`, keyword, 'must name EC2 instance types or families',
        'optimal, default_x86_64 and default_arm64 cannot be override targets'));
    }
    const concrete = targets.filter((t) => isKnown(t) && !BATCH_KEYWORDS.includes(t));
    const outside = concrete.filter((t) => !within(t, known));
    if (outside.length > 0 && !context.instanceTypes.some((t) => Token.isUnresolved(t))) {
      problems.push(problem(rules.overrideWithinInstanceTypes, `${o}.targetInstanceTypes`, outside,
        context.instanceTypesGiven ? `must be within computeResources.instanceTypes (${known.join(', ') || 'no EC2 type or family'})`
          : 'must be within computeResources.instanceTypes, which lists no EC2 type or family (the default is default_x86_64)',
        'List the types or families in computeResources.instanceTypes'));
    }
    for (const repeated of duplicates(concrete)) {
      problems.push(problem(rules.overrideOverlap, `${o}.targetInstanceTypes`, repeated, 'must not repeat a target'));
    }
    for (const target of new Set(concrete)) {
      const clash = claimed.find(([other, j]) => overlap(target, other) && (j !== i || other !== target));
      if (clash) {
        problems.push(problem(rules.overrideOverlap, `${o}.targetInstanceTypes`, target,
          `must not overlap ${JSON.stringify(clash[0])} (${clash[1] === i ? 'in the same override' : `in overrides[${clash[1]}]`})`,
          'Each instance type gets at most one override template'));
      }
      claimed.push([target, i]);
    }
    if (!requiresImdsv2(template)) {
      problems.push(problem(rules.overrideImdsv2, `${o}.launchTemplate`, constructLabel(template),
        'may allow IMDSv1 on the instances it launches', 'Create it with requireImdsv2: true (ec2.LaunchTemplate) or check the imported template'));
    }
    if (override.userdataType !== undefined && !context.eks) {
      problems.push(problem(rules.overrideUserdataType, `${o}.userdataType`, override.userdataType.value, 'applies only to EKS environments (eks)',
        'ECS instances initialize with the ECS agent; remove it'));
    }
  });
  return problems;
}

/** The overrides as CloudFormation takes them. */
export function renderLaunchTemplateOverrides(
  overrides: readonly LaunchTemplateOverride[] | undefined,
): CfnComputeEnvironment.LaunchTemplateSpecificationOverrideProperty[] | undefined {
  return overrides?.map((override) => ({
    launchTemplateId: override.launchTemplate.launchTemplateId,
    launchTemplateName: override.launchTemplate.launchTemplateId ? undefined : override.launchTemplate.launchTemplateName,
    version: override.version ?? override.launchTemplate.versionNumber,
    targetInstanceTypes: override.targetInstanceTypes.map(String),
    userdataType: override.userdataType?.value,
  }));
}
