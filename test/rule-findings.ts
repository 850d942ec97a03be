/**
 * Helpers for rule tables: what a pure rules function (`computeEnvironmentProblems(props)`
 * and its siblings) found, without building a template.
 */
import { findings, Problem } from '../src/private/validation/problem';

/** One finding as a table compares it: the rule's id, its severity and the message. */
export interface FoundRule {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** The findings of a rules function, as plain data. */
export function found(problems: readonly Problem[]): FoundRule[] {
  return findings(problems).map((f) => ({ rule: f.rule.id, severity: f.rule.severity, message: f.message }));
}

/** The ids of the rules a rules function found broken, in order. */
export function ruleIds(problems: readonly Problem[]): string[] {
  return findings(problems).map((f) => f.rule.id);
}
