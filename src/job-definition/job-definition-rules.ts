import { Token } from 'aws-cdk-lib';
import { containerProblems, ContainerRuleContext } from './container-rules';
import type { EcsTask } from './ecs-task-types';
import { eksJobSettingsProblems, eksNodeRangeProblems, eksPodProblems } from './eks-pod-rules';
import type { JobContainer } from './job-container';
import { JobDefinitionProps, PlatformCapability, RetryAction, RetryStrategy } from './job-definition-types';
import type { MultiNodeProperties } from './node-range';
import { volumeAndLinuxProblems } from './volume-and-linux-rules';
import { ecsTaskWorkloadProblems, singleContainerProblems } from './workload-rules';
import { consumableResourceProblems } from '../private/consumable-requirements';
import {
  checkAttemptTimeout, checkResourceName, checkRetryAttempts, checkSchedulingPriority, checkTags,
} from '../private/validation/batch-rules';
import { checkCount, checkPattern, checkRange } from '../private/validation/checks';
import { MAX_RETRY_PATTERN_LENGTH, MAX_RETRY_RULES } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnReference, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a job definition: its shape, platform, retries and nodes, and (through
 * `container-rules.ts` and `volume-and-linux-rules.ts`) each of its containers. Together
 * these files declare the JobDefinition catalogue.
 */

/** evaluateOnExit reason patterns: letters, digits, periods, colons, white space; an optional trailing `*`. */
const REASON_PATTERN = new RegExp(`^[A-Za-z0-9.:\\s]{0,${MAX_RETRY_PATTERN_LENGTH}}\\*?$`);
/** evaluateOnExit exit code patterns: digits and an optional trailing `*`. */
const EXIT_CODE_PATTERN = new RegExp(`^[0-9]{0,${MAX_RETRY_PATTERN_LENGTH}}\\*?$`);

const PATTERN_SYNTAX = 'Up to 512 characters: letters, numbers, periods, colons and white space, optionally ending with * '
  + '(which matches the start of the value).';

