import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AllocationStrategy, ComputeEnvironmentProps, ComputeResourceType } from './compute-environment-types';
import { computeResourcesProblems, isEc2 } from './compute-resources-rules';
import { checkDuration, checkNotSet, checkPattern, checkRange, checkWholeMinutes } from '../private/validation/checks';
import { MAX_NAME_LENGTH } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnReference, cfnSchema, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a compute environment as a whole (name, managed or not, update settings and
 * update warnings): catalogue entries and the pure function `computeEnvironmentProblems`,
 * which applies them and the compute resources' rules (`compute-resources-rules.ts`).
 */

const UPDATING = 'Updating compute environments';

/** The rules of ComputeEnvironment as a whole, by id. */
export const RULES = defineRules('ComputeEnvironment', {
  name: {
    severity: 'error',
    properties: 'computeEnvironmentName',
    summary: `A compute environment name is 1-${MAX_NAME_LENGTH} letters, digits, hyphens and underscores, starting with a letter or digit.`,
    sources: [batchApi('CreateComputeEnvironment computeEnvironmentName', 'Up to 128 characters: uppercase and lowercase letters, '
      + 'numbers, hyphens and underscores.')],
  },
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
    severity: 'error',
    properties: 'computeResources',
    summary: 'An unmanaged compute environment has no compute resources.',
    sources: [batchApi('CreateComputeEnvironment computeResources', 'Describes the resources Batch manages; an unmanaged environment\'s '
      + 'instances are launched by its owner.')],
  },
  unmanagedvCpusRange: {
    severity: 'error',
    properties: 'unmanagedvCpus',
    summary: 'unmanagedvCpus is a whole number >= 0.',
    sources: [batchApi('CreateComputeEnvironment unmanagedvCpus', 'An integer: the most vCPUs of the unmanaged environment.')],
  },
  updatePolicyNotEc2: {
    severity: 'error',
    properties: 'updatePolicy',
    summary: 'updatePolicy is only for managed ON_DEMAND and SPOT environments.',
    sources: [cfnReference('AWS::Batch::ComputeEnvironment UpdatePolicy', 'The infrastructure update policy of an EC2 compute environment.'),
      batchUserGuide(UPDATING, 'Fargate environments have no infrastructure updates.')],
  },
  replaceNotEc2: {
    severity: 'error',
    properties: 'replaceComputeEnvironment',
    summary: 'replaceComputeEnvironment is only for managed ON_DEMAND and SPOT environments.',
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
    properties: 'computeEnvironmentName, replaceComputeEnvironment',
    summary: 'A fixed computeEnvironmentName is not combined with replaceComputeEnvironment: true.',
    sources: [source(SourceDocument.CLOUDFORMATION_USER_GUIDE, 'Name type', 'CloudFormation cannot perform an update that replaces '
      + 'a resource with a custom name.')],
  },
});

const OLD_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** The type of a managed environment's compute resources (ON_DEMAND when omitted); undefined when unmanaged. */
export function environmentType(props: ComputeEnvironmentProps): ComputeResourceType | undefined {
  return (props.managed ?? true) ? props.computeResources?.type ?? ComputeResourceType.ON_DEMAND : undefined;
}

/** Every rule of the props: name, management, compute resources, update settings and update warnings. */
export function computeEnvironmentProblems(props: ComputeEnvironmentProps): Problem[] {
  const managed = props.managed ?? true;
  const type = environmentType(props);
  const resources = props.computeResources;
  return [
    checkPattern(RULES.name, 'computeEnvironmentName', props.computeEnvironmentName, OLD_NAME_PATTERN,
      'must be 1-128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit'),
    ...managementProblems(props, managed),
    ...(resources && managed ? computeResourcesProblems(resources, type!) : []),
    ...updateSettingsProblems(props, isEc2(type)),
    ...(isEc2(type) ? updateWarnings(props) : []),
  ];
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
    props.computeResources === undefined ? undefined : {
      rule: RULES.computeResourcesOnUnmanaged,
      message: 'computeResources must be omitted for an unmanaged compute environment (managed is false), got compute resources. '
        + 'Launch your own instances into its ECS cluster, or set managed: true',
    },
    checkRange(RULES.unmanagedvCpusRange, 'unmanagedvCpus', props.unmanagedvCpus, { min: 0, integer: true }),
  ];
}

/** updatePolicy and replaceComputeEnvironment: only EC2 environments have infrastructure updates. */
function updateSettingsProblems(props: ComputeEnvironmentProps, ec2: boolean): Problem[] {
  const timeout = props.updatePolicy?.jobExecutionTimeout;
  const notEc2 = 'applies only to managed ON_DEMAND and SPOT environments';
  const hint = 'Fargate and unmanaged environments have no infrastructure updates; remove it';
  return [
    ec2 ? undefined : checkNotSet(RULES.updatePolicyNotEc2, 'updatePolicy', props.updatePolicy && 'an update policy', notEc2, hint),
    ec2 ? undefined : checkNotSet(RULES.replaceNotEc2, 'replaceComputeEnvironment', props.replaceComputeEnvironment, notEc2, hint),
    checkDuration(RULES.updateTimeoutRange, 'updatePolicy.jobExecutionTimeout', timeout, { min: Duration.minutes(1), max: Duration.minutes(360) }),
    checkWholeMinutes(RULES.updateTimeoutWholeMinutes, 'updatePolicy.jobExecutionTimeout', timeout),
  ];
}

/** Settings that make a later update of an EC2 environment fail instead of happening in place. */
function updateWarnings(props: ComputeEnvironmentProps): Problem[] {
  const replace = props.replaceComputeEnvironment ?? false;
  const blockers: string[] = [];
  if (props.serviceRole && !isServiceLinkedRole(props.serviceRole)) blockers.push('a custom serviceRole');
  if (props.computeResources?.allocationStrategy?.value === AllocationStrategy.BEST_FIT.value) blockers.push('the BEST_FIT allocation strategy');
  return [
    blockers.length > 0 && !replace ? {
      rule: RULES.noInfrastructureUpdate,
      message: `Batch cannot update this compute environment in place because of ${blockers.join(' and ')}, `
        + 'and replaceComputeEnvironment is false: a later change to a setting that needs new instances '
        + '(instance types, allocation strategy, subnets, security groups, image, launch template, key pair, '
        + 'instance role, placement group, tags, bid percentage or type) will fail the stack update. '
        + 'Use the service-linked role (omit serviceRole) and BEST_FIT_PROGRESSIVE or a SPOT_* strategy, '
        + 'or set replaceComputeEnvironment: true to let CloudFormation replace the environment.',
    } : undefined,
    props.computeEnvironmentName !== undefined && replace ? {
      rule: RULES.fixedNameBlocksReplacement,
      message: `computeEnvironmentName is fixed to ${JSON.stringify(props.computeEnvironmentName)} and replaceComputeEnvironment is true: `
        + 'a replacement creates the new environment before deleting the old one and fails because the name is taken. '
        + 'Omit computeEnvironmentName to let CloudFormation generate a name.',
    } : undefined,
  ];
}

/** Whether a role is Batch's service-linked role, given explicitly (infrastructure updates work with it). */
function isServiceLinkedRole(role: iam.IRole): boolean {
  return isKnown(role.roleArn) && role.roleArn.endsWith('/AWSServiceRoleForBatch');
}
