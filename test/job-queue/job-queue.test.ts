import { Annotations, CfnElement, CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ceArn, importedEnvironment } from './environments';
import { addReferenceJobQueues } from '../../examples/job-queues';
import {
  CapacityUnit, ComputeResourceType, JobQueue, JobQueueProps, JobStateTimeLimitActionType, JobStateTimeLimitReason, SchedulingPolicy,
  ServiceEnvironment,
} from '../../src';
import { countByType, synthAnnotations, synthTemplate, testStack } from '../synth';

/** A stack with a queue of one environment, for the tests of a single prop. */
function queueWith(props: JobQueueProps = {}) {
  const stack = testStack();
  const queue = new JobQueue(stack, 'Queue', {
    computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }],
    ...props,
  });
  return { stack, queue };
}

function queueProperties(template: Template): Record<string, any> {
  const queues = Object.values(template.findResources('AWS::Batch::JobQueue'));
  expect(queues).toHaveLength(1);
  return queues[0].Properties;
}

describe('JobQueue defaults', () => {
  test('one queue resource with priority 1, enabled, its environment in order, nothing else', () => {
    const { stack } = queueWith();
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobQueue': 1 });
    expect(queueProperties(template)).toEqual({
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: ceArn('Ce'), Order: 1 }],
    });
  });

  test('enabled: false disables the queue', () => {
    const { stack } = queueWith({ enabled: false });
    expect(queueProperties(synthTemplate(stack)).State).toBe('DISABLED');
  });

  test('jobQueueArn is the resource ARN and jobQueueName comes from it', () => {
    const { stack, queue } = queueWith();
    const logicalId = stack.getLogicalId(queue.node.defaultChild as any);
    expect(stack.resolve(queue.jobQueueArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'JobQueueArn'] });
    expect(JSON.stringify(stack.resolve(queue.jobQueueName))).toContain('Fn::Split');
  });
});

