import { Annotations, CfnElement, CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { addReferenceDeployTimeJob } from '../../examples/deploy-time-job';
import {
  CapacityUnit, ComputeEnvironment, DeployTimeJob, DeployTimeJobProps, IJobDefinition, IJobQueue, JobDefinition, JobDependencyType, JobQueue,
  QuotaShare, SchedulingPolicy, ServiceEnvironment,
} from '../../src';
import { HANDLER_SINGLETON_ID, RESOURCE_TYPE } from '../../src/deploy-time-job/protocol';
import { countByType, synthAnnotations, synthTemplate, testStack } from '../synth';

const ARN_PREFIX = 'arn:aws:batch:us-east-1:123456789012';
const QUEUE_ARN = `${ARN_PREFIX}:job-queue/HighPriority`;
const DEFINITION_ARN = `${ARN_PREFIX}:job-definition/sleep10:3`;

function queue(stack: Stack, name = 'HighPriority'): IJobQueue {
  return stack.node.tryFindChild(`Queue${name}`) as IJobQueue | undefined
    ?? JobQueue.fromJobQueueArn(stack, `Queue${name}`, `${ARN_PREFIX}:job-queue/${name}`);
}
function definition(stack: Stack, name = 'sleep10', revision = 3): IJobDefinition {
  return stack.node.tryFindChild(`Definition${name}`) as IJobDefinition | undefined
    ?? JobDefinition.fromJobDefinitionArn(stack, `Definition${name}`, `${ARN_PREFIX}:job-definition/${name}:${revision}`);
}

/** A stack with one job of the given props; queue and definition default to HighPriority / sleep10. */
function jobWith(props: Partial<DeployTimeJobProps> = {}, stack = testStack()) {
  const job = new DeployTimeJob(stack, 'Job', { jobQueue: queue(stack), jobDefinition: definition(stack), ...props });
  return { stack, job };
}

/** The job's custom resource properties in the synthesized template. */
function jobProperties(stack: Stack, id = 'Job'): any {
  const resources = synthTemplate(stack).findResources(RESOURCE_TYPE);
  const logicalId = stack.getLogicalId(stack.node.findChild(id).node.findChild('Resource').node.defaultChild as CfnElement);
  return resources[logicalId].Properties;
}

const FIXED_RESOURCES = {
  'AWS::Lambda::Function': 1,
  'AWS::IAM::Role': 1,
  'AWS::IAM::Policy': 1,
  'AWS::Logs::LogGroup': 1,
};

describe('resources', () => {
  test('one job: the handler function, role, policy and log group, plus one custom resource', () => {
    const { stack } = jobWith();
    expect(countByType(synthTemplate(stack))).toEqual({ ...FIXED_RESOURCES, [RESOURCE_TYPE]: 1 });
  });

  test('three jobs share the one handler; each adds exactly one resource', () => {
    const stack = testStack();
    for (const id of ['A', 'B', 'C']) {
      new DeployTimeJob(stack, id, { jobQueue: queue(stack, id), jobDefinition: definition(stack, id) });
    }
    expect(countByType(synthTemplate(stack))).toEqual({ ...FIXED_RESOURCES, [RESOURCE_TYPE]: 3 });
  });

  test('each stack has its own handler', () => {
    const first = testStack();
    const second = new Stack(first.node.scope as Construct, 'Second', { env: { account: '123456789012', region: 'us-east-1' } });
    jobWith({}, first);
    jobWith({}, second);
    expect(countByType(synthTemplate(second))).toEqual({ ...FIXED_RESOURCES, [RESOURCE_TYPE]: 1 });
  });

  test('the job resource points at the handler and waits for its policy', () => {
    const { stack } = jobWith();
    const template = synthTemplate(stack);
    const policyId = Object.keys(template.findResources('AWS::IAM::Policy'))[0];
    template.hasResource(RESOURCE_TYPE, {
      Properties: Match.objectLike({ ServiceToken: { 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] } }),
      DependsOn: [policyId],
      DeletionPolicy: 'Delete',
    });
  });

  test('attributes are the custom resource\'s JobId, JobArn and JobName', () => {
    const { stack, job } = jobWith();
    const logicalId = Object.keys(synthTemplate(stack).findResources(RESOURCE_TYPE))[0];
    expect(stack.resolve(job.jobId)).toEqual({ 'Fn::GetAtt': [logicalId, 'JobId'] });
    expect(stack.resolve(job.jobArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'JobArn'] });
    expect(stack.resolve(job.jobName)).toEqual({ 'Fn::GetAtt': [logicalId, 'JobName'] });
  });
});


