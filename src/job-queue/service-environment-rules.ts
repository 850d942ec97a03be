import { RULES } from './job-queue-rules';
import { JobStateTimeLimitAction, JobStateTimeLimitActionType, JobStateTimeLimitReason, OrderedComputeEnvironment, OrderedServiceEnvironment } from './job-queue-types';
import { checkRange, oneOf } from '../private/validation/checks';
import { MAX_SERVICE_ENVIRONMENTS_PER_QUEUE, NUM_INSTANCES, SAGEMAKER_INSTANCE_TYPE_PATTERN } from '../private/validation/limits';
import { countProblem, isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, defineRules } from '../private/validation/rule';
import type { ISchedulingPolicy } from '../scheduling-policy';
import { SchedulingPolicyType } from '../scheduling-policy/scheduling-policy-types';

/**
 * The rules of a SageMaker training queue (one ordering a service environment), and of what
 * depends on the kind of queue: time-limit actions and reasons, and quota-share scheduling.
 * All checked at synth: environments can be added after construction. Pure: facts in, problems out.
 */
export const SERVICE_QUEUE_RULES = defineRules('JobQueue', {
  environmentKinds: {
    severity: 'error',
    properties: 'serviceEnvironments with computeEnvironments',
    summary: 'A queue orders compute environments or service environments, not both.',
    sources: [batchApi('CreateJobQueue serviceEnvironmentOrder', 'A job queue can\'t have both a serviceEnvironmentOrder and a '
      + 'computeEnvironmentOrder.'),
    batchApi('JobQueueType', 'A queue is of one type: ECS, ECS_FARGATE, EKS or SAGEMAKER_TRAINING.')],
  },
  serviceEnvironmentCount: {
    severity: 'error',
    properties: 'serviceEnvironments, addServiceEnvironment',
    summary: `A queue has at most ${MAX_SERVICE_ENVIRONMENTS_PER_QUEUE} service environment.`,
    sources: [batchUserGuide('AWS Batch service quotas', 'Service environments per job queue: 1.')],
  },
  serviceEnvironmentOrder: {
    severity: 'error',
    properties: 'serviceEnvironments[].order, addServiceEnvironment(_, order)',
    summary: 'A service environment\'s order is an integer.',
    sources: [batchApi('ServiceEnvironmentOrder order', 'An integer, required.')],
  },
  timeLimitCancel: {
    severity: 'error',
    properties: 'jobStateTimeLimitActions[].action',
    summary: 'A queue of service environments takes only the TERMINATE action.',
    sources: [batchApi('JobStateTimeLimitAction action', 'For job queues connected to a SAGEMAKER_TRAINING service environment, '
      + 'the only supported value is TERMINATE.'),
    batchUserGuide('Automatic remediation with jobStateTimeLimitActions (SageMaker)', 'Blocked SageMaker jobs are terminated.')],
  },
  timeLimitReasonForQueue: {
    severity: 'warning',
    properties: 'jobStateTimeLimitActions[].reason',
    summary: 'A time-limit reason is one Batch reports for the kind of queue: the compute-environment reasons on container queues, '
      + 'the service-environment and quota reasons on SageMaker queues.',
    sources: [batchUserGuide('Automatic remediation with jobStateTimeLimitActions (SageMaker)', 'SageMaker queues report '
      + 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY, MISCONFIGURATION:SERVICE_ENVIRONMENT_MAX_RESOURCE and '
      + 'MISCONFIGURATION:QUOTA_MANAGEMENT_LIMIT_EXCEEDED; an action on another reason never fires.'),
    batchUserGuide('Jobs stuck in RUNNABLE status', 'Container queues report the compute environment and job resource reasons.')],
  },
  timeLimitQuotaReason: {
    severity: 'warning',
    properties: 'jobStateTimeLimitActions[].reason',
    summary: 'QUOTA_MANAGEMENT_LIMIT_EXCEEDED is reported only by queues with a quota-share scheduling policy.',
    sources: [batchUserGuide('Jobs stuck in RUNNABLE due to misconfiguration (SageMaker)', 'A job exceeding its quota share\'s limits '
      + 'is stuck with MISCONFIGURATION:QUOTA_MANAGEMENT_LIMIT_EXCEEDED; without quota shares there is none.')],
  },
  quotaPolicyQueue: {
    severity: 'error',
    properties: 'schedulingPolicy (quota-share)',
    summary: 'A quota-share scheduling policy is for a queue of a SageMaker training service environment.',
    sources: [batchUserGuide('Quota management', 'Quota management is only supported for job queues connected to a SAGEMAKER_TRAINING '
      + 'service environment.'),
    batchUserGuide('Create quota management resources', 'The queue is of type SAGEMAKER_TRAINING with exactly one service environment.')],
  },
  quotaPolicyUnits: {
    severity: 'error',
    properties: 'schedulingPolicy (quota-share), serviceEnvironments',
    summary: 'A quota-management queue\'s service environment counts instance types, not NUM_INSTANCES.',
    sources: [batchApi('CapacityLimit capacityUnit', 'In a quota management enabled service environment, specify the instance type.'),
      batchUserGuide('Create quota management resources', 'The service environment\'s capacity limits are instance types.')],
  },
  instanceTypeUnitsNeedQuotaPolicy: {
    severity: 'warning',
    properties: 'serviceEnvironments, schedulingPolicy',
    summary: 'A service environment that counts instance types is for a queue with a quota-share policy; other queues count NUM_INSTANCES.',
    sources: [batchApi('CapacityLimit capacityUnit', 'Specify the instance type in a quota management enabled service environment; '
      + 'otherwise use NUM_INSTANCES.'),
    batchUserGuide('Jobs stuck in RUNNABLE due to misconfiguration (SageMaker)', 'FIFO and fair-share queues pair with NUM_INSTANCES.')],
  },
  quotaServiceEnvironmentShared: {
    severity: 'error',
    properties: 'serviceEnvironments (with a quota-share policy)',
    summary: 'The service environment of a quota-management queue belongs to no other queue.',
    sources: [batchUserGuide('AWS Batch service quotas', 'Job queues for each quota-management-enabled service environment: 1.'),
      batchUserGuide('Create quota management resources', 'The service environment is not connected to any other job queue.')],
  },
});

