import { ArnFormat, CfnElement, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  ConsumableResource, ConsumableResourceType, DeployTimeJob, DeployTimeJobProps, IJobDefinition, IJobQueue, JobDefinition, JobQueue,
  ServiceEnvironment,
} from '../../src';
import { JobRunner } from '../../src/deploy-time-job/job-runner';
import { HANDLER_SINGLETON_ID, SUBMITTED_BY_TAG } from '../../src/deploy-time-job/protocol';
import { countByType, synthTemplate, testStack } from '../synth';

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
    new DeployTimeJob(stack, 'B', { jobQueue: low, jobDefinition: smoke, tags: { team: 'data', purpose: 'smoke' } });
    new DeployTimeJob(stack, 'C', { jobQueue: high, jobDefinition: smoke }); // nothing new to allow
    const arn = (resource: string, resourceName: string) =>
      stack.resolve(stack.formatArn({ service: 'batch', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
    const REQUEST_TAGS = {
      'StringEquals': { [`aws:RequestTag/${SUBMITTED_BY_TAG}`]: { Ref: 'AWS::StackId' } },
      // The runner's tag and the keys of the stack's jobs' tags, no others.
      'ForAllValues:StringEquals': { 'aws:TagKeys': [SUBMITTED_BY_TAG, 'team', 'purpose'] },
    };
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
            Action: 'batch:SubmitJob',
            Resource: arn('job', '*'),
            Condition: REQUEST_TAGS,
          },
          {
            // Both readings of a tagged SubmitJob: authorized on the new job, or on the queue and definition.
            Effect: 'Allow',
            Action: 'batch:TagResource',
            Resource: [
              arn('job', '*'),
              `${ARN_PREFIX}:job-queue/HighPriority`,
              `${ARN_PREFIX}:job-definition/migrate`,
              `${ARN_PREFIX}:job-definition/migrate:*`,
              `${ARN_PREFIX}:job-queue/LowPriority`,
              `${ARN_PREFIX}:job-definition/smoke`,
              `${ARN_PREFIX}:job-definition/smoke:*`,
            ],
            Condition: REQUEST_TAGS,
          },
          {
            Effect: 'Deny',
            Action: ['batch:TagResource', 'batch:UntagResource'],
            Resource: arn('job', '*'),
            Condition: { Null: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: 'false' } },
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


describe('log group settings (DeployTimeJob.configureRunner)', () => {
  test('defaults: one month, no KMS key, retained', () => {
    const { stack } = jobWith();
    const template = synthTemplate(stack);
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(Object.values<any>(template.findResources('AWS::Logs::LogGroup'))[0].Properties.KmsKeyId).toBeUndefined();
  });

  test('retention and a key of the app, before or after the jobs; the key lets CloudWatch Logs of the region use it', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    DeployTimeJob.configureRunner(stack, { logRetention: logs.RetentionDays.ONE_YEAR, logEncryptionKey: key });
    new DeployTimeJob(stack, 'A', { jobQueue: queue(stack), jobDefinition: definition(stack) });
    new DeployTimeJob(stack, 'B', { jobQueue: queue(stack), jobDefinition: definition(stack) });
    DeployTimeJob.configureRunner(stack, { logRetention: logs.RetentionDays.ONE_YEAR, logEncryptionKey: key }); // the same again: fine
    const template = synthTemplate(stack);
    expect(countByType(template)).toMatchObject({ 'AWS::Logs::LogGroup': 1, 'AWS::Lambda::Function': 1 });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: {
            ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:*']] } },
          },
        }]),
      },
    });
  });

  test('an imported key and infinite retention', () => {
    const { stack } = jobWith();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    DeployTimeJob.configureRunner(stack, { logRetention: logs.RetentionDays.INFINITE, logEncryptionKey: key });
    const [logGroup] = Object.values<any>(synthTemplate(stack).findResources('AWS::Logs::LogGroup'));
    expect(logGroup.Properties).toEqual({ KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
  });

  test('other settings for the same stack are rejected: one runner serves every job', () => {
    const { stack } = jobWith();
    DeployTimeJob.configureRunner(stack, { logRetention: logs.RetentionDays.ONE_YEAR });
    expect(() => DeployTimeJob.configureRunner(stack, { logRetention: logs.RetentionDays.ONE_WEEK }))
      .toThrow('[TestStack] DeployTimeJob.configureRunner was called for stack TestStack with other settings before');
  });
});

