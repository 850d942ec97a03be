/**
 * The fault matrix: the shipped runner bundle as a black box (a Node.js process per
 * invocation, killed at its timeout as Lambda would), against moto server through a
 * fault-injecting proxy, with a local ResponseURL server and a local Lambda endpoint that
 * feeds the runner's self-invocations back.
 *
 * Every scenario asserts: exactly one final response per request (retries of the same body
 * are fine), the right Status and physical id, bodies of at most 4096 bytes, no job left
 * unfinished that the runner says it stopped (moto's state), no unhandled rejection, no
 * invocation killed at its timeout. `DTJ_BUNDLE=path` runs the matrix against another build;
 * `DTJ_DEBUG=1` prints every invocation's log lines.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import { DescribeJobsCommand, JobDetail, ListJobsCommand } from '@aws-sdk/client-batch';
import { BUNDLE, Invocation, LambdaHost, PutBehaviour, RecordedPut } from './lambda-host';
import { NO_JOB_PHYSICAL_ID_PREFIX, RESOURCE_TYPE } from '../../../src/deploy-time-job/protocol';
import { FaultPlan, FaultProxy, startFaultProxy } from '../../fault-proxy';
import { MotoServer, startMotoServer } from '../../moto-server';

const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Matrix/0a1b2c3d-0000-0000-0000-000000000000';
/** Short limits (ms): a worst-case Batch call is 2.55 s, the hand-over margin 11.2 s. */
const TIMINGS = {
  pollIntervalMs: 100,
  submitRounds: 4,
  batch: { connectTimeoutMs: 300, requestTimeoutMs: 500, attempts: 3, baseDelayMs: 50, maxDelayMs: 100 },
  invoke: { connectTimeoutMs: 300, requestTimeoutMs: 500, attempts: 3, baseDelayMs: 50, maxDelayMs: 100 },
  response: { connectTimeoutMs: 300, requestTimeoutMs: 500, attempts: 4, baseDelayMs: 50, maxDelayMs: 100 },
};
/** A function timeout that leaves an invocation about 1.5 s of waiting before it hands over. */
const SHORT_LAMBDA_MS = 12_700;
const LONG_LAMBDA_MS = 40_000;

let moto: MotoServer;
let proxy: FaultProxy;
let host: LambdaHost;
let scenario = 0;

beforeAll(async () => {
  moto = await startMotoServer({ useDocker: false });
  proxy = await startFaultProxy(moto.endpoint);
  host = await LambdaHost.start({
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_BATCH: proxy.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: 'Matrix-BatchDeployTimeJobHandler',
    SUBMITTED_BY: STACK_ID,
    STACK_NAME: 'Matrix',
    JOB_RUNNER_TIMINGS: JSON.stringify(TIMINGS),
    POLL_INTERVAL_SECONDS: '0.1',
  });
}, 600_000); // the first run installs moto into .cache/venv

afterAll(async () => {
  await host?.stop();
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  proxy.setFaults({});
  host.setEnv({
    AWS_ENDPOINT_URL_BATCH: proxy.endpoint, AWS_ENDPOINT_URL_LAMBDA: host.endpoints().lambda, JOB_RUNNER_TIMINGS: JSON.stringify(TIMINGS),
  });
  host.timeoutMs = LONG_LAMBDA_MS;
  host.onNextInvokes([]);
  await jobsSucceedAtOnce();
});

/** The jobs of a scenario behave so. */
const jobsSucceedAtOnce = () => moto.useDocker(false);
const jobsFailSoon = async () => { await moto.useDocker(true); await moto.secondsPerState(0.2); };
const jobsStayStuck = async () => { await moto.useDocker(true); await moto.secondsPerState(600); };

interface Request {
  readonly event: Record<string, any>;
  readonly prefix: string;
}

/** A Create for a job named with a prefix of its own. */
function create(options: { submitJob?: Record<string, unknown>; properties?: Record<string, unknown>; puts?: PutBehaviour[] } = {}): Request {
  const prefix = `s${++scenario}-${randomUUID().slice(0, 8)}`;
  return {
    prefix,
    event: {
      RequestType: 'Create',
      ResponseURL: host.responseUrl(options.puts),
      StackId: STACK_ID,
      RequestId: randomUUID(),
      ResourceType: RESOURCE_TYPE,
      LogicalResourceId: 'Migrate',
      ResourceProperties: {
        ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:Matrix-BatchDeployTimeJobHandler',
        JobNamePrefix: prefix,
        SubmitJob: { jobQueue: moto.jobQueueArn, jobDefinition: moto.jobDefinitionArn, parameters: { target: 'v42' }, retryStrategy: { attempts: '2' }, ...options.submitJob },
        WaitForCompletion: 'true',
        CompletionTimeoutSeconds: '30',
        TerminateOnDelete: 'true',
        ServiceTimeout: '150',
        ...options.properties,
      },
    },
  };
}

