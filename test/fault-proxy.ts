/**
 * Test helper: an HTTP proxy in front of moto server that answers the first calls
 * of chosen Batch operations with errors, the way Batch reports them.
 */
import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * What the proxy does instead of forwarding a call:
 * - `throttle`: HTTP 400 ThrottlingException;
 * - `500` / `503`: a server error, the call never reaches moto;
 * - `lost-answer`: forwards the call to moto, then answers 500 (the work was done).
 */
export type Fault = 'throttle' | 500 | 503 | 'lost-answer';

/** A running proxy. */
export interface FaultProxy {
  readonly endpoint: string;
  /** Every call, in order: the request path (the operation) and what was answered. */
  readonly calls: { path: string; answer: Fault | 'forwarded' }[];
  stop(): Promise<void>;
}

const ERRORS: Record<'throttle' | 500 | 503, { status: number; type: string; message: string }> = {
  throttle: { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
  500: { status: 500, type: 'ServerException', message: 'An internal error occurred' },
  503: { status: 503, type: 'ServiceUnavailableException', message: 'Service unavailable' },
};

/**
 * Starts a proxy to `target`. `faults` maps a request path (Batch's REST path, e.g.
 * `/v1/submitjob`) to the faults its first calls get, one per call.
 */
export async function startFaultProxy(target: string, faults: Record<string, Fault[]>): Promise<FaultProxy> {
  const remaining = Object.fromEntries(Object.entries(faults).map(([key, list]) => [key, [...list]]));
  const calls: FaultProxy['calls'] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => {
      const requestPath = (request.url ?? '').split('?')[0];
      const fault = remaining[requestPath]?.shift();
      calls.push({ path: requestPath, answer: fault ?? 'forwarded' });
      if (fault === undefined || fault === 'lost-answer') {
        forward(target, request, Buffer.concat(chunks), (status, headers, body) => {
          if (fault === 'lost-answer') {
            sendError(response, ERRORS[500]);
          } else {
            response.writeHead(status, headers);
            response.end(body);
          }
        }, error => {
          response.destroy(error);
        });
      } else {
        sendError(response, ERRORS[fault]);
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () => new Promise(resolve => server.close(() => resolve())),
  };
}

/** An error in Batch's REST-JSON format: the type in a header and in the body. */
function sendError(response: http.ServerResponse, error: { status: number; type: string; message: string }): void {
  const body = JSON.stringify({ __type: error.type, message: error.message });
  response.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-errortype': error.type,
    'x-amzn-requestid': `fault-${Date.now()}`,
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

function forward(
  target: string,
  request: http.IncomingMessage,
  body: Buffer,
  onAnswer: (status: number, headers: http.IncomingHttpHeaders, body: Buffer) => void,
  onError: (error: Error) => void,
): void {
  const upstream = http.request(`${target}${request.url}`, { method: request.method, headers: request.headers }, answer => {
    const chunks: Buffer[] = [];
    answer.on('data', chunk => chunks.push(chunk));
    answer.on('end', () => onAnswer(answer.statusCode ?? 502, answer.headers, Buffer.concat(chunks)));
    answer.on('error', onError);
  });
  upstream.on('error', onError);
  upstream.end(body);
}
