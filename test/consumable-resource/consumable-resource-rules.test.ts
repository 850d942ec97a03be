import { CfnParameter, Stack } from 'aws-cdk-lib';
import { ConsumableResourceProps, ConsumableResourceType } from '../../src';
import { consumableResourceProblems } from '../../src/consumable-resource/consumable-resource-rules';
import { found } from '../rule-findings';

const base: ConsumableResourceProps = { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 5 };

describe('ConsumableResource rules', () => {
  test.each<[string, Partial<ConsumableResourceProps>, ReturnType<typeof found>]>([
    ['a negative total', { totalQuantity: -1 }, [{ rule: 'totalQuantity', severity: 'error', message: 'totalQuantity must be an integer >= 0, got -1' }]],
    ['a fractional total', { totalQuantity: 2.5 }, [{ rule: 'totalQuantity', severity: 'error', message: 'totalQuantity must be an integer >= 0, got 2.5' }]],
    ['an empty pool', { totalQuantity: 0 }, [{
      rule: 'emptyPool',
      severity: 'warning',
      message: 'totalQuantity holds no units: every job that needs this resource waits in RUNNABLE, got 0. '
        + 'Raise it, or refill the pool with UpdateConsumableResource before jobs need it',
    }]],
    ['a fixed name', { consumableResourceName: 'licenses' }, [{
      rule: 'fixedNameBlocksReplacement',
      severity: 'warning',
      message: 'consumableResourceName is fixed, so changing resourceType or tags later fails '
        + '(the replacement cannot take the name while the old resource holds it), got "licenses". '
        + 'Omit consumableResourceName for a generated name, or change the name together with those settings',
    }]],
    ['a tag key starting with aws:', { tags: { 'aws:team': 'x' } }, [{
      rule: 'tagKey', severity: 'error', message: 'tags must not have keys starting with aws:, got "aws:team". AWS reserves them',
    }]],
  ])('%s', (_name, props, expected) => {
    expect(found(consumableResourceProblems({ ...base, ...props }))).toEqual(expected);
  });

  test.each([1, 10_000_000])('a total of %p passes', (totalQuantity) => {
    expect(found(consumableResourceProblems({ ...base, totalQuantity }))).toEqual([]);
  });

  test('50 tags pass, 51 fail', () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    expect(found(consumableResourceProblems({ ...base, tags: tags(50) }))).toEqual([]);
    expect(found(consumableResourceProblems({ ...base, tags: tags(51) }))).toEqual([
      { rule: 'tagCount', severity: 'error', message: 'tags must have at most 50 entries, got 51' },
    ]);
  });

  test('a token total skips the checks', () => {
    const totalQuantity = new CfnParameter(new Stack(), 'Total', { type: 'Number' }).valueAsNumber;
    expect(found(consumableResourceProblems({ ...base, totalQuantity }))).toEqual([]);
  });
});
