import { MAX_RESPONSE_BYTES, responseBody } from '../../../src/deploy-time-job/runtime/cfn-response';

const EVENT = {
  RequestType: 'Create' as const,
  ResponseURL: 'https://example.com/response',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/guid',
  RequestId: 'request-1',
  ResourceType: 'Custom::BatchDeployTimeJob',
  LogicalResourceId: 'Migrate',
  ResourceProperties: {},
};

describe('responseBody', () => {
  test('carries the request\'s identity and the result', () => {
    expect(JSON.parse(responseBody(EVENT, { Status: 'SUCCESS', PhysicalResourceId: 'job-1', Data: { JobId: 'job-1' } }))).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'job-1',
      StackId: EVENT.StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'Migrate',
      Data: { JobId: 'job-1' },
    });
  });

  test.each([
    ['ASCII', 'x'],
    ['two-byte', 'é'],
    ['astral (surrogate pairs)', '😀'],
    ['JSON-escaped', '"\n'],
  ])('shortens a long %s Reason to fit 4096 bytes without splitting a character', (_kind, unit) => {
    const body = responseBody(EVENT, { Status: 'FAILED', PhysicalResourceId: 'p', Reason: unit.repeat(5000) });

    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_RESPONSE_BYTES - 20);
    const reason: string = JSON.parse(body).Reason;
    expect(reason.endsWith(' [truncated]')).toBe(true);
    const kept = reason.slice(0, -' [truncated]'.length);
    expect(unit.repeat(5000).startsWith(kept)).toBe(true);
    expect(kept).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  test('leaves a Reason that fits alone', () => {
    const reason = 'x'.repeat(3000);
    expect(JSON.parse(responseBody(EVENT, { Status: 'FAILED', PhysicalResourceId: 'p', Reason: reason })).Reason).toBe(reason);
  });
});
