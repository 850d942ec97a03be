import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EcsTask, TaskContainer, TaskContainerDependencyCondition } from './ecs-task-types';
import { describeMemoryChoices, FARGATE_VCPUS, fargateMemoryFor } from './fargate-resources';
import { checkCount, checkDuration, checkPattern, checkWholeSeconds, duplicates, oneOf } from '../private/validation/checks';
import { isKnown, Problem, problem } from '../private/validation/problem';
import { batchApi, batchUserGuide, defineRules, source, SourceDocument } from '../private/validation/rule';

/**
 * The rules of a multi-container ECS task (`ecsTask`, and `ecsTask` of a node range) that a
 * single container does not have: the containers together (count, names, essential, dependencies,
 * FireLens, the Fargate task size) and the task's namespaces. Each container's own settings are
 * checked by the container rules, as for a single container.
 */

/** EcsProperties taskProperties: a task runs 1 to 10 containers. */
export const MAX_TASK_CONTAINERS = 10;
/** TaskContainerProperties startTimeout / stopTimeout: at least 2 seconds; at most 120 seconds on Fargate. */
export const TASK_CONTAINER_TIMEOUT = { min: Duration.seconds(2), maxOnFargate: Duration.seconds(120) };

const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CONDITIONS = Object.values(TaskContainerDependencyCondition);
const TASK_CONTAINER_PROPERTIES = 'TaskContainerProperties';

