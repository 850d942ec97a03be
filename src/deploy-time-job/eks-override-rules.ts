import { DeployTimeJobEksContainerOverride, DeployTimeJobEksPropertiesOverride } from './eks-override-types';
import { checkEnvironmentNames } from '../private/validation/batch-rules';
import { duplicates } from '../private/validation/checks';
import {
  checkAnnotations, checkKubernetesEnvironmentNames, checkKubernetesResources, checkLabels, checkPodNamespace,
} from '../private/validation/kubernetes';
import { Problem, problem } from '../private/validation/problem';
import { batchApi, defineRules } from '../private/validation/rule';

/**
 * The rules of a deploy-time job's `eksPropertiesOverride`: the same Kubernetes rules as the job
 * definition's pod for what it overrides (quantities, environment, metadata), the container
 * names it points at, and the overrides an EKS job does not take beside it.
 */
export const EKS_OVERRIDE_RULES = defineRules('DeployTimeJob', {
  eksOverrideNames: {
    severity: 'error',
    properties: 'eksPropertiesOverride.containers[].name, eksPropertiesOverride.initContainers[].name',
    summary: 'Each container override names a different container; with several overrides, each names its container.',
    sources: [batchApi('EksContainerOverride name', 'A pointer to the container to override: it must match a unique container name of '
      + 'the job definition.')],
  },
  eksWithContainerOverrides: {
    severity: 'warning',
    properties: 'eksPropertiesOverride, containerOverrides, nodeOverrides[].containerOverrides',
    summary: 'eksPropertiesOverride (a job on EKS) given with container overrides (a job on ECS): one of them does not apply.',
    sources: [batchApi('SubmitJob eksPropertiesOverride', 'It can only be specified for jobs that run on Amazon EKS resources.'),
      batchApi('SubmitJob containerOverrides; NodePropertyOverride', 'Container overrides are for the containers of ECS jobs; a node '
        + 'range of a job on EKS is overridden with eksPropertiesOverride.')],
  },
});

/**
 * Every rule of one EKS override.
 * @param property where it is written, e.g. `eksPropertiesOverride` or `nodeOverrides.nodePropertyOverrides[0].eksPropertiesOverride`
 */
export function eksOverrideProblems(property: string, override: DeployTimeJobEksPropertiesOverride | undefined): Problem[] {
  if (override === undefined) return [];
  return [
    ...containerListProblems(`${property}.containers`, override.containers),
    ...containerListProblems(`${property}.initContainers`, override.initContainers),
    ...checkLabels(`${property}.labels`, override.labels),
    ...checkAnnotations(`${property}.annotations`, override.annotations),
    checkPodNamespace(`${property}.namespace`, override.namespace),
  ];
}

function containerListProblems(property: string, containers: readonly DeployTimeJobEksContainerOverride[] | undefined): Problem[] {
  if (containers === undefined) return [];
  const problems: Problem[] = containers.flatMap((container, i) => {
    const names = Object.keys(container.environment ?? {});
    return [
      ...checkEnvironmentNames(`${property}[${i}].environment`, names),
      ...checkKubernetesEnvironmentNames(`${property}[${i}].environment`, names),
      ...checkKubernetesResources(`${property}[${i}].resources`, container.resources),
    ];
  });
  const unnamed = containers.map((c, i) => ({ c, i })).filter(({ c }) => c.name === undefined).map(({ i }) => i);
  if (containers.length > 1 && unnamed.length > 0) {
    problems.push(problem(EKS_OVERRIDE_RULES.eksOverrideNames, property, unnamed.map((i) => `${property}[${i}]`),
      'must each name their container when there are several', 'Give name: the container\'s name in the job definition'));
  }
  const repeated = duplicates(containers.map((c) => c.name).filter((name): name is string => name !== undefined));
  if (repeated.length > 0) {
    problems.push(problem(EKS_OVERRIDE_RULES.eksOverrideNames, `${property}[].name`, repeated, 'must name each container once',
      'Put all overrides of a container in one entry'));
  }
  return problems;
}

/** Container overrides beside an EKS override: one of them does not apply. */
export function eksWithContainerOverridesProblem(property: string, containerOverrides: object | undefined): Problem {
  if (containerOverrides === undefined) return undefined;
  return problem(EKS_OVERRIDE_RULES.eksWithContainerOverrides, property, Object.keys(containerOverrides),
    'is given with eksPropertiesOverride: container overrides are for jobs on ECS, eksPropertiesOverride for jobs on EKS, so one of them '
    + 'does not apply', 'For a job on EKS, override its containers in eksPropertiesOverride.containers');
}
