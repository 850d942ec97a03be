import { jobNameFor, parseJobRequest, terminateOnDelete } from '../../../src/deploy-time-job/runtime/job-request';

const QUEUE = 'arn:aws:batch:us-east-1:123456789012:job-queue/q';
const DEFINITION = 'arn:aws:batch:us-east-1:123456789012:job-definition/d:3';

function properties(submitJob: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    JobNamePrefix: 'migrate',
    SubmitJob: { jobQueue: QUEUE, jobDefinition: DEFINITION, ...submitJob },
    WaitForCompletion: 'true',
    CompletionTimeoutSeconds: '1800',
    TerminateOnDelete: 'false',
    ...extra,
  };
}

describe('jobNameFor', () => {
  test('is the prefix and 12 hex digits of the request id hash, the same for the same request', () => {
    expect(jobNameFor('migrate', 'request-1')).toMatch(/^migrate-[0-9a-f]{12}$/);
    expect(jobNameFor('migrate', 'request-1')).toBe(jobNameFor('migrate', 'request-1'));
    expect(jobNameFor('migrate', 'request-2')).not.toBe(jobNameFor('migrate', 'request-1'));
  });

  test('stays within Batch\'s 128 characters for any prefix', () => {
    expect(jobNameFor('a'.repeat(100), 'r')).toHaveLength(113);
    expect(jobNameFor('a'.repeat(200), 'r')).toHaveLength(128);
  });
});

describe('parseJobRequest', () => {
  test('turns the string scalars of SubmitJob back into numbers and booleans', () => {
    const request = parseJobRequest(properties({
      arrayProperties: { size: '10' },
      retryStrategy: { attempts: '3', evaluateOnExit: [{ action: 'RETRY', onExitCode: '1' }] },
      timeout: { attemptDurationSeconds: '600' },
      schedulingPriorityOverride: '5',
      containerOverrides: { vcpus: '2', memory: '2048', command: ['10'], environment: [{ name: 'N', value: '1' }] },
      nodeOverrides: {
        numNodes: '4',
        nodePropertyOverrides: [{ targetNodes: '0:1', containerOverrides: { vcpus: '1', memory: '512' } }],
      },
      consumableResourcePropertiesOverride: { consumableResourceList: [{ consumableResource: 'licence', quantity: '2' }] },
      propagateTags: 'false',
      parameters: { size: '10' },
      tags: { attempts: '3' },
    }), 'request-1');

    expect(request.submitJob).toEqual({
      jobName: jobNameFor('migrate', 'request-1'),
      jobQueue: QUEUE,
      jobDefinition: DEFINITION,
      arrayProperties: { size: 10 },
      retryStrategy: { attempts: 3, evaluateOnExit: [{ action: 'RETRY', onExitCode: '1' }] },
      timeout: { attemptDurationSeconds: 600 },
      schedulingPriorityOverride: 5,
      containerOverrides: { vcpus: 2, memory: 2048, command: ['10'], environment: [{ name: 'N', value: '1' }] },
      nodeOverrides: {
        numNodes: 4,
        nodePropertyOverrides: [{ targetNodes: '0:1', containerOverrides: { vcpus: 1, memory: 512 } }],
      },
      consumableResourcePropertiesOverride: { consumableResourceList: [{ consumableResource: 'licence', quantity: 2 }] },
      propagateTags: false,
      // Maps of strings stay strings.
      parameters: { size: '10' },
      tags: { attempts: '3' },
    });
    expect(request).toMatchObject({ waitForCompletion: true, completionTimeoutSeconds: 1800, terminateOnDelete: false });
  });

  test('defaults: wait, 30 minutes, terminate on delete', () => {
    const { WaitForCompletion: _w, CompletionTimeoutSeconds: _c, TerminateOnDelete: _t, ...bare } = properties();

    expect(parseJobRequest(bare, 'r')).toMatchObject({ waitForCompletion: true, completionTimeoutSeconds: 1800, terminateOnDelete: true });
  });

  test.each([
    [properties({ arrayProperties: { size: 'ten' } }), 'SubmitJob.arrayProperties.size must be a number, got "ten"'],
    [properties({ propagateTags: 'yes' }), 'SubmitJob.propagateTags must be "true" or "false", got "yes"'],
    [properties({}, { WaitForCompletion: 'maybe' }), 'WaitForCompletion must be "true" or "false", got "maybe"'],
    [properties({}, { CompletionTimeoutSeconds: '' }), 'CompletionTimeoutSeconds must be a number, got ""'],
    [properties({}, { JobNamePrefix: '' }), 'JobNamePrefix is required'],
    [properties({ jobQueue: undefined }), 'SubmitJob.jobQueue and SubmitJob.jobDefinition are required'],
  ])('rejects %j', (props, message) => {
    expect(() => parseJobRequest(props, 'r')).toThrow(message);
  });
});

describe('terminateOnDelete', () => {
  test('reads the property and defaults to true', () => {
    expect(terminateOnDelete({ TerminateOnDelete: 'false' })).toBe(false);
    expect(terminateOnDelete({ TerminateOnDelete: 'true' })).toBe(true);
    expect(terminateOnDelete({})).toBe(true);
    expect(terminateOnDelete({ TerminateOnDelete: 'garbage' })).toBe(true);
  });
});