export const ECS_TASK_RULES = defineRules('JobDefinition', {
  taskContainerCount: {
    severity: 'error',
    properties: 'ecsTask.containers',
    summary: `A task runs 1 to ${MAX_TASK_CONTAINERS} containers.`,
    sources: [
      batchApi('EcsProperties taskProperties', 'The task element can run up to 10 containers.'),
      batchUserGuide('multi-container-jobs.html', 'A multi-container job has one to ten containers.'),
    ],
  },
  taskContainerName: {
    severity: 'error',
    properties: 'ecsTask.containers[].name',
    summary: 'A container name is 1-255 letters, digits, hyphens and underscores.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'ContainerDefinition name (Amazon ECS API Reference)',
      'Up to 255 letters (uppercase and lowercase), numbers, underscores and hyphens.')],
  },
  taskContainerNameRepeated: {
    severity: 'error',
    properties: 'ecsTask.containers[].name',
    summary: 'Container names are unique in the task: dependsOn and SubmitJob overrides find containers by name.',
    sources: [batchApi('TaskContainerDependency containerName', 'A unique identifier for the container.')],
  },
  taskEssential: {
    severity: 'error',
    properties: 'ecsTask.containers[].essential',
    summary: 'At least one container of a task is essential (omitted means essential).',
    sources: [batchApi(`${TASK_CONTAINER_PROPERTIES} essential`, 'All jobs must have at least one essential container.')],
  },
  taskDependsOnCondition: {
    severity: 'error',
    properties: 'ecsTask.containers[].dependsOn[].condition',
    summary: 'A dependency condition is START, COMPLETE or SUCCESS.',
    sources: [batchApi('TaskContainerDependency condition', 'The available conditions are START, COMPLETE and SUCCESS.')],
  },
  taskDependsOnContainer: {
    severity: 'error',
    properties: 'ecsTask.containers[].dependsOn[].containerName',
    summary: 'A dependency names another container of the same task.',
    sources: [batchApi(`${TASK_CONTAINER_PROPERTIES} name`, 'The name of a container is what dependsOn refers to.')],
  },
  taskDependsOnEssential: {
    severity: 'error',
    properties: 'ecsTask.containers[].dependsOn[].condition',
    summary: 'COMPLETE and SUCCESS cannot wait for an essential container (it never exits before the task ends).',
    sources: [batchApi('TaskContainerDependency condition', 'COMPLETE and SUCCESS cannot be set on an essential container.')],
  },
  taskDependsOnCycle: {
    severity: 'error',
    properties: 'ecsTask.containers[].dependsOn',
    summary: 'Dependencies do not form a cycle: containers in a cycle wait for each other and never start.',
    sources: [batchApi('TaskContainerDependency condition', 'A container starts only after the containers it depends on have '
      + 'started, completed or succeeded.')],
  },
  taskContainerTimeout: {
    severity: 'error',
    properties: 'ecsTask.containers[].startTimeout, stopTimeout',
    summary: 'Start and stop timeouts are whole seconds, at least 2 seconds, at most 120 seconds on Fargate.',
    sources: [
      batchApi(`${TASK_CONTAINER_PROPERTIES} startTimeout, stopTimeout`, 'The minimum is 2 seconds; on Fargate the maximum is 120 seconds.'),
      source(SourceDocument.ECS_DEVELOPER_GUIDE, 'ContainerDefinition startTimeout, stopTimeout (Amazon ECS API Reference)',
        'Timeouts are integers of seconds; on Fargate the maximum is 120 seconds.'),
    ],
  },
  taskFargateSize: {
    severity: 'warning',
    properties: 'ecsTask.containers[].vcpus, memory (the sums, Fargate)',
    summary: 'On Fargate the containers\' vCPUs and memory add up to a Fargate task size (derived from ECS task sizes; how Batch sizes the task is not documented).',
    sources: [
      source(SourceDocument.ECS_DEVELOPER_GUIDE, 'task-cpu-memory-error.html', 'A Fargate task has one of the listed vCPU and memory '
        + 'pairs, and its containers\' reservations must fit in it.'),
      batchApi('ResourceRequirement', 'The vCPU and memory pairs a Fargate job can have.'),
    ],
  },
  taskFirelensRouter: {
    severity: 'error',
    properties: 'ecsTask.containers[].logging (awsfirelens), ecsTask.containers[].firelens',
    summary: 'A container that logs with awsfirelens needs a FireLens log router (a container with firelens) in the same task.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'firelens-taskdef.html', 'The task needs a log router container with a '
      + 'firelensConfiguration; the other containers send their logs to it with the awsfirelens log driver.')],
  },
  taskFirelensEssential: {
    severity: 'warning',
    properties: 'ecsTask.containers[].essential (the FireLens log router)',
    summary: 'The FireLens log router should be essential: if it stops, the logs of the other containers are lost.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'firelens-taskdef.html', 'The log router container is recommended to be '
      + 'marked essential.')],
  },
  taskFirelensS3Config: {
    severity: 'error',
    properties: 'ecsTask.containers[].firelens.configFileType',
    summary: 'On Fargate, a FireLens configuration file comes from the image (FILE), not from S3.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'FirelensConfiguration options (Amazon ECS API Reference)',
      'Tasks on Fargate support only the file configuration file type.')],
  },
  taskIpcMode: {
    severity: 'error',
    properties: 'ecsTask.ipcMode',
    summary: 'ipcMode is not available on Fargate.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'RegisterTaskDefinition ipcMode (Amazon ECS API Reference)',
      'The parameter is not supported for Windows containers or tasks on Fargate.')],
  },
  taskPidMode: {
    severity: 'error',
    properties: 'ecsTask.pidMode',
    summary: 'On Fargate the only pidMode is TASK.',
    sources: [source(SourceDocument.ECS_DEVELOPER_GUIDE, 'RegisterTaskDefinition pidMode (Amazon ECS API Reference)',
      'Tasks on Fargate support only the task process namespace.')],
  },
  taskVolumeRepeated: {
    severity: 'warning',
    properties: 'ecsTask.volumes, ecsTask.containers[].volumes (names)',
    summary: 'Every volume name is declared once in a task (on the task or on one of its containers): mount points name volumes, and which of two they mount is not documented.',
    sources: [batchApi('Volume name', 'The name of the volume is what the sourceVolume of a mount point refers to.')],
  },
  taskFirelensOnFargate: {
    severity: 'warning',
    properties: 'ecsTask.containers[].logging (awsfirelens, Fargate)',
    summary: 'The awsfirelens log driver on Fargate: Batch lists only awslogs and splunk for Fargate, while FireLens sidecars are a multi-container pattern.',
    sources: [
      batchApi('LogConfiguration logDriver', 'Jobs on Fargate resources can only use the awslogs and splunk log drivers.'),
      source(SourceDocument.ECS_DEVELOPER_GUIDE, 'firelens-taskdef.html', 'FireLens routes the logs of a task\'s containers, on Fargate too.'),
    ],
  },
});

