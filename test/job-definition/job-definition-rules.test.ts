import { Duration, Lazy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { JobContainer, JobDefinitionProps, NodeRange, PlatformCapability, RetryAction, RetryStrategy } from '../../src';
import { jobDefinitionProblems, undeclaredParameters } from '../../src/job-definition/job-definition-rules';
import { found, FoundRule, ruleIds } from '../rule-findings';

/**
 * The definition-level rules as tables, without a stack: names, the container/nodes shape,
 * platform, retries, timeout, priority, nodes, tags and command parameters.
 */

const image = ecs.ContainerImage.fromRegistry('busybox');
const FARGATE = [PlatformCapability.FARGATE];
const container = (extra: Partial<JobContainer> = {}): JobContainer => ({ image, ...extra });
const single = (props: Partial<JobDefinitionProps> = {}): JobDefinitionProps => ({ container: container(), ...props });
const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });
const number = (value: number) => Lazy.number({ produce: () => value });

function multiNode(numNodes: number, mainNode: number, ...ranges: Array<[NodeRange, Partial<JobContainer>?]>): JobDefinitionProps {
  return {
    nodeProperties: {
      numNodes,
      mainNode,
      nodeRanges: ranges.map(([targetNodes, extra]) => ({ targetNodes, container: container(extra) })),
    },
  };
}

const PATTERN_HINT = 'At most 512 characters; only a trailing * is a wildcard';
const REASON_SYNTAX = 'must be letters, digits, periods, colons and white space, optionally ending with *';
const retry = (rule: Omit<RetryStrategy, 'action'>, action = RetryAction.RETRY) => single({ retryAttempts: 2, retryStrategies: [{ action, ...rule }] });
const exits = (n: number) => Array.from({ length: n }, () => ({ action: RetryAction.EXIT, onExitCode: '1' }));
const ONE_PLATFORM = 'This library renders each container for one platform: choose [PlatformCapability.EC2] or [PlatformCapability.FARGATE]';
const NEEDS_ATTEMPTS = 'retryAttempts is required with retryStrategies, got undefined. Batch needs attempts whenever evaluateOnExit is given: set retryAttempts (1-10)';
const OUTSIDE_HINT = 'Nodes past the last one do not exist';
const COVER_HINT = 'Add a range for them, e.g. NodeRange.all() first and narrower ranges after it';
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

