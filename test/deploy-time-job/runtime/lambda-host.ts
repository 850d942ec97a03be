/**
 * Test harness: runs the shipped job runner bundle as Lambda runs it, and plays the parts
 * around it.
 *
 * - Each invocation is a fresh Node.js process that loads the bundle and calls its handler
 *   with the event and a context whose remaining time counts down from the function timeout;
 *   a process still running at the timeout is killed, as Lambda kills it. Unhandled
 *   rejections are recorded.
 * - A local Lambda endpoint captures the runner's asynchronous self-invocations and feeds each
 *   accepted one back as a new invocation, the way Lambda's event queue would; it can lose its
 *   answer after accepting an Invoke, hang, or deliver it twice (an unreachable endpoint refuses).
 * - A local ResponseURL server records every PUT; it can answer 500, reset or hang per attempt.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import * as path from 'path';

export const ROOT = path.join(__dirname, '../../..');
/** The bundle under test: the shipped one, or another (e.g. an older build) named by DTJ_BUNDLE. */
export const BUNDLE = process.env.DTJ_BUNDLE ?? path.join(ROOT, 'assets/deploy-time-job/runtime/job-runner.lambda/index.js');

/** How one invocation ended. */
export interface Invocation {
  readonly event: Record<string, unknown>;
  readonly outcome: 'returned' | 'rejected' | 'killed';
  readonly unhandledRejection: boolean;
  readonly durationMs: number;
  readonly logs: Record<string, unknown>[];
  readonly stderr: string;
}

/** What the Lambda endpoint does with one Invoke. */
export type InvokeBehaviour = 'accept' | 'lost-answer' | 'hang' | 'accept-twice';

/** What the response server does with one PUT. */
export type PutBehaviour = 'ok' | 500 | 'reset' | 'hang';

/** A response PUT as the response server received it. */
export interface RecordedPut {
  readonly status: number | 'reset' | 'hang';
  readonly bytes: number;
  readonly body: Record<string, any>;
}

const HOST_SCRIPT = `
const fs = require('fs');
const event = JSON.parse(fs.readFileSync(0, 'utf8'));
const deadline = Date.now() + Number(process.env.HOST_TIMEOUT_MS);
process.on('unhandledRejection', (e) => { fs.writeSync(2, 'HOST_UNHANDLED_REJECTION ' + String(e && e.stack || e) + '\\n'); process.exitCode = 70; });
const { handler } = require(process.env.HOST_BUNDLE);
handler(event, { getRemainingTimeInMillis: () => deadline - Date.now() }).then(
  () => { fs.writeSync(1, 'HOST_RETURNED\\n'); setImmediate(() => process.exit(process.exitCode ?? 0)); },
  (e) => { fs.writeSync(1, 'HOST_REJECTED ' + String(e) + '\\n'); process.exit(71); });
`;

/** The Lambda side of a test: the environment of the function, its endpoint, its response URL server. */
export class LambdaHost {
  public static async start(env: Record<string, string>): Promise<LambdaHost> {
    const host = new LambdaHost(env);
    host.responseServer = await listen((request, body, response) => host.onPut(request, body, response));
    host.lambdaServer = await listen((request, body, response) => host.onInvoke(request, body, response));
    return host;
  }

  /** Every PUT per response URL path. */
  public readonly puts = new Map<string, RecordedPut[]>();
  /** Every finished invocation, in the order they ended. */
  public readonly invocations: Invocation[] = [];
  /** Function timeout of each invocation (ms). */
  public timeoutMs = 20_000;
  private responseServer!: LocalServer;
  private lambdaServer!: LocalServer;
  private readonly putBehaviours = new Map<string, PutBehaviour[]>();
  private invokeBehaviours: InvokeBehaviour[] = [];
  private readonly running = new Set<Promise<void>>();

  private constructor(private readonly env: Record<string, string>) {}

  /** The environment of the next invocations (e.g. a Batch endpoint through a fault proxy). */
  public setEnv(env: Record<string, string>): void {
    Object.assign(this.env, env);
  }

  /** A new response URL; its PUTs get the given behaviours, then 'ok'. */
  public responseUrl(behaviours: PutBehaviour[] = []): string {
    const id = `/${randomUUID()}`;
    this.putBehaviours.set(id, [...behaviours]);
    return `${this.responseServer.endpoint}${id}`;
  }

