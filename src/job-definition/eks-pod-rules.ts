import { EksContainer, EksDnsPolicy, EksPod, EksVolume } from './eks-pod-types';
import { checkEnvironmentNames } from '../private/validation/batch-rules';
import { checkCount, checkPattern, checkRange, duplicates, oneOf } from '../private/validation/checks';
import {
  checkAnnotations, checkKubernetesEnvironmentNames, checkKubernetesResources, checkLabels, checkPodNamespace, isDnsLabel, isDnsSubdomain,
} from '../private/validation/kubernetes';
import { countProblem, isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a job definition's EKS pod (`eksPod`, also in node ranges): containers, volumes,
 * security settings, pod settings, the settings an EKS job must not have, and the multi-node
 * limits of Batch on Amazon EKS. The Kubernetes quantity, label and namespace rules are shared
 * with the deploy-time job's override (`private/validation/kubernetes.ts`).
 */

/** Most containers, and most init containers, in a pod (EksPodProperties). */
export const MAX_EKS_CONTAINERS = 10;
/** Most node ranges of a multi-node job on EKS. */
export const MAX_EKS_NODE_RANGES = 5;
/** Most distinct images in one node range of a multi-node job on EKS. */
export const MAX_EKS_IMAGES_PER_RANGE = 10;
/** The name Batch gives a container without one. */
export const DEFAULT_EKS_CONTAINER_NAME = 'Default';
/** The largest user or group id (EksContainerSecurityContext). */
export const MAX_EKS_ID = 2147483647;

const CONTAINER_NAME = /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
const K8S_NAMES = 'Object Names and IDs';
const MNP_PAGE = 'Running multi-node parallel jobs on Amazon EKS';

export const EKS_POD_RULES = defineRules('JobDefinition', {
  eksContainerCount: {
    severity: 'error',
    properties: 'eksPod.containers, eksPod.initContainers',
    summary: `A pod has 1-${MAX_EKS_CONTAINERS} containers and at most ${MAX_EKS_CONTAINERS} init containers.`,
    sources: [batchApi('EksPodProperties containers, initContainers', 'Each list is limited to 10 elements.'),
      batchUserGuide(MNP_PAGE, 'Up to 10 containers (or 10 init containers) in each pod.')],
  },
  eksContainerName: {
    severity: 'error',
    properties: 'eksPod.containers[].name, eksPod.initContainers[].name',
    summary: 'A container name is up to 63 letters, digits and hyphens, starting and ending with a letter or digit.',
    sources: [batchUserGuide('Creating a single-node job definition on Amazon EKS resources', 'A container name starts with a letter '
      + 'or number and has up to 63 letters, numbers and hyphens.'),
    source(SourceDocument.KUBERNETES, K8S_NAMES, 'Container names are DNS labels (RFC 1123): at most 63 alphanumerics and hyphens, '
      + 'alphanumeric at both ends.')],
  },
  eksContainerNameUnique: {
    severity: 'error',
    properties: 'eksPod.containers[].name, eksPod.initContainers[].name',
    summary: 'Container names (Default when omitted) are unique in the pod, init containers included, ignoring case.',
    sources: [batchApi('EksContainer name', 'Without a name the container is named Default; each container in a pod must have a unique name.'),
      source(SourceDocument.KUBERNETES, 'Pod spec: containers, initContainers', 'Names are unique among all containers of a pod.')],
  },
  eksImageCredentials: {
    severity: 'error',
    properties: 'eksPod.containers[].image',
    summary: 'An EKS container takes no repository credentials: private registries are reached with imagePullSecrets.',
    sources: [batchApi('EksContainer; EksPodProperties imagePullSecrets', 'An EKS container has no repositoryCredentials; the pod '
      + 'names Kubernetes secrets to pull images from private registries.')],
  },
  eksSecurityContextId: {
    severity: 'error',
    properties: 'eksPod.containers[].securityContext.runAsUser, runAsGroup',
    summary: `User and group ids are integers from 0 to ${MAX_EKS_ID}.`,
    sources: [batchApi('EksContainerSecurityContext runAsUser, runAsGroup', 'The supported range is 0 through 2147483647.')],
  },
  eksPrivilegeEscalation: {
    severity: 'error',
    properties: 'eksPod.containers[].securityContext.privileged, allowPrivilegeEscalation',
    summary: 'A privileged container cannot disallow privilege escalation.',
    sources: [source(SourceDocument.KUBERNETES, 'Configure a Security Context for a Pod or Container', 'allowPrivilegeEscalation is '
      + 'always true when the container runs privileged; the API server rejects privileged: true with allowPrivilegeEscalation: false.')],
  },
  eksRunAsRoot: {
    severity: 'error',
    properties: 'eksPod.containers[].securityContext.runAsNonRoot, runAsUser',
    summary: 'runAsNonRoot cannot be combined with runAsUser 0.',
    sources: [batchApi('EksContainerSecurityContext runAsNonRoot', 'With runAsNonRoot the container runs as a user other than uid 0.'),
      source(SourceDocument.KUBERNETES, 'Configure a Security Context for a Pod or Container', 'The kubelet refuses to start a '
        + 'container with runAsNonRoot whose user is 0.')],
  },
  eksVolumeSource: {
    severity: 'error',
    properties: 'eksPod.volumes[]',
    summary: 'A volume has exactly one of emptyDir, hostPath, secret and persistentVolumeClaim.',
    sources: [batchApi('EksVolume', 'A volume is a hostPath, emptyDir, secret or persistentVolumeClaim volume.'),
      source(SourceDocument.KUBERNETES, 'Volumes', 'Each volume of a pod has exactly one volume source.')],
  },
  eksVolumeName: {
    severity: 'error',
    properties: 'eksPod.volumes[].name',
    summary: 'A volume name is a DNS subdomain name, unique in the pod.',
    sources: [batchApi('EksVolume name', 'The name must be allowed as a DNS subdomain name.'),
      source(SourceDocument.KUBERNETES, 'Volumes', 'Volume names are unique within a pod.')],
  },
  eksVolumeNameLabel: {
    severity: 'warning',
    properties: 'eksPod.volumes[].name',
    summary: 'Kubernetes validates pod volume names as DNS labels (no dots, at most 63 characters).',
    sources: [source(SourceDocument.KUBERNETES, 'Pod spec: volumes[].name', 'A volume name must be a DNS_LABEL and unique within the pod.')],
  },
  eksVolumeMount: {
    severity: 'error',
    properties: 'eksPod.containers[].volumeMounts[]',
    summary: 'A volume mount names a volume of the pod, at a mount path unique in its container, with a relative subPath without "..".',
    sources: [batchApi('EksContainerVolumeMount name', 'The name must match the name of one of the volumes in the pod.'),
      source(SourceDocument.KUBERNETES, 'Volumes: Using subPath; Container volumeMounts', 'Mount paths are unique within a container; '
        + 'a subPath is a relative path that does not contain "..".')],
  },
  eksObjectName: {
    severity: 'error',
    properties: 'eksPod.serviceAccount, imagePullSecrets, volumes[].secret.secretName, volumes[].persistentVolumeClaim.claimName',
    summary: 'Names of Kubernetes objects the pod refers to are DNS subdomain names: up to 253 lowercase letters, digits, - and ., '
      + 'alphanumeric at both ends.',
    sources: [batchApi('ImagePullSecret; EksSecret secretName', 'A secret name is lowercase, starts and ends with an alphanumeric '
      + 'character, may contain periods and hyphens, and has at most 253 characters (a DNS subdomain name).'),
    source(SourceDocument.KUBERNETES, K8S_NAMES, 'Service accounts, secrets and persistent volume claims have DNS subdomain names.')],
  },
  eksDnsPolicy: {
    severity: 'error',
    properties: 'eksPod.dnsPolicy',
    summary: 'The DNS policy is Default, ClusterFirst or ClusterFirstWithHostNet.',
    sources: [batchApi('EksPodProperties dnsPolicy', 'Valid values: Default, ClusterFirst, ClusterFirstWithHostNet.')],
  },
  eksDnsPolicyHostNetwork: {
    severity: 'warning',
    properties: 'eksPod.dnsPolicy, eksPod.hostNetwork',
    summary: 'A pod on the host network (Batch\'s default) with ClusterFirst resolves like Default: use ClusterFirstWithHostNet.',
    sources: [batchApi('EksPodProperties hostNetwork', 'The default value is true.'),
      source(SourceDocument.KUBERNETES, 'DNS for Services and Pods: Pod\'s DNS Policy', 'A pod with hostNetwork and ClusterFirst falls '
        + 'back to the behaviour of Default; such pods should set ClusterFirstWithHostNet.')],
  },
  eksPlatformCapabilities: {
    severity: 'error',
    properties: 'platformCapabilities (with eksPod)',
    summary: 'A job definition for Amazon EKS has no platformCapabilities.',
    sources: [batchApi('RegisterJobDefinition platformCapabilities', 'If the job runs on Amazon EKS resources, you must not specify platformCapabilities.')],
  },
  eksPropagateTags: {
    severity: 'error',
    properties: 'propagateTags (with eksPod)',
    summary: 'A job definition for Amazon EKS has no propagateTags (it propagates to ECS tasks).',
    sources: [batchApi('RegisterJobDefinition propagateTags', 'If the job runs on Amazon EKS resources, you must not specify propagateTags.')],
  },
  eksNodeRanges: {
    severity: 'error',
    properties: 'nodeProperties.nodeRanges (with eksPod)',
    summary: `A multi-node job on EKS has at most ${MAX_EKS_NODE_RANGES} node ranges, all of them eksPod ranges, with the same pod namespace.`,
    sources: [batchUserGuide(MNP_PAGE, 'Up to 5 node ranges in each multi-node job on Amazon EKS.'),
      batchApi('EksMetadata namespace', 'For multi-node parallel jobs, the same namespace must be given in every node range.'),
      batchApi('JobQueueDetail jobQueueType', 'A queue is of one type, EKS or ECS, after its compute environments: a job runs on one of them.')],
  },
  eksNodeRangeShape: {
    severity: 'error',
    properties: 'nodeProperties.nodeRanges[].container, ecsTask, eksPod, instanceType',
    summary: 'A node range has exactly one of container, ecsTask and eksPod; its instanceType is for ecsTask and eksPod ranges (a container '
      + 'gives its own).',
    sources: [batchApi('NodeRangeProperty container, ecsProperties, eksProperties', 'A node range describes its nodes with one of '
      + 'container, ecsProperties and eksProperties; instanceTypes holds the range\'s instance type.')],
  },
  eksNodeRangeImages: {
    severity: 'error',
    properties: 'nodeProperties.nodeRanges[].eksPod containers and initContainers',
    summary: `A node range of a multi-node job on EKS uses at most ${MAX_EKS_IMAGES_PER_RANGE} distinct images.`,
    sources: [batchUserGuide(MNP_PAGE, 'Up to 10 distinct container images in each node range.')],
  },
});

const DNS_POLICIES = Object.values(EksDnsPolicy) as string[];

/** The pod's containers, init containers after them, with the property each is written at. */
export function podContainers(pod: EksPod, property: string): Array<{ container: EksContainer; property: string }> {
  return [
    ...(pod.containers ?? []).map((container, i) => ({ container, property: `${property}.containers[${i}]` })),
    ...(pod.initContainers ?? []).map((container, i) => ({ container, property: `${property}.initContainers[${i}]` })),
  ];
}

/**
 * Every rule of one pod.
 * @param property where the pod is written, e.g. `eksPod` or `nodeProperties.nodeRanges[0].eksPod`
 */
export function eksPodProblems(pod: EksPod, property: string): Problem[] {
  const volumes = pod.volumes ?? [];
  const volumeNames = new Set(volumes.map((v) => v.name));
  return [
    checkCount(EKS_POD_RULES.eksContainerCount, `${property}.containers`, pod.containers, { min: 1, max: MAX_EKS_CONTAINERS }),
    checkCount(EKS_POD_RULES.eksContainerCount, `${property}.initContainers`, pod.initContainers, { max: MAX_EKS_CONTAINERS }),
    ...checkContainerNames(pod, property),
    ...podContainers(pod, property).flatMap(({ container, property: at }) => checkContainer(container, at, volumeNames)),
    ...volumes.flatMap((volume, i) => checkVolume(volume, `${property}.volumes[${i}]`)),
    ...repeatedVolumeNames(volumes, property),
    ...checkPodSettings(pod, property),
  ];
}

/** Container names: the pattern, and unique across containers and init containers (ignoring case). */
function checkContainerNames(pod: EksPod, property: string): Problem[] {
  const all = podContainers(pod, property);
  const problems: Problem[] = all.map(({ container, property: at }) => checkPattern(EKS_POD_RULES.eksContainerName, `${at}.name`,
    container.name, CONTAINER_NAME, 'must be up to 63 letters, digits and hyphens, starting and ending with a letter or digit'));
  const names = all.map(({ container }) => container.name ?? DEFAULT_EKS_CONTAINER_NAME);
  if (names.some((name) => !isKnown(name))) return problems;
  const repeated = duplicates(names.map((name) => name.toLowerCase()));
  if (repeated.length > 0) {
    const unnamed = all.filter(({ container }) => container.name === undefined).length;
    problems.push(problem(EKS_POD_RULES.eksContainerNameUnique, `${property} container names`, names,
      'must be unique in the pod, init containers included, ignoring case',
      unnamed > 1 ? `Give each container a name: ${unnamed} containers without one are all named ${DEFAULT_EKS_CONTAINER_NAME}`
        : `Rename the repeated ${oneOf(repeated)}`));
  }
  return problems;
}

/** One container: environment, resources, security context, volume mounts. */
function checkContainer(container: EksContainer, property: string, volumeNames: Set<string>): Problem[] {
  const names = Object.keys(container.environment ?? {});
  const security = container.securityContext;
  const problems: Problem[] = [
    ...checkEnvironmentNames(`${property}.environment`, names),
    ...checkKubernetesEnvironmentNames(`${property}.environment`, names),
    ...checkKubernetesResources(`${property}.resources`, container.resources),
    checkRange(EKS_POD_RULES.eksSecurityContextId, `${property}.securityContext.runAsUser`, security?.runAsUser, { min: 0, max: MAX_EKS_ID, integer: true }),
    checkRange(EKS_POD_RULES.eksSecurityContextId, `${property}.securityContext.runAsGroup`, security?.runAsGroup, { min: 0, max: MAX_EKS_ID, integer: true }),
    security?.privileged === true && security.allowPrivilegeEscalation === false
      ? problem(EKS_POD_RULES.eksPrivilegeEscalation, `${property}.securityContext.allowPrivilegeEscalation`, false,
        'must not be false for a privileged container', 'A privileged container can always escalate; remove one of the two')
      : undefined,
    security?.runAsNonRoot === true && security.runAsUser === 0
      ? problem(EKS_POD_RULES.eksRunAsRoot, `${property}.securityContext.runAsUser`, 0, 'must not be 0 with runAsNonRoot: true',
        'The kubelet refuses to start the container; give a non-root uid or drop runAsNonRoot')
      : undefined,
  ];
  const mounts = container.volumeMounts ?? [];
  mounts.forEach((mount, i) => {
    const at = `${property}.volumeMounts[${i}]`;
    if (isKnown(mount.name) && ![...volumeNames].some((name) => !isKnown(name)) && !volumeNames.has(mount.name)) {
      problems.push(problem(EKS_POD_RULES.eksVolumeMount, `${at}.name`, mount.name,
        volumeNames.size === 0 ? 'must name a volume of the pod, and the pod has none' : `must name a volume of the pod (${oneOf([...volumeNames])})`,
        'Add the volume to eksPod.volumes'));
    }
    const subPath = mount.subPath;
    if (isKnown(subPath) && (subPath.startsWith('/') || subPath.split('/').includes('..'))) {
      problems.push(problem(EKS_POD_RULES.eksVolumeMount, `${at}.subPath`, subPath, 'must be a relative path without ".." components'));
    }
  });
  const repeatedPaths = duplicates(mounts.map((mount) => mount.mountPath));
  if (repeatedPaths.length > 0) {
    problems.push(problem(EKS_POD_RULES.eksVolumeMount, `${property}.volumeMounts`, repeatedPaths,
      'must mount each path once in the container', 'Mount the volumes at different paths'));
  }
  return problems;
}

/** One volume: exactly one source, its name, the names of the objects it refers to. */
function checkVolume(volume: EksVolume, property: string): Problem[] {
  const sources = (['emptyDir', 'hostPath', 'secret', 'persistentVolumeClaim'] as const).filter((kind) => volume[kind] !== undefined);
  const name = volume.name;
  return [
    sources.length === 1 ? undefined : problem(EKS_POD_RULES.eksVolumeSource, property, sources.length === 0 ? 'no source' : sources,
      'must have exactly one of emptyDir, hostPath, secret and persistentVolumeClaim'),
    isKnown(name) && !isDnsSubdomain(name)
      ? problem(EKS_POD_RULES.eksVolumeName, `${property}.name`, name, 'must be a DNS subdomain name: up to 253 lowercase letters, digits, '
        + '- and ., starting and ending with a letter or digit')
      : isKnown(name) && !isDnsLabel(name)
        ? problem(EKS_POD_RULES.eksVolumeNameLabel, `${property}.name`, name, 'should be a DNS label (no dots, at most 63 characters)',
          'Kubernetes rejects pods whose volume names are not DNS labels')
        : undefined,
    checkObjectName(`${property}.secret.secretName`, volume.secret?.secretName),
    checkObjectName(`${property}.persistentVolumeClaim.claimName`, volume.persistentVolumeClaim?.claimName),
  ];
}

function repeatedVolumeNames(volumes: readonly EksVolume[], property: string): Problem[] {
  const repeated = duplicates(volumes.map((volume) => volume.name));
  return repeated.length === 0 ? [] : [problem(EKS_POD_RULES.eksVolumeName, `${property}.volumes`, repeated,
    'must name each volume once', 'Give each volume its own name')];
}

/** A name of a Kubernetes object (service account, secret, claim): a DNS subdomain. */
function checkObjectName(property: string, name: string | undefined): Problem {
  if (!isKnown(name) || isDnsSubdomain(name)) return undefined;
  return problem(EKS_POD_RULES.eksObjectName, property, name,
    'must be a DNS subdomain name: up to 253 lowercase letters, digits, - and ., starting and ending with a letter or digit');
}

/** Service account, DNS policy, pull secrets and metadata. */
function checkPodSettings(pod: EksPod, property: string): Problem[] {
  const dnsPolicy = pod.dnsPolicy as string | undefined;
  const hostNetwork = pod.hostNetwork ?? true;
  return [
    checkObjectName(`${property}.serviceAccount`, pod.serviceAccount),
    ...(pod.imagePullSecrets ?? []).map((name, i) => checkObjectName(`${property}.imagePullSecrets[${i}]`, name)),
    isKnown(dnsPolicy) && !DNS_POLICIES.includes(dnsPolicy)
      ? problem(EKS_POD_RULES.eksDnsPolicy, `${property}.dnsPolicy`, dnsPolicy, `must be ${oneOf(DNS_POLICIES)}`, 'Use an EksDnsPolicy value')
      : undefined,
    dnsPolicy === EksDnsPolicy.CLUSTER_FIRST && isKnown(hostNetwork) && hostNetwork
      ? problem(EKS_POD_RULES.eksDnsPolicyHostNetwork, `${property}.dnsPolicy`, dnsPolicy,
        `resolves like Default on the host network (hostNetwork is ${pod.hostNetwork === undefined ? 'true by default' : 'true'})`,
        'Use EksDnsPolicy.CLUSTER_FIRST_WITH_HOST_NET, or set hostNetwork: false for pod networking')
      : undefined,
    ...checkLabels(`${property}.labels`, pod.labels),
    ...checkAnnotations(`${property}.annotations`, pod.annotations),
    checkPodNamespace(`${property}.namespace`, pod.namespace),
  ];
}

/** The job-level settings an EKS job definition must not have. */
export interface EksJobSettings {
  /** `platformCapabilities` as given. */
  readonly platformCapabilities?: readonly unknown[];
  /** `propagateTags` as given. */
  readonly propagateTags?: boolean;
}

/** platformCapabilities and propagateTags are not allowed with an EKS pod. */
export function eksJobSettingsProblems(settings: EksJobSettings): Problem[] {
  const hint = 'Remove it: a job definition for Amazon EKS has neither';
  return [
    settings.platformCapabilities === undefined ? undefined : problem(EKS_POD_RULES.eksPlatformCapabilities, 'platformCapabilities',
      settings.platformCapabilities, 'must not be set for a job on Amazon EKS (eksPod)', hint),
    settings.propagateTags === undefined ? undefined : problem(EKS_POD_RULES.eksPropagateTags, 'propagateTags',
      settings.propagateTags, 'must not be set for a job on Amazon EKS (eksPod)', 'Tags propagate to ECS tasks only; remove it'),
  ];
}

/** A node range as far as the EKS rules look at it: which kind of node it runs. */
export interface EksNodeRangeKind {
  /** The range's EKS pod, if it is one. */
  readonly eksPod?: EksPod;
  /** The range's container, if it is one. */
  readonly container?: object;
  /** The range's ECS task, if it is one. */
  readonly ecsTask?: object;
  /** The range's instance type. */
  readonly instanceType?: object;
}

/** What a node range runs: the kinds it gives, of container, ecsTask and eksPod. */
function rangeKinds(range: EksNodeRangeKind): string[] {
  return (['container', 'ecsTask', 'eksPod'] as const).filter((kind) => range[kind] !== undefined);
}

/**
 * The multi-node limits of Batch on EKS, for a job with at least one eksPod range: at most 5
 * ranges, every one an eksPod range, one namespace.
 * @param ranges the node ranges as given
 */

export function eksNodeRangeProblems(ranges: readonly EksNodeRangeKind[]): Problem[] {
  if (!isKnown(ranges)) return [];
  const shapes: Problem[] = ranges.flatMap((range, i) => [
    rangeKinds(range).length !== 1
      ? problem(EKS_POD_RULES.eksNodeRangeShape, `nodeProperties.nodeRanges[${i}]`, rangeKinds(range).join(' and ') || 'neither',
        'must have exactly one of container, ecsTask and eksPod')
      : undefined,
    range.container !== undefined && range.instanceType !== undefined
      ? problem(EKS_POD_RULES.eksNodeRangeShape, `nodeProperties.nodeRanges[${i}].instanceType`, String(range.instanceType),
        'is for eksPod ranges', 'Give a container range its instance type in container.instanceType')
      : undefined,
  ]);
  const eks = ranges.map((range, i) => ({ pod: range.eksPod, i })).filter((r) => r.pod !== undefined);
  if (eks.length === 0) return shapes;
  const problems: Problem[] = [
    ...shapes,
    ranges.length > MAX_EKS_NODE_RANGES ? countProblem(EKS_POD_RULES.eksNodeRanges, 'nodeProperties.nodeRanges', ranges.length,
      `must have at most ${MAX_EKS_NODE_RANGES} entries for a job on Amazon EKS`) : undefined,
  ];
  const others = ranges.map((range, i) => ({ range, i }))
    .filter(({ range }) => range.eksPod === undefined && (range.container !== undefined || range.ecsTask !== undefined))
    .map(({ i }) => i);
  if (others.length > 0) {
    problems.push(problem(EKS_POD_RULES.eksNodeRanges, 'nodeProperties.nodeRanges', others.map((i) => `nodeRanges[${i}]`),
      'must all be eksPod ranges when one is', 'A job runs on EKS or on ECS; use a separate job definition for the other'));
  }
  const namespaces = eks.map(({ pod }) => pod!.namespace);
  if (namespaces.every(isKnownOrUndefined) && new Set(namespaces).size > 1) {
    problems.push(problem(EKS_POD_RULES.eksNodeRanges, 'nodeProperties.nodeRanges[].eksPod.namespace',
      namespaces.map((ns) => ns ?? '(the compute environment\'s)'), 'must be the same in every node range',
      'Give every range the same namespace, or none'));
  }
  return problems;
}

function isKnownOrUndefined(value: string | undefined): boolean {
  return value === undefined || isKnown(value);
}

/** A bound image of an EKS container: no repository credentials (ECS only). */
export function eksImageProblems(property: string, image: { readonly repositoryCredentials?: unknown }): Problem {
  if (image.repositoryCredentials === undefined) return undefined;
  return problem(EKS_POD_RULES.eksImageCredentials, property, 'an image with repository credentials', 'must not have repository credentials on Amazon EKS',
    'Create a docker-registry Secret in the namespace and name it in eksPod.imagePullSecrets');
}

/** The distinct images of one node range of a multi-node EKS job: at most 10. */
export function eksRangeImageProblems(property: string, imageNames: readonly string[]): Problem {
  // Token image names (assets, parameters) may equal others: count only the names known to differ.
  const distinct = new Set(imageNames.filter((name) => isKnown(name)));
  if (distinct.size <= MAX_EKS_IMAGES_PER_RANGE) return undefined;
  return countProblem(EKS_POD_RULES.eksNodeRangeImages, `${property} images`, distinct.size,
    `must have at most ${MAX_EKS_IMAGES_PER_RANGE} distinct images`, 'Batch on EKS pulls at most 10 images per node range');
}
