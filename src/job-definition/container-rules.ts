import { Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describeMemoryChoices, FARGATE_VCPUS, fargateMemoryFor } from './fargate-resources';
import type { ContainerSettings, FargateSettings, JobContainer } from './job-container';
import { checkEnvironmentNames, checkTyped, SHARED_RULES } from '../private/validation/batch-rules';
import {
  checkNotSet, checkPattern, checkRange, checkWholeMiB, duplicates,
} from '../private/validation/checks';
import {
  DEFAULT_JOB_MEMORY_MIB, DEFAULT_JOB_VCPUS, EPHEMERAL_STORAGE_GIB, MAX_IMAGE_NAME_LENGTH, MIN_EC2_VCPUS, MIN_MEMORY_MIB,
} from '../private/validation/limits';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, cfnSchema, defineRules, RuleDefinition } from '../private/validation/rule';

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
    summary: 'gpuCount is a whole number >= 0 (0 reserves no GPU: no GPU requirement is rendered).',
    sources: [batchApi('ResourceRequirement value (type GPU)', 'The number of physical GPUs to reserve for the container, at most '
      + 'what the instance has; no minimum is stated.')],
  },
  fargateGpu: {
    ...notOnFargate('container.gpuCount', 'ResourceRequirement type GPU'),
    summary: 'On Fargate, gpuCount is omitted or 0.',
    sources: [batchApi('ResourceRequirement value (type GPU)', 'GPUs are not available to jobs on Fargate resources.'),
      batchUserGuide('Fargate job definitions', 'GPU resources are not supported on Fargate.')],
  },
  fargatePrivileged: {
    severity: 'error',
    properties: 'container.privileged',
    summary: 'On Fargate, privileged is omitted or false.',
    sources: [batchApi('ContainerProperties privileged', 'Not applicable to jobs on Fargate resources: do not provide it, or give false.'),
      batchUserGuide('Fargate job definitions', 'privileged: either leave it out or give false.')],
  },
  fargateUlimits: notOnFargate('container.ulimits', 'ContainerProperties ulimits'),
  fargateInstanceType: notOnFargate('container.instanceType', 'ContainerProperties instanceType'),
  fargateOnlySettingOnEc2: {
    severity: 'warning',
    properties: 'container.fargate.assignPublicIp, platformVersion, ephemeralStorage, cpuArchitecture, operatingSystemFamily (on an EC2 '
      + 'definition); the same of ecsTask.fargate',
    summary: 'The Fargate settings apply to Fargate only; on EC2 they are not rendered (Batch must not be given them there).',
    sources: [
      batchApi('ContainerProperties networkConfiguration, fargatePlatformConfiguration', 'Jobs on EC2 resources must not '
        + 'specify them; the library leaves them out of an EC2 definition (real setups pass assignPublicIp DISABLED on EC2).'),
      batchApi('ContainerProperties ephemeralStorage', 'Expands the ephemeral storage of tasks hosted on Fargate.'),
      batchApi('ContainerProperties runtimePlatform, RuntimePlatform', 'The architecture and operating system of Batch jobs on Fargate; '
        + 'on EC2 the instance types (and AMI) of the compute environment decide them.'),
    ],
  },
  ephemeralStorageRange: {
    severity: 'error',
    properties: 'container.fargate.ephemeralStorage',
    summary: `ephemeralStorage is a whole number of GiB from ${EPHEMERAL_STORAGE_GIB.min} to ${EPHEMERAL_STORAGE_GIB.max}.`,
    sources: [batchApi('EphemeralStorage sizeInGiB', 'An integer; the smallest supported size is 21 GiB and the largest 200 GiB.')],
  },
  envSecretNameClash: {
    severity: 'warning',
    properties: 'container.environment, container.secrets',
    summary: 'A variable name is in environment or in secrets, not both: which value the container gets is not documented.',
    sources: [batchApi('ContainerProperties environment, secrets', 'Both become environment variables of the container; nothing says '
      + 'which value a name given in both gets.'), cfnSchema('AWS::Batch::JobDefinition ContainerProperties Environment, Secrets',
      'Lists without a uniqueness constraint: a repeat is accepted.')],
  },
  ulimitRange: {
    severity: 'error',
    properties: 'container.ulimits[].softLimit, hardLimit',
    summary: 'Ulimit limits are whole numbers.',
    sources: [batchApi('Ulimit softLimit, hardLimit', 'Both limits are required integers; no minimum is stated.')],
  },
  ulimitSoftNotAboveHard: {
    severity: 'warning',
    properties: 'container.ulimits[].softLimit',
    summary: 'A ulimit\'s soft limit is at most its hard limit: Batch states no rule between them, but Docker\'s --ulimit, which '
      + 'they map to, sets a soft limit that processes may raise up to the hard limit.',
    sources: [batchApi('ContainerProperties ulimits, Ulimit softLimit, hardLimit', 'The soft and hard limit of one resource type, '
      + 'passed to the container as the --ulimit option of docker run; no rule between them is stated.')],
  },
  ulimitNamesUnique: {
    severity: 'warning',
    properties: 'container.ulimits[].name',
    summary: 'Each ulimit name appears once: with two entries, which one applies is not documented.',
    sources: [batchApi('Ulimit name', 'The type of the limit; each entry sets the limits of its type.'),
      cfnSchema('AWS::Batch::JobDefinition ContainerProperties Ulimits', 'A list without a uniqueness constraint: a repeat is accepted.')],
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
  repositoryCredentials: {
    severity: 'error',
    properties: 'container.image (a custom ecs.ContainerImage)',
    summary: 'An image that binds to repository credentials names their secret (credentialsParameter).',
    sources: [cfnSchema('AWS::Batch::JobDefinition RepositoryCredentials', 'CredentialsParameter is required.'),
      batchApi('RepositoryCredentials credentialsParameter', 'Required: the ARN of the secret holding the registry credentials.')],
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
  const problems: Problem[] = [...typedProblems(container, p), ...resourceProblems(container, context)];

  if (fargate) {
    const gpus = container.gpuCount;
    problems.push(
      isKnown(gpus) && gpus !== 0 ? problem(R.fargateGpu, `${p}.gpuCount`, gpus, NOT_ON_FARGATE, 'Remove it (or give 0) or use PlatformCapability.EC2') : undefined,
      container.privileged === true
        ? problem(R.fargatePrivileged, `${p}.privileged`, true, NOT_ON_FARGATE, 'Remove it (or give false) or use PlatformCapability.EC2') : undefined,
      checkNotSet(R.fargateUlimits, `${p}.ulimits`, container.ulimits?.map((u) => u.name), NOT_ON_FARGATE, FARGATE_HINT),
      checkNotSet(R.fargateInstanceType, `${p}.instanceType`, job.instanceType?.toString(), NOT_ON_FARGATE, FARGATE_HINT),
    );
  } else {
    problems.push(...fargateSettingsOnEc2(job.fargate, `${p}.fargate`));
  }
  if (!multiNode) {
    problems.push(checkNotSet(R.instanceTypeSingleNode, `${p}.instanceType`, job.instanceType?.toString(),
      'is only for node ranges of multi-node jobs', 'Single-node jobs run on the compute environment\'s instance types; remove it'));
  }

  const environment = Object.keys(container.environment ?? {});
  const secrets = Object.keys(container.secrets ?? {});
  problems.push(...checkEnvironmentNames(`${p}.environment`, environment), ...checkEnvironmentNames(`${p}.secrets`, secrets));
  for (const name of duplicates([...environment, ...secrets])) {
    problems.push(problem(R.envSecretNameClash, `${p}.secrets`, name, 'should not repeat a name of environment',
      'Which of the two values the container gets is not documented; give each variable one source'));
  }

  for (const [i, ulimit] of (container.ulimits ?? []).entries()) {
    problems.push(
      checkRange(R.ulimitRange, `${p}.ulimits[${i}].softLimit`, ulimit.softLimit, { integer: true }),
      checkRange(R.ulimitRange, `${p}.ulimits[${i}].hardLimit`, ulimit.hardLimit, { integer: true }),
      isKnown(ulimit.softLimit) && isKnown(ulimit.hardLimit) && ulimit.softLimit > ulimit.hardLimit
        ? problem(R.ulimitSoftNotAboveHard, `${p}.ulimits[${i}].softLimit`, ulimit.softLimit, `should be at most hardLimit (${ulimit.hardLimit})`,
          'Docker cannot give a container a soft limit above its hard limit')
        : undefined,
    );
  }
  for (const name of duplicates((container.ulimits ?? []).map((u) => u.name))) {
    problems.push(problem(R.ulimitNamesUnique, `${p}.ulimits`, name, 'should name each limit once',
      'Which of the entries applies is not documented; keep one'));
  }
  if (fargate) problems.push(ephemeralStorageProblem(job.fargate, `${p}.fargate`));
  return problems;
}

/** Construct-typed props given something else (a name or an ARN from JavaScript or Python). */
function typedProblems(container: JobContainer | ContainerSettings, p: string): Problem[] {
  const job = container as JobContainer;
  const has = (name: string) => (value: object) => typeof (value as Record<string, unknown>)[name] === 'function';
  const isRole = (value: object) => typeof (value as iam.IRole).roleArn === 'string' && has('grant')(value);
  const roleHint = 'Import an existing role with iam.Role.fromRoleArn(scope, id, arn)';
  return [
    container.image === undefined ? problem(SHARED_RULES.typedInput, `${p}.image`, undefined, 'is required: an ecs.ContainerImage')
      : checkTyped(`${p}.image`, container.image, 'an ecs.ContainerImage', has('bind'),
        'Use ecs.ContainerImage.fromRegistry(name), fromEcrRepository(repository, tag) or fromAsset(directory)'),
    checkTyped(`${p}.jobRole`, job.jobRole, 'an iam.IRole', isRole, roleHint),
    checkTyped(`${p}.executionRole`, job.executionRole, 'an iam.IRole', isRole, roleHint),
    checkTyped(`${p}.logging`, container.logging, 'an ecs.LogDriver', has('bind'), 'Use a factory of ecs.LogDrivers, e.g. ecs.LogDrivers.awsLogs({ streamPrefix })'),
    ...Object.entries(container.secrets ?? {}).map(([name, secret]) => checkTyped(`${p}.secrets.${name}`, secret, 'an ecs.Secret', has('grantRead'),
      'Use ecs.Secret.fromSecretsManager(secret) or ecs.Secret.fromSsmParameter(parameter)')),
    checkTyped(`${p}.instanceType`, job.instanceType, 'an ec2.InstanceType', has('sameInstanceClassAs'),
      'Use new ec2.InstanceType(\'c5.large\') or ec2.InstanceType.of(instanceClass, instanceSize)'),
  ];
}

/**
 * Fargate settings (a container's or a task's) on an EC2 definition: not rendered there, each a warning.
 * @param p the settings' property, e.g. `container.fargate` or `ecsTask.fargate`
 */
export function fargateSettingsOnEc2(settings: FargateSettings | undefined, p: string): Problem[] {
  const s = settings ?? {};
  const notRendered = 'applies only to Fargate and is not rendered on EC2';
  const fix = 'Remove it, or add platformCapabilities: [PlatformCapability.FARGATE]';
  return [
    checkNotSet(R.fargateOnlySettingOnEc2, `${p}.assignPublicIp`, s.assignPublicIp, notRendered, fix),
    checkNotSet(R.fargateOnlySettingOnEc2, `${p}.platformVersion`, s.platformVersion, notRendered, fix),
    checkNotSet(R.fargateOnlySettingOnEc2, `${p}.ephemeralStorage`, s.ephemeralStorage, notRendered, fix),
    checkNotSet(R.fargateOnlySettingOnEc2, `${p}.cpuArchitecture`, s.cpuArchitecture?._cpuArchitecture, notRendered,
      'On EC2 the compute environment\'s instance types decide the architecture; remove it'),
    checkNotSet(R.fargateOnlySettingOnEc2, `${p}.operatingSystemFamily`, s.operatingSystemFamily?._operatingSystemFamily, notRendered,
      'Batch runs the jobs of an EC2 definition on the compute environment\'s (Linux) instances; remove it'),
  ];
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
    checkRange(R.gpuCountMin, `${p}.gpuCount`, container.gpuCount, { min: 0, integer: true }),
  );
  return problems;
}

