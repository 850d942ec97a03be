import { Size } from 'aws-cdk-lib';
import { checkPattern, checkRange, checkWholeMiB, mebibytes } from './checks';
import { MIN_MEMORY_MIB } from './limits';
import { isKnown, Problem, problem } from './problem';
import { batchApi, batchUserGuide, defineRules, source, SourceDocument } from './rule';

/**
 * Rules of Kubernetes values that Batch on Amazon EKS takes, shared by the job definition's pod
 * (`eksPod`) and the deploy-time job's `eksPropertiesOverride`: CPU, memory and GPU quantities
 * and how requests relate to limits, labels, annotations, the pod namespace and environment
 * variable names. The types are structural, so this folder imports no resource folder.
 */

/** CPU, memory and GPU amounts as the library types them. */
export interface KubernetesQuantities {
  readonly cpu?: number;
  readonly memory?: Size;
  readonly gpu?: number;
}

/** Requests and limits of a container. */
export interface KubernetesResources {
  readonly requests?: KubernetesQuantities;
  readonly limits?: KubernetesQuantities;
}

/** Batch's CPU step for EKS containers: multiples of 0.25 vCPU. */
export const EKS_CPU_STEP = 0.25;
/** The longest annotation value Batch takes. */
export const MAX_ANNOTATION_VALUE_LENGTH = 255;
/** The prefix of the labels Batch puts on its pods. */
export const BATCH_LABEL_PREFIX = 'batch.amazonaws.com/';

const RESOURCES_PAGE = 'EksContainerResourceRequirements limits, requests';
const MEMORY_CPU_PAGE = 'Memory and vCPU considerations for AWS Batch on Amazon EKS';

export const KUBERNETES_RULES = defineRules('Shared', {
  eksCpuQuantity: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod containers[].resources.{requests,limits}.cpu, eksPropertiesOverride containers[].resources',
    summary: 'EKS container CPU is a multiple of 0.25 vCPU, at least 0.25.',
    sources: [batchApi(RESOURCES_PAGE, 'cpu values must be an even multiple of 0.25.'),
      batchUserGuide(MEMORY_CPU_PAGE, 'CPU is given in whole vCPUs or multiples of 0.25, at least 0.25; millicpu values are not valid.')],
  },
  eksMemoryQuantity: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod containers[].resources.{requests,limits}.memory, eksPropertiesOverride containers[].resources',
    summary: `EKS container memory is a whole number of MiB, at least ${MIN_MEMORY_MIB} MiB.`,
    sources: [batchApi(RESOURCES_PAGE, 'memory is given in whole MiB with the Mi suffix; a job needs at least 4 MiB.')],
  },
  eksGpuQuantity: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod containers[].resources.{requests,limits}.gpu, eksPropertiesOverride containers[].resources',
    summary: 'EKS container GPUs (nvidia.com/gpu) are a whole number.',
    sources: [batchApi(RESOURCES_PAGE, 'nvidia.com/gpu values must be a whole integer.')],
  },
  eksCpuRequestAboveLimit: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'resources.requests.cpu, resources.limits.cpu',
    summary: 'With both, the CPU request is at most the CPU limit.',
    sources: [batchApi(RESOURCES_PAGE, 'If cpu is given in both, the limit must be at least as large as the request.')],
  },
  eksMemoryRequestLimit: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'resources.requests.memory, resources.limits.memory',
    summary: 'With both, the memory request equals the memory limit.',
    sources: [batchApi(RESOURCES_PAGE, 'If memory is given in both, the limit must equal the request.')],
  },
  eksGpuRequestLimit: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'resources.requests.gpu, resources.limits.gpu',
    summary: 'With both, the GPU request equals the GPU limit.',
    sources: [batchApi(RESOURCES_PAGE, 'If nvidia.com/gpu is given in both, the limit must equal the request.'),
      batchUserGuide(MEMORY_CPU_PAGE, 'GPU requests and limits must be equal when both are given.')],
  },
  eksLabel: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod labels, eksPropertiesOverride labels',
    summary: 'Pod labels follow the Kubernetes label syntax: an optional DNS-subdomain prefix and /, a name of at most 63 '
      + 'characters, a value of at most 63 characters (letters, digits, -, _ and ., alphanumeric at both ends).',
    sources: [batchApi('EksMetadata labels', 'Labels are key-value pairs of up to 63 letters, digits, hyphens and underscores, '
      + 'with unique keys.'),
    source(SourceDocument.KUBERNETES, 'Labels and Selectors: Syntax and character set', 'A key is an optional prefix (a DNS '
      + 'subdomain of at most 253 characters) and /, then a name of at most 63 characters; names and values start and end with '
      + 'a letter or digit and may contain -, _ and . in between; a value may be empty.')],
  },
  eksAnnotation: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod annotations, eksPropertiesOverride annotations',
    summary: `Pod annotation keys follow the Kubernetes key syntax; values are at most ${MAX_ANNOTATION_VALUE_LENGTH} characters.`,
    sources: [batchApi('EksMetadata annotations', 'A key is an optional DNS-subdomain prefix of at most 253 characters ending '
      + 'with /, and a name of at most 63 letters, digits, -, _ and ., alphanumeric at both ends; values are at most 255 characters.')],
  },
  eksBatchLabel: {
    severity: 'warning',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod labels, eksPropertiesOverride labels',
    summary: `Labels with Batch's own prefix ${BATCH_LABEL_PREFIX} are set by Batch.`,
    sources: [batchUserGuide('Amazon EKS jobs', 'Batch labels its pods with batch.amazonaws.com/job-id, '
      + 'batch.amazonaws.com/compute-environment-uuid and batch.amazonaws.com/node-uid.')],
  },
  eksPodNamespace: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod namespace, eksPropertiesOverride namespace',
    summary: 'A pod namespace is 1-63 lowercase letters, digits and hyphens (alphanumeric at both ends), not default, '
      + 'not starting with kube.',
    sources: [batchApi('EksMetadata namespace', 'If given, 1-63 characters, not default, not starting with kube, matching '
      + '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$.')],
  },
  eksEnvironmentName: {
    severity: 'error',
    appliesTo: ['JobDefinition', 'DeployTimeJob'],
    properties: 'eksPod containers[].environment, eksPropertiesOverride containers[].environment',
    summary: 'Kubernetes environment variable names are printable ASCII characters other than =, not empty.',
    sources: [source(SourceDocument.KUBERNETES, 'Define Environment Variables for a Container; KEP-4369',
      'A variable name is any printable ASCII character except =; older versions allow only letters, digits, -, _ and ., '
      + 'not starting with a digit.')],
  },
}, 'batch');

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENVIRONMENT_NAME = /^[\x21-\x3c\x3e-\x7e ]+$/;