describe('ServiceTimeout', () => {
  test('defaults to the 30-minute completion timeout plus 2 minutes', () => {
    const { stack } = jobWith();
    expect(jobProperties(stack)).toMatchObject({ ServiceTimeout: '1920', CompletionTimeoutSeconds: 1800 });
  });

  test('follows completionTimeout', () => {
    const { stack } = jobWith({ completionTimeout: Duration.minutes(10) });
    expect(jobProperties(stack)).toMatchObject({ ServiceTimeout: '720', CompletionTimeoutSeconds: 600 });
  });

  test('is capped at CloudFormation\'s 3600 seconds', () => {
    const { stack } = jobWith({ completionTimeout: Duration.hours(1) });
    expect(jobProperties(stack)).toMatchObject({ ServiceTimeout: '3600', CompletionTimeoutSeconds: 3600 });
  });

  test('is 5 minutes when the resource does not wait', () => {
    const { stack } = jobWith({ waitForCompletion: false });
    expect(jobProperties(stack)).toMatchObject({ ServiceTimeout: '300', WaitForCompletion: false });
  });

  test('is the maximum when completionTimeout is a token', () => {
    const stack = testStack();
    const minutes = new CfnParameter(stack, 'Seconds', { type: 'Number' });
    jobWith({ completionTimeout: Duration.seconds(minutes.valueAsNumber) }, stack);
    expect(jobProperties(stack)).toMatchObject({ ServiceTimeout: '3600', CompletionTimeoutSeconds: { Ref: 'Seconds' } });
  });
});

describe('SubmitJob rendering', () => {
  test('defaults: queue and definition ARNs, name from the id, wait, terminate on delete', () => {
    const { stack } = jobWith();
    expect(jobProperties(stack)).toEqual({
      ServiceToken: { 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] },
      ServiceTimeout: '1920',
      JobNamePrefix: 'Job',
      SubmitJob: { jobQueue: QUEUE_ARN, jobDefinition: DEFINITION_ARN },
      WaitForCompletion: true,
      CompletionTimeoutSeconds: 1800,
      TerminateOnDelete: true,
    });
  });

  test.each([
    ['Migrate DB.v2', 'Migrate-DB-v2'],
    ['__private', 'private'],
    ['x'.repeat(120), 'x'.repeat(100)],
    ['..', 'deploy-time-job'],
  ])('the default name prefix of id %j is %j', (id, prefix) => {
    const stack = testStack();
    new DeployTimeJob(stack, id, { jobQueue: queue(stack), jobDefinition: definition(stack) });
    expect(Object.values<any>(synthTemplate(stack).findResources(RESOURCE_TYPE))[0].Properties.JobNamePrefix).toBe(prefix);
  });
});

describe('dependsOn', () => {
  test('renders the other job\'s id and makes CloudFormation create it first', () => {
    const stack = testStack();
    const migrate = new DeployTimeJob(stack, 'Migrate', { jobQueue: queue(stack), jobDefinition: definition(stack) });
    new DeployTimeJob(stack, 'Smoke', { jobQueue: queue(stack, 'Low'), jobDefinition: definition(stack, 'smoke'), dependsOn: [{ job: migrate }] });
    const template = synthTemplate(stack);
    const ids = Object.keys(template.findResources(RESOURCE_TYPE));
    const migrateId = ids.find((id) => id.startsWith('Migrate'))!;
    const smoke = template.findResources(RESOURCE_TYPE)[ids.find((id) => id.startsWith('Smoke'))!];
    expect(smoke.Properties.SubmitJob.dependsOn).toEqual([{ jobId: { 'Fn::GetAtt': [migrateId, 'JobId'] } }]);
    expect(smoke.DependsOn).toContain(migrateId);
  });

  test('N_TO_N between two array jobs', () => {
    const stack = testStack();
    const first = new DeployTimeJob(stack, 'First', { jobQueue: queue(stack), jobDefinition: definition(stack), arraySize: 3 });
    new DeployTimeJob(stack, 'Job', {
      jobQueue: queue(stack, 'Low'),
      jobDefinition: definition(stack, 'next'),
      arraySize: 3,
      dependsOn: [{ job: first, type: JobDependencyType.N_TO_N }],
    });
    const firstId = stack.getLogicalId(first.node.findChild('Resource').node.defaultChild as CfnElement);
    expect(jobProperties(stack).SubmitJob.dependsOn).toEqual([{ jobId: { 'Fn::GetAtt': [firstId, 'JobId'] }, type: 'N_TO_N' }]);
  });
});

