import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { taskVolumes } from './ecs-task-render';
import { EcsTask } from './ecs-task-types';
import { grantExecuteCommand } from './execute-command';
import { ContainerBinding, ExecutionRoles, ExecutionRoleUser } from './execution-role';
import type { JobContainer, Volume } from './job-container';
import { JobDefinitionProps } from './job-definition-types';
import { grantS3FilesVolumes } from './s3-files-volume';

/**
 * What a job definition (or each of its node ranges) runs: one container or one multi-container
 * ECS task, with the construct scope its images and log drivers bind in, and the grants its job
 * or task role gets (ECS Exec, S3 Files volumes).
 */

/** One container or one task of a job definition. */
export interface Workload {
  /** Its property as the user wrote it. */
  readonly property: string;
  /** Where its images and log drivers bind: the definition, or a node range's scope. */
  readonly scope: Construct;
  /** The single container, or undefined for a task. */
  readonly container?: JobContainer;
  /** The task, or undefined for a single container. */
  readonly task?: EcsTask;
  /** The index of its node range, for a node range's. */
  readonly rangeIndex?: number;
}

/**
 * The ECS workloads of a definition, in order: its container or task, or one per container or
 * ecsTask node range (eksPod ranges render as pods, `eks-pod-render.ts`). Each node range binds in
 * its own scope (`NodeRange<i>`): image assets and log groups get distinct ids.
 */
export function workloadsOf(definition: Construct, props: JobDefinitionProps): Workload[] {
  if (props.container) return [{ property: 'container', scope: definition, container: props.container }];
  if (props.ecsTask) return [{ property: 'ecsTask', scope: definition, task: props.ecsTask }];
  return (props.nodeProperties?.nodeRanges ?? []).flatMap((range, i): Workload[] => {
    if (range.container === undefined && range.ecsTask === undefined) return [];
    return [{
      property: `nodeProperties.nodeRanges[${i}].${range.container ? 'container' : 'ecsTask'}`,
      scope: new Construct(definition, `NodeRange${i}`),
      container: range.container,
      task: range.container ? undefined : range.ecsTask,
      rangeIndex: i,
    }];
  });
}

/** A task's containers as the execution role sees them: with the task's execution role. */
export function taskUsers(task: EcsTask): ExecutionRoleUser[] {
  return task.containers.map((container) => ({ ...container, executionRole: task.executionRole }));
}

/**
 * Binds a workload's images, log drivers and secrets: a single container in the workload's
 * scope, each container of a task in a scope of its own under `Containers` (named after the
 * container), so that two containers' log groups or image assets do not collide.
 */
export function bindWorkload(workload: Workload, roles: ExecutionRoles): ContainerBinding[] {
  if (workload.container) return [roles.bind(workload.scope, workload.container)];
  const task = workload.task!;
  const parent = new Construct(workload.scope, 'Containers');
  return taskUsers(task).map((user, j) => {
    const name = task.containers[j].name;
    const id = !Token.isUnresolved(name) && /^[A-Za-z0-9_-]+$/.test(name) ? name : `Container${j}`;
    return roles.bind(new Construct(parent, id), user);
  });
}

/**
 * Grants the job roles (a container's `jobRole`, a task's `taskRole`) what their workloads use:
 * the ssmmessages actions of ECS Exec, in one `ExecuteCommand` policy of the definition, and
 * access to each S3 Files file system mounted.
 */
export function grantJobRoles(definition: Construct, workloads: readonly Workload[]): void {
  const execRoles: iam.IRole[] = [];
  for (const workload of workloads) {
    const role = workload.container ? workload.container.jobRole : workload.task!.taskRole;
    const exec = workload.container ? workload.container.enableExecuteCommand : workload.task!.enableExecuteCommand;
    if (role === undefined) continue;
    if (exec === true && !execRoles.includes(role)) execRoles.push(role);
    const volumes: Volume[] = workload.container ? workload.container.volumes ?? [] : taskVolumes(workload.task!);
    grantS3FilesVolumes(role, volumes.flatMap((volume) => volume.s3Files ? [volume.s3Files] : []));
  }
  if (execRoles.length > 0) grantExecuteCommand(definition, 'ExecuteCommand', execRoles);
}
