import { ArnFormat, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  ConsumableResource, ConsumableResourceType, DeployTimeJob, DeployTimeJobProps, IJobDefinition, IJobQueue, JobDefinition, JobQueue,
} from '../../src';
import { JobRunner } from '../../src/deploy-time-job/job-runner';
import { HANDLER_SINGLETON_ID, SUBMITTED_BY_TAG } from '../../src/deploy-time-job/protocol';
import { synthTemplate, testStack } from '../synth';

const ARN_PREFIX = 'arn:aws:batch:us-east-1:123456789012';

function queue(stack: Stack, name = 'HighPriority'): IJobQueue {
  return stack.node.tryFindChild(`Queue${name}`) as IJobQueue | undefined
    ?? JobQueue.fromJobQueueArn(stack, `Queue${name}`, `${ARN_PREFIX}:job-queue/${name}`);
}
function definition(stack: Stack, name = 'sleep10', revision = 3): IJobDefinition {
  return stack.node.tryFindChild(`Definition${name}`) as IJobDefinition | undefined
    ?? JobDefinition.fromJobDefinitionArn(stack, `Definition${name}`, `${ARN_PREFIX}:job-definition/${name}:${revision}`);
}

/** A stack with one job of the given props; queue and definition default to HighPriority / sleep10. */
function jobWith(props: Partial<DeployTimeJobProps> = {}, stack = testStack()) {
  const job = new DeployTimeJob(stack, 'Job', { jobQueue: queue(stack), jobDefinition: definition(stack), ...props });
  return { stack, job };
}

describe('the runner', () => {
  test('one per stack, under the id it had as the handler', () => {
    const { stack, job } = jobWith();
    new DeployTimeJob(stack, 'Second', { jobQueue: queue(stack), jobDefinition: definition(stack) });
    const runner = JobRunner.of(job);
    expect(runner.node.path).toBe(`TestStack/${HANDLER_SINGLETON_ID}`);
    expect(JobRunner.of(stack)).toBe(runner);
  });

  test('the handler function: the newest Node.js runtime, 15 minutes, 256 MB, stack id and name, a stable logical id', () => {
    const { stack } = jobWith();
    const template = synthTemplate(stack);
    template.templateMatches({
      Resources: {
        [HANDLER_SINGLETON_ID]: {
          Type: 'AWS::Lambda::Function',
          Properties: Match.objectLike({
            Runtime: 'nodejs24.x',
            Handler: 'index.handler',
            Timeout: 900,
            MemorySize: 256,
            Environment: { Variables: { SUBMITTED_BY: { Ref: 'AWS::StackId' }, STACK_NAME: { Ref: 'AWS::StackName' } } },
            LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^BatchDeployTimeJobHandlerLogGroup') } },
          }),
        },
      },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
  });

});

describe('IAM', () => {
  test('exact statements for two queues and two job definitions', () => {
    const stack = testStack();
    const high = queue(stack, 'HighPriority');
    const low = queue(stack, 'LowPriority');
    const migrate = definition(stack, 'migrate');
    const smoke = definition(stack, 'smoke');
    new DeployTimeJob(stack, 'A', { jobQueue: high, jobDefinition: migrate });
    new DeployTimeJob(stack, 'B', { jobQueue: low, jobDefinition: smoke });
    new DeployTimeJob(stack, 'C', { jobQueue: high, jobDefinition: smoke }); // nothing new to allow
    const arn = (resource: string, resourceName: string) =>
      stack.resolve(stack.formatArn({ service: 'batch', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'batch:SubmitJob',
            Resource: [
              `${ARN_PREFIX}:job-queue/HighPriority`,
              // Imported by literal ARN: granted in that ARN's partition, region and account.
              `${ARN_PREFIX}:job-definition/migrate`,
              `${ARN_PREFIX}:job-definition/migrate:*`,
              `${ARN_PREFIX}:job-queue/LowPriority`,
              `${ARN_PREFIX}:job-definition/smoke`,
              `${ARN_PREFIX}:job-definition/smoke:*`,
            ],
          },
          {
            Effect: 'Allow',
            Action: ['batch:SubmitJob', 'batch:TagResource'],
            Resource: arn('job', '*'),
            Condition: { StringEquals: { [`aws:RequestTag/${SUBMITTED_BY_TAG}`]: { Ref: 'AWS::StackId' } } },
          },
          {
            Effect: 'Allow',
            Action: 'batch:TerminateJob',
            Resource: arn('job', '*'),
            Condition: { StringEquals: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: { Ref: 'AWS::StackId' } } },
          },
          { Effect: 'Allow', Action: ['batch:DescribeJobs', 'batch:ListJobs'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: [
              { 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] }, ':*']] },
            ],
          },
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BatchDeployTimeJobHandlerLogGroup'), 'Arn'] },
          },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^BatchDeployTimeJobHandlerRole') }],
    });
  });

  test('SubmitJob also on the consumable resources the job needs: the definition\'s and the overrides\'', () => {
    const stack = testStack();
    const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
    const tokens = ConsumableResource.fromConsumableResourceArn(stack, 'Tokens', `${ARN_PREFIX}:consumable-resource/tokens`);
    const jobDefinition = new JobDefinition(stack, 'Def', {
      jobDefinitionName: 'licensed', container: { image: ecs.ContainerImage.fromRegistry('busybox') }, consumableResources: [{ resource: licenses, quantity: 1 }],
    });
    new DeployTimeJob(stack, 'Job', {
      jobQueue: queue(stack, 'HighPriority'), jobDefinition, consumableResourcePropertiesOverride: [{ resource: tokens, quantity: 1 }],
    });
    const [policy] = Object.values<any>(synthTemplate(stack).findResources('AWS::IAM::Policy'));
    expect(policy.Properties.PolicyDocument.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: 'batch:SubmitJob',
      Resource: [
        `${ARN_PREFIX}:job-queue/HighPriority`,
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-definition/licensed']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-definition/licensed:*']] },
        { Ref: stack.getLogicalId(licenses.node.defaultChild as any) },
        `${ARN_PREFIX}:consumable-resource/tokens`,
      ],
    });
  });

  test('the role has no other permissions', () => {
    const { stack } = jobWith();
    const roles = synthTemplate(stack).findResources('AWS::IAM::Role');
    const [role] = Object.values<any>(roles);
    expect(Object.keys(role.Properties).sort()).toEqual(['AssumeRolePolicyDocument', 'Description']);
  });
});

