import { describeMemoryChoices, FARGATE_VCPUS, fargateMemoryFor } from '../../src/job-definition/fargate-resources';

/** The Fargate vCPU/memory table, entry by entry against the Batch API reference (ResourceRequirement). */

const range = (first: number, last: number, step: number) =>
  Array.from({ length: (last - first) / step + 1 }, (_, i) => first + i * step);

describe('Fargate resources', () => {
  test('the vCPU values Fargate takes', () => {
    expect(FARGATE_VCPUS).toEqual([0.25, 0.5, 1, 2, 4, 8, 16]);
  });

  test.each([
    [0.25, [512, 1024, 2048]],
    [0.5, range(1024, 4096, 1024)],
    [1, range(2048, 8192, 1024)],
    [2, range(4096, 16384, 1024)],
    [4, range(8192, 30720, 1024)],
    [8, range(16384, 61440, 4096)],
    [16, range(32768, 122880, 8192)],
  ])('%s vCPU takes its memory list', (vcpus, memory) => {
    expect(fargateMemoryFor(vcpus)).toEqual(memory);
  });

  test('a vCPU value Fargate does not take has no memory list', () => {
    expect(fargateMemoryFor(3)).toBeUndefined();
    expect(fargateMemoryFor(0.3)).toBeUndefined();
  });

  test('memory lists as short text', () => {
    expect(describeMemoryChoices([512, 1024, 2048])).toBe('512, 1024 or 2048');
    expect(describeMemoryChoices(range(2048, 8192, 1024))).toBe('2048 to 8192 in steps of 1024');
  });
});
