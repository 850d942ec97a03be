import { CfnParameter, Duration, Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IdleResourceAssignmentStrategy, ISchedulingPolicy, SchedulingPolicy, SchedulingPolicyProps, SchedulingPolicyType } from '../../src';
import { countByType, synthTemplate, testStack } from '../synth';

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

  test('schedulingPolicyName comes from the resource ARN, through the interface too', () => {
    const { stack, policy } = policyWith();
    const asInterface: ISchedulingPolicy = policy;
    const resolved = JSON.stringify(stack.resolve(asInterface.schedulingPolicyName));
    expect(resolved).toContain('Fn::Split');
    expect(resolved).toContain(stack.getLogicalId(policy.node.defaultChild as any));
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

describe('SchedulingPolicy props checked when it is built (the rules: scheduling-policy-rules.test.ts)', () => {
  test('an invalid name fails with the construct path', () => {
    expect(() => policyWith({ schedulingPolicyName: 'team/a' })).toThrow(
      '[TestStack/Policy] schedulingPolicyName must be 1-128 letters, digits, hyphens (-) and underscores (_), got "team/a"');
  });

  test('a 128-character name renders', () => {
    const { stack } = policyWith({ schedulingPolicyName: 'p'.repeat(128) });
    expect(policyProperties(synthTemplate(stack)).Name).toBe('p'.repeat(128));
  });

  test.each([0, 99])('computeReservation %p renders', (computeReservation) => {
    const { stack } = policyWith({ computeReservation });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ComputeReservation).toBe(computeReservation);
  });

  test('a computeReservation token renders unchecked', () => {
    const stack = testStack();
    const computeReservation = new CfnParameter(stack, 'Reservation', { type: 'Number' }).valueAsNumber;
    new SchedulingPolicy(stack, 'Policy', { computeReservation });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ComputeReservation).toEqual({ Ref: 'Reservation' });
  });

  test('shareDecay of 7 days renders in seconds', () => {
    const { stack } = policyWith({ shareDecay: Duration.seconds(604800) });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDecaySeconds).toBe(604800);
  });

  test('a shareDecay token renders unchecked', () => {
    const stack = testStack();
    const seconds = new CfnParameter(stack, 'Decay', { type: 'Number' }).valueAsNumber;
    new SchedulingPolicy(stack, 'Policy', { shareDecay: Duration.seconds(seconds) });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDecaySeconds).toEqual({ Ref: 'Decay' });
  });
});

describe('SchedulingPolicy shares (checked at synth)', () => {
  test('shares added after construction render', () => {
    const { stack, policy } = policyWith({ shares: [{ shareIdentifier: 'TeamA' }] });
    policy.addShare({ shareIdentifier: 'TeamB', weightFactor: 2 });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toEqual([
      { ShareIdentifier: 'TeamA' }, { ShareIdentifier: 'TeamB', WeightFactor: 2 },
    ]);
  });

  test('a share added after construction is checked at synth, with the construct path', () => {
    const { stack, policy } = policyWith({ shares: [{ shareIdentifier: 'TeamA' }] });
    policy.addShare({ shareIdentifier: 'TeamA', weightFactor: 2 });
    expect(() => synthTemplate(stack)).toThrow(
      '[TestStack/Policy] shares entries of shareIdentifier "TeamA" must be at most 1, got 2. Keep one weight per identifier');
  });

  test.each([500, 501])('%p shares render (Batch limits the identifiers active in a queue, not the entries of a policy)', (count) => {
    const { stack, policy } = policyWith();
    Array.from({ length: count }, (_, i) => policy.addShare({ shareIdentifier: `Team${i}x` }));
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toHaveLength(count);
  });

  test.each([0.0001, 999.9999])('weightFactor %p renders', (weightFactor) => {
    const { stack } = policyWith({ shares: [{ shareIdentifier: 'TeamA', weightFactor }] });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toEqual([{ ShareIdentifier: 'TeamA', WeightFactor: weightFactor }]);
  });

  test('a weightFactor token renders unchecked', () => {
    const { stack, policy } = policyWith();
    policy.addShare({ shareIdentifier: 'TeamA', weightFactor: Lazy.number({ produce: () => 0.5 }) });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toEqual([{ ShareIdentifier: 'TeamA', WeightFactor: 0.5 }]);
  });

  test.each(['a'.repeat(255), `${'a'.repeat(255)}*`, 'Team1*'])('shareIdentifier %p renders', (shareIdentifier) => {
    const { stack } = policyWith({ shares: [{ shareIdentifier }] });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toEqual([{ ShareIdentifier: shareIdentifier }]);
  });

  test('prefixes that do not overlap render', () => {
    const { stack } = policyWith({ shares: [{ shareIdentifier: 'TeamA*' }, { shareIdentifier: 'TeamB*' }] });
    expect(policyProperties(synthTemplate(stack)).FairsharePolicy.ShareDistribution).toHaveLength(2);
  });
});

