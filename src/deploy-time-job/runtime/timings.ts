/**
 * Every time limit of the job runner in one place, and the worst cases they add up to.
 *
 * Each remote call (Batch, the Lambda self-invocation, the response PUT) has a connection
 * timeout, a request timeout and a bounded number of attempts with bounded delays, so the
 * longest any call can take is known. The hand-over margin and the time kept back from
 * CloudFormation's ServiceTimeout are computed from those worst cases, not guessed.
 *
 * Tests shorten the limits through the `JOB_RUNNER_TIMINGS` environment variable: a JSON
 * object with any of the fields of `Timings` (milliseconds), e.g. `{"pollIntervalMs":100}`.
 */

/** The environment variable whose JSON overrides the defaults (tests use it). */
export const TIMINGS_ENV = 'JOB_RUNNER_TIMINGS';

/** Seconds between two DescribeJobs calls while waiting (kept from the first release; `pollIntervalMs` wins). */
export const POLL_INTERVAL_ENV = 'POLL_INTERVAL_SECONDS';

/** How a kind of call is bounded. */
export interface CallLimits {
  /** Time to open the connection. */
  readonly connectTimeoutMs: number;
  /** Time for the whole request and answer of one attempt, after connecting. */
  readonly requestTimeoutMs: number;
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the first retry; doubled for each further one. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay. */
  readonly maxDelayMs: number;
}

/** The runner's limits. */
export interface Timings {
  /** Between two DescribeJobs calls while waiting. */
  readonly pollIntervalMs: number;
  /** Batch calls (DescribeJobs, ListJobs, SubmitJob, TerminateJob). */
  readonly batch: CallLimits;
  /** Rounds of "look the job up by name, else submit it" for one request. */
  readonly submitRounds: number;
  /** The asynchronous self-invocation that continues a long wait. */
  readonly invoke: CallLimits;
  /** The PUT of the response to CloudFormation's pre-signed URL. */
  readonly response: CallLimits;
}

export const DEFAULT_TIMINGS: Timings = {
  pollIntervalMs: 5_000,
  batch: { connectTimeoutMs: 3_000, requestTimeoutMs: 10_000, attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000 },
  submitRounds: 4,
  invoke: { connectTimeoutMs: 3_000, requestTimeoutMs: 5_000, attempts: 3, baseDelayMs: 250, maxDelayMs: 2_000 },
  response: { connectTimeoutMs: 3_000, requestTimeoutMs: 10_000, attempts: 5, baseDelayMs: 500, maxDelayMs: 4_000 },
};

type Overrides = Partial<Omit<Timings, 'batch' | 'invoke' | 'response'>> & {
  batch?: Partial<CallLimits>; invoke?: Partial<CallLimits>; response?: Partial<CallLimits>;
};

/** The limits in force: the defaults, with the overrides of `JOB_RUNNER_TIMINGS` and `POLL_INTERVAL_SECONDS`. */
export function timings(env: Record<string, string | undefined> = process.env): Timings {
  let overrides: Overrides = {};
  try {
    overrides = env[TIMINGS_ENV] ? JSON.parse(env[TIMINGS_ENV]!) : {};
  } catch {
    overrides = {};
  }
  const pollSeconds = Number(env[POLL_INTERVAL_ENV]);
  const pollIntervalMs = overrides.pollIntervalMs
    ?? (Number.isFinite(pollSeconds) && pollSeconds > 0 ? pollSeconds * 1000 : DEFAULT_TIMINGS.pollIntervalMs);
  return {
    pollIntervalMs,
    submitRounds: overrides.submitRounds ?? DEFAULT_TIMINGS.submitRounds,
    batch: { ...DEFAULT_TIMINGS.batch, ...overrides.batch },
    invoke: { ...DEFAULT_TIMINGS.invoke, ...overrides.invoke },
    response: { ...DEFAULT_TIMINGS.response, ...overrides.response },
  };
}

/** The delay before retry number `retry` (1 for the first retry). */
export function retryDelayMs(limits: CallLimits, retry: number): number {
  return Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (retry - 1));
}

/** The longest a call with these limits can take: every attempt timing out, every delay waited. */
export function worstCaseMs(limits: CallLimits): number {
  let total = limits.attempts * (limits.connectTimeoutMs + limits.requestTimeoutMs);
  for (let retry = 1; retry < limits.attempts; retry++) total += retryDelayMs(limits, retry);
  return total;
}

/**
 * Time an invocation keeps for itself when it decides whether to hand over: the last poll,
 * the self-invocation, and, if that fails, terminating the job and the response PUT with
 * all their retries.
 */
export function handOverMarginMs(t: Timings): number {
  return worstCaseMs(t.batch) + worstCaseMs(t.invoke) + answerReserveMs(t);
}

/** Time needed after the wait ends to terminate the job and deliver the response. */
export function answerReserveMs(t: Timings): number {
  return worstCaseMs(t.batch) + worstCaseMs(t.response);
}
