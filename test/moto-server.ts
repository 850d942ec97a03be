/**
 * Test helper: moto server (the Batch API on loopback) with a compute environment,
 * a job queue and a job definition in it.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import {
  BatchClient, CreateComputeEnvironmentCommand, CreateJobQueueCommand, RegisterJobDefinitionCommand,
} from '@aws-sdk/client-batch';

/** A running moto server and what was created in it. */
export interface MotoServer {
  readonly endpoint: string;
  /** A Batch client pointed at the server. */
  readonly batch: BatchClient;
  readonly jobQueueArn: string;
  readonly jobDefinitionArn: string;
  /** Switches Batch's use_docker setting (it applies from the next call on). */
  useDocker(enabled: boolean): Promise<void>;
  /** With use_docker: how long each job state lasts from now on (moto's time-based state manager). */
  secondsPerState(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

/** How to start the server. */
export interface MotoServerOptions {
  /** Extra environment of the server process, e.g. MOTO_SIMPLE_BATCH_FAIL_AFTER. */
  readonly env?: Record<string, string>;
  /** Batch's use_docker setting: false finishes jobs at submit; true (no engine) steps through the states, then fails. */
  readonly useDocker: boolean;
  /** With useDocker: seconds each job state lasts (moto's time-based state manager). */
  readonly secondsPerState?: number;
}

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
const ROOT = path.join(__dirname, '..');

/** Starts moto server on a free loopback port and seeds it. */
export async function startMotoServer(options: MotoServerOptions): Promise<MotoServer> {
  const bin = execFileSync('bash', [path.join(ROOT, 'scripts/python-env.sh')], { encoding: 'utf8' }).trim();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(bin, 'python'), ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...options.env },
    stdio: 'ignore',
  });
  const stop = () => stopProcess(child);
  try {
    await waitUntilAnswering(endpoint, child);
    const useDocker = (enabled: boolean) => postJson(`${endpoint}/moto-api/config`, { batch: { use_docker: enabled } });
    await useDocker(options.useDocker);
    const secondsPerState = (seconds: number) => postJson(`${endpoint}/moto-api/state-manager/set-transition`, {
      model_name: 'batch::job',
      transition: { progression: 'time', seconds },
    });
    if (options.secondsPerState !== undefined) {
      await secondsPerState(options.secondsPerState);
    }
    const batch = new BatchClient({ endpoint, region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const serviceRoleArn = await createRole(endpoint, 'batch-service-role');
    const environment = await batch.send(new CreateComputeEnvironmentCommand({
      computeEnvironmentName: 'test-environment', type: 'UNMANAGED', state: 'ENABLED', serviceRole: serviceRoleArn,
    }));
    const queue = await batch.send(new CreateJobQueueCommand({
      jobQueueName: 'test-queue',
      priority: 1,
      state: 'ENABLED',
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: environment.computeEnvironmentArn! }],
    }));
    const definition = await batch.send(new RegisterJobDefinitionCommand({
      jobDefinitionName: 'test-job',
      type: 'container',
      containerProperties: {
        image: 'public.ecr.aws/docker/library/busybox:latest',
        command: ['echo', 'hello'],
        resourceRequirements: [{ type: 'VCPU', value: '1' }, { type: 'MEMORY', value: '512' }],
      },
    }));
    return {
      endpoint,
      batch,
      useDocker,
      secondsPerState,
      stop,
      jobQueueArn: queue.jobQueueArn!,
      jobDefinitionArn: definition.jobDefinitionArn!,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`moto server exited with code ${child.exitCode}`);
    }
    try {
      const status = await request('GET', `${endpoint}/moto-api/`);
      if (status === 200) {
        return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`moto server did not answer at ${endpoint} within 60 s`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

async function postJson(url: string, body: unknown): Promise<void> {
  const status = await request('POST', url, JSON.stringify(body), { 'content-type': 'application/json' });
  if (status < 200 || status > 299) {
    throw new Error(`POST ${url} answered HTTP ${status}`);
  }
}

/**
 * Creates an IAM role (moto requires one as a compute environment's service role).
 * moto routes by the credential scope of the Authorization header and checks no
 * signature, so a plain query request does.
 */
async function createRole(endpoint: string, roleName: string): Promise<string> {
  const form = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'batch.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  const status = await request('POST', `${endpoint}/`, form.toString(), {
    'content-type': 'application/x-www-form-urlencoded',
    'authorization': `AWS4-HMAC-SHA256 Credential=test/20260101/${REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
  });
  if (status !== 200) {
    throw new Error(`CreateRole answered HTTP ${status}`);
  }
  return `arn:aws:iam::${ACCOUNT}:role/${roleName}`;
}

function request(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, response => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
