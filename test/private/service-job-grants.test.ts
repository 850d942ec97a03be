/**
 * The IAM of submitting service jobs, as exact policy statements.
 */
import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { grantSubmitServiceJob, quotaSharesArn, serviceJobsArn } from '../../src/private/service-job-grants';
import { synthTemplate, TEST_ENV, testStack } from '../synth';

const QUEUE = 'arn:aws:batch:eu-west-1:111111111111:job-queue/training';

function statementsOf(stack: Stack): unknown[] {
  const policies = synthTemplate(stack).findResources('AWS::IAM::Policy');
  return Object.values<any>(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

function submitter(stack: Stack): iam.Role {
  return new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
}

describe('ARNs', () => {
  test('the service jobs of a literal queue ARN live in its partition, region and account', () => {
    const stack = testStack();
    expect(serviceJobsArn(stack, { jobQueueArn: 'arn:aws-cn:batch:cn-north-1:222222222222:job-queue/q', env: TEST_ENV }))
      .toBe('arn:aws-cn:batch:cn-north-1:222222222222:service-job/*');
  });

  test('the service jobs of a token queue ARN live in the queue\'s environment', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'Queue').valueAsString;
    expect(stack.resolve(serviceJobsArn(stack, { jobQueueArn: arn, env: { account: '333333333333', region: 'ap-south-1' } }))).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:ap-south-1:333333333333:service-job/*']],
    });
  });

  test('the quota shares of a queue', () => {
    expect(quotaSharesArn({ jobQueueArn: QUEUE, env: TEST_ENV })).toBe(`${QUEUE}/quota-share/*`);
  });
});

describe('grantSubmitServiceJob', () => {
  test('SubmitServiceJob on the queue, its service jobs and its quota shares, nothing else', () => {
    const stack = testStack();
    grantSubmitServiceJob(stack, submitter(stack), { jobQueueArn: QUEUE, env: TEST_ENV });
    expect(statementsOf(stack)).toEqual([{
      Effect: 'Allow',
      Action: 'batch:SubmitServiceJob',
      Resource: [QUEUE, 'arn:aws:batch:eu-west-1:111111111111:service-job/*', `${QUEUE}/quota-share/*`],
    }]);
  });

  test('with tagging and an execution role: TagResource on the service jobs, PassRole to SageMaker only', () => {
    const stack = testStack();
    const executionRole = iam.Role.fromRoleArn(stack, 'Execution', 'arn:aws:iam::123456789012:role/SageMakerExecution');
    grantSubmitServiceJob(stack, submitter(stack), { jobQueueArn: QUEUE, env: TEST_ENV }, { executionRole, tagging: true });
    expect(statementsOf(stack)).toEqual([
      {
        Effect: 'Allow',
        Action: 'batch:SubmitServiceJob',
        Resource: [QUEUE, 'arn:aws:batch:eu-west-1:111111111111:service-job/*', `${QUEUE}/quota-share/*`],
      },
      { Effect: 'Allow', Action: 'batch:TagResource', Resource: 'arn:aws:batch:eu-west-1:111111111111:service-job/*' },
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::123456789012:role/SageMakerExecution',
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      },
    ]);
  });

  test('the wildcards are acknowledged for cdk-nag on the principal, by exact resource', () => {
    const stack = testStack();
    const role = submitter(stack);
    grantSubmitServiceJob(stack, role, { jobQueueArn: QUEUE, env: TEST_ENV });
    const acknowledged = role.node.metadata.flatMap((entry) => Object.keys(entry.data as object));
    expect(acknowledged).toEqual([
      'AwsSolutions-IAM5[Resource::arn:aws:batch:eu-west-1:111111111111:service-job/*]',
      `AwsSolutions-IAM5[Resource::${QUEUE}/quota-share/*]`,
    ]);
  });
});