describe('SchedulingPolicy import', () => {
  test('fromSchedulingPolicyArn keeps the ARN and its environment', () => {
    const stack = testStack();
    const arn = 'arn:aws:batch:eu-west-1:111122223333:scheduling-policy/Teams';
    const policy = SchedulingPolicy.fromSchedulingPolicyArn(stack, 'Imported', arn);
    expect(policy.schedulingPolicyArn).toBe(arn);
    expect(policy.schedulingPolicyName).toBe('Teams');
    expect(policy.env).toEqual({ account: '111122223333', region: 'eu-west-1' });
  });

  test.each([
    ['an ARN of another resource type', 'arn:aws:batch:us-east-1:123456789012:job-queue/Teams'],
    ['a name instead of an ARN', 'Teams'],
    ['a name with a space', 'arn:aws:batch:us-east-1:123456789012:scheduling-policy/my teams'],
  ])('fromSchedulingPolicyArn rejects %s', (_case, arn) => {
    const stack = testStack();
    expect(() => SchedulingPolicy.fromSchedulingPolicyArn(stack, 'Imported', arn)).toThrow('[TestStack] Imported: schedulingPolicyArn must be '
      + `a scheduling policy ARN (arn:PARTITION:batch:REGION:ACCOUNT:scheduling-policy/NAME), got "${arn}"`);
  });

  test('fromSchedulingPolicyArn takes a token ARN unchecked', () => {
    const stack = testStack();
    const arn = new CfnParameter(stack, 'PolicyArn').valueAsString;
    const policy = SchedulingPolicy.fromSchedulingPolicyArn(stack, 'Imported', arn);
    expect(policy.schedulingPolicyArn).toBe(arn);
    expect(stack.resolve(policy.schedulingPolicyName)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'PolicyArn' }] }] }] }],
    });
  });
});

describe('the quota-share variant (quotaSharePolicy)', () => {
  test('renders the quota-share policy with FIFO, and no fair-share policy', () => {
    const { stack, policy } = policyWith({ quotaSharePolicy: {} });
    expect(policyProperties(synthTemplate(stack))).toEqual({ QuotaSharePolicy: { IdleResourceAssignmentStrategy: 'FIFO' } });
    expect(policy.schedulingPolicyType).toBe(SchedulingPolicyType.QUOTA_SHARE);
  });

  test('a name and the strategy given', () => {
    const { stack } = policyWith({
      schedulingPolicyName: 'Quotas',
      quotaSharePolicy: { idleResourceAssignmentStrategy: IdleResourceAssignmentStrategy.FIFO },
    });
    expect(policyProperties(synthTemplate(stack))).toEqual({ Name: 'Quotas', QuotaSharePolicy: { IdleResourceAssignmentStrategy: 'FIFO' } });
  });

  test('a fair-share policy says so; an imported one is unknown', () => {
    const { stack, policy } = policyWith();
    expect(policy.schedulingPolicyType).toBe(SchedulingPolicyType.FAIR_SHARE);
    const imported = SchedulingPolicy.fromSchedulingPolicyArn(stack, 'Imported', 'arn:aws:batch:us-east-1:123456789012:scheduling-policy/p');
    expect(imported.schedulingPolicyType).toBeUndefined();
  });

  test('fair-share settings with it fail at construction, each named', () => {
    expect(() => policyWith({ quotaSharePolicy: {}, computeReservation: 10, shareDecay: Duration.hours(1) })).toThrow(
      '[TestStack/Policy]\n  - computeReservation applies only to a fair-share policy (this one has quotaSharePolicy), got 10. '
      + 'Remove it, or use a separate SchedulingPolicy for fair-share queues\n'
      + '  - shareDecay applies only to a fair-share policy (this one has quotaSharePolicy), got 1 hour. '
      + 'Remove it, or use a separate SchedulingPolicy for fair-share queues');
  });

  test('a share added later fails synth: the variant cannot change', () => {
    const { stack, policy } = policyWith({ quotaSharePolicy: {} });
    policy.addShare({ shareIdentifier: 'TeamA' });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/Policy] addShare applies only to a fair-share policy (this one has quotaSharePolicy), got ["TeamA"]');
  });
});
