/**
 * The sentences a person reads in the CloudFormation events when a deploy-time
 * job fails or times out: what happened, and where to look next.
 */
import type { AttemptDetail, EksAttemptContainerDetail, EksAttemptDetail, JobDetail } from '@aws-sdk/client-batch';
import type { JobProgress } from './job-watch';

/** The log group Batch writes to when the job definition names none. */
const DEFAULT_LOG_GROUP = '/aws/batch/job';

/** Why a FAILED job failed: its reason, the last attempt's exit code and reason, its logs. */
export function failureReason(job: JobDetail, progress: JobProgress, region: string): string {
  const parts = [`Batch job ${job.jobName} (${job.jobId}) FAILED: ${job.statusReason ?? 'no status reason given'}.`];
  if (progress.counts && progress.size) {
    parts.push(`${progress.counts.FAILED ?? 0} of ${progress.size} child jobs failed; the child jobs are ${job.jobId}:0 to ${job.jobId}:${progress.size - 1}.`);
  }
  const attempt = lastAttempt(job);
  const eksAttempt = job.eksAttempts?.[job.eksAttempts.length - 1];
  if (eksAttempt) {
    parts.push(`Last attempt (${job.eksAttempts!.length} in all): ${eksAttemptSentence(eksAttempt)}`);
  } else if (attempt) {
    const exitCode = attempt.container?.exitCode ?? attempt.taskProperties?.[0]?.containers?.[0]?.exitCode;
    const reason = attempt.container?.reason ?? attempt.taskProperties?.[0]?.containers?.[0]?.reason ?? attempt.statusReason;
    parts.push(`Last attempt (${job.attempts!.length} in all): exit code ${exitCode ?? 'none'}${reason ? `, ${reason}` : ''}.`);
  } else {
    parts.push('No attempt started.');
  }
  const stream = logStreamName(job);
  if (stream) {
    const group = logGroupName(job);
    parts.push(`Logs: ${group} ${stream} ${logStreamLink(region, group, stream)}`);
  }
  parts.push(`Job: ${jobLink(region, job.jobId ?? '')}`);
  return parts.join(' ');
}

/** Where a job was when its wait ended. */
export interface TimeoutFacts {
  /** Its status on the last look before the deadline. */
  readonly status: string;
  /**
   * Seconds from the job's start (RUNNING) or creation (any earlier state) to the deadline,
   * from Batch's own timestamps, so that every invocation that reaches the deadline says the same.
   */
  readonly secondsInState?: number;
  readonly limitSeconds: number;
  /** What set the limit, e.g. "the completion timeout". */
  readonly limitName: string;
  readonly region: string;
  /** Why terminating the job failed, if it did. */
  readonly terminateError?: string;
}

/**
 * Why a job that did not finish in time was terminated: the state it was stuck in,
 * for how long, and what that state usually means.
 */
export function timeoutReason(job: { jobId: string; jobName: string }, facts: TimeoutFacts): string {
  const where = facts.secondsInState === undefined
    ? `its last known status was ${facts.status}.`
    : facts.status === 'RUNNING'
      ? `it had been RUNNING for ${facts.secondsInState} s.`
      : `it was still ${facts.status} ${facts.secondsInState} s after it was submitted.`;
  const parts = [
    `Batch job ${job.jobName} (${job.jobId}) did not finish within ${facts.limitSeconds} s, ${facts.limitName}: ${where}`,
    facts.terminateError ? `Terminating it failed: ${facts.terminateError}.` : 'It was terminated.',
  ];
  const hint = STUCK_HINTS[facts.status];
  if (hint) {
    parts.push(hint);
  }
  parts.push(`Job: ${jobLink(facts.region, job.jobId)}`);
  return parts.join(' ');
}

