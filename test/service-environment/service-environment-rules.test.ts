/**
 * The service environment's rules as tables: props in, findings out, without synthesizing a stack.
 */
import { App, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CapacityLimit, CapacityUnit, ServiceEnvironmentProps } from '../../src';
import { allRules } from '../../src/private/validation/rule';
import { isInstanceTypeUnit, RULES, serviceEnvironmentProblems, unitOf } from '../../src/service-environment/service-environment-rules';
import { found, FoundRule } from '../rule-findings';
import { TEST_ENV } from '../synth';

type Row = [title: string, props: (scope: Construct) => ServiceEnvironmentProps, expected: FoundRule[]];

function error(rule: keyof typeof RULES | string, message: string): FoundRule {
  return { rule, severity: 'error', message };
}
function warning(rule: keyof typeof RULES, message: string): FoundRule {
  return { rule, severity: 'warning', message };
}

const type = (name: string) => CapacityUnit.instanceType(name);
const limits = (...entries: CapacityLimit[]) => () => ({ capacityLimits: entries });
const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
const numberParameter = (scope: Construct, id: string) => new CfnParameter(scope, id, { type: 'Number' }).valueAsNumber;

function table(rows: Row[]) {
  test.each(rows)('%s', (_title, props, expected) => {
    const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
    expect(found(serviceEnvironmentProblems(props(stack)))).toEqual(expected);
  });
}

describe('name and tags', () => {
  table([
    ['a name with a space', () => ({ serviceEnvironmentName: 'ml training', capacityLimits: [{ maxCapacity: 1 }] }),
      [error('resourceName', 'serviceEnvironmentName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "ml training"')]],
    ['a name of 129 characters', () => ({ serviceEnvironmentName: 'a'.repeat(129), capacityLimits: [{ maxCapacity: 1 }] }),
      [error('resourceName', `serviceEnvironmentName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "${'a'.repeat(129)}"`)]],
    ['a name of 128 characters of every kind', () => ({ serviceEnvironmentName: `-${'aB_1'.repeat(31)}abc`, capacityLimits: [{ maxCapacity: 1 }] }), []],
    ['a token name', (s) => ({ serviceEnvironmentName: new CfnParameter(s, 'Name').valueAsString, capacityLimits: [{ maxCapacity: 1 }] }), []],
    ['51 tags', () => ({ capacityLimits: [{ maxCapacity: 1 }], tags: many(51) }), [error('tagCount', 'tags must have at most 50 entries, got 51')]],
    ['50 tags', () => ({ capacityLimits: [{ maxCapacity: 1 }], tags: many(50) }), []],
    ['an aws: tag', () => ({ capacityLimits: [{ maxCapacity: 1 }], tags: { 'AWS:team': 'ml' } }),
      [error('tagKey', 'tags must not have keys starting with aws:, got "AWS:team". AWS reserves them')]],
    ['a tag value of 257 characters', () => ({ capacityLimits: [{ maxCapacity: 1 }], tags: { team: 'v'.repeat(257) } }),
      [error('tagValue', 'tags.team must be at most 256 characters, got "vvvvvvvvvvvvvvvvvvvv..."')]],
  ]);
});