/** What a queue's kind-dependent rules know at synth. */
export interface QueueKindFacts {
  readonly computeEnvironments: readonly OrderedComputeEnvironment[];
  readonly serviceEnvironments: readonly OrderedServiceEnvironment[];
  readonly schedulingPolicy?: ISchedulingPolicy;
  readonly jobStateTimeLimitActions?: readonly JobStateTimeLimitAction[];
  /** For each service environment (same index), the paths of the other queues of the app that list it. */
  readonly otherQueues: readonly (readonly string[])[];
}

const CONTAINER_REASONS: readonly JobStateTimeLimitReason[] = [JobStateTimeLimitReason.COMPUTE_ENVIRONMENT_MAX_RESOURCE,
  JobStateTimeLimitReason.JOB_RESOURCE_REQUIREMENT, JobStateTimeLimitReason.EC2_INSTANCE_CONFIGURATION_UNSUPPORTED];
const SERVICE_REASONS: readonly JobStateTimeLimitReason[] = [JobStateTimeLimitReason.SERVICE_ENVIRONMENT_MAX_RESOURCE,
  JobStateTimeLimitReason.QUOTA_MANAGEMENT_LIMIT_EXCEEDED];

/** Whether the queue is a SageMaker training queue: it orders service environments. */
export function isServiceQueue(facts: Pick<QueueKindFacts, 'serviceEnvironments'>): boolean {
  return facts.serviceEnvironments.length > 0;
}

/** The default time-limit action of the queue's kind. */
export function defaultTimeLimitAction(serviceQueue: boolean): JobStateTimeLimitActionType {
  return serviceQueue ? JobStateTimeLimitActionType.TERMINATE : JobStateTimeLimitActionType.CANCEL;
}

/** Every kind-dependent problem of a queue (run at synth). */
export function queueKindProblems(facts: QueueKindFacts): Problem[] {
  const service = isServiceQueue(facts);
  const policyType = policyTypeOf(facts.schedulingPolicy);
  return [
    service && facts.computeEnvironments.length > 0
      ? problem(SERVICE_QUEUE_RULES.environmentKinds, 'serviceEnvironments', facts.serviceEnvironments.map((e) => e.serviceEnvironment.node.path),
        `must not be combined with computeEnvironments (got ${facts.computeEnvironments.length})`,
        'Container jobs and SageMaker training jobs need separate queues')
      : undefined,
    facts.serviceEnvironments.length > MAX_SERVICE_ENVIRONMENTS_PER_QUEUE
      ? countProblem(SERVICE_QUEUE_RULES.serviceEnvironmentCount, 'serviceEnvironments', facts.serviceEnvironments.length,
        `must have at most ${MAX_SERVICE_ENVIRONMENTS_PER_QUEUE} entry`, 'Batch attaches one service environment to a job queue: use another queue')
      : undefined,
    ...facts.serviceEnvironments.map((entry) => checkRange(SERVICE_QUEUE_RULES.serviceEnvironmentOrder,
      `order of ${entry.serviceEnvironment.node.path}`, entry.order, { integer: true })),
    ...(facts.jobStateTimeLimitActions ?? []).flatMap((limit, index) => timeLimitProblems(limit, index, service, policyType)),
    ...quotaPolicyProblems(facts, service, policyType),
  ];
}