describe('JobQueue props checked when it is built (the rules: job-queue-rules.test.ts)', () => {
  test('an invalid priority fails with the construct path', () => {
    expect(() => queueWith({ priority: 1001 })).toThrow(
      '[TestStack/Queue] priority must be an integer between 0 and 1000, got 1001. Queues with a higher priority are scheduled first');
  });

  test('every error at once', () => {
    expect(() => queueWith({ priority: -1, jobQueueName: 'has space' })).toThrow(
      '[TestStack/Queue]\n  - jobQueueName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "has space"\n'
      + '  - priority must be an integer between 0 and 1000, got -1');
  });

  test.each([0, 1000])('priority %p renders', (priority) => {
    const { stack } = queueWith({ priority });
    expect(queueProperties(synthTemplate(stack)).Priority).toBe(priority);
  });

  test('a priority token renders unchecked', () => {
    const stack = testStack();
    const priority = new CfnParameter(stack, 'Priority', { type: 'Number' }).valueAsNumber;
    new JobQueue(stack, 'Queue', { priority, computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }] });
    expect(queueProperties(synthTemplate(stack)).Priority).toEqual({ Ref: 'Priority' });
  });

  test('a 128-character name renders', () => {
    const { stack } = queueWith({ jobQueueName: 'a'.repeat(128) });
    expect(queueProperties(synthTemplate(stack)).JobQueueName).toBe('a'.repeat(128));
  });

  test('a fixed name renders without a warning (only a change of the name replaces a queue)', () => {
    const { stack } = queueWith({ jobQueueName: 'HighPriority' });
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
    expect(queueProperties(synthTemplate(stack)).JobQueueName).toBe('HighPriority');
  });

  test('no warning without a fixed name', () => {
    const { stack } = queueWith();
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('JobQueue compute environments (checked at synth)', () => {
  test('an empty queue fails synth with the construct path, telling the user to add an environment', () => {
    const stack = testStack();
    new JobQueue(stack, 'Queue');
    expect(() => synthTemplate(stack)).toThrow(
      '[TestStack/Queue] computeEnvironments must have between 1 and 3 entries, got 0. Add a compute environment with addComputeEnvironment(computeEnvironment, order)');
  });

  test('environments added after construction render, sorted by order', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue');
    queue.addComputeEnvironment(importedEnvironment(stack, 'M4Spot'), 2);
    queue.addComputeEnvironment(importedEnvironment(stack, 'C4OnDemand'), 1);
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toEqual([
      { ComputeEnvironment: ceArn('C4OnDemand'), Order: 1 },
      { ComputeEnvironment: ceArn('M4Spot'), Order: 2 },
    ]);
  });

  test('three environments render; a fourth added later fails synth', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue');
    [1, 2, 3].forEach((order) => queue.addComputeEnvironment(importedEnvironment(stack, `Ce${order}`), order));
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toHaveLength(3);

    const stack2 = testStack();
    const queue2 = new JobQueue(stack2, 'Queue');
    [1, 2, 3, 4].forEach((order) => queue2.addComputeEnvironment(importedEnvironment(stack2, `Ce${order}`), order));
    expect(() => synthTemplate(stack2)).toThrow('[TestStack/Queue] computeEnvironments must have between 1 and 3 entries, got 4');
  });

  test('an order token renders unchecked', () => {
    const stack = testStack();
    const order = new CfnParameter(stack, 'Order', { type: 'Number' }).valueAsNumber;
    new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order }] });
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toEqual([{ ComputeEnvironment: ceArn('Ce'), Order: { Ref: 'Order' } }]);
  });

  test('orders 0 and 1 render as given (as Terraform numbers them, so `cdk import` of its queues works)', () => {
    const stack = testStack();
    new JobQueue(stack, 'Queue', {
      computeEnvironments: [
        { computeEnvironment: importedEnvironment(stack, 'Second'), order: 1 },
        { computeEnvironment: importedEnvironment(stack, 'First'), order: 0 },
      ],
    });
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toEqual([
      { ComputeEnvironment: ceArn('First'), Order: 0 },
      { ComputeEnvironment: ceArn('Second'), Order: 1 },
    ]);
  });

  test('a fractional order fails synth with the construct path', () => {
    const stack = testStack();
    new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1.5 }] });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/Queue] order of TestStack/Ce must be an integer, got 1.5');
  });

  test('a repeated order renders, with a warning that can be acknowledged', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue', {
      computeEnvironments: [
        { computeEnvironment: importedEnvironment(stack, 'A'), order: 1 },
        { computeEnvironment: importedEnvironment(stack, 'B'), order: 1 },
      ],
    });
    // Checked at synth: the warning sits on the queue's CloudFormation resource.
    synthAnnotations(stack).hasWarning('/TestStack/Queue/Resource', Match.stringLikeRegexp(
      'order of TestStack/A and TestStack/B should be unique within the queue, got 1.*job-queue:environmentOrderUnique'));
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toEqual([
      { ComputeEnvironment: ceArn('A'), Order: 1 },
      { ComputeEnvironment: ceArn('B'), Order: 1 },
    ]);

    const acknowledged = testStack();
    const acknowledgedQueue = new JobQueue(acknowledged, 'Queue', {
      computeEnvironments: [
        { computeEnvironment: importedEnvironment(acknowledged, 'A'), order: 1 },
        { computeEnvironment: importedEnvironment(acknowledged, 'B'), order: 1 },
      ],
    });
    Annotations.of(acknowledgedQueue).acknowledgeWarning('@cdk-batch-constructs/job-queue:environmentOrderUnique', 'tested');
    synthAnnotations(acknowledged).hasNoWarning('*', Match.anyValue());
    expect(queue.computeEnvironments).toHaveLength(2);
  });

  test('an environment listed twice renders twice, with a warning', () => {
    const stack = testStack();
    const ce = importedEnvironment(stack, 'Ce');
    new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: ce, order: 1 }, { computeEnvironment: ce, order: 2 }] });
    synthAnnotations(stack).hasWarning('/TestStack/Queue/Resource', Match.stringLikeRegexp(
      `computeEnvironments entries of ${ceArn('Ce')} should be at most 1, got 2.*job-queue:environmentUnique`));
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toEqual([
      { ComputeEnvironment: ceArn('Ce'), Order: 1 },
      { ComputeEnvironment: ceArn('Ce'), Order: 2 },
    ]);
  });

  test('computeEnvironments is a copy of the list so far, sorted by order', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue');
    expect(queue.computeEnvironments).toEqual([]);
    const spot = importedEnvironment(stack, 'Spot');
    const onDemand = importedEnvironment(stack, 'OnDemand');
    queue.addComputeEnvironment(spot, 2);
    queue.addComputeEnvironment(onDemand, 1);
    const listed = queue.computeEnvironments;
    expect(listed).toEqual([{ computeEnvironment: onDemand, order: 1 }, { computeEnvironment: spot, order: 2 }]);
    listed.pop();
    expect(queue.computeEnvironments).toHaveLength(2);
  });

  test('ON_DEMAND with SPOT renders both', () => {
    const stack = testStack();
    new JobQueue(stack, 'Queue', {
      computeEnvironments: [
        { computeEnvironment: importedEnvironment(stack, 'First', ComputeResourceType.ON_DEMAND), order: 1 },
        { computeEnvironment: importedEnvironment(stack, 'Second', ComputeResourceType.SPOT), order: 2 },
      ],
    });
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toHaveLength(2);
  });
});