export const JOB_DEFINITION_RULES = defineRules('JobDefinition', {
  containerXorNodes: {
    severity: 'error',
    properties: 'container, ecsTask, eksPod, nodeProperties',
    summary: 'Exactly one of container (a single-container job on ECS), ecsTask (a multi-container job on ECS), eksPod (a single-node job '
      + 'on EKS) and nodeProperties (a multi-node parallel job).',
    sources: [batchApi('RegisterJobDefinition containerProperties, nodeProperties', 'A container job has containerProperties or '
      + 'nodeProperties, and the two cannot be used together.'),
    batchApi('RegisterJobDefinition eksProperties, nodeProperties', 'eksProperties is for jobs on Amazon EKS resources, which must not '
      + 'specify nodeProperties (their node ranges carry eksProperties instead).'),
    cfnReference('AWS::Batch::JobDefinition EcsProperties', 'ecsProperties cannot be combined with containerProperties, eksProperties '
      + 'or nodeProperties.')],
  },
  onePlatformCapability: {
    severity: 'error',
    properties: 'platformCapabilities',
    summary: 'platformCapabilities has exactly one entry.',
    sources: [source(SourceDocument.LIBRARY, 'JobDefinitionProps platformCapabilities', 'This library renders and checks each '
      + 'container for one platform, EC2 or Fargate (Fargate needs its network configuration, EC2 takes no Fargate settings), taken '
      + 'from the single entry of the list. Batch\'s own list has no stated length.')],
  },
  multiNodeNotFargate: {
    severity: 'error',
    properties: 'platformCapabilities, nodeProperties',
    summary: 'A multi-node parallel job runs on EC2.',
    sources: [batchApi('RegisterJobDefinition nodeProperties', 'A job on Fargate resources must not specify nodeProperties.'),
      batchUserGuide('Fargate job definitions', 'The job type on Fargate must be container.')],
  },
  retryRulesMax: {
    severity: 'error',
    properties: 'retryStrategies',
    summary: `At most ${MAX_RETRY_RULES} retry strategies.`,
    sources: [batchApi('RetryStrategy evaluateOnExit', 'An array of up to 5 conditions.')],
  },
  onExitCodePattern: {
    severity: 'error',
    properties: 'retryStrategies[].onExitCode',
    summary: 'onExitCode is up to 512 digits, optionally ending with *.',
    sources: [batchApi('EvaluateOnExit onExitCode', 'Only numbers, optionally ending with *, up to 512 characters.')],
  },
  onReasonPattern: {
    severity: 'error',
    properties: 'retryStrategies[].onReason',
    summary: 'onReason is up to 512 letters, digits, periods, colons and white space, optionally ending with *.',
    sources: [batchApi('EvaluateOnExit onReason', PATTERN_SYNTAX)],
  },
  onStatusReasonPattern: {
    severity: 'error',
    properties: 'retryStrategies[].onStatusReason',
    summary: 'onStatusReason is up to 512 letters, digits, periods, colons and white space, optionally ending with *.',
    sources: [batchApi('EvaluateOnExit onStatusReason', PATTERN_SYNTAX)],
  },
  retryStrategiesNeedAttempts: {
    severity: 'error',
    properties: 'retryStrategies, retryAttempts',
    summary: 'retryStrategies needs retryAttempts.',
    sources: [batchApi('RetryStrategy evaluateOnExit', 'When evaluateOnExit is given, attempts must be given too.')],
  },
  retryRuleSingleAttempt: {
    severity: 'warning',
    properties: 'retryStrategies[].action, retryAttempts',
    summary: 'A RETRY rule with retryAttempts 1 never retries.',
    sources: [batchApi('RetryStrategy attempts', 'Between 1 and 10; a failed job is retried only when attempts is greater than one.')],
  },
  numNodesMin: {
    severity: 'error',
    properties: 'nodeProperties.numNodes',
    summary: 'numNodes is a whole number >= 1.',
    sources: [batchApi('NodeProperties numNodes, mainNode', 'numNodes is a required integer, and the main node\'s index must be '
      + 'less than it, so there is at least one node.')],
  },
  mainNodeRange: {
    severity: 'error',
    properties: 'nodeProperties.mainNode',
    summary: 'mainNode is a node index: a whole number >= 0, less than numNodes.',
    sources: [batchApi('NodeProperties mainNode', 'The main node\'s index must be less than the number of nodes.')],
  },
  nodeRangesRequired: {
    severity: 'error',
    properties: 'nodeProperties.nodeRanges',
    summary: 'A multi-node job has at least one node range.',
    sources: [batchApi('NodeProperties nodeRangeProperties', 'Required; the ranges must account for every node.')],
  },
  nodeRangeIndexes: {
    severity: 'error',
    properties: 'nodeProperties.nodeRanges[].targetNodes',
    summary: 'Node ranges use whole node indexes >= 0.',
    sources: [batchApi('NodeRangeProperty targetNodes', 'A range of nodes given by node index values.')],
  },
  nodeRangeReversed: {
    severity: 'warning',
    properties: 'nodeProperties.nodeRanges[].targetNodes',
    summary: 'A node range that ends before it starts covers no node.',
    sources: [batchApi('NodeRangeProperty targetNodes', 'A range of node indexes from start to end (0:3, 2:, :3); a range whose end '
      + 'is below its start names no node, and no rejection is stated.')],
  },
  nodeRangeOutside: {
    severity: 'warning',
    properties: 'nodeProperties.nodeRanges[].targetNodes',
    summary: 'A node range past the last node (numNodes - 1) applies to no node there.',
    sources: [batchApi('NodeRangeProperty targetNodes, NodeProperties numNodes', 'Node indexes run from 0 to numNodes - 1 (an open '
      + 'end means the highest index); no rejection of a range beyond them is stated.')],
  },
  nodeRangeCoverage: {
    severity: 'error',
    properties: 'nodeProperties.nodeRanges',
    summary: 'The node ranges together cover every node.',
    sources: [batchApi('NodeRangeProperty targetNodes', 'The accumulated node ranges must account for all nodes (0:n).')],
  },
  nodeInstanceTypeSame: {
    severity: 'error',
    properties: 'nodeProperties.nodeRanges[].container.instanceType',
    summary: 'Every node range has the same instance type.',
    sources: [batchApi('ContainerProperties instanceType', 'All node groups of a multi-node parallel job must use the same instance '
      + 'type.')],
  },
  undeclaredParameter: {
    severity: 'warning',
    properties: 'container.command, parameters',
    summary: 'A Ref::NAME placeholder in a command has a default in parameters.',
    sources: [batchUserGuide('Job definition parameters', 'Ref:: placeholders in the command are replaced with the parameters that '
      + 'SubmitJob passes, or with the job definition\'s defaults.')],
  },
});

