/**
 * The SubmitServiceJob request a DeployTimeJob with a trainingJob renders.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { JobQueue, QuotaShare, SageMakerTrainingJob } from '../../src';
import { renderSubmitServiceJob, trainingJobRequest } from '../../src/deploy-time-job/submit-service-job';
import { TEST_ENV } from '../synth';

const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/training';

function setup() {
  const stack = new Stack(new App(), 'TestStack', { env: TEST_ENV });
  const trainingJob: SageMakerTrainingJob = {
    role: iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/Exec'), trainingImage: 'img', instanceType: 'ml.m5.large', outputPath: 's3://b/o',
  };
  return { stack, trainingJob, jobQueue: JobQueue.fromJobQueueArn(stack, 'Queue', QUEUE) };
}

test('only the required fields by default; the payload is the JSON of the request', () => {
  const { stack, trainingJob, jobQueue } = setup();
  const { name, request } = trainingJobRequest(trainingJob, 'db_migrate');
  expect(name).toBe('db-migrate');
  expect(stack.resolve(renderSubmitServiceJob(stack, { jobQueue, trainingJob }, request))).toEqual({
    jobQueue: QUEUE,
    serviceJobType: 'SAGEMAKER_TRAINING',
    serviceRequestPayload: JSON.stringify(request),
  });
});

test('every SubmitServiceJob setting', () => {
  const { stack, trainingJob, jobQueue } = setup();
  const quotaShare = QuotaShare.fromQuotaShareArn(stack, 'Share', `${QUEUE}/quota-share/research`);
  const { request } = trainingJobRequest({ ...trainingJob, trainingJobName: 'given' }, 'ignored');
  expect(request.TrainingJobName).toBe('given');
  expect(stack.resolve(renderSubmitServiceJob(stack, {
    jobQueue,
    trainingJob,
    retryAttempts: 3,
    timeout: Duration.hours(1),
    schedulingPriority: 7,
    shareIdentifier: 'teamA',
    quotaShare,
    preemptionRetries: 0,
    tags: { team: 'ml' },
  }, request))).toEqual({
    jobQueue: QUEUE,
    serviceJobType: 'SAGEMAKER_TRAINING',
    serviceRequestPayload: JSON.stringify(request),
    retryStrategy: { attempts: 3 },
    timeoutConfig: { attemptDurationSeconds: 3600 },
    schedulingPriority: 7,
    shareIdentifier: 'teamA',
    quotaShareName: 'research',
    preemptionConfiguration: { preemptionRetriesBeforeTermination: 0 },
    tags: { team: 'ml' },
  });
});
