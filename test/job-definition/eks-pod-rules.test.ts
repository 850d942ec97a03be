import { Lazy, Size, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  EKS_POD_RULES, eksImageProblems, eksJobSettingsProblems, eksNodeRangeProblems, eksPodProblems, eksRangeImageProblems,
} from '../../src/job-definition/eks-pod-rules';
import { EksContainer, EksDnsPolicy, EksPod } from '../../src/job-definition/eks-pod-types';
import { FoundRule, found } from '../rule-findings';

/**
 * The rules of a job definition's EKS pod as tables, without synthesizing: for each rule a value
 * that breaks it (exact message), the nearest values that pass, and a token that skips it.
 */

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const app = (extra: Partial<EksContainer> = {}): EksContainer => ({ image, name: 'app', ...extra });
const pod = (extra: Partial<EksPod> = {}): EksPod => ({ containers: [app()], ...extra });
const tokenString = () => Token.asString(Lazy.string({ produce: () => 'x' }));
const tokenNumber = () => Token.asNumber(Lazy.number({ produce: () => 1 }));

function problemsOf(p: EksPod): FoundRule[] {
  return found(eksPodProblems(p, 'eksPod'));
}

describe('eksPod rules', () => {
  test('a minimal pod and a fully specified valid pod have no findings', () => {
    expect(problemsOf(pod())).toEqual([]);
    expect(problemsOf({
      containers: [
        app({
          command: ['sh', '-c'],
          args: ['echo $(GREETING)'],
          environment: { 'GREETING': 'hello', 'my.var-name': 'x' },
          resources: { requests: { cpu: 0.25, memory: Size.mebibytes(4), gpu: 1 }, limits: { cpu: 1.75, memory: Size.mebibytes(4), gpu: 1 } },
          securityContext: { runAsUser: 2147483647, runAsGroup: 0, runAsNonRoot: true, privileged: false, allowPrivilegeEscalation: false },
          volumeMounts: [{ name: 'scratch', mountPath: '/scratch', subPath: 'a/b' }, { name: 'data', mountPath: '/data', readOnly: true }],
        }),
        { image, name: 'Sidecar' },
      ],
      initContainers: [{ image, name: 'init' }],
      volumes: [
        { name: 'scratch', emptyDir: {} },
        { name: 'data', persistentVolumeClaim: { claimName: 'data.claim' } },
        { name: 'host', hostPath: '/mnt/efs' },
        { name: 'creds', secret: { secretName: 'creds', optional: true } },
      ],
      serviceAccount: 'job-runner',
      hostNetwork: false,
      dnsPolicy: EksDnsPolicy.CLUSTER_FIRST,
      imagePullSecrets: ['registry.example'],
      labels: { 'example.com/team': 'data_eng', 'empty': '' },
      annotations: { 'example.com/owner': 'x'.repeat(255) },
      namespace: 'batch-jobs',
    })).toEqual([]);
  });

  const containers = (n: number) => Array.from({ length: n }, (_, i) => app({ name: `c${i}` }));
  test.each<[string, EksPod, FoundRule[]]>([
    ['no containers', { containers: [] }, [{
      rule: 'eksContainerCount',
      severity: 'error',
      message: 'eksPod.containers must have between 1 and 10 entries, got 0',
    }]],
    ['11 containers', { containers: containers(11) }, [{
      rule: 'eksContainerCount',
      severity: 'error',
      message: 'eksPod.containers must have between 1 and 10 entries, got 11',
    }]],
    ['11 init containers', pod({ initContainers: containers(11).map((c, i) => ({ ...c, name: `i${i}` })) }), [{
      rule: 'eksContainerCount',
      severity: 'error',
      message: 'eksPod.initContainers must have at most 10 entries, got 11',
    }]],
    ['an underscore in a name', pod({ containers: [app({ name: 'my_app' })] }), [{
      rule: 'eksContainerName',
      severity: 'error',
      message: 'eksPod.containers[0].name must be up to 63 letters, digits and hyphens, starting and ending with a letter or digit, got "my_app"',
    }]],
    ['a 64-character name', pod({ containers: [app({ name: 'a'.repeat(64) })] }), [{
      rule: 'eksContainerName',
      severity: 'error',
      message: `eksPod.containers[0].name must be up to 63 letters, digits and hyphens, starting and ending with a letter or digit, got "${'a'.repeat(64)}"`,
    }]],
    ['two unnamed containers', { containers: [{ image }, { image }] }, [{
      rule: 'eksContainerNameUnique',
      severity: 'error',
      message: 'eksPod container names must be unique in the pod, init containers included, ignoring case, got ["Default", "Default"]. '
        + 'Give each container a name: 2 containers without one are all named Default',
    }]],
    ['an init container named like an app container, in another case', pod({ initContainers: [{ image, name: 'APP' }] }), [{
      rule: 'eksContainerNameUnique',
      severity: 'error',
      message: 'eksPod container names must be unique in the pod, init containers included, ignoring case, got ["app", "APP"]. Rename the repeated "app"',
    }]],
  ])('containers: %s', (_name, p, expected) => {
    expect(problemsOf(p)).toEqual(expected);
  });

  test.each<[string, EksContainer, FoundRule[]]>([
    ['an AWS_BATCH variable', app({ environment: { AWS_BATCH_JOB_ID: 'x' } }), [{
      rule: 'reservedEnvironmentName',
      severity: 'error',
      message: 'eksPod.containers[0].environment names must not start with AWS_BATCH, got "AWS_BATCH_JOB_ID". Batch reserves that prefix for the variables it sets',
    }]],
    ['a variable name with =', app({ environment: { 'A=B': 'x' } }), [{
      rule: 'eksEnvironmentName',
      severity: 'error',
      message: 'eksPod.containers[0].environment names must be printable ASCII characters other than =, not empty, got "A=B"',
    }]],
    ['0.1 vCPU', app({ resources: { limits: { cpu: 0.1 } } }), [{
      rule: 'eksCpuQuantity',
      severity: 'error',
      message: 'eksPod.containers[0].resources.limits.cpu must be a multiple of 0.25 vCPU, at least 0.25, got 0.1. Batch takes whole vCPUs or quarters (0.25, 0.5, 1.75), not millicpus',
    }]],
    ['1.3 vCPU requested', app({ resources: { requests: { cpu: 1.3 } } }), [{
      rule: 'eksCpuQuantity',
      severity: 'error',
      message: 'eksPod.containers[0].resources.requests.cpu must be a multiple of 0.25 vCPU, at least 0.25, got 1.3. Batch takes whole vCPUs or quarters (0.25, 0.5, 1.75), not millicpus',
    }]],
    ['3 MiB', app({ resources: { limits: { memory: Size.mebibytes(3) } } }), [{
      rule: 'eksMemoryQuantity',
      severity: 'error',
      message: 'eksPod.containers[0].resources.limits.memory must be a whole number of MiB >= 4, got 3 MiB. Batch renders memory as whole MiB ("1024Mi")',
    }]],
    ['4097 KiB', app({ resources: { requests: { memory: Size.kibibytes(4097) } } }), [{
      rule: 'eksMemoryQuantity',
      severity: 'error',
      message: 'eksPod.containers[0].resources.requests.memory must be a whole number of MiB >= 4, got 4.0009765625 MiB. Batch renders memory as whole MiB ("1024Mi")',
    }]],
    ['half a GPU', app({ resources: { limits: { gpu: 0.5 } } }), [{
      rule: 'eksGpuQuantity',
      severity: 'error',
      message: 'eksPod.containers[0].resources.limits.gpu must be an integer >= 0, got 0.5',
    }]],
    ['a CPU request above the limit', app({ resources: { requests: { cpu: 2 }, limits: { cpu: 1 } } }), [{
      rule: 'eksCpuRequestAboveLimit',
      severity: 'error',
      message: 'eksPod.containers[0].resources.requests.cpu must be at most limits.cpu (1), got 2. '
        + 'Batch schedules by the request; the limit caps what the container may use',
    }]],
    ['a memory request below the limit', app({ resources: { requests: { memory: Size.mebibytes(512) }, limits: { memory: Size.gibibytes(1) } } }), [{
      rule: 'eksMemoryRequestLimit',
      severity: 'error',
      message: 'eksPod.containers[0].resources.requests.memory must equal limits.memory (1024 MiB), '
        + 'got 512 MiB. Give the memory once, in limits: Batch copies it into the request',
    }]],
    ['a GPU request other than the limit', app({ resources: { requests: { gpu: 1 }, limits: { gpu: 2 } } }), [{
      rule: 'eksGpuRequestLimit',
      severity: 'error',
      message: 'eksPod.containers[0].resources.requests.gpu must equal limits.gpu (2), got 1. Give the GPUs once, in limits: Batch copies them into the request',
    }]],
    ['a negative uid', app({ securityContext: { runAsUser: -1 } }), [{
      rule: 'eksSecurityContextId',
      severity: 'error',
      message: 'eksPod.containers[0].securityContext.runAsUser must be an integer between 0 and 2147483647, got -1',
    }]],
    ['a gid beyond 2^31-1', app({ securityContext: { runAsGroup: 2147483648 } }), [{
      rule: 'eksSecurityContextId',
      severity: 'error',
      message: 'eksPod.containers[0].securityContext.runAsGroup must be an integer between 0 and 2147483647, got 2147483648',
    }]],
    ['privileged without escalation', app({ securityContext: { privileged: true, allowPrivilegeEscalation: false } }), [{
      rule: 'eksPrivilegeEscalation',
      severity: 'error',
      message: 'eksPod.containers[0].securityContext.allowPrivilegeEscalation must not be false for a privileged container, got false. '
        + 'A privileged container can always escalate; remove one of the two',
    }]],
    ['runAsNonRoot as uid 0', app({ securityContext: { runAsNonRoot: true, runAsUser: 0 } }), [{
      rule: 'eksRunAsRoot',
      severity: 'error',
      message: 'eksPod.containers[0].securityContext.runAsUser must not be 0 with runAsNonRoot: true, got 0. '
        + 'The kubelet refuses to start the container; give a non-root uid or drop runAsNonRoot',
    }]],
    ['a mount of a volume the pod does not have', app({ volumeMounts: [{ name: 'data', mountPath: '/data' }] }), [{
      rule: 'eksVolumeMount',
      severity: 'error',
      message: 'eksPod.containers[0].volumeMounts[0].name must name a volume of the pod ("scratch"), got "data". Add the volume to eksPod.volumes',
    }]],
    ['a subPath with ..', app({ volumeMounts: [{ name: 'scratch', mountPath: '/s', subPath: 'a/../b' }] }), [{
      rule: 'eksVolumeMount',
      severity: 'error',
      message: 'eksPod.containers[0].volumeMounts[0].subPath must be a relative path without ".." components, got "a/../b"',
    }]],
    ['an absolute subPath', app({ volumeMounts: [{ name: 'scratch', mountPath: '/s', subPath: '/a' }] }), [{
      rule: 'eksVolumeMount',
      severity: 'error',
      message: 'eksPod.containers[0].volumeMounts[0].subPath must be a relative path without ".." components, got "/a"',
    }]],
    ['two mounts at one path', app({ volumeMounts: [{ name: 'scratch', mountPath: '/s' }, { name: 'scratch', mountPath: '/s' }] }), [{ rule: 'eksVolumeMount', severity: 'error', message: 'eksPod.containers[0].volumeMounts must mount each path once in the container, got ["/s"]. Mount the volumes at different paths' }]],
  ])('a container: %s', (_name, container, expected) => {
    expect(problemsOf(pod({ containers: [container], volumes: [{ name: 'scratch', emptyDir: {} }] }))).toEqual(expected);
  });

  test('a mount in a pod without volumes', () => {
    expect(problemsOf(pod({ containers: [app({ volumeMounts: [{ name: 'data', mountPath: '/data' }] })] }))).toEqual([{
      rule: 'eksVolumeMount',
      severity: 'error',
      message: 'eksPod.containers[0].volumeMounts[0].name must name a volume of the pod, and the pod has none, got "data". Add the volume to eksPod.volumes',
    }]);
  });

  test('the nearest valid resources pass: 0.25 vCPU, 4 MiB, 0 GPUs, a CPU request equal to its limit', () => {
    const resources = { requests: { cpu: 1, memory: Size.mebibytes(4), gpu: 0 }, limits: { cpu: 1, gpu: 0 } };
    expect(problemsOf(pod({ containers: [app({ resources })] }))).toEqual([]);
    expect(problemsOf(pod({ containers: [app({ resources: { limits: { cpu: 0.25 } } })] }))).toEqual([]);
  });

  test.each<[string, Partial<EksPod>, FoundRule[]]>([
    ['a volume without a source', { volumes: [{ name: 'v' }] }, [{
      rule: 'eksVolumeSource',
      severity: 'error',
      message: 'eksPod.volumes[0] must have exactly one of emptyDir, hostPath, secret and persistentVolumeClaim, got "no source"',
    }]],
    ['a volume with two sources', { volumes: [{ name: 'v', emptyDir: {}, hostPath: '/tmp' }] }, [{
      rule: 'eksVolumeSource',
      severity: 'error',
      message: 'eksPod.volumes[0] must have exactly one of emptyDir, hostPath, secret and persistentVolumeClaim, got ["emptyDir", "hostPath"]',
    }]],
    ['an uppercase volume name', { volumes: [{ name: 'Data', emptyDir: {} }] }, [{
      rule: 'eksVolumeName',
      severity: 'error',
      message: 'eksPod.volumes[0].name must be a DNS subdomain name: up to 253 lowercase letters, digits, - and ., starting and ending with a letter or digit, got "Data"',
    }]],
    ['a dotted volume name', { volumes: [{ name: 'data.cache', emptyDir: {} }] }, [{
      rule: 'eksVolumeNameLabel',
      severity: 'warning',
      message: 'eksPod.volumes[0].name should be a DNS label (no dots, at most 63 characters), got "data.cache". Kubernetes rejects pods whose volume names are not DNS labels',
    }]],
    ['two volumes with one name', { volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', hostPath: '/tmp' }] }, [{
      rule: 'eksVolumeName',
      severity: 'error',
      message: 'eksPod.volumes must name each volume once, got ["v"]. Give each volume its own name',
    }]],
    ['a secret name with an underscore', { volumes: [{ name: 'v', secret: { secretName: 'my_secret' } }] }, [{
      rule: 'eksObjectName',
      severity: 'error',
      message: 'eksPod.volumes[0].secret.secretName must be a DNS subdomain name: up to 253 lowercase letters, digits, - and ., starting and ending with a letter or digit, got "my_secret"',
    }]],
    ['an uppercase claim name', { volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'Claim' } }] }, [{
      rule: 'eksObjectName',
      severity: 'error',
      message: 'eksPod.volumes[0].persistentVolumeClaim.claimName must be a DNS subdomain name: up to 253 lowercase letters, digits, - and ., starting and ending with a letter or digit, got "Claim"',
    }]],
    ['a service account ending with a hyphen', { serviceAccount: 'runner-' }, [{
      rule: 'eksObjectName',
      severity: 'error',
      message: 'eksPod.serviceAccount must be a DNS subdomain name: up to 253 lowercase letters, digits, - and ., starting and ending with a letter or digit, got "runner-"',
    }]],
    ['an image pull secret of 254 characters', { imagePullSecrets: ['a'.repeat(254)] }, [{
      rule: 'eksObjectName',
      severity: 'error',
      message: `eksPod.imagePullSecrets[0] must be a DNS subdomain name: up to 253 lowercase letters, digits, - and ., starting and ending with a letter or digit, got "${'a'.repeat(254)}"`,
    }]],
    ['a DNS policy from JavaScript', { dnsPolicy: 'None' as EksDnsPolicy }, [{
      rule: 'eksDnsPolicy',
      severity: 'error',
      message: 'eksPod.dnsPolicy must be "Default", "ClusterFirst" or "ClusterFirstWithHostNet", got "None". Use an EksDnsPolicy value',
    }]],
    ['ClusterFirst on the default host network', { dnsPolicy: EksDnsPolicy.CLUSTER_FIRST }, [{
      rule: 'eksDnsPolicyHostNetwork',
      severity: 'warning',
      message: 'eksPod.dnsPolicy resolves like Default on the host network (hostNetwork is true by default), got "ClusterFirst". '
        + 'Use EksDnsPolicy.CLUSTER_FIRST_WITH_HOST_NET, or set hostNetwork: false for pod networking',
    }]],
    ['ClusterFirst with hostNetwork: true', { dnsPolicy: EksDnsPolicy.CLUSTER_FIRST, hostNetwork: true }, [{
      rule: 'eksDnsPolicyHostNetwork',
      severity: 'warning',
      message: 'eksPod.dnsPolicy resolves like Default on the host network (hostNetwork is true), got "ClusterFirst". '
        + 'Use EksDnsPolicy.CLUSTER_FIRST_WITH_HOST_NET, or set hostNetwork: false for pod networking',
    }]],
    ['a label key with a space', { labels: { 'my team': 'a' } }, [{
      rule: 'eksLabel',
      severity: 'error',
      message: 'eksPod.labels must have keys of the form [prefix/]name: a name of at most 63 letters, digits, -, _ and . (alphanumeric at both ends), '
        + 'a prefix that is a DNS subdomain, got "my team". e.g. "team" or "example.com/team"',
    }]],
    ['a label key with an uppercase prefix', { labels: { 'Example.com/team': 'a' } }, [{
      rule: 'eksLabel',
      severity: 'error',
      message: 'eksPod.labels must have keys of the form [prefix/]name: a name of at most 63 letters, digits, -, _ and . (alphanumeric at both ends), '
        + 'a prefix that is a DNS subdomain, got "Example.com/team". e.g. "team" or "example.com/team"',
    }]],
    ['a label value of 64 characters', { labels: { team: 'a'.repeat(64) } }, [{
      rule: 'eksLabel',
      severity: 'error',
      message: `eksPod.labels.team must be empty or at most 63 letters, digits, -, _ and . (alphanumeric at both ends), got "${'a'.repeat(64)}"`,
    }]],
    ['a label of Batch\'s prefix', { labels: { 'batch.amazonaws.com/job-id': 'x' } }, [{
      rule: 'eksBatchLabel',
      severity: 'warning',
      message: 'eksPod.labels should not use the prefix batch.amazonaws.com/, got "batch.amazonaws.com/job-id". Batch sets the labels of that prefix on its pods itself',
    }]],
    ['an annotation value of 256 characters', { annotations: { note: 'a'.repeat(256) } }, [{
      rule: 'eksAnnotation',
      severity: 'error',
      message: 'eksPod.annotations.note must be at most 255 characters, got "aaaaaaaaaaaaaaaaaaaa...". Batch limits annotation values to 255 characters',
    }]],
    ['an annotation key ending with a dot', { annotations: { 'note.': 'a' } }, [{
      rule: 'eksAnnotation',
      severity: 'error',
      message: 'eksPod.annotations must have keys of the form [prefix/]name: a name of at most 63 letters, digits, -, _ and . (alphanumeric at both ends), '
        + 'a prefix that is a DNS subdomain, got "note."',
    }]],
    ['the default namespace', { namespace: 'default' }, [{
      rule: 'eksPodNamespace',
      severity: 'error',
      message: 'eksPod.namespace must not be default or start with kube, got "default". Use a namespace of your own for Batch pods, e.g. "batch-jobs"',
    }]],
    ['a kube namespace', { namespace: 'kubeflow' }, [{
      rule: 'eksPodNamespace',
      severity: 'error',
      message: 'eksPod.namespace must not be default or start with kube, got "kubeflow". Use a namespace of your own for Batch pods, e.g. "batch-jobs"',
    }]],
    ['a 64-character namespace', { namespace: 'a'.repeat(64) }, [{
      rule: 'eksPodNamespace',
      severity: 'error',
      message: `eksPod.namespace must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got "${'a'.repeat(64)}"`,
    }]],
    ['an uppercase namespace', { namespace: 'Batch' }, [{
      rule: 'eksPodNamespace',
      severity: 'error',
      message: 'eksPod.namespace must be 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, got "Batch"',
    }]],
  ])('the pod: %s', (_name, settings, expected) => {
    expect(problemsOf(pod(settings))).toEqual(expected);
  });

  test('the nearest valid values pass: ClusterFirstWithHostNet and a 63-character namespace and volume name', () => {
    expect(problemsOf(pod({ dnsPolicy: EksDnsPolicy.CLUSTER_FIRST_WITH_HOST_NET, namespace: 'a'.repeat(63), volumes: [{ name: 'v'.repeat(63), emptyDir: {} }] }))).toEqual([]);
    expect(problemsOf(pod({ dnsPolicy: EksDnsPolicy.DEFAULT }))).toEqual([]);
  });

  test('tokens skip the checks', () => {
    expect(problemsOf({
      containers: [app({
        name: tokenString(),
        environment: { [tokenString()]: 'x' },
        resources: {
          requests: { cpu: tokenNumber(), memory: Size.mebibytes(tokenNumber()), gpu: tokenNumber() },
          limits: { cpu: 0.25, memory: Size.mebibytes(64), gpu: 1 },
        },
        securityContext: { runAsUser: tokenNumber(), runAsGroup: tokenNumber() },
        volumeMounts: [{ name: tokenString(), mountPath: tokenString(), subPath: tokenString() }],
      }), app({ name: tokenString() })],
      volumes: [{ name: tokenString(), secret: { secretName: tokenString() } }, { name: 'v', persistentVolumeClaim: { claimName: tokenString() } }],
      serviceAccount: tokenString(),
      imagePullSecrets: [tokenString()],
      dnsPolicy: tokenString() as EksDnsPolicy,
      labels: { [tokenString()]: tokenString() },
      annotations: { [tokenString()]: tokenString() },
      namespace: tokenString(),
    })).toEqual([]);
  });

  test('every rule of this file has a source and a severity', () => {
    for (const rule of Object.values(EKS_POD_RULES)) {
      expect(rule.sources.length).toBeGreaterThan(0);
      expect(rule.construct).toBe('JobDefinition');
    }
  });
});