const R = JOB_DEFINITION_RULES;

/** Where the job runs: the single entry of platformCapabilities (EC2 by default). */
export function platformOf(props: JobDefinitionProps): PlatformCapability {
  return props.platformCapabilities?.[0] ?? PlatformCapability.EC2;
}

/** The single containers of a definition (its container, its node ranges' containers), each with the property the user wrote it under. */
export function containersOf(props: JobDefinitionProps): Array<[string, JobContainer]> {
  if (props.container) return [['container', props.container]];
  return (props.nodeProperties?.nodeRanges ?? []).flatMap((range, i): Array<[string, JobContainer]> =>
    range.container ? [[`nodeProperties.nodeRanges[${i}].container`, range.container]] : []);
}

/** The multi-container ECS tasks of a definition (its ecsTask, its node ranges' ecsTasks), each with its property. */
export function tasksOf(props: JobDefinitionProps): Array<[string, EcsTask]> {
  if (props.ecsTask) return [['ecsTask', props.ecsTask]];
  return (props.nodeProperties?.nodeRanges ?? []).flatMap((range, i): Array<[string, EcsTask]> =>
    range.ecsTask ? [[`nodeProperties.nodeRanges[${i}].ecsTask`, range.ecsTask]] : []);
}

/** Whether the definition is for Amazon EKS: an eksPod, or eksPod node ranges. */
export function isEksJob(props: JobDefinitionProps): boolean {
  return props.eksPod !== undefined || (props.nodeProperties?.nodeRanges ?? []).some((range) => range.eksPod !== undefined);
}

/** `container and nodeProperties` (or, with ecsTask or eksPod, all of them): exactly one. */
function shapeProblem(props: JobDefinitionProps): Problem {
  const given = (['container', 'ecsTask', 'eksPod', 'nodeProperties'] as const).filter((key) => props[key] !== undefined);
  if (given.length === 1) return undefined;
  if (props.eksPod === undefined && props.ecsTask === undefined) {
    return problem(R.containerXorNodes, 'container and nodeProperties:', word(props.container ? 'both' : 'neither'), 'exactly one must be set',
      'Use container for a single-node job, nodeProperties for a multi-node parallel job');
  }
  return problem(R.containerXorNodes, 'container, ecsTask, eksPod and nodeProperties:', word(given.join(' and ')), 'exactly one must be set',
    'Use container for a job of one container on ECS, ecsTask for a job of several containers on ECS, eksPod for a job on EKS, '
    + 'nodeProperties for a multi-node parallel job');
}

/** A value shown as a bare word in a message (`got neither`). */
function word(text: string): { toString(): string } {
  return { toString: () => text };
}

