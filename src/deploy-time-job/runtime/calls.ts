/**
 * Bounded remote calls: what a failure means, and retries within `CallLimits`.
 *
 * A failed call is one of three kinds:
 * - `rejected`: the service answered that it did not do it (a 4xx such as "job queue does not
 *   exist"); repeating it gives the same answer;
 * - `not-done`: it certainly did not happen and may work later (throttled, connection refused);
 * - `unknown`: it may or may not have happened (a timeout, a reset connection, a 5xx, an answer
 *   cut short). Idempotent calls are simply repeated; SubmitJob and the self-invocation must
 *   find out what happened instead.
 */
import { CallLimits, retryDelayMs } from './timings';

/** What a failed call tells about whether the operation happened. */
export type FailureKind = 'rejected' | 'not-done' | 'unknown';

const THROTTLED = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/;
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const NOT_CONNECTED_MESSAGE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/;

/** Classifies an error of the AWS SDK (or of a plain HTTP request). */
export function failureKind(error: unknown): FailureKind {
  const failure = error as {
    name?: string; code?: string; cause?: { code?: string }; $metadata?: { httpStatusCode?: number }; $fault?: string;
  };
  const status = failure.$metadata?.httpStatusCode;
  const code = failure.code ?? failure.cause?.code;
  if (THROTTLED.test(failure.name ?? '') || status === 429) return 'not-done';
  if (code !== undefined && NOT_CONNECTED.has(code)) return 'not-done';
  // The SDK keeps only the message of an error it cannot read (e.g. from another realm).
  if (code === undefined && NOT_CONNECTED_MESSAGE.test((error as Error)?.message ?? '')) return 'not-done';
  // The SDK's connection timeout: the request was never sent.
  if (failure.name === 'TimeoutError' && /without establishing a connection/.test((error as Error).message ?? '')) return 'not-done';
  if (status !== undefined && status >= 400 && status < 500 && failure.$fault === 'client') return 'rejected';
  if (status !== undefined && status >= 400 && status < 500 && failure.name !== 'TimeoutError' && failure.name !== 'AbortError') {
    return 'rejected';
  }
  return 'unknown';
}

/** Whether repeating an idempotent call may help. */
export function isRetryable(error: unknown): boolean {
  return failureKind(error) !== 'rejected';
}

/**
 * Runs `attempt` until it succeeds, an error is not retryable, or the attempts are used up;
 * each attempt gets an abort signal that fires after the connection and request timeouts.
 * Throws the last error.
 */
export async function withRetries<T>(
  limits: CallLimits,
  attempt: (signal: AbortSignal, attemptNumber: number) => Promise<T>,
  retryable: (error: unknown) => boolean = isRetryable,
  onRetry?: (error: unknown, attemptNumber: number) => void,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(AbortSignal.timeout(limits.connectTimeoutMs + limits.requestTimeoutMs), n);
    } catch (error) {
      if (n >= limits.attempts || !retryable(error)) throw error;
      onRetry?.(error, n);
      await sleep(retryDelayMs(limits, n));
    }
  }
}

/** Resolves after the given time. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, Math.max(0, ms)));
}

/** An error as one line for logs and reasons. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  }
  return String(error);
}
