import { Lazy, Size, Token } from 'aws-cdk-lib';
import {
  checkAnnotations, checkKubernetesEnvironmentNames, checkKubernetesResources, checkLabels, checkPodNamespace, isDnsLabel, isDnsSubdomain,
  KUBERNETES_RULES,
} from '../../../src/private/validation/kubernetes';
import { found } from '../../rule-findings';

/**
 * The Kubernetes rules shared by eksPod and eksPropertiesOverride, as tables (their messages in
 * context are in test/job-definition/eks-pod-rules.test.ts).
 */

describe('names', () => {
  test.each([
    ['a', true, true], ['a-b', true, true], ['a.b', false, true], ['A', false, false], ['-a', false, false], ['a-', false, false],
    ['a'.repeat(63), true, true], ['a'.repeat(64), false, true], [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`, false, true],
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`, false, false], ['a_b', false, false], ['', false, false],
  ])('%s: DNS label %s, DNS subdomain %s', (name, label, subdomain) => {
    expect(isDnsLabel(name)).toBe(label);
    expect(isDnsSubdomain(name)).toBe(subdomain);
  });
});

describe('resources', () => {
  test('each quantity and the relations, at the edges', () => {
    expect(found(checkKubernetesResources('r', { requests: { cpu: 0.25, memory: Size.mebibytes(4), gpu: 0 }, limits: { cpu: 0.25 } }))).toEqual([]);
    expect(found(checkKubernetesResources('r', { limits: { cpu: 0 } })).map((f) => f.rule)).toEqual(['eksCpuQuantity']);
    expect(found(checkKubernetesResources('r', { limits: { cpu: 2.3 } })).map((f) => f.rule)).toEqual(['eksCpuQuantity']);
    expect(found(checkKubernetesResources('r', { limits: { gpu: -1 } })).map((f) => f.rule)).toEqual(['eksGpuQuantity']);
    expect(found(checkKubernetesResources('r', { requests: { cpu: 1.25 }, limits: { cpu: 1 } })).map((f) => f.rule)).toEqual(['eksCpuRequestAboveLimit']);
    expect(found(checkKubernetesResources('r', undefined))).toEqual([]);
  });

  test('tokens skip the checks, also the relations', () => {
    const n = Token.asNumber(Lazy.number({ produce: () => 3 }));
    expect(found(checkKubernetesResources('r', { requests: { cpu: n, memory: Size.mebibytes(n), gpu: n }, limits: { cpu: 1, memory: Size.mebibytes(8), gpu: 1 } })))
      .toEqual([]);
  });
});

describe('metadata', () => {
  test('label keys with a prefix, empty values, and the prefix of Batch\'s own labels (a warning)', () => {
    expect(found(checkLabels('labels', { 'app.kubernetes.io/name': 'x', 'a_b.c-d': '', 'x': 'A-b_c.d' }))).toEqual([]);
    expect(found(checkLabels('labels', { 'a/b/c': 'x' })).map((f) => f.rule)).toEqual(['eksLabel']);
    expect(found(checkLabels('labels', { 'batch.amazonaws.com/x': 'y' })).map((f) => [f.rule, f.severity])).toEqual([['eksBatchLabel', 'warning']]);
    expect(found(checkLabels('labels', { [`${'a'.repeat(254)}/x`]: 'y' })).map((f) => f.rule)).toEqual(['eksLabel']);
  });

  test('annotation values up to 255 characters', () => {
    expect(found(checkAnnotations('annotations', { note: 'a'.repeat(255) }))).toEqual([]);
    expect(found(checkAnnotations('annotations', { note: 'a'.repeat(256) })).map((f) => f.rule)).toEqual(['eksAnnotation']);
  });

  test('pod namespaces', () => {
    expect(found([checkPodNamespace('namespace', 'batch-jobs')])).toEqual([]);
    expect(found([checkPodNamespace('namespace', 'kube')]).map((f) => f.rule)).toEqual(['eksPodNamespace']);
    expect(found([checkPodNamespace('namespace', undefined)])).toEqual([]);
  });

  test('environment variable names: printable ASCII without =', () => {
    expect(found(checkKubernetesEnvironmentNames('env', ['A', 'my.var-1', 'with space', '1ST']))).toEqual([]);
    expect(found(checkKubernetesEnvironmentNames('env', ['', 'A=B', 'tab\there', 'é'])).map((f) => f.message)).toEqual([
      'env names must be printable ASCII characters other than =, not empty, got ""',
      'env names must be printable ASCII characters other than =, not empty, got "A=B"',
      'env names must be printable ASCII characters other than =, not empty, got "tab\\there"',
      'env names must be printable ASCII characters other than =, not empty, got "é"',
    ]);
  });

  test('every shared Kubernetes rule has a source and applies to the job definition and the deploy-time job', () => {
    for (const rule of Object.values(KUBERNETES_RULES)) {
      expect(rule.sources.length).toBeGreaterThan(0);
      expect(rule.appliesTo).toEqual(['JobDefinition', 'DeployTimeJob']);
    }
  });
});
