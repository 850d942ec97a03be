import { Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describeMemoryChoices, FARGATE_VCPUS, fargateMemoryFor } from './fargate-resources';
import type { ContainerSettings, FargateSettings, JobContainer } from './job-container';
import { checkEnvironmentNames } from '../private/validation/batch-rules';
import {
  checkNotSet, checkOrder, checkPattern, checkRange, checkWholeMiB, duplicates,
} from '../private/validation/checks';
import {
  DEFAULT_JOB_MEMORY_MIB, DEFAULT_JOB_VCPUS, EPHEMERAL_STORAGE_GIB, MAX_IMAGE_NAME_LENGTH, MIN_EC2_VCPUS, MIN_MEMORY_MIB,
} from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, defineRules, RuleDefinition, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of one container (the single-node container, or a node range's container):
 * resources, what Fargate does not take, environment names, ulimits, the image and the log
 * driver. Volumes, mount points and Linux parameters are in `volume-and-linux-rules.ts`; both belong
 * to the JobDefinition catalogue, with the definition-level rules of `job-definition-rules.ts`.
 * `container` in the properties below also stands for `nodeProperties.nodeRanges[].container`.
 */

/** Image names Batch accepts: up to 255 of these characters (`@` added for digest references). */
const IMAGE_PATTERN = new RegExp(`^[A-Za-z0-9_:./#@-]{1,${MAX_IMAGE_NAME_LENGTH}}$`);

/** Log drivers of LogConfiguration (Batch API and CloudFormation schema); Fargate takes two of them. */
const LOG_DRIVERS = ['awslogs', 'fluentd', 'gelf', 'journald', 'json-file', 'splunk', 'syslog', 'awsfirelens'];
const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk'];

/** What the message says of a setting Fargate does not take, and how to fix it. */
export const NOT_ON_FARGATE = 'is not available on Fargate';
export const FARGATE_HINT = 'Remove it or use PlatformCapability.EC2';

/** A setting that the Batch API documents as not applicable to Fargate jobs. */
export function notOnFargate(properties: string, where: string): RuleDefinition {
  return {
    severity: 'error',
    properties,
    summary: `${properties} is not given on Fargate.`,
    sources: [batchApi(where, 'Not applicable to jobs that run on Fargate resources; it should not be provided for them.')],
  };
}

export const CONTAINER_RULES = defineRules('JobDefinition', {
  instanceTypeSingleNode: {
    severity: 'error',
    properties: 'container.instanceType',
    summary: 'instanceType is only for the node ranges of multi-node jobs.',
    sources: [batchApi('ContainerProperties instanceType', 'Not applicable to single-node container jobs or to jobs on Fargate; '
      + 'it should not be provided for them.')],
  },
  fargateVcpus: {
    severity: 'error',
    properties: 'container.vcpus (Fargate)',
    summary: `On Fargate, vcpus is one of ${FARGATE_VCPUS.join(', ')}.`,
    sources: [batchApi('ResourceRequirement value (type VCPU)', 'Jobs on Fargate take 0.25, 0.5, 1, 2, 4, 8 or 16 vCPUs.')],
  },
  fargateMemory: {
    severity: 'error',
    properties: 'container.memory (Fargate)',
    summary: 'On Fargate, memory is one of the values that the vCPU value allows.',
    sources: [batchApi('ResourceRequirement value (type MEMORY)', 'Each Fargate vCPU value takes a fixed list of memory sizes '
      + '(0.25 vCPU: 512, 1024 or 2048 MiB; ... 16 vCPU: 32-120 GiB in 8 GiB steps).')],
  },
  ec2VcpusMin: {
    severity: 'error',
    properties: 'container.vcpus (EC2)',
    summary: `On EC2, vcpus is a whole number >= ${MIN_EC2_VCPUS}.`,
    sources: [batchApi('ResourceRequirement value (type VCPU)', 'EC2 jobs reserve at least one vCPU; fractional values are '
      + 'listed for Fargate only.'), batchApi('ContainerProperties vcpus', 'The vCPU count is an integer.')],
  },
  ec2MemoryMin: {
    severity: 'error',
    properties: 'container.memory (EC2)',
    summary: `memory is at least ${MIN_MEMORY_MIB} MiB.`,
    sources: [batchApi('ResourceRequirement value (type MEMORY)', 'A job must reserve at least 4 MiB of memory.')],
  },
  memoryWholeMiB: {
    severity: 'error',
    properties: 'container.memory',
    summary: 'memory is a whole number of MiB.',
    sources: [batchApi('ResourceRequirement value (type MEMORY), ContainerProperties memory', 'Memory is given in MiB, as an integer.')],
  },
  gpuCountMin: {
    severity: 'error',
    properties: 'container.gpuCount',
    summary: 'gpuCount is a whole number >= 1.',
    sources: [batchApi('ResourceRequirement value (type GPU)', 'The number of physical GPUs to reserve, a whole number.')],
  },
  fargateGpu: {
    ...notOnFargate('container.gpuCount', 'ResourceRequirement type GPU'),
    sources: [batchApi('ResourceRequirement value (type GPU)', 'GPUs are not available to jobs on Fargate resources.'),
      batchUserGuide('Fargate job definitions', 'GPU resources are not supported on Fargate.')],
  },
  fargatePrivileged: notOnFargate('container.privileged', 'ContainerProperties privileged'),
  fargateUlimits: notOnFargate('container.ulimits', 'ContainerProperties ulimits'),
  fargateInstanceType: notOnFargate('container.instanceType', 'ContainerProperties instanceType'),
  fargateSettingsOnEc2: {
    severity: 'error',
    properties: 'container.fargate',
    summary: 'Fargate settings need platformCapabilities [FARGATE].',
    sources: [batchApi('ContainerProperties networkConfiguration, fargatePlatformConfiguration', 'Jobs on EC2 resources must not '
      + 'specify them.')],
  },
  ephemeralStorageRange: {
    severity: 'error',
    properties: 'container.fargate.ephemeralStorage',
    summary: `ephemeralStorage is a whole number of GiB from ${EPHEMERAL_STORAGE_GIB.min} to ${EPHEMERAL_STORAGE_GIB.max}.`,
    sources: [batchApi('EphemeralStorage sizeInGiB', 'An integer; the smallest supported size is 21 GiB and the largest 200 GiB.')],
  },
  envSecretNameClash: {
    severity: 'error',
    properties: 'container.environment, container.secrets',
    summary: 'A variable name is in environment or in secrets, not both.',
    sources: [source(SourceDocument.LIBRARY, 'JobContainer secrets', 'This library\'s check: a name in both gives the variable two '
      + 'values; no Batch document says which one the container gets.')],
  },
  ulimitRange: {
    severity: 'error',
    properties: 'container.ulimits[].softLimit, hardLimit',
    summary: 'Ulimit limits are whole numbers >= 0.',
    sources: [batchApi('Ulimit softLimit, hardLimit', 'Both limits are required integers.')],
  },
  ulimitSoftNotAboveHard: {
    severity: 'error',
    properties: 'container.ulimits[].softLimit',
    summary: 'A ulimit\'s soft limit is at most its hard limit.',
    sources: [source(SourceDocument.LIBRARY, 'Ulimit', 'This library\'s check: Docker refuses to start a container whose soft '
      + 'limit is above its hard limit; no Batch document states it.')],
  },
  ulimitNamesUnique: {
    severity: 'error',
    properties: 'container.ulimits[].name',
    summary: 'Each ulimit name appears once.',
    sources: [source(SourceDocument.LIBRARY, 'Ulimit name', 'This library\'s check: a repeated name gives one limit two values; '
      + 'no Batch document says which applies.')],
  },
  imageName: {
    severity: 'error',
    properties: 'container.image',
    summary: `The image name is up to ${MAX_IMAGE_NAME_LENGTH} letters, digits, hyphens, underscores, colons, periods, slashes, `
      + 'number signs and @.',
    sources: [batchApi('ContainerProperties image', 'Up to 255 characters: letters, numbers, hyphens, underscores, colons, periods, '
      + 'forward slashes and number signs; a digest reference is repository@digest.')],
  },
  logDriver: {
    severity: 'error',
    properties: 'container.logging',
    summary: `The log driver is one of ${LOG_DRIVERS.join(', ')}.`,
    sources: [batchApi('LogConfiguration logDriver', 'The log drivers Batch takes are an enumeration of these eight values.')],
  },
  fargateLogDriver: {
    severity: 'error',
    properties: 'container.logging (Fargate)',
    summary: `On Fargate, the log driver is ${FARGATE_LOG_DRIVERS.join(' or ')}.`,
    sources: [batchApi('LogConfiguration logDriver', 'Jobs on Fargate resources can only use the awslogs and splunk log drivers.')],
  },
});

const R = CONTAINER_RULES;

/** Where a container sits and what it runs on. */
export interface ContainerRuleContext {
  /** The container's property as the user wrote it: `container` or `nodeProperties.nodeRanges[0].container`. */
  readonly property: string;
  /** Whether the definition runs on Fargate. */
  readonly fargate: boolean;
  /** Whether the container is a node range's container. */
  readonly multiNode: boolean;
  /**
   * For a container of a multi-container ECS task: the task's volume names (its containers mount
   * any of them), and that the Fargate size applies to the task, not to each container.
   * @default - a single container
   */
  readonly inTask?: { readonly volumeNames: readonly string[] };
}

/** The rules of one container's props (its volumes and Linux parameters: `volumeAndLinuxProblems`). */
export function containerProblems(container: JobContainer | ContainerSettings, context: ContainerRuleContext): Problem[] {
  const job = container as JobContainer;
  const p = context.property;
  const { fargate, multiNode } = context;
  const problems: Problem[] = [...resourceProblems(container, context)];

  if (fargate) {
    problems.push(
      checkNotSet(R.fargateGpu, `${p}.gpuCount`, container.gpuCount, NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargatePrivileged, `${p}.privileged`, container.privileged, NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargateUlimits, `${p}.ulimits`, container.ulimits?.map((u) => u.name), NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargateInstanceType, `${p}.instanceType`, job.instanceType?.toString(), NOT_ON_FARGATE, FARGATE_HINT),
    );
  } else {
    problems.push(checkNotSet(R.fargateSettingsOnEc2, `${p}.fargate`, job.fargate && Object.keys(job.fargate),
      'needs platformCapabilities [FARGATE]', 'Add platformCapabilities: [PlatformCapability.FARGATE] or remove the fargate settings'));
  }
  if (!multiNode) {
    problems.push(checkNotSet(R.instanceTypeSingleNode, `${p}.instanceType`, job.instanceType?.toString(),
      'is only for node ranges of multi-node jobs', 'Single-node jobs run on the compute environment\'s instance types; remove it'));
  }

  const variableNames = [...Object.keys(container.environment ?? {}), ...Object.keys(container.secrets ?? {})];
  problems.push(...checkEnvironmentNames(`${p}.environment`, variableNames));
  for (const name of duplicates(variableNames)) {
    problems.push(problem(R.envSecretNameClash, `${p}.secrets`, name, 'must not repeat a name of environment', 'Give each variable one source'));
  }

  for (const [i, ulimit] of (container.ulimits ?? []).entries()) {
    problems.push(
      checkRange(R.ulimitRange, `${p}.ulimits[${i}].softLimit`, ulimit.softLimit, { min: 0, integer: true }),
      checkRange(R.ulimitRange, `${p}.ulimits[${i}].hardLimit`, ulimit.hardLimit, { min: 0, integer: true }),
      checkOrder(R.ulimitSoftNotAboveHard, `${p}.ulimits[${i}].softLimit`, ulimit.softLimit, 'hardLimit', ulimit.hardLimit),
    );
  }
  for (const name of duplicates((container.ulimits ?? []).map((u) => u.name))) {
    problems.push(problem(R.ulimitNamesUnique, `${p}.ulimits`, name, 'must name each limit once'));
  }
  problems.push(...fargateSettingsProblems(job.fargate, `${p}.fargate`));
  return problems;
}

/** vCPUs and memory: Fargate's table, or EC2's minimums; whole MiB; GPUs. */
function resourceProblems(container: ContainerSettings, context: ContainerRuleContext): Problem[] {
  const p = context.property;
  const vcpus = container.vcpus ?? DEFAULT_JOB_VCPUS;
  const memory = container.memory ?? Size.mebibytes(DEFAULT_JOB_MEMORY_MIB);
  const memoryMiB = isKnown(memory) ? memory.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : undefined;
  const problems: Problem[] = [];
  if (context.fargate && context.inTask) {
    // A task's containers together take a Fargate size (ecs-task-rules.ts), each one any share of it.
  } else if (context.fargate) {
    if (isKnown(vcpus) && !FARGATE_VCPUS.includes(vcpus)) {
      problems.push(problem(R.fargateVcpus, `${p}.vcpus`, vcpus, `must be one of ${FARGATE_VCPUS.join(', ')} on Fargate`));
    }
    const allowed = isKnown(vcpus) ? fargateMemoryFor(vcpus) : undefined;
    if (allowed && memoryMiB !== undefined && !allowed.includes(memoryMiB)) {
      problems.push(problem(R.fargateMemory, `${p}.memory`, memory, `must be ${describeMemoryChoices(allowed)} MiB with ${vcpus} vCPU on Fargate`));
    }
  } else {
    problems.push(
      checkRange(R.ec2VcpusMin, `${p}.vcpus`, vcpus, { min: MIN_EC2_VCPUS, integer: true, hint: 'Fractional vCPUs are for Fargate only' }),
      checkRange(R.ec2MemoryMin, `${p}.memory (MiB)`, memoryMiB, { min: MIN_MEMORY_MIB, hint: 'Batch reserves at least 4 MiB per job' }),
    );
  }
  problems.push(
    checkWholeMiB(R.memoryWholeMiB, `${p}.memory`, memory),
    checkRange(R.gpuCountMin, `${p}.gpuCount`, container.gpuCount, { min: 1, integer: true }),
  );
  return problems;
}

/**
 * Fargate settings (a container's or a task's): ephemeral storage of 21-200 GiB.
 * @param p the settings' property, e.g. `container.fargate` or `ecsTask.fargate`
 */
export function fargateSettingsProblems(settings: FargateSettings | undefined, p: string): Problem[] {
  const storage = settings?.ephemeralStorage;
  if (!isKnown(storage)) return [];
  const gib = storage.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  return [checkRange(R.ephemeralStorageRange, `${p}.ephemeralStorage (GiB)`, gib, {
    ...EPHEMERAL_STORAGE_GIB,
    hint: 'Fargate gives 20 GiB without this setting',
  })];
}

/**
 * The rules of what a container's image and log driver bound to: known only after binding
 * (an asset's name, a log driver's name), checked before anything is rendered.
 */
export function boundContainerProblems(
  image: ecs.ContainerImageConfig, logging: ecs.LogDriverConfig | undefined, context: ContainerRuleContext,
): Problem[] {
  const p = context.property;
  const driver = logging?.logDriver;
  const allowed = context.fargate ? FARGATE_LOG_DRIVERS : LOG_DRIVERS;
  return [
    checkPattern(R.imageName, `${p}.image`, image.imageName, IMAGE_PATTERN,
      'must be up to 255 letters, digits, hyphens, underscores, colons, periods, slashes and number signs'),
    isKnown(driver) && !allowed.includes(driver) && !(context.inTask && driver === 'awsfirelens')
      ? problem(context.fargate ? R.fargateLogDriver : R.logDriver, `${p}.logging`, driver,
        `must use one of the log drivers ${allowed.join(', ')}${context.fargate ? ' on Fargate' : ''}`)
      : undefined,
  ];
}