/** [case, props, the findings: rule id, severity and exact message]. */
const BROKEN: Array<[string, JobDefinitionProps, FoundRule[]]> = [
  ['a name of 129 characters', single({ jobDefinitionName: 'a'.repeat(129) }), [error('resourceName',
    `jobDefinitionName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "${'a'.repeat(129)}"`)]],
  ['a name with a space', single({ jobDefinitionName: 'my job' }), [error('resourceName',
    'jobDefinitionName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "my job"')]],
  ['neither container nor nodeProperties', {}, [error('containerXorNodes',
    'container and nodeProperties: exactly one must be set, got neither. Use container for a single-node job, nodeProperties for a multi-node parallel job')]],
  ['both container and nodeProperties', { ...single(), ...multiNode(1, 0, [NodeRange.all()]) }, [error('containerXorNodes',
    'container and nodeProperties: exactly one must be set, got both. Use container for a single-node job, nodeProperties for a multi-node parallel job')]],
  ['two platform capabilities', single({ platformCapabilities: [PlatformCapability.EC2, PlatformCapability.FARGATE] }), [error('onePlatformCapability',
    `platformCapabilities must have exactly one entry, got ["EC2", "FARGATE"]. ${ONE_PLATFORM}`)]],
  ['no platform capability', single({ platformCapabilities: [] }), [error('onePlatformCapability',
    `platformCapabilities must have exactly one entry, got []. ${ONE_PLATFORM}`)]],
  ['a multi-node job on Fargate', { ...multiNode(2, 0, [NodeRange.all()]), platformCapabilities: FARGATE }, [error('multiNodeNotFargate',
    'platformCapabilities must be [EC2] for a multi-node job (nodeProperties), got ["FARGATE"]. Multi-node parallel jobs do not run on Fargate')]],
  ['retryAttempts 0', single({ retryAttempts: 0 }), [error('retryAttempts', 'retryAttempts must be an integer between 1 and 10, got 0')]],
  ['retryAttempts 11', single({ retryAttempts: 11 }), [error('retryAttempts', 'retryAttempts must be an integer between 1 and 10, got 11')]],
  ['6 retry strategies', single({ retryAttempts: 2, retryStrategies: exits(6) }), [error('retryRulesMax', 'retryStrategies must have at most 5 entries, got 6')]],
  ['an exit code pattern with * inside', retry({ onExitCode: '1*2' }), [error('onExitCodePattern',
    `retryStrategies[0].onExitCode must be digits, optionally ending with *, got "1*2". ${PATTERN_HINT}`)]],
  ['a reason pattern with a hyphen', retry({ onReason: 'Out-of-memory' }), [error('onReasonPattern',
    `retryStrategies[0].onReason ${REASON_SYNTAX}, got "Out-of-memory". ${PATTERN_HINT}`)]],
  ['a status reason pattern of 513 characters', retry({ onStatusReason: 'x'.repeat(513) }), [error('onStatusReasonPattern',
    `retryStrategies[0].onStatusReason ${REASON_SYNTAX}, got "${'x'.repeat(513)}". ${PATTERN_HINT}`)]],
  ['a RETRY rule without retryAttempts', single({ retryStrategies: [{ action: RetryAction.RETRY, onExitCode: '1' }] }), [
    error('retryStrategiesNeedAttempts', NEEDS_ATTEMPTS),
  ]],
  ['an EXIT rule without retryAttempts', single({ retryStrategies: [{ action: RetryAction.EXIT, onExitCode: '1' }] }), [
    error('retryStrategiesNeedAttempts', NEEDS_ATTEMPTS),
  ]],
  ['an empty retryStrategies list without retryAttempts', single({ retryStrategies: [] }), [error('retryStrategiesNeedAttempts', NEEDS_ATTEMPTS)]],
  ['a RETRY rule with retryAttempts 1', single({ retryAttempts: 1, retryStrategies: [{ action: RetryAction.RETRY }] }), [warning('retryRuleSingleAttempt',
    'retryStrategies[0].action has no effect with a single attempt, got "RETRY". Set retryAttempts to 2-10 so a matching failure can be retried')]],
  ['a timeout of 59 seconds', single({ timeout: Duration.seconds(59) }), [error('attemptTimeoutMinimum',
    'timeout must be at least 1 minute, got 59 seconds. Batch allows no shorter attempt timeout')]],
  ['a timeout of 60.5 seconds', single({ timeout: Duration.millis(60500) }), [error('attemptTimeoutWholeSeconds',
    'timeout must be a whole number of seconds, got 1 minute 500 millis')]],
  ['schedulingPriority 10000', single({ schedulingPriority: 10000 }), [error('schedulingPriority',
    'schedulingPriority must be an integer between 0 and 9999, got 10000. Higher runs first within a share')]],
  ['schedulingPriority -1', single({ schedulingPriority: -1 }), [error('schedulingPriority',
    'schedulingPriority must be an integer between 0 and 9999, got -1. Higher runs first within a share')]],
  ['no nodes', multiNode(0, 0, [NodeRange.all()]), [error('numNodesMin', 'nodeProperties.numNodes must be an integer >= 1, got 0')]],
  ['the main node past the last node', multiNode(3, 3, [NodeRange.all()]), [error('mainNodeRange',
    'nodeProperties.mainNode must be less than numNodes (3), got 3. Node indexes start at 0')]],
  ['a negative main node', multiNode(3, -1, [NodeRange.all()]), [error('mainNodeRange', 'nodeProperties.mainNode must be an integer >= 0, got -1')]],
  ['no node range', multiNode(1, 0), [
    error('nodeRangesRequired', 'nodeProperties.nodeRanges must have at least 1 entry, got 0'),
    error('nodeRangeCoverage', `nodeProperties.nodeRanges must together cover every node 0:0; nodes 0 have no range, got []. ${COVER_HINT}`),
  ]],
  ['a range past the last node (its nodes that exist are covered)', multiNode(3, 0, [NodeRange.of(0, 3)]), [warning('nodeRangeOutside',
    `nodeProperties.nodeRanges[0].targetNodes should stay within nodes 0:2 (numNodes is 3), got "0:3". ${OUTSIDE_HINT}`)]],
  ['an open range starting past the last node', multiNode(3, 0, [NodeRange.all()], [NodeRange.from(3)]), [warning('nodeRangeOutside',
    `nodeProperties.nodeRanges[1].targetNodes should stay within nodes 0:2 (numNodes is 3), got "3:". ${OUTSIDE_HINT}`)]],
  ['a range wholly past the last node covers none', multiNode(2, 0, [NodeRange.of(2, 3)]), [
    warning('nodeRangeOutside', `nodeProperties.nodeRanges[0].targetNodes should stay within nodes 0:1 (numNodes is 2), got "2:3". ${OUTSIDE_HINT}`),
    error('nodeRangeCoverage', `nodeProperties.nodeRanges must together cover every node 0:1; nodes 0, 1 have no range, got ["2:3"]. ${COVER_HINT}`),
  ]],
  ['a reversed range', multiNode(3, 0, [NodeRange.all()], [NodeRange.of(2, 1)]), [warning('nodeRangeReversed',
    'nodeProperties.nodeRanges[1].targetNodes should not end before it starts, got "2:1". It covers no node')]],
  ['a reversed range alone covers no node', multiNode(3, 0, [NodeRange.of(2, 0)]), [
    warning('nodeRangeReversed', 'nodeProperties.nodeRanges[0].targetNodes should not end before it starts, got "2:0". It covers no node'),
    error('nodeRangeCoverage', `nodeProperties.nodeRanges must together cover every node 0:2; nodes 0, 1, 2 have no range, got ["2:0"]. ${COVER_HINT}`),
  ]],
  ['a negative node index', multiNode(3, 0, [NodeRange.all()], [NodeRange.of(-1, 1)]), [error('nodeRangeIndexes',
    'nodeProperties.nodeRanges[1].targetNodes must use whole node indexes >= 0, got "-1:1"')]],
  ['a fractional node index', multiNode(3, 0, [NodeRange.all()], [NodeRange.from(1.5)]), [error('nodeRangeIndexes',
    'nodeProperties.nodeRanges[1].targetNodes must use whole node indexes >= 0, got "1.5:"')]],
  ['ranges leaving nodes out', multiNode(4, 0, [NodeRange.of(0, 0)], [NodeRange.of(2, 2)]), [error('nodeRangeCoverage',
    `nodeProperties.nodeRanges must together cover every node 0:3; nodes 1, 3 have no range, got ["0:0", "2:2"]. ${COVER_HINT}`)]],
  ['two instance types', multiNode(2, 0,
    [NodeRange.of(0, 0), { instanceType: new ec2.InstanceType('c5.large') }],
    [NodeRange.of(1, 1), { instanceType: new ec2.InstanceType('c5.xlarge') }]), [error('nodeInstanceTypeSame',
    'nodeProperties.nodeRanges[*].container.instanceType must be the same for every node range, got ["c5.large", "c5.xlarge"]. '
    + 'Batch runs all nodes of a multi-node job on one instance type')]],
  ['a node range container with 0 vCPUs (checked under its own path)', multiNode(2, 0, [NodeRange.all(), { vcpus: 0 }]), [error('ec2VcpusMin',
    'nodeProperties.nodeRanges[0].container.vcpus must be an integer >= 1, got 0. Fractional vCPUs are for Fargate only')]],
  ['51 tags', single({ tags: many(51) }), [error('tagCount', 'tags must have at most 50 entries, got 51')]],
  ['a tag key of 129 characters', single({ tags: { ['k'.repeat(129)]: 'v' } }), [error('tagKey', `tags must have keys of 1-128 characters, got "${'k'.repeat(129)}"`)]],
  ['an aws: tag key', single({ tags: { 'aws:owner': 'me' } }), [error('tagKey', 'tags must not have keys starting with aws:, got "aws:owner". AWS reserves them')]],
  ['a tag value of 257 characters', single({ tags: { team: 'x'.repeat(257) } }), [error('tagValue', `tags.team must be at most 256 characters, got "${'x'.repeat(20)}..."`)]],
  ['an undeclared Ref:: placeholder', single({ container: container({ command: ['run', 'Ref::input'] }) }), [warning('undeclaredParameter',
    'container.command uses Ref::input but parameters has no "input", got ["run", "Ref::input"]. '
    + 'Batch replaces the placeholder only with a value that SubmitJob passes or a default; add "input" to parameters')]],
  ['an undeclared placeholder in a node range', multiNode(1, 0, [NodeRange.all(), { command: ['Ref::n'] }]), [warning('undeclaredParameter',
    'nodeProperties.nodeRanges[0].container.command uses Ref::n but parameters has no "n", got ["Ref::n"]. '
    + 'Batch replaces the placeholder only with a value that SubmitJob passes or a default; add "n" to parameters')]],
];

