/** The fault matrix (harness and invariants: fault-matrix-harness.ts): classes 1 and 2, a new job only when a job input changes, and an ambiguous SubmitJob never orphans a job. */
import { randomUUID } from 'crypto';
import { create, expectNothingLeftRunning, host, jobsFailSoon, jobsOf, jobsStayStuck, moto, next, run, setUpFaultMatrix } from './fault-matrix-harness';
import { FaultPlan } from '../../fault-proxy';

setUpFaultMatrix();

describe('class 1: a new job only when a job input changes', () => {
  test('changing a parameter: a new job and a new physical id', async () => {
    const request = create();
    const created = await run(request);
    const body = await run(next(request, 'Update', created.PhysicalResourceId, { SubmitJob: { ...request.event.ResourceProperties.SubmitJob, parameters: { target: 'v43' } } }));
    const jobs = await jobsOf(request);
    expect(jobs).toHaveLength(2);
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobs[1].jobId });
    expect(jobs[1].parameters).toMatchObject({ target: 'v43' });
  });

  test.each<[string, (old: Record<string, any>) => Record<string, unknown>]>([
    ['CompletionTimeoutSeconds', () => ({ CompletionTimeoutSeconds: '60' })],
    ['WaitForCompletion', () => ({ WaitForCompletion: 'false' })],
    ['TerminateOnDelete', () => ({ TerminateOnDelete: 'false' })],
    ['ServiceTimeout', () => ({ ServiceTimeout: '200' })],
    ['nothing (the same inputs written as numbers, keys in another order)', (old) => ({
      SubmitJob: { retryStrategy: { attempts: 2 }, parameters: { target: 'v42' }, jobDefinition: old.SubmitJob.jobDefinition, jobQueue: old.SubmitJob.jobQueue },
    })],
  ])('changing only %s: the same job, physical id and Data; nothing submitted', async (_name, changes) => {
    const request = create();
    const created = await run(request);
    const body = await run(next(request, 'Update', created.PhysicalResourceId, changes(request.event.ResourceProperties)));
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.PhysicalResourceId, Data: created.Data });
    expect(await jobsOf(request)).toHaveLength(1);
  });

  test('the rollback after a failed Update: SUCCESS with the old job, nothing submitted', async () => {
    const request = create();
    const created = await run(request);
    await jobsFailSoon();
    const changed = next(request, 'Update', created.PhysicalResourceId, { SubmitJob: { ...request.event.ResourceProperties.SubmitJob, parameters: { target: 'bad' } } });
    const failed = await run(changed);
    expect(failed).toMatchObject({ Status: 'FAILED', PhysicalResourceId: created.PhysicalResourceId });
    // CloudFormation rolls back: the old properties again, the failed ones as old, the kept physical id.
    const rollback = {
      prefix: request.prefix,
      event: {
        ...changed.event,
        RequestId: randomUUID(),
        ResponseURL: host.responseUrl(),
        ResourceProperties: request.event.ResourceProperties,
        OldResourceProperties: changed.event.ResourceProperties,
      },
    };
    const body = await run(rollback);
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.PhysicalResourceId, Data: created.Data });
    expect(await jobsOf(request)).toHaveLength(2);
  });
});

describe('class 2: an ambiguous SubmitJob never orphans a job', () => {
  test.each<[string, FaultPlan]>([
    ['throttled twice', ['throttle', 'throttle']],
    ['a 5xx burst', [500, 503, 500]],
    ['reset before the request was accepted', ['reset-before']],
    ['reset after the job was created', ['reset-after']],
    ['an answer lost behind a 500', ['lost-answer']],
    ['an answer cut mid-body after 200', ['cut-body']],
    ['no answer at all (hang) after the job was created', ['hang-after']],
  ])('SubmitJob %s: SUCCESS with the one job', async (_name, submitFaults) => {
    const request = create();
    const body = await run(request, { '/v1/submitjob': submitFaults });
    const jobs = await jobsOf(request);
    expect(jobs).toHaveLength(1);
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobs[0].jobId, Data: { JobId: jobs[0].jobId, JobName: jobs[0].jobName } });
  });

  test('the answer cut mid-body, then ListJobs failing twice: the lookup retries and finds the job', async () => {
    const request = create();
    const body = await run(request, { '/v1/submitjob': ['cut-body'], '/v1/listjobs': ['forward', 500, 'reset-before', 500, 'hang'] });
    const jobs = await jobsOf(request);
    expect(jobs).toHaveLength(1);
    expect(body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobs[0].jobId });
  });

  test('Batch unreachable after accepting the job: FAILED with an id Delete can search; the Delete terminates the job', async () => {
    await jobsStayStuck();
    const request = create();
    const body = await run(request, {
      '/v1/submitjob': ['reset-after', ...Array<'reset-before'>(20).fill('reset-before')],
      '/v1/listjobs': ['forward', ...Array<'reset-before'>(60).fill('reset-before')],
    });
    expect(body.Status).toBe('FAILED');
    expect(body.PhysicalResourceId).toBe(`unconfirmed-job:${(await jobsOf(request))[0].jobName}@${moto.jobQueueArn}`);
    expect(body.Reason).toMatch(/^Could not submit Batch job s\d+-.+ \(Batch gave no clear answer, however often it was asked\)$/);
    // The rollback deletes the failed resource by that id, when Batch answers again.
    const removed = await run(next(request, 'Delete', body.PhysicalResourceId));
    expect(removed).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: body.PhysicalResourceId });
    const [job] = await expectNothingLeftRunning(request);
    expect(job.statusReason).toBe('Terminated by CloudFormation stack Matrix: resource Migrate was deleted');
  });
});
