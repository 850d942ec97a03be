import {
  canonicalJson, inputsKeyOf, inputsKeyOfName, jobKindOf, jobNameFor, parseJobRequest, terminateOnDelete,
} from '../../../src/deploy-time-job/runtime/job-request';

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
  const inputs = 'abcdef012345';
  test('is the prefix, 12 hex digits of the request id hash and the inputs key, the same for the same request', () => {
    expect(jobNameFor('migrate', 'request-1', inputs)).toMatch(/^migrate-[0-9a-f]{12}abcdef012345$/);
    expect(jobNameFor('migrate', 'request-1', inputs)).toBe(jobNameFor('migrate', 'request-1', inputs));
    expect(jobNameFor('migrate', 'request-2', inputs)).not.toBe(jobNameFor('migrate', 'request-1', inputs));
  });

  test('stays within Batch\'s 128 characters for any prefix', () => {
    expect(jobNameFor('a'.repeat(100), 'r', inputs)).toHaveLength(125);
    expect(jobNameFor('a'.repeat(200), 'r', inputs)).toHaveLength(128);
  });

  test('the inputs key can be read back from the name, and only from the runner\'s names', () => {
    expect(inputsKeyOfName(jobNameFor('migrate', 'request-1', inputs))).toBe(inputs);
    expect(inputsKeyOfName('migrate-0123456789ab')).toBeUndefined(); // a name of the first release
    expect(inputsKeyOfName(undefined)).toBeUndefined();
  });
});

describe('inputs', () => {
  test('the key ignores key order, undefined members and the job name', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: undefined }] })).toBe('{"a":[{"d":"x"}],"b":1}');
    expect(inputsKeyOf({ jobQueue: 'q', parameters: { a: '1', b: '2' } }))
      .toBe(inputsKeyOf({ parameters: { b: '2', a: '1' }, jobQueue: 'q', jobName: 'other' }));
    expect(inputsKeyOf({ jobQueue: 'q' })).not.toBe(inputsKeyOf({ jobQueue: 'r' }));
  });

  test('scalars as CloudFormation delivers them ("2") and as rendered (2) give the same key', () => {
    const typed = parseJobRequest({ ...properties({ retryStrategy: { attempts: 2 }, propagateTags: true }) }, 'r1');
    const strings = parseJobRequest({ ...properties({ retryStrategy: { attempts: '2' }, propagateTags: 'true' }) }, 'r2');
    expect(typed.inputsKey).toBe(strings.inputsKey);
    expect(typed.inputsKey).not.toBe(parseJobRequest(properties({ retryStrategy: { attempts: '3' } }), 'r1').inputsKey);
  });

  test('the wait settings are not inputs', () => {
    expect(parseJobRequest(properties({}, { CompletionTimeoutSeconds: '60', WaitForCompletion: 'false', TerminateOnDelete: 'true', ServiceTimeout: '300' }), 'r').inputsKey)
      .toBe(parseJobRequest(properties(), 'r').inputsKey);
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
      jobName: jobNameFor('migrate', 'request-1', request.inputsKey),
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

describe('SubmitServiceJob (a SageMaker training job)', () => {
  const PAYLOAD = '{"TrainingJobName":"t","ResourceConfig":{"InstanceCount":1}}';
  function serviceProperties(submit: Record<string, unknown> = {}) {
    const { SubmitJob: _container, ...rest } = properties();
    return {
      ...rest,
      SubmitServiceJob: { jobQueue: QUEUE, serviceJobType: 'SAGEMAKER_TRAINING', serviceRequestPayload: PAYLOAD, ...submit },
    };
  }

  test('the kind follows the properties, for Delete too', () => {
    expect(jobKindOf(serviceProperties())).toBe('service-job');
    expect(jobKindOf(properties())).toBe('job');
    expect(jobKindOf(undefined)).toBe('job');
  });

  test('turns the string scalars back into numbers; the payload stays the JSON string it was', () => {
    const request = parseJobRequest(serviceProperties({
      schedulingPriority: '7',
      retryStrategy: { attempts: '3', evaluateOnExit: [{ action: 'RETRY', onStatusReason: 'Capacity*' }] },
      timeoutConfig: { attemptDurationSeconds: '3600' },
      preemptionConfiguration: { preemptionRetriesBeforeTermination: '2' },
      quotaShareName: 'research',
      tags: { n: '1' },
    }), 'request-1');
    expect(request.kind).toBe('service-job');
    expect(request.submitJob).toEqual({
      jobName: jobNameFor('migrate', 'request-1', request.inputsKey),
      jobQueue: QUEUE,
      serviceJobType: 'SAGEMAKER_TRAINING',
      serviceRequestPayload: PAYLOAD,
      schedulingPriority: 7,
      retryStrategy: { attempts: 3, evaluateOnExit: [{ action: 'RETRY', onStatusReason: 'Capacity*' }] },
      timeoutConfig: { attemptDurationSeconds: 3600 },
      preemptionConfiguration: { preemptionRetriesBeforeTermination: 2 },
      quotaShareName: 'research',
      tags: { n: '1' },
    });
  });

  test('a changed payload is a changed input', () => {
    expect(parseJobRequest(serviceProperties(), 'r').inputsKey)
      .not.toBe(parseJobRequest(serviceProperties({ serviceRequestPayload: PAYLOAD.replace('1', '2') }), 'r').inputsKey);
  });

  test.each([
    [serviceProperties({ serviceRequestPayload: undefined }),
      'SubmitServiceJob.jobQueue, SubmitServiceJob.serviceJobType and SubmitServiceJob.serviceRequestPayload are required'],
    [serviceProperties({ schedulingPriority: 'high' }), 'SubmitServiceJob.schedulingPriority must be a number, got "high"'],
  ])('rejects %j', (props, message) => {
    expect(() => parseJobRequest(props, 'r')).toThrow(message);
  });
});
