import { CfnParameter, Duration, Resource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { addReferenceJobQueues } from '../examples/job-queues';
import {
  ComputeEnvironment, ComputeResourceType, IComputeEnvironment, IJobDefinition, JobDefinition, JobQueue, JobStateTimeLimitActionType,
  JobStateTimeLimitReason, JobStatus, SchedulingPolicy,
} from '../src';
import { countByType, synthAnnotations, synthTemplate, testStack } from './synth';

const ceArn = (name: string) => `arn:aws:batch:us-east-1:123456789012:compute-environment/${name}`;
const definitionArn = (name: string) => `arn:aws:batch:us-east-1:123456789012:job-definition/${name}:1`;

// An environment imported by ARN has no known type; the EC2/Fargate mixing rules need
// one, so typed environments with a fixed ARN are this test-only stand-in.
class TypedTestEnvironment extends Resource implements IComputeEnvironment {
  public readonly computeEnvironmentArn: string;
  public readonly computeEnvironmentName: string;
  constructor(scope: Construct, id: string, public readonly computeResourceType: ComputeResourceType) {
    super(scope, id, { environmentFromArn: ceArn(id) });
    this.computeEnvironmentName = id;
    this.computeEnvironmentArn = ceArn(id);
  }
}

/** An environment imported by ARN (`.../compute-environment/<id>`), with an optional known type. */
function importedEnvironment(scope: Construct, id: string, type?: ComputeResourceType): IComputeEnvironment {
  return type === undefined
    ? ComputeEnvironment.fromComputeEnvironmentArn(scope, id, ceArn(id))
    : new TypedTestEnvironment(scope, id, type);
}

/** A job definition imported by ARN (`.../job-definition/<name>:1`). */
function importedDefinition(scope: Construct, id: string, name: string): IJobDefinition {
  return JobDefinition.fromJobDefinitionArn(scope, id, definitionArn(name));
}

/** A stack with a queue of one environment, for the tests of a single prop. */
function queueWith(props: Partial<ConstructorParameters<typeof JobQueue>[2]> = {}) {
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

describe('JobQueue priority', () => {
  test.each([1001, -1, 1.5])('%p fails with the allowed range', (priority) => {
    expect(() => queueWith({ priority })).toThrow(
      `[TestStack/Queue] priority must be an integer between 0 and 1000, got ${priority}. Queues with a higher priority are scheduled first`);
  });

  test.each([0, 1000])('%p synthesizes', (priority) => {
    const { stack } = queueWith({ priority });
    expect(queueProperties(synthTemplate(stack)).Priority).toBe(priority);
  });

  test('a token is not checked', () => {
    const stack = testStack();
    const priority = new CfnParameter(stack, 'Priority', { type: 'Number' }).valueAsNumber;
    new JobQueue(stack, 'Queue', { priority, computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }] });
    expect(queueProperties(synthTemplate(stack)).Priority).toEqual({ Ref: 'Priority' });
  });
});