/** Every rule of a job definition's props, its containers' included. */
export function jobDefinitionProblems(props: JobDefinitionProps): Problem[] {
  const capabilities = props.platformCapabilities ?? [PlatformCapability.EC2];
  const fargate = platformOf(props) === PlatformCapability.FARGATE;
  const multiNode = props.nodeProperties;
  const problems: Problem[] = [
    checkResourceName('jobDefinitionName', props.jobDefinitionName),
    shapeProblem(props),
    capabilities.length === 1 || Token.isUnresolved(capabilities) ? undefined
      : problem(R.onePlatformCapability, 'platformCapabilities', capabilities, 'must have exactly one entry',
        'This library renders each container for one platform: choose [PlatformCapability.EC2] or [PlatformCapability.FARGATE]'),
    fargate && multiNode
      ? problem(R.multiNodeNotFargate, 'platformCapabilities', capabilities, 'must be [EC2] for a multi-node job (nodeProperties)',
        'Multi-node parallel jobs do not run on Fargate')
      : undefined,
    checkRetryAttempts('retryAttempts', props.retryAttempts),
    ...retryStrategyProblems(props.retryStrategies, props.retryAttempts),
    checkAttemptTimeout('timeout', props.timeout),
    checkSchedulingPriority('schedulingPriority', props.schedulingPriority),
    ...(multiNode ? multiNodeProblems(multiNode) : []),
    ...checkTags('tags', props.tags),
    ...(isEksJob(props) ? eksJobSettingsProblems(props) : []),
    ...(props.eksPod ? eksPodProblems(props.eksPod, 'eksPod') : []),
    ...(multiNode ? eksNodeRangeProblems(multiNode.nodeRanges) : []),
    ...(multiNode?.nodeRanges ?? []).flatMap((range, i) => range.eksPod ? eksPodProblems(range.eksPod, `nodeProperties.nodeRanges[${i}].eksPod`) : []),
  ];
  for (const [property, container] of containersOf(props)) {
    const context: ContainerRuleContext = { property, fargate, multiNode: multiNode !== undefined };
    problems.push(...containerProblems(container, context), ...volumeAndLinuxProblems(container, context));
    problems.push(...singleContainerProblems(container, context));
    problems.push(...undeclaredParameterProblems(`${property}.command`, container.command, props.parameters));
  }
  for (const [property, task] of tasksOf(props)) {
    problems.push(...ecsTaskWorkloadProblems(task, { property, fargate, multiNode: multiNode !== undefined }));
    (task.containers ?? []).forEach((container, j) => problems.push(
      ...undeclaredParameterProblems(`${property}.containers[${j}].command`, container.command, props.parameters)));
  }
  problems.push(...consumableResourceProblems('consumableResources', props.consumableResources));
  (multiNode?.nodeRanges ?? []).forEach((range, i) => problems.push(
    ...consumableResourceProblems(`nodeProperties.nodeRanges[${i}].consumableResources`, range.consumableResources)));
  return problems;
}

/** The Ref::NAME placeholders of one command without a default in parameters. */
function undeclaredParameterProblems(property: string, command: string[] | undefined, parameters: { [name: string]: string } | undefined): Problem[] {
  return undeclaredParameters(command, parameters).map((name) => problem(R.undeclaredParameter, property, command,
    `uses Ref::${name} but parameters has no "${name}"`,
    `Batch replaces the placeholder only with a value that SubmitJob passes or a default; add "${name}" to parameters`));
}

/** The evaluateOnExit rules: at most 5, valid glob patterns, RETRY only with attempts to retry. */
export function retryStrategyProblems(rules: readonly RetryStrategy[] | undefined, attempts: number | undefined): Problem[] {
  if (rules === undefined) return [];
  const problems: Problem[] = [
    checkCount(R.retryRulesMax, 'retryStrategies', rules, { max: MAX_RETRY_RULES }),
    attempts === undefined
      ? problem(R.retryStrategiesNeedAttempts, 'retryAttempts', undefined, 'is required with retryStrategies',
        'Batch needs attempts whenever evaluateOnExit is given: set retryAttempts (1-10)')
      : undefined,
  ];
  rules.forEach((rule, i) => {
    const property = `retryStrategies[${i}]`;
    const lengthHint = 'At most 512 characters; only a trailing * is a wildcard';
    const reasonSyntax = 'must be letters, digits, periods, colons and white space, optionally ending with *';
    problems.push(
      checkPattern(R.onExitCodePattern, `${property}.onExitCode`, rule.onExitCode, EXIT_CODE_PATTERN, 'must be digits, optionally ending with *', lengthHint),
      checkPattern(R.onReasonPattern, `${property}.onReason`, rule.onReason, REASON_PATTERN, reasonSyntax, lengthHint),
      checkPattern(R.onStatusReasonPattern, `${property}.onStatusReason`, rule.onStatusReason, REASON_PATTERN, reasonSyntax, lengthHint),
    );
    if (rule.action === RetryAction.RETRY && attempts === 1) {
      problems.push(problem(R.retryRuleSingleAttempt, `${property}.action`, rule.action, 'has no effect with a single attempt',
        'Set retryAttempts to 2-10 so a matching failure can be retried'));
    }
  });
  return problems;
}

