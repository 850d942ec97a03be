/**
 * The vCPU and memory combinations a Batch job on Fargate accepts.
 *
 * Source: AWS Batch API Reference, `ResourceRequirement` (type="VCPU" and type="MEMORY"),
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_ResourceRequirement.html
 * (checked 2026-11-29): 0.25 vCPU takes 512, 1024 or 2048 MiB; 0.5 vCPU 1-4 GiB;
 * 1 vCPU 2-8 GiB; 2 vCPU 4-16 GiB; 4 vCPU 8-30 GiB, all in 1 GiB steps; 8 vCPU
 * 16-60 GiB in 4 GiB steps; 16 vCPU 32-120 GiB in 8 GiB steps.
 */
const FARGATE_MEMORY_BY_VCPU: ReadonlyArray<[number, number[]]> = [
  [0.25, [512, 1024, 2048]],
  [0.5, steps(1024, 4096, 1024)],
  [1, steps(2048, 8192, 1024)],
  [2, steps(4096, 16384, 1024)],
  [4, steps(8192, 30720, 1024)],
  [8, steps(16384, 61440, 4096)],
  [16, steps(32768, 122880, 8192)],
];

function steps(first: number, last: number, step: number): number[] {
  const values: number[] = [];
  for (let value = first; value <= last; value += step) values.push(value);
  return values;
}

/** The vCPU values Fargate accepts. */
export const FARGATE_VCPUS: readonly number[] = FARGATE_MEMORY_BY_VCPU.map(([vcpus]) => vcpus);

/** The memory values (MiB) Fargate accepts with a vCPU value, or undefined for an unsupported vCPU value. */
export function fargateMemoryFor(vcpus: number): readonly number[] | undefined {
  return FARGATE_MEMORY_BY_VCPU.find(([v]) => v === vcpus)?.[1];
}

/** A memory list as short text: "512, 1024 or 2048" or "2048 to 8192 in steps of 1024". */
export function describeMemoryChoices(values: readonly number[]): string {
  if (values.length <= 3) return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
  return `${values[0]} to ${values[values.length - 1]} in steps of ${values[1] - values[0]}`;
}