describe('JobQueue name', () => {
  test('an invalid name fails with the naming rule', () => {
    expect(() => queueWith({ jobQueueName: 'has space' })).toThrow(
      '[TestStack/Queue] jobQueueName must be 1-128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "has space"');
  });

  test('a 129-character name fails, 128 characters synthesize', () => {
    expect(() => queueWith({ jobQueueName: 'a'.repeat(129) })).toThrow(/jobQueueName must be 1-128/);
    const { stack } = queueWith({ jobQueueName: 'a'.repeat(128) });
    expect(queueProperties(synthTemplate(stack)).JobQueueName).toBe('a'.repeat(128));
  });

  test('a fixed name synthesizes with a warning that replacement fails on the name', () => {
    const { stack } = queueWith({ jobQueueName: 'HighPriority' });
    const annotations = synthAnnotations(stack);
    annotations.hasWarning('/TestStack/Queue', Match.stringLikeRegexp(
      'jobQueueName is fixed to HighPriority: a change that replaces the queue .* will fail.*fixed-name'));
    expect(queueProperties(synthTemplate(stack)).JobQueueName).toBe('HighPriority');
  });

  test('no warning without a fixed name', () => {
    const { stack } = queueWith();
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('JobQueue compute environments', () => {
  test('an empty queue fails synth telling the user to add an environment', () => {
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

  test('four environments fail, three synthesize', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue');
    [1, 2, 3].forEach((order) => queue.addComputeEnvironment(importedEnvironment(stack, `Ce${order}`), order));
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toHaveLength(3);

    const stack2 = testStack();
    const queue2 = new JobQueue(stack2, 'Queue');
    [1, 2, 3, 4].forEach((order) => queue2.addComputeEnvironment(importedEnvironment(stack2, `Ce${order}`), order));
    expect(() => synthTemplate(stack2)).toThrow('[TestStack/Queue] computeEnvironments must have between 1 and 3 entries, got 4');
  });

  test.each([0, -1, 1.5])('order %p fails, naming the environment', (order) => {
    const stack = testStack();
    new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order }] });
    expect(() => synthTemplate(stack)).toThrow(
      `[TestStack/Queue] order of TestStack/Ce must be an integer >= 1, got ${order}`);
  });

  test('an order token is not checked', () => {
    const stack = testStack();
    const order = new CfnParameter(stack, 'Order', { type: 'Number' }).valueAsNumber;
    new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order }] });
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toEqual([{ ComputeEnvironment: ceArn('Ce'), Order: { Ref: 'Order' } }]);
  });

  test('repeated orders fail, naming both environments', () => {
    const stack = testStack();
    new JobQueue(stack, 'Queue', {
      computeEnvironments: [
        { computeEnvironment: importedEnvironment(stack, 'A'), order: 1 },
        { computeEnvironment: importedEnvironment(stack, 'B'), order: 1 },
      ],
    });
    expect(() => synthTemplate(stack)).toThrow(
      '[TestStack/Queue] computeEnvironments orders must be unique, got TestStack/A: 1, TestStack/B: 1');
  });

  test('the same environment twice fails', () => {
    const stack = testStack();
    const ce = importedEnvironment(stack, 'Ce');
    new JobQueue(stack, 'Queue', {
      computeEnvironments: [{ computeEnvironment: ce, order: 1 }, { computeEnvironment: ce, order: 2 }],
    });
    expect(() => synthTemplate(stack)).toThrow(
      `[TestStack/Queue] computeEnvironments must list each compute environment once, got "${ceArn('Ce')}" more than once`);
  });

  test('EC2 mixed with Fargate fails, naming each environment and its type', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue', {
      computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Spot', ComputeResourceType.SPOT), order: 1 }],
    });
    queue.addComputeEnvironment(importedEnvironment(stack, 'Fargate', ComputeResourceType.FARGATE), 2);
    expect(() => synthTemplate(stack)).toThrow(
      '[TestStack/Queue] computeEnvironments must be all EC2 (EC2, SPOT) or all Fargate (FARGATE, FARGATE_SPOT), '
      + 'got TestStack/Spot: SPOT, TestStack/Fargate: FARGATE. Put the Fargate environments in a separate job queue');
  });

  test.each([
    [ComputeResourceType.ON_DEMAND, ComputeResourceType.SPOT],
    [ComputeResourceType.FARGATE, ComputeResourceType.FARGATE_SPOT],
    [undefined, ComputeResourceType.FARGATE],
  ])('%p with %p synthesizes', (first, second) => {
    const stack = testStack();
    new JobQueue(stack, 'Queue', {
      computeEnvironments: [
        { computeEnvironment: importedEnvironment(stack, 'First', first), order: 1 },
        { computeEnvironment: importedEnvironment(stack, 'Second', second), order: 2 },
      ],
    });
    expect(queueProperties(synthTemplate(stack)).ComputeEnvironmentOrder).toHaveLength(2);
  });
});

