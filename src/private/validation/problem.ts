import { Annotations, Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Rule } from './rule';

/**
 * Findings of the synth-time rules, and how constructs report them.
 *
 * Every check is token-aware: a value that is an unresolved token cannot be known at synth
 * time, so its check is skipped (never guessed). A check returns a `Finding` (the rule it
 * breaks and a sentence naming the property, the value given and what is allowed) or
 * `undefined`. Constructors report every finding at once with `reportProblems`, which
 * prefixes the construct path; checks of values that can still change run at synth through
 * `validateLater`. The rule's severity decides whether a finding fails synth or warns.
 */

/** One violation of a rule. */
export interface Finding {
  /** The rule it breaks. */
  readonly rule: Rule;
  /** What is wrong: the property, the value given, what is allowed, and how to fix it. */
  readonly message: string;
}

/** A finding, or undefined when the value passed its check. */
export type Problem = Finding | undefined;

/** Whether a value can be checked now: defined and not an unresolved token. */
export function isKnown<T>(value: T | undefined): value is T {
  if (value === undefined) return false;
  if (value instanceof Duration || value instanceof Size) return !value.isUnresolved();
  return !Token.isUnresolved(value);
}

/** Renders a value for a message: strings quoted, Durations and Sizes readable, constructs by path. */
export function describeValue(value: unknown): string {
  if (value instanceof Duration) return value.toHumanString();
  if (value instanceof Size) return `${value.toMebibytes({ rounding: SizeRoundingBehavior.NONE })} MiB`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  return String(value);
}

/**
 * The one sentence shape every message uses: `PROPERTY ALLOWED, got VALUE. HINT`,
 * e.g. `priority must be an integer between 0 and 1000, got 1001`.
 */
export function problem(rule: Rule, property: string, value: unknown, allowed: string, hint?: string): Finding {
  return { rule, message: `${property} ${allowed}, got ${describeValue(value)}${hint ? `. ${hint}` : ''}` };
}

/** A finding whose value is a count (of entries, of items): `PROPERTY ALLOWED, got N. HINT`. */
export function countProblem(rule: Rule, property: string, count: number, allowed: string, hint?: string): Finding {
  return { rule, message: `${property} ${allowed}, got ${count}${hint ? `. ${hint}` : ''}` };
}

/** The findings among a list of problems. */
export function findings(problems: readonly Problem[]): Finding[] {
  return problems.filter((p): p is Finding => p !== undefined);
}

/**
 * Reports the findings of a construct's rules: warnings become annotations with the rule's
 * id (so `Annotations.acknowledgeWarning` can take them), and all errors are thrown at once,
 * prefixed with the construct path.
 */
export function reportProblems(scope: IConstruct, problems: readonly Problem[]): void {
  const found = findings(problems);
  for (const finding of found.filter((f) => f.rule.severity === 'warning')) {
    Annotations.of(scope).addWarningV2(finding.rule.warningId, finding.message);
  }
  const errors = found.filter((f) => f.rule.severity === 'error').map((f) => f.message);
  if (errors.length === 0) return;
  const lines = errors.length === 1 ? ` ${errors[0]}` : `\n${errors.map((e) => `  - ${e}`).join('\n')}`;
  throw new Error(`[${scope.node.path}]${lines}`);
}

/**
 * Registers rules that run at synth, for values that can change after construction (a queue's
 * environments, a policy's shares). Errors fail synth with the construct path (the CDK adds
 * it); warnings become annotations, once each.
 */
export function validateLater(scope: IConstruct, check: () => readonly Problem[]): void {
  const warned = new Set<string>();
  scope.node.addValidation({
    validate: () => {
      const found = findings(check());
      // aws-cdk-lib suppresses a warning added after `acknowledgeWarning(id)` only when the
      // acknowledgement was made on an ancestor of the construct that carries the warning, not
      // on the construct itself; so a late warning goes on the construct's CloudFormation
      // resource, and acknowledging it on the construct (as users do) works.
      const carrier = scope.node.defaultChild ?? scope;
      for (const finding of found.filter((f) => f.rule.severity === 'warning')) {
        const key = `${finding.rule.warningId} ${finding.message}`;
        if (warned.has(key)) continue;
        warned.add(key);
        Annotations.of(carrier).addWarningV2(finding.rule.warningId, finding.message);
      }
      return found.filter((f) => f.rule.severity === 'error').map((f) => f.message);
    },
  });
}
