import { Lazy, Size, Token } from 'aws-cdk-lib';
import { EKS_OVERRIDE_RULES, eksOverrideProblems, eksWithContainerOverridesProblem } from '../../src/deploy-time-job/eks-override-rules';
import { DeployTimeJobEksPropertiesOverride } from '../../src/deploy-time-job/eks-override-types';
import { found, FoundRule } from '../rule-findings';

/** The rules of a deploy-time job's eksPropertiesOverride as tables, without synthesizing. */

const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const problemsOf = (override: DeployTimeJobEksPropertiesOverride) => found(eksOverrideProblems('eksPropertiesOverride', override));

describe('eksPropertiesOverride rules', () => {
  test.each<[string, DeployTimeJobEksPropertiesOverride, FoundRule[]]>([
    ['the lone container, unnamed', { containers: [{ command: ['migrate'], args: ['--all'], environment: { MODE: 'once' } }] }, []],
    ['every field', {
      containers: [
        { name: 'main', image: 'repo/app:v2', resources: { requests: { cpu: 0.5, memory: Size.mebibytes(512) }, limits: { cpu: 1, memory: Size.mebibytes(512) } } },
        { name: 'sidecar', environment: { LEVEL: 'debug' } },
      ],
      initContainers: [{ name: 'fetch', args: ['s3://bucket/key'] }],
      labels: { run: 'deploy' },
      annotations: { 'example.com/change': 'CHG-1' },
      namespace: 'batch-jobs',
    }, []],
    ['two containers, one without a name', { containers: [{ name: 'main' }, { command: ['x'] }] }, [error('eksOverrideNames',
      'eksPropertiesOverride.containers must each name their container when there are several, got ["eksPropertiesOverride.containers[1]"]. '
      + 'Give name: the container\'s name in the job definition')]],
    ['one container twice', { initContainers: [{ name: 'a' }, { name: 'a' }] }, [error('eksOverrideNames',
      'eksPropertiesOverride.initContainers[].name must name each container once, got ["a"]. Put all overrides of a container in one entry')]],
    ['an AWS_BATCH variable', { containers: [{ environment: { AWS_BATCH_CE_NAME: 'x' } }] }, [error('reservedEnvironmentName',
      'eksPropertiesOverride.containers[0].environment names must not start with AWS_BATCH, got "AWS_BATCH_CE_NAME". Batch reserves that prefix for the variables it sets')]],
    ['a memory request other than its limit', { containers: [{ resources: { requests: { memory: Size.mebibytes(256) }, limits: { memory: Size.mebibytes(512) } } }] }, [
      error('eksMemoryRequestLimit', 'eksPropertiesOverride.containers[0].resources.requests.memory must equal limits.memory (512 MiB), got 256 MiB. '
        + 'Give the memory once, in limits: Batch copies it into the request'),
    ]],
    ['millicpus', { containers: [{ resources: { limits: { cpu: 0.1 } } }] }, [error('eksCpuQuantity',
      'eksPropertiesOverride.containers[0].resources.limits.cpu must be a multiple of 0.25 vCPU, at least 0.25, got 0.1. Batch takes whole vCPUs or quarters (0.25, 0.5, 1.75), not millicpus')]],
    ['a kube namespace', { namespace: 'kube-system' }, [error('eksPodNamespace',
      'eksPropertiesOverride.namespace must not be default or start with kube, got "kube-system". Use a namespace of your own for Batch pods, e.g. "batch-jobs"')]],
    ['a long annotation', { annotations: { note: 'a'.repeat(256) } }, [error('eksAnnotation',
      'eksPropertiesOverride.annotations.note must be at most 255 characters, got "aaaaaaaaaaaaaaaaaaaa...". Batch limits annotation values to 255 characters')]],
    ['tokens', {
      containers: [{ name: Token.asString(Lazy.string({ produce: () => 'a' })), resources: { limits: { cpu: Token.asNumber(Lazy.number({ produce: () => 1 })) } } }],
      namespace: Token.asString(Lazy.string({ produce: () => 'x' })),
    }, []],
  ])('%s', (_name, override, expected) => {
    expect(problemsOf(override)).toEqual(expected);
  });

  test('container overrides beside it: a warning', () => {
    expect(found([eksWithContainerOverridesProblem('containerOverrides', { command: ['x'] })])).toEqual([{
      rule: 'eksWithContainerOverrides',
      severity: 'warning',
      message: 'containerOverrides is given with eksPropertiesOverride: container overrides are for jobs on ECS, '
        + 'eksPropertiesOverride for jobs on EKS, so one of them does not apply, got ["command"]. For a job on EKS, override its containers in '
        + 'eksPropertiesOverride.containers',
    }]);
    expect(found([eksWithContainerOverridesProblem('containerOverrides', undefined)])).toEqual([]);
  });

  test('its rules have sources', () => {
    for (const rule of Object.values(EKS_OVERRIDE_RULES)) expect(rule.sources.length).toBeGreaterThan(0);
  });
});
