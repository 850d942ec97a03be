import { CfnParameter, Duration, Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SchedulingPolicy, SchedulingPolicyProps, Share } from '../src';
import { countByType, synthTemplate, testStack } from './synth';

function policyWith(props: SchedulingPolicyProps = {}) {
  const stack = testStack();
  const policy = new SchedulingPolicy(stack, 'Policy', props);
  return { stack, policy };
}

function policyProperties(template: Template): Record<string, any> {
  const policies = Object.values(template.findResources('AWS::Batch::SchedulingPolicy'));
  expect(policies).toHaveLength(1);
  return policies[0].Properties;
}

describe('SchedulingPolicy defaults', () => {
  test('one resource with an empty fair-share policy and a generated name', () => {
    const { stack, policy } = policyWith();
    const template = synthTemplate(stack);
    expect(countByType(template)).toEqual({ 'AWS::Batch::SchedulingPolicy': 1 });
    expect(policyProperties(template)).toEqual({ FairsharePolicy: {} });
    expect(stack.resolve(policy.schedulingPolicyArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(policy.node.defaultChild as any), 'Arn'] });
  });

  test('all settings render', () => {
    const { stack } = policyWith({
      schedulingPolicyName: 'Teams',
      computeReservation: 50,
      shareDecay: Duration.hours(1),
      shares: [{ shareIdentifier: 'TeamA', weightFactor: 0.5 }, { shareIdentifier: 'TeamB*' }],
    });
    expect(policyProperties(synthTemplate(stack))).toEqual({
      Name: 'Teams',
      FairsharePolicy: {
        ComputeReservation: 50,
        ShareDecaySeconds: 3600,
        ShareDistribution: [{ ShareIdentifier: 'TeamA', WeightFactor: 0.5 }, { ShareIdentifier: 'TeamB*' }],
      },
    });
  });
});

describe('SchedulingPolicy name', () => {
  test('an invalid name fails with the naming rule', () => {
    expect(() => policyWith({ schedulingPolicyName: 'team/a' })).toThrow(
      '[TestStack/Policy] schedulingPolicyName must be 1-128 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "team/a"');
  });

  test('128 characters synthesize', () => {
    const { stack } = policyWith({ schedulingPolicyName: 'p'.repeat(128) });
    expect(policyProperties(synthTemplate(stack)).Name).toBe('p'.repeat(128));
  });
});

describe('SchedulingPolicy computeReservation', () => {
  test.each([100, -1, 2.5])('%p fails with the allowed range', (computeReservation) => {
    expect(() => policyWith({ computeReservation })).toThrow(
      `[TestStack/Policy] computeReservation must be an integer between 0 and 99, got ${computeReservation}`);
  });

  test.each([0, 99])('%p synthesizes', (computeReservation) => {
    const { stack } = policyWith({ computeReservation });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ComputeReservation).toBe(computeReservation);
  });

  test('a token is not checked', () => {
    const stack = testStack();
    const computeReservation = new CfnParameter(stack, 'Reservation', { type: 'Number' }).valueAsNumber;
    new SchedulingPolicy(stack, 'Policy', { computeReservation });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ComputeReservation).toEqual({ Ref: 'Reservation' });
  });
});

describe('SchedulingPolicy shareDecay', () => {
  test('more than 7 days fails', () => {
    expect(() => policyWith({ shareDecay: Duration.seconds(604801) })).toThrow(
      '[TestStack/Policy] shareDecay must be at most 7 days, got 7 days 1 second. Batch keeps at most one week of usage');
  });

  test('7 days synthesizes', () => {
    const { stack } = policyWith({ shareDecay: Duration.seconds(604800) });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDecaySeconds).toBe(604800);
  });

  test('a fraction of a second fails', () => {
    expect(() => policyWith({ shareDecay: Duration.millis(1500) })).toThrow(
      '[TestStack/Policy] shareDecay must be a whole number of seconds, got 1 second 500 millis');
  });

  test('a token is not checked', () => {
    const stack = testStack();
    const seconds = new CfnParameter(stack, 'Decay', { type: 'Number' }).valueAsNumber;
    new SchedulingPolicy(stack, 'Policy', { shareDecay: Duration.seconds(seconds) });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDecaySeconds).toEqual({ Ref: 'Decay' });
  });
});

