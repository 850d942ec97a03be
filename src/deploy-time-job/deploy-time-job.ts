import { CustomResource, Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deployTimeJobProblems } from './deploy-time-job-rules';
import { DeployTimeJobProps, DeployTimeJobRunnerOptions } from './deploy-time-job-types';
import type { JobRunner } from './job-runner';
import { overrideProblems } from './override-rules';
import { DEFAULT_COMPLETION_TIMEOUT_SECONDS, DeployTimeJobProperties, RESOURCE_TYPE, SERVICE_TIMEOUT_MARGIN_SECONDS } from './protocol';
import { queueFitProblems } from './queue-fit-rules';
import { renderSubmitJob } from './submit-job';
import { renderSubmitServiceJob, trainingJobRequest } from './submit-service-job';
import { jobVariantProblems, serviceJobSettingProblems, trainingJobProblems } from './training-job-rules';
import { MAX_SERVICE_TIMEOUT } from '../private/validation/limits';
import { isKnown, reportProblems, validateLater } from '../private/validation/problem';

/**
 * The per-stack job runner, loaded on first use: it pulls in aws-lambda and aws-logs, which a
 * stack without a deploy-time job never needs (the library's index loads this file).
 */
function runnerModule(): typeof import('./job-runner') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, typed by the import type above
  return require('./job-runner');
}

const DEFAULT_COMPLETION_TIMEOUT = Duration.seconds(DEFAULT_COMPLETION_TIMEOUT_SECONDS);
/** Time for the runner to terminate a job that timed out and report it. */
const SERVICE_TIMEOUT_MARGIN = Duration.seconds(SERVICE_TIMEOUT_MARGIN_SECONDS);
/** Enough for a submit, or for terminating on delete, when the resource does not wait. */
const NO_WAIT_SERVICE_TIMEOUT = Duration.minutes(5);

/**
 * A Batch job that runs during `cdk deploy`.
 *
 * Create submits the job and, by default, waits until it SUCCEEDED: a failed job
 * fails the deployment with its status reason, exit code and log stream. A change
 * of a job input (queue, definition, parameters, overrides, ...) submits a new job;
 * a change of the wait settings alone, a no-op update and a rollback keep the job.
 * Delete terminates the job if it has not finished and never fails.
 *
 * With `trainingJob` instead of `jobDefinition`, the job is a SageMaker training job
 * submitted to a SageMaker training queue (SubmitServiceJob), with the same lifecycle: a
 * failure reports Batch's and SageMaker's reasons and the training job, and terminating the
 * Batch job stops the training job.
 *
 * Resources: one runner per stack serves every job in it (its Lambda function,
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
   * Settings of the runner that serves every DeployTimeJob of the stack containing `scope`
   * (one Lambda function with its log group per stack): the log group's retention and KMS
   * key, e.g. for accounts that enforce Control Tower's CT.CLOUDWATCH.PR.2 and PR.3. Call it
   * once per stack, before or after adding its jobs; further calls must give the same settings.
   */
  public static configureRunner(scope: Construct, options: DeployTimeJobRunnerOptions): void {
    runnerModule().JobRunner.configure(scope, options);
  }

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
   * The name of the submitted job (the prefix and a suffix from the request id and the job's inputs).
   * @attribute
   */
  public readonly jobName: string;
  /**
   * The array size of the job, when it is an array job.
   */
  public readonly arraySize?: number;

  constructor(scope: Construct, id: string, props: DeployTimeJobProps) {
    super(scope, id);
    const jobNamePrefix = props.jobName ?? defaultJobNamePrefix(id);
    const training = props.trainingJob && trainingJobRequest(props.trainingJob, jobNamePrefix);
    reportProblems(this, [
      ...deployTimeJobProblems(props),
      ...overrideProblems(props),
      ...jobVariantProblems(props),
      ...(props.trainingJob && training
        ? [...serviceJobSettingProblems(props), ...trainingJobProblems(this, props.trainingJob, training.name, training.request)]
        : []),
    ]);
    // The queue's environments can still be added after this job is defined: judged at synth.
    validateLater(this, () => queueFitProblems(props));
    const waitForCompletion = props.waitForCompletion ?? true;
    this.arraySize = props.arraySize;

    const runner: JobRunner = runnerModule().JobRunner.of(this);
    if (props.trainingJob) {
      runner.allowSubmitServiceJob(props.jobQueue.jobQueueArn, props.trainingJob.role, Object.keys(props.tags ?? {}));
    } else {
      runner.allowSubmit(props.jobQueue.jobQueueArn, props.jobDefinition!, Object.keys(props.tags ?? {}), [
        ...props.consumableResourcePropertiesOverride ?? [],
        ...(props.nodeOverrides?.nodePropertyOverrides ?? []).flatMap((range) => range.consumableResourcePropertiesOverride ?? []),
      ].map((requirement) => requirement.resource));
    }

    const completionTimeout = props.completionTimeout ?? DEFAULT_COMPLETION_TIMEOUT;
    const properties: DeployTimeJobProperties = {
      JobNamePrefix: jobNamePrefix,
      SubmitJob: props.trainingJob ? undefined : renderSubmitJob(props),
      SubmitServiceJob: training && renderSubmitServiceJob(this, props, training.request),
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
