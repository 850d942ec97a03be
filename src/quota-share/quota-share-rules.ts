import { QuotaShareCapacityLimit, QuotaShareProps, ResourceSharingStrategy } from './quota-share-types';
import { checkResourceName, checkTags, checkTyped } from '../private/validation/batch-rules';
import { checkCount, checkRange, duplicates, oneOf } from '../private/validation/checks';
import {
  BORROW_LIMIT, MAX_QUOTA_SHARES_PER_QUEUE, NUM_INSTANCES, QUOTA_SHARE_CAPACITY_LIMITS, SAGEMAKER_INSTANCE_TYPE_PATTERN,
} from '../private/validation/limits';
import { countProblem, isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnSchema, defineRules } from '../private/validation/rule';

/**
 * The rules of a quota share: its capacity limits, borrowing, name and tags, and (at synth)
 * how it fits its queue. Pure: props and facts in, problems out.
 */
export const RULES = defineRules('QuotaShare', {
  capacityLimitCount: {
    severity: 'error',
    properties: 'capacityLimits',
    summary: `A quota share has ${QUOTA_SHARE_CAPACITY_LIMITS.min} to ${QUOTA_SHARE_CAPACITY_LIMITS.max} capacity limits.`,
    sources: [batchUserGuide('Quota shares', 'A quota share requires at least one capacity limit and supports at most five.'),
      batchApi('CreateQuotaShare capacityLimits', 'Required.')],
  },
  maxCapacity: {
    severity: 'error',
    properties: 'capacityLimits[].maxCapacity',
    summary: 'A quota share\'s maxCapacity is an integer of at least 1.',
    sources: [cfnSchema('AWS::Batch::QuotaShare QuotaShareCapacityLimit.MaxCapacity', 'type: integer, minimum: 1.')],
  },
  instanceTypeUnit: {
    severity: 'error',
    properties: 'capacityLimits[].capacityUnit',
    summary: 'A quota share counts SageMaker instance types, not NUM_INSTANCES.',
    sources: [batchUserGuide('Quota shares', 'Each capacity limit is an instance limit of a supported SageMaker Training instance type.'),
      batchApi('QuotaShareCapacityLimit capacityUnit', 'The unit of compute capacity, for example ml.m5.large.')],
  },
  capacityUnit: {
    severity: 'warning',
    properties: 'capacityLimits[].capacityUnit',
    summary: 'A quota share\'s capacity unit is a SageMaker instance type (ml.FAMILY.SIZE).',
    sources: [batchUserGuide('Quota shares', 'Each capacity limit is an instance limit of a supported SageMaker Training instance type.')],
  },
  repeatedCapacityUnit: {
    severity: 'warning',
    properties: 'capacityLimits[].capacityUnit',
    summary: 'Each instance type has one limit in a quota share.',
    sources: [batchApi('QuotaShareCapacityLimit maxCapacity', 'The limit is the most of the resource its capacityUnit names that the '
      + 'share\'s jobs use without borrowing: two limits of one unit contradict each other.')],
  },
  borrowLimit: {
    severity: 'error',
    properties: 'resourceSharingConfiguration.borrowLimit',
    summary: 'A borrow limit is an integer of at least -1 (-1: unlimited).',
    sources: [cfnSchema('AWS::Batch::QuotaShare QuotaShareResourceSharingConfiguration.BorrowLimit', 'type: integer, minimum: -1.'),
      batchApi('QuotaShareResourceSharingConfiguration borrowLimit', 'A percentage of the share\'s capacity limits; -1, the default, '
        + 'means unlimited borrowing.')],
  },
  borrowLimitStrategy: {
    severity: 'warning',
    properties: 'resourceSharingConfiguration.borrowLimit',
    summary: 'A borrow limit applies only to the LEND_AND_BORROW strategy.',
    sources: [batchApi('QuotaShareResourceSharingConfiguration borrowLimit', 'borrowLimit can only be applied to quota shares with a '
      + 'strategy of LEND_AND_BORROW.')],
  },
  sharesPerQueue: {
    severity: 'error',
    properties: 'jobQueue',
    summary: `A job queue has at most ${MAX_QUOTA_SHARES_PER_QUEUE} quota shares.`,
    sources: [batchUserGuide('Quota shares', 'A maximum of 20 quota shares can be attached to any job queue.'),
      batchUserGuide('AWS Batch service quotas', 'Quota shares per job queue: 20.')],
  },
  queuePolicy: {
    severity: 'error',
    properties: 'jobQueue',
    summary: 'A quota share belongs to a SageMaker training queue with a quota-share scheduling policy.',
    sources: [batchUserGuide('Creating quota shares: prerequisites', 'Quota shares need a quota-management scheduling policy, service '
      + 'environment and job queue.'),
    batchUserGuide('Quota management', 'Quota management is only supported for job queues connected to a SAGEMAKER_TRAINING service environment.')],
  },
  unitNotInServiceEnvironment: {
    severity: 'warning',
    properties: 'capacityLimits[].capacityUnit',
    summary: 'A quota share\'s instance types are among its queue\'s service environment limits.',
    sources: [batchApi('CapacityLimit maxCapacity', 'In a quota-management service environment only the listed instance types count, '
      + 'and jobs that need another type wait until a matching capacity limit is configured.')],
  },
});

