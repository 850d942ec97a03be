import { Template } from 'aws-cdk-lib/assertions';
import { countByType, validatingApp } from './synth';
import { buildExampleStack } from '../examples/app';

describe('the example app (examples/app.ts)', () => {
  const stack = buildExampleStack(validatingApp());
  // Synthesizing validates the template against the CloudFormation schema.
  const template = Template.fromStack(stack);

  test('holds the API reference examples and one deploy-time job', () => {
    expect(countByType(template)).toMatchObject({
      'AWS::Batch::ComputeEnvironment': 2,
      'AWS::Batch::JobQueue': 2,
      'AWS::Batch::JobDefinition': 3,
      'Custom::BatchDeployTimeJob': 1,
      'AWS::Lambda::Function': 1,
    });
  });

  test('the deploy-time job submits "example" with sleep10 to HighPriority', () => {
    const queues = template.findResources('AWS::Batch::JobQueue', { Properties: { JobQueueName: 'HighPriority' } });
    const definitions = template.findResources('AWS::Batch::JobDefinition', { Properties: { JobDefinitionName: 'sleep10' } });
    template.hasResourceProperties('Custom::BatchDeployTimeJob', {
      JobNamePrefix: 'example',
      SubmitJob: {
        jobQueue: { 'Fn::GetAtt': [Object.keys(queues)[0], 'JobQueueArn'] },
        jobDefinition: { Ref: Object.keys(definitions)[0] },
      },
    });
  });
});
