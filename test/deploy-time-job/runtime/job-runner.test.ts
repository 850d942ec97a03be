/**
 * The bundled deploy-time job handler against moto server: CloudFormation events in,
 * exactly one response PUT out, jobs observed in the emulator.
 */
import { execFileSync } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { DescribeJobsCommand, JobDetail, ListJobsCommand } from '@aws-sdk/client-batch';
import { NO_JOB_PHYSICAL_ID_PREFIX, RESOURCE_TYPE, STACK_NAME_ENV, SUBMITTED_BY_ENV, SUBMITTED_BY_TAG } from '../../../src/deploy-time-job/protocol';
import { CONTINUATION_FIELD, HandlerEvent, POLL_INTERVAL_ENV } from '../../../src/deploy-time-job/runtime/job-runner.lambda';
import { startFaultProxy } from '../../fault-proxy';
import { MotoServer, startMotoServer } from '../../moto-server';

const ROOT = path.join(__dirname, '../../..');
const BUNDLE = path.join(ROOT, 'assets/deploy-time-job/runtime/job-runner.lambda/index.js');
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/TestStack/0a1b2c3d-0000-0000-0000-000000000000';
const FUNCTION_NAME = 'TestStack-BatchDeployTimeJobHandler';

type Handler = (event: HandlerEvent, context: { getRemainingTimeInMillis(): number }) => Promise<void>;

/** A response PUT as the local response server received it. */
interface RecordedResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: {
    Status: string;
    Reason?: string;
    PhysicalResourceId: string;
    RequestId: string;
    StackId: string;
    LogicalResourceId: string;
    Data?: Record<string, string>;
  };
  readonly bytes: number;
}

/** How the response server answers the attempts for one URL: 'ok', 500, or 'reset'. */
type ResponseBehaviour = 'ok' | 500 | 'reset';

let handler: Handler;
// Jobs succeed at once; after steppingJobs(), they step through the states, 1 s
// each, and fail (moto finds no Docker engine).
let moto: MotoServer;
let failingMoto: MotoServer; // jobs fail after 1 s
let responseServer: LocalServer<RecordedResponse>;
let lambdaServer: LocalServer<{ path: string; headers: http.IncomingHttpHeaders; payload: string }>;
const responseBehaviours = new Map<string, ResponseBehaviour[]>();

beforeAll(async () => {
  bundleIfStale();
  const started = await Promise.allSettled([
    startMotoServer({ useDocker: false, secondsPerState: 1 }),
    startMotoServer({ useDocker: false, env: { MOTO_SIMPLE_BATCH_FAIL_AFTER: '1' } }),
  ]);
  const servers = started.flatMap(outcome => outcome.status === 'fulfilled' ? [outcome.value] : []);
  if (servers.length < started.length) {
    await Promise.all(servers.map(server => server.stop()));
    throw started.find(outcome => outcome.status === 'rejected')!.reason;
  }
  [moto, failingMoto] = servers;
  responseServer = await startLocalServer((request, body, response) => {
    const behaviour = responseBehaviours.get(request.url ?? '')?.shift() ?? 'ok';
    if (behaviour === 'reset') {
      request.socket.destroy();
      return undefined;
    }
    const status = behaviour === 'ok' ? 200 : behaviour;
    response.writeHead(status).end();
    return { status, headers: request.headers, body: JSON.parse(body), bytes: Buffer.byteLength(body) };
  });
  lambdaServer = await startLocalServer((request, body, response) => {
    response.writeHead(202).end();
    return { path: request.url ?? '', headers: request.headers, payload: body };
  });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_LAMBDA: lambdaServer.endpoint,
    AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
    [SUBMITTED_BY_ENV]: STACK_ID,
    [STACK_NAME_ENV]: 'TestStack',
    [POLL_INTERVAL_ENV]: '0.2',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handler = require(BUNDLE).handler;
}, 600_000); // the first run installs moto into .cache/venv

afterAll(async () => {
  await Promise.all([moto, failingMoto].filter(Boolean).map(server => server.stop()));
  await Promise.all([responseServer, lambdaServer].filter(Boolean).map(server => server.stop()));
});