/** Whether a name is a Kubernetes DNS label: up to 63 lowercase letters, digits and hyphens, alphanumeric at both ends. */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Whether a name is a Kubernetes DNS subdomain: dot-separated DNS labels, up to 253 characters. */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

/** Whether a key is a Kubernetes label or annotation key: `[prefix/]name`. */
function isQualifiedKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** One quantity map: CPU steps, whole MiB, whole GPUs. */
function checkQuantities(property: string, quantities: KubernetesQuantities | undefined): Problem[] {
  if (quantities === undefined) return [];
  const { cpu, memory, gpu } = quantities;
  const cpuSteps = isKnown(cpu) ? cpu / EKS_CPU_STEP : undefined;
  return [
    isKnown(cpu) && (cpu < EKS_CPU_STEP || !Number.isInteger(cpuSteps))
      ? problem(KUBERNETES_RULES.eksCpuQuantity, `${property}.cpu`, cpu, 'must be a multiple of 0.25 vCPU, at least 0.25',
        'Batch takes whole vCPUs or quarters (0.25, 0.5, 1.75), not millicpus')
      : undefined,
    checkWholeMiB(KUBERNETES_RULES.eksMemoryQuantity, `${property}.memory`, memory, MIN_MEMORY_MIB,
      'Batch renders memory as whole MiB ("1024Mi")'),
    checkRange(KUBERNETES_RULES.eksGpuQuantity, `${property}.gpu`, gpu, { min: 0, integer: true }),
  ];
}

/**
 * Requests and limits of one container: each quantity, then CPU request <= limit and equal
 * memory and GPU requests and limits.
 * @param property the container's resources as the user wrote them, e.g. `eksPod.containers[0].resources`
 */
