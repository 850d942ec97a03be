import { isFinished, progressKey, progressOf, transitionLine } from '../../../src/deploy-time-job/runtime/job-watch';

describe('progressOf', () => {
  test('a single job: its status', () => {
    expect(progressOf({ jobId: 'j', jobName: 'n', status: 'RUNNABLE' } as any)).toEqual({ status: 'RUNNABLE' });
  });

  test('an array job: the non-zero counts per state', () => {
    const job = {
      status: 'PENDING',
      arrayProperties: { size: 4, statusSummary: { RUNNING: 3, SUCCEEDED: 1, FAILED: 0 } },
    };
    expect(progressOf(job as any)).toEqual({ status: 'PENDING', counts: { RUNNING: 3, SUCCEEDED: 1 }, size: 4 });
  });

  test('an array job whose children all finished is done even before the parent says so', () => {
    const allSucceeded = { status: 'RUNNING', arrayProperties: { size: 2, statusSummary: { SUCCEEDED: 2 } } };
    const oneFailed = { status: 'RUNNING', arrayProperties: { size: 2, statusSummary: { SUCCEEDED: 1, FAILED: 1 } } };
    const oneLeft = { status: 'RUNNING', arrayProperties: { size: 3, statusSummary: { SUCCEEDED: 1, FAILED: 1, RUNNING: 1 } } };

    expect(progressOf(allSucceeded as any).status).toBe('SUCCEEDED');
    expect(progressOf(oneFailed as any).status).toBe('FAILED');
    expect(progressOf(oneLeft as any).status).toBe('RUNNING');
  });
});

test('isFinished: SUCCEEDED and FAILED only', () => {
  expect(['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'].filter(isFinished)).toEqual(['SUCCEEDED', 'FAILED']);
});

test('progressKey changes with the status and with the counts', () => {
  const key = progressKey({ status: 'RUNNING', counts: { RUNNING: 2 }, size: 2 });
  expect(progressKey({ status: 'RUNNING', counts: { RUNNING: 2 }, size: 2 })).toBe(key);
  expect(progressKey({ status: 'RUNNING', counts: { RUNNING: 1, SUCCEEDED: 1 }, size: 2 })).not.toBe(key);
  expect(progressKey({ status: 'FAILED', counts: { RUNNING: 2 }, size: 2 })).not.toBe(key);
});

test('transitionLine: job, status, elapsed seconds, and counts for an array job', () => {
  expect(transitionLine({ jobId: 'j', jobName: 'n' }, { status: 'RUNNABLE' }, 12)).toEqual({
    message: 'job state', jobId: 'j', jobName: 'n', status: 'RUNNABLE', elapsedSeconds: 12,
  });
  expect(transitionLine({ jobId: 'j', jobName: 'n' }, { status: 'PENDING', counts: { RUNNING: 2 }, size: 2 }, 3)).toEqual({
    message: 'job state', jobId: 'j', jobName: 'n', status: 'PENDING', elapsedSeconds: 3, childJobs: { RUNNING: 2 }, size: 2,
  });
});
