/**
 * The QuotaShare construct: its template (validated against the CloudFormation schema),
 * its name and ARN, the synth-time rules across shares, and imports.
 */
import { App, CfnElement, CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import {
  CapacityUnit, IJobQueue, JobQueue, QuotaShare, QuotaShareProps, ResourceSharingStrategy, SchedulingPolicy, ServiceEnvironment,
} from '../../src';
import { testArn } from '../fixtures';
import { countByType, synthTemplate, testStack } from '../synth';

const G5 = CapacityUnit.instanceType('ml.g5.xlarge');

function importedQueue(stack: Stack): IJobQueue {
  return (stack.node.tryFindChild('Queue') as IJobQueue | undefined) ?? JobQueue.fromJobQueueArn(stack, 'Queue', testArn('job-queue', 'training'));
}

function share(stack: Stack, id = 'TeamA', props: Partial<QuotaShareProps> = {}): QuotaShare {
  return new QuotaShare(stack, id, { jobQueue: importedQueue(stack), capacityLimits: [{ capacityUnit: G5, maxCapacity: 4 }], ...props });
}

describe('template', () => {
  test('defaults: a name from the path, RESERVE, no in-share preemption, enabled', () => {
    const stack = testStack();
    share(stack);
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::QuotaShare': 1 });
    template.hasResourceProperties('AWS::Batch::QuotaShare', {
      QuotaShareName: 'TestStackTeamAC8EA3CBB',
      JobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/training',
      CapacityLimits: [{ CapacityUnit: 'ml.g5.xlarge', MaxCapacity: 4 }],
      ResourceSharingConfiguration: { Strategy: 'RESERVE', BorrowLimit: Match.absent() },
      PreemptionConfiguration: { InSharePreemption: 'DISABLED' },
      State: 'ENABLED',
      Tags: Match.absent(),
    });
  });

  test('every property', () => {
    const stack = testStack();
    share(stack, 'TeamB', {
      quotaShareName: 'team-b',
      capacityLimits: [{ capacityUnit: G5, maxCapacity: 4 }, { capacityUnit: CapacityUnit.instanceType('ml.p4d.24xlarge'), maxCapacity: 1 }],
      resourceSharingConfiguration: { strategy: ResourceSharingStrategy.LEND_AND_BORROW, borrowLimit: 200 },
      preemptionConfiguration: { inSharePreemption: true },
      enabled: false,
      tags: { team: 'b' },
    });
    synthTemplate(stack).hasResourceProperties('AWS::Batch::QuotaShare', {
      QuotaShareName: 'team-b',
      JobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/training',
      CapacityLimits: [{ CapacityUnit: 'ml.g5.xlarge', MaxCapacity: 4 }, { CapacityUnit: 'ml.p4d.24xlarge', MaxCapacity: 1 }],
      ResourceSharingConfiguration: { Strategy: 'LEND_AND_BORROW', BorrowLimit: 200 },
      PreemptionConfiguration: { InSharePreemption: 'ENABLED' },
      State: 'DISABLED',
      Tags: { team: 'b' },
    });
  });

  test.each([ResourceSharingStrategy.LEND, ResourceSharingStrategy.RESERVE])('strategy %s', (strategy) => {
    const stack = testStack();
    share(stack, 'TeamA', { resourceSharingConfiguration: { strategy } });
    synthTemplate(stack).hasResourceProperties('AWS::Batch::QuotaShare', { ResourceSharingConfiguration: { Strategy: strategy } });
  });

  test('Tags.of adds tags through the tag manager', () => {
    const stack = testStack();
    Tags.of(share(stack)).add('cost-center', '42');
    synthTemplate(stack).hasResourceProperties('AWS::Batch::QuotaShare', { Tags: { 'cost-center': '42' } });
  });

  test('a generated name is the construct path, letters and digits, stable and unique', () => {
    const stack = testStack();
    const top = share(stack, 'TeamA');
    const nested = share(stack, 'Nested');
    const inGroup = new QuotaShare(new Construct(stack, 'Group'), 'TeamA', {
      jobQueue: importedQueue(stack),
      capacityLimits: [{ capacityUnit: G5, maxCapacity: 1 }],
    });
    expect(top.quotaShareName).toBe('TestStackTeamAC8EA3CBB');
    expect(nested.quotaShareName).toMatch(/^TestStackNested[A-F0-9]{8}$/);
    expect(inGroup.quotaShareName).toMatch(/^TestStackGroupTeamA[A-F0-9]{8}$/);
    expect(share(testStack(), 'TeamA').quotaShareName).toBe(top.quotaShareName);
  });

  test('the ARN is the Ref; in another environment it names the queue and the share', () => {
    const stack = testStack();
    const s = share(stack);
    expect(stack.resolve(s.quotaShareArn)).toEqual({ Ref: stack.getLogicalId(s.node.defaultChild as CfnElement) });
    const other = new Stack(stack.node.root as App, 'User', { env: { account: '222222222222', region: 'us-east-1' } });
    expect(other.resolve(s.quotaShareArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-queue/training/quota-share/TestStackTeamAC8EA3CBB']],
    });
  });

  test('errors fail at construction with the construct path', () => {
    expect(() => share(testStack(), 'TeamA', { capacityLimits: [] })).toThrow(
      '[TestStack/TeamA] capacityLimits must have between 1 and 5 entries, got 0. Give the share at least one instance type and its maximum instances');
  });
});

describe('shares per queue (checked at synth)', () => {
  test('20 shares on one queue synthesize', () => {
    const stack = testStack();
    for (let i = 0; i < 20; i++) share(stack, `Team${i}`);
    expect(countByType(synthTemplate(stack))).toEqual({ 'AWS::Batch::QuotaShare': 20 });
  });

  test('the 21st share of one queue fails, named by its path', () => {
    const stack = testStack();
    for (let i = 0; i < 21; i++) share(stack, `Team${i}`);
    expect(() => synthTemplate(stack)).toThrow(/\[TestStack\/Team20\] jobQueue \(TestStack\/Queue\) must have at most 20 quota shares, got 21/);
  });

  test('two imports of one queue ARN count as one queue', () => {
    const stack = testStack();
    for (let i = 0; i < 21; i++) {
      new QuotaShare(stack, `Team${i}`, {
        jobQueue: JobQueue.fromJobQueueArn(stack, `Queue${i}`, testArn('job-queue', 'training')),
        capacityLimits: [{ capacityUnit: G5, maxCapacity: 1 }],
      });
    }
    expect(() => synthTemplate(stack)).toThrow(/\[TestStack\/Team20\] jobQueue \(TestStack\/Queue20\) must have at most 20 quota shares, got 21/);
  });

  test('shares of different queues do not add up', () => {
    const stack = testStack();
    for (let i = 0; i < 21; i++) {
      new QuotaShare(stack, `Team${i}`, {
        jobQueue: JobQueue.fromJobQueueArn(stack, `Queue${i}`, testArn('job-queue', i < 11 ? 'a' : 'b')),
        capacityLimits: [{ capacityUnit: G5, maxCapacity: 1 }],
      });
    }
    expect(countByType(synthTemplate(stack))).toEqual({ 'AWS::Batch::QuotaShare': 21 });
  });
});

describe('imports', () => {
  const ARN = 'arn:aws:batch:us-east-1:123456789012:job-queue/training/quota-share/team-a';

  test('by ARN: the name is the last part', () => {
    const imported = QuotaShare.fromQuotaShareArn(testStack(), 'Imported', ARN);
    expect(imported.quotaShareName).toBe('team-a');
    expect(imported.quotaShareArn).toBe(ARN);
  });

  test('by a token ARN: the name is the fourth part after /', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'ShareArn').valueAsString;
    const imported = QuotaShare.fromQuotaShareArn(stack, 'Imported', arn);
    expect(stack.resolve(imported.quotaShareName)).toEqual({ 'Fn::Select': [3, { 'Fn::Split': ['/', { Ref: 'ShareArn' }] }] });
  });

  test('of another account: the share is that account\'s', () => {
    const imported = QuotaShare.fromQuotaShareArn(testStack(), 'Imported', 'arn:aws:batch:eu-west-1:111111111111:job-queue/q/quota-share/s');
    expect(imported.env).toEqual({ account: '111111111111', region: 'eu-west-1' });
  });

  test('a job queue ARN is not a quota share ARN', () => {
    expect(() => QuotaShare.fromQuotaShareArn(testStack(), 'Imported', testArn('job-queue', 'training'))).toThrow(
      '[TestStack] Imported: quotaShareArn must be a quota share ARN (arn:PARTITION:batch:REGION:ACCOUNT:job-queue/QUEUE/quota-share/NAME), '
      + 'got "arn:aws:batch:us-east-1:123456789012:job-queue/training"');
  });
});

