import { CustomResource, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deployTimeJobProblems } from './deploy-time-job-rules';
import { DeployTimeJobProps } from './deploy-time-job-types';
import { JobRunner } from './job-runner';
import { overrideProblems } from './override-rules';
import { DEFAULT_COMPLETION_TIMEOUT_SECONDS, DeployTimeJobProperties, RESOURCE_TYPE } from './protocol';
import { queueFitProblems } from './queue-fit-rules';
import { renderSubmitJob } from './submit-job';
import { MAX_SERVICE_TIMEOUT } from '../private/validation/limits';
import { isKnown, reportProblems, validateLater } from '../private/validation/problem';

const DEFAULT_COMPLETION_TIMEOUT = Duration.seconds(DEFAULT_COMPLETION_TIMEOUT_SECONDS);
/** Time for the handler to terminate a job that timed out and report it. */
const SERVICE_TIMEOUT_MARGIN = Duration.minutes(2);
/** Enough for a submit, or for terminating on delete, when the resource does not wait. */
const NO_WAIT_SERVICE_TIMEOUT = Duration.minutes(5);

/**
 * A Batch job that runs during `cdk deploy`.
 *
 * Create submits the job and, by default, waits until it SUCCEEDED: a failed job
 * fails the deployment with its status reason, exit code and log stream. Any
 * change of the inputs submits a new job. Delete terminates the job if it has not
 * finished and never fails.
 *
 * Resources: one handler per stack serves every job in it (its Lambda function,
 * IAM role, IAM policy and log group: 4 resources), and each job adds exactly one
 * custom resource.
 *
 * @example
 * declare const jobQueue: batch.IJobQueue;
 * declare const jobDefinition: batch.IJobDefinition;
 * const migrate = new batch.DeployTimeJob(this, 'Migrate', {
 *   jobQueue,
 *   jobDefinition,
 *   parameters: { target: 'v42' },
 * });
 */
export class DeployTimeJob extends Construct {
  /**
   * The job id of the submitted job.
   * @attribute
   */
  public readonly jobId: string;
  /**
   * The ARN of the submitted job.
   * @attribute
   */
  public readonly jobArn: string;
  /**
   * The name of the submitted job (the prefix and a suffix from the request id).
   * @attribute
   */
  public readonly jobName: string;
  /**
   * The array size of the job, when it is an array job.
   */
  public readonly arraySize?: number;

  constructor(scope: Construct, id: string, props: DeployTimeJobProps) {
    super(scope, id);
    reportProblems(this, [...deployTimeJobProblems(props), ...overrideProblems(props)]);
    // The queue's environments can still be added after this job is defined: judged at synth.
    validateLater(this, () => queueFitProblems(props));
    const waitForCompletion = props.waitForCompletion ?? true;
    this.arraySize = props.arraySize;

    const runner = JobRunner.of(this);
    runner.allowSubmit(props.jobQueue.jobQueueArn, props.jobDefinition, [
      ...props.consumableResourcePropertiesOverride ?? [],
      ...(props.nodeOverrides?.nodePropertyOverrides ?? []).flatMap((range) => range.consumableResourcePropertiesOverride ?? []),
    ].map((requirement) => requirement.resource));

    const completionTimeout = props.completionTimeout ?? DEFAULT_COMPLETION_TIMEOUT;
    const properties: DeployTimeJobProperties = {
      JobNamePrefix: props.jobName ?? defaultJobNamePrefix(id),
      SubmitJob: renderSubmitJob(props),
      WaitForCompletion: waitForCompletion,
      CompletionTimeoutSeconds: completionTimeout.toSeconds(),
      TerminateOnDelete: props.terminateOnDelete ?? true,
    };
    const resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: runner.function.functionArn,
      serviceTimeout: waitForCompletion ? serviceTimeout(completionTimeout) : NO_WAIT_SERVICE_TIMEOUT,
      properties: { ...properties },
    });
    // The runner must have its permissions before it gets the first request.
    resource.node.addDependency(runner.policy);
    for (const dependency of props.dependsOn ?? []) {
      resource.node.addDependency(dependency.job);
    }

    this.jobId = resource.getAttString('JobId');
    this.jobArn = resource.getAttString('JobArn');
    this.jobName = resource.getAttString('JobName');
  }
}

/** The completion timeout plus time to report, within CloudFormation's hour. */
function serviceTimeout(completionTimeout: Duration): Duration {
  if (!isKnown(completionTimeout)) return MAX_SERVICE_TIMEOUT;
  const seconds = Math.min(completionTimeout.toSeconds() + SERVICE_TIMEOUT_MARGIN.toSeconds(), MAX_SERVICE_TIMEOUT.toSeconds());
  return Duration.seconds(seconds);
}

/** A job name prefix from a construct id: characters Batch does not allow become `-`. */
export function defaultJobNamePrefix(id: string): string {
  const prefix = id.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^[-_]+/, '').slice(0, 100);
  return prefix.length > 0 ? prefix : 'deploy-time-job';
}