/** The names of a task's volumes: its own, then its containers', in order (tokens included). */
export function taskVolumeNames(task: EcsTask): string[] {
  return [...task.volumes ?? [], ...(task.containers ?? []).flatMap((c) => c.volumes ?? [])].map((v) => v.name);
}

/** The resources a container reserves when it gives none (the single-container defaults). */
export interface ContainerDefaults {
  /** vCPUs. */
  readonly vcpus: number;
  /** Memory. */
  readonly memory: Size;
}

/** Where the task is and what it runs on. */
export interface TaskContext {
  /** The task's property, e.g. `ecsTask` or `nodeProperties.nodeRanges[1].ecsTask`. */
  readonly property: string;
  /** Whether the definition runs on Fargate. */
  readonly fargate: boolean;
  /** The vCPUs and memory a container reserves without settings. */
  readonly defaults: ContainerDefaults;
}

/** The findings of a task's containers together and of its namespaces. */
export function ecsTaskProblems(task: EcsTask, context: TaskContext): Problem[] {
  const p = context.property;
  const containers = task.containers ?? [];
  const problems: Problem[] = [checkCount(ECS_TASK_RULES.taskContainerCount, `${p}.containers`, containers, { min: 1, max: MAX_TASK_CONTAINERS })];
  containers.forEach((container, i) => {
    problems.push(checkPattern(ECS_TASK_RULES.taskContainerName, `${p}.containers[${i}].name`, container.name, CONTAINER_NAME,
      'must be 1-255 letters, digits, hyphens and underscores'));
  });
  for (const name of duplicates(containers.map((c) => c.name))) {
    problems.push(problem(ECS_TASK_RULES.taskContainerNameRepeated, `${p}.containers`, name, 'must not repeat a container name',
      'dependsOn and SubmitJob overrides find containers by name'));
  }
  if (containers.length > 0 && containers.every((c) => c.essential === false)) {
    problems.push(problem(ECS_TASK_RULES.taskEssential, `${p}.containers[].essential`, false, 'must be true (or omitted) for at least one container',
      'The task ends when its essential containers end; mark the main container essential'));
  }
  problems.push(...dependencyProblems(containers, p));
  problems.push(...timeoutProblems(containers, context));
  problems.push(...firelensProblems(containers, context));
  problems.push(...namespaceProblems(task, context));
  for (const name of duplicates(taskVolumeNames(task))) {
    problems.push(problem(ECS_TASK_RULES.taskVolumeRepeated, `${p}.volumes`, name, 'should declare each volume name once in the task',
      'A task volume is declared once (on the task or on one container) and mounted by any of its containers'));
  }
  if (context.fargate) problems.push(fargateSizeProblem(containers, context));
  return problems;
}

