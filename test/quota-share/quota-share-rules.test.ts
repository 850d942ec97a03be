/**
 * The quota share's rules as tables: props (or facts about its queue) in, findings out,
 * without synthesizing a stack.
 */
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CapacityUnit, JobQueue, QuotaShareCapacityLimit, QuotaShareProps, ResourceSharingStrategy } from '../../src';
import { allRules } from '../../src/private/validation/rule';
import { QueueFacts, queueFitProblems, quotaShareProblems, RULES } from '../../src/quota-share/quota-share-rules';
import { testArn } from '../fixtures';
import { found, FoundRule } from '../rule-findings';
import { TEST_ENV } from '../synth';

type Row = [title: string, props: (scope: Construct) => Partial<QuotaShareProps>, expected: FoundRule[]];

function error(rule: keyof typeof RULES | string, message: string): FoundRule {
  return { rule, severity: 'error', message };
}
function warning(rule: keyof typeof RULES, message: string): FoundRule {
  return { rule, severity: 'warning', message };
}

const limit = (type: string, maxCapacity = 2): QuotaShareCapacityLimit => ({ capacityUnit: CapacityUnit.instanceType(type), maxCapacity });
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
const numberParameter = (scope: Construct, id: string) => new CfnParameter(scope, id, { type: 'Number' }).valueAsNumber;
const LEND_AND_BORROW = ResourceSharingStrategy.LEND_AND_BORROW;

function table(rows: Row[]) {
  test.each(rows)('%s', (_title, props, expected) => {
    const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
    const queue = JobQueue.fromJobQueueArn(stack, 'Queue', testArn('job-queue', 'training'));
    expect(found(quotaShareProblems({ jobQueue: queue, capacityLimits: [limit('ml.g5.xlarge')], ...props(stack) }))).toEqual(expected);
  });
}

describe('name, queue and tags', () => {
  table([
    ['a name with a dot', () => ({ quotaShareName: 'team.a' }),
      [error('resourceName', 'quotaShareName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "team.a"')]],
    ['a name of 128 characters', () => ({ quotaShareName: 'q'.repeat(128) }), []],
    ['a name of 129 characters', () => ({ quotaShareName: 'q'.repeat(129) }),
      [error('resourceName', `quotaShareName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "${'q'.repeat(129)}"`)]],
    ['a token name', (s) => ({ quotaShareName: new CfnParameter(s, 'Name').valueAsString }), []],
    ['a queue ARN given as a string (JavaScript)', () => ({ jobQueue: testArn('job-queue', 'training') as any }),
      [error('typedInput', 'jobQueue must be an IJobQueue, got "arn:aws:batch:us-east-1:123456789012:job-queue/training". '
        + 'Import an existing queue with JobQueue.fromJobQueueArn(scope, id, arn)')]],
    ['51 tags', () => ({ tags: many(51) }), [error('tagCount', 'tags must have at most 50 entries, got 51')]],
    ['50 tags', () => ({ tags: many(50) }), []],
  ]);
});

describe('capacity limits', () => {
  table([
    ['none', () => ({ capacityLimits: [] }), [error('capacityLimitCount',
      'capacityLimits must have between 1 and 5 entries, got 0. Give the share at least one instance type and its maximum instances')]],
    ['5 instance types', () => ({ capacityLimits: ['m5.large', 'm5.xlarge', 'g5.xlarge', 'g5.2xlarge', 'p4d.24xlarge'].map((t) => limit(`ml.${t}`)) }), []],
    ['6 instance types', () => ({ capacityLimits: ['m5.large', 'm5.xlarge', 'g5.xlarge', 'g5.2xlarge', 'p4d.24xlarge', 'c5.xlarge'].map((t) => limit(`ml.${t}`)) }),
      [error('capacityLimitCount', 'capacityLimits must have between 1 and 5 entries, got 6. Batch supports at most 5 per share')]],
    ['maxCapacity 0', () => ({ capacityLimits: [limit('ml.g5.xlarge', 0)] }),
      [error('maxCapacity', 'capacityLimits[0].maxCapacity must be an integer >= 1, got 0')]],
    ['maxCapacity 1.5', () => ({ capacityLimits: [limit('ml.g5.xlarge', 1.5)] }),
      [error('maxCapacity', 'capacityLimits[0].maxCapacity must be an integer >= 1, got 1.5')]],
    ['maxCapacity 1', () => ({ capacityLimits: [limit('ml.g5.xlarge', 1)] }), []],
    ['a token maxCapacity', (s) => ({ capacityLimits: [limit('ml.g5.xlarge', numberParameter(s, 'Max'))] }), []],
    ['NUM_INSTANCES', () => ({ capacityLimits: [{ capacityUnit: CapacityUnit.NUM_INSTANCES, maxCapacity: 4 }] }),
      [error('instanceTypeUnit', 'capacityLimits[0].capacityUnit must be a SageMaker instance type, not NUM_INSTANCES, got "NUM_INSTANCES". '
        + 'Use CapacityUnit.instanceType(\'ml.m5.large\') with one of the service environment\'s instance types')]],
    ['an EC2 instance type', () => ({ capacityLimits: [limit('g5.xlarge')] }),
      [warning('capacityUnit', 'capacityLimits[0].capacityUnit should be a SageMaker instance type such as "ml.m5.large", got "g5.xlarge". '
        + 'Acknowledge this warning for a unit added after this release')]],
    ['a token unit', (s) => ({ capacityLimits: [{ capacityUnit: CapacityUnit.of(new CfnParameter(s, 'Unit').valueAsString), maxCapacity: 1 }] }), []],
    ['an instance type twice', () => ({ capacityLimits: [limit('ml.g5.xlarge'), limit('ml.g5.xlarge', 4)] }),
      [warning('repeatedCapacityUnit', 'capacityLimits should have one limit per instance type, got ["ml.g5.xlarge"]. '
        + 'Merge the limits of "ml.g5.xlarge" into one')]],
  ]);
});