describe('JobQueue scheduling policy', () => {
  test('renders the policy ARN and exposes the policy', () => {
    const stack = testStack();
    const policy = new SchedulingPolicy(stack, 'Policy');
    const queue = new JobQueue(stack, 'Queue', {
      schedulingPolicy: policy,
      computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }],
    });
    const template = synthTemplate(stack);
    expect(queueProperties(template).SchedulingPolicyArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(policy.node.defaultChild as any), 'Arn'] });
    expect(queue.schedulingPolicy).toBe(policy);
  });

  test('a queue without a policy has none (first in, first out)', () => {
    const { stack, queue } = queueWith();
    expect(queue.schedulingPolicy).toBeUndefined();
    expect(queueProperties(synthTemplate(stack)).SchedulingPolicyArn).toBeUndefined();
  });
});

describe('JobQueue job state time-limit actions', () => {
  const reason = JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY;

  test('action defaults to CANCEL and state to RUNNABLE', () => {
    const { stack } = queueWith({ jobStateTimeLimitActions: [{ reason, maxTime: Duration.hours(4) }] });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions).toEqual([{
      Reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', MaxTimeSeconds: 14400, Action: 'CANCEL', State: 'RUNNABLE',
    }]);
  });

  test.each([600, 86400])('maxTime %p seconds renders', (seconds) => {
    const { stack } = queueWith({ jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(seconds) }] });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions[0].MaxTimeSeconds).toBe(seconds);
  });

  test('a maxTime token renders unchecked', () => {
    const stack = testStack();
    const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber;
    new JobQueue(stack, 'Queue', {
      computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }],
      jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(seconds) }],
    });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions[0].MaxTimeSeconds).toEqual({ Ref: 'Seconds' });
  });

  test('a custom reason renders its value', () => {
    const custom = JobStateTimeLimitReason.of('MISCONFIGURATION:NEW_REASON');
    expect(custom.value).toBe('MISCONFIGURATION:NEW_REASON');
    // The deprecated field still holds the same string.
    expect(custom.reason).toBe(custom.value);
    const { stack } = queueWith({ jobStateTimeLimitActions: [{ reason: custom, maxTime: Duration.hours(1) }] });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions[0].Reason).toBe('MISCONFIGURATION:NEW_REASON');
  });

  test('a blank reason renders as given (no source rejects it)', () => {
    const { stack } = queueWith({ jobStateTimeLimitActions: [{ reason: JobStateTimeLimitReason.of(' '), maxTime: Duration.hours(1) }] });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions[0].Reason).toBe(' ');
  });

  test.each([
    ['INSUFFICIENT_INSTANCE_CAPACITY', 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY'],
    ['COMPUTE_ENVIRONMENT_MAX_RESOURCE', 'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE'],
    ['JOB_RESOURCE_REQUIREMENT', 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT'],
    ['EC2_INSTANCE_CONFIGURATION_UNSUPPORTED', 'MISCONFIGURATION:EC2_INSTANCE_CONFIGURATION_UNSUPPORTED'],
  ] as const)('JobStateTimeLimitReason.%s has the value %s', (name, value) => {
    expect(JobStateTimeLimitReason[name].value).toBe(value);
    expect(JobStateTimeLimitReason[name].reason).toBe(value);
  });
});

