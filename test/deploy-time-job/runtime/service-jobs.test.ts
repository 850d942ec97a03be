/**
 * The bundled job runner with SageMaker training jobs (Batch service jobs): CloudFormation
 * events in, exactly one response PUT out, service jobs observed in the emulator. Moto has no
 * service-job routes, so the fault proxy in front of it answers them itself
 * (test/service-job-emulator.ts), under the same faults as the container tests.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { RESOURCE_TYPE, STACK_NAME_ENV, SUBMITTED_BY_ENV, SUBMITTED_BY_TAG } from '../../../src/deploy-time-job/protocol';
import { CONTINUATION_FIELD, HandlerEvent, TIMINGS_ENV } from '../../../src/deploy-time-job/runtime/job-runner.lambda';
import { Fault, FaultPlan, FaultProxy, startFaultProxy } from '../../fault-proxy';
import { MotoServer, startMotoServer } from '../../moto-server';
import { ServiceJobEmulator } from '../../service-job-emulator';

const ROOT = path.join(__dirname, '../../..');
const BUNDLE = path.join(ROOT, 'assets/deploy-time-job/runtime/job-runner.lambda/index.js');
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/TestStack/0a1b2c3d-0000-0000-0000-000000000000';
const FUNCTION_NAME = 'TestStack-BatchDeployTimeJobHandler';
const PAYLOAD = JSON.stringify({
  TrainingJobName: 'train',
  RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
  AlgorithmSpecification: { TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-cpu-py311', TrainingInputMode: 'File' },
  ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 30 },
  OutputDataConfig: { S3OutputPath: 's3://models/out' },
  StoppingCondition: { MaxRuntimeInSeconds: 600 },
});
const SERVICE_ROUTES = ['/v1/submitservicejob', '/v1/describeservicejob', '/v1/listservicejobs', '/v1/terminateservicejob'];

type Handler = (event: HandlerEvent, context: { getRemainingTimeInMillis(): number }) => Promise<void>;
interface Response { Status: string; Reason?: string; PhysicalResourceId: string; RequestId: string; Data?: Record<string, string> }

let handler: Handler;
let moto: MotoServer;
let emulator: ServiceJobEmulator;
let proxy: FaultProxy;
let queueArn: string;
let responses: { url: string; body: Response }[] = [];
let invokes: string[] = [];
let localServer: http.Server;
let endpoint: string;

beforeAll(async () => {
  moto = await startMotoServer({ useDocker: false });
  localServer = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (request.url?.startsWith('/response/')) responses.push({ url: request.url, body: JSON.parse(body) });
      else invokes.push(body);
      response.writeHead(request.url?.startsWith('/response/') ? 200 : 202).end();
    });
  });
  await new Promise<void>((resolve) => localServer.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(localServer.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_LAMBDA: endpoint,
    AWS_LAMBDA_FUNCTION_NAME: FUNCTION_NAME,
    [SUBMITTED_BY_ENV]: STACK_ID,
    [STACK_NAME_ENV]: 'TestStack',
    [TIMINGS_ENV]: JSON.stringify({ pollIntervalMs: 20, batch: { baseDelayMs: 5, maxDelayMs: 10, requestTimeoutMs: 1_000 } }),
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  handler = require(BUNDLE).handler;
}, 600_000);

afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
  await new Promise((resolve) => localServer?.close(resolve));
});

beforeEach(async () => {
  await proxy?.stop();
  emulator = new ServiceJobEmulator();
  queueArn = emulator.addQueue('training');
  await useFaults({});
  responses = [];
  invokes = [];
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
  // Nothing the runner called went to moto: every call was a service-job route.
  expect(proxy.calls.filter((call) => !SERVICE_ROUTES.includes(call.path))).toEqual([]);
});

const LONG_LAMBDA = { getRemainingTimeInMillis: () => 900_000 };

async function useFaults(faults: Record<string, FaultPlan>): Promise<void> {
  await proxy?.stop();
  proxy = await startFaultProxy(moto.endpoint, faults, emulator.routes);
  process.env.AWS_ENDPOINT_URL_BATCH = proxy.endpoint;
}

function createEvent(submit: Record<string, unknown> = {}, properties: Record<string, unknown> = {}): HandlerEvent {
  const requestId = randomUUID();
  return {
    RequestType: 'Create',
    ResponseURL: `${endpoint}/response/${requestId}`,
    StackId: STACK_ID,
    RequestId: requestId,
    ResourceType: RESOURCE_TYPE,
    LogicalResourceId: 'Train',
    ResourceProperties: {
      ServiceToken: `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION_NAME}`,
      JobNamePrefix: 'train',
      SubmitServiceJob: {
        jobQueue: queueArn,
        serviceJobType: 'SAGEMAKER_TRAINING',
        serviceRequestPayload: PAYLOAD,
        retryStrategy: { attempts: '2' },
        schedulingPriority: '5',
        timeoutConfig: { attemptDurationSeconds: '900' },
        tags: { team: 'ml' },
        ...submit,
      },
      WaitForCompletion: 'true',
      CompletionTimeoutSeconds: '60',
      TerminateOnDelete: 'true',
      ...properties,
    },
  };
}

async function invokeOnce(event: HandlerEvent, context = LONG_LAMBDA): Promise<Response> {
  await handler(event, context);
  const answers = responses.filter((r) => r.url.endsWith(event.RequestId));
  expect(answers).toHaveLength(1);
  expect(Buffer.byteLength(JSON.stringify(answers[0].body))).toBeLessThanOrEqual(4096);
  return answers[0].body;
}

describe('Create', () => {
  test('a training job that SUCCEEDED: SUCCESS with the service job as physical id and attributes, typed request', async () => {
    const event = createEvent();
    const response = await invokeOnce(event);

    expect(emulator.jobs).toHaveLength(1);
    const [job] = emulator.jobs;
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: job.jobId, Data: { JobId: job.jobId, JobArn: job.jobArn, JobName: job.jobName } });
    expect(job.jobArn).toMatch(/:service-job\//);
    expect(job.jobName).toMatch(/^train-[0-9a-f]{24}$/);
    // Scalars arrive as strings; the job was submitted with typed values and the runner's tag.
    expect(job.request).toEqual({
      // The SDK fills the idempotency token in, new for each call.
      clientToken: expect.any(String),
      jobName: job.jobName,
      jobQueue: queueArn,
      serviceJobType: 'SAGEMAKER_TRAINING',
      serviceRequestPayload: PAYLOAD,
      retryStrategy: { attempts: 2 },
      schedulingPriority: 5,
      timeoutConfig: { attemptDurationSeconds: 900 },
      tags: { team: 'ml', [SUBMITTED_BY_TAG]: STACK_ID },
    });
    expect(job.status).toBe('SUCCEEDED');
  });

  test('a quota share name and preemption retries are passed as given', async () => {
    const response = await invokeOnce(createEvent({ quotaShareName: 'research', preemptionConfiguration: { preemptionRetriesBeforeTermination: '3' } }));
    expect(response.Status).toBe('SUCCESS');
    expect(emulator.jobs[0].request).toMatchObject({ quotaShareName: 'research', preemptionConfiguration: { preemptionRetriesBeforeTermination: 3 } });
  });

  test('a training job that FAILED: FAILED with Batch\'s reason, the attempt\'s, and the SageMaker training job', async () => {
    emulator.plan = {
      steps: ['RUNNABLE', 'SCHEDULED', 'STARTING', 'RUNNING'],
      outcome: { statusReason: 'Received status from SageMaker: AlgorithmError', attemptReason: 'AlgorithmError: ExitCode 1, train.py failed' },
    };
    const event = createEvent();
    const response = await invokeOnce(event);
    const [job] = emulator.jobs;
    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(job.jobId);
    expect(response.Reason).toBe(`Batch service job ${job.jobName} (${job.jobId}) FAILED: Received status from SageMaker: AlgorithmError. `
      + 'Last attempt (1 in all): AlgorithmError: ExitCode 1, train.py failed. '
      + `SageMaker training job: arn:aws:sagemaker:us-east-1:123456789012:training-job/AWSBatch${job.jobName}1 `
      + `https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/jobs/AWSBatch${job.jobName}1 Job: ${job.jobArn}`);
  });

  test('without waiting: SUCCESS once the job is submitted', async () => {
    const response = await invokeOnce(createEvent({}, { WaitForCompletion: 'false' }));
    expect(response.Status).toBe('SUCCESS');
    expect(emulator.jobs.map((job) => job.status)).toEqual(['SUBMITTED']);
  });

  test('an unknown queue: FAILED with Batch\'s message, no job', async () => {
    const response = await invokeOnce(createEvent({ jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/nope' }));
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('Job queue arn:aws:batch:us-east-1:123456789012:job-queue/nope does not exist');
    expect(response.PhysicalResourceId).toMatch(/^no-job-/);
    expect(emulator.jobs).toEqual([]);
  });

  test('a job stuck RUNNABLE: terminated at the completion timeout, FAILED saying where it was stuck', async () => {
    emulator.plan = { steps: ['RUNNABLE'], outcome: 'stuck' };
    const response = await invokeOnce(createEvent({}, { CompletionTimeoutSeconds: '1' }));
    const [job] = emulator.jobs;
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(new RegExp(`^Batch service job ${job.jobName} \\(${job.jobId}\\) did not finish within 1 s, the completion timeout: `
      + 'it was still RUNNABLE \\d+ s after it was submitted\\. It was terminated, with its SageMaker training job\\. RUNNABLE for that long usually means no capacity'));
    expect(emulator.terminations).toEqual([{ jobId: job.jobId, reason: expect.stringMatching(/^Terminated by CloudFormation stack TestStack: not finished within 1 s/) }]);
    expect(job.isTerminated).toBe(true);
  });
});

describe('exactly one job under faults', () => {
  test.each<[string, Fault[]]>([
    ['the answer of SubmitServiceJob is lost (the job was created)', ['lost-answer']],
    ['the connection resets after SubmitServiceJob reached Batch', ['reset-after']],
    ['SubmitServiceJob is throttled twice', ['throttle', 'throttle']],
    ['SubmitServiceJob fails with 500 before reaching Batch', [500]],
  ])('%s', async (_title, faults) => {
    await useFaults({ '/v1/submitservicejob': faults });
    const response = await invokeOnce(createEvent());
    // The faults happened, and one job came of them.
    expect(proxy.calls.filter((call) => call.path === '/v1/submitservicejob').map((call) => call.answer).slice(0, faults.length)).toEqual(faults);
    expect(emulator.jobs).toHaveLength(1);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: emulator.jobs[0].jobId });
  });

  test('DescribeServiceJob and ListServiceJobs fail now and then: still one job, SUCCESS', async () => {
    await useFaults({ '/v1/describeservicejob': [503, 'reset-before', 'throttle'], '/v1/listservicejobs': [500, 'cut-body'] });
    const response = await invokeOnce(createEvent());
    expect(emulator.jobs).toHaveLength(1);
    expect(response.Status).toBe('SUCCESS');
  });

  test('a Create delivered twice finds its job instead of submitting another', async () => {
    const event = createEvent();
    const first = await invokeOnce(event);
    responses = [];
    const second = await invokeOnce(event);
    expect(emulator.jobs).toHaveLength(1);
    expect(second).toEqual(first);
  });

  test('a long wait continues in a new invocation, which answers', async () => {
    emulator.plan = { steps: ['RUNNABLE', 'SCHEDULED', 'STARTING', 'RUNNING', 'RUNNING', 'RUNNING'], outcome: 'SUCCEEDED' };
    const event = createEvent();
    // Too little time left to poll again: the invocation hands over without answering.
    await handler(event, { getRemainingTimeInMillis: () => 1 });
    expect(responses).toEqual([]);
    expect(invokes).toHaveLength(1);
    const continued = JSON.parse(invokes[0]) as HandlerEvent;
    expect(continued[CONTINUATION_FIELD]).toMatchObject({ jobId: emulator.jobs[0].jobId });
    const response = await invokeOnce(continued);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: emulator.jobs[0].jobId });
    expect(emulator.jobs).toHaveLength(1);
  });
});

describe('Update', () => {
  test('unchanged job inputs keep the job and its physical id', async () => {
    const create = createEvent();
    const created = await invokeOnce(create);
    const update: HandlerEvent = {
      ...createEvent(),
      RequestType: 'Update',
      PhysicalResourceId: created.PhysicalResourceId,
      OldResourceProperties: { ...create.ResourceProperties, CompletionTimeoutSeconds: '30' },
    };
    const response = await invokeOnce(update);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.PhysicalResourceId });
    expect(emulator.jobs).toHaveLength(1);
  });

  test('a changed training request submits a new job', async () => {
    const create = createEvent();
    const created = await invokeOnce(create);
    const update: HandlerEvent = {
      ...createEvent({ serviceRequestPayload: PAYLOAD.replace('"InstanceCount":1', '"InstanceCount":2') }),
      RequestType: 'Update',
      PhysicalResourceId: created.PhysicalResourceId,
      OldResourceProperties: create.ResourceProperties,
    };
    const response = await invokeOnce(update);
    expect(emulator.jobs).toHaveLength(2);
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: emulator.jobs[1].jobId });
  });
});

describe('Delete', () => {
  async function runningJob(): Promise<string> {
    emulator.plan = { steps: ['RUNNABLE', 'RUNNING'], outcome: 'stuck' };
    const response = await invokeOnce(createEvent({}, { WaitForCompletion: 'false' }));
    responses = [];
    return response.PhysicalResourceId;
  }
  const deleteEvent = (physicalId: string, properties: Record<string, unknown> = {}): HandlerEvent =>
    ({ ...createEvent({}, properties), RequestType: 'Delete', PhysicalResourceId: physicalId });

  test('terminates a job that has not finished (and with it the training job), SUCCESS', async () => {
    const jobId = await runningJob();
    const response = await invokeOnce(deleteEvent(jobId));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: jobId });
    expect(emulator.terminations).toEqual([{ jobId, reason: 'Terminated by CloudFormation stack TestStack: resource Train was deleted' }]);
  });

  test('leaves a finished job alone', async () => {
    const created = await invokeOnce(createEvent());
    responses = [];
    const response = await invokeOnce(deleteEvent(created.PhysicalResourceId));
    expect(response.Status).toBe('SUCCESS');
    expect(emulator.terminations).toEqual([]);
  });

  test('with TerminateOnDelete false, leaves a running job alone', async () => {
    const jobId = await runningJob();
    const response = await invokeOnce(deleteEvent(jobId, { TerminateOnDelete: 'false' }));
    expect(response.Status).toBe('SUCCESS');
    expect(emulator.terminations).toEqual([]);
  });

  test('an id Batch does not know: SUCCESS, nothing terminated', async () => {
    const response = await invokeOnce(deleteEvent('0f0f0f0f-0000-0000-0000-000000000000'));
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: '0f0f0f0f-0000-0000-0000-000000000000' });
    expect(emulator.terminations).toEqual([]);
  });

  test('TerminateServiceJob throttled: retried, the job is terminated', async () => {
    const jobId = await runningJob();
    await useFaults({ '/v1/terminateservicejob': ['throttle'] });
    const response = await invokeOnce(deleteEvent(jobId));
    expect(response.Status).toBe('SUCCESS');
    expect(emulator.terminations.map((t) => t.jobId)).toEqual([jobId]);
  });
});