/** numNodes, mainNode, and node ranges that stay inside the job, cover every node and share one instance type. */
export function multiNodeProblems(props: MultiNodeProperties): Problem[] {
  const { numNodes, mainNode, nodeRanges } = props;
  const problems: Problem[] = [
    checkRange(R.numNodesMin, 'nodeProperties.numNodes', numNodes, { min: 1, integer: true }),
    checkRange(R.mainNodeRange, 'nodeProperties.mainNode', mainNode, { min: 0, integer: true }),
    checkCount(R.nodeRangesRequired, 'nodeProperties.nodeRanges', nodeRanges, { min: 1 }),
  ];
  const nodesKnown = isKnown(numNodes) && Number.isInteger(numNodes) && numNodes >= 1;
  if (nodesKnown && isKnown(mainNode) && mainNode >= numNodes) {
    problems.push(problem(R.mainNodeRange, 'nodeProperties.mainNode', mainNode, `must be less than numNodes (${numNodes})`, 'Node indexes start at 0'));
  }

  const covered: boolean[] = [];
  let coverageKnown = nodesKnown;
  nodeRanges.forEach((range, i) => {
    const property = `nodeProperties.nodeRanges[${i}].targetNodes`;
    const { start, end } = range.targetNodes;
    if (!isKnown(start) || (end !== undefined && !isKnown(end))) {
      coverageKnown = false;
      return;
    }
    const last = nodesKnown ? numNodes - 1 : undefined;
    const shown = range.targetNodes.toString();
    if (!Number.isInteger(start) || start < 0 || (end !== undefined && (!Number.isInteger(end) || end < 0))) {
      problems.push(problem(R.nodeRangeIndexes, property, shown, 'must use whole node indexes >= 0'));
      return;
    }
    if (end !== undefined && start > end) {
      problems.push(problem(R.nodeRangeReversed, property, shown, 'should not end before it starts', 'It covers no node'));
      return;
    }
    if (last === undefined) return;
    if (start > last || (end ?? last) > last) {
      problems.push(problem(R.nodeRangeOutside, property, shown, `should stay within nodes 0:${last} (numNodes is ${numNodes})`,
        'Nodes past the last one do not exist'));
    }
    // The nodes the range names that exist.
    for (let node = start; node <= Math.min(end ?? last, last); node++) covered[node] = true;
  });
  if (coverageKnown) {
    const missing: number[] = [];
    for (let node = 0; node < numNodes; node++) if (!covered[node]) missing.push(node);
    if (missing.length > 0) {
      problems.push(problem(R.nodeRangeCoverage, 'nodeProperties.nodeRanges', nodeRanges.map((r) => r.targetNodes.toString()),
        `must together cover every node 0:${numNodes - 1}; nodes ${missing.join(', ')} have no range`,
        'Add a range for them, e.g. NodeRange.all() first and narrower ranges after it'));
    }
  }

  const instanceTypes = new Set(nodeRanges
    .map((range) => (range.container?.instanceType ?? range.instanceType)?.toString())
    .filter((type): type is string => isKnown(type)));
  if (instanceTypes.size > 1) {
    problems.push(problem(R.nodeInstanceTypeSame, 'nodeProperties.nodeRanges[*].container.instanceType', [...instanceTypes],
      'must be the same for every node range', 'Batch runs all nodes of a multi-node job on one instance type'));
  }
  return problems;
}

/** The `Ref::NAME` placeholders of a command that `parameters` does not declare. */
export function undeclaredParameters(command: readonly string[] | undefined, parameters: { [name: string]: string } | undefined): string[] {
  const found = new Set<string>();
  for (const arg of command ?? []) {
    if (Token.isUnresolved(arg)) continue;
    for (const match of arg.matchAll(/Ref::([A-Za-z0-9_-]+)/g)) {
      if (!(match[1] in (parameters ?? {}))) found.add(match[1]);
    }
  }
  return [...found];
}
