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
      'AWS::Batch::JobDefinition': 4,
      'Custom::BatchDeployTimeJob': 1,
      'AWS::Lambda::Function': 1,
    });
  });

  test('a Fargate job of a main container and a sidecar: one task, the sidecar started first and not essential', () => {
    const definitions = Object.values<any>(template.findResources('AWS::Batch::JobDefinition'))
      .filter((d) => d.Properties.EcsProperties !== undefined);
    expect(definitions).toHaveLength(1);
    const task = definitions[0].Properties.EcsProperties.TaskProperties[0];
    expect(definitions[0].Properties.PlatformCapabilities).toEqual(['FARGATE']);
    expect(task.Containers.map((c: any) => [c.Name, c.Essential, c.DependsOn])).toEqual([
      ['main', undefined, [{ ContainerName: 'sidecar', Condition: 'START' }]],
      ['sidecar', false, undefined],
    ]);
    expect(task.ExecutionRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^WithSidecarExecutionRole/), 'Arn'] });
    expect(task.NetworkConfiguration).toEqual({ AssignPublicIp: 'DISABLED' });
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
