import { Duration, Token } from 'aws-cdk-lib';
import { SchedulingPolicyProps, Share } from '../../src';
import { Problem } from '../../src/private/validation/problem';
import { schedulingPolicyProblems, shareProblems } from '../../src/scheduling-policy/scheduling-policy-rules';
import { found } from '../rule-findings';

/** A finding as the tables spell it: [rule id, severity, message]. */
type Expected = [string, 'error' | 'warning', string];

function expectFindings(problems: readonly Problem[], expected: Expected[]): void {
  expect(found(problems)).toEqual(expected.map(([rule, severity, message]) => ({ rule, severity, message })));
}

const NAME_RULE = 'must be 1-128 letters, digits, hyphens (-) and underscores (_)';
const IDENTIFIER_RULE = 'must be 1-255 letters and digits, optionally followed by *';

describe('schedulingPolicyProblems: name, compute reservation and share decay', () => {
  const rows: Array<[string, SchedulingPolicyProps, Expected[]]> = [
    ['no settings', {}, []],
    ['a name with a slash', { schedulingPolicyName: 'team/a' }, [['resourceName', 'error', `schedulingPolicyName ${NAME_RULE}, got "team/a"`]]],
    ['a 128-character name', { schedulingPolicyName: 'p'.repeat(128) }, []],
    ['a name token', { schedulingPolicyName: Token.asString({ Ref: 'Name' }) }, []],
    ...[100, -1, 2.5].map((computeReservation): [string, SchedulingPolicyProps, Expected[]] => [`computeReservation ${computeReservation}`,
      { computeReservation }, [['computeReservationRange', 'error', `computeReservation must be an integer between 0 and 99, got ${computeReservation}`]]]),
    ['computeReservation 0', { computeReservation: 0 }, []],
    ['computeReservation 99', { computeReservation: 99 }, []],
    ['a computeReservation token', { computeReservation: Token.asNumber({ Ref: 'Reservation' }) }, []],
    ['shareDecay 7 days 1 second', { shareDecay: Duration.seconds(604801) }, [['shareDecayMax', 'error',
      'shareDecay must be at most 7 days, got 7 days 1 second. Batch keeps at most one week of usage']]],
    ['shareDecay 7 days', { shareDecay: Duration.seconds(604800) }, []],
    ['shareDecay in milliseconds', { shareDecay: Duration.millis(1500) }, [['shareDecayWholeSeconds', 'error',
      'shareDecay must be a whole number of seconds, got 1 second 500 millis']]],
    ['a shareDecay token', { shareDecay: Duration.seconds(Token.asNumber({ Ref: 'Decay' })) }, []],
  ];
  test.each(rows)('%s', (_name, props, expected) => {
    expectFindings(schedulingPolicyProblems(props), expected);
  });
});

describe('shareProblems: the final list of shares', () => {
  const many = (n: number): Share[] => Array.from({ length: n }, (_, i) => ({ shareIdentifier: `Team${i}x` }));
  const rows: Array<[string, Share[], Expected[]]> = [
    ['no share', [], []],
    ['500 shares', many(500), []],
    // Batch's 500 counts the identifiers active in a queue at run time, not a policy's entries.
    ['501 shares', many(501), []],
    ...[0, 1000, 0.00009].map((weightFactor): [string, Share[], Expected[]] => [`weightFactor ${weightFactor}`,
      [{ shareIdentifier: 'TeamA', weightFactor }],
      [['weightFactorRange', 'error', `weightFactor of share "TeamA" must be a number between 0.0001 and 999.9999, got ${weightFactor}`]]]),
    ['weightFactor 0.0001', [{ shareIdentifier: 'TeamA', weightFactor: 0.0001 }], []],
    ['weightFactor 999.9999', [{ shareIdentifier: 'TeamA', weightFactor: 999.9999 }], []],
    ['a weightFactor token', [{ shareIdentifier: 'TeamA', weightFactor: Token.asNumber({ Ref: 'Weight' }) }], []],
    ...['team-a', 'Team*A', '', 'a'.repeat(256), 'Team**'].map((shareIdentifier): [string, Share[], Expected[]] => [
      `shareIdentifier ${JSON.stringify(shareIdentifier).slice(0, 20)}`, [{ shareIdentifier }],
      [['shareIdentifier', 'error', `shareIdentifier ${IDENTIFIER_RULE}, got ${JSON.stringify(shareIdentifier)}`]],
    ]),
    ...['a'.repeat(255), `${'a'.repeat(255)}*`, 'Team1*'].map((shareIdentifier): [string, Share[], Expected[]] => [
      `shareIdentifier of ${shareIdentifier.length} characters`, [{ shareIdentifier }], [],
    ]),
    ['a shareIdentifier token', [{ shareIdentifier: Token.asString({ Ref: 'Share' }) }], []],
    ['a repeated identifier', [{ shareIdentifier: 'TeamA' }, { shareIdentifier: 'TeamA', weightFactor: 2 }], [['shareUnique', 'error',
      'shares entries of shareIdentifier "TeamA" must be at most 1, got 2. Keep one weight per identifier']]],
    ['a prefix covering two entries', [{ shareIdentifier: 'TeamA*' }, { shareIdentifier: 'TeamA1' }, { shareIdentifier: 'TeamAB*' }],
      [['shareNoOverlap', 'error', 'shareIdentifier "TeamA*" must not cover another entry of shares, got ["TeamA1", "TeamAB*"]. '
        + 'Remove one of them or use prefixes that do not include each other']]],
    ['prefixes that do not overlap', [{ shareIdentifier: 'TeamA*' }, { shareIdentifier: 'TeamB*' }], []],
  ];
  test.each(rows)('%s', (_name, shares, expected) => {
    expectFindings(shareProblems(shares), expected);
  });
});
