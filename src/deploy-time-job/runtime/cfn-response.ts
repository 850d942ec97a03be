/**
 * The CloudFormation custom-resource response protocol: one JSON document PUT to
 * the pre-signed `ResponseURL` of the request.
 */
import * as http from 'http';
import * as https from 'https';
import { sleep, withRetries } from './calls';
import { CallLimits } from './timings';

/** A custom-resource request as CloudFormation delivers it. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

/** What the handler decided for a request. */
export interface CustomResourceResult {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly PhysicalResourceId: string;
  readonly Reason?: string;
  readonly Data?: Record<string, string>;
}

/** CloudFormation rejects response bodies above 4096 bytes. */
export const MAX_RESPONSE_BYTES = 4096;

const TRUNCATED_SUFFIX = ' [truncated]';

/**
 * The response document for a result, with its Reason shortened (never splitting a
 * character) so that the whole body stays within CloudFormation's limit.
 */
export function responseBody(event: CustomResourceEvent, result: CustomResourceResult): string {
  const render = (reason: string | undefined) => JSON.stringify({
    Status: result.Status,
    Reason: reason,
    PhysicalResourceId: result.PhysicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: result.Data,
  });
  const full = render(result.Reason);
  if (result.Reason === undefined || Buffer.byteLength(full) <= MAX_RESPONSE_BYTES) {
    return full;
  }
  // Binary search for the longest prefix (in code points) whose body still fits.
  const chars = Array.from(result.Reason);
  let fits = 0;
  let tooLong = chars.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (Buffer.byteLength(render(chars.slice(0, middle).join('') + TRUNCATED_SUFFIX)) <= MAX_RESPONSE_BYTES) {
      fits = middle;
    } else {
      tooLong = middle;
    }
  }
  return render(chars.slice(0, fits).join('') + TRUNCATED_SUFFIX);
}

/** The response URL answered 5xx or 429: a later attempt may succeed. */
class TransientPutError extends Error {}

/** The response URL refused the request for good (4xx). */
class PermanentPutError extends Error {}

/**
 * Sends the response for a request: the same body until one PUT is accepted. Network errors,
 * timeouts and 5xx answers are retried within `limits`; a 4xx answer (e.g. an expired URL) is
 * not. Throws when the response could not be delivered.
 */
export async function sendResponse(event: CustomResourceEvent, result: CustomResourceResult, limits: CallLimits): Promise<void> {
  const body = responseBody(event, result);
  log({ message: 'sending response', status: result.Status, physicalResourceId: result.PhysicalResourceId, reason: result.Reason });
  await withRetries(limits, () => put(event.ResponseURL, body, limits), error => !(error instanceof PermanentPutError),
    (error, attempt) => log({ message: 'response PUT failed, retrying', attempt, error: String(error) }));
}

/** One PUT, bounded by the connection timeout and, from then on, the request timeout. */
function put(url: string, body: string, limits: CallLimits): Promise<void> {
  const target = new URL(url);
  const transport = target.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    let timer = setTimeout(() => request.destroy(new Error('response PUT: no connection within the timeout')), limits.connectTimeoutMs);
    const request = transport.request(target, {
      method: 'PUT',
      // The pre-signed URL is signed without a content type: send an empty one.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, response => {
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      response.on('data', chunk => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        clearTimeout(timer);
        if (status >= 200 && status < 300) {
          resolve();
        } else {
          const detail = `response URL answered HTTP ${status}: ${Buffer.concat(chunks).toString().slice(0, 300)}`;
          reject(status >= 500 || status === 429 ? new TransientPutError(detail) : new PermanentPutError(detail));
        }
      });
    });
    const connected = () => {
      clearTimeout(timer);
      timer = setTimeout(() => request.destroy(new Error('response PUT timed out')), limits.requestTimeoutMs);
    };
    // A kept-alive socket is connected already.
    request.on('socket', socket => (socket.connecting ? socket.once('connect', connected) : connected()));
    request.on('error', error => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/** Writes one structured log line. */
export function log(fields: Record<string, unknown>): void {
  console.log(JSON.stringify(fields));
}

export { sleep };
