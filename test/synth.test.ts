import { CfnResource } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import { countByType, synthTemplate, testStack } from './synth';

describe('the validating synth helper', () => {
  test('fails a template that the CloudFormation schema rejects', () => {
    const stack = testStack();
    // Priority is an integer in the schema; a string is a schema violation.
    new CfnResource(stack, 'BadQueue', {
      type: 'AWS::Batch::JobQueue',
      properties: { Priority: 'high', ComputeEnvironmentOrder: [] },
    });
    expect(() => synthTemplate(stack)).toThrow(/Priority/);
  });

  test('passes a template the schema accepts and counts its resources', () => {
    const stack = testStack();
    new batch.CfnJobQueue(stack, 'GoodQueue', {
      priority: 1,
      computeEnvironmentOrder: [{ computeEnvironment: 'arn:aws:batch:us-east-1:123456789012:compute-environment/ce', order: 1 }],
    });
    expect(countByType(synthTemplate(stack))).toEqual({ 'AWS::Batch::JobQueue': 1 });
  });
});
