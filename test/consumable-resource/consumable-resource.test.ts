import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConsumableResource, ConsumableResourceProps, ConsumableResourceType } from '../../src';
import { countByType, synthTemplate, testStack } from '../synth';

function resourceWith(props: Partial<ConsumableResourceProps> = {}) {
  const stack = testStack();
  const resource = new ConsumableResource(stack, 'Licenses', {
    resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 10, ...props,
  });
  return { stack, resource };
}

function properties(stack: ReturnType<typeof testStack>): Record<string, any> {
  const resources = Object.values(synthTemplate(stack).findResources('AWS::Batch::ConsumableResource'));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

describe('ConsumableResource', () => {
  test('one resource with a generated name; the ARN is its Ref, the name comes from the ARN', () => {
    const { stack, resource } = resourceWith();
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::ConsumableResource': 1 });
    expect(properties(stack)).toEqual({ ResourceType: 'REPLENISHABLE', TotalQuantity: 10 });
    const logicalId = stack.getLogicalId(resource.node.defaultChild as any);
    expect(stack.resolve(resource.consumableResourceArn)).toEqual({ Ref: logicalId });
    expect(stack.resolve(resource.consumableResourceName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': [':consumable-resource/', { Ref: logicalId }] }],
    });
    expect(resource.resourceType).toBe(ConsumableResourceType.REPLENISHABLE);
    expect(resource.totalQuantity).toBe(10);
  });

  test('name, NON_REPLENISHABLE and tags render', () => {
    const { stack, resource } = resourceWith({
      consumableResourceName: 'api-calls', resourceType: ConsumableResourceType.NON_REPLENISHABLE, totalQuantity: 0, tags: { team: 'data' },
    });
    expect(properties(stack)).toEqual({
      ConsumableResourceName: 'api-calls', ResourceType: 'NON_REPLENISHABLE', TotalQuantity: 0, Tags: { team: 'data' },
    });
    expect(stack.resolve(resource.consumableResourceName)).toBe('api-calls');
    const warnings = Annotations.fromStack(stack);
    warnings.hasWarning('/TestStack/Licenses', Match.stringLikeRegexp('consumableResourceName is fixed'));
    warnings.hasWarning('/TestStack/Licenses', Match.stringLikeRegexp('totalQuantity holds no units'));
  });

  test('an invalid total quantity fails with the construct path', () => {
    expect(() => resourceWith({ totalQuantity: -1 })).toThrow('[TestStack/Licenses] totalQuantity must be an integer >= 0, got -1');
    expect(() => resourceWith({ totalQuantity: 1.5 })).toThrow('[TestStack/Licenses] totalQuantity must be an integer >= 0, got 1.5');
  });

  test('grants name this resource only', () => {
    const { stack, resource } = resourceWith();
    const role = new iam.Role(stack, 'Refiller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    resource.grantRead(role);
    resource.grantUpdate(role);
    const policies = Object.values(synthTemplate(stack).findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const ref = { Ref: stack.getLogicalId(resource.node.defaultChild as any) };
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['batch:DescribeConsumableResource', 'batch:ListJobsByConsumableResource'], Resource: ref },
      { Effect: 'Allow', Action: 'batch:UpdateConsumableResource', Resource: ref },
    ]);
  });
});

describe('ConsumableResource.fromConsumableResourceArn', () => {
  const arn = 'arn:aws:batch:eu-west-1:210987654321:consumable-resource/licenses';

  test('takes the name from the ARN; grants land in the ARN\'s account', () => {
    const stack = testStack();
    const imported = ConsumableResource.fromConsumableResourceArn(stack, 'Imported', arn);
    expect(imported.consumableResourceName).toBe('licenses');
    expect(imported.consumableResourceArn).toBe(arn);
    expect(imported.env).toEqual({ account: '210987654321', region: 'eu-west-1' });
    expect(imported.totalQuantity).toBeUndefined();
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    imported.grantRead(role);
    synthTemplate(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['batch:DescribeConsumableResource', 'batch:ListJobsByConsumableResource'], Resource: arn }] },
    });
  });

  test('an ARN of another resource type fails with the import rule', () => {
    const stack = testStack();
    expect(() => ConsumableResource.fromConsumableResourceArn(stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:job-queue/licenses'))
      .toThrow('[TestStack] Imported: consumableResourceArn must be a consumable resource ARN '
        + '(arn:PARTITION:batch:REGION:ACCOUNT:consumable-resource/NAME), got "arn:aws:batch:us-east-1:123456789012:job-queue/licenses"');
  });
});