describe('SchedulingPolicy shares', () => {
  function synthShares(shares: Share[]) {
    const { stack, policy } = policyWith();
    shares.forEach((share) => policy.addShare(share));
    return () => synthTemplate(stack);
  }

  test('shares added after construction render', () => {
    const { stack, policy } = policyWith({ shares: [{ shareIdentifier: 'TeamA' }] });
    policy.addShare({ shareIdentifier: 'TeamB', weightFactor: 2 });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toEqual([
      { ShareIdentifier: 'TeamA' }, { ShareIdentifier: 'TeamB', WeightFactor: 2 },
    ]);
  });

  test('501 shares fail, 500 synthesize', () => {
    const shares = (n: number) => Array.from({ length: n }, (_, i) => ({ shareIdentifier: `Team${i}x` }));
    expect(() => synthShares(shares(501))()).toThrow(
      '[TestStack/Policy] shares must have at most 500 entries, got 501. Use a prefix with * to weigh many identifiers at once');
    expect(policyProperties(synthShares(shares(500))()).FairsharePolicy.ShareDistribution).toHaveLength(500);
  });

  test.each([0, 1000, 0.00009])('weightFactor %p fails with the allowed range', (weightFactor) => {
    expect(synthShares([{ shareIdentifier: 'TeamA', weightFactor }])).toThrow(
      `[TestStack/Policy] weightFactor of share "TeamA" must be a number between 0.0001 and 999.9999, got ${weightFactor}`);
  });

  test.each([0.0001, 999.9999])('weightFactor %p synthesizes', (weightFactor) => {
    expect(policyProperties(synthShares([{ shareIdentifier: 'TeamA', weightFactor }])()).FairsharePolicy.ShareDistribution)
      .toEqual([{ ShareIdentifier: 'TeamA', WeightFactor: weightFactor }]);
  });

  test('a weightFactor token is not checked', () => {
    const { stack, policy } = policyWith();
    policy.addShare({ shareIdentifier: 'TeamA', weightFactor: Lazy.number({ produce: () => 0.5 }) });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toEqual([{ ShareIdentifier: 'TeamA', WeightFactor: 0.5 }]);
  });

  test.each(['team-a', 'Team*A', '', 'a'.repeat(256), 'Team**'])('shareIdentifier %p fails with the pattern', (shareIdentifier) => {
    expect(synthShares([{ shareIdentifier }])).toThrow(
      `[TestStack/Policy] shareIdentifier must be 1-255 letters and digits, optionally followed by *, got ${JSON.stringify(shareIdentifier)}`);
  });

  test.each(['a'.repeat(255), `${'a'.repeat(255)}*`, 'Team1*'])('shareIdentifier %p synthesizes', (shareIdentifier) => {
    expect(policyProperties(synthShares([{ shareIdentifier }])()).FairsharePolicy.ShareDistribution).toEqual([{ ShareIdentifier: shareIdentifier }]);
  });

  test('a repeated identifier fails', () => {
    expect(synthShares([{ shareIdentifier: 'TeamA' }, { shareIdentifier: 'TeamA', weightFactor: 2 }])).toThrow(
      '[TestStack/Policy] shares must list each shareIdentifier once, got "TeamA" more than once');
  });

  test('a prefix covering another identifier fails; prefixes that do not overlap synthesize', () => {
    expect(synthShares([{ shareIdentifier: 'TeamA*' }, { shareIdentifier: 'TeamA1' }, { shareIdentifier: 'TeamAB*' }])).toThrow(
      '[TestStack/Policy] shares must not overlap, got "TeamA*" covering "TeamA1", "TeamAB*"');
    expect(policyProperties(synthShares([{ shareIdentifier: 'TeamA*' }, { shareIdentifier: 'TeamB*' }])()).FairsharePolicy.ShareDistribution)
      .toHaveLength(2);
  });
});

describe('SchedulingPolicy import', () => {
  test('fromSchedulingPolicyArn keeps the ARN and its environment', () => {
    const stack = testStack();
    const arn = 'arn:aws:batch:eu-west-1:111122223333:scheduling-policy/Teams';
    const policy = SchedulingPolicy.fromSchedulingPolicyArn(stack, 'Imported', arn);
    expect(policy.schedulingPolicyArn).toBe(arn);
    expect(policy.env).toEqual({ account: '111122223333', region: 'eu-west-1' });
  });
});
