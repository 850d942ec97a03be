import { Duration } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ComputeEnvironment, ComputeResourceType } from '../../src';
import { isolatedVpc, ISOLATED_SUBNETS } from '../fixtures';
import { synthTemplate, testStack } from '../synth';

/**
 * Launch template overrides and the scale-down delay as the ComputeEnvironment renders them
 * (schema-validated on synth). The rules are tables in launch-template-override-rules.test.ts
 * and scale-down-delay.test.ts.
 */

function resourcesOf(stack: ReturnType<typeof testStack>): any {
  return Object.values<any>(synthTemplate(stack).findResources('AWS::Batch::ComputeEnvironment'))[0].Properties.ComputeResources;
}

describe('launch template overrides', () => {
  test('each override renders its template, version and targets under the environment\'s template', () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    const base = new ec2.LaunchTemplate(stack, 'Base', { requireImdsv2: true });
    const gpu = new ec2.LaunchTemplate(stack, 'Gpu', { requireImdsv2: true });
    new ComputeEnvironment(stack, 'Env', {
      computeResources: {
        vpc,
        vpcSubnets: ISOLATED_SUBNETS,
        instanceTypes: [new ec2.InstanceType('m5'), new ec2.InstanceType('g5')],
        launchTemplate: { launchTemplate: base, overrides: [{ launchTemplate: gpu, version: '$Latest', targetInstanceTypes: [new ec2.InstanceType('g5')] }] },
        scaleDownDelay: Duration.hours(1),
      },
    });
    const resources = resourcesOf(stack);
    const id = (t: ec2.LaunchTemplate) => stack.getLogicalId(t.node.defaultChild as ec2.CfnLaunchTemplate);
    expect(resources.LaunchTemplate).toEqual({
      LaunchTemplateId: { Ref: id(base) },
      Version: { 'Fn::GetAtt': [id(base), 'LatestVersionNumber'] },
      Overrides: [{ LaunchTemplateId: { Ref: id(gpu) }, Version: '$Latest', TargetInstanceTypes: ['g5'] }],
    });
    expect(resources.ScalingPolicy).toEqual({ MinScaleDownDelayMinutes: 60 });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('0 minutes renders, to turn a delay off; an imported override template warns', () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    const base = new ec2.LaunchTemplate(stack, 'Base', { requireImdsv2: true });
    const imported = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Imported', { launchTemplateName: 'gpu-nodes' });
    new ComputeEnvironment(stack, 'Env', {
      computeResources: {
        vpc,
        vpcSubnets: ISOLATED_SUBNETS,
        type: ComputeResourceType.SPOT,
        instanceTypes: [new ec2.InstanceType('g5')],
        launchTemplate: {
          launchTemplate: base,
          overrides: [{ launchTemplate: imported, targetInstanceTypes: [new ec2.InstanceType('g5.xlarge')] }],
        },
        scaleDownDelay: Duration.minutes(0),
      },
    });
    const resources = resourcesOf(stack);
    expect(resources.ScalingPolicy).toEqual({ MinScaleDownDelayMinutes: 0 });
    expect(resources.LaunchTemplate.Overrides).toEqual([{ LaunchTemplateName: 'gpu-nodes', Version: '$Default', TargetInstanceTypes: ['g5.xlarge'] }]);
    const warnings = Annotations.fromStack(stack);
    warnings.hasWarning('/TestStack/Env', Match.stringLikeRegexp('overrides\\[0\\].launchTemplate may allow IMDSv1'));
  });

  test('errors carry the construct path', () => {
    const stack = testStack();
    const vpc = isolatedVpc(stack);
    const base = new ec2.LaunchTemplate(stack, 'Base', { requireImdsv2: true });
    expect(() => new ComputeEnvironment(stack, 'Env', {
      computeResources: {
        vpc,
        vpcSubnets: ISOLATED_SUBNETS,
        launchTemplate: { launchTemplate: base, overrides: [{ launchTemplate: base, targetInstanceTypes: [new ec2.InstanceType('m5.large')] }] },
      },
    })).toThrow('[TestStack/Env] computeResources.launchTemplate.overrides[0].targetInstanceTypes must be within computeResources.instanceTypes, '
      + 'which lists no EC2 type or family (the default is default_x86_64), got ["m5.large"]');
    expect(() => new ComputeEnvironment(stack, 'Fargate', {
      computeResources: { vpc, vpcSubnets: ISOLATED_SUBNETS, type: ComputeResourceType.FARGATE, scaleDownDelay: Duration.minutes(30) },
    })).toThrow('[TestStack/Fargate] computeResources.scaleDownDelay applies only to ON_DEMAND and SPOT environments, got 30 minutes');
  });
});
