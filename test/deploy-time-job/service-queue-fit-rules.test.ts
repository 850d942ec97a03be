/**
 * A deploy-time job against a SageMaker training queue, as tables over queues built (not
 * synthesized) in a stack.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CapacityUnit, ComputeEnvironment, DeployTimeJobProps, JobDefinition, JobQueue, QuotaShare, SageMakerTrainingJob, SchedulingPolicy,
  ServiceEnvironment,
} from '../../src';
import { queueFitProblems } from '../../src/deploy-time-job/queue-fit-rules';
import { found, FoundRule } from '../rule-findings';
import { TEST_ENV } from '../synth';

const G5 = CapacityUnit.instanceType('ml.g5.xlarge');
type Policy = 'fifo' | 'fair' | 'quota';

interface Built { stack: Stack; queue: JobQueue; training: SageMakerTrainingJob }

function build(policy: Policy, instanceTypes = policy === 'quota'): Built {
  const stack = new Stack(new App(), 'S', { env: TEST_ENV });
  const capacity = new ServiceEnvironment(stack, 'Capacity', {
    capacityLimits: [instanceTypes ? { maxCapacity: 4, capacityUnit: G5 } : { maxCapacity: 4 }],
  });
  const queue = new JobQueue(stack, 'Training', {
    serviceEnvironments: [{ serviceEnvironment: capacity, order: 1 }],
    schedulingPolicy: policy === 'fifo' ? undefined : new SchedulingPolicy(stack, 'Policy', policy === 'quota' ? { quotaSharePolicy: {} } : {}),
  });
  const training: SageMakerTrainingJob = {
    role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/Exec'),
    trainingImage: 'img',
    instanceType: instanceTypes ? 'ml.g5.xlarge' : 'ml.m5.large',
    outputPath: 's3://b/o',
  };
  return { stack, queue, training };
}

const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });
const share = (b: Built, queue = b.queue, id = 'Share') =>
  new QuotaShare(b.stack, id, { jobQueue: queue, quotaShareName: id.toLowerCase(), capacityLimits: [{ capacityUnit: G5, maxCapacity: 2 }] });

test.each<[string, Policy, (b: Built) => Partial<DeployTimeJobProps>, FoundRule[]]>([
  ['FIFO: nothing to name', 'fifo', () => ({}), []],
  ['FIFO with a share identifier', 'fifo', () => ({ shareIdentifier: 'a' }),
    [error('serviceShareIdentifier', 'shareIdentifier must not be set: the job queue S/Training has no fair-share scheduling policy, got "a"')]],
  ['fair share with a share identifier', 'fair', () => ({ shareIdentifier: 'a' }), []],
  ['fair share without one', 'fair', () => ({}),
    [error('serviceShareIdentifier', 'shareIdentifier must be set: the job queue S/Training has a fair-share scheduling policy, got undefined')]],
  ['quota shares with its quota share', 'quota', (b) => ({ quotaShare: share(b) }), []],
  ['quota shares without one', 'quota', () => ({}), [error('quotaShareRequired', 'quotaShare must be set: the job queue S/Training has a '
    + 'quota-share scheduling policy, got undefined. Batch rejects a SubmitServiceJob without one')]],
  ['quota shares with a share identifier too', 'quota', (b) => ({ quotaShare: share(b), shareIdentifier: 'a' }),
    [error('serviceShareIdentifier', 'shareIdentifier must not be set: the job queue S/Training has no fair-share scheduling policy, got "a"')]],
  ['a quota share of another queue', 'quota', (b) => {
    const other = new JobQueue(b.stack, 'Other', { serviceEnvironments: b.queue.serviceEnvironments });
    return { quotaShare: share(b, other, 'Elsewhere') };
  }, [error('quotaShareOfQueue', 'quotaShare must be a quota share of the job queue S/Training (it belongs to S/Other), got "S/Elsewhere"')]],
  ['FIFO with a quota share', 'fifo', (b) => ({ quotaShare: QuotaShare.fromQuotaShareArn(b.stack, 'I', 'arn:aws:batch:us-east-1:123456789012:job-queue/Training/quota-share/x') }),
    [error('quotaShareWithoutPolicy', 'quotaShare must not be set: the job queue S/Training has no quota-share scheduling policy, got "S/I"')]],
  ['an instance type the quota-management environment does not count', 'quota', (b) => ({
    quotaShare: share(b), trainingJob: { ...b.training, instanceType: 'ml.p4d.24xlarge' },
  }), [warning('instanceTypeNotInServiceEnvironment', 'trainingJob.instanceType should be one of the capacity units of S/Capacity (ml.g5.xlarge), '
    + 'got "ml.p4d.24xlarge". The job waits until the service environment has a limit for it')]],
  ['more instances than the limit', 'fifo', (b) => ({ trainingJob: { ...b.training, instanceCount: 5 } }),
    [warning('instanceCountAboveCapacity', 'trainingJob.instanceCount should be at most the service environment\'s limit (4), got 5. '
      + 'The job would wait in the queue for good')]],
  ['as many instances as the limit', 'fifo', (b) => ({ trainingJob: { ...b.training, instanceCount: 4 } }), []],
  ['more instances of the type than its limit', 'quota', (b) => ({ quotaShare: share(b), trainingJob: { ...b.training, instanceCount: 6 } }),
    [warning('instanceCountAboveCapacity', 'trainingJob.instanceCount should be at most the service environment\'s limit (4), got 6. '
      + 'The job would wait in the queue for good')]],
  ['a container job on a SageMaker queue', 'fifo', (b) => ({ trainingJob: undefined, jobDefinition: JobDefinition.fromJobDefinitionName(b.stack, 'D', 'd') }),
    [error('jobDefinitionOnServiceQueue', 'jobQueue must be a queue of compute environments for a jobDefinition (this one orders service environments), '
      + 'got "S/Training". Run a SageMaker training job with trainingJob, or use a container queue')]],
])('%s', (_title, policy, props, expected) => {
  const b = build(policy);
  expect(found(queueFitProblems({ jobQueue: b.queue, trainingJob: b.training, ...props(b) }))).toEqual(expected);
});

test('a training job on a queue of compute environments', () => {
  const b = build('fifo');
  const ce = ComputeEnvironment.fromComputeEnvironmentArn(b.stack, 'Ce', 'arn:aws:batch:us-east-1:123456789012:compute-environment/ce');
  const queue = new JobQueue(b.stack, 'Containers', { computeEnvironments: [{ computeEnvironment: ce, order: 1 }] });
  expect(found(queueFitProblems({ jobQueue: queue, trainingJob: b.training }))).toEqual([error('trainingJobNeedsServiceQueue',
    'jobQueue must be a SageMaker training queue (with serviceEnvironments) for a trainingJob, got "S/Containers". Submit container jobs with jobDefinition instead')]);
});

test('an imported queue: nothing known, nothing judged', () => {
  const b = build('quota');
  const imported = JobQueue.fromJobQueueArn(b.stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:job-queue/x');
  expect(found(queueFitProblems({ jobQueue: imported, trainingJob: b.training }))).toEqual([]);
});
