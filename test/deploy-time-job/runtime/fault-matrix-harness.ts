/**
 * The fault matrix's harness: the shipped runner bundle as a black box (a Node.js process per
 * invocation, killed at its timeout as Lambda would), against moto server through a
 * fault-injecting proxy, with a local ResponseURL server and a local Lambda endpoint that
 * feeds the runner's self-invocations back.
 *
 * Every scenario asserts: exactly one final response per request (retries of the same body
 * are fine), the right Status and physical id, bodies of at most 4096 bytes, no job left
 * unfinished that the runner says it stopped (moto's state), no unhandled rejection, no
 * invocation killed at its timeout. `DTJ_BUNDLE=path` runs the matrix against another build;
 * `DTJ_DEBUG=1` prints every invocation's log lines.
 *
 * The scenarios are in three files (fault-matrix-*.test.ts) so that jest runs them in parallel:
 * each scenario mostly waits on timers, and one file of all of them was the suite's long pole.
 * Each file calls `setUpFaultMatrix()` and gets its own moto server, proxy and Lambda host.
 */
import { randomUUID } from 'crypto';
import { DescribeJobsCommand, JobDetail, ListJobsCommand } from '@aws-sdk/client-batch';
import { Invocation, LambdaHost, PutBehaviour, RecordedPut } from './lambda-host';
import { RESOURCE_TYPE } from '../../../src/deploy-time-job/protocol';
import { FaultPlan, FaultProxy, startFaultProxy } from '../../fault-proxy';
import { MotoServer, startMotoServer } from '../../moto-server';

export const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/Matrix/0a1b2c3d-0000-0000-0000-000000000000';
/** Short limits (ms): a worst-case Batch call is 2.55 s, the hand-over margin 11.2 s. */
export const TIMINGS = {
  pollIntervalMs: 100,
  submitRounds: 4,
  batch: { connectTimeoutMs: 300, requestTimeoutMs: 500, attempts: 3, baseDelayMs: 50, maxDelayMs: 100 },
  invoke: { connectTimeoutMs: 300, requestTimeoutMs: 500, attempts: 3, baseDelayMs: 50, maxDelayMs: 100 },
  response: { connectTimeoutMs: 300, requestTimeoutMs: 500, attempts: 4, baseDelayMs: 50, maxDelayMs: 100 },
};
/** A function timeout that leaves an invocation about 1.5 s of waiting before it hands over. */
export const SHORT_LAMBDA_MS = 12_700;
export const LONG_LAMBDA_MS = 40_000;

export let moto: MotoServer;
export let proxy: FaultProxy;
export let host: LambdaHost;
let scenario = 0;

/** Registers the matrix's servers for the calling test file: started once, reset before each scenario. */
export function setUpFaultMatrix(): void {
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
}

/** The jobs of a scenario behave so. */
export const jobsSucceedAtOnce = () => moto.useDocker(false);
export const jobsFailSoon = async () => { await moto.useDocker(true); await moto.secondsPerState(0.2); };
export const jobsStayStuck = async () => { await moto.useDocker(true); await moto.secondsPerState(600); };

export interface Request {
  readonly event: Record<string, any>;
  readonly prefix: string;
}

/** A Create for a job named with a prefix of its own. */
export function create(options: { submitJob?: Record<string, unknown>; properties?: Record<string, unknown>; puts?: PutBehaviour[] } = {}): Request {
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
export function next(request: Request, type: 'Update' | 'Delete', physicalId: string, changes: Record<string, unknown> = {}, puts?: PutBehaviour[]): Request {
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
export async function run(request: Request, faults: Record<string, FaultPlan> = {}): Promise<RecordedPut['body']> {
  proxy.setFaults(faults);
  const started = Date.now();
  const invocations = await host.invokeAndSettle(request.event);
  proxy.setFaults({});
  return finalBody(request, invocations, started);
}

/** The invariants of one request's invocations and PUTs. */
export function finalBody(request: Request, invocations: Invocation[], started: number): RecordedPut['body'] {
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
export async function jobsOf(request: Request): Promise<JobDetail[]> {
  const list = await moto.batch.send(new ListJobsCommand({ jobQueue: moto.jobQueueArn, filters: [{ name: 'JOB_NAME', values: [`${request.prefix}*`] }] }));
  const ids = (list.jobSummaryList ?? []).map(job => job.jobId!);
  if (ids.length === 0) return [];
  const described = await moto.batch.send(new DescribeJobsCommand({ jobs: ids }));
  return (described.jobs ?? []).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0));
}

/** No job of the scenario still runs, except those named, and every job the runner stopped was told so. */
export async function expectNothingLeftRunning(request: Request, except: string[] = []): Promise<JobDetail[]> {
  const jobs = await jobsOf(request);
  for (const job of jobs.filter(j => !except.includes(j.jobId!))) {
    // moto keeps a terminated stuck job in its state, with the termination reason recorded.
    const finished = job.status === 'SUCCEEDED' || job.status === 'FAILED' || (job.statusReason ?? '').startsWith('Terminated by CloudFormation stack Matrix');
    expect({ jobId: job.jobId, status: job.status, finished }).toEqual({ jobId: job.jobId, status: job.status, finished: true });
  }
  return jobs;
}

export const NAME = /^s\d+-[0-9a-f]{8}-[0-9a-f]{24}$/;