function dependencyProblems(containers: readonly TaskContainer[], p: string): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(containers.filter((c) => isKnown(c.name)).map((c) => [c.name, c]));
  containers.forEach((container, i) => {
    (container.dependsOn ?? []).forEach((dependency, j) => {
      const d = `${p}.containers[${i}].dependsOn[${j}]`;
      if (isKnown(dependency.condition) && !CONDITIONS.includes(dependency.condition)) {
        problems.push(problem(ECS_TASK_RULES.taskDependsOnCondition, `${d}.condition`, dependency.condition, `must be ${oneOf(CONDITIONS)}`));
      }
      if (!isKnown(dependency.containerName) || !isKnown(container.name)) return;
      const target = byName.get(dependency.containerName);
      if (dependency.containerName === container.name || target === undefined) {
        const others = knownNames(containers).filter((n) => n !== container.name);
        problems.push(problem(ECS_TASK_RULES.taskDependsOnContainer, `${d}.containerName`, dependency.containerName,
          `must name another container of the task (${others.length ? others.map((n) => JSON.stringify(n)).join(', ') : 'there is none'})`));
      } else if (target.essential !== false && CONDITIONS.includes(dependency.condition)
        && dependency.condition !== TaskContainerDependencyCondition.START) {
        problems.push(problem(ECS_TASK_RULES.taskDependsOnEssential, `${d}.condition`, dependency.condition,
          `must be START when it waits for the essential container "${target.name}"`,
          'An essential container runs until the task ends; mark it essential: false or wait for START'));
      }
    });
  });
  const cycle = findCycle(containers);
  if (cycle) {
    problems.push(problem(ECS_TASK_RULES.taskDependsOnCycle, `${p}.containers[].dependsOn`, cycle.join(' -> '), 'must not form a cycle',
      'Each container in the cycle waits for the next, so none starts'));
  }
  return problems;
}

function knownNames(containers: readonly TaskContainer[]): string[] {
  return containers.map((c) => c.name).filter((n) => isKnown(n));
}

/** A cycle of container names (first name repeated at the end), or undefined. Self-references are reported as unknown targets. */
function findCycle(containers: readonly TaskContainer[]): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const c of containers) {
    if (!isKnown(c.name)) continue;
    edges.set(c.name, (c.dependsOn ?? []).map((d) => d.containerName).filter((n) => isKnown(n) && n !== c.name));
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done' || !edges.has(name)) return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const next of edges.get(name)!) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of edges.keys()) {
    const found = visit(name);
    if (found) return found;
  }
  return undefined;
}

function timeoutProblems(containers: readonly TaskContainer[], context: TaskContext): Problem[] {
  const rule = ECS_TASK_RULES.taskContainerTimeout;
  const max = context.fargate ? TASK_CONTAINER_TIMEOUT.maxOnFargate : undefined;
  return containers.flatMap((container, i) => (['startTimeout', 'stopTimeout'] as const).map((name) => {
    const property = `${context.property}.containers[${i}].${name}`;
    const value = container[name];
    return checkWholeSeconds(rule, property, value)
      ?? checkDuration(rule, property, value, { min: TASK_CONTAINER_TIMEOUT.min, max, hint: max ? 'Fargate allows at most 120 seconds' : undefined });
  }));
}

function firelensProblems(containers: readonly TaskContainer[], context: TaskContext): Problem[] {
  const p = context.property;
  const problems: Problem[] = [];
  const routers = containers.map((c, i) => [c, i] as const).filter(([c]) => c.firelens !== undefined);
  containers.forEach((container, i) => {
    const driver = logDriverOf(container.logging);
    if (driver === 'awsfirelens' && context.fargate) {
      problems.push(problem(ECS_TASK_RULES.taskFirelensOnFargate, `${p}.containers[${i}].logging`, driver,
        'is not among the log drivers Batch lists for Fargate (awslogs, splunk)', 'Check one job run, or use awslogs'));
    }
    if (driver === 'awsfirelens' && routers.length === 0) {
      problems.push(problem(ECS_TASK_RULES.taskFirelensRouter, `${p}.containers[${i}].logging`, driver, 'needs a FireLens log router in the task',
        'Add a container with firelens: { type: ecs.FirelensLogRouterType.FLUENTBIT } (e.g. the AWS for Fluent Bit image)'));
    }
  });
  for (const [router, i] of routers) {
    if (router.essential === false) {
      problems.push(problem(ECS_TASK_RULES.taskFirelensEssential, `${p}.containers[${i}].essential`, false,
        'should be true for the FireLens log router', 'If the router stops, the other containers\' logs are lost'));
    }
    if (context.fargate && router.firelens!.configFileType === ecs.FirelensConfigFileType.S3) {
      problems.push(problem(ECS_TASK_RULES.taskFirelensS3Config, `${p}.containers[${i}].firelens.configFileType`, 's3',
        'must be FILE on Fargate', 'Put the configuration file in the log router image'));
    }
  }
  return problems;
}

