import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DeployTimeJobProps } from './deploy-time-job-types';
import { SubmitServiceJobRequest } from './protocol';
import { JsonObject, trainingJobNameFrom, trainingRequest } from './training-job';
import { SageMakerTrainingJob } from './training-job-types';

/**
 * Renders a DeployTimeJob with a `trainingJob` as the SubmitServiceJob request its runner
 * sends (`SubmitServiceJobRequest` of `protocol.ts`, the SDK's own shape). The payload is the
 * CreateTrainingJob request as a JSON string (tokens such as the role's ARN resolved by
 * CloudFormation inside it), so CloudFormation delivers it unchanged, numbers included.
 */
export function renderSubmitServiceJob(scope: IConstruct, props: DeployTimeJobProps, request: JsonObject): SubmitServiceJobRequest {
  return withoutUndefined<SubmitServiceJobRequest>({
    jobQueue: props.jobQueue.jobQueueArn,
    serviceJobType: 'SAGEMAKER_TRAINING',
    serviceRequestPayload: Stack.of(scope).toJsonString(request),
    retryStrategy: props.retryAttempts !== undefined ? { attempts: props.retryAttempts } : undefined,
    timeoutConfig: props.timeout ? { attemptDurationSeconds: props.timeout.toSeconds() } : undefined,
    schedulingPriority: props.schedulingPriority,
    shareIdentifier: props.shareIdentifier,
    quotaShareName: props.quotaShare?.quotaShareName,
    preemptionConfiguration: props.preemptionRetries !== undefined
      ? { preemptionRetriesBeforeTermination: props.preemptionRetries } : undefined,
    tags: props.tags,
  });
}

/** The CreateTrainingJob request of a training job, its SageMaker name from the job name prefix unless given. */
export function trainingJobRequest(job: SageMakerTrainingJob, jobNamePrefix: string): { name: string; request: JsonObject } {
  const name = job.trainingJobName ?? trainingJobNameFrom(jobNamePrefix);
  return { name, request: trainingRequest(job, name) };
}

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
