/**
 * Test helper: an HTTP proxy in front of moto server that answers chosen calls of chosen
 * Batch operations with faults, the way a network or Batch can fail. Operations moto does
 * not have (the service-job routes) can be answered by the proxy itself (`LocalRoutes`),
 * under the same faults.
 */
import * as http from 'http';
import { AddressInfo, Socket } from 'net';

/**
 * What the proxy does instead of simply forwarding a call:
 * - `throttle`: HTTP 400 ThrottlingException (not forwarded);
 * - `500` / `503`: a server error (not forwarded);
 * - `lost-answer`: forwards the call to moto, then answers 500 (the work was done);
 * - `refuse`: closes the connection as soon as the request arrives (not forwarded);
 * - `reset-before`: resets the connection after reading the request (not forwarded);
 * - `reset-after`: forwards the call, then resets the connection without an answer (the work was done);
 * - `cut-body`: forwards the call, answers 200 with half of moto's body, then resets (the work was done);
 * - `hang`: reads the request and never answers (not forwarded);
 * - `hang-after`: forwards the call and never answers (the work was done);
 * - `{ delayMs }`: forwards the call after a delay;
 * - `{ answerDelayMs }`: forwards the call at once and holds moto's answer back (two callers both read the old state);
 * - `forward`: forwards the call (a plain call in a list of faults).
 */
export type Fault = 'forward' | 'throttle' | 500 | 503 | 'lost-answer' | 'refuse' | 'reset-before' | 'reset-after' | 'cut-body' | 'hang'
  | 'hang-after' | { readonly delayMs: number } | { readonly answerDelayMs: number };

/** The faults for one path: a list (one per call, then forwarding), or one fault for every call. */
export type FaultPlan = Fault[] | { readonly always: Fault };

/**
 * Operations the proxy answers itself instead of forwarding to moto: the answer for a request
 * path and body, or undefined to forward it.
 */
export type LocalRoutes = (requestPath: string, body: Buffer) => { status: number; body: unknown } | undefined;

/** A running proxy. */
export interface FaultProxy {
  readonly endpoint: string;
  /** Every call, in order: the request path (the operation) and what was answered. */
  readonly calls: { path: string; answer: Fault | 'forwarded' }[];
  /** Replaces the faults still to come. */
  setFaults(faults: Record<string, FaultPlan>): void;
  stop(): Promise<void>;
}

const ERRORS: Record<'throttle' | 500 | 503, { status: number; type: string; message: string }> = {
  throttle: { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' },
  500: { status: 500, type: 'ServerException', message: 'An internal error occurred' },
  503: { status: 503, type: 'ServiceUnavailableException', message: 'Service unavailable' },
};

/**
 * Starts a proxy to `target`. `faults` maps a request path (Batch's REST path, e.g.
 * `/v1/submitjob`) to the faults of its calls.
 */
export async function startFaultProxy(target: string, faults: Record<string, FaultPlan> = {}, local?: LocalRoutes): Promise<FaultProxy> {
  const pass = (request: http.IncomingMessage, body: Buffer, onAnswer: Answer, onError: (error: Error) => void) =>
    dispatch(target, local, request, body, onAnswer, onError);
  let plans = copy(faults);
  const calls: FaultProxy['calls'] = [];
  const sockets = new Set<Socket>();
  const next = (requestPath: string): Fault | undefined => {
    const plan = plans[requestPath];
    if (plan === undefined) return undefined;
    return Array.isArray(plan) ? plan.shift() : plan.always;
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => {
      const requestPath = (request.url ?? '').split('?')[0];
      const fault = next(requestPath);
      calls.push({ path: requestPath, answer: fault ?? 'forwarded' });
      const body = Buffer.concat(chunks);
      const relay = () => pass(request, body, (status, headers, answer) => {
        response.writeHead(status, headers);
        response.end(answer);
      }, error => response.destroy(error));
      if (fault === undefined || fault === 'forward') return relay();
      if (fault === 'throttle' || fault === 500 || fault === 503) return sendError(response, ERRORS[fault]);
      if (fault === 'refuse' || fault === 'reset-before') return request.socket.destroy();
      if (fault === 'hang') return;
      if (typeof fault === 'object' && 'delayMs' in fault) {
        setTimeout(relay, fault.delayMs);
        return;
      }
      pass(request, body, (status, headers, answer) => {
        if (fault === 'lost-answer') {
          sendError(response, ERRORS[500]);
        } else if (fault === 'cut-body') {
          // 200 and the headers of the full answer, half of its bytes, then the connection drops.
          response.writeHead(status, { ...headers, 'content-length': String(answer.length) });
          response.write(answer.subarray(0, Math.floor(answer.length / 2)), () => request.socket.destroy());
        } else if (fault === 'reset-after') {
          request.socket.destroy();
        } else if (typeof fault === 'object') {
          setTimeout(() => {
            response.writeHead(status, headers);
            response.end(answer);
          }, fault.answerDelayMs);
        }
        // hang-after: no answer at all.
      }, error => response.destroy(error));
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    setFaults: (updated) => {
      plans = copy(updated);
    },
    stop: () => new Promise(resolve => {
      sockets.forEach(socket => socket.destroy());
      server.close(() => resolve());
    }),
  };
}

function copy(faults: Record<string, FaultPlan>): Record<string, FaultPlan> {
  return Object.fromEntries(Object.entries(faults).map(([key, plan]) => [key, Array.isArray(plan) ? [...plan] : plan]));
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

type Answer = (status: number, headers: http.IncomingHttpHeaders, body: Buffer) => void;

/** Answers from the local routes when they take the path, else forwards to the target. */
function dispatch(
  target: string, local: LocalRoutes | undefined, request: http.IncomingMessage, body: Buffer, onAnswer: Answer, onError: (error: Error) => void,
): void {
  const answer = local?.((request.url ?? '').split('?')[0], body);
  if (answer === undefined) return forward(target, request, body, onAnswer, onError);
  const bytes = Buffer.from(JSON.stringify(answer.body));
  const error = answer.status >= 400 ? (answer.body as { __type?: string }).__type : undefined;
  onAnswer(answer.status, {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    'x-amzn-requestid': `local-${Date.now()}`,
    ...(error ? { 'x-amzn-errortype': error } : {}),
  }, bytes);
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
