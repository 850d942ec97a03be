import { IConstruct } from 'constructs';
import { checkTyped } from './validation/batch-rules';
import { checkCount, constructLabel } from './validation/checks';
import { isKnown, Problem, problem } from './validation/problem';
import { batchUserGuide, cfnSchema, defineRules } from './validation/rule';

/**
 * The consumable resources a job needs (resource-aware scheduling): the one rendering and the
 * rules shared by job definitions (and their node ranges) and DeployTimeJob's SubmitJob
 * override. Structural, so private/ imports no resource folder: what `IConsumableResource`
 * and `ConsumableResourceRequirement` have.
 */

/** A consumable resource as these rules see it. */
export interface ConsumableResourceLike extends IConstruct {
  /** Its ARN (CloudFormation accepts only an ARN in a job definition). */
  readonly consumableResourceArn: string;
  /** REPLENISHABLE or NON_REPLENISHABLE, when known. */
  readonly resourceType?: string;
  /** The units of the pool, when known. */
  readonly totalQuantity?: number;
}

/** A consumable resource and the units one job needs. */
export interface ConsumableNeed {
  /** The resource. */
  readonly resource: ConsumableResourceLike;
  /** The units. */
  readonly quantity: number;
}

/** The CloudFormation / SubmitJob shape: `{ consumableResourceList: [{ consumableResource, quantity }] }`. */
export interface RenderedConsumableResources {
  /** One entry per resource. */
  readonly consumableResourceList: Array<{ readonly consumableResource: string; readonly quantity: number }>;
}

/** Batch's limit on the consumable resources of one job (User Guide, resource-aware-scheduling-how-to-for-jobs). */
export const MAX_CONSUMABLE_RESOURCES = 5;

const USED_BY = ['JobDefinition', 'DeployTimeJob'];
const PROPERTIES = 'JobDefinition consumableResources, nodeProperties.nodeRanges[].consumableResources; DeployTimeJob consumableResourcePropertiesOverride, nodeOverrides.nodePropertyOverrides[].consumableResourcePropertiesOverride';

export const CONSUMABLE_RULES = defineRules('Shared', {
  consumableResourceCount: {
    severity: 'error',
    appliesTo: USED_BY,
    properties: PROPERTIES,
    summary: `A job needs at most ${MAX_CONSUMABLE_RESOURCES} consumable resources.`,
    sources: [batchUserGuide('resource-aware-scheduling-how-to-for-jobs.html', 'Up to 5 consumable resources can be specified for each job.')],
  },
  consumableResourceRepeated: {
    severity: 'error',
    appliesTo: USED_BY,
    properties: PROPERTIES,
    summary: 'The same entry (resource and quantity) appears at most once.',
    sources: [cfnSchema('AWS::Batch::JobDefinition ConsumableResourceProperties ConsumableResourceList', 'uniqueItems: the same entry may not appear twice.')],
  },
  consumableResourceConflictingQuantities: {
    severity: 'warning',
    appliesTo: USED_BY,
    properties: PROPERTIES,
    summary: 'A consumable resource listed twice with different quantities: Batch documents one quantity per resource and job.',
    sources: [batchUserGuide('resource-aware-scheduling-how-to-for-jobs.html',
      'A job names each resource it needs and the quantity of it that one instance of the job requires.')],
  },
  consumableResourceQuantity: {
    severity: 'error',
    appliesTo: USED_BY,
    properties: `${PROPERTIES} (quantity)`,
    summary: 'A quantity is a whole number.',
    sources: [cfnSchema('AWS::Batch::JobDefinition ConsumableResourceRequirement Quantity', 'An integer (int64); required.')],
  },
  consumableResourceNoUnits: {
    severity: 'warning',
    appliesTo: USED_BY,
    properties: `${PROPERTIES} (quantity)`,
    summary: 'A quantity below 1 reserves nothing, so the entry has no effect on scheduling.',
    sources: [batchUserGuide('resource-aware-scheduling-how-to-for-jobs.html',
      'Batch runs the job only when the quantity it needs of each resource is available, and holds that many units while it runs.')],
  },
  consumableResourceExceedsTotal: {
    severity: 'error',
    appliesTo: USED_BY,
    properties: `${PROPERTIES} (quantity)`,
    summary: 'A job needs at most the total quantity of a REPLENISHABLE resource created in the app: more is never available, so the job stays RUNNABLE.',
    sources: [batchUserGuide('resource-aware-scheduling-how-to-for-jobs.html',
      'A job whose consumable resources are not available waits in RUNNABLE until they are, or until the job state time limit ends it.')],
  },
  consumableResourceExceedsPool: {
    severity: 'warning',
    appliesTo: USED_BY,
    properties: `${PROPERTIES} (quantity)`,
    summary: 'A job that needs more than the total quantity of a NON_REPLENISHABLE resource waits in RUNNABLE until the pool is raised.',
    sources: [batchUserGuide('resource-aware-scheduling-how-to-for-jobs.html',
      'A job whose consumable resources are not available waits in RUNNABLE until they are, or until the job state time limit ends it.')],
  },
}, 'batch');