/** [case, props]: the nearest values that pass. */
const PASSING: Array<[string, JobDefinitionProps]> = [
  ['a name of 128 characters', single({ jobDefinitionName: `a-_${'b'.repeat(125)}` })],
  ['a name starting with an underscore (Batch states no first-character rule)', single({ jobDefinitionName: '_nightly' })],
  ['one platform capability', single({ platformCapabilities: FARGATE })],
  ['retryAttempts 1', single({ retryAttempts: 1 })],
  ['retryAttempts 10', single({ retryAttempts: 10 })],
  ['5 retry strategies', single({ retryAttempts: 1, retryStrategies: exits(5) })],
  ['EXIT rules with retryAttempts 1', single({ retryAttempts: 1, retryStrategies: [{ action: RetryAction.EXIT, onReason: 'Out of memory*' }] })],
  ['patterns at their limits', retry({ onExitCode: '137', onReason: 'CannotPullContainerError:*', onStatusReason: 'x'.repeat(512) })],
  ['a RETRY rule with 2 attempts', single({ retryAttempts: 2, retryStrategies: [{ action: RetryAction.RETRY, onExitCode: '1' }] })],
  ['a timeout of 60 seconds', single({ timeout: Duration.seconds(60) })],
  ['schedulingPriority 9999', single({ schedulingPriority: 9999 })],
  ['schedulingPriority 0', single({ schedulingPriority: 0 })],
  ['one node', multiNode(1, 0, [NodeRange.all()])],
  ['the last node as main node', multiNode(3, 2, [NodeRange.all()])],
  ['a range covering exactly every node', multiNode(3, 0, [NodeRange.of(0, 2)])],
  ['ranges covering every node together', multiNode(4, 0, [NodeRange.of(0, 0)], [NodeRange.from(1)])],
  ['one instance type for every range', multiNode(2, 0,
    [NodeRange.all(), { instanceType: new ec2.InstanceType('c5.xlarge') }], [NodeRange.of(1, 1), { instanceType: new ec2.InstanceType('c5.xlarge') }])],
  ['50 tags', single({ tags: many(50) })],
  ['a tag key of 128 and a value of 256 characters', single({ tags: { ['k'.repeat(128)]: 'x'.repeat(256) } })],
  ['a declared placeholder', single({ container: container({ command: ['run', 'Ref::input'] }), parameters: { input: 'x' } })],
];

