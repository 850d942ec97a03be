/**
 * The kind-dependent rules of a job queue as tables (SageMaker training queues, time-limit
 * actions and reasons, quota-share scheduling), on facts built without synthesizing a stack.
 */
import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { importedEnvironment } from './environments';
import {
  CapacityUnit, JobStateTimeLimitActionType, JobStateTimeLimitReason, SchedulingPolicy, ServiceEnvironment,
} from '../../src';
import { defaultTimeLimitAction, QueueKindFacts, queueKindProblems } from '../../src/job-queue/service-environment-rules';
import { testArn } from '../fixtures';
import { found, FoundRule } from '../rule-findings';
import { TEST_ENV } from '../synth';

type Facts = (stack: Stack) => Partial<QueueKindFacts>;

const G5 = CapacityUnit.instanceType('ml.g5.xlarge');
const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });

/** A service environment `SE` of the stack counting NUM_INSTANCES, or instance types. */
function environment(stack: Stack, instanceTypes = false, id = 'SE'): ServiceEnvironment {
  return (stack.node.tryFindChild(id) as ServiceEnvironment | undefined) ?? new ServiceEnvironment(stack, id, {
    capacityLimits: instanceTypes ? [{ maxCapacity: 4, capacityUnit: G5 }] : [{ maxCapacity: 4 }],
  });
}
const sm = (instanceTypes = false) => (stack: Stack) => [{ serviceEnvironment: environment(stack, instanceTypes), order: 1 }];
const quotaPolicy = (stack: Stack) => new SchedulingPolicy(stack, 'Quota', { quotaSharePolicy: {} });
const fairPolicy = (stack: Stack) => new SchedulingPolicy(stack, 'Fair', {});
const action = (reason: JobStateTimeLimitReason, type?: JobStateTimeLimitActionType) => [{ reason, maxTime: Duration.hours(1), action: type }];

function problemsOf(facts: Facts): FoundRule[] {
  const stack = new Stack(new App(), 'Stack', { env: TEST_ENV });
  const given = facts(stack);
  return found(queueKindProblems({
    computeEnvironments: [],
    serviceEnvironments: [],
    otherQueues: (given.serviceEnvironments ?? []).map(() => []),
    ...given,
  }));
}
const table = (rows: Array<[string, Facts, FoundRule[]]>) =>
  test.each(rows)('%s', (_title, facts, expected) => expect(problemsOf(facts)).toEqual(expected));

describe('service environments', () => {
  table([
    ['a SageMaker queue', (s) => ({ serviceEnvironments: sm()(s) }), []],
    ['a queue of compute environments', (s) => ({ computeEnvironments: [{ computeEnvironment: importedEnvironment(s, 'CE'), order: 1 }] }), []],
    ['both kinds', (s) => ({ serviceEnvironments: sm()(s), computeEnvironments: [{ computeEnvironment: importedEnvironment(s, 'CE'), order: 1 }] }),
      [error('environmentKinds', 'serviceEnvironments must not be combined with computeEnvironments (got 1), got ["Stack/SE"]. '
        + 'Container jobs and SageMaker training jobs need separate queues')]],
    ['two service environments', (s) => ({
      serviceEnvironments: [{ serviceEnvironment: environment(s), order: 1 }, { serviceEnvironment: environment(s, false, 'SE2'), order: 2 }],
    }), [error('serviceEnvironmentCount',
      'serviceEnvironments must have at most 1 entry, got 2. Batch attaches one service environment to a job queue: use another queue')]],
    ['order 1.5', (s) => ({ serviceEnvironments: [{ serviceEnvironment: environment(s), order: 1.5 }] }),
      [error('serviceEnvironmentOrder', 'order of Stack/SE must be an integer, got 1.5')]],
    ['order 0', (s) => ({ serviceEnvironments: [{ serviceEnvironment: environment(s), order: 0 }] }), []],
    ['a token order', (s) => ({ serviceEnvironments: [{ serviceEnvironment: environment(s), order: new CfnParameter(s, 'O', { type: 'Number' }).valueAsNumber }] }), []],
  ]);
});

