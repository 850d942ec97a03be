import { randomUUID } from 'crypto';
import * as http from 'http';
import { performance } from 'perf_hooks';
import { RESULT_PREFIX } from './apps/common';
import { DeployTimeJobProperties, RESOURCE_TYPE } from '../src/deploy-time-job/protocol';

/**
 * One cold start of the DeployTimeJob handler, in a fresh Node process:
 * `node cold-start.js <bundle> <jobQueueArn> <jobDefinitionArn>` with the AWS
 * endpoint (moto server) in the environment. Loads the bundle, sends it a
 * CloudFormation Create event that does not wait for the job, and waits for the
 * response PUT on a local server standing in for the pre-signed S3 URL. Prints
 * `BENCH_RESULT {"loadMs","firstRequestMs","status","reason"}`.
 */

const RESPONSE_TIMEOUT_MS = 60_000;

async function main(): Promise<void> {
  const [bundle, jobQueue, jobDefinition] = process.argv.slice(2);
  const { port, response } = await responseServer();
  const stackId = `arn:aws:cloudformation:us-east-1:123456789012:stack/BenchStack/${randomUUID()}`;
  const properties: DeployTimeJobProperties = {
    JobNamePrefix: 'bench-cold-start',
    SubmitJob: { jobQueue, jobDefinition },
    WaitForCompletion: 'false',
    CompletionTimeoutSeconds: '1800',
    TerminateOnDelete: 'true',
  };
  const functionArn = 'arn:aws:lambda:us-east-1:123456789012:function:bench-handler';
  const event = {
    RequestType: 'Create',
    ServiceToken: functionArn,
    ResponseURL: `http://127.0.0.1:${port}/response`,
    StackId: stackId,
    RequestId: randomUUID(),
    LogicalResourceId: 'Job0',
    ResourceType: RESOURCE_TYPE,
    ResourceProperties: { ServiceToken: functionArn, ...properties },
  };
  const context = {
    awsRequestId: randomUUID(),
    functionName: 'bench-handler',
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '128',
    logGroupName: '/aws/lambda/bench-handler',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 900_000,
  };

  const start = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading the bundle is what is measured
  const handler = require(bundle).handler;
  const loaded = performance.now();
  await handler(event, context);
  const answer = await response;
  const answered = performance.now();
  const result = { loadMs: loaded - start, firstRequestMs: answered - loaded, status: answer.Status, reason: answer.Reason };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** A loopback server that resolves with the first response body PUT to it. */
function responseServer(): Promise<{ port: number; response: Promise<any> }> {
  return new Promise((listening) => {
    let received: (body: any) => void;
    const response = new Promise<any>((resolve, reject) => {
      received = resolve;
      setTimeout(() => reject(new Error(`no response PUT within ${RESPONSE_TIMEOUT_MS} ms`)), RESPONSE_TIMEOUT_MS).unref();
    });
    const server = http.createServer((request, reply) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        reply.end();
        received(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      });
    });
    server.listen(0, '127.0.0.1', () => listening({ port: (server.address() as any).port, response }));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
