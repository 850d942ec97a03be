import { SERVICE_TIMEOUT_MARGIN_SECONDS } from '../../../src/deploy-time-job/protocol';
import {
  answerReserveMs, DEFAULT_TIMINGS, handOverMarginMs, POLL_INTERVAL_ENV, timings, TIMINGS_ENV, worstCaseMs,
} from '../../../src/deploy-time-job/runtime/timings';

test('the worst case of a call: every attempt timing out, every delay waited', () => {
  expect(worstCaseMs({ connectTimeoutMs: 1, requestTimeoutMs: 9, attempts: 4, baseDelayMs: 100, maxDelayMs: 300 })).toBe(4 * 10 + 100 + 200 + 300);
});

test('with the defaults, terminating and answering fit in the margin the construct adds to the ServiceTimeout', () => {
  expect(answerReserveMs(DEFAULT_TIMINGS)).toBeLessThanOrEqual(SERVICE_TIMEOUT_MARGIN_SECONDS * 1000);
});

test('with the defaults, the hand-over margin (last poll, invoke, terminate, response) leaves most of Lambda\'s 15 minutes', () => {
  const margin = handOverMarginMs(DEFAULT_TIMINGS);
  expect(margin).toBe(worstCaseMs(DEFAULT_TIMINGS.batch) * 2 + worstCaseMs(DEFAULT_TIMINGS.invoke) + worstCaseMs(DEFAULT_TIMINGS.response));
  expect(margin).toBeLessThan(5 * 60_000);
});

test('tests override the limits through the environment, field by field', () => {
  expect(timings({})).toEqual(DEFAULT_TIMINGS);
  expect(timings({ [POLL_INTERVAL_ENV]: '0.2' }).pollIntervalMs).toBe(200);
  const overridden = timings({ [TIMINGS_ENV]: JSON.stringify({ pollIntervalMs: 50, batch: { requestTimeoutMs: 300 } }) });
  expect(overridden.pollIntervalMs).toBe(50);
  expect(overridden.batch).toEqual({ ...DEFAULT_TIMINGS.batch, requestTimeoutMs: 300 });
  expect(timings({ [TIMINGS_ENV]: 'not json' })).toEqual(DEFAULT_TIMINGS);
});