describe('validation', () => {
  test('rejects with the construct path, every error at once', () => {
    expect(() => jobWith({ arraySize: 1, retryAttempts: 0 })).toThrow(
      '[TestStack/Job]\n  - arraySize must be an integer between 2 and 10000, got 1\n  - retryAttempts must be an integer between 1 and 10, got 0');
    expect(() => jobWith({ jobName: '-migrate' })).toThrow('[TestStack/Job] jobName must be 1-100 letters');
  });

  test('warnings carry the rule id, synthesize, and can be acknowledged', () => {
    const { stack, job } = jobWith({ waitForCompletion: false, completionTimeout: Duration.minutes(5) });
    synthAnnotations(stack).hasWarning('/TestStack/Job', Match.stringLikeRegexp(
      '^completionTimeout is ignored without waitForCompletion, got 5 minutes.*\\[ack: @cdk-batch-constructs/deploy-time-job:completionTimeoutWithoutWait\\]$'));
    const acknowledged = testStack();
    const second = new DeployTimeJob(acknowledged, 'Job', {
      jobQueue: queue(acknowledged), jobDefinition: definition(acknowledged), waitForCompletion: false, completionTimeout: Duration.minutes(5),
    });
    Annotations.of(second).acknowledgeWarning('@cdk-batch-constructs/deploy-time-job:completionTimeoutWithoutWait');
    synthAnnotations(acknowledged).hasNoWarning('*', Match.anyValue());
    expect(job.jobId).toBeDefined();
  });

  test('the nearest valid values synthesize through the CloudFormation schema validation', () => {
    const stack = testStack();
    const array = new DeployTimeJob(stack, 'Array', { jobQueue: queue(stack), jobDefinition: definition(stack), arraySize: 2 });
    const others = Array.from({ length: 20 }, (_, i) =>
      new DeployTimeJob(stack, `Other${i}`, { jobQueue: queue(stack, `Q${i}`), jobDefinition: definition(stack, `d${i}`) }));
    const valid: Array<Partial<DeployTimeJobProps>> = [
      { jobName: 'm-igrate_db' }, { jobName: 'a'.repeat(100) }, { arraySize: 2 }, { arraySize: 10_000 },
      { sequentialArrayChildren: true, arraySize: 2 }, { dependsOn: others.map((job) => ({ job })) },
      { arraySize: 2, sequentialArrayChildren: true, dependsOn: others.slice(1).map((job) => ({ job })) },
      { arraySize: 2, dependsOn: [{ job: array, type: JobDependencyType.N_TO_N }] },
      { retryAttempts: 1 }, { retryAttempts: 10 }, { timeout: Duration.seconds(60) },
      { containerOverrides: { environment: { MY_AWS_BATCH_JOB_ID: 'x' } } },
      { completionTimeout: Duration.minutes(1) }, { completionTimeout: Duration.minutes(60) }, { waitForCompletion: false },
      { containerOverrides: { vcpus: 0.25 } }, { containerOverrides: { vcpus: 1 } }, { containerOverrides: { memory: Size.mebibytes(4) } },
      { containerOverrides: { gpuCount: 0 } },
      { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: ':', containerOverrides: { instanceType: new ec2.InstanceType('c5.large') } }] } },
      { nodeOverrides: { numNodes: 1 } }, { nodeOverrides: { numNodes: 2 } },
      { nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '1:1', containerOverrides: { command: ['x'] } }] } },
      { nodeOverrides: { numNodes: 4, nodePropertyOverrides: [{ targetNodes: '0:3', containerOverrides: { command: ['x'] } }] } },
      { tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v'])) },
      { tags: { owner: 'x'.repeat(256) } }, { tags: { ['k'.repeat(128)]: 'x' } },
      { shareIdentifier: 'blueteam' }, { schedulingPriority: 9999 },
    ];
    valid.forEach((props, i) => new DeployTimeJob(stack, `Valid${i}`, { jobQueue: queue(stack), jobDefinition: definition(stack), ...props }));
    expect(countByType(synthTemplate(stack))[RESOURCE_TYPE]).toBe(valid.length + 21);
  });
});

