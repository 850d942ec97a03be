import { Lazy } from 'aws-cdk-lib';
import { RESOURCE_RULES } from '../../src/compute-environment/compute-resources-rules';
import { checkOneArchitecture, instanceArchitecture, instanceFamily, typesInFamilies } from '../../src/compute-environment/instance-types';
import { found } from '../rule-findings';

describe('instanceArchitecture', () => {
  test.each([
    ['default_arm64', 'arm64'],
    ['default_x86_64', 'x86_64'],
    ['optimal', 'x86_64'],
    ['a1.medium', 'arm64'],
    ['a1', 'arm64'],
    ['m6g.large', 'arm64'],
    ['c7gn', 'arm64'],
    ['r8gd.2xlarge', 'arm64'],
    ['g5g.xlarge', 'arm64'],
    ['c5', 'x86_64'],
    ['c5.large', 'x86_64'],
    ['m7i-flex.large', 'x86_64'],
    ['p3dn.24xlarge', 'x86_64'],
    ['g4dn.xlarge', 'x86_64'],
    ['u-6tb1.metal', undefined],
    ['not an instance type', undefined],
  ])('%s is %s', (name, architecture) => {
    expect(instanceArchitecture(name)).toBe(architecture);
  });

  test('a token is unknown', () => {
    expect(instanceArchitecture(Lazy.string({ produce: () => 'm6g' }))).toBeUndefined();
  });
});

describe('instanceFamily', () => {
  test.each([['c5.xlarge', 'c5'], ['c5', 'c5'], ['p3dn.24xlarge', 'p3dn'], ['default_x86_64', 'default_x86_64']])('%s -> %s', (name, family) => {
    expect(instanceFamily(name)).toBe(family);
  });
});

describe('typesInFamilies', () => {
  test('keeps the types of the families, by family and not by prefix', () => {
    expect(typesInFamilies(['p3.2xlarge', 'p3dn.24xlarge', 'p4d.24xlarge', 'g3', 'g3s.xlarge', 'g5'], ['p3', 'g3']))
      .toEqual(['p3.2xlarge', 'g3']);
  });

  test('skips tokens', () => {
    expect(typesInFamilies([Lazy.string({ produce: () => 'a1.large' }), 'a1.large'], ['a1'])).toEqual(['a1.large']);
  });
});

describe('checkOneArchitecture', () => {
  test('names the ARM and the x86 types', () => {
    expect(found([checkOneArchitecture(RESOURCE_RULES.oneArchitecture, 'computeResources.instanceTypes', ['m5.large', 'm6g.large'])])).toEqual([{
      rule: 'oneArchitecture',
      severity: 'error',
      message: 'computeResources.instanceTypes must all share one CPU architecture, got ["m5.large", "m6g.large"]. '
        + 'm6g.large is ARM (Graviton) and m5.large is x86; use a separate compute environment per architecture',
    }]);
  });

  test.each([
    [['m6g', 'c7g', 'default_arm64']],
    [['m5', 'c5.large', 'optimal']],
    [['m6g', 'unknown-type']],
    [[]],
  ])('one architecture (or unknown) passes: %j', (instanceTypes) => {
    expect(checkOneArchitecture(RESOURCE_RULES.oneArchitecture, 'computeResources.instanceTypes', instanceTypes)).toBeUndefined();
  });
});
