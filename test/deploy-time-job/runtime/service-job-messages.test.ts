/**
 * The failure and timeout reasons of a deploy-time SageMaker training job.
 */
import type { DescribeServiceJobCommandOutput } from '@aws-sdk/client-batch';
import { serviceFailureReason, serviceTimeoutReason, trainingJobArn } from '../../../src/deploy-time-job/runtime/service-job-messages';

const TRAINING_JOB = 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/AWSBatchtrain1';
const job = (overrides: Partial<DescribeServiceJobCommandOutput> = {}): DescribeServiceJobCommandOutput => ({
  $metadata: {},
  jobId: 'j-1',
  jobName: 'train-x',
  jobArn: 'arn:aws:batch:eu-west-1:123456789012:service-job/j-1',
  jobQueue: 'q',
  serviceJobType: 'SAGEMAKER_TRAINING',
  status: 'FAILED',
  startedAt: 0,
  ...overrides,
});

test('a failed job: Batch\'s reason, the last attempt\'s, preemptions, the training job with its console page, the job ARN', () => {
  expect(serviceFailureReason(job({
    statusReason: 'Received status from SageMaker: AlgorithmError',
    attempts: [{ statusReason: 'CapacityError' }, { statusReason: 'AlgorithmError: exit 1', serviceResourceId: { name: 'TrainingJobArn', value: TRAINING_JOB } }],
    latestAttempt: { serviceResourceId: { name: 'TrainingJobArn', value: TRAINING_JOB } },
    preemptionSummary: { preemptedAttemptCount: 2 },
  }), 'eu-west-1')).toBe('Batch service job train-x (j-1) FAILED: Received status from SageMaker: AlgorithmError. '
    + 'Last attempt (2 in all): AlgorithmError: exit 1. Preempted 2 times. '
    + `SageMaker training job: ${TRAINING_JOB} https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/jobs/AWSBatchtrain1 `
    + 'Job: arn:aws:batch:eu-west-1:123456789012:service-job/j-1');
});

test('a job terminated before any attempt', () => {
  expect(serviceFailureReason(job({ isTerminated: true, jobArn: undefined }), 'cn-north-1'))
    .toBe('Batch service job train-x (j-1) FAILED: no status reason given. It was terminated. No attempt started.');
});

test('the training job comes from the latest attempt, or the last one listed', () => {
  expect(trainingJobArn(job({ attempts: [{ serviceResourceId: { name: 'TrainingJobArn', value: TRAINING_JOB } }] }))).toBe(TRAINING_JOB);
  expect(trainingJobArn(job())).toBeUndefined();
});

test.each([
  ['RUNNABLE', 300, 'it was still RUNNABLE 300 s after it was submitted.', 'RUNNABLE for that long usually means no capacity'],
  ['SCHEDULED', 60, 'it was still SCHEDULED 60 s after it was submitted.', 'SCHEDULED means SageMaker is acquiring the instances'],
  ['RUNNING', 20, 'it had been RUNNING for 20 s.', 'The training ran longer than the timeout'],
])('a timeout in %s says where and what it usually means', (status, secondsInState, where, hint) => {
  const reason = serviceTimeoutReason({ jobId: 'j-1', jobName: 'train-x', jobArn: 'arn:aws:batch:r:a:service-job/j-1' },
    { status, secondsInState, limitSeconds: 600, limitName: 'the completion timeout', region: 'us-east-1' });
  expect(reason).toContain(`Batch service job train-x (j-1) did not finish within 600 s, the completion timeout: ${where} `
    + 'It was terminated, with its SageMaker training job.');
  expect(reason).toContain(hint);
  expect(reason.endsWith('Job: arn:aws:batch:r:a:service-job/j-1')).toBe(true);
});

test('a timeout whose termination failed says so', () => {
  expect(serviceTimeoutReason({ jobId: 'j', jobName: 'n' }, {
    status: 'UNKNOWN', limitSeconds: 1, limitName: 'the completion timeout', region: 'us-east-1', terminateError: 'AccessDenied',
  })).toBe('Batch service job n (j) did not finish within 1 s, the completion timeout: its last known status was UNKNOWN. '
    + 'Terminating it failed: AccessDenied.');
});