describe('EKS job-level settings', () => {
  test.each<[string, object, FoundRule[]]>([
    ['platformCapabilities', { platformCapabilities: ['EC2'] }, [{
      rule: 'eksPlatformCapabilities',
      severity: 'error',
      message: 'platformCapabilities must not be set for a job on Amazon EKS (eksPod), got ["EC2"]. Remove it: a job definition for Amazon EKS has neither',
    }]],
    ['propagateTags false', { propagateTags: false }, [{
      rule: 'eksPropagateTags',
      severity: 'error',
      message: 'propagateTags must not be set for a job on Amazon EKS (eksPod), got false. Tags propagate to ECS tasks only; remove it',
    }]],
    ['neither', {}, []],
  ])('%s', (_name, settings, expected) => {
    expect(found(eksJobSettingsProblems(settings))).toEqual(expected);
  });
});

describe('multi-node EKS jobs', () => {
  const container = { image };
  test.each<[string, Array<{ eksPod?: EksPod; container?: object; instanceType?: object }>, FoundRule[]]>([
    ['5 eksPod ranges', Array.from({ length: 5 }, () => ({ eksPod: pod() })), []],
    ['6 eksPod ranges', Array.from({ length: 6 }, () => ({ eksPod: pod() })), [{
      rule: 'eksNodeRanges',
      severity: 'error',
      message: 'nodeProperties.nodeRanges must have at most 5 entries for a job on Amazon EKS, got 6',
    }]],
    ['an eksPod range beside a container range', [{ eksPod: pod() }, { container }], [{
      rule: 'eksNodeRanges',
      severity: 'error',
      message: 'nodeProperties.nodeRanges must all be eksPod ranges when one is, got ["nodeRanges[1]"]. A job runs on EKS or on ECS; use a separate job definition for the other',
    }]],
    ['two namespaces', [{ eksPod: pod({ namespace: 'a' }) }, { eksPod: pod() }], [{
      rule: 'eksNodeRanges',
      severity: 'error',
      message: 'nodeProperties.nodeRanges[].eksPod.namespace must be the same in every node range, got ["a", "(the compute environment\'s)"]. Give every range the same namespace, or none',
    }]],
    ['one namespace everywhere', [{ eksPod: pod({ namespace: 'a' }) }, { eksPod: pod({ namespace: 'a' }) }], []],
    ['no eksPod range', Array.from({ length: 6 }, () => ({ container })), []],
    ['a range with neither', [{ eksPod: pod() }, {}], [{
      rule: 'eksNodeRangeShape',
      severity: 'error',
      message: 'nodeProperties.nodeRanges[1] must have exactly one of container, ecsTask and eksPod, got "neither"',
    }]],
    ['a range with both', [{ eksPod: pod(), container }], [{
      rule: 'eksNodeRangeShape',
      severity: 'error',
      message: 'nodeProperties.nodeRanges[0] must have exactly one of container, ecsTask and eksPod, got "container and eksPod"',
    }]],
    ['a container range with a range instance type', [{ container, instanceType: new ec2.InstanceType('c5.xlarge') }], [{
      rule: 'eksNodeRangeShape',
      severity: 'error',
      message: 'nodeProperties.nodeRanges[0].instanceType is for eksPod ranges, got "c5.xlarge". Give a container range its instance type in container.instanceType',
    }]],
    ['an eksPod range with an instance type', [{ eksPod: pod(), instanceType: new ec2.InstanceType('c5.xlarge') }], []],
    ['a token namespace', [{ eksPod: pod({ namespace: tokenString() }) }, { eksPod: pod() }], []],
  ])('%s', (_name, ranges, expected) => {
    expect(found(eksNodeRangeProblems(ranges))).toEqual(expected);
  });

  test('at most 10 distinct images per node range; repeats and token names do not count', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `image${i}`);
    expect(found([eksRangeImageProblems('nodeProperties.nodeRanges[0].eksPod', [...names(10), 'image0', tokenString()])])).toEqual([]);
    expect(found([eksRangeImageProblems('nodeProperties.nodeRanges[0].eksPod', names(11))])).toEqual([{
      rule: 'eksNodeRangeImages',
      severity: 'error',
      message: 'nodeProperties.nodeRanges[0].eksPod images must have at most 10 distinct images, got 11. Batch on EKS pulls at most 10 images per node range',
    }]);
  });
});

describe('bound images', () => {
  test('repository credentials are rejected on EKS', () => {
    expect(found([eksImageProblems('eksPod.containers[0].image', { repositoryCredentials: { credentialsParameter: 'arn' } })])).toEqual([{
      rule: 'eksImageCredentials',
      severity: 'error',
      message: 'eksPod.containers[0].image must not have repository credentials on Amazon EKS, '
        + 'got "an image with repository credentials". Create a docker-registry Secret in the namespace and name it in eksPod.imagePullSecrets',
    }]);
    expect(found([eksImageProblems('eksPod.containers[0].image', {})])).toEqual([]);
  });
});
