import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Problem, problem } from './validation';

/**
 * Facts about EC2 instance type names that the compute environment checks need.
 *
 * Batch accepts sizes (`c5.xlarge`), whole families (`c5`) and its own keywords
 * (`optimal`, `default_x86_64`, `default_arm64`); aws-cdk-lib's
 * `InstanceType.architecture` only understands sizes, so the parsing lives here.
 */

/** The CPU architecture of an instance type name, or undefined when it cannot be told. */
export function instanceArchitecture(instanceType: string): 'arm64' | 'x86_64' | undefined {
  if (Token.isUnresolved(instanceType)) return undefined;
  if (instanceType === 'default_arm64') return 'arm64';
  if (instanceType === 'default_x86_64' || instanceType === 'optimal') return 'x86_64';
  const parts = /^([a-z]+)(\d{1,2})([a-z-]*)(\.[a-z0-9-]+)?$/.exec(instanceType);
  if (!parts) return undefined;
  // Graviton families have a `g` in their capabilities (m6g, c7gn, r8gd), and `a1` is ARM.
  const [, series, , capabilities] = parts;
  return series === 'a' || capabilities.includes('g') ? 'arm64' : 'x86_64';
}

/** The family part of an instance type name (`c5` of `c5.xlarge`), or the name itself. */
export function instanceFamily(instanceType: string): string {
  return instanceType.split('.')[0];
}

/** A name to show for a construct in a message: its path. */
export function constructLabel(value: IConstruct | undefined): string | undefined {
  return value === undefined ? undefined : value.node.path;
}

/** The instance types of a list that belong to one of the given families. */
export function typesInFamilies(instanceTypes: readonly string[], families: readonly string[]): string[] {
  return instanceTypes.filter((t) => !Token.isUnresolved(t) && families.includes(instanceFamily(t)));
}

/** Rejects a list of instance types that mixes ARM and x86 architectures. */
export function checkOneArchitecture(property: string, instanceTypes: readonly string[]): Problem {
  const arm = instanceTypes.filter((t) => instanceArchitecture(t) === 'arm64');
  const x86 = instanceTypes.filter((t) => instanceArchitecture(t) === 'x86_64');
  if (arm.length === 0 || x86.length === 0) return undefined;
  return problem(property, instanceTypes,
    'must all share one CPU architecture',
    `${arm.join(', ')} ${arm.length === 1 ? 'is' : 'are'} ARM (Graviton) and ${x86.join(', ')} ${x86.length === 1 ? 'is' : 'are'} x86; `
    + 'use a separate compute environment per architecture');
}

/** Checks `x <= y` for two optional numbers; skipped unless both are known. */
export function checkOrder(lowName: string, low: number | undefined, highName: string, high: number | undefined): Problem {
  if (low === undefined || high === undefined || Token.isUnresolved(low) || Token.isUnresolved(high)) return undefined;
  return low <= high ? undefined : problem(lowName, low, `must be at most ${highName} (${high})`);
}