describe('JobQueue scheduling policy', () => {
  test('renders the policy ARN', () => {
    const stack = testStack();
    const policy = new SchedulingPolicy(stack, 'Policy');
    new JobQueue(stack, 'Queue', {
      schedulingPolicy: policy,
      computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }],
    });
    const template = synthTemplate(stack);
    expect(queueProperties(template).SchedulingPolicyArn).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(policy.node.defaultChild as any), 'Arn'] });
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

  test.each([Duration.seconds(599), Duration.seconds(86401)])('maxTime %s fails with the allowed range', (maxTime) => {
    expect(() => queueWith({ jobStateTimeLimitActions: [{ reason, maxTime }] })).toThrow(
      `[TestStack/Queue] jobStateTimeLimitActions[0].maxTime must be between 10 minutes and 1 day, got ${maxTime.toHumanString()}`);
  });

  test.each([600, 86400])('maxTime %p seconds synthesizes', (seconds) => {
    const { stack } = queueWith({ jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(seconds) }] });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions[0].MaxTimeSeconds).toBe(seconds);
  });

  test('a fraction of a second fails', () => {
    expect(() => queueWith({ jobStateTimeLimitActions: [{ reason, maxTime: Duration.millis(600_500) }] })).toThrow(
      '[TestStack/Queue] jobStateTimeLimitActions[0].maxTime must be a whole number of seconds, got 10 minutes 500 millis');
  });

  test('a maxTime token is not checked', () => {
    const stack = testStack();
    const seconds = new CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber;
    new JobQueue(stack, 'Queue', {
      computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }],
      jobStateTimeLimitActions: [{ reason, maxTime: Duration.seconds(seconds) }],
    });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions[0].MaxTimeSeconds).toEqual({ Ref: 'Seconds' });
  });

  test('TERMINATE fails: Batch accepts it only on SageMaker service environment queues', () => {
    expect(() => queueWith({ jobStateTimeLimitActions: [{ reason, maxTime: Duration.hours(1), action: JobStateTimeLimitActionType.TERMINATE }] }))
      .toThrow('[TestStack/Queue] jobStateTimeLimitActions[0].action must be CANCEL on a queue of compute environments, got "TERMINATE"');
  });

  test('an empty reason fails; a custom reason synthesizes', () => {
    expect(() => queueWith({ jobStateTimeLimitActions: [{ reason: JobStateTimeLimitReason.of(' '), maxTime: Duration.hours(1) }] }))
      .toThrow('[TestStack/Queue] jobStateTimeLimitActions[0].reason must not be empty, got " "');
    const { stack } = queueWith({
      jobStateTimeLimitActions: [{ reason: JobStateTimeLimitReason.of('MISCONFIGURATION:NEW_REASON'), maxTime: Duration.hours(1) }],
    });
    expect(queueProperties(synthTemplate(stack)).JobStateTimeLimitActions[0].Reason).toBe('MISCONFIGURATION:NEW_REASON');
  });
});

describe('JobQueue imports', () => {
  test('fromJobQueueArn takes the name from the ARN', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueArn(stack, 'Imported', 'arn:aws:batch:eu-west-1:111122223333:job-queue/HighPriority');
    expect(queue.jobQueueName).toBe('HighPriority');
    expect(queue.env).toEqual({ account: '111122223333', region: 'eu-west-1' });
  });

  test('fromJobQueueName builds the ARN in the stack account and region', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueName(stack, 'Imported', 'LowPriority');
    expect(stack.resolve(queue.jobQueueArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-queue/LowPriority']],
    });
  });
});

describe('JobQueue grantSubmitJob', () => {
  test('grants SubmitJob on the queue and every revision of the definition, nothing wider', () => {
    const { stack, queue } = queueWith();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    queue.grantSubmitJob(role, importedDefinition(stack, 'Definition', 'migrate'));
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'batch:SubmitJob',
          Effect: 'Allow',
          Resource: [
            { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as any), 'JobQueueArn'] },
            // Imported by literal ARN: granted in that ARN's partition, region and account.
            'arn:aws:batch:us-east-1:123456789012:job-definition/migrate:*',
          ],
        }],
      },
    });
  });

  test('an imported queue grants on its ARN', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueArn(stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:job-queue/HighPriority');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    queue.grantSubmitJob(role, importedDefinition(stack, 'Definition', 'migrate'));
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [Match.objectLike({
          Action: 'batch:SubmitJob',
          Resource: Match.arrayWith(['arn:aws:batch:us-east-1:123456789012:job-queue/HighPriority']),
        })],
      },
    });
  });
});

