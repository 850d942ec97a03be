/**
 * The SubmitJob request a DeployTimeJob renders (the SDK's shape, typed by protocol.ts),
 * called directly: no template.
 */
import { CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ConsumableResource, DeployTimeJob, DeployTimeJobProps, JobDefinition, JobDependencyType, JobQueue } from '../../src';
import { renderContainerOverrides, renderSubmitJob } from '../../src/deploy-time-job/submit-job';
import { testArn } from '../fixtures';
import { TEST_ENV } from '../synth';

const QUEUE_ARN = testArn('job-queue', 'HighPriority');
const DEFINITION_ARN = testArn('job-definition', 'sleep10:3');

function rendered(props: Partial<DeployTimeJobProps>, stack = new Stack(undefined, 'RenderStack', { env: TEST_ENV })) {
  const jobQueue = JobQueue.fromJobQueueArn(stack, 'Queue', QUEUE_ARN);
  const jobDefinition = JobDefinition.fromJobDefinitionArn(stack, 'Definition', DEFINITION_ARN);
  return stack.resolve(renderSubmitJob({ jobQueue, jobDefinition, ...props }));
}

test('defaults: the queue and definition ARNs only', () => {
  expect(rendered({})).toEqual({ jobQueue: QUEUE_ARN, jobDefinition: DEFINITION_ARN });
});

test('every field in the SDK\'s shape', () => {
  expect(rendered({
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
  })).toEqual({
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
  expect(rendered({
    nodeOverrides: {
      numNodes: 4,
      nodePropertyOverrides: [
        { targetNodes: '0:0', containerOverrides: { command: ['main'] } },
        { targetNodes: '1:', containerOverrides: { instanceType: new ec2.InstanceType('c5.xlarge'), vcpus: 4 } },
      ],
    },
  }).nodeOverrides).toEqual({
    numNodes: 4,
    nodePropertyOverrides: [
      { targetNodes: '0:0', containerOverrides: { command: ['main'] } },
      { targetNodes: '1:', containerOverrides: { instanceType: 'c5.xlarge', resourceRequirements: [{ type: 'VCPU', value: '4' }] } },
    ],
  });
});

test('dependencies: the other job\'s id, with its type when given', () => {
  const stack = new Stack(undefined, 'DependsStack', { env: TEST_ENV });
  const first = new DeployTimeJob(stack, 'First', {
    jobQueue: JobQueue.fromJobQueueArn(stack, 'Q', QUEUE_ARN), jobDefinition: JobDefinition.fromJobDefinitionArn(stack, 'D', DEFINITION_ARN), arraySize: 2,
  });
  const dependsOn = rendered({ arraySize: 2, dependsOn: [{ job: first }, { job: first, type: JobDependencyType.N_TO_N }] }, stack).dependsOn;
  expect(dependsOn).toEqual([
    { jobId: { 'Fn::GetAtt': [expect.stringMatching(/^First/), 'JobId'] } },
    { jobId: { 'Fn::GetAtt': [expect.stringMatching(/^First/), 'JobId'] }, type: 'N_TO_N' },
  ]);
});

test('container overrides: none rendered as undefined, token numbers as token strings', () => {
  expect(renderContainerOverrides(undefined)).toBeUndefined();
  const stack = new Stack(undefined, 'TokenStack', { env: TEST_ENV });
  const number = new CfnParameter(stack, 'Number', { type: 'Number' }).valueAsNumber;
  expect(stack.resolve(renderContainerOverrides({ vcpus: number, memory: Size.mebibytes(number) }))).toEqual({
    resourceRequirements: [{ type: 'VCPU', value: { Ref: 'Number' } }, { type: 'MEMORY', value: { Ref: 'Number' } }],
  });
});

test('task container and consumable resource overrides, at the job and per node range', () => {
  const stack = new Stack(undefined, 'RenderStack', { env: TEST_ENV });
  const pool = ConsumableResource.fromConsumableResourceArn(stack, 'Pool', testArn('consumable-resource', 'licenses'));
  expect(rendered({
    ecsPropertiesOverride: { containers: [{ name: 'app', command: ['run'], environment: { MODE: 'fast' }, vcpus: 2, memory: Size.gibibytes(4) }, { name: 'sidecar' }] },
    consumableResourcePropertiesOverride: [{ resource: pool, quantity: 2 }],
    nodeOverrides: {
      nodePropertyOverrides: [{
        targetNodes: '1:',
        ecsPropertiesOverride: { containers: [{ name: 'worker', gpuCount: 1 }] },
        consumableResourcePropertiesOverride: [{ resource: pool, quantity: 1 }],
      }],
    },
  }, stack)).toEqual({
    jobQueue: QUEUE_ARN,
    jobDefinition: DEFINITION_ARN,
    ecsPropertiesOverride: {
      taskProperties: [{
        containers: [
          {
            name: 'app',
            command: ['run'],
            environment: [{ name: 'MODE', value: 'fast' }],
            resourceRequirements: [{ type: 'VCPU', value: '2' }, { type: 'MEMORY', value: '4096' }],
          },
          { name: 'sidecar' },
        ],
      }],
    },
    consumableResourcePropertiesOverride: { consumableResourceList: [{ consumableResource: testArn('consumable-resource', 'licenses'), quantity: 2 }] },
    nodeOverrides: {
      nodePropertyOverrides: [{
        targetNodes: '1:',
        ecsPropertiesOverride: { taskProperties: [{ containers: [{ name: 'worker', resourceRequirements: [{ type: 'GPU', value: '1' }] }] }] },
        consumableResourcePropertiesOverride: { consumableResourceList: [{ consumableResource: testArn('consumable-resource', 'licenses'), quantity: 1 }] },
      }],
    },
  });
});

test('a job on EKS: eksPropertiesOverride in the SDK\'s shape, also per node range', () => {
  expect(rendered({
    eksPropertiesOverride: {
      containers: [{ name: 'migrate', args: ['--target', 'latest'], resources: { limits: { cpu: 0.5, memory: Size.mebibytes(512) } } }],
      labels: { run: 'deploy' },
    },
    nodeOverrides: {
      nodePropertyOverrides: [{ targetNodes: '0:', eksPropertiesOverride: { containers: [{ environment: { ROLE: 'worker' } }], namespace: 'mpi' } }],
    },
  })).toEqual({
    jobQueue: QUEUE_ARN,
    jobDefinition: DEFINITION_ARN,
    eksPropertiesOverride: {
      podProperties: {
        containers: [{ name: 'migrate', args: ['--target', 'latest'], resources: { limits: { cpu: '0.5', memory: '512Mi' } } }],
        metadata: { labels: { run: 'deploy' } },
      },
    },
    nodeOverrides: {
      nodePropertyOverrides: [{
        targetNodes: '0:',
        eksPropertiesOverride: { podProperties: { containers: [{ env: [{ name: 'ROLE', value: 'worker' }] }], metadata: { namespace: 'mpi' } } },
      }],
    },
  });
});
