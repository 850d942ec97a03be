/** The fault matrix (harness and invariants: fault-matrix-harness.ts): class 3, every call bounded in time, and the hand-over to a new invocation (class 5 among them). */
import { randomUUID } from 'crypto';
import {
  create, expectNothingLeftRunning, host, jobsFailSoon, jobsStayStuck, moto, next, proxy, run, setUpFaultMatrix, SHORT_LAMBDA_MS,
} from './fault-matrix-harness';

setUpFaultMatrix();

describe('class 3: every call is bounded in time', () => {
  test('DescribeJobs never answering: the wait still ends at the completion timeout, the job terminated', async () => {
    await jobsStayStuck();
    const request = create({ properties: { CompletionTimeoutSeconds: '3' } });
    const body = await run(request, { '/v1/describejobs': { always: 'hang' } });
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: job.jobId });
    expect(body.Reason).toMatch(/did not finish within 3 s, the completion timeout: its last known status was UNKNOWN\. It was terminated\./);
  });

  test('ListJobs answering slowly at first, then throttled DescribeJobs: SUCCESS, bounded', async () => {
    const request = create();
    const body = await run(request, { '/v1/listjobs': [{ delayMs: 200 }], '/v1/describejobs': ['throttle', 'throttle', 500] });
    expect(body.Status).toBe('SUCCESS');
  });

  test('the self-invocation hanging: the continuation answers, once', async () => {
    await jobsFailSoon();
    await moto.secondsPerState(1.5);
    host.timeoutMs = SHORT_LAMBDA_MS;
    host.onNextInvokes(['hang']);
    const request = create();
    const body = await run(request);
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: job.jobId });
    expect(body.Reason).toContain(`Batch job ${job.jobName} (${job.jobId}) FAILED`);
  });

  test('the response URL hanging on the first attempts: delivered by a later attempt, in time', async () => {
    const request = create({ puts: ['hang', 'hang', 500] });
    const body = await run(request);
    expect(body.Status).toBe('SUCCESS');
    expect(host.putsFor(request.event.ResponseURL).map(put => put.status)).toEqual(['hang', 'hang', 500, 200]);
  });

  test('the response URL failing on every attempt: the invocation gives up in time, without an unhandled rejection', async () => {
    const request = create({ puts: ['reset', 'reset', 'reset', 'reset'] });
    proxy.setFaults({});
    const invocations = await host.invokeAndSettle(request.event);
    expect(invocations.map(i => [i.outcome, i.unhandledRejection])).toEqual([['returned', false]]);
    expect(invocations[0].durationMs).toBeLessThan(10_000);
    expect(host.putsFor(request.event.ResponseURL).map(put => put.status)).toEqual(['reset', 'reset', 'reset', 'reset']);
  });

  test('Batch refusing connections on Delete: SUCCESS, in time', async () => {
    host.setEnv({ AWS_ENDPOINT_URL_BATCH: 'http://127.0.0.1:1' });
    const request = create();
    const body = await run(next(request, 'Delete', randomUUID()));
    expect(body.Status).toBe('SUCCESS');
  });
});

describe('hand-over', () => {
  test('a wait longer than one invocation continues in a new one, which answers once', async () => {
    await jobsFailSoon();
    await moto.secondsPerState(1.5);
    host.timeoutMs = SHORT_LAMBDA_MS;
    const request = create();
    const before = host.invocations.length;
    const body = await run(request);
    expect(host.invocations.length - before).toBeGreaterThanOrEqual(2);
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: job.jobId });
  });

  test('the Invoke refused: the job is terminated and the request answered FAILED, once', async () => {
    await jobsStayStuck();
    host.timeoutMs = SHORT_LAMBDA_MS;
    // Nothing listens on port 1: every Invoke is refused before it is sent.
    host.setEnv({ AWS_ENDPOINT_URL_LAMBDA: 'http://127.0.0.1:1' });
    const request = create();
    const body = await run(request);
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: job.jobId });
    expect(body.Reason).toMatch(/^Could not continue waiting for Batch job .+ in a new invocation\. It was terminated\.$/);
  });

  test('class 5: the Invoke accepted but its answer lost: no termination, one final response from the continuation', async () => {
    await jobsFailSoon();
    await moto.secondsPerState(1.5);
    host.timeoutMs = SHORT_LAMBDA_MS;
    // Every answer lost: a runner that retried the Invoke would start several continuations.
    host.onNextInvokes(['lost-answer', 'lost-answer', 'lost-answer', 'lost-answer', 'lost-answer', 'lost-answer']);
    const request = create();
    const before = host.invocations.length;
    const body = await run(request);
    const [job] = await expectNothingLeftRunning(request);
    expect(body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: job.jobId });
    expect(body.Reason).toContain(`Batch job ${job.jobName} (${job.jobId}) FAILED`);
    expect(job.statusReason ?? '').not.toMatch(/^Terminated by/);
    // One chain of invocations: each hand-over started exactly one continuation.
    const handOvers = host.invocations.slice(before).filter(i => i.logs.some(l => l.message === 'self-invocation failed')).length;
    expect(host.invocations.length - before).toBe(handOvers + 1);
  });

  test('a continuation delivered twice: both answer with the same body', async () => {
    await jobsFailSoon();
    await moto.secondsPerState(1.5);
    host.timeoutMs = SHORT_LAMBDA_MS;
    host.onNextInvokes(['accept-twice']);
    const request = create();
    const body = await run(request);
    expect(body.Status).toBe('FAILED');
    expect(host.putsFor(request.event.ResponseURL).length).toBeGreaterThanOrEqual(2);
  });

  test('a stuck job timing out in a continuation delivered twice: the same reason from both', async () => {
    await jobsStayStuck();
    host.timeoutMs = SHORT_LAMBDA_MS;
    host.onNextInvokes(['accept-twice']);
    const request = create({ properties: { CompletionTimeoutSeconds: '3' } });
    const body = await run(request);
    expect(body.Status).toBe('FAILED');
    expect(body.Reason).toContain('it was still SUBMITTED 3 s after it was submitted');
    await expectNothingLeftRunning(request);
  });
});
