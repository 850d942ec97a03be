import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { countProblem, describeValue, isKnown, Problem, problem } from './problem';
import { Rule } from './rule';

/**
 * The checks every rule is built from, one copy each. Each takes the rule it enforces and
 * the property as the user wrote it, skips values that are undefined or unresolved tokens,
 * and returns a finding in the one message shape of `problem()`.
 */

/** Options of a numeric range check. */
export interface RangeOptions {
  /** Smallest allowed value. */
  readonly min?: number;
  /** Largest allowed value. */
  readonly max?: number;
  /** Whether only whole numbers are allowed. */
  readonly integer?: boolean;
  /** Text appended to the message: why the limit exists or how to fix it. */
  readonly hint?: string;
}

/** Describes an allowed numeric range, e.g. "must be an integer between 1 and 10". */
export function describeRange(options: RangeOptions): string {
  const kind = options.integer ? 'an integer' : 'a number';
  const { min, max } = options;
  if (min !== undefined && max !== undefined) return `must be ${kind} between ${min} and ${max}`;
  if (min !== undefined) return `must be ${kind} >= ${min}`;
  if (max !== undefined) return `must be ${kind} <= ${max}`;
  return `must be ${kind}`;
}

/** Checks a number against a range. */
export function checkRange(rule: Rule, property: string, value: number | undefined, options: RangeOptions): Problem {
  if (!isKnown(value)) return undefined;
  const outside = (options.min !== undefined && value < options.min)
    || (options.max !== undefined && value > options.max)
    || Number.isNaN(value)
    || (options.integer === true && !Number.isInteger(value));
  return outside ? problem(rule, property, value, describeRange(options), options.hint) : undefined;
}

/** Options of a Duration range check. */
export interface DurationRangeOptions {
  /** Shortest allowed duration. */
  readonly min?: Duration;
  /** Longest allowed duration. */
  readonly max?: Duration;
  /** Text appended to the message. */
  readonly hint?: string;
}

/** Checks a Duration against a range. */
export function checkDuration(rule: Rule, property: string, value: Duration | undefined, options: DurationRangeOptions): Problem {
  if (!isKnown(value)) return undefined;
  const seconds = value.toMilliseconds() / 1000;
  const tooShort = options.min !== undefined && seconds < options.min.toMilliseconds() / 1000;
  const tooLong = options.max !== undefined && seconds > options.max.toMilliseconds() / 1000;
  if (!tooShort && !tooLong) return undefined;
  const { min, max } = options;
  const allowed = min && max
    ? `must be between ${min.toHumanString()} and ${max.toHumanString()}`
    : min ? `must be at least ${min.toHumanString()}` : `must be at most ${max!.toHumanString()}`;
  return problem(rule, property, value, allowed, options.hint);
}

/** Checks that a Duration is a whole number of seconds (Batch and CloudFormation take integers). */
export function checkWholeSeconds(rule: Rule, property: string, value: Duration | undefined): Problem {
  if (!isKnown(value)) return undefined;
  return Number.isInteger(value.toMilliseconds() / 1000) ? undefined : problem(rule, property, value, 'must be a whole number of seconds');
}

/** Checks that a Duration is a whole number of minutes. */
export function checkWholeMinutes(rule: Rule, property: string, value: Duration | undefined): Problem {
  if (!isKnown(value)) return undefined;
  return Number.isInteger(value.toMilliseconds() / 60_000) ? undefined : problem(rule, property, value, 'must be a whole number of minutes');
}

/** A Size in MiB without rounding; a token Size in MiB as a token. */
export function mebibytes(size: Size): number {
  return size.isUnresolved() ? size.toMebibytes() : size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
}

/** Checks that a Size is a whole number of MiB, optionally at least `min` MiB. */
export function checkWholeMiB(rule: Rule, property: string, size: Size | undefined, min?: number, hint?: string): Problem {
  if (!isKnown(size)) return undefined;
  const mib = mebibytes(size);
  if (Number.isInteger(mib) && (min === undefined || mib >= min)) return undefined;
  return problem(rule, property, size, min === undefined ? 'must be a whole number of MiB' : `must be a whole number of MiB >= ${min}`, hint);
}

/** Checks a string against a pattern. */
export function checkPattern(rule: Rule, property: string, value: string | undefined, pattern: RegExp, allowed: string, hint?: string): Problem {
  if (!isKnown(value)) return undefined;
  return pattern.test(value) ? undefined : problem(rule, property, value, allowed, hint);
}

/** Options of a count check. */
export interface CountOptions {
  /** Fewest entries allowed. */
  readonly min?: number;
  /** Most entries allowed. */
  readonly max?: number;
  /** Text appended to the message. */
  readonly hint?: string;
}

/** Checks the number of entries of a list; skipped when the list is undefined or a token. */
export function checkCount(rule: Rule, property: string, items: readonly unknown[] | undefined, options: CountOptions): Problem {
  if (items === undefined || Token.isUnresolved(items)) return undefined;
  const n = items.length;
  const { min, max } = options;
  if ((min === undefined || n >= min) && (max === undefined || n <= max)) return undefined;
  const allowed = min !== undefined && max !== undefined
    ? `must have between ${min} and ${max} entries`
    : min !== undefined ? `must have at least ${min} ${min === 1 ? 'entry' : 'entries'}` : `must have at most ${max} entries`;
  return countProblem(rule, property, n, allowed, options.hint);
}

/**
 * A setting given where it does not apply, e.g. an EC2-only setting on Fargate.
 * @param allowed what the message says of it, e.g. "is not available on Fargate"
 */
export function checkNotSet(rule: Rule, property: string, value: unknown, allowed: string, hint?: string): Problem {
  if (value === undefined) return undefined;
  return problem(rule, property, value, allowed, hint);
}

/** Checks `low <= high` for two optional numbers; skipped unless both are known. */
export function checkOrder(rule: Rule, lowName: string, low: number | undefined, highName: string, high: number | undefined): Problem {
  if (!isKnown(low) || !isKnown(high)) return undefined;
  return low <= high ? undefined : problem(rule, lowName, low, `must be at most ${highName} (${high})`);
}

/** The values that appear more than once in a list (tokens ignored). */
export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const value of values) {
    if (!isKnown(value)) continue;
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

/** How a construct is named in a message: its path (its ARN is often a token). */
export function constructLabel(value: IConstruct | undefined): string | undefined {
  return value === undefined ? undefined : value.node.path;
}

/** `"a", "b" or "c"`: a list of allowed values for a message. */
export function oneOf(values: readonly unknown[]): string {
  const shown = values.map(describeValue);
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}