beforeEach(async () => {
  useBatch(moto);
  await moto.useDocker(false);
  jest.spyOn(console, 'log').mockImplementation((line) => { if (process.env.DTJ_DEBUG) process.stderr.write(`${line}\n`); });
});

afterEach(() => {
  jest.restoreAllMocks();
});

const LONG_LAMBDA = { getRemainingTimeInMillis: () => 900_000 };

describe('Create', () => {
  test('a job that SUCCEEDED: SUCCESS with the job id as physical id and the job attributes as Data', async () => {
    const event = createEvent(moto);

    const response = await invokeOnce(event);

    expect(response.body).toMatchObject({ Status: 'SUCCESS', RequestId: event.RequestId, StackId: STACK_ID, LogicalResourceId: 'Migrate' });
    const job = await describeJob(moto, response.body.PhysicalResourceId);
    expect(job.status).toBe('SUCCEEDED');
    expect(response.body.Data).toEqual({ JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName });
    expect(job.jobName).toMatch(/^migrate-[0-9a-f]{24}$/);
    // Scalars arrive as strings; the job was submitted with the typed values.
    expect(job.timeout).toEqual({ attemptDurationSeconds: 600 });
    expect(job.parameters).toMatchObject({ target: 'v42' });
    expect(job.tags).toEqual({ [SUBMITTED_BY_TAG]: STACK_ID, team: 'data' });
    // The pre-signed URL is signed without a content type.
    expect(response.headers['content-type']).toBe('');
  });

  test('an array job: SUCCESS once every child SUCCEEDED, with the counts per state logged', async () => {
    const event = createEvent(moto, { arrayProperties: { size: '3' } });

    const response = await invokeOnce(event);

    expect(response.body.Status).toBe('SUCCESS');
    expect(loggedLines()).toContainEqual(expect.objectContaining({
      message: 'job state', jobId: response.body.PhysicalResourceId, status: 'SUCCEEDED', childJobs: { SUCCEEDED: 3 }, size: 3,
    }));
  });

  test('a job that FAILED: FAILED with the job, the exit code and the log stream with a console link', async () => {
    useBatch(failingMoto);
    const event = createEvent(failingMoto);

    const response = await invokeOnce(event);

    const job = await describeJob(failingMoto, response.body.PhysicalResourceId);
    expect(job.status).toBe('FAILED');
    expect(response.body.Status).toBe('FAILED');
    expect(response.body.Data).toEqual({ JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName });
    const reason = response.body.Reason!;
    expect(reason).toContain(`Batch job ${job.jobName} (${job.jobId}) FAILED`);
    expect(reason).toContain('Last attempt (1 in all): exit code');
    expect(reason).toContain(`Logs: /aws/batch/job test-job/default/${job.jobId}`);
    expect(reason).toContain('https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/'
      + `$252Faws$252Fbatch$252Fjob/log-events/test-job$252Fdefault$252F${job.jobId}`);
    expect(reason).toContain(`https://us-east-1.console.aws.amazon.com/batch/home?region=us-east-1#jobs/detail/${job.jobId}`);
  });

  test('without waiting: SUCCESS right after the submit, while the job has not finished', async () => {
    await steppingJobs();
    const event = createEvent(moto, {}, { WaitForCompletion: 'false' });

    const response = await invokeOnce(event);

    expect(response.body.Status).toBe('SUCCESS');
    const job = await describeJob(moto, response.body.PhysicalResourceId);
    expect(['SUBMITTED', 'PENDING']).toContain(job.status);
    expect(response.body.Data).toEqual({ JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName });
  });

  test('a wait longer than one invocation continues in a new asynchronous invocation, which answers once', async () => {
    await steppingJobs();
    const event = createEvent(moto);
    lambdaServer.received.length = 0;

    // Too little time left to wait here: the handler hands over without answering.
    await handler(event, { getRemainingTimeInMillis: () => 30_000 });

    expect(responsesFor(event)).toHaveLength(0);
    expect(lambdaServer.received).toHaveLength(1);
    const invocation = lambdaServer.received[0];
    expect(invocation.path).toBe(`/2015-03-31/functions/${FUNCTION_NAME}/invocations`);
    expect(invocation.headers['x-amz-invocation-type']).toBe('Event');
    const continued = JSON.parse(invocation.payload);
    expect(continued).toMatchObject({ ...event, [CONTINUATION_FIELD]: { jobId: expect.any(String) } });

    await handler(continued, LONG_LAMBDA);

    const responses = responsesFor(event);
    expect(responses).toHaveLength(1);
    const jobId = continued[CONTINUATION_FIELD].jobId;
    // Without a Docker engine moto's stepping jobs end FAILED: the point is one answer, for the same job.
    expect(responses[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: jobId });
    expect((await describeJob(moto, jobId)).status).toBe('FAILED');
    expect(await jobsNamed(moto, continued[CONTINUATION_FIELD].jobName)).toHaveLength(1);
  });

  test('a failed hand-over terminates the job and answers FAILED', async () => {
    await steppingJobs();
    // Nothing listens on port 1: the self-invocation is refused.
    process.env.AWS_ENDPOINT_URL_LAMBDA = 'http://127.0.0.1:1';
    try {
      const event = createEvent(moto);

      await handler(event, { getRemainingTimeInMillis: () => 30_000 });

      const responses = responsesFor(event);
      expect(responses).toHaveLength(1);
      const jobId = responses[0].body.PhysicalResourceId;
      expect(responses[0].body.Status).toBe('FAILED');
      expect(responses[0].body.Reason).toMatch(new RegExp(`^Could not continue waiting for Batch job migrate-[0-9a-f]{24} \\(${jobId}\\) in a new invocation\\. It was terminated\\.$`));
      expect((await describeJob(moto, jobId)).statusReason).toBe('Terminated by CloudFormation stack TestStack: the runner could not continue waiting for it');
    } finally {
      process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaServer.endpoint;
    }
  });

  test('a job not finished at the completion timeout is terminated and the response says where it was stuck', async () => {
    await steppingJobs();
    const event = createEvent(moto, {}, { CompletionTimeoutSeconds: '1' });

    const response = await invokeOnce(event);

    const jobId = response.body.PhysicalResourceId;
    expect(response.body.Status).toBe('FAILED');
    expect(response.body.Reason).toMatch(new RegExp(
      `^Batch job migrate-[0-9a-f]{24} \\(${jobId}\\) did not finish within 1 s, the completion timeout: `
      + 'it was still (SUBMITTED|PENDING) \\d+ s after it was submitted\\. It was terminated\\.'));
    expect(response.body.Data).toMatchObject({ JobId: jobId });
    const job = await describeJob(moto, jobId);
    expect(job.statusReason).toMatch(/^Terminated by CloudFormation stack TestStack: not finished within 1 s, the completion timeout \((SUBMITTED|PENDING)\)$/);
  });

  test('a ServiceTimeout shorter than the completion timeout ends the wait early enough to answer', async () => {
    await steppingJobs();
    // With the default limits, terminating and answering can take 113 s.
    const event = createEvent(moto, {}, { CompletionTimeoutSeconds: '120', ServiceTimeout: '114' });

    const response = await invokeOnce(event);

    expect(response.body.Status).toBe('FAILED');
    expect(response.body.Reason).toContain('did not finish within 1 s, the resource\'s ServiceTimeout (114 s, less 113 s to answer)');
    expect((await describeJob(moto, response.body.PhysicalResourceId)).statusReason).toMatch(/^Terminated by CloudFormation stack TestStack/);
  });

  test('a Create delivered twice starts one job, and both deliveries answer with it', async () => {
    const first = createEvent(moto);
    const second: HandlerEvent = { ...first, ResponseURL: `${responseServer.endpoint}/${randomUUID()}` };

    const firstResponse = await invokeOnce(first);
    const secondResponse = await invokeOnce(second);

    expect(secondResponse.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: firstResponse.body.PhysicalResourceId });
    expect(secondResponse.body.Data).toEqual(firstResponse.body.Data);
    expect(await jobsNamed(moto, firstResponse.body.Data!.JobName)).toHaveLength(1);
  });

  test('an unknown job queue: FAILED with Batch\'s message and a physical id that is not a job', async () => {
    const queue = moto.jobQueueArn.replace('test-queue', 'no-such-queue');
    const event = createEvent(moto, { jobQueue: queue });

    const response = await invokeOnce(event);

    expect(response.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${NO_JOB_PHYSICAL_ID_PREFIX}${event.RequestId}` });
    expect(response.body.Reason).toContain(`Job queue ${queue} does not exist`);
    expect(response.body.Data).toBeUndefined();
  });

  test('an unknown job definition: FAILED with Batch\'s message and a physical id that is not a job', async () => {
    const definition = moto.jobDefinitionArn.replace('test-job', 'no-such-definition');
    const event = createEvent(moto, { jobDefinition: definition });

    const response = await invokeOnce(event);

    expect(response.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${NO_JOB_PHYSICAL_ID_PREFIX}${event.RequestId}` });
    expect(response.body.Reason).toContain(`Job definition ${definition} does not exist`);
  });

  test('a property that is not a number: FAILED naming the property', async () => {
    const event = createEvent(moto, { retryStrategy: { attempts: 'three' } });

    const response = await invokeOnce(event);

    expect(response.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: `${NO_JOB_PHYSICAL_ID_PREFIX}${event.RequestId}` });
    expect(response.body.Reason).toBe('Invalid properties: SubmitJob.retryStrategy.attempts must be a number, got "three"');
  });

  test('a reason longer than CloudFormation takes is shortened to fit 4096 bytes', async () => {
    const event = createEvent(moto, { retryStrategy: { attempts: 'é'.repeat(5000) } });

    const response = await invokeOnce(event);

    expect(response.bytes).toBeGreaterThan(4000);
    expect(response.body.Reason).toMatch(/^Invalid properties: SubmitJob.retryStrategy.attempts must be a number, got "é+ \[truncated\]$/);
  });
});