/** The policy's variant: FIFO (none), a known variant, or undefined when imported. */
function policyTypeOf(policy: ISchedulingPolicy | undefined): SchedulingPolicyType | 'FIFO' | undefined {
  return policy === undefined ? 'FIFO' : policy.schedulingPolicyType;
}

function timeLimitProblems(limit: JobStateTimeLimitAction, index: number, service: boolean,
  policyType: SchedulingPolicyType | 'FIFO' | undefined): Problem[] {
  const property = `jobStateTimeLimitActions[${index}]`;
  const reason = limit.reason.value;
  const listed = (reasons: readonly JobStateTimeLimitReason[]) => reasons.some((r) => r.value === reason);
  return [
    !service && limit.action === JobStateTimeLimitActionType.TERMINATE
      ? problem(RULES.timeLimitTerminate, `${property}.action`, limit.action, 'must be CANCEL on a queue of compute environments',
        'Batch accepts TERMINATE only on queues of SageMaker training service environments')
      : undefined,
    service && limit.action === JobStateTimeLimitActionType.CANCEL
      ? problem(SERVICE_QUEUE_RULES.timeLimitCancel, `${property}.action`, limit.action, 'must be TERMINATE on a queue of service environments',
        'Omit action: TERMINATE is the default on SageMaker training queues')
      : undefined,
    isKnown(reason) && (service ? listed(CONTAINER_REASONS) : listed(SERVICE_REASONS))
      ? problem(SERVICE_QUEUE_RULES.timeLimitReasonForQueue, `${property}.reason`, reason,
        `is not reported by a queue of ${service ? 'service' : 'compute'} environments`, 'The action would never fire')
      : undefined,
    service && reason === JobStateTimeLimitReason.QUOTA_MANAGEMENT_LIMIT_EXCEEDED.value
      && policyType !== undefined && policyType !== SchedulingPolicyType.QUOTA_SHARE
      ? problem(SERVICE_QUEUE_RULES.timeLimitQuotaReason, `${property}.reason`, reason,
        'is reported only by queues with a quota-share scheduling policy', 'The action would never fire')
      : undefined,
  ];
}

function quotaPolicyProblems(facts: QueueKindFacts, service: boolean, policyType: SchedulingPolicyType | 'FIFO' | undefined): Problem[] {
  const units = facts.serviceEnvironments.flatMap((entry) =>
    (entry.serviceEnvironment.capacityLimits ?? []).map((limit) => limit.capacityUnit?.value ?? NUM_INSTANCES)).filter((u) => isKnown(u));
  const instanceTypes = units.filter((unit) => SAGEMAKER_INSTANCE_TYPE_PATTERN.test(unit));
  if (policyType === SchedulingPolicyType.QUOTA_SHARE) {
    const shared = facts.otherQueues.flat();
    return [
      !service
        ? problem(SERVICE_QUEUE_RULES.quotaPolicyQueue, 'schedulingPolicy', facts.schedulingPolicy!.node.path,
          'must be a fair-share policy on a queue of compute environments (this one is quota-share)',
          'Quota shares divide SageMaker training capacity: give the queue serviceEnvironments, or use a fair-share policy')
        : undefined,
      units.includes(NUM_INSTANCES)
        ? problem(SERVICE_QUEUE_RULES.quotaPolicyUnits, 'serviceEnvironments', units,
          'must count instance types (e.g. CapacityUnit.instanceType(\'ml.m5.large\')) with a quota-share policy, not NUM_INSTANCES',
          'Quota shares are limits per instance type')
        : undefined,
      shared.length > 0
        ? problem(SERVICE_QUEUE_RULES.quotaServiceEnvironmentShared, 'serviceEnvironments', facts.serviceEnvironments[0].serviceEnvironment.node.path,
          `must belong to this queue only (also listed by ${oneOf(shared)})`,
          'A quota-management service environment serves one job queue: give the other queue its own')
        : undefined,
    ];
  }
  return [
    service && policyType !== undefined && instanceTypes.length > 0
      ? problem(SERVICE_QUEUE_RULES.instanceTypeUnitsNeedQuotaPolicy, 'serviceEnvironments', instanceTypes,
        `should count NUM_INSTANCES on a queue without a quota-share policy (this queue is ${policyType === 'FIFO' ? 'first in, first out' : 'fair-share'})`,
        'Count NUM_INSTANCES, or give the queue a SchedulingPolicy with quotaSharePolicy')
      : undefined,
  ];
}
