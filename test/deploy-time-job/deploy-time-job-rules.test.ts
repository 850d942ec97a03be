/**
 * DeployTimeJob's rules as tables: `deployTimeJobProblems(props)` called directly, without
 * synthesizing a stack. Each row gives props, and the findings expected (rule, severity,
 * exact message), or none.
 */
import { CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DeployTimeJob, DeployTimeJobProps, JobDefinition, JobDependencyType, JobQueue } from '../../src';
import { deployTimeJobProblems } from '../../src/deploy-time-job/deploy-time-job-rules';
import { SUBMITTED_BY_TAG } from '../../src/deploy-time-job/protocol';
import { testArn } from '../fixtures';
import { FoundRule, found } from '../rule-findings';
import { TEST_ENV } from '../synth';

const stack = new Stack(undefined, 'RulesStack', { env: TEST_ENV });
const jobQueue = JobQueue.fromJobQueueArn(stack, 'Queue', testArn('job-queue', 'HighPriority'));
const jobDefinition = JobDefinition.fromJobDefinitionArn(stack, 'Definition', testArn('job-definition', 'sleep10:3'));
let jobs = 0;
/** A job to depend on (constructed, never synthesized). */
function other(props: Partial<DeployTimeJobProps> = {}): DeployTimeJob {
  return new DeployTimeJob(stack, `Other${jobs++}`, { jobQueue, jobDefinition, ...props });
}
const single = other();
const array = other({ arraySize: 2 });
const twenty = Array.from({ length: 20 }, () => other());

function problemsOf(props: Partial<DeployTimeJobProps>): FoundRule[] {
  return found(deployTimeJobProblems({ jobQueue, jobDefinition, ...props }));
}
const error = (rule: string, message: string): FoundRule => ({ rule, severity: 'error', message });
const warning = (rule: string, message: string): FoundRule => ({ rule, severity: 'warning', message });
const range = (targetNodes: string, numNodes?: number): Partial<DeployTimeJobProps> =>
  ({ nodeOverrides: { numNodes, nodePropertyOverrides: [{ targetNodes, containerOverrides: { command: ['x'] } }] } });
const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
const NAME_RULE = 'must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit';
const NAME_HINT = 'The handler appends a suffix that keeps the name within Batch\'s 128 characters';

