import { Duration } from 'aws-cdk-lib';
import { DeployTimeJobContainerOverrides, DeployTimeJobNodeOverrides, DeployTimeJobProps, JobDependencyType } from './deploy-time-job-types';
import { eksOverrideProblems, eksWithContainerOverridesProblem } from './eks-override-rules';
import { SUBMITTED_BY_TAG } from './protocol';
import {
  checkAttemptTimeout, checkEnvironmentNames, checkRetryAttempts, checkSchedulingPriority, checkShareIdentifier, checkTags, checkTyped,
} from '../private/validation/batch-rules';
import {
  checkCount, checkDuration, checkNotSet, checkPattern, checkRange, checkWholeMiB, checkWholeSeconds,
} from '../private/validation/checks';
import { ARRAY_SIZE, MAX_DEPENDENCIES, MAX_SERVICE_TIMEOUT, MAX_TAGS, MIN_MEMORY_MIB } from '../private/validation/limits';
import { parseNodeRange } from '../private/validation/node-ranges';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, cfnReference, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of DeployTimeJob: the SubmitJob settings it renders and the wait around them.
 * Retries, priority, attempt timeout, share identifier and tags are the shared rules of
 * `batch-rules.ts`; the rest are declared here.
 */
export const RULES = defineRules('DeployTimeJob', {
  jobNamePrefix: {
    severity: 'error',
    properties: 'jobName',
    summary: 'The job name prefix is 1-100 letters, digits, hyphens and underscores, starting with a letter or digit.',
    sources: [
      batchApi('SubmitJob jobName', 'A job name has up to 128 characters: letters, digits, hyphens and underscores, the first one alphanumeric.'),
      source(SourceDocument.LIBRARY, 'deploy-time-job/protocol.ts', 'The job runner appends a 13-character suffix from the request id, '
        + 'so the prefix keeps 100 of the 128 characters.'),
    ],
  },
  arraySize: {
    severity: 'error',
    properties: 'arraySize',
    summary: 'An array job has 2 to 10,000 children.',
    sources: [batchApi('SubmitJob arrayProperties (ArrayProperties size)', 'The array size is between 2 and 10,000.')],
  },
  sequentialNeedsArray: {
    severity: 'error',
    properties: 'sequentialArrayChildren',
    summary: 'Sequential children need an array job.',
    sources: [batchApi('SubmitJob dependsOn (JobDependency type)', 'A SEQUENTIAL dependency, given without a job id, makes the '
      + 'children of an array job run one after another; it exists only for array jobs.')],
  },
  dependsOnMax: {
    severity: 'error',
    properties: 'dependsOn, sequentialArrayChildren',
    summary: 'A job depends on at most 20 jobs; sequential children count as one entry.',
    sources: [batchApi('SubmitJob dependsOn', 'A job can depend on at most 20 jobs.')],
  },
  sequentialWithJob: {
    severity: 'error',
    properties: 'dependsOn[].type',
    summary: 'A dependency on another job is not SEQUENTIAL (deprecated in dependsOn): sequentialArrayChildren expresses that.',
    sources: [batchApi('JobDependency type', 'SEQUENTIAL is given without a job id; a dependency with a job id is N_TO_N or the default.')],
  },
  nToNNeedsArrays: {
    severity: 'error',
    properties: 'dependsOn[].type',
    summary: 'An N_TO_N dependency links two array jobs.',
    sources: [batchApi('JobDependency type', 'With N_TO_N each child of this array job waits for the child with the same index of the '
      + 'array job it depends on.')],
  },
  overrideVcpus: {
    severity: 'error',
    properties: 'containerOverrides.vcpus, nodeOverrides.nodePropertyOverrides[].containerOverrides.vcpus',
    summary: 'vCPUs are a whole number of at least 1, or 0.25 or 0.5 on Fargate.',
    sources: [batchApi('ResourceRequirement value (VCPU)', 'EC2 jobs reserve at least one whole vCPU; Fargate takes 0.25, 0.5, 1, 2, 4, 8 or 16.')],
  },
  overrideMemory: {
    severity: 'error',
    properties: 'containerOverrides.memory, nodeOverrides.nodePropertyOverrides[].containerOverrides.memory',
    summary: `Memory is a whole number of MiB, at least ${MIN_MEMORY_MIB} MiB.`,
    sources: [batchApi('ResourceRequirement value (MEMORY)', 'Memory is given in whole MiB, and a container needs at least 4 MiB.')],
  },
  overrideGpu: {
    severity: 'error',
    properties: 'containerOverrides.gpuCount, nodeOverrides.nodePropertyOverrides[].containerOverrides.gpuCount',
    summary: 'The GPU count is a whole number of at least 0.',
    sources: [batchApi('ResourceRequirement value (GPU)', 'The number of physical GPUs to reserve.')],
  },
  overrideInstanceType: {
    severity: 'error',
    properties: 'containerOverrides.instanceType',
    summary: 'An instance type override applies only to a node range of a multi-node parallel job.',
    sources: [batchApi('ContainerOverrides instanceType', 'It is not applicable to single-node container jobs or to jobs on Fargate, and '
      + 'must not be given for them.')],
  },
  containerAndNodeOverrides: {
    severity: 'warning',
    properties: 'containerOverrides, nodeOverrides',
    summary: 'containerOverrides (single-node jobs) and nodeOverrides (multi-node parallel jobs) given together: one of them does not apply.',
    sources: [batchApi('SubmitJob containerOverrides, nodeOverrides', 'containerOverrides override a single-node job\'s container; '
      + 'nodeOverrides override the node properties of a multi-node parallel job, and are not for Fargate jobs, which use '
      + 'containerOverrides instead.')],
  },
  numNodes: {
    severity: 'error',
    properties: 'nodeOverrides.numNodes',
    summary: 'The node count is a whole number of at least 1.',
    sources: [batchApi('NodeOverrides numNodes', 'The number of nodes of the multi-node parallel job.')],
  },
  nodeOverrideFormat: {
    severity: 'error',
    properties: 'nodeOverrides.nodePropertyOverrides[].targetNodes',
    summary: 'A node range is start:end, either end optional.',
    sources: [batchApi('NodePropertyOverride targetNodes', 'Ranges are written 0:3, :n (from node 0) or n: (to the last node).')],
  },
  nodeOverrideReversed: {
    severity: 'warning',
    properties: 'nodeOverrides.nodePropertyOverrides[].targetNodes',
    summary: 'A node range does not start after it ends.',
    sources: [batchApi('NodePropertyOverride targetNodes', 'A range runs from its start index to its end index; the reference '
      + 'sets no rule for one that ends first, so such a range overrides no node.')],
  },
  nodeOverrideOutside: {
    severity: 'warning',
    properties: 'nodeOverrides.nodePropertyOverrides[].targetNodes',
    summary: 'A node range names only nodes below numNodes.',
    sources: [batchApi('NodeOverrides numNodes, NodePropertyOverride targetNodes', 'Nodes are indexed from 0 to numNodes - 1; the '
      + 'reference states no rule for override ranges beyond them, which override no node.')],
  },
  runnerTagReserved: {
    severity: 'error',
    properties: 'tags',
    summary: `The tag ${SUBMITTED_BY_TAG} is the job runner's own.`,
    sources: [source(SourceDocument.LIBRARY, 'deploy-time-job/protocol.ts SUBMITTED_BY_TAG', 'The runner tags every job it submits with '
      + 'the stack id; its TerminateJob permission is limited to jobs with that tag.')],
  },
  completionTimeoutWholeSeconds: {
    severity: 'error',
    properties: 'completionTimeout',
    summary: 'The completion timeout is a whole number of seconds.',
    sources: [cfnReference('AWS::CloudFormation::CustomResource ServiceTimeout', 'The time CloudFormation waits is an integer number of seconds.')],
  },
  completionTimeoutMax: {
    severity: 'error',
    properties: 'completionTimeout',
    summary: 'The completion timeout is at most 1 hour.',
    sources: [cfnReference('AWS::CloudFormation::CustomResource ServiceTimeout', 'CloudFormation waits for a custom resource for 1 to '
      + '3600 seconds, and the wait must end within it.')],
  },
  completionTimeoutMinimum: {
    severity: 'warning',
    properties: 'completionTimeout',
    summary: 'A completion timeout under 1 minute is risky: the job is terminated and the deployment fails unless it finished by then.',
    sources: [source(SourceDocument.LIBRARY, 'DeployTimeJob completionTimeout', 'A library limit: a Batch job is rarely scheduled, '
      + 'started and finished within a minute, so a shorter wait fails most deployments; CloudFormation itself allows 1 second.')],
  },
  completionTimeoutWithoutWait: {
    severity: 'warning',
    properties: 'completionTimeout, waitForCompletion',
    summary: 'completionTimeout applies only with waitForCompletion.',
    sources: [source(SourceDocument.LIBRARY, 'DeployTimeJob waitForCompletion', 'Without waiting, the resource completes once the job is '
      + 'submitted, so the completion timeout is ignored.')],
  },
});

