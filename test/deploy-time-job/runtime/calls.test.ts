import { failureKind, withRetries } from '../../../src/deploy-time-job/runtime/calls';

const sdkError = (name: string, status?: number, fault?: string) =>
  Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status }, $fault: fault });

test.each([
  ['a client error (unknown queue)', sdkError('ClientException', 400, 'client'), 'rejected'],
  ['throttling', sdkError('ThrottlingException', 400, 'client'), 'not-done'],
  ['429', sdkError('TooManyRequestsException', 429, 'client'), 'not-done'],
  ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'not-done'],
  ['a refused connection the SDK kept only the message of', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'), 'not-done'],
  ['a connection timeout', Object.assign(new Error('Socket timed out without establishing a connection within 10 ms'), { name: 'TimeoutError' }), 'not-done'],
  ['a 500', sdkError('ServerException', 500, 'server'), 'unknown'],
  ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'unknown'],
  ['an abort by the request timeout', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'unknown'],
  ['an answer cut short after 200', sdkError('SyntaxError', 200), 'unknown'],
])('%s is %s', (_name, error, kind) => {
  expect(failureKind(error)).toBe(kind);
});

test('withRetries stops at the attempts, and at an error that is not retryable', async () => {
  const limits = { connectTimeoutMs: 10, requestTimeoutMs: 10, attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
  let calls = 0;
  await expect(withRetries(limits, async () => { calls++; throw sdkError('ServerException', 500); })).rejects.toThrow('x');
  expect(calls).toBe(3);
  calls = 0;
  await expect(withRetries(limits, async () => { calls++; throw sdkError('ClientException', 400, 'client'); })).rejects.toThrow('x');
  expect(calls).toBe(1);
  expect(await withRetries(limits, async (_signal, n) => { if (n < 2) throw sdkError('ServerException', 500); return n; })).toBe(2);
});