const TABLE: Array<[string, Partial<DeployTimeJobProps>, FoundRule[]]> = [
  ['defaults', {}, []],
  // jobName
  ['jobName starting with -', { jobName: '-migrate' }, [error('jobNamePrefix', `jobName ${NAME_RULE}, got "-migrate". ${NAME_HINT}`)]],
  ['jobName with a space', { jobName: 'migrate db' }, [error('jobNamePrefix', `jobName ${NAME_RULE}, got "migrate db". ${NAME_HINT}`)]],
  ['jobName of Batch\'s characters', { jobName: 'm-igrate_db' }, []],
  ['jobName of 101 characters', { jobName: 'a'.repeat(101) }, [error('jobNamePrefix', `jobName ${NAME_RULE}, got "${'a'.repeat(101)}". ${NAME_HINT}`)]],
  ['jobName of 100 characters', { jobName: 'a'.repeat(100) }, []],
  // arraySize
  ['arraySize 1', { arraySize: 1 }, [error('arraySize', 'arraySize must be an integer between 2 and 10000, got 1')]],
  ['arraySize 2', { arraySize: 2 }, []],
  ['arraySize 10001', { arraySize: 10_001 }, [error('arraySize', 'arraySize must be an integer between 2 and 10000, got 10001')]],
  ['arraySize 10000', { arraySize: 10_000 }, []],
  ['arraySize 2.5', { arraySize: 2.5 }, [error('arraySize', 'arraySize must be an integer between 2 and 10000, got 2.5')]],
  // sequential children
  ['sequential children without an array', { sequentialArrayChildren: true },
    [error('sequentialNeedsArray', 'sequentialArrayChildren needs arraySize, got true. Only the children of an array job can run one after another')]],
  ['sequential children of an array', { sequentialArrayChildren: true, arraySize: 2 }, []],
  // dependsOn
  ['21 dependencies', { dependsOn: [...twenty, single].map((job) => ({ job })) },
    [error('dependsOnMax', 'dependsOn must have at most 20 entries, got 21. A Batch job can depend on at most 20 jobs')]],
  ['20 dependencies', { dependsOn: twenty.map((job) => ({ job })) }, []],
  ['20 dependencies and sequential children', { arraySize: 2, sequentialArrayChildren: true, dependsOn: twenty.map((job) => ({ job })) },
    [error('dependsOnMax', 'dependsOn must have at most 20 entries, got 21. sequentialArrayChildren counts as one dependency')]],
  ['19 dependencies and sequential children', { arraySize: 2, sequentialArrayChildren: true, dependsOn: twenty.slice(1).map((job) => ({ job })) }, []],
  // No source forbids naming a job twice (the rule was dropped): it synthesizes.
  ['the same job twice', { dependsOn: [{ job: single }, { job: single }] }, []],
  ['SEQUENTIAL with a job', { arraySize: 2, dependsOn: [{ job: single, type: JobDependencyType.SEQUENTIAL }] },
    [error('sequentialWithJob', 'dependsOn[0].type cannot be SEQUENTIAL with a job, got "SEQUENTIAL". SEQUENTIAL orders the children of '
      + 'this array job and names no other job: set sequentialArrayChildren: true')]],
  ['N_TO_N on a job that is not an array', { arraySize: 2, dependsOn: [{ job: single, type: JobDependencyType.N_TO_N }] },
    [error('nToNNeedsArrays', 'dependsOn[0].type needs an array job to depend on, and RulesStack/Other0 has no arraySize, got "N_TO_N". '
      + 'N_TO_N pairs the children of two array jobs by index; use the default dependency type to wait for the whole job')]],
  ['N_TO_N from a job that is not an array', { dependsOn: [{ job: array, type: JobDependencyType.N_TO_N }] },
    [error('nToNNeedsArrays', 'dependsOn[0].type needs arraySize on this job, got "N_TO_N". N_TO_N pairs the children of two array jobs by index')]],
  ['N_TO_N between array jobs', { arraySize: 2, dependsOn: [{ job: array, type: JobDependencyType.N_TO_N }] }, []],
  // shared rules: retries, attempt timeout, priority, share identifier
  ['retryAttempts 0', { retryAttempts: 0 }, [error('retryAttempts', 'retryAttempts must be an integer between 1 and 10, got 0')]],
  ['retryAttempts 1', { retryAttempts: 1 }, []],
  ['retryAttempts 11', { retryAttempts: 11 }, [error('retryAttempts', 'retryAttempts must be an integer between 1 and 10, got 11')]],
  ['retryAttempts 10', { retryAttempts: 10 }, []],
  ['timeout 59 seconds', { timeout: Duration.seconds(59) },
    [error('attemptTimeoutMinimum', 'timeout must be at least 1 minute, got 59 seconds. Batch allows no shorter attempt timeout')]],
  ['timeout 60 seconds', { timeout: Duration.seconds(60) }, []],
  ['timeout 60.5 seconds', { timeout: Duration.millis(60_500) },
    [error('attemptTimeoutWholeSeconds', 'timeout must be a whole number of seconds, got 1 minute 500 millis')]],
  ['schedulingPriority 10000', { schedulingPriority: 10_000 },
    [error('schedulingPriority', 'schedulingPriority must be an integer between 0 and 9999, got 10000. Higher runs first within a share')]],
  ['schedulingPriority 9999', { schedulingPriority: 9999 }, []],
  ['shareIdentifier with a hyphen', { shareIdentifier: 'blue-team' },
    [error('shareIdentifier', 'shareIdentifier must be 1-255 letters and digits, optionally followed by *, got "blue-team"')]],
  ['shareIdentifier of letters', { shareIdentifier: 'blueteam' }, []],
  // container overrides
  ['environment AWS_BATCH_JOB_ID', { containerOverrides: { environment: { AWS_BATCH_JOB_ID: 'x' } } },
    [error('reservedEnvironmentName', 'containerOverrides.environment names must not start with AWS_BATCH, got "AWS_BATCH_JOB_ID". '
      + 'Batch reserves that prefix for the variables it sets')]],
  ['environment MY_AWS_BATCH_JOB_ID', { containerOverrides: { environment: { MY_AWS_BATCH_JOB_ID: 'x' } } }, []],
  ['node range environment AWS_BATCH', {
    nodeOverrides: { nodePropertyOverrides: [{ targetNodes: ':', containerOverrides: { environment: { AWS_BATCH: 'x' } } }] },
  }, [error('reservedEnvironmentName', 'nodeOverrides.nodePropertyOverrides[0].containerOverrides.environment names '
    + 'must not start with AWS_BATCH, got "AWS_BATCH". Batch reserves that prefix for the variables it sets')]],
  ['0 vCPUs', { containerOverrides: { vcpus: 0 } },
    [error('overrideVcpus', 'containerOverrides.vcpus must be a whole number >= 1, or 0.25 or 0.5 (Fargate), got 0')]],
  ['0.25 vCPUs', { containerOverrides: { vcpus: 0.25 } }, []],
  ['1.5 vCPUs', { containerOverrides: { vcpus: 1.5 } },
    [error('overrideVcpus', 'containerOverrides.vcpus must be a whole number >= 1, or 0.25 or 0.5 (Fargate), got 1.5')]],
  ['1 vCPU', { containerOverrides: { vcpus: 1 } }, []],
  ['3 MiB', { containerOverrides: { memory: Size.mebibytes(3) } },
    [error('overrideMemory', 'containerOverrides.memory must be a whole number of MiB >= 4, got 3 MiB')]],
  ['4 MiB', { containerOverrides: { memory: Size.mebibytes(4) } }, []],
  ['4097 KiB', { containerOverrides: { memory: Size.kibibytes(4097) } },
    [error('overrideMemory', 'containerOverrides.memory must be a whole number of MiB >= 4, got 4.0009765625 MiB')]],
  ['-1 GPUs', { containerOverrides: { gpuCount: -1 } }, [error('overrideGpu', 'containerOverrides.gpuCount must be an integer >= 0, got -1')]],
  ['0 GPUs', { containerOverrides: { gpuCount: 0 } }, []],
  ['an instance type on a single-node job', { containerOverrides: { instanceType: new ec2.InstanceType('c5.large') } },
    [error('overrideInstanceType', 'containerOverrides.instanceType only applies to a node range of a multi-node parallel job, got "c5.large". '
      + 'Batch rejects it for single-node jobs; set it in nodeOverrides.nodePropertyOverrides[].containerOverrides')]],
  ['an instance type on a node range', {
    nodeOverrides: { nodePropertyOverrides: [{ targetNodes: ':', containerOverrides: { instanceType: new ec2.InstanceType('c5.large') } }] },
  }, []],
  ['container overrides with node overrides', { containerOverrides: { command: ['a'] }, nodeOverrides: { numNodes: 2 } },
    [warning('containerAndNodeOverrides', 'containerOverrides is given together with nodeOverrides: containerOverrides apply to a single-node '
      + 'job, nodeOverrides to a multi-node parallel job, so one of them does not apply, got ["command"]. For a multi-node parallel job, '
      + 'put container settings in nodeOverrides.nodePropertyOverrides')]],
  // node overrides
  ['node overrides alone', { nodeOverrides: { numNodes: 2 } }, []],
  ['0 nodes', { nodeOverrides: { numNodes: 0 } }, [error('numNodes', 'nodeOverrides.numNodes must be an integer >= 1, got 0')]],
  ['1 node', { nodeOverrides: { numNodes: 1 } }, []],
  ['node range 0-3', range('0-3'), [error('nodeOverrideFormat',
    'nodeOverrides.nodePropertyOverrides[0].targetNodes must be a node range "start:end" such as "0:3", ":3", "2:" or ":", got "0-3"')]],
  ['node range 3:1', range('3:1'), [warning('nodeOverrideReversed', 'nodeOverrides.nodePropertyOverrides[0].targetNodes starts after it ends, '
    + 'so it overrides no node, got "3:1". Write the range as start:end with start <= end')]],
  ['node range 1:1', range('1:1'), []],
  ['node range 0:4 of 4 nodes', range('0:4', 4), [warning('nodeOverrideOutside', 'nodeOverrides.nodePropertyOverrides[0].targetNodes names '
    + 'node indexes at or above numNodes (4), which override no node, got "0:4". Nodes are numbered 0 to 3')]],
  ['node range 4: of 4 nodes', range('4:', 4), [warning('nodeOverrideOutside', 'nodeOverrides.nodePropertyOverrides[0].targetNodes names '
    + 'node indexes at or above numNodes (4), which override no node, got "4:". Nodes are numbered 0 to 3')]],
  ['node range 0:3 of 4 nodes', range('0:3', 4), []],
  ['the same node range twice', {
    nodeOverrides: {
      nodePropertyOverrides: [
        { targetNodes: '0:', containerOverrides: { command: ['a'] } },
        { targetNodes: '0:', containerOverrides: { vcpus: 2 } },
      ],
    },
  }, []], // no source forbids it (the rule was dropped)
  // tags
  ['50 tags', { tags: tags(50) },
    [error('tagCount', `tags must have at most 49 entries, got 50. Batch allows 50 tags per job and the handler adds ${SUBMITTED_BY_TAG}`)]],
  ['49 tags', { tags: tags(49) }, []],
  ['an aws: key', { tags: { 'aws:owner': 'x' } }, [error('tagKey', 'tags must not have keys starting with aws:, got "aws:owner". AWS reserves them')]],
  ['the runner\'s key', { tags: { [SUBMITTED_BY_TAG]: 'x' } }, [error('runnerTagReserved', `tags must not set ${SUBMITTED_BY_TAG}, got `
    + `"${SUBMITTED_BY_TAG}". The handler sets it to the stack id; it limits the handler's TerminateJob permission to its own jobs`)]],
  ['a value of 257 characters', { tags: { owner: 'x'.repeat(257) } },
    [error('tagValue', `tags.owner must be at most 256 characters, got "${'x'.repeat(20)}..."`)]],
  ['a value of 256 characters', { tags: { owner: 'x'.repeat(256) } }, []],
  ['a key of 129 characters', { tags: { ['k'.repeat(129)]: 'x' } }, [error('tagKey', `tags must have keys of 1-128 characters, got "${'k'.repeat(129)}"`)]],
  ['an empty key', { tags: { '': 'x' } }, [error('tagKey', 'tags must have keys of 1-128 characters, got ""')]],
  ['a key of 128 characters', { tags: { ['k'.repeat(128)]: 'x' } }, []],
  // completion timeout
  ['completionTimeout 59 seconds', { completionTimeout: Duration.seconds(59) }, [warning('completionTimeoutMinimum',
    'completionTimeout must be at least 1 minute, got 59 seconds. A job that has not finished by then is terminated and the deployment fails')]],
  ['completionTimeout 1 minute', { completionTimeout: Duration.minutes(1) }, []],
  ['completionTimeout 61 minutes', { completionTimeout: Duration.minutes(61) }, [error('completionTimeoutMax',
    'completionTimeout must be at most 1 hour, got 1 hour 1 minute. CloudFormation waits for a custom resource for at most 1 hour')]],
  ['completionTimeout 60 minutes', { completionTimeout: Duration.minutes(60) }, []],
  ['completionTimeout 60.5 seconds', { completionTimeout: Duration.millis(60_500) },
    [error('completionTimeoutWholeSeconds', 'completionTimeout must be a whole number of seconds, got 1 minute 500 millis')]],
  ['completionTimeout without waiting', { waitForCompletion: false, completionTimeout: Duration.minutes(5) }, [warning('completionTimeoutWithoutWait',
    'completionTimeout is ignored without waitForCompletion, got 5 minutes. Remove completionTimeout or set waitForCompletion to true')]],
  // wrong types from JavaScript or Python
  ['a queue ARN string', { jobQueue: testArn('job-queue', 'q') as any }, [error('typedInput',
    `jobQueue must be a batch.IJobQueue, got "${testArn('job-queue', 'q')}". Import an existing queue with JobQueue.fromJobQueueArn(scope, id, arn)`)]],
  ['a definition name string', { jobDefinition: 'sleep10' as any }, [error('typedInput',
    'jobDefinition must be a batch.IJobDefinition, got "sleep10". Import an existing definition with JobDefinition.fromJobDefinitionArn(scope, id, arn)')]],
  ['a job id string in dependsOn', { dependsOn: [{ job: 'migrate-1234' as any }] }, [error('typedInput',
    'dependsOn[0].job must be a DeployTimeJob, got "migrate-1234". Depend on the DeployTimeJob construct itself, not on its id or name')]],
  ['a job id string in dependsOn with N_TO_N', { arraySize: 2, dependsOn: [{ job: 'migrate-1234' as any, type: JobDependencyType.N_TO_N }] },
    [error('typedInput', 'dependsOn[0].job must be a DeployTimeJob, got "migrate-1234". Depend on the DeployTimeJob construct itself, not on its id or name')]],
  ['not waiting', { waitForCompletion: false }, []],
  // several at once
  ['every problem at once', { arraySize: 1, retryAttempts: 0 }, [
    error('arraySize', 'arraySize must be an integer between 2 and 10000, got 1'),
    error('retryAttempts', 'retryAttempts must be an integer between 1 and 10, got 0'),
  ]],
  // eksPropertiesOverride: its own rules are in eks-override-rules.test.ts; here they reach the job's rules
  ['an EKS override', { eksPropertiesOverride: { containers: [{ name: 'main', args: ['x'] }], labels: { run: 'deploy' } } }, []],
  ['an EKS override with an AWS_BATCH variable', { eksPropertiesOverride: { containers: [{ environment: { AWS_BATCH_X: '1' } }] } }, [
    error('reservedEnvironmentName', 'eksPropertiesOverride.containers[0].environment names must not start with AWS_BATCH, got "AWS_BATCH_X". '
      + 'Batch reserves that prefix for the variables it sets'),
  ]],
  ['an EKS override beside container overrides', { eksPropertiesOverride: {}, containerOverrides: { command: ['x'] } }, [
    warning('eksWithContainerOverrides', 'containerOverrides is given with eksPropertiesOverride: container overrides are for jobs on ECS, '
      + 'eksPropertiesOverride for jobs on EKS, so one of them does not apply, got ["command"]. For a job on EKS, override its containers in '
      + 'eksPropertiesOverride.containers'),
  ]],
  ['an EKS override of a node range with a bad namespace', {
    nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '0:', eksPropertiesOverride: { namespace: 'default' } }] },
  }, [error('eksPodNamespace', 'nodeOverrides.nodePropertyOverrides[0].eksPropertiesOverride.namespace must not be default or start with kube, '
    + 'got "default". Use a namespace of your own for Batch pods, e.g. "batch-jobs"')]],
  ['a node range with both overrides', {
    nodeOverrides: { nodePropertyOverrides: [{ targetNodes: '0:', containerOverrides: { command: ['x'] }, eksPropertiesOverride: {} }] },
  }, [warning('eksWithContainerOverrides', 'nodeOverrides.nodePropertyOverrides[0].containerOverrides is given with eksPropertiesOverride: '
    + 'container overrides are for jobs on ECS, eksPropertiesOverride for jobs on EKS, so one of them does not apply, got ["command"]. For a job on '
    + 'EKS, override its containers in eksPropertiesOverride.containers')]],
];

test.each(TABLE)('%s', (_name, props, expected) => {
  expect(problemsOf(props)).toEqual(expected);
});

test('tokens skip the checks they feed', () => {
  const number = new CfnParameter(stack, 'Number', { type: 'Number' }).valueAsNumber;
  const text = new CfnParameter(stack, 'Text', { type: 'String' }).valueAsString;
  expect(problemsOf({
    jobName: text,
    arraySize: Lazy.number({ produce: () => 1 }),
    retryAttempts: number,
    timeout: Duration.seconds(number),
    completionTimeout: Duration.seconds(number),
    schedulingPriority: number,
    shareIdentifier: text,
    nodeOverrides: {
      numNodes: number,
      nodePropertyOverrides: [{
        targetNodes: text,
        containerOverrides: { vcpus: number, memory: Size.mebibytes(number), gpuCount: number, environment: { [text]: 'x' } },
      }],
    },
    tags: { owner: text, [text]: 'x' },
  })).toEqual([]);
});
