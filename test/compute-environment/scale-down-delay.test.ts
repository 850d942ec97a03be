import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { renderScalingPolicy, scaleDownDelayProblems } from '../../src/compute-environment/scale-down-delay';
import { found } from '../rule-findings';

describe('scale-down delay', () => {
  test.each([0, 20, 10_080])('%p minutes pass and render as minutes', (minutes) => {
    expect(found(scaleDownDelayProblems(Duration.minutes(minutes), false))).toEqual([]);
    expect(renderScalingPolicy(Duration.minutes(minutes))).toEqual({ minScaleDownDelayMinutes: minutes });
  });

  test('hours render as minutes; omitted renders nothing', () => {
    expect(renderScalingPolicy(Duration.hours(2))).toEqual({ minScaleDownDelayMinutes: 120 });
    expect(renderScalingPolicy(undefined)).toBeUndefined();
  });

  test.each<[string, Duration, boolean, ReturnType<typeof found>]>([
    ['19 minutes', Duration.minutes(19), false, [{
      rule: 'scaleDownDelayRange',
      severity: 'error',
      message: 'computeResources.scaleDownDelay must be 0 (off) or between 20 minutes and 7 days, got 19 minutes. '
        + 'Batch keeps idle instances at least 20 minutes when the delay is on',
    }]],
    ['10,081 minutes', Duration.minutes(10_081), false, [{
      rule: 'scaleDownDelayRange',
      severity: 'error',
      message: 'computeResources.scaleDownDelay must be 0 (off) or between 20 minutes and 7 days, got 7 days 1 minute. '
        + 'Batch keeps idle instances at least 20 minutes when the delay is on',
    }]],
    ['30 seconds', Duration.seconds(30), false, [{
      rule: 'scaleDownDelayRange',
      severity: 'error',
      message: 'computeResources.scaleDownDelay must be a whole number of minutes, got 30 seconds',
    }]],
    ['a delay on Fargate', Duration.minutes(30), true, [{
      rule: 'scaleDownDelayFargate',
      severity: 'error',
      message: 'computeResources.scaleDownDelay applies only to ON_DEMAND and SPOT environments, got 30 minutes. Fargate has no instances to keep; remove it',
    }]],
  ])('%s fails', (_name, delay, fargate, expected) => {
    expect(found(scaleDownDelayProblems(delay, fargate))).toEqual(expected);
  });

  test('a token skips the check', () => {
    const minutes = new CfnParameter(new Stack(), 'Minutes', { type: 'Number' }).valueAsNumber;
    expect(found(scaleDownDelayProblems(Duration.minutes(minutes), false))).toEqual([]);
  });
});
