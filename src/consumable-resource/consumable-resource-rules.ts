import { ConsumableResourceProps } from './consumable-resource-types';
import { checkTags } from '../private/validation/batch-rules';
import { checkRange } from '../private/validation/checks';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnReference, cfnSchema, defineRules } from '../private/validation/rule';

/**
 * The rules of `ConsumableResource`. The rules of the jobs that need consumable resources
 * (at most 5, whole quantities, no more than the pool holds) are shared by `JobDefinition`
 * and `DeployTimeJob` and live in `private/validation/batch-rules.ts`.
 */
export const RULES = defineRules('ConsumableResource', {
  totalQuantity: {
    severity: 'error',
    properties: 'totalQuantity',
    summary: 'The total quantity is a whole number >= 0.',
    sources: [
      batchApi('CreateConsumableResource totalQuantity', 'The total amount available is a Long and must be non-negative.'),
      cfnSchema('AWS::Batch::ConsumableResource TotalQuantity', 'An integer (int64).'),
    ],
  },
  emptyPool: {
    severity: 'warning',
    properties: 'totalQuantity',
    summary: 'A total quantity of 0 keeps every job that needs the resource in RUNNABLE until the pool is raised.',
    sources: [batchUserGuide('resource-aware-scheduling-how-to-for-jobs.html',
      'A job whose consumable resources are not available waits in RUNNABLE until they are, or until the job state time limit ends it.')],
  },
  fixedNameBlocksReplacement: {
    severity: 'warning',
    properties: 'consumableResourceName',
    summary: 'With a fixed name, a change of resourceType or tags fails: it replaces the resource, and the new one cannot take the name of the old.',
    sources: [
      cfnSchema('AWS::Batch::ConsumableResource createOnlyProperties', 'ConsumableResourceName, ResourceType and Tags cannot change in place; '
        + 'a change replaces the resource (tagUpdatable is false).'),
      cfnReference('AWS::Batch::ConsumableResource', 'ConsumableResourceName, ResourceType and Tags: Update requires Replacement.'),
      batchUserGuide('resource-aware-scheduling-how-to-create.html', 'A consumable resource name must be unique in the account.'),
    ],
  },
});

/** The findings of a `ConsumableResource`'s props. */
export function consumableResourceProblems(props: ConsumableResourceProps): Problem[] {
  return [
    checkRange(RULES.totalQuantity, 'totalQuantity', props.totalQuantity, { min: 0, integer: true }),
    isKnown(props.totalQuantity) && props.totalQuantity === 0
      ? problem(RULES.emptyPool, 'totalQuantity', 0, 'holds no units: every job that needs this resource waits in RUNNABLE',
        'Raise it, or refill the pool with UpdateConsumableResource before jobs need it')
      : undefined,
    props.consumableResourceName !== undefined
      ? problem(RULES.fixedNameBlocksReplacement, 'consumableResourceName', props.consumableResourceName,
        'is fixed, so changing resourceType or tags later fails (the replacement cannot take the name while the old resource holds it)',
        'Omit consumableResourceName for a generated name, or change the name together with those settings')
      : undefined,
    ...checkTags('tags', props.tags),
  ];
}