/** [case, props]: a token in place of the value skips its check. */
const TOKENS: Array<[string, JobDefinitionProps]> = [
  ['a token name', single({ jobDefinitionName: Token.asString(Lazy.string({ produce: () => 'my job' })) })],
  ['token retry attempts and priority', single({ retryAttempts: number(0), schedulingPriority: number(-1) })],
  ['a token RETRY attempts count', single({ retryAttempts: number(1), retryStrategies: [{ action: RetryAction.RETRY }] })],
  ['a token timeout', single({ timeout: Duration.seconds(number(5)) })],
  ['a token numNodes skips the node range checks', {
    nodeProperties: { numNodes: number(2), mainNode: 0, nodeRanges: [{ targetNodes: NodeRange.of(0, 5), container: container() }] },
  }],
  ['a token main node', multiNode(3, number(3), [NodeRange.all()])],
  ['a token node range end', multiNode(3, 0, [NodeRange.of(0, number(9))])],
  ['a token command argument', single({ container: container({ command: [Lazy.string({ produce: () => 'Ref::x' })] }) })],
];

describe('JobDefinition rules', () => {
  test.each(BROKEN)('%s', (_case, props, expected) => {
    expect(found(jobDefinitionProblems(props))).toEqual(expected);
  });

  test.each(PASSING)('passes: %s', (_case, props) => {
    expect(found(jobDefinitionProblems(props))).toEqual([]);
  });

  test.each(TOKENS)('skipped: %s', (_case, props) => {
    expect(found(jobDefinitionProblems(props))).toEqual([]);
  });

  test('every problem is reported at once, definition and container rules together', () => {
    expect(ruleIds(jobDefinitionProblems({ ...single({ retryAttempts: 11, container: container({ vcpus: 0 }) }), tags: many(51) })))
      .toEqual(['retryAttempts', 'tagCount', 'ec2VcpusMin']);
  });

  test('a token platformCapabilities list is not judged', () => {
    const capabilities = Lazy.list({ produce: () => ['EC2', 'FARGATE'] }) as PlatformCapability[];
    expect(found(jobDefinitionProblems(single({ platformCapabilities: capabilities })))).toEqual([]);
  });
});

describe('undeclaredParameters', () => {
  test('lists each undeclared placeholder once, in order', () => {
    expect(undeclaredParameters(['Ref::a', 'x Ref::b Ref::a', 'Ref::c'], { c: '1' })).toEqual(['a', 'b']);
  });

  test('no command, no placeholders', () => {
    expect(undeclaredParameters(undefined, undefined)).toEqual([]);
  });
});