describe('IAM of SageMaker training jobs', () => {
  function trainingQueue(stack: Stack, id: string) {
    const environment = new ServiceEnvironment(stack, `${id}Capacity`, { capacityLimits: [{ maxCapacity: 4 }] });
    return new JobQueue(stack, id, { serviceEnvironments: [{ serviceEnvironment: environment, order: 1 }] });
  }
  const trainingJob = (role: iam.IRole) => ({ role, trainingImage: 'img', instanceType: 'ml.m5.large', outputPath: 's3://models/out' });

  test('exact statements for two training queues and two execution roles; no container statement', () => {
    const stack = testStack();
    const first = trainingQueue(stack, 'First');
    const second = trainingQueue(stack, 'Second');
    const role = iam.Role.fromRoleArn(stack, 'Exec', 'arn:aws:iam::123456789012:role/Exec');
    const other = iam.Role.fromRoleArn(stack, 'Other', 'arn:aws:iam::123456789012:role/Other');
    new DeployTimeJob(stack, 'A', { jobQueue: first, trainingJob: trainingJob(role) });
    new DeployTimeJob(stack, 'B', { jobQueue: second, trainingJob: trainingJob(other), tags: { team: 'ml' } });
    new DeployTimeJob(stack, 'C', { jobQueue: first, trainingJob: trainingJob(role) }); // nothing new to allow
    const queueArn = (q: JobQueue) => ({ 'Fn::GetAtt': [stack.getLogicalId(q.node.defaultChild as CfnElement), 'JobQueueArn'] });
    const serviceJobs = stack.resolve(stack.formatArn({ service: 'batch', resource: 'service-job', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
    const REQUEST_TAGS = {
      'StringEquals': { [`aws:RequestTag/${SUBMITTED_BY_TAG}`]: { Ref: 'AWS::StackId' } },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [SUBMITTED_BY_TAG, 'team'] },
    };
    const policies = Object.values<any>(synthTemplate(stack).findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'batch:SubmitServiceJob',
        Resource: [queueArn(first), { 'Fn::Join': ['', [queueArn(first), '/quota-share/*']] },
          queueArn(second), { 'Fn::Join': ['', [queueArn(second), '/quota-share/*']] }],
      },
      { Effect: 'Allow', Action: 'batch:SubmitServiceJob', Resource: serviceJobs, Condition: REQUEST_TAGS },
      { Effect: 'Allow', Action: 'batch:TagResource', Resource: [serviceJobs, queueArn(first), queueArn(second)], Condition: REQUEST_TAGS },
      {
        Effect: 'Deny',
        Action: ['batch:TagResource', 'batch:UntagResource'],
        Resource: serviceJobs,
        Condition: { Null: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: 'false' } },
      },
      {
        Effect: 'Allow',
        Action: 'batch:TerminateServiceJob',
        Resource: serviceJobs,
        Condition: { StringEquals: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: { Ref: 'AWS::StackId' } } },
      },
      { Effect: 'Allow', Action: ['batch:DescribeServiceJob', 'batch:ListServiceJobs'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: ['arn:aws:iam::123456789012:role/Exec', 'arn:aws:iam::123456789012:role/Other'],
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [{ 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] }, ':*']] }],
      },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': ['BatchDeployTimeJobHandlerLogGroupDC645163', 'Arn'] },
      },
    ]);
  });

  test('a container job and a training job in one stack: each kind\'s statements once, the runner\'s after the first kind', () => {
    const { stack } = jobWith();
    new DeployTimeJob(stack, 'Train', { jobQueue: trainingQueue(stack, 'Training'), trainingJob: trainingJob(iam.Role.fromRoleArn(stack, 'Exec', 'arn:aws:iam::123456789012:role/Exec')) });
    const [policy] = Object.values<any>(synthTemplate(stack).findResources('AWS::IAM::Policy'));
    expect(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Action)).toEqual([
      'batch:SubmitJob', 'batch:SubmitJob', 'batch:TagResource', ['batch:TagResource', 'batch:UntagResource'], 'batch:TerminateJob',
      ['batch:DescribeJobs', 'batch:ListJobs'], 'lambda:InvokeFunction', ['logs:CreateLogStream', 'logs:PutLogEvents'],
      'batch:SubmitServiceJob', 'batch:SubmitServiceJob', 'batch:TagResource', ['batch:TagResource', 'batch:UntagResource'],
      'batch:TerminateServiceJob', ['batch:DescribeServiceJob', 'batch:ListServiceJobs'], 'iam:PassRole',
    ]);
  });
});
