import { Lazy, Size, Stack, Token } from 'aws-cdk-lib';
import {
  GPU_RESOURCE, renderKubernetesEnvironment, renderMemory, renderQuantities, renderResources, renderSize,
} from '../../src/private/kubernetes-render';

describe('Kubernetes quantities as Batch on EKS takes them', () => {
  test('CPU as a decimal string, memory as whole MiB with Mi, GPUs under nvidia.com/gpu', () => {
    expect(renderQuantities({ cpu: 0.25, memory: Size.gibibytes(1), gpu: 2 })).toEqual({ 'cpu': '0.25', 'memory': '1024Mi', 'nvidia.com/gpu': '2' });
    expect(GPU_RESOURCE).toBe('nvidia.com/gpu');
    expect(renderQuantities({ cpu: 16 })).toEqual({ cpu: '16' });
  });

  test('empty maps and resources are left out', () => {
    expect(renderQuantities({})).toBeUndefined();
    expect(renderQuantities(undefined)).toBeUndefined();
    expect(renderResources({ requests: {}, limits: {} })).toBeUndefined();
    expect(renderResources({ limits: { memory: Size.mebibytes(4) } })).toEqual({ requests: undefined, limits: { memory: '4Mi' } });
  });

  test('tokens stay tokens', () => {
    const stack = new Stack();
    const cpu = Token.asNumber(Lazy.number({ produce: () => 2 }));
    const mib = Token.asNumber(Lazy.number({ produce: () => 512 }));
    expect(stack.resolve(renderQuantities({ cpu, memory: Size.mebibytes(mib) }))).toEqual({ cpu: '2', memory: '512Mi' });
    expect(stack.resolve(renderMemory(Size.mebibytes(mib)))).toBe('512Mi');
  });

  test('sizes render as the shortest exact unit (emptyDir limits)', () => {
    expect(renderSize(Size.gibibytes(2))).toBe('2048Mi');
    expect(renderSize(Size.kibibytes(1536))).toBe('1536Ki');
    expect(renderSize(Size.bytes(1000))).toBe('1000');
  });

  test('environment maps become env entries in their order', () => {
    expect(renderKubernetesEnvironment({ B: '2', A: '1' })).toEqual([{ name: 'B', value: '2' }, { name: 'A', value: '1' }]);
    expect(renderKubernetesEnvironment({})).toBeUndefined();
    expect(renderKubernetesEnvironment(undefined)).toBeUndefined();
  });
});
