import type { DeployTimeJobProps } from './deploy-time-job-types';
import { JobQueue } from '../job-queue';
import { NUM_INSTANCES, SAGEMAKER_INSTANCE_TYPE_PATTERN } from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, defineRules } from '../private/validation/rule';
import { QuotaShare } from '../quota-share';
import { SchedulingPolicyType } from '../scheduling-policy/scheduling-policy-types';

/**
 * The rules that judge a deploy-time job against a SageMaker training queue (or a SageMaker
 * training job against any queue): the kind of queue, the share the job names, and whether the
 * queue's service environment can ever run it. Only for a `JobQueue` of this app; at synth,
 * since environments and policies are known then.
 */
export const SERVICE_QUEUE_FIT_RULES = defineRules('DeployTimeJob', {
  trainingJobNeedsServiceQueue: {
    severity: 'error',
    properties: 'trainingJob with a jobQueue of compute environments',
    summary: 'A SageMaker training job is submitted to a SageMaker training queue (one with serviceEnvironments).',
    sources: [batchApi('SubmitServiceJob jobQueue', 'The job queue must have the type SAGEMAKER_TRAINING.')],
  },
  jobDefinitionOnServiceQueue: {
    severity: 'error',
    properties: 'jobDefinition with a SageMaker training jobQueue',
    summary: 'A container job is not submitted to a SageMaker training queue.',
    sources: [batchUserGuide('Service jobs', 'A SAGEMAKER_TRAINING queue runs service jobs, submitted with SubmitServiceJob; container '
      + 'jobs need a queue of compute environments.')],
  },
  quotaShareRequired: {
    severity: 'error',
    properties: 'quotaShare (with a quota-share scheduling policy)',
    summary: 'A training job submitted to a queue with a quota-share policy names its quota share.',
    sources: [batchApi('SubmitServiceJob quotaShareName', 'If the job queue has a quota share scheduling policy, it must be given.')],
  },
  quotaShareWithoutPolicy: {
    severity: 'error',
    properties: 'quotaShare (with a queue without a quota-share policy)',
    summary: 'A training job names a quota share only on a queue with a quota-share policy.',
    sources: [batchApi('SubmitServiceJob quotaShareName', 'Don\'t specify it if the job queue doesn\'t have a quota share scheduling policy.')],
  },
  quotaShareOfQueue: {
    severity: 'error',
    properties: 'quotaShare',
    summary: 'The quota share belongs to the job\'s queue.',
    sources: [batchUserGuide('Quota shares', 'A quota share is a virtual queue nested in one job queue (its ARN names the queue).')],
  },
  serviceShareIdentifier: {
    severity: 'error',
    properties: 'shareIdentifier (with trainingJob)',
    summary: 'A training job has a shareIdentifier exactly when its queue has a fair-share policy.',
    sources: [batchApi('SubmitServiceJob shareIdentifier', 'Must be given when the job queue has a fair-share scheduling policy; '
      + 'must not be given otherwise.')],
  },
  instanceTypeNotInServiceEnvironment: {
    severity: 'warning',
    properties: 'trainingJob.instanceType',
    summary: 'On a quota-management queue, a training job\'s instance type is one of its service environment\'s capacity units.',
    sources: [batchApi('CapacityLimit maxCapacity', 'Jobs requiring other instance types wait until a matching capacity limit is configured.')],
  },
  instanceCountAboveCapacity: {
    severity: 'warning',
    properties: 'trainingJob.instanceCount',
    summary: 'A training job needs no more instances than its service environment\'s limit.',
    sources: [batchApi('CapacityLimit maxCapacity', 'A job counts the instances of its ResourceConfig; one that needs more than the '
      + 'capacity waits in the queue.')],
  },
});