describe('Update', () => {
  test('submits a new job, which becomes the new physical id', async () => {
    const created = await invokeOnce(createEvent(moto));
    const event: HandlerEvent = {
      ...createEvent(moto, { parameters: { target: 'v43' } }),
      RequestType: 'Update',
      PhysicalResourceId: created.body.PhysicalResourceId,
      OldResourceProperties: createEvent(moto).ResourceProperties,
    };

    const response = await invokeOnce(event);

    expect(response.body.Status).toBe('SUCCESS');
    expect(response.body.PhysicalResourceId).not.toBe(created.body.PhysicalResourceId);
    const job = await describeJob(moto, response.body.PhysicalResourceId);
    expect(job.parameters).toMatchObject({ target: 'v43' });
    expect(response.body.Data).toEqual({ JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName });
  });

  test('whose job FAILED keeps the old physical id', async () => {
    useBatch(failingMoto);
    const event: HandlerEvent = { ...createEvent(failingMoto), RequestType: 'Update', PhysicalResourceId: 'old-job-id' };

    const response = await invokeOnce(event);

    expect(response.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'old-job-id' });
    const job = await describeJob(failingMoto, response.body.Data!.JobId);
    expect(job.status).toBe('FAILED');
    expect(response.body.Reason).toContain(`Batch job ${job.jobName} (${job.jobId}) FAILED`);
  });

  test('that cannot submit keeps the old physical id', async () => {
    const event: HandlerEvent = {
      ...createEvent(moto, { jobQueue: moto.jobQueueArn.replace('test-queue', 'gone') }),
      RequestType: 'Update',
      PhysicalResourceId: 'old-job-id',
    };

    const response = await invokeOnce(event);

    expect(response.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'old-job-id' });
    expect(response.body.Reason).toContain('does not exist');
  });
});