describe('fit with a queue created here (checked at synth)', () => {
  function trainingQueue(stack: Stack, policy?: SchedulingPolicy): JobQueue {
    const environment = new ServiceEnvironment(stack, 'Training', {
      capacityLimits: [{ maxCapacity: 8, capacityUnit: G5 }, { maxCapacity: 2, capacityUnit: CapacityUnit.instanceType('ml.p4d.24xlarge') }],
    });
    return new JobQueue(stack, 'Queue', { serviceEnvironments: [{ serviceEnvironment: environment, order: 1 }], schedulingPolicy: policy });
  }

  test('a share of a quota-management queue depends on it and synthesizes', () => {
    const stack = testStack();
    const queue = trainingQueue(stack, new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} }));
    share(stack, 'TeamA', { jobQueue: queue });
    synthTemplate(stack).hasResourceProperties('AWS::Batch::QuotaShare', {
      JobQueue: { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as CfnElement), 'JobQueueArn'] },
    });
  });

  test('a share of a queue without a quota-share policy fails synth', () => {
    const stack = testStack();
    share(stack, 'TeamA', { jobQueue: trainingQueue(stack) });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/TeamA] jobQueue must have a quota-share scheduling policy, got "TestStack/Queue"');
  });

  test('a share of a queue with a fair-share policy fails synth', () => {
    const stack = testStack();
    share(stack, 'TeamA', { jobQueue: trainingQueue(stack, new SchedulingPolicy(stack, 'Fair')) });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/TeamA] jobQueue must have a quota-share scheduling policy, got "TestStack/Queue"');
  });

  test('an instance type the service environment does not limit warns with the rule id', () => {
    const stack = testStack();
    const queue = trainingQueue(stack, new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} }));
    share(stack, 'TeamA', { jobQueue: queue, capacityLimits: [{ capacityUnit: CapacityUnit.instanceType('ml.m5.large'), maxCapacity: 1 }] });
    synthTemplate(stack);
    Annotations.fromStack(stack).hasWarning('/TestStack/TeamA/Resource', Match.stringLikeRegexp(
      'capacityLimits\\[0\\]\\.capacityUnit should be one of the service environment\'s instance types \\("ml.g5.xlarge" or "ml.p4d.24xlarge"\\), '
      + 'got "ml.m5.large".*quota-share:unitNotInServiceEnvironment'));
  });
});