/** Every problem of a deploy-time job against a SageMaker training queue (or of a training job against its queue). */
export function serviceQueueFitProblems(props: DeployTimeJobProps, queue: JobQueue): Problem[] {
  const label = queue.node.path;
  const serviceQueue = queue.serviceEnvironments.length > 0;
  const job = props.trainingJob;
  if (!job) {
    return [problem(SERVICE_QUEUE_FIT_RULES.jobDefinitionOnServiceQueue, 'jobQueue', label, 'must be a queue of compute environments for a '
      + 'jobDefinition (this one orders service environments)', 'Run a SageMaker training job with trainingJob, or use a container queue')];
  }
  if (!serviceQueue) {
    return queue.computeEnvironments.length === 0 ? [] : [problem(SERVICE_QUEUE_FIT_RULES.trainingJobNeedsServiceQueue, 'jobQueue', label,
      'must be a SageMaker training queue (with serviceEnvironments) for a trainingJob', 'Submit container jobs with jobDefinition instead')];
  }
  const policyType = queue.schedulingPolicy === undefined ? 'FIFO' : queue.schedulingPolicy.schedulingPolicyType;
  const share = props.quotaShare;
  const problems: Problem[] = [];
  if (policyType === SchedulingPolicyType.QUOTA_SHARE && share === undefined) {
    problems.push(problem(SERVICE_QUEUE_FIT_RULES.quotaShareRequired, 'quotaShare', undefined,
      `must be set: the job queue ${label} has a quota-share scheduling policy`, 'Batch rejects a SubmitServiceJob without one'));
  }
  if (policyType !== undefined && policyType !== SchedulingPolicyType.QUOTA_SHARE && share !== undefined) {
    problems.push(problem(SERVICE_QUEUE_FIT_RULES.quotaShareWithoutPolicy, 'quotaShare', share.node.path,
      `must not be set: the job queue ${label} has no quota-share scheduling policy`));
  }
  if (share instanceof QuotaShare && share.jobQueue !== queue) {
    problems.push(problem(SERVICE_QUEUE_FIT_RULES.quotaShareOfQueue, 'quotaShare', share.node.path,
      `must be a quota share of the job queue ${label} (it belongs to ${share.jobQueue.node.path})`));
  }
  const fairShare = policyType === SchedulingPolicyType.FAIR_SHARE;
  if (policyType !== undefined && fairShare !== (props.shareIdentifier !== undefined)) {
    problems.push(problem(SERVICE_QUEUE_FIT_RULES.serviceShareIdentifier, 'shareIdentifier', props.shareIdentifier,
      fairShare ? `must be set: the job queue ${label} has a fair-share scheduling policy` : `must not be set: the job queue ${label} has no fair-share scheduling policy`));
  }
  problems.push(...capacityProblems(props, queue));
  return problems;
}

/** What the queue's (single) service environment can never run: an instance type it does not count, more instances than its limit. */
function capacityProblems(props: DeployTimeJobProps, queue: JobQueue): Problem[] {
  const job = props.trainingJob!;
  const limits = queue.serviceEnvironments[0].serviceEnvironment.capacityLimits;
  if (limits === undefined || !isKnown(job.instanceType)) return [];
  const units = limits.map((limit) => limit.capacityUnit?.value ?? NUM_INSTANCES);
  const count = job.instanceCount ?? 1;
  const instanceTypes = units.filter((unit) => isKnown(unit) && SAGEMAKER_INSTANCE_TYPE_PATTERN.test(unit));
  if (instanceTypes.length > 0 && !units.includes(job.instanceType)) {
    return [problem(SERVICE_QUEUE_FIT_RULES.instanceTypeNotInServiceEnvironment, 'trainingJob.instanceType', job.instanceType,
      `should be one of the capacity units of ${queue.serviceEnvironments[0].serviceEnvironment.node.path} (${instanceTypes.join(', ')})`,
      'The job waits until the service environment has a limit for it')];
  }
  const limit = limits.find((l) => (l.capacityUnit?.value ?? NUM_INSTANCES) === (instanceTypes.length > 0 ? job.instanceType : NUM_INSTANCES));
  if (limit && isKnown(limit.maxCapacity) && isKnown(count) && count > limit.maxCapacity) {
    return [problem(SERVICE_QUEUE_FIT_RULES.instanceCountAboveCapacity, 'trainingJob.instanceCount', count,
      `should be at most the service environment's limit (${limit.maxCapacity})`, 'The job would wait in the queue for good')];
  }
  return [];
}