describe('resource sharing', () => {
  table([
    ['RESERVE', () => ({ resourceSharingConfiguration: { strategy: ResourceSharingStrategy.RESERVE } }), []],
    ['LEND_AND_BORROW with borrowLimit -1 (unlimited)', () => ({ resourceSharingConfiguration: { strategy: LEND_AND_BORROW, borrowLimit: -1 } }), []],
    ['LEND_AND_BORROW with borrowLimit 0', () => ({ resourceSharingConfiguration: { strategy: LEND_AND_BORROW, borrowLimit: 0 } }), []],
    ['LEND_AND_BORROW with borrowLimit 200', () => ({ resourceSharingConfiguration: { strategy: LEND_AND_BORROW, borrowLimit: 200 } }), []],
    ['borrowLimit -2', () => ({ resourceSharingConfiguration: { strategy: LEND_AND_BORROW, borrowLimit: -2 } }),
      [error('borrowLimit', 'resourceSharingConfiguration.borrowLimit must be an integer >= -1, got -2')]],
    ['borrowLimit 12.5', () => ({ resourceSharingConfiguration: { strategy: LEND_AND_BORROW, borrowLimit: 12.5 } }),
      [error('borrowLimit', 'resourceSharingConfiguration.borrowLimit must be an integer >= -1, got 12.5')]],
    ['a token borrowLimit', (s) => ({ resourceSharingConfiguration: { strategy: LEND_AND_BORROW, borrowLimit: numberParameter(s, 'Borrow') } }), []],
    ['borrowLimit with LEND', () => ({ resourceSharingConfiguration: { strategy: ResourceSharingStrategy.LEND, borrowLimit: 50 } }),
      [warning('borrowLimitStrategy', 'resourceSharingConfiguration.borrowLimit applies only to the LEND_AND_BORROW strategy (strategy is LEND), got 50. '
        + 'Remove borrowLimit, or use LEND_AND_BORROW to let the share borrow')]],
    ['borrowLimit with RESERVE', () => ({ resourceSharingConfiguration: { strategy: ResourceSharingStrategy.RESERVE, borrowLimit: -1 } }),
      [warning('borrowLimitStrategy', 'resourceSharingConfiguration.borrowLimit applies only to the LEND_AND_BORROW strategy (strategy is RESERVE), got -1. '
        + 'Remove borrowLimit, or use LEND_AND_BORROW to let the share borrow')]],
  ]);
});

describe('fit with the queue (checked at synth)', () => {
  const facts = (overrides: Partial<QueueFacts> = {}): QueueFacts => ({ label: 'Stack/Queue', shares: { count: 1, index: 0 }, ...overrides });
  const rows: Array<[string, QuotaShareCapacityLimit[], QueueFacts, FoundRule[]]> = [
    ['an imported queue: nothing known', [limit('ml.g5.xlarge')], facts(), []],
    ['the 20th share of a queue', [limit('ml.g5.xlarge')], facts({ shares: { count: 20, index: 19 } }), []],
    ['the 21st share of a queue', [limit('ml.g5.xlarge')], facts({ shares: { count: 21, index: 20 } }), [error('sharesPerQueue',
      'jobQueue (Stack/Queue) must have at most 20 quota shares, got 21. Batch attaches no more to one job queue: merge shares or use another queue')]],
    ['the 1st of 21 shares reports nothing', [limit('ml.g5.xlarge')], facts({ shares: { count: 21, index: 0 } }), []],
    ['a queue without a quota-share policy', [limit('ml.g5.xlarge')], facts({ quotaSharePolicy: false }), [error('queuePolicy',
      'jobQueue must have a quota-share scheduling policy, got "Stack/Queue". '
      + 'Give the queue a SchedulingPolicy with quotaSharePolicy and a SageMaker training service environment')]],
    ['a queue with one', [limit('ml.g5.xlarge')], facts({ quotaSharePolicy: true, serviceEnvironmentUnits: ['ml.g5.xlarge'] }), []],
    ['an instance type the service environment does not list', [limit('ml.g5.xlarge'), limit('ml.p4d.24xlarge')],
      facts({ quotaSharePolicy: true, serviceEnvironmentUnits: ['ml.g5.xlarge', 'ml.m5.large'] }), [warning('unitNotInServiceEnvironment',
        'capacityLimits[1].capacityUnit should be one of the service environment\'s instance types ("ml.g5.xlarge" or "ml.m5.large"), got "ml.p4d.24xlarge". '
        + 'Jobs that need it wait until the service environment has a limit for it')]],
  ];
  test.each(rows)('%s', (_title, limits, queue, expected) => {
    expect(found(queueFitProblems(limits, queue))).toEqual(expected);
  });
});

test('every rule is in the catalogue with a source', () => {
  const mine = allRules().filter((rule) => rule.construct === 'QuotaShare');
  expect(mine.map((rule) => rule.id).sort()).toEqual(Object.keys(RULES).sort());
  for (const rule of mine) expect(rule.sources.length).toBeGreaterThan(0);
});