describe('capacity limits', () => {
  table([
    ['no capacity limit', limits(), [error('capacityLimitsRequired',
      'capacityLimits must have at least 1 entry, got 0. Add a limit, e.g. { maxCapacity: 10 } (NUM_INSTANCES)')]],
    ['one NUM_INSTANCES limit (the default unit)', limits({ maxCapacity: 10 }), []],
    ['one NUM_INSTANCES limit, named', limits({ maxCapacity: 10, capacityUnit: CapacityUnit.NUM_INSTANCES }), []],
    ['a fractional maxCapacity', limits({ maxCapacity: 1.5 }), [error('maxCapacityInteger', 'capacityLimits[0].maxCapacity must be an integer, got 1.5')]],
    ['maxCapacity 0', limits({ maxCapacity: 0 }), [warning('maxCapacityPositive', 'capacityLimits[0].maxCapacity should be at least 1, got 0. '
      + 'With no capacity every job waits in the queue; disable the environment (enabled: false) to stop placing jobs')]],
    ['maxCapacity -3', limits({ maxCapacity: -3 }), [warning('maxCapacityPositive', 'capacityLimits[0].maxCapacity should be at least 1, got -3. '
      + 'With no capacity every job waits in the queue; disable the environment (enabled: false) to stop placing jobs')]],
    ['maxCapacity 1', limits({ maxCapacity: 1 }), []],
    ['a token maxCapacity', (s) => limits({ maxCapacity: numberParameter(s, 'Max') })(), []],
    ['a Lazy maxCapacity', limits({ maxCapacity: Lazy.number({ produce: () => 0 }) }), []],
    ['instance types of every family shape', limits(
      { maxCapacity: 2, capacityUnit: type('ml.m5.large') }, { maxCapacity: 2, capacityUnit: type('ml.p4d.24xlarge') },
      { maxCapacity: 2, capacityUnit: type('ml.trn1.32xlarge') }, { maxCapacity: 2, capacityUnit: type('ml.g5.xlarge') },
      { maxCapacity: 2, capacityUnit: type('ml.p5e.48xlarge') }), []],
    ['an EC2 instance type', limits({ maxCapacity: 2, capacityUnit: type('m5.large') }), [warning('capacityUnit',
      'capacityLimits[0].capacityUnit should be NUM_INSTANCES or a SageMaker instance type such as "ml.m5.large", got "m5.large". '
      + 'Batch counts nothing else; acknowledge this warning for a unit added after this release')]],
    ['a lower-case num_instances', limits({ maxCapacity: 2, capacityUnit: CapacityUnit.of('num_instances') }), [warning('capacityUnit',
      'capacityLimits[0].capacityUnit should be NUM_INSTANCES or a SageMaker instance type such as "ml.m5.large", got "num_instances". '
      + 'Batch counts nothing else; acknowledge this warning for a unit added after this release')]],
    ['a token unit', (s) => limits({ maxCapacity: 2, capacityUnit: CapacityUnit.of(new CfnParameter(s, 'Unit').valueAsString) })(), []],
    ['NUM_INSTANCES and an instance type', limits({ maxCapacity: 4 }, { maxCapacity: 2, capacityUnit: type('ml.g5.xlarge') }),
      [error('mixedCapacityUnits', 'capacityLimits must all count NUM_INSTANCES or all count instance types, got ["NUM_INSTANCES", "ml.g5.xlarge"]. '
        + 'Use instance types for a queue with a quota-share scheduling policy, NUM_INSTANCES for any other queue')]],
    ['NUM_INSTANCES twice', limits({ maxCapacity: 4 }, { maxCapacity: 8 }), [warning('repeatedCapacityUnit',
      'capacityLimits should have one limit per capacity unit, got ["NUM_INSTANCES"]. Merge the limits of "NUM_INSTANCES" into one')]],
    ['an instance type twice', limits({ maxCapacity: 4, capacityUnit: type('ml.g5.xlarge') }, { maxCapacity: 4, capacityUnit: type('ml.g5.xlarge') }),
      [warning('repeatedCapacityUnit',
        'capacityLimits should have one limit per capacity unit, got ["ml.g5.xlarge"]. Merge the limits of "ml.g5.xlarge" into one')]],
    ['6 instance types', limits(...['m5.large', 'm5.xlarge', 'g5.xlarge', 'g5.2xlarge', 'p4d.24xlarge', 'c5.xlarge']
      .map((name) => ({ maxCapacity: 1, capacityUnit: type(`ml.${name}`) }))), [warning('instanceTypeLimitCount',
      'capacityLimits should have at most 5 instance-type limits, got 6. The Batch console takes no more; Batch may reject the rest')]],
  ]);
});

describe('helpers', () => {
  test('the unit of a limit without one is NUM_INSTANCES', () => {
    expect(unitOf({ maxCapacity: 1 })).toBe(CapacityUnit.NUM_INSTANCES);
    expect(unitOf({ maxCapacity: 1, capacityUnit: type('ml.m5.large') }).value).toBe('ml.m5.large');
  });

  test.each([
    ['ml.m5.large', true], ['ml.p4de.24xlarge', true], ['NUM_INSTANCES', false], ['m5.large', false], ['ml.m5', false], ['ML.M5.LARGE', false],
  ])('%s is an instance-type unit: %s', (value, expected) => {
    expect(isInstanceTypeUnit(CapacityUnit.of(value))).toBe(expected);
  });

  test('every rule is in the catalogue with a source', () => {
    const mine = allRules().filter((rule) => rule.construct === 'ServiceEnvironment');
    expect(mine.map((rule) => rule.id).sort()).toEqual(Object.keys(RULES).sort());
    for (const rule of mine) expect(rule.sources.length).toBeGreaterThan(0);
    expect(RULES.capacityUnit.warningId).toBe('@cdk-batch-constructs/service-environment:capacityUnit');
  });
});
