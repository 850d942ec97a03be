import { SchedulingPolicyProps, Share } from './scheduling-policy-types';
import { Problem, problem } from '../private/validation/problem';
import { batchApi, defineRules } from '../private/validation/rule';

/**
 * The rules of the quota-share variant of a scheduling policy: it has no fair-share settings,
 * when built or later. Pure: props in, problems out. (Where it may be used is a rule of the
 * job queue.)
 */
export const QUOTA_SHARE_POLICY_RULES = defineRules('SchedulingPolicy', {
  oneVariant: {
    severity: 'error',
    properties: 'quotaSharePolicy with computeReservation, shareDecay, shares or addShare',
    summary: 'A policy is fair-share or quota-share, not both; the variant cannot change once the policy exists.',
    sources: [batchApi('CreateSchedulingPolicy fairsharePolicy, quotaSharePolicy', 'Only one of fairsharePolicy and quotaSharePolicy '
      + 'can be set; once set, the type cannot be removed or changed to the other.'),
    batchApi('UpdateSchedulingPolicy quotaSharePolicy', 'Once set during creation, a quotaSharePolicy cannot be removed or changed to '
      + 'a fairsharePolicy.')],
  },
});

const FAIR_SHARE_SETTINGS = ['computeReservation', 'shareDecay', 'shares'] as const;

/** The fair-share settings given with a quota-share policy (when it is built). */
export function quotaSharePolicyProblems(props: SchedulingPolicyProps): Problem[] {
  if (props.quotaSharePolicy === undefined) return [];
  return FAIR_SHARE_SETTINGS.filter((name) => props[name] !== undefined).map((name) =>
    problem(QUOTA_SHARE_POLICY_RULES.oneVariant, name, props[name], 'applies only to a fair-share policy (this one has quotaSharePolicy)',
      'Remove it, or use a separate SchedulingPolicy for fair-share queues'));
}

/** Shares added to a quota-share policy (at synth). */
export function quotaSharePolicyShareProblems(shares: readonly Share[]): Problem[] {
  if (shares.length === 0) return [];
  return [problem(QUOTA_SHARE_POLICY_RULES.oneVariant, 'addShare', shares.map((share) => share.shareIdentifier),
    'applies only to a fair-share policy (this one has quotaSharePolicy)',
    'A quota-share policy divides capacity by QuotaShare; use a separate SchedulingPolicy for fair-share queues')];
}