describe('tokens skip the checks they feed', () => {
  test('numbers, durations, sizes and strings from tokens synthesize', () => {
    const stack = testStack();
    const number = new CfnParameter(stack, 'Number', { type: 'Number' });
    const text = new CfnParameter(stack, 'Text', { type: 'String' });
    jobWith({
      jobName: text.valueAsString,
      arraySize: Lazy.number({ produce: () => 1 }),
      retryAttempts: number.valueAsNumber,
      timeout: Duration.seconds(number.valueAsNumber),
      completionTimeout: Duration.seconds(number.valueAsNumber),
      schedulingPriority: number.valueAsNumber,
      shareIdentifier: text.valueAsString,
      nodeOverrides: {
        numNodes: number.valueAsNumber,
        nodePropertyOverrides: [{
          targetNodes: text.valueAsString,
          containerOverrides: { vcpus: number.valueAsNumber, memory: Size.mebibytes(number.valueAsNumber), gpuCount: number.valueAsNumber },
        }],
      },
      tags: { owner: text.valueAsString },
    }, stack);
    const properties = jobProperties(stack);
    expect(properties.JobNamePrefix).toEqual({ Ref: 'Text' });
    expect(properties.SubmitJob).toMatchObject({
      arrayProperties: { size: 1 },
      retryStrategy: { attempts: { Ref: 'Number' } },
      timeout: { attemptDurationSeconds: { Ref: 'Number' } },
      nodeOverrides: {
        nodePropertyOverrides: [{
          containerOverrides: {
            resourceRequirements: [
              { type: 'VCPU', value: { Ref: 'Number' } },
              { type: 'MEMORY', value: { Ref: 'Number' } },
              { type: 'GPU', value: { Ref: 'Number' } },
            ],
          },
        }],
      },
    });
  });
});

describe('example app piece', () => {
  test('submits the reference\'s "example" job to HighPriority with sleep10', () => {
    const stack = testStack();
    addReferenceDeployTimeJob(stack, queue(stack, 'HighPriority'), definition(stack, 'sleep10'));
    const [job] = Object.values<any>(synthTemplate(stack).findResources(RESOURCE_TYPE));
    expect(job.Properties).toMatchObject({
      JobNamePrefix: 'example',
      SubmitJob: { jobQueue: QUEUE_ARN, jobDefinition: DEFINITION_ARN },
      WaitForCompletion: true,
    });
  });
});

