import { failureReason, terminationReason, timeoutReason } from '../../../src/deploy-time-job/runtime/messages';

const FAILED_JOB = {
  jobId: 'abc-123',
  jobName: 'migrate-0123456789ab',
  status: 'FAILED',
  statusReason: 'Essential container in task exited',
  container: { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/my/jobs' } } },
  attempts: [
    { container: { exitCode: 1, logStreamName: 'def/default/first' } },
    { container: { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage', logStreamName: 'def/default/second' } },
  ],
};

describe('failureReason', () => {
  test('names the job, its reason, the last attempt and its log stream with a console link', () => {
    expect(failureReason(FAILED_JOB as any, { status: 'FAILED' }, 'eu-west-1')).toBe(
      'Batch job migrate-0123456789ab (abc-123) FAILED: Essential container in task exited.'
      + ' Last attempt (2 in all): exit code 137, OutOfMemoryError: Container killed due to memory usage.'
      + ' Logs: /my/jobs def/default/second https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1'
      + '#logsV2:log-groups/log-group/$252Fmy$252Fjobs/log-events/def$252Fdefault$252Fsecond'
      + ' Job: https://eu-west-1.console.aws.amazon.com/batch/home?region=eu-west-1#jobs/detail/abc-123',
    );
  });

  test('a job on EKS: the pod, its namespace and node, and the containers that failed, from the last EKS attempt', () => {
    const job = {
      jobId: 'eks-1',
      jobName: 'migrate-0123456789ab',
      status: 'FAILED',
      statusReason: 'Essential container in pod exited',
      eksAttempts: [
        { podName: 'aws-batch.1111', containers: [{ name: 'main', exitCode: 1 }] },
        {
          podName: 'aws-batch.2222',
          podNamespace: 'batch',
          nodeName: 'ip-10-0-1-2.ec2.internal',
          statusReason: 'PodFailed',
          initContainers: [{ name: 'fetch', exitCode: 0 }],
          containers: [{ name: 'main', exitCode: 137, reason: 'OOMKilled' }, { name: 'sidecar', exitCode: 0 }],
        },
      ],
    };
    expect(failureReason(job as any, { status: 'FAILED' }, 'us-east-1')).toBe(
      'Batch job migrate-0123456789ab (eks-1) FAILED: Essential container in pod exited.'
      + ' Last attempt (2 in all): pod aws-batch.2222 in namespace batch on node ip-10-0-1-2.ec2.internal: container main exit code 137,'
      + ' OOMKilled (PodFailed).'
      + ' Job: https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/eks-1',
    );
  });

  test('an EKS attempt without a failed container names its containers; at most three', () => {
    const containers = ['a', 'b', 'c', 'd'].map((name) => ({ name, exitCode: 0 }));
    const reason = failureReason({ jobId: 'j', jobName: 'n', status: 'FAILED', eksAttempts: [{ podName: 'p', containers }] } as any,
      { status: 'FAILED' }, 'us-east-1');
    expect(reason).toContain('Last attempt (1 in all): pod p: container a exit code 0; container b exit code 0; container c exit code 0; 1 more.');
    const bare = failureReason({ jobId: 'j', jobName: 'n', status: 'FAILED', eksAttempts: [{}] } as any, { status: 'FAILED' }, 'us-east-1');
    expect(bare).toContain('Last attempt (1 in all): pod unknown.');
  });

  test('a job that never started says so', () => {
    const reason = failureReason({ jobId: 'j', jobName: 'n', status: 'FAILED', statusReason: 'Dependent Job failed' } as any, { status: 'FAILED' }, 'us-east-1');
    expect(reason).toContain('FAILED: Dependent Job failed. No attempt started.');
    expect(reason).not.toContain('Logs:');
  });

  test('an array job counts its failed children', () => {
    const reason = failureReason({ jobId: 'j', jobName: 'n', status: 'FAILED' } as any,
      { status: 'FAILED', counts: { FAILED: 2, SUCCEEDED: 8 }, size: 10 }, 'us-east-1');
    expect(reason).toContain('FAILED: no status reason given. 2 of 10 child jobs failed; the child jobs are j:0 to j:9.');
  });

  test('links to the console of the region\'s partition', () => {
    expect(failureReason(FAILED_JOB as any, { status: 'FAILED' }, 'cn-north-1')).toContain('https://cn-north-1.console.amazonaws.cn/cloudwatch/');
    expect(failureReason(FAILED_JOB as any, { status: 'FAILED' }, 'us-gov-west-1')).toContain('https://us-gov-west-1.console.amazonaws-us-gov.com/batch/');
  });
});

describe('timeoutReason', () => {
  const job = { jobId: 'j', jobName: 'n' };
  const facts = { secondsInState: 1750, limitSeconds: 1800, limitName: 'the completion timeout', region: 'us-east-1' };

  test('RUNNABLE: says that usually means no compute capacity and what to check', () => {
    const reason = timeoutReason(job, { ...facts, status: 'RUNNABLE' });
    expect(reason).toContain('Batch job n (j) did not finish within 1800 s, the completion timeout: it was still RUNNABLE 1750 s after it was submitted. It was terminated.');
    expect(reason).toContain('RUNNABLE for that long usually means no compute capacity');
    expect(reason).toContain('maxvCpus');
    expect(reason).toContain('subnets');
  });

  test('RUNNING: for how long it ran; without Batch\'s timestamps, the last known status', () => {
    expect(timeoutReason(job, { ...facts, status: 'RUNNING' })).toContain('the completion timeout: it had been RUNNING for 1750 s. It was terminated.');
    expect(timeoutReason(job, { ...facts, status: 'PENDING', secondsInState: undefined }))
      .toContain('the completion timeout: its last known status was PENDING. It was terminated. PENDING means');
  });

  test('a failed termination is reported', () => {
    expect(timeoutReason(job, { ...facts, status: 'RUNNING', terminateError: 'AccessDeniedException: no' }))
      .toContain('Terminating it failed: AccessDeniedException: no.');
  });
});

test('terminationReason names the stack and fits Batch\'s 1024 characters', () => {
  expect(terminationReason('Prod', 'resource Migrate was deleted')).toBe('Terminated by CloudFormation stack Prod: resource Migrate was deleted');
  expect(terminationReason('Prod', 'x'.repeat(2000))).toHaveLength(1024);
});
