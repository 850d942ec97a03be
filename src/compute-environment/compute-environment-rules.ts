import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AllocationStrategy, ComputeEnvironmentProps, ComputeResources, ComputeResourceType } from './compute-environment-types';
import { isEc2, typeName } from './compute-resource-type';
import { computeResourcesProblems } from './compute-resources-rules';
import { EksClusterFacts, eksEnvironmentProblems } from './eks-configuration-rules';
import { checkResourceName, checkTyped, SHARED_RULES } from '../private/validation/batch-rules';
import { checkCount, checkDuration, checkNotSet, checkRange, checkWholeMinutes } from '../private/validation/checks';
import { MAX_FARGATE_SUBNETS } from '../private/validation/limits';
import { findings, isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnReference, cfnSchema, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a compute environment as a whole (input types, managed or not, subnets,
 * update settings and update warnings): catalogue entries and the pure function
 * `computeEnvironmentProblems`, which applies them, the shared name rule and the compute
 * resources' rules (`compute-resources-rules.ts`).
 */

const UPDATING = 'Updating compute environments';

/** The rules of ComputeEnvironment as a whole, by id. */
export const RULES = defineRules('ComputeEnvironment', {
  managedNeedsComputeResources: {
    severity: 'error',
    properties: 'computeResources',
    summary: 'A managed compute environment has compute resources.',
    sources: [batchApi('CreateComputeEnvironment computeResources', 'Required for managed compute environments.')],
  },
  unmanagedvCpusOnManaged: {
    severity: 'error',
    properties: 'unmanagedvCpus',
    summary: 'unmanagedvCpus is only for unmanaged environments.',
    sources: [batchApi('CreateComputeEnvironment unmanagedvCpus', 'Only supported when the type is UNMANAGED.'),
      batchApi('UpdateComputeEnvironment unmanagedvCpus', 'Not to be specified for a managed compute environment.')],
  },
  computeResourcesOnUnmanaged: {
    severity: 'warning',
    properties: 'computeResources',
    summary: 'computeResources has no effect on an unmanaged environment (it is not rendered).',
    sources: [batchApi('CreateComputeEnvironment computeResources', 'Required for managed environments; nothing is said of unmanaged '
      + 'ones, whose instances their owner launches.')],
  },
  unmanagedvCpusRange: {
    severity: 'error',
    properties: 'unmanagedvCpus',
    summary: 'unmanagedvCpus is a whole number >= 0.',
    sources: [batchApi('CreateComputeEnvironment unmanagedvCpus', 'An integer: the most vCPUs of the unmanaged environment.')],
  },
  updatePolicyNotEc2: {
    severity: 'warning',
    properties: 'updatePolicy',
    summary: 'updatePolicy has no effect on Fargate and unmanaged environments (it is rendered as given).',
    sources: [cfnReference('AWS::Batch::ComputeEnvironment UpdatePolicy', 'The infrastructure update policy of an EC2 compute environment.'),
      batchUserGuide(UPDATING, 'Fargate environments have no infrastructure updates.')],
  },
  replaceNotEc2: {
    severity: 'warning',
    properties: 'replaceComputeEnvironment',
    summary: 'replaceComputeEnvironment has no effect on Fargate and unmanaged environments (it is rendered as given).',
    sources: [cfnReference('AWS::Batch::ComputeEnvironment ReplaceComputeEnvironment', 'Not applicable to Fargate environments, '
      + 'which are always updated without interruption.')],
  },
  updateTimeoutRange: {
    severity: 'error',
    properties: 'updatePolicy.jobExecutionTimeout',
    summary: 'The job execution timeout of an infrastructure update is 1 to 360 minutes.',
    sources: [batchApi('UpdatePolicy jobExecutionTimeoutMinutes', 'Between 1 and 360 minutes.')],
  },
  updateTimeoutWholeMinutes: {
    severity: 'error',
    properties: 'updatePolicy.jobExecutionTimeout',
    summary: 'The job execution timeout of an infrastructure update is a whole number of minutes.',
    sources: [batchApi('UpdatePolicy jobExecutionTimeoutMinutes', 'A number of minutes.'),
      cfnSchema('UpdatePolicy JobExecutionTimeoutMinutes', 'type integer')],
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
  noInfrastructureUpdate: {
    severity: 'warning',
    properties: 'serviceRole, computeResources.allocationStrategy, replaceComputeEnvironment',
    summary: 'An EC2 environment that Batch cannot update in place (a custom service role or BEST_FIT) has replaceComputeEnvironment: true.',
    sources: [batchUserGuide(UPDATING, 'Infrastructure updates need the service-linked role AWSServiceRoleForBatch and an allocation '
      + 'strategy other than BEST_FIT.'),
    batchApi('ComputeResource allocationStrategy', 'BEST_FIT environments do not support infrastructure updates.')],
  },
  fixedNameBlocksReplacement: {
    severity: 'warning',
    properties: 'computeEnvironmentName',
    summary: 'A fixed computeEnvironmentName makes every later change that replaces the environment fail.',
    sources: [source(SourceDocument.CLOUDFORMATION_USER_GUIDE, 'Name type', 'CloudFormation cannot perform an update that replaces '
      + 'a resource with a custom name.'),
    cfnSchema('AWS::Batch::ComputeEnvironment createOnlyProperties', 'ComputeEnvironmentName, Type, Tags and ComputeResources/SpotIamFleetRole '
      + 'replace the resource when they change; most other ComputeResources fields do when ReplaceComputeEnvironment is true.'),
    batchUserGuide(UPDATING, 'Fargate environments only take subnet, security group and vCPU updates.')],
  },
});

/**
 * Every rule of the props: input types first (the others read them), then name, management, resources, updates, EKS.
 * @param eksFacts what the construct worked out about the EKS cluster (`eks-cluster-access.ts`)
 */
export function computeEnvironmentProblems(props: ComputeEnvironmentProps, eksFacts?: EksClusterFacts): Problem[] {
  const typed = typedInputProblems(props);
  if (findings(typed).length > 0) return typed;
  const managed = props.managed ?? true;
  const type = environmentType(props);
  const resources = props.computeResources;
  return [
    checkResourceName('computeEnvironmentName', props.computeEnvironmentName),
    ...managementProblems(props, managed),
    ...(resources && managed ? computeResourcesProblems(resources, type!, props.eks !== undefined) : []),
    ...updateSettingsProblems(props, type),
    ...(isEc2(type) ? [noInfrastructureUpdate(props)] : []),
    fixedName(props, type),
    ...eksEnvironmentProblems(props, eksFacts),
  ];
}

/** The type of a managed environment's compute resources (ON_DEMAND when omitted); undefined when unmanaged. */
export function environmentType(props: ComputeEnvironmentProps): ComputeResourceType | undefined {
  return (props.managed ?? true) ? props.computeResources?.type ?? ComputeResourceType.ON_DEMAND : undefined;
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
    return [problem(RULES.subnetSelection, 'computeResources.vpcSubnets', selected.error, 'must select subnets of the VPC',
      'The default is the private subnets with egress; pass vpcSubnets to choose others')];
  }
  return [checkCount(RULES.subnetsCount, 'computeResources.vpcSubnets', selected.subnetIds,
    { min: 1, max: isEc2(type) ? undefined : MAX_FARGATE_SUBNETS })];
}

/** Whether a value has the shape of an `ec2.IVpc` (the construct selects its subnets only then). */
export function isVpc(value: unknown): value is ec2.IVpc {
  return typeof value === 'object' && value !== null && typeof (value as ec2.IVpc).selectSubnets === 'function';
}

/** Managed versus unmanaged: which top-level settings each allows. */
function managementProblems(props: ComputeEnvironmentProps, managed: boolean): Problem[] {
  if (managed) {
    return [
      props.computeResources === undefined
        ? problem(RULES.managedNeedsComputeResources, 'computeResources', undefined, 'is required for a managed compute environment',
          'Pass computeResources: { vpc }, or set managed: false')
        : undefined,
      checkNotSet(RULES.unmanagedvCpusOnManaged, 'unmanagedvCpus', props.unmanagedvCpus,
        'applies only to unmanaged compute environments (managed is true)', 'Remove it, or set managed: false'),
    ];
  }
  return [
    checkNotSet(RULES.computeResourcesOnUnmanaged, 'computeResources', props.computeResources && Object.keys(props.computeResources),
      'has no effect on an unmanaged compute environment (managed is false)',
      'It is not rendered; remove it and launch your own instances into the environment\'s ECS cluster, or set managed: true'),
    checkRange(RULES.unmanagedvCpusRange, 'unmanagedvCpus', props.unmanagedvCpus, { min: 0, integer: true }),
  ];
}

/** How a message names an environment without infrastructure updates. */
function withoutUpdates(type: ComputeResourceType | undefined): string {
  return type === undefined ? 'an unmanaged environment (managed is false)' : `a ${typeName(type)} environment`;
}

/** updatePolicy and replaceComputeEnvironment: only EC2 environments have infrastructure updates. */
function updateSettingsProblems(props: ComputeEnvironmentProps, type: ComputeResourceType | undefined): Problem[] {
  const timeout = props.updatePolicy?.jobExecutionTimeout;
  const onEc2 = isEc2(type);
  const hint = 'It is rendered as given; remove it';
  return [
    onEc2 ? undefined : checkNotSet(RULES.updatePolicyNotEc2, 'updatePolicy', props.updatePolicy && Object.keys(props.updatePolicy),
      `has no effect on ${withoutUpdates(type)}: there are no infrastructure updates`, hint),
    onEc2 ? undefined : checkNotSet(RULES.replaceNotEc2, 'replaceComputeEnvironment', props.replaceComputeEnvironment,
      `has no effect on ${withoutUpdates(type)}: ${type === undefined ? 'Batch launches no instances' : 'it is always updated in place'}`, hint),
    checkDuration(RULES.updateTimeoutRange, 'updatePolicy.jobExecutionTimeout', timeout, { min: Duration.minutes(1), max: Duration.minutes(360) }),
    checkWholeMinutes(RULES.updateTimeoutWholeMinutes, 'updatePolicy.jobExecutionTimeout', timeout),
  ];
}

/** A custom service role or BEST_FIT without replaceComputeEnvironment: a later change that needs new instances fails. */
function noInfrastructureUpdate(props: ComputeEnvironmentProps): Problem {
  const replace = props.replaceComputeEnvironment ?? false;
  const blockers: string[] = [];
  if (props.serviceRole && !isServiceLinkedRole(props.serviceRole)) blockers.push('a custom serviceRole');
  if (props.computeResources?.allocationStrategy?.value === AllocationStrategy.BEST_FIT.value) blockers.push('the BEST_FIT allocation strategy');
  if (blockers.length === 0 || replace) return undefined;
  return problem(RULES.noInfrastructureUpdate, 'replaceComputeEnvironment', replace,
    `should be true with ${blockers.join(' and ')}: Batch cannot update such an environment in place`,
    'Otherwise a later change to a setting that needs new instances (instance types, allocation strategy, subnets, security groups, '
    + 'image, launch template, key pair, instance role, placement group, tags, bid percentage or type) fails the stack update. '
    + 'Use the service-linked role (omit serviceRole) and BEST_FIT_PROGRESSIVE or a SPOT_* strategy, '
    + 'or set replaceComputeEnvironment: true to let CloudFormation replace the environment');
}

/** A fixed name: every change that replaces the environment fails; which changes those are depends on the type. */
function fixedName(props: ComputeEnvironmentProps, type: ComputeResourceType | undefined): Problem {
  if (!isKnown(props.computeEnvironmentName)) return undefined;
  const triggers = ['managed', 'the environment\'s own tags (Tags.of)'];
  if (isEc2(type)) {
    triggers.push('computeResources.spotFleetRole');
    if (props.replaceComputeEnvironment) {
      triggers.push('(as replaceComputeEnvironment is true) any setting that needs new instances, such as instance types, subnets, '
        + 'security groups, launch template or image');
    }
  } else if (type !== undefined) {
    triggers.push(`any ${typeName(type)} setting other than subnets, security groups and vCPUs`);
  }
  const list = `${triggers.slice(0, -1).join(', ')} or ${triggers[triggers.length - 1]}`;
  return problem(RULES.fixedNameBlocksReplacement, 'computeEnvironmentName', props.computeEnvironmentName,
    'keeps CloudFormation from replacing the environment (the new one would need the name first)',
    `A later change of ${list} needs a replacement and fails the stack update. `
    + 'Omit computeEnvironmentName to let CloudFormation generate one, or acknowledge this warning if the name must stay');
}

/** Whether a role is Batch's service-linked role, given explicitly (infrastructure updates work with it). */
function isServiceLinkedRole(role: iam.IRole): boolean {
  return isKnown(role.roleArn) && role.roleArn.endsWith('/AWSServiceRoleForBatch');
}

/** A string as the import call of a hint takes it, or a placeholder. */
function literal(value: unknown, placeholder: string): string {
  return typeof value === 'string' ? JSON.stringify(value) : placeholder;
}
const hasString = (key: string) => (value: object) => typeof (value as Record<string, unknown>)[key] === 'string';
const hasFunction = (key: string) => (value: object) => typeof (value as Record<string, unknown>)[key] === 'function';
const isArn = (value: unknown) => typeof value === 'string' && value.startsWith('arn:');

/** A role prop: an iam.IRole, imported by ARN or name. */
function checkRole(property: string, value: unknown): Problem {
  return checkTyped(property, value, 'an iam.IRole', hasString('roleArn'), isArn(value)
    ? `Import it with iam.Role.fromRoleArn(scope, id, ${literal(value, '')})`
    : `Import it with iam.Role.fromRoleName(scope, id, ${literal(value, '"my-role"')})`);
}

/**
 * Construct-typed props given something else (a name or an ARN from JavaScript or Python,
 * where nothing checks types): each gets a message that says how to import it, instead of a
 * TypeError from deep inside the construct.
 */
function typedInputProblems(props: ComputeEnvironmentProps): Problem[] {
  const timeout = props.updatePolicy?.jobExecutionTimeout as unknown;
  const problems: Problem[] = [
    checkRole('serviceRole', props.serviceRole),
    checkTyped('updatePolicy.jobExecutionTimeout', timeout, 'a Duration', hasFunction('toMinutes'),
      `Use Duration.minutes(${typeof timeout === 'number' ? timeout : 30})`),
  ];
  const r = props.computeResources;
  if (!r || !(props.managed ?? true)) return problems;
  return [...problems, ...typedResourceProblems(r)];
}

/** The construct-typed props of the compute resources. */
function typedResourceProblems(r: ComputeResources): Problem[] {
  const p = (name: string) => `computeResources.${name}`;
  const groups = r.securityGroups as unknown;
  const spec = r.launchTemplate as unknown;
  const template = typeof spec === 'object' && spec !== null ? (spec as { launchTemplate?: unknown }).launchTemplate : undefined;
  const profile = r.instanceProfile as unknown;
  return [
    checkTyped(p('vpc'), r.vpc, 'an ec2.IVpc', (v) => isVpc(v),
      `Import it with ec2.Vpc.fromLookup(scope, id, { vpcId: ${literal(r.vpc, '"vpc-..."')} })`),
    groups === undefined || Array.isArray(groups) ? undefined : problem(SHARED_RULES.typedInput, p('securityGroups'), groups,
      'must be an array of ec2.ISecurityGroup', `Import each with ec2.SecurityGroup.fromSecurityGroupId(scope, id, ${literal(groups, '"sg-..."')})`),
    ...(Array.isArray(groups) ? groups : []).map((group: unknown, i) => checkTyped(`${p('securityGroups')}[${i}]`, group,
      'an ec2.ISecurityGroup', hasString('securityGroupId'),
      `Import it with ec2.SecurityGroup.fromSecurityGroupId(scope, id, ${literal(group, '"sg-..."')})`)),
    checkTyped(p('ec2KeyPair'), r.ec2KeyPair, 'an ec2.IKeyPair', hasString('keyPairName'),
      `Import it with ec2.KeyPair.fromKeyPairName(scope, id, ${literal(r.ec2KeyPair, '"my-key"')})`),
    checkRole(p('instanceRole'), r.instanceRole),
    checkTyped(p('instanceProfile'), profile, 'an iam.IInstanceProfile', hasString('instanceProfileArn'), isArn(profile)
      ? `Import it with iam.InstanceProfile.fromInstanceProfileArn(scope, id, ${literal(profile, '')})`
      : `Import it with iam.InstanceProfile.fromInstanceProfileName(scope, id, ${literal(profile, '"my-profile"')})`),
    checkRole(p('spotFleetRole'), r.spotFleetRole),
    spec !== undefined && template === undefined ? problem(SHARED_RULES.typedInput, p('launchTemplate'), spec,
      'must be { launchTemplate: ec2.ILaunchTemplate, version? }', 'Wrap the template: launchTemplate: { launchTemplate: template }') : undefined,
    checkTyped(p('launchTemplate.launchTemplate'), template, 'an ec2.ILaunchTemplate', hasString('versionNumber'),
      `Import it with ec2.LaunchTemplate.fromLaunchTemplateAttributes(scope, id, { ${typeof template === 'string' && !template.startsWith('lt-')
        ? 'launchTemplateName' : 'launchTemplateId'}: ${literal(template, '"lt-..."')} })`),
    checkTyped(p('placementGroup'), r.placementGroup, 'an ec2.IPlacementGroup', hasString('placementGroupName'),
      `Import it with ec2.PlacementGroup.fromPlacementGroupName(scope, id, ${literal(r.placementGroup, '"my-group"')})`),
    checkTyped(p('image'), r.image, 'an ec2.IMachineImage', hasFunction('getImage'),
      `Use ec2.MachineImage.genericLinux({ REGION: ${literal(r.image, '"ami-..."')} })`),
  ];
}
