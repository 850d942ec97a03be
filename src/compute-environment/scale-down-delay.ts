import { Duration } from 'aws-cdk-lib';
import { CfnComputeEnvironment } from 'aws-cdk-lib/aws-batch';
import { checkWholeMinutes } from '../private/validation/checks';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, defineRules } from '../private/validation/rule';

/**
 * The scale-down delay (`computeResources.scaleDownDelay`, Batch's
 * `ScalingPolicy.MinScaleDownDelayMinutes`): how long Batch keeps an instance after its last job.
 */

/** ComputeScalingPolicy minScaleDownDelayMinutes: 20 to 10,080 minutes; 0 turns the delay off. */
export const SCALE_DOWN_DELAY = { min: Duration.minutes(20), max: Duration.minutes(10_080) };

export const SCALE_DOWN_DELAY_RULES = defineRules('ComputeEnvironment', {
  scaleDownDelayRange: {
    severity: 'error',
    properties: 'computeResources.scaleDownDelay',
    summary: 'The scale-down delay is a whole number of minutes: 0 (off) or 20 to 10,080 (7 days).',
    sources: [batchApi('ComputeScalingPolicy minScaleDownDelayMinutes', 'Minutes, from 20 to 10080; 0 unsets and disables the delay.')],
  },
  scaleDownDelayFargate: {
    severity: 'error',
    properties: 'computeResources.scaleDownDelay',
    summary: 'Fargate environments have no scale-down delay.',
    sources: [batchApi('ComputeResource scalingPolicy', 'Not applicable to jobs running on Fargate resources: do not specify it.')],
  },
});

/**
 * The findings of a scale-down delay.
 * @param fargate whether the environment is FARGATE or FARGATE_SPOT
 */
export function scaleDownDelayProblems(delay: Duration | undefined, fargate: boolean): Problem[] {
  if (delay === undefined) return [];
  const p = 'computeResources.scaleDownDelay';
  const rule = SCALE_DOWN_DELAY_RULES.scaleDownDelayRange;
  if (fargate) {
    return [problem(SCALE_DOWN_DELAY_RULES.scaleDownDelayFargate, p, delay, 'applies only to ON_DEMAND and SPOT environments',
      'Fargate has no instances to keep; remove it')];
  }
  const whole = checkWholeMinutes(rule, p, delay);
  if (whole || !isKnown(delay)) return [whole];
  const minutes = delay.toMinutes();
  return minutes === 0 || (minutes >= 20 && minutes <= 10_080) ? [] : [problem(rule, p, delay,
    'must be 0 (off) or between 20 minutes and 7 days', 'Batch keeps idle instances at least 20 minutes when the delay is on')];
}

/** The scaling policy as CloudFormation takes it; 0 is rendered, to clear a delay set before. */
export function renderScalingPolicy(delay: Duration | undefined): CfnComputeEnvironment.ComputeScalingPolicyProperty | undefined {
  return delay === undefined ? undefined : { minScaleDownDelayMinutes: delay.toMinutes() };
}
