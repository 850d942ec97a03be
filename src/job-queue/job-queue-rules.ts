import type { IComputeEnvironment } from '../compute-environment';
import {
  JobQueueProps, JobStateTimeLimitAction, JobStatus, OnJobStateChangeOptions, OrderedComputeEnvironment,
} from './job-queue-types';
import { isEc2, typeName } from '../compute-environment/compute-resource-type';
import { ContainerOrchestrationType } from '../compute-environment/eks-configuration-types';
import { checkResourceName } from '../private/validation/batch-rules';
import { checkCount, checkDuration, checkRange, checkWholeSeconds } from '../private/validation/checks';
import { JOB_QUEUE_PRIORITY, JOB_STATE_TIME_LIMIT, MAX_ENVIRONMENTS_PER_QUEUE } from '../private/validation/limits';
import { countProblem, isKnown, problem, Problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnSchema, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a job queue: its name, priority and time-limit actions (checked when it is
 * built), its compute environments (checked at synth, since more can be added), and the
 * statuses of its event rules.
 */
export const RULES = defineRules('JobQueue', {
  priorityRange: {
    severity: 'error',
    properties: 'priority',
    summary: `The priority is an integer from ${JOB_QUEUE_PRIORITY.min} to ${JOB_QUEUE_PRIORITY.max}.`,
    sources: [cfnSchema('AWS::Batch::JobQueue Priority', 'An integer with minimum 0 and maximum 1000.'),
      batchApi('CreateJobQueue priority', 'Queues with a higher priority are evaluated first for a shared compute environment.')],
  },
  timeLimitWholeSeconds: {
    severity: 'error',
    properties: 'jobStateTimeLimitActions[].maxTime',
    summary: 'A time limit is a whole number of seconds.',
    sources: [batchApi('JobStateTimeLimitAction maxTimeSeconds', 'The time limit is an integer number of seconds.'),
      cfnSchema('AWS::Batch::JobQueue JobStateTimeLimitAction MaxTimeSeconds', 'An integer.')],
  },
  timeLimitRange: {
    severity: 'error',
    properties: 'jobStateTimeLimitActions[].maxTime',
    summary: 'A time limit is between 10 minutes and 24 hours.',
    sources: [batchApi('JobStateTimeLimitAction maxTimeSeconds', 'The smallest value is 600 seconds, the largest 86,400.'),
      cfnSchema('AWS::Batch::JobQueue JobStateTimeLimitAction MaxTimeSeconds', 'Minimum 600, maximum 86400.')],
  },
  timeLimitTerminate: {
    severity: 'error',
    properties: 'jobStateTimeLimitActions[].action',
    summary: 'A queue of compute environments takes only the CANCEL action.',
    sources: [batchApi('JobStateTimeLimitAction action', 'Queues of ECS, Fargate or EKS compute environments support only CANCEL; '
      + 'TERMINATE is for queues of SageMaker training service environments.'),
    batchUserGuide('Automatic remediation with jobStateTimeLimitActions', 'On queues of ECS, EKS or Fargate compute environments '
      + 'the only action is to cancel the job.')],
  },
  environmentCount: {
    severity: 'error',
    properties: 'computeEnvironments, addComputeEnvironment',
    summary: `A queue has 1 to ${MAX_ENVIRONMENTS_PER_QUEUE} compute environments.`,
    sources: [batchApi('CreateJobQueue computeEnvironmentOrder', 'Up to three compute environments can be associated with a job queue.'),
      cfnSchema('AWS::Batch::JobQueue', 'A queue needs ComputeEnvironmentOrder (or ServiceEnvironmentOrder): without an environment '
        + 'it has nowhere to place jobs.')],
  },
  environmentOrder: {
    severity: 'error',
    properties: 'computeEnvironments[].order, addComputeEnvironment(_, order)',
    summary: 'An order is an integer (0 and negative orders included).',
    sources: [batchApi('ComputeEnvironmentOrder order', 'The order is an integer; environments are tried in ascending order. No '
      + 'minimum is given.'),
    cfnSchema('AWS::Batch::JobQueue ComputeEnvironmentOrder Order', 'An integer, with no minimum (Terraform sends 0 for the first '
      + 'environment, so queues it made have order 0).')],
  },
  environmentOrderUnique: {
    severity: 'warning',
    properties: 'computeEnvironments[].order, addComputeEnvironment(_, order)',
    summary: 'Two compute environments of a queue with the same order: which one Batch tries first is not documented.',
    sources: [batchApi('ComputeEnvironmentOrder order', 'Environments are tried in ascending order: the one with the lower order is '
      + 'tried first. Equal orders are neither rejected nor given a meaning.'),
    cfnSchema('AWS::Batch::JobQueue ComputeEnvironmentOrder', 'The list does not require unique items.')],
  },
  environmentUnique: {
    severity: 'warning',
    properties: 'computeEnvironments, addComputeEnvironment',
    summary: 'A compute environment listed twice in one queue: what Batch does with the repeat is not documented.',
    sources: [batchApi('CreateJobQueue computeEnvironmentOrder', 'The list maps compute environments to the queue and orders them '
      + 'relative to each other; a repeat is neither rejected nor given a meaning.'),
    cfnSchema('AWS::Batch::JobQueue ComputeEnvironmentOrder', 'The list does not require unique items.')],
  },
  noEc2FargateMix: {
    severity: 'error',
    properties: 'computeEnvironments, addComputeEnvironment',
    summary: 'The compute environments of a queue are all EC2 (ON_DEMAND, SPOT) or all Fargate (FARGATE, FARGATE_SPOT).',
    sources: [batchApi('CreateJobQueue computeEnvironmentOrder, ComputeEnvironmentOrder', 'EC2 and Fargate compute environments '
      + 'can\'t be mixed in one job queue.')],
  },
  noEksEcsMix: {
    severity: 'error',
    properties: 'computeEnvironments, addComputeEnvironment',
    summary: 'The compute environments of a queue all run on Amazon EKS or all on Amazon ECS.',
    sources: [batchApi('JobQueueDetail jobQueueType', 'A queue of container jobs has one type, EKS, ECS or ECS_FARGATE, after its '
      + 'compute environments: EKS and ECS environments do not share a queue.'),
    batchUserGuide('Creating a job queue on Amazon EKS resources', 'A queue is created for one orchestration type (Amazon EKS), and '
      + 'the compute environments offered to attach are those of that type.')],
  },
  eventStatusesNotEmpty: {
    severity: 'error',
    properties: 'onJobStateChange statuses',
    summary: 'An event rule filters on at least one status.',
    sources: [source(SourceDocument.EVENTBRIDGE_USER_GUIDE, 'Arrays in event patterns', 'Each field of an event pattern is an array '
      + 'of one or more values; PutRule rejects an empty array ("Empty arrays are not allowed", reported in aws/aws-cdk#36904).')],
  },
  eventNoSubmitted: {
    severity: 'warning',
    properties: 'onJobStateChange statuses',
    summary: 'SUBMITTED in an event rule\'s statuses never matches: Batch sends no event for it (the pattern is valid).',
    sources: [batchUserGuide('Job state change events', 'An event is sent whenever an existing job changes state; no event is sent '
      + 'for the initial submission.')],
  },
});

/** The EC2 compute resource types (the rest are Fargate): a queue takes one kind only. */

/** Every problem of a queue's props known when it is built: name, priority, time limits (their action and reason: at synth). */
export function jobQueueProblems(props: JobQueueProps): Problem[] {
  return [
    checkResourceName('jobQueueName', props.jobQueueName),
    checkRange(RULES.priorityRange, 'priority', props.priority, { ...JOB_QUEUE_PRIORITY, hint: 'Queues with a higher priority are scheduled first' }),
    ...(props.jobStateTimeLimitActions ?? []).flatMap(timeLimitActionProblems),
  ];
}

/** Every problem of one time-limit action. */
function timeLimitActionProblems(limit: JobStateTimeLimitAction, index: number): Problem[] {
  const property = `jobStateTimeLimitActions[${index}]`;
  return [
    // A fraction of a second cannot be range-checked (or rendered) in seconds.
    checkWholeSeconds(RULES.timeLimitWholeSeconds, `${property}.maxTime`, limit.maxTime)
      ?? checkDuration(RULES.timeLimitRange, `${property}.maxTime`, limit.maxTime, {
        ...JOB_STATE_TIME_LIMIT,
        hint: 'Batch acts on blocked jobs after 10 minutes at the earliest and 24 hours at the latest',
      }),
    // The action depends on the kind of queue, known at synth: see service-environment-rules.ts.
  ];
}

/**
 * Every problem of a queue's final list of compute environments (run at synth): how many,
 * their orders, repeated environments, EC2 mixed with Fargate and EKS with ECS.
 */
export function jobQueueEnvironmentProblems(entries: readonly OrderedComputeEnvironment[]): Problem[] {
  return [
    checkCount(RULES.environmentCount, 'computeEnvironments', entries, {
      min: 1,
      max: MAX_ENVIRONMENTS_PER_QUEUE,
      hint: entries.length === 0
        ? 'Add a compute environment with addComputeEnvironment(computeEnvironment, order) or the computeEnvironments property'
        : `Batch associates at most ${MAX_ENVIRONMENTS_PER_QUEUE} compute environments with a job queue: use another queue for the others`,
    }),
    ...entries.map((entry) => checkRange(RULES.environmentOrder, `order of ${entry.computeEnvironment.node.path}`, entry.order, {
      integer: true,
      hint: 'Batch tries compute environments in ascending order of this integer',
    })),
    ...repeatedOrders(entries),
    ...repeatedEnvironments(entries),
    mixedPlatforms(entries),
    mixedOrchestration(entries),
  ];
}

/** One problem per order that more than one environment has. */
function repeatedOrders(entries: readonly OrderedComputeEnvironment[]): Problem[] {
  const orders = [...new Set(entries.map((entry) => entry.order).filter((order) => isKnown(order)))];
  return orders.flatMap((order) => {
    const holders = entries.filter((entry) => entry.order === order).map((entry) => entry.computeEnvironment.node.path);
    return holders.length < 2 ? [] : [problem(RULES.environmentOrderUnique, `order of ${joined(holders)}`, order,
      'should be unique within the queue', 'Batch does not document which of two environments with the same order it tries first: '
      + 'give each compute environment its own order')];
  });
}

/** One problem per compute environment listed more than once. */
function repeatedEnvironments(entries: readonly OrderedComputeEnvironment[]): Problem[] {
  // The same environment: the same ARN when it is known, else the same construct (an
  // environment created here has a token ARN).
  const identity = (environment: IComputeEnvironment): unknown =>
    (isKnown(environment.computeEnvironmentArn) ? environment.computeEnvironmentArn : environment);
  const seen = new Map<unknown, { environment: IComputeEnvironment; count: number }>();
  for (const { computeEnvironment } of entries) {
    const key = identity(computeEnvironment);
    seen.set(key, { environment: computeEnvironment, count: (seen.get(key)?.count ?? 0) + 1 });
  }
  return [...seen.values()].filter(({ count }) => count > 1).map(({ environment, count }) =>
    countProblem(RULES.environmentUnique, `computeEnvironments entries of ${label(environment)}`, count, 'should be at most 1',
      'Batch does not document what a repeated compute environment does: list each compute environment once'));
}

/** EC2 and Fargate environments in one queue, among those whose type is known. */
function mixedPlatforms(entries: readonly OrderedComputeEnvironment[]): Problem {
  const typed = entries.filter((entry) => isKnown(entry.computeEnvironment.computeResourceType));
  const ec2 = typed.filter((entry) => isEc2(entry.computeEnvironment.computeResourceType!));
  if (ec2.length === 0 || ec2.length === typed.length) return undefined;
  const kinds = typed.map((entry) => `${entry.computeEnvironment.node.path}: ${typeName(entry.computeEnvironment.computeResourceType!)}`);
  return problem(RULES.noEc2FargateMix, 'computeEnvironments', kinds,
    'must be all EC2 (ON_DEMAND, SPOT) or all Fargate (FARGATE, FARGATE_SPOT)', 'Put the Fargate environments in a separate job queue');
}

/** EKS and ECS environments in one queue, among those whose orchestration is known. */
function mixedOrchestration(entries: readonly OrderedComputeEnvironment[]): Problem {
  const known = entries.filter((entry) => entry.computeEnvironment.containerOrchestrationType !== undefined);
  const eks = known.filter((entry) => entry.computeEnvironment.containerOrchestrationType === ContainerOrchestrationType.EKS);
  if (eks.length === 0 || eks.length === known.length) return undefined;
  const kinds = known.map((entry) => `${entry.computeEnvironment.node.path}: ${entry.computeEnvironment.containerOrchestrationType}`);
  return problem(RULES.noEksEcsMix, 'computeEnvironments', kinds, 'must all run on Amazon EKS or all on Amazon ECS',
    'Put the EKS environments in a job queue of their own');
}

/** Every problem of the options of `onJobStateChange`. */
export function jobStateChangeProblems(options: OnJobStateChangeOptions): Problem[] {
  return [
    checkCount(RULES.eventStatusesNotEmpty, 'statuses', options.statuses, {
      min: 1,
      hint: 'An empty list matches no event: omit statuses to match every status',
    }),
    options.statuses?.includes(JobStatus.SUBMITTED)
      ? problem(RULES.eventNoSubmitted, 'statuses', options.statuses, 'should not include SUBMITTED',
        'Batch sends no event for the initial submission, so SUBMITTED never matches; the first event of a job is PENDING or RUNNABLE')
      : undefined,
  ];
}

/** An environment in a message: its ARN when known (an imported one), else its construct path. */
function label(environment: IComputeEnvironment): string {
  return isKnown(environment.computeEnvironmentArn) ? environment.computeEnvironmentArn : environment.node.path;
}

/** `a`, `a and b`, `a, b and c`. */
function joined(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
