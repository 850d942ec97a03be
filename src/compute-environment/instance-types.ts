import { Token } from 'aws-cdk-lib';
import { Problem, problem } from '../private/validation/problem';
import { Rule } from '../private/validation/rule';

/**
 * Facts about EC2 instance type names that the compute environment rules need.
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

/** The instance types of a list that belong to one of the given families. */
export function typesInFamilies(instanceTypes: readonly string[], families: readonly string[]): string[] {
  return instanceTypes.filter((t) => !Token.isUnresolved(t) && families.includes(instanceFamily(t)));
}

/** A list of instance types that mixes ARM and x86 architectures breaks `rule`. */
export function checkOneArchitecture(rule: Rule, property: string, instanceTypes: readonly string[]): Problem {
  const arm = instanceTypes.filter((t) => instanceArchitecture(t) === 'arm64');
  const x86 = instanceTypes.filter((t) => instanceArchitecture(t) === 'x86_64');
  if (arm.length === 0 || x86.length === 0) return undefined;
  return problem(rule, property, instanceTypes,
    'must all share one CPU architecture',
    `${arm.join(', ')} ${arm.length === 1 ? 'is' : 'are'} ARM (Graviton) and ${x86.join(', ')} ${x86.length === 1 ? 'is' : 'are'} x86; `
    + 'use a separate compute environment per architecture');
}