  /** What the next self-invocations get, one per Invoke; then 'accept'. */
  public onNextInvokes(behaviours: InvokeBehaviour[]): void {
    this.invokeBehaviours = [...behaviours];
  }

  /** The PUTs to one response URL. */
  public putsFor(responseUrl: string): RecordedPut[] {
    return this.puts.get(new URL(responseUrl).pathname) ?? [];
  }

  /** Starts an invocation (and, through the Lambda endpoint, its continuations). */
  public invoke(event: Record<string, unknown>, delayMs = 0): Promise<void> {
    // Registered at once, so that `settled()` waits for a delivery that has not started yet.
    const run = new Promise(resolve => setTimeout(resolve, delayMs)).then(() => this.run(event));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  /** Waits until no invocation runs any more (continuations included). */
  public async settled(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.all([...this.running]);
    }
  }

  /** Invokes, and waits for every continuation. Returns the invocations of this call. */
  public async invokeAndSettle(event: Record<string, unknown>): Promise<Invocation[]> {
    const before = this.invocations.length;
    await this.invoke(event);
    await this.settled();
    return this.invocations.slice(before);
  }

  public endpoints(): { lambda: string } {
    return { lambda: this.lambdaServer.endpoint };
  }

  public async stop(): Promise<void> {
    await this.settled();
    await Promise.all([this.responseServer.stop(), this.lambdaServer.stop()]);
  }

  private async run(event: Record<string, unknown>): Promise<void> {
    const started = Date.now();
    const child: ChildProcess = spawn(process.execPath, ['-e', HOST_SCRIPT], {
      env: {
        ...process.env,
        AWS_ENDPOINT_URL_LAMBDA: this.lambdaServer.endpoint,
        ...this.env,
        NODE_PATH: path.join(ROOT, 'node_modules'),
        // The function runs on Lambda's latest Node.js runtime (22 or later), where the SDK
        // warns of nothing; the tests also run on Node 20, where it warns on stderr that its
        // releases after January 2027 need Node 22. Only that warning is turned off: every
        // other line on stderr still fails the scenario.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        HOST_BUNDLE: BUNDLE,
        HOST_TIMEOUT_MS: String(this.timeoutMs),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', chunk => { stdout += chunk; });
    child.stderr!.on('data', chunk => { stderr += chunk; });
    child.stdin!.end(JSON.stringify(event));
    let killed = false;
    // Lambda stops an invocation at its timeout.
    const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, this.timeoutMs + 250);
    await new Promise<void>(resolve => child.on('close', () => resolve()));
    clearTimeout(timer);
    const lines = stdout.split('\n');
    this.invocations.push({
      event,
      outcome: killed ? 'killed' : lines.includes('HOST_RETURNED') ? 'returned' : 'rejected',
      unhandledRejection: stderr.includes('HOST_UNHANDLED_REJECTION'),
      durationMs: Date.now() - started,
      logs: lines.filter(line => line.startsWith('{')).map(line => JSON.parse(line)),
      stderr,
    });
  }

  private onPut(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    const id = (request.url ?? '').split('?')[0];
    const behaviour = this.putBehaviours.get(id)?.shift() ?? 'ok';
    const record = (status: RecordedPut['status']) => {
      const list = this.puts.get(id) ?? [];
      list.push({ status, bytes: Buffer.byteLength(body), body: JSON.parse(body) });
      this.puts.set(id, list);
    };
    if (behaviour === 'reset') {
      record('reset');
      request.socket.destroy();
    } else if (behaviour === 'hang') {
      record('hang');
    } else {
      const status = behaviour === 'ok' ? 200 : behaviour;
      record(status);
      response.writeHead(status).end();
    }
  }

  private onInvoke(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    const behaviour = this.invokeBehaviours.shift() ?? 'accept';
    // Accepted: Lambda runs it soon (twice for 'accept-twice': async events are delivered at least once).
    const payload = JSON.parse(body);
    void this.invoke(payload, 20);
    if (behaviour === 'accept-twice') void this.invoke(payload, 60);
    if (behaviour === 'lost-answer') {
      request.socket.destroy();
    } else if (behaviour !== 'hang') {
      response.writeHead(202).end();
    }
  }
}

interface LocalServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

async function listen(handle: (request: http.IncomingMessage, body: string, response: http.ServerResponse) => void): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString(), response));
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise(resolve => {
      sockets.forEach(socket => socket.destroy());
      server.close(() => resolve());
    }),
  };
}