describe('JobQueue job events', () => {
  function ruleOf(template: Template): Record<string, any> {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    return rules[0].Properties;
  }

  test('onJobStateChange matches Batch job state changes of this queue only, with the target', () => {
    const { stack, queue } = queueWith();
    const topic = new sns.Topic(stack, 'Topic');
    queue.onJobStateChange('Changes', { target: new targets.SnsTopic(topic) });
    const rule = ruleOf(synthTemplate(stack));
    expect(rule.EventPattern).toEqual({
      'source': ['aws.batch'],
      'detail-type': ['Batch Job State Change'],
      'detail': { jobQueue: [{ 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as any), 'JobQueueArn'] }] },
    });
    expect(rule.Targets).toHaveLength(1);
  });

  test('statuses filter detail.status', () => {
    const { stack, queue } = queueWith();
    queue.onJobStateChange('Changes', { statuses: [JobStatus.RUNNING, JobStatus.RUNNABLE, JobStatus.RUNNING] });
    expect(ruleOf(synthTemplate(stack)).EventPattern.detail.status).toEqual(['RUNNING', 'RUNNABLE']);
  });

  test('an empty statuses list fails', () => {
    const { queue } = queueWith();
    expect(() => queue.onJobStateChange('Changes', { statuses: [] })).toThrow(
      '[TestStack/Queue] statuses must have at least 1 entry, got 0. An empty list matches no event: omit statuses to match every status');
  });

  test('SUBMITTED fails: Batch sends no event for it', () => {
    const { queue } = queueWith();
    expect(() => queue.onJobStateChange('Changes', { statuses: [JobStatus.SUBMITTED, JobStatus.RUNNING] })).toThrow(
      '[TestStack/Queue] statuses must not include SUBMITTED, got ["SUBMITTED", "RUNNING"]. Batch sends no event for the initial submission');
  });

  test.each([
    ['onJobFailed', 'FAILED'],
    ['onJobSucceeded', 'SUCCEEDED'],
  ] as const)('%s matches %s with name and description', (method, status) => {
    const { stack, queue } = queueWith();
    const rule: events.Rule = queue[method]('Rule', { ruleName: 'jobs-rule', description: 'jobs' });
    const properties = ruleOf(synthTemplate(stack));
    expect(properties.EventPattern.detail.status).toEqual([status]);
    expect(properties.Name).toBe('jobs-rule');
    expect(properties.Description).toBe('jobs');
    expect(rule.node.scope).toBe(queue);
  });

  test('an imported queue matches its literal ARN', () => {
    const stack = testStack();
    const arn = 'arn:aws:batch:us-east-1:123456789012:job-queue/HighPriority';
    JobQueue.fromJobQueueArn(stack, 'Imported', arn).onJobFailed('Failed');
    expect(ruleOf(synthTemplate(stack)).EventPattern.detail.jobQueue).toEqual([arn]);
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
    // The fixed reference names are acknowledged, so they leave no warning.
    synthAnnotations(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('the same compute environment created in this app', () => {
  test('listed twice fails, naming it by path (its ARN is a token)', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const fargate = new ComputeEnvironment(stack, 'Fargate', { computeResources: { vpc, type: ComputeResourceType.FARGATE } });
    new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: fargate, order: 1 }, { computeEnvironment: fargate, order: 2 }] });
    expect(() => synthTemplate(stack)).toThrow(
      '[TestStack/Queue] computeEnvironments must list each compute environment once, got TestStack/Fargate more than once');
  });
});
