import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import { renderContainerSettings, renderFargateSettings, renderVolume } from './container-render';
import { EcsTask, FirelensSettings, TaskContainer } from './ecs-task-types';
import type { ContainerBinding } from './execution-role';
import type { Volume } from './job-container';

/**
 * Renders a multi-container ECS task as CloudFormation EcsTaskProperties (a single-node job)
 * or MultiNodeEcsTaskProperties (a node range), from its props and what each container's
 * image, log driver and secrets bound to. Each container's shared settings render through
 * `renderContainerSettings`, as a single container's do. Rendering only: the rules ran before.
 */
export function renderEcsTask(task: EcsTask, bindings: readonly ContainerBinding[], fargate: boolean): CfnJobDefinition.EcsTaskPropertiesProperty {
  // The task has one execution role: every container binds to the same one (the task's or the shared role).
  const executionRole = bindings.find((binding) => binding.executionRole !== undefined)?.executionRole;
  const volumes = taskVolumes(task);
  return {
    containers: task.containers.map((container, i) => renderTaskContainer(container, bindings[i])),
    taskRoleArn: task.taskRole?.roleArn,
    executionRoleArn: executionRole?.roleArn,
    ipcMode: task.ipcMode,
    pidMode: task.pidMode,
    enableExecuteCommand: task.enableExecuteCommand,
    volumes: volumes.length > 0 ? volumes.map(renderVolume) : undefined,
    ...(fargate ? renderFargateSettings(task.fargate ?? {}) : {}),
  };
}

/** The task's volumes: its own, then those declared on its containers, in order. */
export function taskVolumes(task: EcsTask): Volume[] {
  return [...task.volumes ?? [], ...task.containers.flatMap((container) => container.volumes ?? [])];
}

function renderTaskContainer(container: TaskContainer, binding: ContainerBinding): CfnJobDefinition.TaskContainerPropertiesProperty {
  return {
    ...renderContainerSettings(container, binding),
    name: container.name,
    essential: container.essential,
    dependsOn: container.dependsOn?.map((dependency) => ({ containerName: dependency.containerName, condition: dependency.condition })),
    firelensConfiguration: container.firelens && renderFirelens(container.firelens),
    startTimeout: container.startTimeout?.toSeconds(),
    stopTimeout: container.stopTimeout?.toSeconds(),
  };
}

function renderFirelens(firelens: FirelensSettings): CfnJobDefinition.FirelensConfigurationProperty {
  const options: { [key: string]: string } = {};
  if (firelens.enableEcsLogMetadata !== undefined) options['enable-ecs-log-metadata'] = String(firelens.enableEcsLogMetadata);
  if (firelens.configFileType !== undefined) options['config-file-type'] = firelens.configFileType;
  if (firelens.configFileValue !== undefined) options['config-file-value'] = firelens.configFileValue;
  return { type: firelens.type, options: Object.keys(options).length > 0 ? options : undefined };
}