describe('Delete', () => {
  test('terminates a job that has not finished, naming the stack', async () => {
    await steppingJobs();
    const created = await invokeOnce(createEvent(moto, {}, { WaitForCompletion: 'false' }));
    const jobId = created.body.PhysicalResourceId;

    const response = await invokeOnce(deleteEvent(moto, jobId));

    expect(response.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobId });
    const job = await describeJob(moto, jobId);
    expect(job.statusReason).toBe('Terminated by CloudFormation stack TestStack: resource Migrate was deleted');
  });

  test('leaves a finished job alone', async () => {
    const created = await invokeOnce(createEvent(moto));
    const jobId = created.body.PhysicalResourceId;

    const response = await invokeOnce(deleteEvent(moto, jobId));

    expect(response.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobId });
    expect((await describeJob(moto, jobId)).statusReason).toBeUndefined();
  });

  test.each([
    [`${NO_JOB_PHYSICAL_ID_PREFIX}0000-1111`],
    ['not-a-batch-job'],
  ])('of physical id %s (no job) succeeds', async physicalId => {
    const response = await invokeOnce(deleteEvent(moto, physicalId));

    expect(response.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: physicalId });
  });

  test('succeeds even when Batch cannot be reached', async () => {
    // Nothing listens on port 1: every attempt is refused.
    process.env.AWS_ENDPOINT_URL_BATCH = 'http://127.0.0.1:1';

    const response = await invokeOnce(deleteEvent(moto, 'some-job-id'));

    expect(response.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'some-job-id' });
    expect(loggedLines()).toContainEqual(expect.objectContaining({ message: 'Delete ignored an error', physicalResourceId: 'some-job-id' }));
  });
});

