import type { DeployTimeJobProps } from './deploy-time-job-types';
import { isEc2, typeName } from '../compute-environment/compute-resource-type';
import { JobDefinition, PlatformCapability } from '../job-definition';
import { JobQueue } from '../job-queue';
import { serviceQueueFitProblems } from './service-queue-fit-rules';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, defineRules } from '../private/validation/rule';

/**
 * The rules that judge a deploy-time job against its queue: what Batch rejects at SubmitJob
 * (a share identifier that does not match the queue's scheduling policy) or what can never run
 * (a job definition for the other platform than the queue's environments). They apply only
 * when the queue is a `JobQueue` of this app and, for the platform, when the definition is a
 * `JobDefinition` of this app and the environments' types are known; they run at synth
 * because environments can be added to a queue after the job is defined.
 */
export const QUEUE_FIT_RULES = defineRules('DeployTimeJob', {
  shareIdentifierRequired: {
    severity: 'error',
    properties: 'shareIdentifier (with a jobQueue that has a schedulingPolicy)',
    summary: 'A job submitted to a queue with a fair-share scheduling policy has a shareIdentifier.',
    sources: [batchApi('SubmitJob shareIdentifier', 'If the job queue has a fair-share scheduling policy, the share identifier must be '
      + 'given; Batch rejects the SubmitJob otherwise.')],
  },
  shareIdentifierWithoutPolicy: {
    severity: 'error',
    properties: 'shareIdentifier (with a jobQueue without a schedulingPolicy)',
    summary: 'A job submitted to a queue without a scheduling policy has no shareIdentifier.',
    sources: [batchApi('SubmitJob shareIdentifier', 'Do not give a share identifier when the job queue has no fair-share scheduling '
      + 'policy; Batch rejects the SubmitJob.')],
  },
  schedulingPriorityWithoutPolicy: {
    severity: 'warning',
    properties: 'schedulingPriority (with a jobQueue without a schedulingPolicy)',
    summary: 'A scheduling priority has an effect only on a queue with a fair-share scheduling policy.',
    sources: [batchApi('SubmitJob schedulingPriorityOverride', 'The scheduling priority only affects jobs in job queues with a fair-share '
      + 'policy.')],
  },
  platformMatchesQueue: {
    severity: 'error',
    properties: 'jobDefinition (its platformCapabilities) and jobQueue (its compute environments)',
    summary: 'The job definition runs on the platform of the queue\'s compute environments: FARGATE definitions on '
      + 'FARGATE/FARGATE_SPOT environments, EC2 definitions on ON_DEMAND/SPOT environments.',
    sources: [batchUserGuide('Job definitions on Fargate resources (platformCapabilities)', 'A job that runs on Fargate resources must '
      + 'have the FARGATE platform capability; EC2 (the default) jobs run on EC2 resources. A job whose platform no compute environment '
      + 'of its queue offers stays RUNNABLE and never starts.')],
  },
});


/** Every problem of a deploy-time job against its queue, when the queue (and definition) are known here. */
export function queueFitProblems(props: DeployTimeJobProps): Problem[] {
  const queue = props.jobQueue;
  if (!(queue instanceof JobQueue)) return [];
  // SageMaker training jobs and SageMaker training queues: service-queue-fit-rules.ts.
  if (props.trainingJob !== undefined || queue.serviceEnvironments.length > 0) return serviceQueueFitProblems(props, queue);
  const queueName = queue.node.path;
  const hasPolicy = queue.schedulingPolicy !== undefined;
  const problems: Problem[] = [
    hasPolicy && props.shareIdentifier === undefined
      ? problem(QUEUE_FIT_RULES.shareIdentifierRequired, 'shareIdentifier', undefined,
        `must be set: the job queue ${queueName} has a fair-share scheduling policy`,
        'Batch rejects a SubmitJob without a share identifier on such a queue; give the share this job counts against')
      : undefined,
    !hasPolicy && props.shareIdentifier !== undefined
      ? problem(QUEUE_FIT_RULES.shareIdentifierWithoutPolicy, 'shareIdentifier', props.shareIdentifier,
        `must not be set: the job queue ${queueName} has no scheduling policy`,
        'Batch rejects a share identifier on a first-in, first-out queue; remove it or give the queue a schedulingPolicy')
      : undefined,
    !hasPolicy && props.schedulingPriority !== undefined
      ? problem(QUEUE_FIT_RULES.schedulingPriorityWithoutPolicy, 'schedulingPriority', props.schedulingPriority,
        `has no effect: the job queue ${queueName} has no fair-share scheduling policy`)
      : undefined,
  ];
  const definition = props.jobDefinition;
  if (definition instanceof JobDefinition) {
    const types = queue.computeEnvironments.map((entry) => entry.computeEnvironment.computeResourceType);
    if (types.length > 0 && types.every(isKnown)) {
      const queueOnEc2 = types.every(isEc2);
      const queueOnFargate = !types.some(isEc2);
      const definitionOnFargate = definition.platformCapability === PlatformCapability.FARGATE;
      if ((definitionOnFargate && queueOnEc2) || (!definitionOnFargate && queueOnFargate)) {
        problems.push(problem(QUEUE_FIT_RULES.platformMatchesQueue, 'jobDefinition', definition.node.path,
          `must run on the platform of the job queue ${queueName}, whose compute environments are ${[...new Set(types.map((type) => typeName(type!)))].join(', ')}; `
          + `the definition's platformCapabilities are [${definition.platformCapability}]`,
          definitionOnFargate
            ? 'Submit it to a queue of FARGATE or FARGATE_SPOT environments, or give the definition platformCapabilities [EC2]'
            : 'Submit it to a queue of ON_DEMAND or SPOT environments, or give the definition platformCapabilities [FARGATE]'));
      }
    }
  }
  return problems;
}