/** Batch's job name rule with room for the runner's suffix: 128 characters, of which the prefix may use 100. */
export const JOB_NAME_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** Below this completion timeout the library warns (a library limit, not CloudFormation's). */
const MIN_COMPLETION_TIMEOUT = Duration.minutes(1);

/** Whether a value is a DeployTimeJob construct (structurally: the construct is not imported here). */
function isDeployTimeJob(value: object): boolean {
  const job = value as { jobId?: unknown; node?: { path?: unknown } };
  return typeof job.jobId === 'string' && typeof job.node?.path === 'string';
}

/** Fractional vCPU values (Fargate only). */
const FRACTIONAL_VCPUS = [0.25, 0.5];

/** Every problem of a DeployTimeJob's props. */
export function deployTimeJobProblems(props: DeployTimeJobProps): Problem[] {
  const waitForCompletion = props.waitForCompletion ?? true;
  return [
    checkTyped('jobQueue', props.jobQueue, 'a batch.IJobQueue', (v) => typeof (v as { jobQueueArn?: unknown }).jobQueueArn === 'string',
      'Import an existing queue with JobQueue.fromJobQueueArn(scope, id, arn)'),
    checkTyped('jobDefinition', props.jobDefinition, 'a batch.IJobDefinition',
      (v) => typeof (v as { jobDefinitionArn?: unknown }).jobDefinitionArn === 'string',
      'Import an existing definition with JobDefinition.fromJobDefinitionArn(scope, id, arn)'),
    checkPattern(RULES.jobNamePrefix, 'jobName', props.jobName, JOB_NAME_PREFIX_PATTERN,
      'must be 1-100 letters, digits, hyphens (-) and underscores (_), starting with a letter or digit',
      'The handler appends a suffix that keeps the name within Batch\'s 128 characters'),
    checkRange(RULES.arraySize, 'arraySize', props.arraySize, ARRAY_SIZE),
    props.sequentialArrayChildren && props.arraySize === undefined
      ? problem(RULES.sequentialNeedsArray, 'sequentialArrayChildren', true, 'needs arraySize', 'Only the children of an array job can run one after another')
      : undefined,
    ...dependencyProblems(props),
    checkRetryAttempts('retryAttempts', props.retryAttempts),
    // A service job's attempt duration has rules of its own (training-job-rules.ts).
    props.trainingJob === undefined ? checkAttemptTimeout('timeout', props.timeout) : undefined,
    checkSchedulingPriority('schedulingPriority', props.schedulingPriority),
    checkShareIdentifier('shareIdentifier', props.shareIdentifier),
    ...containerOverrideProblems('containerOverrides', props.containerOverrides, false),
    props.nodeOverrides !== undefined && props.containerOverrides !== undefined
      ? problem(RULES.containerAndNodeOverrides, 'containerOverrides', Object.keys(props.containerOverrides),
        'is given together with nodeOverrides: containerOverrides apply to a single-node job, nodeOverrides to a multi-node parallel job, '
        + 'so one of them does not apply', 'For a multi-node parallel job, put container settings in nodeOverrides.nodePropertyOverrides')
      : undefined,
    ...nodeOverrideProblems(props.nodeOverrides),
    ...eksOverrideProblems('eksPropertiesOverride', props.eksPropertiesOverride),
    props.eksPropertiesOverride ? eksWithContainerOverridesProblem('containerOverrides', props.containerOverrides) : undefined,
    ...tagProblems(props.tags),
    ...completionTimeoutProblems(waitForCompletion, props.completionTimeout),
  ];
}

function dependencyProblems(props: DeployTimeJobProps): Problem[] {
  const dependencies = props.dependsOn ?? [];
  const sequentialEntry = props.sequentialArrayChildren ? [{}] : [];
  const problems: Problem[] = [
    checkCount(RULES.dependsOnMax, 'dependsOn', [...dependencies, ...sequentialEntry], {
      max: MAX_DEPENDENCIES,
      hint: props.sequentialArrayChildren ? 'sequentialArrayChildren counts as one dependency' : 'A Batch job can depend on at most 20 jobs',
    }),
  ];
  dependencies.forEach((dependency, index) => {
    const typed = checkTyped(`dependsOn[${index}].job`, dependency.job, 'a DeployTimeJob', isDeployTimeJob,
      'Depend on the DeployTimeJob construct itself, not on its id or name');
    problems.push(typed);
    if (typed !== undefined) return;
    const property = `dependsOn[${index}].type`;
    if (dependency.type === JobDependencyType.SEQUENTIAL) {
      problems.push(problem(RULES.sequentialWithJob, property, dependency.type, 'cannot be SEQUENTIAL with a job',
        'SEQUENTIAL orders the children of this array job and names no other job: set sequentialArrayChildren: true'));
    }
    if (dependency.type === JobDependencyType.N_TO_N) {
      if (props.arraySize === undefined) {
        problems.push(problem(RULES.nToNNeedsArrays, property, dependency.type, 'needs arraySize on this job',
          'N_TO_N pairs the children of two array jobs by index'));
      }
      if (dependency.job.arraySize === undefined) {
        problems.push(problem(RULES.nToNNeedsArrays, property, dependency.type,
          `needs an array job to depend on, and ${dependency.job.node.path} has no arraySize`,
          'N_TO_N pairs the children of two array jobs by index; use the default dependency type to wait for the whole job'));
      }
    }
  });
  return problems;
}

/** Container overrides; `instanceType` only applies to a node range. */
export function containerOverrideProblems(
  property: string, overrides: DeployTimeJobContainerOverrides | undefined, forNodeRange: boolean,
): Problem[] {
  if (overrides === undefined) return [];
  const problems: Problem[] = checkEnvironmentNames(`${property}.environment`, Object.keys(overrides.environment ?? {}));
  const vcpus = overrides.vcpus;
  if (isKnown(vcpus) && !(Number.isInteger(vcpus) && vcpus >= 1) && !FRACTIONAL_VCPUS.includes(vcpus)) {
    problems.push(problem(RULES.overrideVcpus, `${property}.vcpus`, vcpus, 'must be a whole number >= 1, or 0.25 or 0.5 (Fargate)'));
  }
  problems.push(checkWholeMiB(RULES.overrideMemory, `${property}.memory`, overrides.memory, MIN_MEMORY_MIB));
  problems.push(checkRange(RULES.overrideGpu, `${property}.gpuCount`, overrides.gpuCount, { min: 0, integer: true }));
  if (!forNodeRange) {
    problems.push(checkNotSet(RULES.overrideInstanceType, `${property}.instanceType`, overrides.instanceType?.toString(),
      'only applies to a node range of a multi-node parallel job',
      'Batch rejects it for single-node jobs; set it in nodeOverrides.nodePropertyOverrides[].containerOverrides'));
  }
  return problems;
}

/** The node count and every node range of multi-node overrides. */
function nodeOverrideProblems(overrides: DeployTimeJobNodeOverrides | undefined): Problem[] {
  if (overrides === undefined) return [];
  const numNodes = overrides.numNodes;
  const problems: Problem[] = [checkRange(RULES.numNodes, 'nodeOverrides.numNodes', numNodes, { min: 1, integer: true })];
  const ranges = overrides.nodePropertyOverrides ?? [];
  ranges.forEach((range, index) => {
    const property = `nodeOverrides.nodePropertyOverrides[${index}]`;
    problems.push(nodeRangeProblem(`${property}.targetNodes`, range.targetNodes, isKnown(numNodes) ? numNodes : undefined));
    problems.push(...containerOverrideProblems(`${property}.containerOverrides`, range.containerOverrides, true));
    problems.push(...eksOverrideProblems(`${property}.eksPropertiesOverride`, range.eksPropertiesOverride));
    if (range.eksPropertiesOverride) problems.push(eksWithContainerOverridesProblem(`${property}.containerOverrides`, range.containerOverrides));
  });
  return problems;
}

/** A node range: `start:end` with either end open, start <= end, within the node count. */
function nodeRangeProblem(property: string, targetNodes: string, numNodes: number | undefined): Problem {
  if (!isKnown(targetNodes)) return undefined;
  const range = parseNodeRange(targetNodes);
  if (range === undefined) {
    return problem(RULES.nodeOverrideFormat, property, targetNodes, 'must be a node range "start:end" such as "0:3", ":3", "2:" or ":"');
  }
  if (range.start !== undefined && range.end !== undefined && range.start > range.end) {
    return problem(RULES.nodeOverrideReversed, property, targetNodes, 'starts after it ends, so it overrides no node',
      'Write the range as start:end with start <= end');
  }
  const last = Math.max(range.start ?? 0, range.end ?? 0);
  if (numNodes !== undefined && last >= numNodes) {
    return problem(RULES.nodeOverrideOutside, property, targetNodes, `names node indexes at or above numNodes (${numNodes}), which override no node`,
      `Nodes are numbered 0 to ${numNodes - 1}`);
  }
  return undefined;
}

/** Tags: Batch's limits, with one tag left to the runner, and the runner's own key. */
function tagProblems(tags: { [key: string]: string } | undefined): Problem[] {
  if (tags === undefined) return [];
  return [
    ...checkTags('tags', tags, MAX_TAGS - 1, `Batch allows ${MAX_TAGS} tags per job and the handler adds ${SUBMITTED_BY_TAG}`),
    SUBMITTED_BY_TAG in tags
      ? problem(RULES.runnerTagReserved, 'tags', SUBMITTED_BY_TAG, `must not set ${SUBMITTED_BY_TAG}`,
        'The handler sets it to the stack id; it limits the handler\'s TerminateJob permission to its own jobs')
      : undefined,
  ];
}

function completionTimeoutProblems(waitForCompletion: boolean, completionTimeout: Duration | undefined): Problem[] {
  if (!waitForCompletion) {
    return [checkNotSet(RULES.completionTimeoutWithoutWait, 'completionTimeout', completionTimeout,
      'is ignored without waitForCompletion', 'Remove completionTimeout or set waitForCompletion to true')];
  }
  return [checkWholeSeconds(RULES.completionTimeoutWholeSeconds, 'completionTimeout', completionTimeout)
    ?? checkDuration(RULES.completionTimeoutMax, 'completionTimeout', completionTimeout, {
      max: MAX_SERVICE_TIMEOUT, hint: 'CloudFormation waits for a custom resource for at most 1 hour',
    })
    ?? checkDuration(RULES.completionTimeoutMinimum, 'completionTimeout', completionTimeout, {
      min: MIN_COMPLETION_TIMEOUT, hint: 'A job that has not finished by then is terminated and the deployment fails',
    })];
}
