/** The fault matrix (harness and invariants: fault-matrix-harness.ts): the bundle itself, Create in every outcome, and Delete in every job state. */
import * as fs from 'fs';
import {
  create, expectNothingLeftRunning, finalBody, host, jobsFailSoon, jobsOf, jobsStayStuck, moto, NAME, next, proxy, run, setUpFaultMatrix, TIMINGS,
} from './fault-matrix-harness';
import { BUNDLE } from './lambda-host';
import { NO_JOB_PHYSICAL_ID_PREFIX } from '../../../src/deploy-time-job/protocol';

setUpFaultMatrix();

test('the shipped bundle is at most 50 KiB (the SDK comes from the Lambda runtime)', () => {
  expect(fs.statSync(BUNDLE).size).toBeLessThanOrEqual(50 * 1024);
  expect(fs.readFileSync(BUNDLE, 'utf8')).toMatch(/require\("@aws-sdk\/client-batch"\)/);
});

describe('create', () => {
  test('a job that SUCCEEDED: SUCCESS, the job id as physical id, its attributes as Data', async () => {
    const request = create();
    const body = await run(request);
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: job.jobId, Data: { JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName } });
    expect(job.jobName).toMatch(NAME);
  });

  test('a job that FAILED: FAILED with the job id', async () => {
    await jobsFailSoon();
    const request = create();
    const body = await run(request);
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: job.jobId });
    expect(body.Reason).toContain(`Batch job ${job.jobName} (${job.jobId}) FAILED`);
  });

  test('without waiting: SUCCESS once submitted', async () => {
    await jobsStayStuck();
    const request = create({ properties: { WaitForCompletion: 'false' } });
    const body = await run(request);
    const jobs = await jobsOf(request);
    expect(jobs).toHaveLength(1);
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobs[0].jobId });
  });

  test('a stuck job: terminated at the completion timeout, FAILED saying where it was stuck', async () => {
    await jobsStayStuck();
    const request = create({ properties: { CompletionTimeoutSeconds: '2' } });
    const body = await run(request);
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: job.jobId });
    expect(body.Reason).toMatch(/did not finish within 2 s, the completion timeout: it was still SUBMITTED 2 s after it was submitted\. It was terminated\./);
    expect(job.statusReason).toMatch(/^Terminated by CloudFormation stack Matrix: not finished within 2 s/);
  });

  test('an unknown queue: FAILED with Batch\'s message and a no-job physical id', async () => {
    const request = create({ submitJob: { jobQueue: moto.jobQueueArn.replace('test-queue', 'missing') } });
    const body = await run(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${NO_JOB_PHYSICAL_ID_PREFIX}${request.event.RequestId}` });
    expect(body.Reason).toContain('does not exist');
  });

  test('a long unicode reason is cut to fit 4096 bytes', async () => {
    const request = create({ submitJob: { retryStrategy: { attempts: 'é'.repeat(5000) } } });
    const body = await run(request);
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toMatch(/é \[truncated\]$/);
  });

  test('delivered twice, one after the other: one job, the same response', async () => {
    const request = create();
    const first = await run(request);
    const second = await run(request);
    expect(second).toEqual(first);
    expect(await jobsOf(request)).toHaveLength(1);
  });

  test('class 4: delivered twice at once: one job kept (the oldest), the other terminated, identical responses', async () => {
    await jobsFailSoon();
    await moto.secondsPerState(1);
    const request = create({ properties: { WaitForCompletion: 'false' } });
    // Both deliveries find nothing and submit: the proxy holds back both answers of the first
    // look-ups (within a longer request timeout), so that each reads moto before the other submits.
    host.setEnv({ JOB_RUNNER_TIMINGS: JSON.stringify({ ...TIMINGS, batch: { ...TIMINGS.batch, requestTimeoutMs: 4000 } }) });
    proxy.setFaults({ '/v1/listjobs': [{ answerDelayMs: 1500 }, { answerDelayMs: 1500 }] });
    const started = Date.now();
    const before = host.invocations.length;
    await Promise.all([host.invoke(request.event), host.invoke(request.event)]);
    await host.settled();
    const body = finalBody(request, host.invocations.slice(before), started);
    const jobs = await jobsOf(request);
    expect(jobs).toHaveLength(2); // both submitted, as intended by the held-back look-ups
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobs[0].jobId });
    expect(host.putsFor(request.event.ResponseURL).length).toBeGreaterThanOrEqual(2);
    await expectNothingLeftRunning(request, [jobs[0].jobId!]);
    for (const loser of jobs.slice(1)) expect(loser.statusReason).toContain(`a duplicate of job ${jobs[0].jobId}`);
  });
});

describe('delete', () => {
  test('a running job: terminated, naming the stack', async () => {
    await jobsStayStuck();
    const request = create({ properties: { WaitForCompletion: 'false' } });
    const created = await run(request);
    const body = await run(next(request, 'Delete', created.PhysicalResourceId));
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.PhysicalResourceId });
    const [job] = await expectNothingLeftRunning(request);
    expect(job.statusReason).toBe('Terminated by CloudFormation stack Matrix: resource Migrate was deleted');
  });

  test('a running job with TerminateOnDelete false: left running', async () => {
    await jobsStayStuck();
    const request = create({ properties: { WaitForCompletion: 'false', TerminateOnDelete: 'false' } });
    const created = await run(request);
    await run(next(request, 'Delete', created.PhysicalResourceId));
    const [job] = await jobsOf(request);
    expect(job.statusReason).toBeUndefined();
  });

  test('a finished job: left alone', async () => {
    const request = create();
    const created = await run(request);
    await run(next(request, 'Delete', created.PhysicalResourceId));
    const [job] = await jobsOf(request);
    expect(job.statusReason).toBeUndefined();
  });

  test.each([[`${NO_JOB_PHYSICAL_ID_PREFIX}0000`], ['not-a-batch-job'], [`unconfirmed-job:nothing-here@${'arn:aws:batch:us-east-1:123456789012:job-queue/test-queue'}`]])(
    'an id without a running job (%s): SUCCESS', async (physicalId) => {
      const request = create();
      expect(await run(next(request, 'Delete', physicalId))).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
    });
});