describe('time-limit actions by kind of queue', () => {
  const capacity = JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY;
  const ce = (s: Stack) => [{ computeEnvironment: importedEnvironment(s, 'CE'), order: 1 }];
  table([
    ['TERMINATE on compute environments', (s) => ({ computeEnvironments: ce(s), jobStateTimeLimitActions: action(capacity, JobStateTimeLimitActionType.TERMINATE) }),
      [error('timeLimitTerminate', 'jobStateTimeLimitActions[0].action must be CANCEL on a queue of compute environments, got "TERMINATE". '
        + 'Batch accepts TERMINATE only on queues of SageMaker training service environments')]],
    ['CANCEL on compute environments', (s) => ({ computeEnvironments: ce(s), jobStateTimeLimitActions: action(capacity, JobStateTimeLimitActionType.CANCEL) }), []],
    ['TERMINATE on a service environment', (s) => ({ serviceEnvironments: sm()(s), jobStateTimeLimitActions: action(capacity, JobStateTimeLimitActionType.TERMINATE) }), []],
    ['the default action on a service environment', (s) => ({ serviceEnvironments: sm()(s), jobStateTimeLimitActions: action(capacity) }), []],
    ['CANCEL on a service environment', (s) => ({ serviceEnvironments: sm()(s), jobStateTimeLimitActions: action(capacity, JobStateTimeLimitActionType.CANCEL) }),
      [error('timeLimitCancel', 'jobStateTimeLimitActions[0].action must be TERMINATE on a queue of service environments, got "CANCEL". '
        + 'Omit action: TERMINATE is the default on SageMaker training queues')]],
    ['a container reason on a service environment', (s) => ({
      serviceEnvironments: sm()(s), jobStateTimeLimitActions: action(JobStateTimeLimitReason.JOB_RESOURCE_REQUIREMENT),
    }), [warning('timeLimitReasonForQueue', 'jobStateTimeLimitActions[0].reason is not reported by a queue of service environments, '
      + 'got "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT". The action would never fire')]],
    ['a SageMaker reason on compute environments', (s) => ({
      computeEnvironments: ce(s), jobStateTimeLimitActions: action(JobStateTimeLimitReason.SERVICE_ENVIRONMENT_MAX_RESOURCE),
    }), [warning('timeLimitReasonForQueue', 'jobStateTimeLimitActions[0].reason is not reported by a queue of compute environments, '
      + 'got "MISCONFIGURATION:SERVICE_ENVIRONMENT_MAX_RESOURCE". The action would never fire')]],
    ['SERVICE_ENVIRONMENT_MAX_RESOURCE on a service environment', (s) => ({
      serviceEnvironments: sm()(s), jobStateTimeLimitActions: action(JobStateTimeLimitReason.SERVICE_ENVIRONMENT_MAX_RESOURCE),
    }), []],
    ['the quota reason without a quota-share policy', (s) => ({
      serviceEnvironments: sm()(s), jobStateTimeLimitActions: action(JobStateTimeLimitReason.QUOTA_MANAGEMENT_LIMIT_EXCEEDED),
    }), [warning('timeLimitQuotaReason', 'jobStateTimeLimitActions[0].reason is reported only by queues with a quota-share scheduling policy, '
      + 'got "MISCONFIGURATION:QUOTA_MANAGEMENT_LIMIT_EXCEEDED". The action would never fire')]],
    ['the quota reason with a quota-share policy', (s) => ({
      serviceEnvironments: sm(true)(s),
      schedulingPolicy: quotaPolicy(s),
      jobStateTimeLimitActions: action(JobStateTimeLimitReason.QUOTA_MANAGEMENT_LIMIT_EXCEEDED),
    }), []],
    ['the quota reason with an imported policy', (s) => ({
      serviceEnvironments: sm()(s),
      schedulingPolicy: SchedulingPolicy.fromSchedulingPolicyArn(s, 'P', testArn('scheduling-policy', 'p')),
      jobStateTimeLimitActions: action(JobStateTimeLimitReason.QUOTA_MANAGEMENT_LIMIT_EXCEEDED),
    }), []],
    ['a custom reason', (s) => ({ serviceEnvironments: sm()(s), jobStateTimeLimitActions: action(JobStateTimeLimitReason.of('CAPACITY:NEW')) }), []],
  ]);

  test('the default action follows the kind of queue', () => {
    expect(defaultTimeLimitAction(true)).toBe(JobStateTimeLimitActionType.TERMINATE);
    expect(defaultTimeLimitAction(false)).toBe(JobStateTimeLimitActionType.CANCEL);
  });
});