describe('a SageMaker training job (trainingJob)', () => {
  const IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-cpu-py311';
  function trainingStack(quota = false) {
    const stack = testStack();
    const g5 = CapacityUnit.instanceType('ml.g5.xlarge');
    const capacity = new ServiceEnvironment(stack, 'Capacity', { capacityLimits: [quota ? { maxCapacity: 4, capacityUnit: g5 } : { maxCapacity: 4 }] });
    const jobQueue = new JobQueue(stack, 'Training', {
      serviceEnvironments: [{ serviceEnvironment: capacity, order: 1 }],
      schedulingPolicy: quota ? new SchedulingPolicy(stack, 'Quotas', { quotaSharePolicy: {} }) : undefined,
    });
    const role = new iam.Role(stack, 'Execution', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    return { stack, jobQueue, role };
  }

  test('renders SubmitServiceJob with the CreateTrainingJob payload as JSON (the role ARN resolved in it), no SubmitJob', () => {
    const { stack, jobQueue, role } = trainingStack();
    new DeployTimeJob(stack, 'Job', {
      jobQueue,
      trainingJob: { role, trainingImage: IMAGE, instanceType: 'ml.m5.large', outputPath: 's3://models/out', maxRuntime: Duration.minutes(20) },
      retryAttempts: 2,
      timeout: Duration.minutes(30),
      schedulingPriority: 10,
      preemptionRetries: 1,
      tags: { team: 'ml' },
      completionTimeout: Duration.minutes(45),
    });
    const properties = jobProperties(stack);
    const roleArn = { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as CfnElement), 'Arn'] };
    expect(properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] },
      ServiceTimeout: '2820',
      JobNamePrefix: 'Job',
      SubmitServiceJob: {
        jobQueue: { 'Fn::GetAtt': [stack.getLogicalId(jobQueue.node.defaultChild as CfnElement), 'JobQueueArn'] },
        serviceJobType: 'SAGEMAKER_TRAINING',
        serviceRequestPayload: {
          'Fn::Join': ['', [
            '{"TrainingJobName":"Job","RoleArn":"', roleArn,
            `","AlgorithmSpecification":{"TrainingImage":"${IMAGE}","TrainingInputMode":"File"},`
            + '"ResourceConfig":{"InstanceType":"ml.m5.large","InstanceCount":1,"VolumeSizeInGB":30},'
            + '"OutputDataConfig":{"S3OutputPath":"s3://models/out"},"StoppingCondition":{"MaxRuntimeInSeconds":1200}}',
          ]],
        },
        retryStrategy: { attempts: 2 },
        timeoutConfig: { attemptDurationSeconds: 1800 },
        schedulingPriority: 10,
        preemptionConfiguration: { preemptionRetriesBeforeTermination: 1 },
        tags: { team: 'ml' },
      },
      WaitForCompletion: true,
      CompletionTimeoutSeconds: 2700,
      TerminateOnDelete: true,
    });
  });

  test('on a quota-management queue, the quota share\'s name; a training job name of one\'s own', () => {
    const { stack, jobQueue, role } = trainingStack(true);
    const quotaShare = new QuotaShare(stack, 'Research', {
      jobQueue, quotaShareName: 'research', capacityLimits: [{ capacityUnit: CapacityUnit.instanceType('ml.g5.xlarge'), maxCapacity: 2 }],
    });
    new DeployTimeJob(stack, 'Job', {
      jobQueue,
      quotaShare,
      trainingJob: { role, algorithmName: 'xgboost', instanceType: 'ml.g5.xlarge', outputPath: 's3://m/o', trainingJobName: 'nightly-baseline' },
    });
    const submit = jobProperties(stack).SubmitServiceJob;
    expect(submit.quotaShareName).toBe('research');
    expect(JSON.stringify(submit.serviceRequestPayload)).toContain('\\"TrainingJobName\\":\\"nightly-baseline\\"');
  });

  test('errors at construction: both kinds, container settings, an EC2 instance type', () => {
    const { stack, jobQueue, role } = trainingStack();
    expect(() => new DeployTimeJob(stack, 'Job', {
      jobQueue,
      jobDefinition: definition(stack),
      parameters: { a: 'b' },
      trainingJob: { role, trainingImage: IMAGE, instanceType: 'm5.large', outputPath: 's3://m/o' },
    })).toThrow(/\[TestStack\/Job\]\n {2}- jobDefinition must be given, or trainingJob instead: exactly one of them, got "jobDefinition and trainingJob"[^]*- parameters applies only to container jobs[^]*- trainingJob.instanceType must be a SageMaker instance type/);
  });

  test('a training job on a queue of compute environments fails synth', () => {
    const stack = testStack();
    const ce = ComputeEnvironment.fromComputeEnvironmentArn(stack, 'Ce', `${ARN_PREFIX}:compute-environment/ce`);
    const jobQueue = new JobQueue(stack, 'Queue', { computeEnvironments: [{ computeEnvironment: ce, order: 1 }] });
    const role = iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::123456789012:role/Exec');
    new DeployTimeJob(stack, 'Job', { jobQueue, trainingJob: { role, trainingImage: IMAGE, instanceType: 'ml.m5.large', outputPath: 's3://m/o' } });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/Job] jobQueue must be a SageMaker training queue (with serviceEnvironments) for a trainingJob, got "TestStack/Queue"');
  });

  test('a container job on a SageMaker queue fails synth', () => {
    const { stack, jobQueue } = trainingStack();
    new DeployTimeJob(stack, 'Job', { jobQueue, jobDefinition: definition(stack) });
    expect(() => synthTemplate(stack)).toThrow('[TestStack/Job] jobQueue must be a queue of compute environments for a jobDefinition '
      + '(this one orders service environments), got "TestStack/Training"');
  });
});
