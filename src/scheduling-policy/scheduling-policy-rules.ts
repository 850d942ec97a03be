import { SchedulingPolicyProps, Share } from './scheduling-policy-types';
import { checkResourceName, checkShareIdentifier } from '../private/validation/batch-rules';
import { checkDuration, checkRange, checkWholeSeconds } from '../private/validation/checks';
import { COMPUTE_RESERVATION, MAX_SHARE_DECAY, WEIGHT_FACTOR } from '../private/validation/limits';
import { countProblem, describeValue, isKnown, problem, Problem } from '../private/validation/problem';
import { batchApi, cfnSchema, defineRules } from '../private/validation/rule';

/**
 * The rules of a fair-share scheduling policy: its name, compute reservation and share
 * decay (checked when it is built) and its shares (checked at synth, since more can be added).
 * Share identifiers follow the shared rule of `batch-rules.ts`.
 */
export const RULES = defineRules('SchedulingPolicy', {
  computeReservationRange: {
    severity: 'error',
    properties: 'computeReservation',
    summary: `The compute reservation is an integer from ${COMPUTE_RESERVATION.min} to ${COMPUTE_RESERVATION.max}.`,
    sources: [batchApi('FairsharePolicy computeReservation', 'An integer; the minimum is 0 and the maximum 99.'),
      cfnSchema('AWS::Batch::SchedulingPolicy FairsharePolicy ComputeReservation', 'Minimum 0, maximum 99.')],
  },
  shareDecayWholeSeconds: {
    severity: 'error',
    properties: 'shareDecay',
    summary: 'The share decay is a whole number of seconds.',
    sources: [batchApi('FairsharePolicy shareDecaySeconds', 'The share decay is an integer number of seconds.')],
  },
  shareDecayMax: {
    severity: 'error',
    properties: 'shareDecay',
    summary: 'The share decay is at most one week.',
    sources: [batchApi('FairsharePolicy shareDecaySeconds', 'The largest supported value is 604800 seconds (one week).'),
      cfnSchema('AWS::Batch::SchedulingPolicy FairsharePolicy ShareDecaySeconds', 'Minimum 0, maximum 604800.')],
  },
  weightFactorRange: {
    severity: 'error',
    properties: 'shares[].weightFactor',
    summary: `A weight factor is between ${WEIGHT_FACTOR.min} and ${WEIGHT_FACTOR.max}.`,
    sources: [batchApi('ShareAttributes weightFactor', 'The smallest supported value is 0.0001 and the largest 999.9999.')],
  },
  shareUnique: {
    severity: 'error',
    properties: 'shares[].shareIdentifier',
    summary: 'A policy weighs each share identifier once.',
    sources: [batchApi('ShareAttributes shareIdentifier', 'The share identifiers of a fair-share policy can\'t overlap: an identifier '
      + 'listed twice overlaps itself.')],
  },
  shareNoOverlap: {
    severity: 'error',
    properties: 'shares[].shareIdentifier',
    summary: 'A prefix entry (ending with *) does not cover another entry.',
    sources: [batchApi('ShareAttributes shareIdentifier', 'The share identifiers of a fair-share policy can\'t overlap: e.g. UserA* '
      + 'and UserA1 cannot both be listed.')],
  },
});

/** Every problem of a policy's props known when it is built: name, compute reservation, share decay. */
export function schedulingPolicyProblems(props: SchedulingPolicyProps): Problem[] {
  return [
    checkResourceName('schedulingPolicyName', props.schedulingPolicyName),
    checkRange(RULES.computeReservationRange, 'computeReservation', props.computeReservation, COMPUTE_RESERVATION),
    // A fraction of a second cannot be range-checked (or rendered) in seconds.
    checkWholeSeconds(RULES.shareDecayWholeSeconds, 'shareDecay', props.shareDecay)
      ?? checkDuration(RULES.shareDecayMax, 'shareDecay', props.shareDecay, { max: MAX_SHARE_DECAY, hint: 'Batch keeps at most one week of usage' }),
  ];
}

/** Every problem of a policy's final list of shares (run at synth). */
export function shareProblems(shares: readonly Share[]): Problem[] {
  return [
    ...shares.flatMap((share) => [
      checkShareIdentifier('shareIdentifier', share.shareIdentifier),
      checkRange(RULES.weightFactorRange, `weightFactor of share ${describeValue(share.shareIdentifier)}`, share.weightFactor, WEIGHT_FACTOR),
    ]),
    ...repeatedIdentifiers(shares),
    ...overlappingPrefixes(shares),
  ];
}

/** One problem per share identifier listed more than once. */
function repeatedIdentifiers(shares: readonly Share[]): Problem[] {
  const counts = new Map<string, number>();
  for (const { shareIdentifier } of shares) {
    if (isKnown(shareIdentifier)) counts.set(shareIdentifier, (counts.get(shareIdentifier) ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([identifier, count]) =>
    countProblem(RULES.shareUnique, `shares entries of shareIdentifier ${describeValue(identifier)}`, count, 'must be at most 1',
      'Keep one weight per identifier'));
}

/** A prefix entry (`TeamA*`) must not cover another entry (`TeamA1`, `TeamAB*`). */
function overlappingPrefixes(shares: readonly Share[]): Problem[] {
  const identifiers = [...new Set(shares.map((share) => share.shareIdentifier).filter((id) => isKnown(id)))];
  return identifiers
    .filter((id) => id.endsWith('*'))
    .flatMap((prefixEntry) => {
      const prefix = prefixEntry.slice(0, -1);
      const covered = identifiers.filter((other) => other !== prefixEntry && other.startsWith(prefix));
      return covered.length === 0 ? [] : [problem(RULES.shareNoOverlap, `shareIdentifier ${describeValue(prefixEntry)}`, covered,
        'must not cover another entry of shares', 'Remove one of them or use prefixes that do not include each other')];
    });
}