describe('faults', () => {
  test('Batch throttling and 5xx answers are retried: one job, one correct response', async () => {
    const proxy = await startFaultProxy(moto.endpoint, {
      '/v1/listjobs': ['throttle', 500],
      '/v1/submitjob': ['throttle', 503],
      '/v1/describejobs': [500, 'throttle'],
    });
    process.env.AWS_ENDPOINT_URL_BATCH = proxy.endpoint;
    try {
      const event = createEvent(moto);

      const response = await invokeOnce(event);

      expect(response.body.Status).toBe('SUCCESS');
      const job = await describeJob(moto, response.body.PhysicalResourceId);
      expect(response.body.Data).toEqual({ JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName });
      expect(await jobsNamed(moto, job.jobName!)).toHaveLength(1);
      expect(proxy.calls.filter(call => call.answer !== 'forwarded')).toHaveLength(6);
    } finally {
      await proxy.stop();
    }
  });

  test('a submit whose answer was lost finds the job it started instead of starting another', async () => {
    const proxy = await startFaultProxy(moto.endpoint, { '/v1/submitjob': ['lost-answer'] });
    process.env.AWS_ENDPOINT_URL_BATCH = proxy.endpoint;
    try {
      const event = createEvent(moto);

      const response = await invokeOnce(event);

      expect(response.body.Status).toBe('SUCCESS');
      const job = await describeJob(moto, response.body.PhysicalResourceId);
      expect(await jobsNamed(moto, job.jobName!)).toHaveLength(1);
      expect(proxy.calls.filter(call => call.path === '/v1/submitjob')).toEqual([{ path: '/v1/submitjob', answer: 'lost-answer' }]);
    } finally {
      await proxy.stop();
    }
  });

  test('the response URL failing twice (500, then a reset connection) still gets one accepted response', async () => {
    const event = createEvent(moto);
    responseBehaviours.set(new URL(event.ResponseURL).pathname, [500, 'reset', 'ok']);

    await handler(event, LONG_LAMBDA);

    const responses = responsesFor(event);
    expect(responses.map(response => response.status)).toEqual([500, 200]);
    expect(responses[1].body.Status).toBe('SUCCESS');
    expect(responses[1].body).toEqual(responses[0].body);
  });
});