/** The log driver a LogDriver binds to, read without binding it (binding renders resources). */
export function logDriverOf(logging: ecs.LogDriver | undefined): string | undefined {
  if (logging === undefined) return undefined;
  const classes: Array<[new (...args: any[]) => ecs.LogDriver, string]> = [
    [ecs.FireLensLogDriver, 'awsfirelens'], [ecs.AwsLogDriver, 'awslogs'], [ecs.SplunkLogDriver, 'splunk'],
    [ecs.FluentdLogDriver, 'fluentd'], [ecs.GelfLogDriver, 'gelf'], [ecs.JournaldLogDriver, 'journald'],
    [ecs.JsonFileLogDriver, 'json-file'], [ecs.SyslogLogDriver, 'syslog'],
  ];
  const known = classes.find(([type]) => logging instanceof type);
  if (known) return known[1];
  // GenericLogDriver keeps the driver's name in a field of its own.
  const generic = (logging as unknown as { logDriver?: unknown }).logDriver;
  return typeof generic === 'string' && isKnown(generic) ? generic : undefined;
}

function namespaceProblems(task: EcsTask, context: TaskContext): Problem[] {
  if (!context.fargate) return [];
  return [
    task.ipcMode !== undefined
      ? problem(ECS_TASK_RULES.taskIpcMode, `${context.property}.ipcMode`, task.ipcMode, 'is not available on Fargate', 'Remove it or use PlatformCapability.EC2')
      : undefined,
    task.pidMode !== undefined && task.pidMode !== ecs.PidMode.TASK
      ? problem(ECS_TASK_RULES.taskPidMode, `${context.property}.pidMode`, task.pidMode, 'must be TASK on Fargate', 'Use ecs.PidMode.TASK or remove it')
      : undefined,
  ];
}

/** The vCPUs and memory (MiB) of a task: the sums over its containers, or undefined when one is a token. */
export function taskResources(containers: readonly TaskContainer[], defaults: ContainerDefaults): { vcpus?: number; memoryMiB?: number } {
  let vcpus: number | undefined = 0;
  let memoryMiB: number | undefined = 0;
  for (const container of containers) {
    const v = container.vcpus ?? defaults.vcpus;
    const m = container.memory ?? defaults.memory;
    vcpus = vcpus !== undefined && isKnown(v) ? vcpus + v : undefined;
    memoryMiB = memoryMiB !== undefined && isKnown(m) ? memoryMiB + m.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) : undefined;
  }
  return { vcpus, memoryMiB };
}

function fargateSizeProblem(containers: readonly TaskContainer[], context: TaskContext): Problem {
  const { vcpus, memoryMiB } = taskResources(containers, context.defaults);
  if (vcpus === undefined || containers.length === 0) return undefined;
  const property = `${context.property}.containers[].vcpus`;
  const hint = 'Batch sizes a Fargate task from its containers; how it rounds is not documented, so use a Fargate size';
  if (!FARGATE_VCPUS.includes(vcpus)) {
    return problem(ECS_TASK_RULES.taskFargateSize, `${property} (sum)`, vcpus, `should be one of ${FARGATE_VCPUS.join(', ')} on Fargate`, hint);
  }
  const allowed = fargateMemoryFor(vcpus)!;
  if (memoryMiB === undefined || allowed.includes(memoryMiB)) return undefined;
  return problem(ECS_TASK_RULES.taskFargateSize, `${context.property}.containers[].memory (sum, MiB)`, memoryMiB,
    `should be ${describeMemoryChoices(allowed)} MiB with ${vcpus} vCPU on Fargate`, hint);
}
