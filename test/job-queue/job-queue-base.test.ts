import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { importedEnvironment } from './environments';
import { IJobDefinition, JobDefinition, JobQueue, JobStatus, ServiceEnvironment } from '../../src';
import { testArn } from '../fixtures';
import { synthAnnotations, synthTemplate, testStack } from '../synth';

/** What every queue has, created or imported: the SubmitJob grant and the job event rules. */

/** A job definition imported by ARN (`.../job-definition/<name>:1`). */
function importedDefinition(stack: Stack, id: string, name: string): IJobDefinition {
  return JobDefinition.fromJobDefinitionArn(stack, id, `${testArn('job-definition', name)}:1`);
}

function createdQueue() {
  const stack = testStack();
  const queue = new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: importedEnvironment(stack, 'Ce'), order: 1 }] });
  return { stack, queue };
}

const queueArnOf = (stack: Stack, queue: JobQueue) => ({ 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as any), 'JobQueueArn'] });

describe('grantSubmitJob', () => {
  test('grants SubmitJob on the queue and every revision of the definition, nothing wider', () => {
    const { stack, queue } = createdQueue();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    queue.grantSubmitJob(role, importedDefinition(stack, 'Definition', 'migrate'));
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'batch:SubmitJob',
          Effect: 'Allow',
          Resource: [
            queueArnOf(stack, queue),
            // Imported by literal ARN: granted in that ARN's partition, region and account.
            'arn:aws:batch:us-east-1:123456789012:job-definition/migrate:*',
          ],
        }],
      },
    });
  });

  test('an imported queue grants on its ARN', () => {
    const stack = testStack();
    const queue = JobQueue.fromJobQueueArn(stack, 'Imported', testArn('job-queue', 'HighPriority'));
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

describe('job events', () => {
  function ruleOf(template: Template): Record<string, any> {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    return rules[0].Properties;
  }

  test('onJobStateChange matches Batch job state changes of this queue only, with the target', () => {
    const { stack, queue } = createdQueue();
    const topic = new sns.Topic(stack, 'Topic');
    queue.onJobStateChange('Changes', { target: new targets.SnsTopic(topic) });
    const rule = ruleOf(synthTemplate(stack));
    expect(rule.EventPattern).toEqual({
      'source': ['aws.batch'],
      'detail-type': ['Batch Job State Change'],
      'detail': { jobQueue: [queueArnOf(stack, queue)] },
    });
    expect(rule.Targets).toHaveLength(1);
  });

  test('statuses filter detail.status, each once', () => {
    const { stack, queue } = createdQueue();
    queue.onJobStateChange('Changes', { statuses: [JobStatus.RUNNING, JobStatus.RUNNABLE, JobStatus.RUNNING] });
    expect(ruleOf(synthTemplate(stack)).EventPattern.detail.status).toEqual(['RUNNING', 'RUNNABLE']);
  });

  test('an empty statuses list fails with the queue path (the rules: job-queue-rules.test.ts)', () => {
    const { queue } = createdQueue();
    expect(() => queue.onJobStateChange('Changes', { statuses: [] })).toThrow(
      '[TestStack/Queue] statuses must have at least 1 entry, got 0. An empty list matches no event: omit statuses to match every status');
  });

  test('SUBMITTED renders (the pattern is valid) with a warning: Batch sends no event for it', () => {
    const { stack, queue } = createdQueue();
    queue.onJobStateChange('Changes', { statuses: [JobStatus.SUBMITTED, JobStatus.RUNNING] });
    synthAnnotations(stack).hasWarning('/TestStack/Queue', Match.stringLikeRegexp(
      'statuses should not include SUBMITTED, got \\["SUBMITTED", "RUNNING"\\]\\. Batch sends no event for the initial submission.*'
      + 'job-queue:eventNoSubmitted'));
    expect(ruleOf(synthTemplate(stack)).EventPattern.detail.status).toEqual(['SUBMITTED', 'RUNNING']);
  });

  test.each([
    ['onJobFailed', 'FAILED'],
    ['onJobSucceeded', 'SUCCEEDED'],
  ] as const)('%s matches %s with name and description', (method, status) => {
    const { stack, queue } = createdQueue();
    const rule: events.Rule = queue[method]('Rule', { ruleName: 'jobs-rule', description: 'jobs' });
    const properties = ruleOf(synthTemplate(stack));
    expect(properties.EventPattern.detail.status).toEqual([status]);
    expect(properties.Name).toBe('jobs-rule');
    expect(properties.Description).toBe('jobs');
    expect(rule.node.scope).toBe(queue);
  });

  test('an imported queue matches its literal ARN', () => {
    const stack = testStack();
    const arn = testArn('job-queue', 'HighPriority');
    JobQueue.fromJobQueueArn(stack, 'Imported', arn).onJobFailed('Failed');
    expect(ruleOf(synthTemplate(stack)).EventPattern.detail.jobQueue).toEqual([arn]);
  });
});

describe('job events of a SageMaker training queue', () => {
  test('service jobs send Batch Service Job State Change; the rule matches those, with SCHEDULED as a status', () => {
    const stack = testStack();
    const environment = new ServiceEnvironment(stack, 'Training', { capacityLimits: [{ maxCapacity: 4 }] });
    const queue = new JobQueue(stack, 'Queue', { serviceEnvironments: [{ serviceEnvironment: environment, order: 1 }] });
    queue.onJobStateChange('Scheduled', { statuses: [JobStatus.SCHEDULED] });
    queue.onJobFailed('Failed');
    const queueArn = { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as any), 'JobQueueArn'] };
    const patterns = Object.values<any>(synthTemplate(stack).findResources('AWS::Events::Rule')).map((rule) => rule.Properties.EventPattern);
    expect(patterns).toEqual([
      { 'source': ['aws.batch'], 'detail-type': ['Batch Service Job State Change'], 'detail': { jobQueue: [queueArn], status: ['SCHEDULED'] } },
      { 'source': ['aws.batch'], 'detail-type': ['Batch Service Job State Change'], 'detail': { jobQueue: [queueArn], status: ['FAILED'] } },
    ]);
  });

  test('a service environment added after the rule still decides its detail type', () => {
    const stack = testStack();
    const queue = new JobQueue(stack, 'Queue');
    queue.onJobSucceeded('Done');
    queue.addServiceEnvironment(ServiceEnvironment.fromServiceEnvironmentArn(stack, 'Se', testArn('service-environment', 'ml')), 1);
    synthTemplate(stack).hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ 'detail-type': ['Batch Service Job State Change'] }) });
  });
});