/** A Create event for the test job definition on the server's queue. */
function createEvent(server: MotoServer, submitJob: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): HandlerEvent {
  const requestId = randomUUID();
  return {
    RequestType: 'Create',
    ResponseURL: `${responseServer.endpoint}/${requestId}`,
    StackId: STACK_ID,
    RequestId: requestId,
    ResourceType: RESOURCE_TYPE,
    LogicalResourceId: 'Migrate',
    ResourceProperties: {
      ServiceToken: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION_NAME}`,
      JobNamePrefix: 'migrate',
      SubmitJob: {
        jobQueue: server.jobQueueArn,
        jobDefinition: server.jobDefinitionArn,
        parameters: { target: 'v42' },
        retryStrategy: { attempts: '2' },
        timeout: { attemptDurationSeconds: '600' },
        propagateTags: 'true',
        tags: { team: 'data' },
        ...submitJob,
      },
      WaitForCompletion: 'true',
      CompletionTimeoutSeconds: '120',
      TerminateOnDelete: 'true',
      ...properties,
    },
  };
}

function deleteEvent(server: MotoServer, physicalResourceId: string): HandlerEvent {
  return { ...createEvent(server), RequestType: 'Delete', PhysicalResourceId: physicalResourceId };
}

/** Runs the handler and returns its only response. */
async function invokeOnce(event: HandlerEvent): Promise<RecordedResponse> {
  await handler(event, LONG_LAMBDA);
  const responses = responsesFor(event);
  expect(responses).toHaveLength(1);
  expect(responses[0].bytes).toBeLessThanOrEqual(4096);
  return responses[0];
}

function responsesFor(event: { ResponseURL: string }): RecordedResponse[] {
  return responseServer.received.filter(response => `${responseServer.endpoint}/${response.body.RequestId}` === event.ResponseURL
    || response.path === new URL(event.ResponseURL).pathname).map(({ path: _path, ...response }) => response as RecordedResponse);
}

/** From now on (until the next test), jobs of `moto` step through the states. */
async function steppingJobs(): Promise<void> {
  await moto.useDocker(true);
}

function useBatch(server: MotoServer): void {
  process.env.AWS_ENDPOINT_URL_BATCH = server.endpoint;
}

async function describeJob(server: MotoServer, jobId: string): Promise<JobDetail> {
  const answer = await server.batch.send(new DescribeJobsCommand({ jobs: [jobId] }));
  expect(answer.jobs).toHaveLength(1);
  return answer.jobs![0];
}

async function jobsNamed(server: MotoServer, jobName: string) {
  const answer = await server.batch.send(new ListJobsCommand({
    jobQueue: server.jobQueueArn, filters: [{ name: 'JOB_NAME', values: [jobName] }],
  }));
  return answer.jobSummaryList ?? [];
}

function loggedLines(): Record<string, unknown>[] {
  return (console.log as jest.Mock).mock.calls.map(([line]) => JSON.parse(String(line)));
}

/** Builds the handler bundle when it is missing or older than the handler's sources. */
function bundleIfStale(): void {
  const sources = path.join(ROOT, 'src/deploy-time-job/runtime');
  const newestSource = Math.max(...fs.readdirSync(sources).map(file => fs.statSync(path.join(sources, file)).mtimeMs));
  if (!fs.existsSync(BUNDLE) || fs.statSync(BUNDLE).mtimeMs < newestSource) {
    execFileSync('npx', ['projen', 'bundle:deploy-time-job/runtime/job-runner.lambda'], { cwd: ROOT, stdio: 'ignore' });
  }
}

/** A loopback HTTP server that records what its handler returns for each request. */
interface LocalServer<T> {
  readonly endpoint: string;
  readonly received: (T & { path: string })[];
  stop(): Promise<void>;
}

async function startLocalServer<T>(
  handle: (request: http.IncomingMessage, body: string, response: http.ServerResponse) => T | undefined,
): Promise<LocalServer<T>> {
  const received: (T & { path: string })[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => {
      const record = handle(request, Buffer.concat(chunks).toString(), response);
      if (record !== undefined) {
        received.push({ path: request.url ?? '', ...record });
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () => new Promise(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
