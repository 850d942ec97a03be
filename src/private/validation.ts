import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Synth-time validation shared by every construct.
 *
 * Every check is token-aware: a value that is an unresolved token cannot be known
 * at synth time, so its check is skipped (never guessed). A check returns the
 * problem as a sentence that names the property, the value given and what is
 * allowed, or `undefined` when the value is fine. Constructors throw all problems
 * at once with `throwIfInvalid`, which prefixes the construct path; checks of
 * values that can still change are returned from `node.addValidation`, where the
 * CDK adds the path itself.
 */

/** A problem sentence, or undefined when the value passed its check. */
export type Problem = string | undefined;

/** Whether a value can be checked now: defined and not an unresolved token. */
export function isKnown<T>(value: T | undefined): value is T {
  if (value === undefined) return false;
  if (value instanceof Duration || value instanceof Size) return !value.isUnresolved();
  return !Token.isUnresolved(value);
}

/** Renders a value for a message: strings quoted, Durations and Sizes readable. */
export function describeValue(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  if (value instanceof Size) return `${value.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  return String(value);
}

/** The one sentence shape every message uses. */
export function problem(property: string, value: unknown, allowed: string, hint?: string): string {
  return `${property} ${allowed}, got ${describeValue(value)}${hint ? `. ${hint}` : ''}`;
}

/** Throws every problem at once, prefixed with the construct path. */
export function throwIfInvalid(scope: IConstruct, problems: Problem[]): void {
  const found = problems.filter((p): p is string => p !== undefined);
  if (found.length === 0) return;
  const lines = found.length === 1 ? ` ${found[0]}` : `\n${found.map((p) => `  - ${p}`).join('\n')}`;
  throw new Error(`[${scope.node.path}]${lines}`);
}

/** Registers a validation that runs at synth, for values that can change after construction. */
export function validateLater(scope: IConstruct, check: () => Problem[]): void {
  scope.node.addValidation({
    validate: () => check().filter((p): p is string => p !== undefined),
  });
}

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

/** Checks a number against a range; skipped when undefined or a token. */
export function checkRange(property: string, value: number | undefined, options: RangeOptions): Problem {
  if (!isKnown(value)) return undefined;
  const outside = (options.min !== undefined && value < options.min)
    || (options.max !== undefined && value > options.max)
    || Number.isNaN(value)
    || (options.integer === true && !Number.isInteger(value));
  return outside ? problem(property, value, describeRange(options), options.hint) : undefined;
}

/** Checks a Duration against a range in seconds; skipped when undefined or a token. */
export function checkDuration(property: string, value: Duration | undefined, options: { min?: Duration; max?: Duration; hint?: string }): Problem {
  if (!isKnown(value)) return undefined;
  const seconds = value.toSeconds();
  const tooShort = options.min !== undefined && seconds < options.min.toSeconds();
  const tooLong = options.max !== undefined && seconds > options.max.toSeconds();
  if (!tooShort && !tooLong) return undefined;
  const { min, max } = options;
  const allowed = min && max
    ? `must be between ${min.toHumanString()} and ${max.toHumanString()}`
    : min ? `must be at least ${min.toHumanString()}` : `must be at most ${max!.toHumanString()}`;
  return problem(property, value, allowed, options.hint);
}

/** Checks a string against a pattern; skipped when undefined or a token. */
export function checkPattern(property: string, value: string | undefined, pattern: RegExp, allowed: string, hint?: string): Problem {
  if (!isKnown(value)) return undefined;
  return pattern.test(value) ? undefined : problem(property, value, allowed, hint);
}

/**
 * Batch's name rule for compute environments, queues, job definitions and jobs:
 * 1-128 letters, digits, hyphens and underscores, starting with a letter or digit.
 */
export const BATCH_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Checks a Batch resource name (1-128 characters, letters, digits, `-`, `_`, first alphanumeric). */
export function checkBatchName(property: string, value: string | undefined): Problem {
  return checkPattern(property, value, BATCH_NAME_PATTERN,
    'must be 1-128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit');
}

/** Checks the number of items of a list; skipped when the list is undefined or a token. */
export function checkCount(property: string, items: readonly unknown[] | undefined, options: { min?: number; max?: number; hint?: string }): Problem {
  if (items === undefined || Token.isUnresolved(items)) return undefined;
  const n = items.length;
  if ((options.min !== undefined && n < options.min) || (options.max !== undefined && n > options.max)) {
    const { min, max } = options;
    const allowed = min !== undefined && max !== undefined
      ? `must have between ${min} and ${max} entries`
      : min !== undefined ? `must have at least ${min} ${min === 1 ? 'entry' : 'entries'}` : `must have at most ${max} entries`;
    return `${property} ${allowed}, got ${n}${options.hint ? `. ${options.hint}` : ''}`;
  }
  return undefined;
}

/** A setting given where it does not apply, e.g. an EC2-only setting on Fargate. */
export function checkNotSet(property: string, value: unknown, context: string, hint?: string): Problem {
  if (value === undefined) return undefined;
  return `${property} ${context}, got ${describeValue(value)}${hint ? `. ${hint}` : ''}`;
}

/** The values that appear more than once in a list of known values (tokens ignored). */
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