describe('JobQueue imports', () => {
  test('fromJobQueueArn takes the name from the ARN and the environment from it', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueArn(stack, 'Imported', 'arn:aws:batch:eu-west-1:111122223333:job-queue/HighPriority');
    expect(queue.jobQueueName).toBe('HighPriority');
    expect(queue.env).toEqual({ account: '111122223333', region: 'eu-west-1' });
  });

  test('fromJobQueueName builds the ARN in the stack account and region', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueName(stack, 'Imported', 'LowPriority');
    expect(queue.jobQueueName).toBe('LowPriority');
    expect(stack.resolve(queue.jobQueueArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-queue/LowPriority']],
    });
  });

  test.each([
    ['an ARN of another resource type', 'arn:aws:batch:us-east-1:123456789012:compute-environment/HighPriority'],
    ['a name instead of an ARN', 'HighPriority'],
    ['an ARN of another service', 'arn:aws:sqs:us-east-1:123456789012:job-queue/HighPriority'],
    ['a name with a slash', 'arn:aws:batch:us-east-1:123456789012:job-queue/High/Priority'],
  ])('fromJobQueueArn rejects %s', (_case, arn) => {
    const stack = testStack();
    expect(() => JobQueue.fromJobQueueArn(stack, 'Imported', arn)).toThrow(
      `[TestStack] Imported: jobQueueArn must be a job queue ARN (arn:PARTITION:batch:REGION:ACCOUNT:job-queue/NAME), got "${arn}"`);
  });

  test('fromJobQueueArn takes a token ARN unchecked and names it by CloudFormation expression', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'QueueArn').valueAsString;
    const queue = JobQueue.fromJobQueueArn(stack, 'Imported', arn);
    expect(queue.jobQueueArn).toBe(arn);
    expect(JSON.stringify(stack.resolve(queue.jobQueueName))).toContain('Fn::Split');
  });

  test.each(['has space', 'a'.repeat(129), 'job-queue/HighPriority'])('fromJobQueueName rejects %p', (name) => {
    const stack = testStack();
    expect(() => JobQueue.fromJobQueueName(stack, 'Imported', name)).toThrow(
      `[TestStack] Imported: jobQueueName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "${name}"`);
  });

  test('fromJobQueueName takes a token name unchecked', () => {
    const stack = testStack();
    const name = Token.asString({ Ref: 'QueueName' });
    expect(JobQueue.fromJobQueueName(stack, 'Imported', name).jobQueueName).toBe(name);
  });
});