/**
 * Ephemeral storage (Fargate) of a container's or a task's Fargate settings: 21-200 GiB.
 * @param p the settings' property, e.g. `container.fargate` or `ecsTask.fargate`
 */
export function ephemeralStorageProblem(settings: FargateSettings | undefined, p: string): Problem {
  const storage = settings?.ephemeralStorage;
  if (!isKnown(storage)) return undefined;
  const gib = storage.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  return checkRange(R.ephemeralStorageRange, `${p}.ephemeralStorage (GiB)`, gib, {
    ...EPHEMERAL_STORAGE_GIB,
    hint: 'Fargate gives 20 GiB without this setting',
  });
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
  const credentials = image.repositoryCredentials;
  return [
    checkPattern(R.imageName, `${p}.image`, image.imageName, IMAGE_PATTERN,
      'must be up to 255 letters, digits, hyphens, underscores, colons, periods, slashes and number signs'),
    credentials !== undefined && credentials.credentialsParameter === undefined
      ? problem(R.repositoryCredentials, `${p}.image`, image.imageName, 'binds to repositoryCredentials without a credentialsParameter',
        'CloudFormation requires the ARN of the secret with the registry credentials: return it as credentialsParameter from the image\'s '
        + 'bind(), or use ecs.ContainerImage.fromRegistry(name, { credentials: secret })')
      : undefined,
    isKnown(driver) && !allowed.includes(driver) && !(context.inTask && driver === 'awsfirelens')
      ? problem(context.fargate ? R.fargateLogDriver : R.logDriver, `${p}.logging`, driver,
        `must use one of the log drivers ${allowed.join(', ')}${context.fargate ? ' on Fargate' : ''}`)
      : undefined,
  ];
}
