/**
 * The sentences a person reads in the CloudFormation events when a deploy-time SageMaker
 * training job (a Batch service job) fails or times out: Batch's reason, each attempt's
 * reason (SageMaker's, as Batch relays it), the SageMaker training job and where to look.
 */
import type { DescribeServiceJobCommandOutput, ServiceJobAttemptDetail } from '@aws-sdk/client-batch';
import { consoleBase, STUCK_HINTS, TimeoutFacts } from './messages';

/** Why a FAILED service job failed. */
export function serviceFailureReason(job: DescribeServiceJobCommandOutput, region: string): string {
  const parts = [`Batch service job ${job.jobName} (${job.jobId}) FAILED: ${job.statusReason ?? 'no status reason given'}.`];
  if (job.isTerminated) parts.push('It was terminated.');
  const attempts: ServiceJobAttemptDetail[] = job.attempts ?? [];
  const last = attempts[attempts.length - 1];
  if (last) {
    parts.push(`Last attempt (${attempts.length} in all): ${last.statusReason ?? 'no reason given'}.`);
  } else {
    parts.push('No attempt started.');
  }
  const preempted = job.preemptionSummary?.preemptedAttemptCount;
  if (preempted) parts.push(`Preempted ${preempted} times.`);
  const trainingJob = trainingJobArn(job);
  if (trainingJob) parts.push(`SageMaker training job: ${trainingJob} ${trainingJobLink(region, trainingJob)}`);
  if (job.jobArn) parts.push(`Job: ${job.jobArn}`);
  return parts.join(' ');
}

/** Why a service job that did not finish in time was terminated: where it was, and what that usually means. */
export function serviceTimeoutReason(job: { jobId: string; jobName: string; jobArn?: string }, facts: TimeoutFacts): string {
  const where = facts.secondsInState === undefined
    ? `its last known status was ${facts.status}.`
    : facts.status === 'RUNNING'
      ? `it had been RUNNING for ${facts.secondsInState} s.`
      : `it was still ${facts.status} ${facts.secondsInState} s after it was submitted.`;
  const parts = [
    `Batch service job ${job.jobName} (${job.jobId}) did not finish within ${facts.limitSeconds} s, ${facts.limitName}: ${where}`,
    facts.terminateError ? `Terminating it failed: ${facts.terminateError}.` : 'It was terminated, with its SageMaker training job.',
  ];
  const hint = SERVICE_STUCK_HINTS[facts.status];
  if (hint) parts.push(hint);
  if (job.jobArn) parts.push(`Job: ${job.jobArn}`);
  return parts.join(' ');
}

const SERVICE_STUCK_HINTS: Record<string, string> = {
  SUBMITTED: STUCK_HINTS.SUBMITTED,
  PENDING: 'PENDING means the job waits before it can be scheduled.',
  RUNNABLE: 'RUNNABLE for that long usually means no capacity: check the service environment of the queue (ENABLED and VALID, its '
    + 'capacity limits against the job\'s instance type and count, and for quota management the quota share\'s limits); a queue '
    + 'time-limit action (jobStateTimeLimitActions) terminates such jobs.',
  SCHEDULED: 'SCHEDULED means SageMaker is acquiring the instances: the instance type may be short of capacity in the Region, or '
    + 'the account\'s SageMaker training quota for it too low.',
  STARTING: 'STARTING for that long usually means SageMaker cannot download the image or the input data: check the execution role.',
  RUNNING: 'The training ran longer than the timeout: raise completionTimeout, or lower the training job\'s maxRuntime.',
};

/** The SageMaker training job of the latest attempt (Batch names it in `serviceResourceId`). */
export function trainingJobArn(job: DescribeServiceJobCommandOutput): string | undefined {
  const resource = job.latestAttempt?.serviceResourceId ?? job.attempts?.[job.attempts.length - 1]?.serviceResourceId;
  return resource?.name === 'TrainingJobArn' ? resource.value : undefined;
}

/** The SageMaker console page of a training job (its name is the last part of its ARN). */
function trainingJobLink(region: string, arn: string): string {
  const name = arn.split('/').pop() ?? arn;
  return `${consoleBase(region)}/sagemaker/home?region=${region}#/jobs/${encodeURIComponent(name)}`;
}