describe('quota-share scheduling', () => {
  table([
    ['a quota-share policy on instance types', (s) => ({ serviceEnvironments: sm(true)(s), schedulingPolicy: quotaPolicy(s) }), []],
    ['a quota-share policy on compute environments', (s) => ({
      computeEnvironments: [{ computeEnvironment: importedEnvironment(s, 'CE'), order: 1 }], schedulingPolicy: quotaPolicy(s),
    }), [error('quotaPolicyQueue', 'schedulingPolicy must be a fair-share policy on a queue of compute environments (this one is quota-share), '
      + 'got "Stack/Quota". Quota shares divide SageMaker training capacity: give the queue serviceEnvironments, or use a fair-share policy')]],
    ['a quota-share policy on NUM_INSTANCES', (s) => ({ serviceEnvironments: sm()(s), schedulingPolicy: quotaPolicy(s) }),
      [error('quotaPolicyUnits', 'serviceEnvironments must count instance types (e.g. CapacityUnit.instanceType(\'ml.m5.large\')) with a '
        + 'quota-share policy, not NUM_INSTANCES, got ["NUM_INSTANCES"]. Quota shares are limits per instance type')]],
    ['a quota-share policy on an imported service environment', (s) => ({
      serviceEnvironments: [{ serviceEnvironment: ServiceEnvironment.fromServiceEnvironmentArn(s, 'I', testArn('service-environment', 'i')), order: 1 }],
      schedulingPolicy: quotaPolicy(s),
    }), []],
    ['a quota-management service environment of two queues', (s) => ({
      serviceEnvironments: sm(true)(s), schedulingPolicy: quotaPolicy(s), otherQueues: [['Stack/Other']],
    }), [error('quotaServiceEnvironmentShared', 'serviceEnvironments must belong to this queue only (also listed by "Stack/Other"), got "Stack/SE". '
      + 'A quota-management service environment serves one job queue: give the other queue its own')]],
    ['a NUM_INSTANCES service environment of two FIFO queues', (s) => ({ serviceEnvironments: sm()(s), otherQueues: [['Stack/Other']] }), []],
    ['instance types on a FIFO queue', (s) => ({ serviceEnvironments: sm(true)(s) }),
      [warning('instanceTypeUnitsNeedQuotaPolicy', 'serviceEnvironments should count NUM_INSTANCES on a queue without a quota-share policy '
        + '(this queue is first in, first out), got ["ml.g5.xlarge"]. Count NUM_INSTANCES, or give the queue a SchedulingPolicy with quotaSharePolicy')]],
    ['instance types on a fair-share queue', (s) => ({ serviceEnvironments: sm(true)(s), schedulingPolicy: fairPolicy(s) }),
      [warning('instanceTypeUnitsNeedQuotaPolicy', 'serviceEnvironments should count NUM_INSTANCES on a queue without a quota-share policy '
        + '(this queue is fair-share), got ["ml.g5.xlarge"]. Count NUM_INSTANCES, or give the queue a SchedulingPolicy with quotaSharePolicy')]],
    ['instance types with an imported policy', (s) => ({
      serviceEnvironments: sm(true)(s), schedulingPolicy: SchedulingPolicy.fromSchedulingPolicyArn(s, 'P', testArn('scheduling-policy', 'p')),
    }), []],
    ['NUM_INSTANCES on a fair-share queue', (s) => ({ serviceEnvironments: sm()(s), schedulingPolicy: fairPolicy(s) }), []],
  ]);
});
