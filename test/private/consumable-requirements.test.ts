import { CfnParameter, Stack } from 'aws-cdk-lib';
import { ConsumableResource, ConsumableResourceRequirement, ConsumableResourceType, IConsumableResource } from '../../src';
import { consumableResourceProblems, renderConsumableResources } from '../../src/private/consumable-requirements';
import { found } from '../rule-findings';

const stack = new Stack();
const licenses = new ConsumableResource(stack, 'Licenses', { resourceType: ConsumableResourceType.REPLENISHABLE, totalQuantity: 4 });
const budget = new ConsumableResource(stack, 'Budget', { resourceType: ConsumableResourceType.NON_REPLENISHABLE, totalQuantity: 100 });
const imported = (name: string) => ConsumableResource.fromConsumableResourceArn(stack, name,
  `arn:aws:batch:us-east-1:123456789012:consumable-resource/${name}`);
const need = (resource: IConsumableResource, quantity: number): ConsumableResourceRequirement => ({ resource, quantity });

describe('consumable resource needs', () => {
  test('render the ARN and the quantity of each, in order; none renders nothing', () => {
    const other = imported('Other');
    expect(stack.resolve(renderConsumableResources([need(licenses, 2), need(other, 1)]))).toEqual({
      consumableResourceList: [
        { consumableResource: { Ref: stack.getLogicalId(licenses.node.defaultChild as any) }, quantity: 2 },
        { consumableResource: 'arn:aws:batch:us-east-1:123456789012:consumable-resource/Other', quantity: 1 },
      ],
    });
    expect(renderConsumableResources([])).toBeUndefined();
    expect(renderConsumableResources(undefined)).toBeUndefined();
  });

  test.each<[string, () => ConsumableResourceRequirement[], ReturnType<typeof found>]>([
    ['six resources', () => ['A', 'B', 'C', 'D', 'E', 'F'].map((n) => need(imported(`Six${n}`), 1)), [{
      rule: 'consumableResourceCount', severity: 'error', message: 'consumableResources must have at most 5 entries, got 6',
    }]],
    ['a fractional quantity', () => [need(licenses, 1.5)], [{
      rule: 'consumableResourceQuantity', severity: 'error', message: 'consumableResources[0].quantity must be a whole number, got 1.5',
    }]],
    ['a quantity of 0', () => [need(licenses, 0)], [{
      rule: 'consumableResourceNoUnits',
      severity: 'warning',
      message: 'consumableResources[0].quantity reserves no units of the resource, got 0. Give the units one job needs (>= 1), or remove the entry',
    }]],
    ['more than a replenishable pool holds', () => [need(licenses, 5)], [{
      rule: 'consumableResourceExceedsTotal',
      severity: 'error',
      message: 'consumableResources[0].quantity must be at most the totalQuantity of Default/Licenses (4), got 5. '
        + 'More units are never available, so the job would stay RUNNABLE; raise totalQuantity or lower the quantity',
    }]],
    ['more than a non-replenishable pool holds', () => [need(budget, 101)], [{
      rule: 'consumableResourceExceedsPool',
      severity: 'warning',
      message: 'consumableResources[0].quantity must be at most the totalQuantity of Default/Budget (100), got 101. '
        + 'The job waits in RUNNABLE until the NON_REPLENISHABLE pool is raised above it',
    }]],
    ['the same entry twice', () => [need(licenses, 1), need(licenses, 1)], [{
      rule: 'consumableResourceRepeated', severity: 'error', message: 'consumableResources[1].resource must not repeat an entry, got "Default/Licenses". List each resource once',
    }]],
    ['one resource with two quantities', () => [need(licenses, 1), need(licenses, 2)], [{
      rule: 'consumableResourceConflictingQuantities',
      severity: 'warning',
      message: 'consumableResources[1].resource is already listed with quantity 1, got "Default/Licenses". List each resource once, with the units one job needs',
    }]],
    ['an ARN string instead of a resource', () => [{ resource: 'arn:aws:batch:us-east-1:123456789012:consumable-resource/x' as any, quantity: 1 }], [{
      rule: 'typedInput',
      severity: 'error',
      message: 'consumableResources[0].resource must be an IConsumableResource, '
        + 'got "arn:aws:batch:us-east-1:123456789012:consumable-resource/x". '
        + 'Create one with new ConsumableResource(...) or import it with ConsumableResource.fromConsumableResourceArn(scope, id, arn)',
    }]],
  ])('%s', (_name, needs, expected) => {
    expect(found(consumableResourceProblems('consumableResources', needs()))).toEqual(expected);
  });

  test('the nearest valid lists pass: five resources, the whole pool, imported resources of unknown size', () => {
    expect(found(consumableResourceProblems('consumableResources', [
      need(licenses, 4), need(budget, 100), need(imported('X1'), 1_000_000), need(imported('X2'), 1), need(imported('X3'), 1),
    ]))).toEqual([]);
  });

  test('a token quantity skips the checks', () => {
    const quantity = new CfnParameter(stack, 'Quantity', { type: 'Number' }).valueAsNumber;
    expect(found(consumableResourceProblems('consumableResources', [need(licenses, quantity)]))).toEqual([]);
  });
});