describe('example: the reference queues', () => {
  test('HighPriority tries C4OnDemand then M4Spot at priority 10; LowPriority uses M4Spot at priority 1', () => {
    const stack = testStack();
    const { highPriority, lowPriority } = addReferenceJobQueues(stack,
      importedEnvironment(stack, 'C4OnDemand', ComputeResourceType.ON_DEMAND),
      importedEnvironment(stack, 'M4Spot', ComputeResourceType.SPOT));
    const template = synthTemplate(stack);
    const properties = (queue: JobQueue) => template.toJSON().Resources[stack.getLogicalId(queue.node.defaultChild as any)].Properties;
    expect(properties(highPriority)).toEqual({
      JobQueueName: 'HighPriority',
      Priority: 10,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [
        { ComputeEnvironment: ceArn('C4OnDemand'), Order: 1 },
        { ComputeEnvironment: ceArn('M4Spot'), Order: 2 },
      ],
    });
    expect(properties(lowPriority)).toEqual({
      JobQueueName: 'LowPriority',
      Priority: 1,
      State: 'ENABLED',
      ComputeEnvironmentOrder: [{ ComputeEnvironment: ceArn('M4Spot'), Order: 1 }],
    });
    // Fixed names are no risk (only a name change replaces a queue): no warning.
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('SageMaker training queues (serviceEnvironments)', () => {
  const G5 = CapacityUnit.instanceType('ml.g5.xlarge');
  function trainingQueue(props: JobQueueProps = {}, instanceTypes = false) {
    const stack = testStack();
    const environment = new ServiceEnvironment(stack, 'Training', {
      capacityLimits: instanceTypes ? [{ maxCapacity: 4, capacityUnit: G5 }] : [{ maxCapacity: 8 }],
    });
    const queue = new JobQueue(stack, 'Queue', { serviceEnvironments: [{ serviceEnvironment: environment, order: 1 }], ...props });
    return { stack, queue, environment };
  }
  const environmentRef = (stack: Stack, environment: ServiceEnvironment) =>
    ({ Ref: stack.getLogicalId(environment.node.defaultChild as CfnElement) });

  test('the queue type is SAGEMAKER_TRAINING and it orders the service environment, not compute environments', () => {
    const { stack, environment } = trainingQueue();
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::JobQueue': 1, 'AWS::Batch::ServiceEnvironment': 1 });
    expect(queueProperties(template)).toEqual({
      Priority: 1,
      State: 'ENABLED',
      JobQueueType: 'SAGEMAKER_TRAINING',
      ServiceEnvironmentOrder: [{ ServiceEnvironment: environmentRef(stack, environment), Order: 1 }],
    });
  });

  test('addServiceEnvironment after construction makes it a SageMaker queue; the serviceEnvironments getter lists it', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue');
    const environment = ServiceEnvironment.fromServiceEnvironmentArn(stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:service-environment/ml');
    queue.addServiceEnvironment(environment, 1);
    expect(queue.serviceEnvironments).toEqual([{ serviceEnvironment: environment, order: 1 }]);
    expect(queueProperties(synthTemplate(stack))).toEqual({
      Priority: 1,
      State: 'ENABLED',
      JobQueueType: 'SAGEMAKER_TRAINING',
      ServiceEnvironmentOrder: [{ ServiceEnvironment: 'arn:aws:batch:us-east-1:123456789012:service-environment/ml', Order: 1 }],
    });
  });

  test('time-limit actions default to TERMINATE there; the SageMaker reasons render', () => {
    const { stack } = trainingQueue({
      jobStateTimeLimitActions: [
        { reason: JobStateTimeLimitReason.SERVICE_ENVIRONMENT_MAX_RESOURCE, maxTime: Duration.minutes(30) },
        { reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY, maxTime: Duration.hours(2), action: JobStateTimeLimitActionType.TERMINATE },
      ],
    });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions).toEqual([
      { Reason: 'MISCONFIGURATION:SERVICE_ENVIRONMENT_MAX_RESOURCE', MaxTimeSeconds: 1800, Action: 'TERMINATE', State: 'RUNNABLE' },
      { Reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', MaxTimeSeconds: 7200, Action: 'TERMINATE', State: 'RUNNABLE' },
    ]);
  });

  test('TERMINATE on a queue of compute environments fails at synth with the construct path', () => {
    const { stack } = queueWith({
      jobStateTimeLimitActions: [{
        reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY, maxTime: Duration.hours(1), action: JobStateTimeLimitActionType.TERMINATE,
      }],
    });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/Queue] jobStateTimeLimitActions[0].action must be CANCEL on a queue of compute environments, got "TERMINATE"');
  });

  test('CANCEL on a SageMaker queue fails at synth', () => {
    const { stack } = trainingQueue({
      jobStateTimeLimitActions: [{
        reason: JobStateTimeLimitReason.INSUFFICIENT_INSTANCE_CAPACITY, maxTime: Duration.hours(1), action: JobStateTimeLimitActionType.CANCEL,
      }],
    });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/Queue] jobStateTimeLimitActions[0].action must be TERMINATE on a queue of service environments, got "CANCEL"');
  });

  test('compute and service environments together fail at synth', () => {
    const { stack, queue } = trainingQueue();
    queue.addComputeEnvironment(importedEnvironment(stack, 'Ce'), 1);
    expect(() => synthTemplate(stack)).toThrow(
      '[TestStack/Queue] serviceEnvironments must not be combined with computeEnvironments (got 1), got ["TestStack/Training"]');
  });

  test('a quota-share policy on instance types renders the policy and the queue', () => {
    const stack = testStack();
    const environment = new ServiceEnvironment(stack, 'Training', { capacityLimits: [{ maxCapacity: 4, capacityUnit: G5 }] });
    const policy = new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} });
    new JobQueue(stack, 'Queue', { serviceEnvironments: [{ serviceEnvironment: environment, order: 1 }], schedulingPolicy: policy });
    const template = synthTemplate(stack);
    expect(queueProperties(template)).toEqual({
      Priority: 1,
      State: 'ENABLED',
      JobQueueType: 'SAGEMAKER_TRAINING',
      ServiceEnvironmentOrder: [{ ServiceEnvironment: environmentRef(stack, environment), Order: 1 }],
      SchedulingPolicyArn: { 'Fn::GetAtt': [stack.getLogicalId(policy.node.defaultChild as CfnElement), 'Arn'] },
    });
  });

  test('one quota-management service environment on two queues fails at synth for each', () => {
    const stack = testStack();
    const environment = new ServiceEnvironment(stack, 'Training', { capacityLimits: [{ maxCapacity: 4, capacityUnit: G5 }] });
    const policy = new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} });
    new JobQueue(stack, 'A', { serviceEnvironments: [{ serviceEnvironment: environment, order: 1 }], schedulingPolicy: policy });
    new JobQueue(stack, 'B', { serviceEnvironments: [{ serviceEnvironment: environment, order: 1 }], schedulingPolicy: policy });
    expect(() => synthTemplate(stack)).toThrow(/\[TestStack\/A\] serviceEnvironments must belong to this queue only \(also listed by "TestStack\/B"\)[^]*\[TestStack\/B\] serviceEnvironments must belong to this queue only \(also listed by "TestStack\/A"\)/);
  });

  test('instance types on a FIFO queue warn with the rule id', () => {
    const { stack } = trainingQueue({}, true);
    synthAnnotations(stack).hasWarning('/TestStack/Queue/Resource', Match.stringLikeRegexp(
      'serviceEnvironments should count NUM_INSTANCES on a queue without a quota-share policy.*instanceTypeUnitsNeedQuotaPolicy'));
  });

  test('a queue of compute environments renders no queue type and no service environment order', () => {
    const { stack } = queueWith();
    const properties = queueProperties(synthTemplate(stack));
    expect(properties.JobQueueType).toBeUndefined();
    expect(properties.ServiceEnvironmentOrder).toBeUndefined();
  });
});
