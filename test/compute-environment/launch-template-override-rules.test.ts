import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { UserdataType } from '../../src';
import { launchTemplateOverrideProblems, renderLaunchTemplateOverrides, requiresImdsv2 } from '../../src/compute-environment/launch-template-override-rules';
import { LaunchTemplateOverride } from '../../src/compute-environment/launch-template-overrides';
import { found } from '../rule-findings';

const stack = new Stack();
const secure = new ec2.LaunchTemplate(stack, 'Gpu', { requireImdsv2: true });
const imported = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Imported', { launchTemplateId: 'lt-0123456789abcdef0', versionNumber: '3' });
const types = (...names: string[]) => names.map((n) => new ec2.InstanceType(n));
const override = (targets: string[], props: Partial<LaunchTemplateOverride> = {}): LaunchTemplateOverride => ({
  launchTemplate: secure, targetInstanceTypes: types(...targets), ...props,
});
const context = { instanceTypes: ['m5', 'g5', 'c5.large'], instanceTypesGiven: true, eks: false };
const check = (overrides: LaunchTemplateOverride[], ctx = context) => found(launchTemplateOverrideProblems(overrides, ctx));

describe('launch template overrides', () => {
  test('targets within the environment\'s types, not overlapping, pass', () => {
    expect(check([override(['m5.2xlarge', 'm5.large']), override(['g5']), override(['c5.large'])])).toEqual([]);
    expect(requiresImdsv2(secure)).toBe(true);
    expect(requiresImdsv2(imported)).toBe(false);
  });

  test('render the template by id, its version and the targets', () => {
    const gpuId = stack.getLogicalId(secure.node.defaultChild as ec2.CfnLaunchTemplate);
    expect(stack.resolve(renderLaunchTemplateOverrides([override(['g5'], { userdataType: UserdataType.EKS_NODEADM }), { launchTemplate: imported, targetInstanceTypes: types('m5'), version: '$Latest' }]))).toEqual([
      { launchTemplateId: { Ref: gpuId }, version: { 'Fn::GetAtt': [gpuId, 'LatestVersionNumber'] }, targetInstanceTypes: ['g5'], userdataType: 'EKS_NODEADM' },
      { launchTemplateId: 'lt-0123456789abcdef0', version: '$Latest', targetInstanceTypes: ['m5'] },
    ]);
    expect(renderLaunchTemplateOverrides(undefined)).toBeUndefined();
  });

  test.each<[string, () => LaunchTemplateOverride[], typeof context, ReturnType<typeof found>]>([
    ['11 overrides', () => Array.from({ length: 11 }, (_, i) => override([`m5.${i + 1}xlarge`])), context, [{
      rule: 'overrideCount', severity: 'error', message: 'computeResources.launchTemplate.overrides must have at most 10 entries, got 11',
    }]],
    ['no target', () => [override([])], context, [{
      rule: 'overrideTargets', severity: 'error', message: 'computeResources.launchTemplate.overrides[0].targetInstanceTypes must have at least 1 entry, got 0',
    }]],
    ['a Batch keyword as target', () => [override(['optimal'])], context, [{
      rule: 'overrideTargets',
      severity: 'error',
      message: 'computeResources.launchTemplate.overrides[0].targetInstanceTypes must name EC2 instance types or families, '
        + 'got "optimal". optimal, default_x86_64 and default_arm64 cannot be override targets',
    }]],
    ['a type outside the environment\'s', () => [override(['c5.xlarge'])], context, [{
      rule: 'overrideWithinInstanceTypes',
      severity: 'error',
      message: 'computeResources.launchTemplate.overrides[0].targetInstanceTypes must be within '
        + 'computeResources.instanceTypes (m5, g5, c5.large), got ["c5.xlarge"]. List the types or families in computeResources.instanceTypes',
    }]],
    ['the default instance types', () => [override(['m5'])], { instanceTypes: ['default_x86_64'], instanceTypesGiven: false, eks: false }, [{
      rule: 'overrideWithinInstanceTypes',
      severity: 'error',
      message: 'computeResources.launchTemplate.overrides[0].targetInstanceTypes must be within '
        + 'computeResources.instanceTypes, which lists no EC2 type or family (the default is default_x86_64), got ["m5"]. List the types or families in computeResources.instanceTypes',
    }]],
    ['a family and a type of it in two overrides', () => [override(['m5']), override(['m5.large'])], context, [{
      rule: 'overrideOverlap',
      severity: 'error',
      message: 'computeResources.launchTemplate.overrides[1].targetInstanceTypes must not overlap "m5" (in overrides[0]), '
        + 'got "m5.large". Each instance type gets at most one override template',
    }]],
    ['a family and a type of it in one override', () => [override(['m5', 'm5.large'])], context, [{
      rule: 'overrideOverlap',
      severity: 'error',
      message: 'computeResources.launchTemplate.overrides[0].targetInstanceTypes must not overlap "m5" (in the same override), '
        + 'got "m5.large". Each instance type gets at most one override template',
    }]],
    ['a bad version', () => [override(['g5'], { version: 'latest' })], context, [{
      rule: 'overrideVersion', severity: 'error', message: 'computeResources.launchTemplate.overrides[0].version must be a version number, "$Default" or "$Latest", got "latest"',
    }]],
    ['an imported template', () => [{ launchTemplate: imported, targetInstanceTypes: types('g5') }], context, [{
      rule: 'overrideImdsv2',
      severity: 'warning',
      message: 'computeResources.launchTemplate.overrides[0].launchTemplate may allow IMDSv1 on the instances it launches, '
        + 'got "Default/Imported". Create it with requireImdsv2: true (ec2.LaunchTemplate) or check the imported template',
    }]],
    ['userdataType on an ECS environment', () => [override(['g5'], { userdataType: UserdataType.EKS_NODEADM })], context, [{
      rule: 'overrideUserdataType',
      severity: 'error',
      message: 'computeResources.launchTemplate.overrides[0].userdataType applies only to EKS environments (eks), '
        + 'got "EKS_NODEADM". ECS instances initialize with the ECS agent; remove it',
    }]],
  ])('%s', (_name, overrides, ctx, expected) => {
    expect(check(overrides(), ctx)).toEqual(expected);
  });

  test('userdataType passes on an EKS environment; a token instance type list skips the within check', () => {
    expect(check([override(['g5'], { userdataType: UserdataType.of('EKS_NODEADM') })], { ...context, eks: true })).toEqual([]);
    const token = new CfnParameter(stack, 'Types').valueAsString;
    expect(check([override(['r5'])], { instanceTypes: [token], instanceTypesGiven: true, eks: false })).toEqual([]);
  });
});