/** The next request for the same resource: an Update or Delete with its own request id and response URL. */
function next(request: Request, type: 'Update' | 'Delete', physicalId: string, changes: Record<string, unknown> = {}, puts?: PutBehaviour[]): Request {
  const old = request.event.ResourceProperties;
  return {
    prefix: request.prefix,
    event: {
      ...request.event,
      RequestType: type,
      RequestId: randomUUID(),
      ResponseURL: host.responseUrl(puts),
      PhysicalResourceId: physicalId,
      ResourceProperties: { ...old, ...changes },
      ...(type === 'Update' ? { OldResourceProperties: old } : {}),
    },
  };
}

/** Runs a request to its end and checks the invariants; returns the one final body. */
async function run(request: Request, faults: Record<string, FaultPlan> = {}): Promise<RecordedPut['body']> {
  proxy.setFaults(faults);
  const started = Date.now();
  const invocations = await host.invokeAndSettle(request.event);
  proxy.setFaults({});
  return finalBody(request, invocations, started);
}

/** The invariants of one request's invocations and PUTs. */
function finalBody(request: Request, invocations: Invocation[], started: number): RecordedPut['body'] {
  if (process.env.DTJ_DEBUG) {
    invocations.forEach((i, n) => process.stderr.write(`#${n} ${i.outcome} ${i.durationMs}ms\n${i.logs.map(l => JSON.stringify(l).slice(0, 300)).join('\n')}\n${i.stderr}\n`));
  }
  for (const invocation of invocations) {
    expect({ outcome: invocation.outcome, unhandledRejection: invocation.unhandledRejection, stderr: invocation.stderr })
      .toEqual({ outcome: 'returned', unhandledRejection: false, stderr: '' });
  }
  // Bounded: no invocation outlived its timeout, and the request ended well within CloudFormation's wait.
  expect(Date.now() - started).toBeLessThan(Number(request.event.ResourceProperties.ServiceTimeout) * 1000);
  const puts = host.putsFor(request.event.ResponseURL);
  expect(puts.filter(put => put.status === 200).length).toBeGreaterThanOrEqual(1);
  for (const put of puts) {
    expect(put.bytes).toBeLessThanOrEqual(4096);
    expect(put.body).toEqual(puts[0].body); // one final response: retries carry the same body
  }
  expect(puts[0].body).toMatchObject({ RequestId: request.event.RequestId, StackId: STACK_ID, LogicalResourceId: 'Migrate' });
  return puts[0].body;
}

/** Every job of a scenario, oldest first, as moto describes them. */
async function jobsOf(request: Request): Promise<JobDetail[]> {
  const list = await moto.batch.send(new ListJobsCommand({ jobQueue: moto.jobQueueArn, filters: [{ name: 'JOB_NAME', values: [`${request.prefix}*`] }] }));
  const ids = (list.jobSummaryList ?? []).map(job => job.jobId!);
  if (ids.length === 0) return [];
  const described = await moto.batch.send(new DescribeJobsCommand({ jobs: ids }));
  return (described.jobs ?? []).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
}

/** No job of the scenario still runs, except those named, and every job the runner stopped was told so. */
async function expectNothingLeftRunning(request: Request, except: string[] = []): Promise<JobDetail[]> {
  const jobs = await jobsOf(request);
  for (const job of jobs.filter(j => !except.includes(j.jobId!))) {
    // moto keeps a terminated stuck job in its state, with the termination reason recorded.
    const finished = job.status === 'SUCCEEDED' || job.status === 'FAILED' || (job.statusReason ?? '').startsWith('Terminated by CloudFormation stack Matrix');
    expect({ jobId: job.jobId, status: job.status, finished }).toEqual({ jobId: job.jobId, status: job.status, finished: true });
  }
  return jobs;
}

const NAME = /^s\d+-[0-9a-f]{8}-[0-9a-f]{24}$/;

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
