/**
 * The rules of the quota-share variant of a scheduling policy as tables, without synth.
 */
import { Duration } from 'aws-cdk-lib';
import { SchedulingPolicyProps, Share } from '../../src';
import { allRules } from '../../src/private/validation/rule';
import { QUOTA_SHARE_POLICY_RULES, quotaSharePolicyProblems, quotaSharePolicyShareProblems } from '../../src/scheduling-policy/quota-share-policy-rules';
import { found, FoundRule } from '../rule-findings';

const HINT = 'Remove it, or use a separate SchedulingPolicy for fair-share queues';
const oneVariant = (message: string): FoundRule => ({ rule: 'oneVariant', severity: 'error', message });

test.each<[string, SchedulingPolicyProps, FoundRule[]]>([
  ['a quota-share policy', { quotaSharePolicy: {} }, []],
  ['a fair-share policy with every setting', { computeReservation: 10, shareDecay: Duration.hours(1), shares: [{ shareIdentifier: 'A' }] }, []],
  ['computeReservation 0 with it', { quotaSharePolicy: {}, computeReservation: 0 },
    [oneVariant(`computeReservation applies only to a fair-share policy (this one has quotaSharePolicy), got 0. ${HINT}`)]],
  ['shares with it', { quotaSharePolicy: {}, shares: [] },
    [oneVariant(`shares applies only to a fair-share policy (this one has quotaSharePolicy), got []. ${HINT}`)]],
  ['shareDecay with it', { quotaSharePolicy: {}, shareDecay: Duration.minutes(10) },
    [oneVariant(`shareDecay applies only to a fair-share policy (this one has quotaSharePolicy), got 10 minutes. ${HINT}`)]],
])('%s', (_title, props, expected) => {
  expect(found(quotaSharePolicyProblems(props))).toEqual(expected);
});

test.each<[string, Share[], FoundRule[]]>([
  ['no share added', [], []],
  ['shares added', [{ shareIdentifier: 'A' }, { shareIdentifier: 'B*' }], [oneVariant('addShare applies only to a fair-share policy '
    + '(this one has quotaSharePolicy), got ["A", "B*"]. A quota-share policy divides capacity by QuotaShare; use a separate SchedulingPolicy for fair-share queues')]],
])('addShare on a quota-share policy: %s', (_title, shares, expected) => {
  expect(found(quotaSharePolicyShareProblems(shares))).toEqual(expected);
});

test('the rule is in the catalogue with its sources', () => {
  const rule = allRules().find((r) => r.construct === 'SchedulingPolicy' && r.id === 'oneVariant');
  expect(rule).toBe(QUOTA_SHARE_POLICY_RULES.oneVariant);
  expect(rule!.sources).toHaveLength(2);
});
