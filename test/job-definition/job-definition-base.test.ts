import { CfnParameter } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IJobQueue, JobDefinition } from '../../src';
import { testArn } from '../fixtures';
import { synthTemplate, testStack } from '../synth';

/** Imports (their input checked) and the SubmitJob grant every job definition has. */

const QUEUE = { jobQueueArn: testArn('job-queue', 'q'), jobQueueName: 'q' } as IJobQueue;

describe('fromJobDefinitionArn', () => {
  test('takes the name out of job-definition/NAME:REVISION', () => {
    const stack = testStack();
    const imported = JobDefinition.fromJobDefinitionArn(stack, 'Imported', testArn('job-definition', 'sleep10:3'));
    expect(imported.jobDefinitionName).toBe('sleep10');
    expect(imported.jobDefinitionArn).toBe('arn:aws:batch:us-east-1:123456789012:job-definition/sleep10:3');
  });

  test('an ARN without a revision names the definition too', () => {
    expect(JobDefinition.fromJobDefinitionArn(testStack(), 'Imported', testArn('job-definition', 'sleep10')).jobDefinitionName).toBe('sleep10');
  });

  test('a token ARN: the name is selected at deploy time', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    const imported = JobDefinition.fromJobDefinitionArn(stack, 'Imported', arn);
    expect(stack.resolve(imported.jobDefinitionName)).toEqual({
      'Fn::Select': [0, { 'Fn::Split': [':', expect.anything()] }],
    });
  });

  const ARN_ALLOWED = 'Imported: jobDefinitionArn must be a job definition ARN (arn:PARTITION:batch:REGION:ACCOUNT:job-definition/NAME[:REVISION])';
  test.each([
    ['a name', 'sleep10'],
    ['a job queue ARN', testArn('job-queue', 'q')],
    ['a revision 0', testArn('job-definition', 'sleep10:0')],
    ['a name with a space', testArn('job-definition', 'sleep 10:1')],
  ])('rejects %s with the construct path, the value and what is allowed', (_case, arn) => {
    expect(() => JobDefinition.fromJobDefinitionArn(testStack(), 'Imported', arn)).toThrow(`[TestStack] ${ARN_ALLOWED}, got "${arn}"`);
  });
});

describe('fromJobDefinitionName', () => {
  test('builds the ARN without a revision in the stack\'s account and region', () => {
    const stack = testStack();
    const imported = JobDefinition.fromJobDefinitionName(stack, 'Imported', 'sleep10');
    expect(imported.jobDefinitionName).toBe('sleep10');
    expect(stack.resolve(imported.jobDefinitionArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-definition/sleep10']],
    });
  });

  test.each([
    ['an ARN', testArn('job-definition', 'sleep10:1')],
    ['a name with a space', 'sleep 10'],
    ['a name of 129 characters', 'n'.repeat(129)],
    ['an empty name', ''],
  ])('rejects %s', (_case, name) => {
    expect(() => JobDefinition.fromJobDefinitionName(testStack(), 'Imported', name))
      .toThrow(`[TestStack] Imported: jobDefinitionName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "${name}"`);
  });

  test('a token name is not judged', () => {
    const stack = testStack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    expect(stack.resolve(JobDefinition.fromJobDefinitionName(stack, 'Imported', name).jobDefinitionName)).toEqual({ Ref: 'Name' });
  });
});

describe('grantSubmitJob', () => {
  test('SubmitJob on the queue and every revision (NAME:*) of a definition of this app', () => {
    const stack = testStack();
    const definition = new JobDefinition(stack, 'Def', { jobDefinitionName: 'sleep10', container: { image: ecs.ContainerImage.fromRegistry('busybox') } });
    const role = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    definition.grantSubmitJob(role, QUEUE);
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'batch:SubmitJob',
          Effect: 'Allow',
          Resource: [
            'arn:aws:batch:us-east-1:123456789012:job-queue/q',
            { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':batch:us-east-1:123456789012:job-definition/sleep10:*']] },
          ],
        }],
      },
    });
  });

  test('an imported definition grants the same way', () => {
    const stack = testStack();
    const imported = JobDefinition.fromJobDefinitionArn(stack, 'Imported', testArn('job-definition', 'x:1'));
    const role = new iam.Role(stack, 'Submitter', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    imported.grantSubmitJob(role, QUEUE);
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: Match.arrayWith(['arn:aws:batch:us-east-1:123456789012:job-definition/x:*']) })] },
    });
  });
});