/** Every problem of a quota share's props. */
export function quotaShareProblems(props: QuotaShareProps): Problem[] {
  const sharing = props.resourceSharingConfiguration;
  return [
    checkResourceName('quotaShareName', props.quotaShareName),
    checkTyped('jobQueue', props.jobQueue, 'an IJobQueue', (value) => 'jobQueueArn' in value,
      'Import an existing queue with JobQueue.fromJobQueueArn(scope, id, arn)'),
    ...capacityLimitProblems(props.capacityLimits),
    checkRange(RULES.borrowLimit, 'resourceSharingConfiguration.borrowLimit', sharing?.borrowLimit, BORROW_LIMIT),
    sharing?.borrowLimit !== undefined && sharing.strategy !== ResourceSharingStrategy.LEND_AND_BORROW
      ? problem(RULES.borrowLimitStrategy, 'resourceSharingConfiguration.borrowLimit', sharing.borrowLimit,
        `applies only to the LEND_AND_BORROW strategy (strategy is ${sharing.strategy})`,
        'Remove borrowLimit, or use LEND_AND_BORROW to let the share borrow')
      : undefined,
    ...checkTags('tags', props.tags),
  ];
}

function capacityLimitProblems(limits: readonly QuotaShareCapacityLimit[]): Problem[] {
  return [
    checkCount(RULES.capacityLimitCount, 'capacityLimits', limits, {
      ...QUOTA_SHARE_CAPACITY_LIMITS,
      hint: limits.length === 0 ? 'Give the share at least one instance type and its maximum instances' : 'Batch supports at most 5 per share',
    }),
    ...limits.flatMap((limit, index) => {
      const property = `capacityLimits[${index}]`;
      const unit = limit.capacityUnit.value;
      return [
        checkRange(RULES.maxCapacity, `${property}.maxCapacity`, limit.maxCapacity, { min: 1, integer: true }),
        isKnown(unit) && unit === NUM_INSTANCES
          ? problem(RULES.instanceTypeUnit, `${property}.capacityUnit`, unit, 'must be a SageMaker instance type, not NUM_INSTANCES',
            'Use CapacityUnit.instanceType(\'ml.m5.large\') with one of the service environment\'s instance types')
          : undefined,
        isKnown(unit) && unit !== NUM_INSTANCES && !SAGEMAKER_INSTANCE_TYPE_PATTERN.test(unit)
          ? problem(RULES.capacityUnit, `${property}.capacityUnit`, unit, 'should be a SageMaker instance type such as "ml.m5.large"',
            'Acknowledge this warning for a unit added after this release')
          : undefined,
      ];
    }),
    repeatedUnits(limits),
  ];
}

function repeatedUnits(limits: readonly QuotaShareCapacityLimit[]): Problem {
  const repeated = duplicates(limits.map((limit) => limit.capacityUnit.value));
  if (repeated.length === 0) return undefined;
  return problem(RULES.repeatedCapacityUnit, 'capacityLimits', repeated, 'should have one limit per instance type',
    `Merge the limits of ${oneOf(repeated)} into one`);
}

/** What a quota share's synth-time rules know of its queue. */
export interface QueueFacts {
  /** The queue as messages name it (its construct path). */
  readonly label: string;
  /** How many quota shares of the app name the queue, and where this one comes among them (0-based). */
  readonly shares: { readonly count: number; readonly index: number };
  /** Whether the queue has a quota-share scheduling policy; undefined when unknown (an imported queue or policy). */
  readonly quotaSharePolicy?: boolean;
  /** The instance types its service environment limits; undefined when unknown. */
  readonly serviceEnvironmentUnits?: readonly string[];
}

/** The problems of a quota share against its queue, checked at synth (the queue and its shares can change until then). */
export function queueFitProblems(limits: readonly QuotaShareCapacityLimit[], queue: QueueFacts): Problem[] {
  const units = queue.serviceEnvironmentUnits;
  return [
    // Reported by the shares beyond the limit, so the message points at the ones to move.
    queue.shares.index >= MAX_QUOTA_SHARES_PER_QUEUE
      ? countProblem(RULES.sharesPerQueue, `jobQueue (${queue.label})`, queue.shares.count, `must have at most ${MAX_QUOTA_SHARES_PER_QUEUE} quota shares`,
        'Batch attaches no more to one job queue: merge shares or use another queue')
      : undefined,
    queue.quotaSharePolicy === false
      ? problem(RULES.queuePolicy, 'jobQueue', queue.label, 'must have a quota-share scheduling policy',
        'Give the queue a SchedulingPolicy with quotaSharePolicy and a SageMaker training service environment')
      : undefined,
    ...(units === undefined ? [] : limits.map((limit, index) => {
      const unit = limit.capacityUnit.value;
      return isKnown(unit) && !units.includes(unit)
        ? problem(RULES.unitNotInServiceEnvironment, `capacityLimits[${index}].capacityUnit`, unit,
          `should be one of the service environment's instance types (${units.length === 0 ? 'none' : oneOf(units)})`,
          'Jobs that need it wait until the service environment has a limit for it')
        : undefined;
    })),
  ];
}
