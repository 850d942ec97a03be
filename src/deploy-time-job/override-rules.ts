import { containerOverrideProblems } from './deploy-time-job-rules';
import type { DeployTimeJobEcsPropertiesOverride, DeployTimeJobProps } from './deploy-time-job-types';
import { JobDefinition } from '../job-definition';
import { consumableResourceProblems } from '../private/consumable-requirements';
import { checkCount, duplicates } from '../private/validation/checks';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, defineRules } from '../private/validation/rule';

/**
 * The rules of the SubmitJob overrides of multi-container jobs (`ecsPropertiesOverride`) and of
 * consumable resources (`consumableResourcePropertiesOverride`), at the job and per node range.
 * Each task container override takes the container override rules (vCPUs, memory, GPUs,
 * environment names); a name is checked against the task of a `JobDefinition` of this app.
 */
export const OVERRIDE_RULES = defineRules('DeployTimeJob', {
  taskOverrideContainers: {
    severity: 'error',
    properties: 'ecsPropertiesOverride.containers',
    summary: 'An ECS task override overrides at least one container.',
    sources: [batchApi('TaskPropertiesOverride containers', 'The overrides of the containers of the task.')],
  },
  taskOverrideName: {
    severity: 'error',
    properties: 'ecsPropertiesOverride.containers[].name',
    summary: 'A task container override names a container of the job definition\'s task.',
    sources: [batchApi('TaskContainerOverrides name', 'The name of the container to override: it identifies the container of the task.')],
  },
  taskOverrideNameRepeated: {
    severity: 'warning',
    properties: 'ecsPropertiesOverride.containers[].name',
    summary: 'Each task container is overridden once: which of two overrides of one container applies is not documented.',
    sources: [batchApi('TaskContainerOverrides name', 'The name identifies the one container an override applies to.')],
  },
  overrideKind: {
    severity: 'warning',
    properties: 'containerOverrides, ecsPropertiesOverride (with a JobDefinition of this app)',
    summary: 'containerOverrides override a single container (containerProperties), ecsPropertiesOverride the containers of an ECS task: '
      + 'the other one does not apply.',
    sources: [
      batchApi('SubmitJob containerOverrides', 'Overrides of the container of the job definition (its containerProperties).'),
      batchApi('SubmitJob ecsPropertiesOverride', 'Overrides of the job definition\'s ecsProperties.'),
    ],
  },
});

/** The findings of the task and consumable resource overrides of a deploy-time job. */
export function overrideProblems(props: DeployTimeJobProps): Problem[] {
  const definition = props.jobDefinition instanceof JobDefinition ? props.jobDefinition : undefined;
  const names = definition?.taskContainerNames;
  const problems: Problem[] = [
    ...ecsOverrideProblems('ecsPropertiesOverride', props.ecsPropertiesOverride, names),
    ...consumableResourceProblems('consumableResourcePropertiesOverride', props.consumableResourcePropertiesOverride),
  ];
  if (definition) {
    if (names === undefined && props.ecsPropertiesOverride !== undefined) {
      problems.push(problem(OVERRIDE_RULES.overrideKind, 'ecsPropertiesOverride', (props.ecsPropertiesOverride.containers ?? []).map((c) => c.name),
        `does not apply: ${definition.node.path} runs no ECS task of its own (ecsTask)`,
        'Use containerOverrides for a single container, nodeOverrides for the node ranges of a multi-node job'));
    }
    if (names !== undefined && props.containerOverrides !== undefined) {
      problems.push(problem(OVERRIDE_RULES.overrideKind, 'containerOverrides', Object.keys(props.containerOverrides),
        `does not apply: ${definition.node.path} runs an ECS task`, 'Use ecsPropertiesOverride with the names of its containers'));
    }
  }
  (props.nodeOverrides?.nodePropertyOverrides ?? []).forEach((range, i) => {
    const p = `nodeOverrides.nodePropertyOverrides[${i}]`;
    problems.push(
      ...ecsOverrideProblems(`${p}.ecsPropertiesOverride`, range.ecsPropertiesOverride, undefined),
      ...consumableResourceProblems(`${p}.consumableResourcePropertiesOverride`, range.consumableResourcePropertiesOverride),
    );
  });
  return problems;
}

/** One task override: containers given, each a known name once, with valid container settings. */
function ecsOverrideProblems(
  property: string, override: DeployTimeJobEcsPropertiesOverride | undefined, names: readonly string[] | undefined,
): Problem[] {
  if (override === undefined) return [];
  const containers = override.containers ?? [];
  const problems: Problem[] = [checkCount(OVERRIDE_RULES.taskOverrideContainers, `${property}.containers`, containers, { min: 1 })];
  containers.forEach((container, j) => {
    const p = `${property}.containers[${j}]`;
    if (names !== undefined && isKnown(container.name) && !names.filter((n) => isKnown(n)).includes(container.name)
      && names.every((n) => isKnown(n))) {
      problems.push(problem(OVERRIDE_RULES.taskOverrideName, `${p}.name`, container.name,
        `must name a container of the job definition's task (${names.map((n) => JSON.stringify(n)).join(', ')})`));
    }
    problems.push(...containerOverrideProblems(p, container, true));
  });
  for (const name of duplicates(containers.map((c) => c.name))) {
    problems.push(problem(OVERRIDE_RULES.taskOverrideNameRepeated, `${property}.containers`, name, 'should override each container once',
      'Merge the two overrides'));
  }
  return problems;
}