export function checkKubernetesResources(property: string, resources: KubernetesResources | undefined): Problem[] {
  if (resources === undefined) return [];
  const { requests, limits } = resources;
  const problems = [...checkQuantities(`${property}.requests`, requests), ...checkQuantities(`${property}.limits`, limits)];
  const cpuRequest = requests?.cpu;
  const cpuLimit = limits?.cpu;
  if (isKnown(cpuRequest) && isKnown(cpuLimit) && cpuRequest > cpuLimit) {
    problems.push(problem(KUBERNETES_RULES.eksCpuRequestAboveLimit, `${property}.requests.cpu`, cpuRequest,
      `must be at most limits.cpu (${cpuLimit})`, 'Batch schedules by the request; the limit caps what the container may use'));
  }
  const memoryRequest = requests?.memory;
  const memoryLimit = limits?.memory;
  if (isKnown(memoryRequest) && isKnown(memoryLimit) && mebibytes(memoryRequest) !== mebibytes(memoryLimit)) {
    problems.push(problem(KUBERNETES_RULES.eksMemoryRequestLimit, `${property}.requests.memory`, memoryRequest,
      `must equal limits.memory (${mebibytes(memoryLimit)} MiB)`, 'Give the memory once, in limits: Batch copies it into the request'));
  }
  const gpuRequest = requests?.gpu;
  const gpuLimit = limits?.gpu;
  if (isKnown(gpuRequest) && isKnown(gpuLimit) && gpuRequest !== gpuLimit) {
    problems.push(problem(KUBERNETES_RULES.eksGpuRequestLimit, `${property}.requests.gpu`, gpuRequest,
      `must equal limits.gpu (${gpuLimit})`, 'Give the GPUs once, in limits: Batch copies them into the request'));
  }
  return problems;
}

/** Pod labels: Kubernetes key and value syntax; Batch's own prefix warns. */
export function checkLabels(property: string, labels: { [key: string]: string } | undefined): Problem[] {
  if (labels === undefined || !isKnown(labels)) return [];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (!isKnown(key)) continue;
    if (!isQualifiedKey(key)) {
      problems.push(problem(KUBERNETES_RULES.eksLabel, property, key, 'must have keys of the form [prefix/]name: a name of at most 63 '
        + 'letters, digits, -, _ and . (alphanumeric at both ends), a prefix that is a DNS subdomain', 'e.g. "team" or "example.com/team"'));
    } else if (key.startsWith(BATCH_LABEL_PREFIX)) {
      problems.push(problem(KUBERNETES_RULES.eksBatchLabel, property, key, `should not use the prefix ${BATCH_LABEL_PREFIX}`,
        'Batch sets the labels of that prefix on its pods itself'));
    }
    if (isKnown(value) && value !== '' && !(value.length <= 63 && QUALIFIED_NAME.test(value))) {
      problems.push(problem(KUBERNETES_RULES.eksLabel, `${property}.${key}`, value, 'must be empty or at most 63 letters, digits, -, _ '
        + 'and . (alphanumeric at both ends)'));
    }
  }
  return problems;
}

/** Pod annotations: Kubernetes key syntax, values of at most 255 characters. */
export function checkAnnotations(property: string, annotations: { [key: string]: string } | undefined): Problem[] {
  if (annotations === undefined || !isKnown(annotations)) return [];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (isKnown(key) && !isQualifiedKey(key)) {
      problems.push(problem(KUBERNETES_RULES.eksAnnotation, property, key, 'must have keys of the form [prefix/]name: a name of at most 63 '
        + 'letters, digits, -, _ and . (alphanumeric at both ends), a prefix that is a DNS subdomain'));
    }
    if (isKnown(value) && value.length > MAX_ANNOTATION_VALUE_LENGTH) {
      problems.push(problem(KUBERNETES_RULES.eksAnnotation, `${property}.${key}`, `${value.slice(0, 20)}...`,
        `must be at most ${MAX_ANNOTATION_VALUE_LENGTH} characters`, 'Batch limits annotation values to 255 characters'));
    }
  }
  return problems;
}

/** The pod's namespace (`EksMetadata.namespace`). */
export function checkPodNamespace(property: string, namespace: string | undefined): Problem {
  if (!isKnown(namespace)) return undefined;
  if (namespace === 'default' || namespace.startsWith('kube')) {
    return problem(KUBERNETES_RULES.eksPodNamespace, property, namespace, 'must not be default or start with kube',
      'Use a namespace of your own for Batch pods, e.g. "batch-jobs"');
  }
  return checkPattern(KUBERNETES_RULES.eksPodNamespace, property, namespace, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit');
}

/** Environment variable names Kubernetes accepts: printable ASCII without `=`. */
export function checkKubernetesEnvironmentNames(property: string, names: readonly string[]): Problem[] {
  return names
    .filter((name) => isKnown(name) && !ENVIRONMENT_NAME.test(name))
    .map((name) => problem(KUBERNETES_RULES.eksEnvironmentName, property, name, 'names must be printable ASCII characters other than =, not empty'));
}