/** What a job stuck in each state usually means, for the timeout message. */
export const STUCK_HINTS: Record<string, string> = {
  SUBMITTED: 'SUBMITTED that long means the scheduler has not evaluated the job: check that the job queue is ENABLED and VALID.',
  PENDING: 'PENDING means the job waits for the jobs it depends on.',
  RUNNABLE: 'RUNNABLE for that long usually means no compute capacity: check the compute environments of the queue'
    + ' (state ENABLED and VALID, maxvCpus, instance types that fit the job\'s vCPUs and memory, subnets with a route to'
    + ' ECS and ECR, Fargate/EC2 quotas).',
  STARTING: 'STARTING for that long usually means the image cannot be pulled or the container cannot start: check the image, the execution role and the network.',
  RUNNING: 'The job itself ran longer than the timeout: raise completionTimeout, or set an attempt timeout on the job.',
};

/** The reason given to Batch when the handler terminates a job. */
export function terminationReason(stackName: string, why: string): string {
  // Batch limits the reason to 1024 characters.
  return `Terminated by CloudFormation stack ${stackName}: ${why}`.slice(0, 1024);
}

/** Most containers of an EKS attempt a failure message names. */
const MAX_CONTAINERS_NAMED = 3;

/** The pod of a job on EKS, where it ran, and its containers that failed (or all, when none says so). */
function eksAttemptSentence(attempt: EksAttemptDetail): string {
  const where = `pod ${attempt.podName ?? 'unknown'}${attempt.podNamespace ? ` in namespace ${attempt.podNamespace}` : ''}`
    + `${attempt.nodeName ? ` on node ${attempt.nodeName}` : ''}`;
  const containers = [
    ...(attempt.initContainers ?? []).map((c) => ({ c, kind: 'init container' })),
    ...(attempt.containers ?? []).map((c) => ({ c, kind: 'container' })),
  ];
  const failed = containers.filter(({ c }) => (c.exitCode !== undefined && c.exitCode !== 0) || c.reason);
  const named = (failed.length > 0 ? failed : containers).slice(0, MAX_CONTAINERS_NAMED)
    .map(({ c, kind }) => `${kind} ${c.name ?? 'unnamed'} ${containerOutcome(c)}`);
  const more = (failed.length > 0 ? failed : containers).length - named.length;
  const details = [...named, ...(more > 0 ? [`${more} more`] : [])];
  return `${where}${details.length > 0 ? `: ${details.join('; ')}` : ''}${attempt.statusReason ? ` (${attempt.statusReason})` : ''}.`;
}

function containerOutcome(container: EksAttemptContainerDetail): string {
  return `exit code ${container.exitCode ?? 'none'}${container.reason ? `, ${container.reason}` : ''}`;
}

function lastAttempt(job: JobDetail): AttemptDetail | undefined {
  const attempts = job.attempts ?? [];
  return attempts.length > 0 ? attempts[attempts.length - 1] : undefined;
}

function logStreamName(job: JobDetail): string | undefined {
  return lastAttempt(job)?.container?.logStreamName
    ?? job.container?.logStreamName
    ?? lastAttempt(job)?.taskProperties?.[0]?.containers?.[0]?.logStreamName
    ?? job.ecsProperties?.taskProperties?.[0]?.containers?.[0]?.logStreamName;
}

function logGroupName(job: JobDetail): string {
  return job.container?.logConfiguration?.options?.['awslogs-group']
    ?? job.ecsProperties?.taskProperties?.[0]?.containers?.[0]?.logConfiguration?.options?.['awslogs-group']
    ?? DEFAULT_LOG_GROUP;
}

/** The console host of a region's partition. */
export function consoleBase(region: string): string {
  if (region.startsWith('cn-')) {
    return `https://${region}.console.amazonaws.cn`;
  }
  if (region.startsWith('us-gov-')) {
    return `https://${region}.console.amazonaws-us-gov.com`;
  }
  return `https://${region}.console.aws.amazon.com`;
}

/** The CloudWatch console escapes path segments twice, with `$` in place of `%`. */
function cloudWatchEscape(value: string): string {
  return encodeURIComponent(encodeURIComponent(value)).replace(/%/g, '$');
}

function logStreamLink(region: string, group: string, stream: string): string {
  return `${consoleBase(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/`
    + `${cloudWatchEscape(group)}/log-events/${cloudWatchEscape(stream)}`;
}

function jobLink(region: string, jobId: string): string {
  return `${consoleBase(region)}/batch/home?region=${region}#jobs/detail/${encodeURIComponent(jobId)}`;
}
