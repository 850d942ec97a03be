import { CapacityLimit, CapacityUnit, ServiceEnvironmentProps } from './service-environment-types';
import { checkResourceName, checkTags } from '../private/validation/batch-rules';
import { checkCount, checkRange, duplicates, oneOf } from '../private/validation/checks';
import {
  MAX_SERVICE_ENVIRONMENT_INSTANCE_TYPE_LIMITS, NUM_INSTANCES, SAGEMAKER_INSTANCE_TYPE_PATTERN,
} from '../private/validation/limits';
import { countProblem, isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnSchema, defineRules } from '../private/validation/rule';

/**
 * The rules of a service environment: its capacity limits (how many, their numbers and
 * units), name and tags. Pure: props in, problems out.
 */
export const RULES = defineRules('ServiceEnvironment', {
  capacityLimitsRequired: {
    severity: 'error',
    properties: 'capacityLimits',
    summary: 'A service environment has at least one capacity limit.',
    sources: [batchApi('CreateServiceEnvironment capacityLimits', 'Required: the limits bound what the service jobs of the environment may use.'),
      cfnSchema('AWS::Batch::ServiceEnvironment required', 'CapacityLimits is a required property.')],
  },
  maxCapacityInteger: {
    severity: 'error',
    properties: 'capacityLimits[].maxCapacity',
    summary: 'A capacity limit\'s maxCapacity is an integer.',
    sources: [batchApi('CapacityLimit maxCapacity', 'An Integer.'),
      cfnSchema('AWS::Batch::ServiceEnvironment CapacityLimit.MaxCapacity', 'type: integer.')],
  },
  maxCapacityPositive: {
    severity: 'warning',
    properties: 'capacityLimits[].maxCapacity',
    summary: 'A capacity limit below 1 lets no job run: every job waits in the queue.',
    sources: [batchApi('CapacityLimit maxCapacity', 'A job that needs more instances than the capacity left waits in the queue until capacity is available.')],
  },
  capacityUnit: {
    severity: 'warning',
    properties: 'capacityLimits[].capacityUnit',
    summary: 'A capacity unit is NUM_INSTANCES or a SageMaker instance type (ml.FAMILY.SIZE).',
    sources: [batchApi('CapacityLimit capacityUnit', 'For SAGEMAKER_TRAINING in a quota-management service environment, the instance type '
      + '(e.g. ml.m5.large); otherwise NUM_INSTANCES.')],
  },
  mixedCapacityUnits: {
    severity: 'error',
    properties: 'capacityLimits[].capacityUnit',
    summary: 'A service environment counts either NUM_INSTANCES or instance types, not both.',
    sources: [batchApi('CapacityLimit capacityUnit', 'A quota-management service environment takes instance types, every other one '
      + 'NUM_INSTANCES: one environment is one or the other.')],
  },
  repeatedCapacityUnit: {
    severity: 'warning',
    properties: 'capacityLimits[].capacityUnit',
    summary: 'Each capacity unit has one limit.',
    sources: [batchApi('CapacityLimit maxCapacity', 'The limit is the maximum quantity of the resource type its capacityUnit names: '
      + 'two limits of one unit contradict each other.')],
  },
  instanceTypeLimitCount: {
    severity: 'warning',
    properties: 'capacityLimits',
    summary: `A quota-management service environment has at most ${MAX_SERVICE_ENVIRONMENT_INSTANCE_TYPE_LIMITS} instance-type limits.`,
    sources: [batchUserGuide('Create quota management resources', 'The service environment takes at least one and at most five '
      + 'instance-type capacity limits (the console\'s limit; the API reference states none).')],
  },
});

/** The unit a limit counts (NUM_INSTANCES when omitted). */
export function unitOf(limit: CapacityLimit): CapacityUnit {
  return limit.capacityUnit ?? CapacityUnit.NUM_INSTANCES;
}

/** Whether a unit is a SageMaker instance type (`ml.m5.large`). */
export function isInstanceTypeUnit(unit: CapacityUnit): boolean {
  return isKnown(unit.value) && SAGEMAKER_INSTANCE_TYPE_PATTERN.test(unit.value);
}

/** Every problem of a service environment's props. */
export function serviceEnvironmentProblems(props: ServiceEnvironmentProps): Problem[] {
  return [
    checkResourceName('serviceEnvironmentName', props.serviceEnvironmentName),
    ...capacityLimitProblems(props.capacityLimits),
    ...checkTags('tags', props.tags),
  ];
}

/** The capacity limits: at least one, integers, known units, one kind of unit, each unit once. */
export function capacityLimitProblems(limits: readonly CapacityLimit[]): Problem[] {
  const units = limits.map(unitOf);
  const known = units.filter((unit) => isKnown(unit.value));
  const instanceTypes = known.filter(isInstanceTypeUnit);
  const numInstances = known.filter((unit) => unit.value === NUM_INSTANCES);
  return [
    checkCount(RULES.capacityLimitsRequired, 'capacityLimits', limits, {
      min: 1,
      hint: 'Add a limit, e.g. { maxCapacity: 10 } (NUM_INSTANCES)',
    }),
    ...limits.flatMap((limit, index) => {
      const property = `capacityLimits[${index}]`;
      const unit = unitOf(limit);
      return [
        checkRange(RULES.maxCapacityInteger, `${property}.maxCapacity`, limit.maxCapacity, { integer: true }),
        isKnown(limit.maxCapacity) && Number.isInteger(limit.maxCapacity) && limit.maxCapacity < 1
          ? problem(RULES.maxCapacityPositive, `${property}.maxCapacity`, limit.maxCapacity, 'should be at least 1',
            'With no capacity every job waits in the queue; disable the environment (enabled: false) to stop placing jobs')
          : undefined,
        isKnown(unit.value) && unit.value !== NUM_INSTANCES && !isInstanceTypeUnit(unit)
          ? problem(RULES.capacityUnit, `${property}.capacityUnit`, unit.value,
            'should be NUM_INSTANCES or a SageMaker instance type such as "ml.m5.large"',
            'Batch counts nothing else; acknowledge this warning for a unit added after this release')
          : undefined,
      ];
    }),
    instanceTypes.length > 0 && numInstances.length > 0
      ? problem(RULES.mixedCapacityUnits, 'capacityLimits', units.map((unit) => unit.value),
        'must all count NUM_INSTANCES or all count instance types',
        'Use instance types for a queue with a quota-share scheduling policy, NUM_INSTANCES for any other queue')
      : undefined,
    repeatedUnits(units),
    instanceTypes.length > MAX_SERVICE_ENVIRONMENT_INSTANCE_TYPE_LIMITS
      ? countProblem(RULES.instanceTypeLimitCount, 'capacityLimits', instanceTypes.length,
        `should have at most ${MAX_SERVICE_ENVIRONMENT_INSTANCE_TYPE_LIMITS} instance-type limits`,
        'The Batch console takes no more; Batch may reject the rest')
      : undefined,
  ];
}

function repeatedUnits(units: readonly CapacityUnit[]): Problem {
  const repeated = duplicates(units.map((unit) => unit.value));
  if (repeated.length === 0) return undefined;
  return problem(RULES.repeatedCapacityUnit, 'capacityLimits', repeated, 'should have one limit per capacity unit',
    `Merge the limits of ${oneOf(repeated)} into one`);
}
