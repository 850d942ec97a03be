import { ArnFormat, CfnElement, CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { countByType, synthTemplate, testStack } from './synth';
import { addReferenceDeployTimeJob } from '../examples/deploy-time-job';
import {
  DeployTimeJob, DeployTimeJobProps, IJobDefinition, IJobQueue, JobDefinition, JobDependencyType, JobQueue,
} from '../src';
import { HANDLER_SINGLETON_ID, RESOURCE_TYPE, SUBMITTED_BY_TAG } from '../src/deploy-time-job/protocol';

const ARN_PREFIX = 'arn:aws:batch:us-east-1:123456789012';
const QUEUE_ARN = `${ARN_PREFIX}:job-queue/HighPriority`;
const DEFINITION_ARN = `${ARN_PREFIX}:job-definition/sleep10:3`;

function queue(stack: Stack, name = 'HighPriority'): IJobQueue {
  return JobQueue.fromJobQueueArn(stack, `Queue${name}`, `${ARN_PREFIX}:job-queue/${name}`);
}
function definition(stack: Stack, name = 'sleep10', revision = 3): IJobDefinition {
  return JobDefinition.fromJobDefinitionArn(stack, `Definition${name}`, `${ARN_PREFIX}:job-definition/${name}:${revision}`);
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

/** Expects the props to be rejected with a message naming the construct path. */
function expectInvalid(props: Partial<DeployTimeJobProps>, message: string) {
  expect(() => jobWith(props)).toThrow(`[TestStack/Job] ${message}`);
}

/** Expects the props to synthesize through the CloudFormation schema validation. */
function expectValid(props: Partial<DeployTimeJobProps>) {
  const { stack } = jobWith(props);
  expect(() => synthTemplate(stack)).not.toThrow();
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

  test('the handler function: the newest Node.js runtime, 15 minutes, 256 MB, stack id and name, a stable logical id', () => {
    const { stack } = jobWith();
    const template = synthTemplate(stack);
    template.templateMatches({
      Resources: {
        [HANDLER_SINGLETON_ID]: {
          Type: 'AWS::Lambda::Function',
          Properties: Match.objectLike({
            Runtime: 'nodejs24.x',
            Handler: 'index.handler',
            Timeout: 900,
            MemorySize: 256,
            Environment: { Variables: { SUBMITTED_BY: { Ref: 'AWS::StackId' }, STACK_NAME: { Ref: 'AWS::StackName' } } },
            LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^BatchDeployTimeJobHandlerLogGroup') } },
          }),
        },
      },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Retain' });
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

describe('IAM', () => {
  test('exact statements for two queues and two job definitions', () => {
    const stack = testStack();
    const high = queue(stack, 'HighPriority');
    const low = queue(stack, 'LowPriority');
    const migrate = definition(stack, 'migrate');
    const smoke = definition(stack, 'smoke');
    new DeployTimeJob(stack, 'A', { jobQueue: high, jobDefinition: migrate });
    new DeployTimeJob(stack, 'B', { jobQueue: low, jobDefinition: smoke });
    new DeployTimeJob(stack, 'C', { jobQueue: high, jobDefinition: smoke }); // nothing new to allow
    const arn = (resource: string, resourceName: string) =>
      stack.resolve(stack.formatArn({ service: 'batch', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }));
    const template = synthTemplate(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'batch:SubmitJob',
            Resource: [
              `${ARN_PREFIX}:job-queue/HighPriority`,
              // Imported by literal ARN: granted in that ARN's partition, region and account.
              `${ARN_PREFIX}:job-definition/migrate`,
              `${ARN_PREFIX}:job-definition/migrate:*`,
              `${ARN_PREFIX}:job-queue/LowPriority`,
              `${ARN_PREFIX}:job-definition/smoke`,
              `${ARN_PREFIX}:job-definition/smoke:*`,
            ],
          },
          {
            Effect: 'Allow',
            Action: ['batch:SubmitJob', 'batch:TagResource'],
            Resource: arn('job', '*'),
            Condition: { StringEquals: { [`aws:RequestTag/${SUBMITTED_BY_TAG}`]: { Ref: 'AWS::StackId' } } },
          },
          {
            Effect: 'Allow',
            Action: 'batch:TerminateJob',
            Resource: arn('job', '*'),
            Condition: { StringEquals: { [`aws:ResourceTag/${SUBMITTED_BY_TAG}`]: { Ref: 'AWS::StackId' } } },
          },
          { Effect: 'Allow', Action: ['batch:DescribeJobs', 'batch:ListJobs'], Resource: '*' },
          {
            Effect: 'Allow',
            Action: 'lambda:InvokeFunction',
            Resource: [
              { 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] },
              { 'Fn::Join': ['', [{ 'Fn::GetAtt': [HANDLER_SINGLETON_ID, 'Arn'] }, ':*']] },
            ],
          },
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BatchDeployTimeJobHandlerLogGroup'), 'Arn'] },
          },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp('^BatchDeployTimeJobHandlerRole') }],
    });
  });

  test('the role has no other permissions', () => {
    const { stack } = jobWith();
    const roles = synthTemplate(stack).findResources('AWS::IAM::Role');
    const [role] = Object.values<any>(roles);
    expect(Object.keys(role.Properties).sort()).toEqual(['AssumeRolePolicyDocument', 'Description']);
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

  test('every field in the SDK\'s shape', () => {
    const { stack } = jobWith({
      jobName: 'migrate_db-1',
      parameters: { target: 'v42' },
      containerOverrides: {
        command: ['migrate', 'Ref::target'],
        environment: { LOG_LEVEL: 'debug' },
        vcpus: 2,
        memory: Size.gibibytes(4),
        gpuCount: 1,
      },
      arraySize: 4,
      sequentialArrayChildren: true,
      retryAttempts: 3,
      timeout: Duration.minutes(10),
      tags: { team: 'data' },
      propagateTags: true,
      shareIdentifier: 'blue',
      schedulingPriority: 10,
      terminateOnDelete: false,
      completionTimeout: Duration.minutes(45),
    });
    const properties = jobProperties(stack);
    expect(properties.JobNamePrefix).toBe('migrate_db-1');
    expect(properties.TerminateOnDelete).toBe(false);
    expect(properties.SubmitJob).toEqual({
      jobQueue: QUEUE_ARN,
      jobDefinition: DEFINITION_ARN,
      parameters: { target: 'v42' },
      containerOverrides: {
        command: ['migrate', 'Ref::target'],
        environment: [{ name: 'LOG_LEVEL', value: 'debug' }],
        resourceRequirements: [
          { type: 'VCPU', value: '2' },
          { type: 'MEMORY', value: '4096' },
          { type: 'GPU', value: '1' },
        ],
      },
      arrayProperties: { size: 4 },
      dependsOn: [{ type: 'SEQUENTIAL' }],
      retryStrategy: { attempts: 3 },
      timeout: { attemptDurationSeconds: 600 },
      tags: { team: 'data' },
      propagateTags: true,
      shareIdentifier: 'blue',
      schedulingPriorityOverride: 10,
    });
  });

  test('node overrides with per-range container overrides and instance type', () => {
    const { stack } = jobWith({
      nodeOverrides: {
        numNodes: 4,
        nodePropertyOverrides: [
          { targetNodes: '0:0', containerOverrides: { command: ['main'] } },
          { targetNodes: '1:', containerOverrides: { instanceType: new ec2.InstanceType('c5.xlarge'), vcpus: 4 } },
        ],
      },
    });
    expect(jobProperties(stack).SubmitJob.nodeOverrides).toEqual({
      numNodes: 4,
      nodePropertyOverrides: [
        { targetNodes: '0:0', containerOverrides: { command: ['main'] } },
        { targetNodes: '1:', containerOverrides: { instanceType: 'c5.xlarge', resourceRequirements: [{ type: 'VCPU', value: '4' }] } },
      ],
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
  /** Jobs to depend on, in the given stack. */
  function others(stack: Stack, count: number, props: Partial<DeployTimeJobProps> = {}): DeployTimeJob[] {
    return Array.from({ length: count }, (_, i) =>
      new DeployTimeJob(stack, `Other${i}`, { jobQueue: queue(stack, `Q${i}`), jobDefinition: definition(stack, `d${i}`), ...props }));
  }

  test('job name: Batch\'s characters, first alphanumeric', () => {
    expectInvalid({ jobName: '-migrate' }, 'jobName must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "-migrate"');
    expectInvalid({ jobName: 'migrate db' }, 'jobName must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "migrate db"');
    expectValid({ jobName: 'm-igrate_db' });
  });

  test('job name: at most 100 characters, leaving room for the handler\'s suffix', () => {
    expectInvalid({ jobName: 'a'.repeat(101) }, `jobName must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit, got "${'a'.repeat(101)}". The handler appends a suffix`);
    expectValid({ jobName: 'a'.repeat(100) });
  });

  test('array size: 2 to 10,000', () => {
    expectInvalid({ arraySize: 1 }, 'arraySize must be an integer between 2 and 10000, got 1');
    expectValid({ arraySize: 2 });
    expectInvalid({ arraySize: 10_001 }, 'arraySize must be an integer between 2 and 10000, got 10001');
    expectValid({ arraySize: 10_000 });
    expectInvalid({ arraySize: 2.5 }, 'arraySize must be an integer between 2 and 10000, got 2.5');
  });

  test('sequential children need an array job', () => {
    expectInvalid({ sequentialArrayChildren: true }, 'sequentialArrayChildren needs arraySize, got true');
    expectValid({ sequentialArrayChildren: true, arraySize: 2 });
  });

  test('at most 20 dependencies', () => {
    const tooMany = testStack();
    expect(() => jobWith({ dependsOn: others(tooMany, 21).map((job) => ({ job })) }, tooMany))
      .toThrow('[TestStack/Job] dependsOn must have at most 20 entries, got 21. A Batch job can depend on at most 20 jobs');
    const enough = testStack();
    jobWith({ dependsOn: others(enough, 20).map((job) => ({ job })) }, enough);
    expect(() => synthTemplate(enough)).not.toThrow();
  });

  test('sequential children count as one of the 20 dependencies', () => {
    const stack = testStack();
    expect(() => jobWith({ arraySize: 2, sequentialArrayChildren: true, dependsOn: others(stack, 20).map((job) => ({ job })) }, stack))
      .toThrow('[TestStack/Job] dependsOn must have at most 20 entries, got 21. sequentialArrayChildren counts as one dependency');
    const valid = testStack();
    jobWith({ arraySize: 2, sequentialArrayChildren: true, dependsOn: others(valid, 19).map((job) => ({ job })) }, valid);
    expect(() => synthTemplate(valid)).not.toThrow();
  });

  test('a job is named once', () => {
    const stack = testStack();
    const [other] = others(stack, 1);
    expect(() => jobWith({ dependsOn: [{ job: other }, { job: other }] }, stack))
      .toThrow('[TestStack/Job] dependsOn must name each job once, got ["TestStack/Other0"]');
  });

  test('SEQUENTIAL names no job', () => {
    const stack = testStack();
    const [other] = others(stack, 1);
    expect(() => jobWith({ arraySize: 2, dependsOn: [{ job: other, type: JobDependencyType.SEQUENTIAL }] }, stack))
      .toThrow('[TestStack/Job] dependsOn[0].type cannot be SEQUENTIAL with a job, got "SEQUENTIAL". SEQUENTIAL orders the children of this array job and names no other job: set sequentialArrayChildren: true');
  });

  test('N_TO_N needs both jobs to be array jobs', () => {
    const plain = testStack();
    const [single] = others(plain, 1);
    expect(() => jobWith({ arraySize: 2, dependsOn: [{ job: single, type: JobDependencyType.N_TO_N }] }, plain))
      .toThrow('[TestStack/Job] dependsOn[0].type needs an array job to depend on, and TestStack/Other0 has no arraySize, got "N_TO_N"');
    const notArray = testStack();
    const [array] = others(notArray, 1, { arraySize: 2 });
    expect(() => jobWith({ dependsOn: [{ job: array, type: JobDependencyType.N_TO_N }] }, notArray))
      .toThrow('[TestStack/Job] dependsOn[0].type needs arraySize on this job, got "N_TO_N"');
    const valid = testStack();
    const [arrayToo] = others(valid, 1, { arraySize: 2 });
    jobWith({ arraySize: 2, dependsOn: [{ job: arrayToo, type: JobDependencyType.N_TO_N }] }, valid);
    expect(() => synthTemplate(valid)).not.toThrow();
  });

  test('retry attempts: 1 to 10', () => {
    expectInvalid({ retryAttempts: 0 }, 'retryAttempts must be an integer between 1 and 10, got 0');
    expectValid({ retryAttempts: 1 });
    expectInvalid({ retryAttempts: 11 }, 'retryAttempts must be an integer between 1 and 10, got 11');
    expectValid({ retryAttempts: 10 });
  });

  test('attempt timeout: at least 60 seconds, whole seconds', () => {
    expectInvalid({ timeout: Duration.seconds(59) }, 'timeout must be at least 1 minute, got 59 seconds');
    expectValid({ timeout: Duration.seconds(60) });
    expectInvalid({ timeout: Duration.millis(60_500) }, 'timeout must be a whole number of seconds, got 1 minute 500 millis');
    expectInvalid({ completionTimeout: Duration.millis(60_500) }, 'completionTimeout must be a whole number of seconds, got 1 minute 500 millis');
  });

  test('no environment overrides named AWS_BATCH*', () => {
    expectInvalid({ containerOverrides: { environment: { AWS_BATCH_JOB_ID: 'x' } } },
      'containerOverrides.environment must not have names starting with AWS_BATCH, got "AWS_BATCH_JOB_ID". Batch reserves them');
    expectValid({ containerOverrides: { environment: { MY_AWS_BATCH_JOB_ID: 'x' } } });
    expectInvalid({ nodeOverrides: { nodePropertyOverrides: [{ targetNodes: ':', containerOverrides: { environment: { AWS_BATCH: 'x' } } }] } },
      'nodeOverrides.nodePropertyOverrides[0].containerOverrides.environment must not have names starting with AWS_BATCH, got "AWS_BATCH"');
  });

  test('completion timeout: 1 minute to 1 hour', () => {
    expectInvalid({ completionTimeout: Duration.seconds(59) },
      'completionTimeout must be between 1 minute and 1 hour, got 59 seconds. CloudFormation waits for a custom resource for at most 1 hour');
    expectValid({ completionTimeout: Duration.minutes(1) });
    expectInvalid({ completionTimeout: Duration.minutes(61) }, 'completionTimeout must be between 1 minute and 1 hour, got 1 hour 1 minute');
    expectValid({ completionTimeout: Duration.minutes(60) });
  });

  test('completion timeout only applies when waiting', () => {
    expectInvalid({ waitForCompletion: false, completionTimeout: Duration.minutes(5) },
      'completionTimeout only applies with waitForCompletion, got 5 minutes. Remove completionTimeout or set waitForCompletion to true');
    expectValid({ waitForCompletion: false });
  });

  test('vCPUs: a whole number >= 1, or 0.25 / 0.5', () => {
    expectInvalid({ containerOverrides: { vcpus: 0 } }, 'containerOverrides.vcpus must be a whole number >= 1, or 0.25 or 0.5 (Fargate), got 0');
    expectValid({ containerOverrides: { vcpus: 0.25 } });
    expectInvalid({ containerOverrides: { vcpus: 1.5 } }, 'containerOverrides.vcpus must be a whole number >= 1, or 0.25 or 0.5 (Fargate), got 1.5');
    expectValid({ containerOverrides: { vcpus: 1 } });
  });

  test('memory: whole MiB, at least 4 MiB', () => {
    expectInvalid({ containerOverrides: { memory: Size.mebibytes(3) } }, 'containerOverrides.memory must be a whole number of MiB >= 4 MiB, got 3 MiB');
    expectValid({ containerOverrides: { memory: Size.mebibytes(4) } });
    expectInvalid({ containerOverrides: { memory: Size.kibibytes(4097) } }, 'containerOverrides.memory must be a whole number of MiB >= 4 MiB, got 4.0009765625 MiB');
  });

  test('GPU count: a whole number >= 0', () => {
    expectInvalid({ containerOverrides: { gpuCount: -1 } }, 'containerOverrides.gpuCount must be an integer >= 0, got -1');
    expectValid({ containerOverrides: { gpuCount: 0 } });
  });

  test('instance type only for a node range', () => {
    expectInvalid({ containerOverrides: { instanceType: new ec2.InstanceType('c5.large') } },
      'containerOverrides.instanceType only applies to a node range of a multi-node parallel job, got "c5.large"');
    expectValid({ nodeOverrides: { nodePropertyOverrides: [{ targetNodes: ':', containerOverrides: { instanceType: new ec2.InstanceType('c5.large') } }] } });
  });

  test('container overrides and node overrides exclude each other', () => {
    expectInvalid({ containerOverrides: { command: ['a'] }, nodeOverrides: { numNodes: 2 } },
      'containerOverrides cannot be combined with nodeOverrides: containerOverrides apply to a single-node job, nodeOverrides to a multi-node parallel job');
    expectValid({ nodeOverrides: { numNodes: 2 } });
  });

  test('node count: at least 1', () => {
    expectInvalid({ nodeOverrides: { numNodes: 0 } }, 'nodeOverrides.numNodes must be an integer >= 1, got 0');
    expectValid({ nodeOverrides: { numNodes: 1 } });
  });

  test('node ranges: "start:end" format, in order, below numNodes, each once', () => {
    const range = (targetNodes: string, numNodes?: number) =>
      ({ nodeOverrides: { numNodes, nodePropertyOverrides: [{ targetNodes, containerOverrides: { command: ['x'] } }] } });
    expectInvalid(range('0-3'), 'nodeOverrides.nodePropertyOverrides[0].targetNodes must be a node range "start:end" such as "0:3", ":3", "2:" or ":", got "0-3"');
    expectInvalid(range('3:1'), 'nodeOverrides.nodePropertyOverrides[0].targetNodes must not start after it ends, got "3:1"');
    expectValid(range('1:1'));
    expectInvalid(range('0:4', 4), 'nodeOverrides.nodePropertyOverrides[0].targetNodes must only name node indexes below numNodes (4), got "0:4"');
    expectValid(range('0:3', 4));
    expectInvalid({
      nodeOverrides: {
        nodePropertyOverrides: [
          { targetNodes: '0:', containerOverrides: { command: ['a'] } },
          { targetNodes: '0:', containerOverrides: { vcpus: 2 } },
        ],
      },
    }, 'nodeOverrides.nodePropertyOverrides must target each node range once, got ["0:"]');
  });

  test('tags: at most 49 besides the handler\'s', () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    expectInvalid({ tags: tags(50) }, `tags must have at most 49 entries, got 50. Batch allows 50 tags per job and the handler adds ${SUBMITTED_BY_TAG}`);
    expectValid({ tags: tags(49) });
  });

  test('tags: no aws: keys, not the handler\'s key, values up to 256 characters', () => {
    expectInvalid({ tags: { 'aws:owner': 'x' } }, 'tags must not have keys starting with aws:, got "aws:owner"');
    expectInvalid({ tags: { [SUBMITTED_BY_TAG]: 'x' } }, `tags must not set ${SUBMITTED_BY_TAG}, got "${SUBMITTED_BY_TAG}"`);
    expectInvalid({ tags: { owner: 'x'.repeat(257) } }, 'tags.owner must be at most 256 characters');
    expectValid({ tags: { owner: 'x'.repeat(256) } });
    expectInvalid({ tags: { ['k'.repeat(129)]: 'x' } }, `tags must have keys of 1-128 characters, got "${'k'.repeat(129)}"`);
    expectInvalid({ tags: { '': 'x' } }, 'tags must have keys of 1-128 characters, got ""');
    expectValid({ tags: { ['k'.repeat(128)]: 'x' } });
  });

  test('share identifier: up to 255 letters and digits', () => {
    expectInvalid({ shareIdentifier: 'blue-team' }, 'shareIdentifier must be 1-255 letters and digits, optionally followed by *, got "blue-team"');
    expectValid({ shareIdentifier: 'blueteam' });
  });

  test('scheduling priority: 0 to 9999', () => {
    expectInvalid({ schedulingPriority: 10_000 }, 'schedulingPriority must be an integer between 0 and 9999, got 10000');
    expectValid({ schedulingPriority: 9999 });
  });

  test('reports every problem at once', () => {
    expect(() => jobWith({ arraySize: 1, retryAttempts: 0 })).toThrow(
      '[TestStack/Job]\n  - arraySize must be an integer between 2 and 10000, got 1\n  - retryAttempts must be an integer between 1 and 10, got 0');
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