/** Renders the needs, or undefined for none. */
export function renderConsumableResources(needs: readonly ConsumableNeed[] | undefined): RenderedConsumableResources | undefined {
  if (needs === undefined || needs.length === 0) return undefined;
  return {
    consumableResourceList: needs.map((need) => ({ consumableResource: need.resource.consumableResourceArn, quantity: need.quantity })),
  };
}

/**
 * The findings of a list of needs.
 * @param property the list as the user wrote it, e.g. `consumableResources`
 */
export function consumableResourceProblems(property: string, needs: readonly ConsumableNeed[] | undefined): Problem[] {
  if (needs === undefined) return [];
  const problems: Problem[] = [checkCount(CONSUMABLE_RULES.consumableResourceCount, property, needs, { max: MAX_CONSUMABLE_RESOURCES })];
  const seen = new Map<string, number[]>();
  needs.forEach((need, i) => {
    const p = `${property}[${i}]`;
    const typed = checkTyped(`${p}.resource`, need.resource, 'an IConsumableResource', (value) => 'consumableResourceArn' in value,
      'Create one with new ConsumableResource(...) or import it with ConsumableResource.fromConsumableResourceArn(scope, id, arn)');
    if (typed) {
      problems.push(typed);
      return;
    }
    const { resource, quantity } = need;
    const name = constructLabel(resource);
    if (isKnown(quantity) && !Number.isInteger(quantity)) {
      problems.push(problem(CONSUMABLE_RULES.consumableResourceQuantity, `${p}.quantity`, quantity, 'must be a whole number'));
    } else if (isKnown(quantity) && quantity < 1) {
      problems.push(problem(CONSUMABLE_RULES.consumableResourceNoUnits, `${p}.quantity`, quantity, 'reserves no units of the resource',
        'Give the units one job needs (>= 1), or remove the entry'));
    }
    const total = resource.totalQuantity;
    if (isKnown(quantity) && isKnown(total) && quantity > total) {
      const replenishable = resource.resourceType === 'REPLENISHABLE';
      problems.push(problem(replenishable ? CONSUMABLE_RULES.consumableResourceExceedsTotal : CONSUMABLE_RULES.consumableResourceExceedsPool,
        `${p}.quantity`, quantity, `must be at most the totalQuantity of ${name} (${total})`,
        replenishable ? 'More units are never available, so the job would stay RUNNABLE; raise totalQuantity or lower the quantity'
          : 'The job waits in RUNNABLE until the NON_REPLENISHABLE pool is raised above it'));
    }
    const quantities = seen.get(resource.consumableResourceArn) ?? [];
    if (quantities.length > 0) {
      problems.push(quantities.includes(quantity)
        ? problem(CONSUMABLE_RULES.consumableResourceRepeated, `${p}.resource`, name, 'must not repeat an entry', 'List each resource once')
        : problem(CONSUMABLE_RULES.consumableResourceConflictingQuantities, `${p}.resource`, name,
          `is already listed with quantity ${quantities.join(', ')}`, 'List each resource once, with the units one job needs'));
    }
    seen.set(resource.consumableResourceArn, [...quantities, quantity]);
  });
  return problems;
}
