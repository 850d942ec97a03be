import { Size } from 'aws-cdk-lib';
import { containerProblems, ephemeralStorageProblem, fargateSettingsOnEc2 } from './container-rules';
import { ecsTaskProblems, taskResources, taskVolumeNames } from './ecs-task-rules';
import type { EcsTask } from './ecs-task-types';
import { executeCommandProblems } from './execute-command';
import type { ContainerSettings, FargateSettings, JobContainer, Volume } from './job-container';
import { isWindows, operatingSystemProblems } from './operating-system-rules';
import { s3FilesRoleProblem } from './s3-files-volume';
import { efsNeedsProblems, volumeAndLinuxProblems, volumeSourceProblems } from './volume-and-linux-rules';
import { DEFAULT_JOB_MEMORY_MIB, DEFAULT_JOB_VCPUS } from '../private/validation/limits';
import { Problem } from '../private/validation/problem';

/**
 * The rules of what a job (or a node range) runs, beyond each container's own: the operating
 * system, ECS Exec and S3 Files volumes of a single container, and everything of a
 * multi-container ECS task (its containers through the container rules, as a single
 * container's, with the task's volumes and Fargate size).
 */

/** The resources of a task container that gives none: the single-container defaults. */
const DEFAULTS = { vcpus: DEFAULT_JOB_VCPUS, memory: Size.mebibytes(DEFAULT_JOB_MEMORY_MIB) };

/** Where a container or task is and what it runs on. */
export interface WorkloadContext {
  /** Its property as the user wrote it, e.g. `container` or `nodeProperties.nodeRanges[1].ecsTask`. */
  readonly property: string;
  /** Whether the definition runs on Fargate. */
  readonly fargate: boolean;
  /** Whether it is a node range's. */
  readonly multiNode: boolean;
}

/** The volumes of a container with their properties. */
function volumesOf(property: string, volumes: readonly Volume[] | undefined): Array<{ property: string; volume: Volume }> {
  return (volumes ?? []).map((volume, i) => ({ property: `${property}.volumes[${i}]`, volume }));
}

/** The S3 Files volumes among some, as properties. */
function s3FilesProperties(volumes: ReadonlyArray<{ property: string; volume: Volume }>): string[] {
  return volumes.filter(({ volume }) => volume.s3Files !== undefined).map(({ property }) => `${property}.s3Files`);
}

/** The rules of a single container (or a node range's) that concern the job it makes: operating system, ECS Exec, S3 Files. */
export function singleContainerProblems(container: JobContainer, context: WorkloadContext): Problem[] {
  const p = context.property;
  const volumes = volumesOf(p, container.volumes);
  return [
    ...operatingSystemProblems({
      fargateProperty: `${p}.fargate`,
      fargate: container.fargate,
      onFargate: context.fargate,
      containers: [{ property: p, container }],
      volumes,
    }),
    ...(container.enableExecuteCommand === true ? executeCommandProblems({
      property: `${p}.enableExecuteCommand`,
      roleProperty: `${p}.jobRole`,
      role: container.jobRole,
      windows: isWindows(container.fargate),
      platformVersion: context.fargate ? container.fargate?.platformVersion : undefined,
      platformVersionProperty: `${p}.fargate.platformVersion`,
      readonlyRootFilesystems: container.readonlyRootFilesystem === true ? [`${p}.readonlyRootFilesystem`] : [],
    }) : []),
    s3FilesRoleProblem(`${p}.jobRole`, container.jobRole, s3FilesProperties(volumes)),
  ];
}

/** Every rule of a multi-container ECS task. */
export function ecsTaskWorkloadProblems(task: EcsTask, context: WorkloadContext): Problem[] {
  const p = context.property;
  const containers = task.containers ?? [];
  const volumeNames = taskVolumeNames(task);
  const containerProperty = (j: number) => `${p}.containers[${j}]`;
  const volumes = [...volumesOf(p, task.volumes), ...containers.flatMap((c, j) => volumesOf(containerProperty(j), c.volumes))];
  const problems: Problem[] = [
    ...ecsTaskProblems(task, { property: p, fargate: context.fargate, defaults: DEFAULTS }),
    ...containers.flatMap((container, j) => {
      const ruleContext = { property: containerProperty(j), fargate: context.fargate, multiNode: context.multiNode, inTask: { volumeNames } };
      return [...containerProblems(container, ruleContext), ...volumeAndLinuxProblems(container, ruleContext)];
    }),
    ...volumesOf(p, task.volumes).flatMap(({ property, volume }) => volumeSourceProblems(property, volume, context.fargate)),
    ...taskFargateProblems(task.fargate, context),
    ...efsNeedsProblems(volumes, {
      roleProperty: `${p}.taskRole`,
      role: task.taskRole,
      fargateProperty: `${p}.fargate`,
      fargate: context.fargate ? task.fargate : undefined,
    }),
    ...operatingSystemProblems({
      fargateProperty: `${p}.fargate`,
      fargate: task.fargate,
      onFargate: context.fargate,
      containers: containers.map((container: ContainerSettings, j) => ({ property: containerProperty(j), container })),
      volumes,
      task: { vcpus: taskResources(containers, DEFAULTS).vcpus, ipcMode: task.ipcMode, pidMode: task.pidMode },
    }),
    ...(task.enableExecuteCommand === true ? executeCommandProblems({
      property: `${p}.enableExecuteCommand`,
      roleProperty: `${p}.taskRole`,
      role: task.taskRole,
      windows: isWindows(task.fargate),
      platformVersion: context.fargate ? task.fargate?.platformVersion : undefined,
      platformVersionProperty: `${p}.fargate.platformVersion`,
      readonlyRootFilesystems: containers.flatMap((c, j) => c.readonlyRootFilesystem === true ? [`${containerProperty(j)}.readonlyRootFilesystem`] : []),
    }) : []),
    s3FilesRoleProblem(`${p}.taskRole`, task.taskRole, s3FilesProperties(volumes)),
  ];
  return problems;
}

/** A task's Fargate settings: only on Fargate, and their ranges. */
function taskFargateProblems(settings: FargateSettings | undefined, context: WorkloadContext): Problem[] {
  const p = `${context.property}.fargate`;
  return context.fargate ? [ephemeralStorageProblem(settings, p)] : fargateSettingsOnEc2(settings, p);
}
