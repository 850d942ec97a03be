import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { ContainerSettings, FargateSettings, Volume } from './job-container';

/**
 * When a container of a task may start, relative to another container of the same task.
 */
export enum TaskContainerDependencyCondition {
  /** Once the other container has started. */
  START = 'START',
  /** Once the other container has exited, with any exit code (not for an essential container). */
  COMPLETE = 'COMPLETE',
  /** Once the other container has exited with code 0 (not for an essential container). */
  SUCCESS = 'SUCCESS',
}

/**
 * A container of the same task that this one waits for.
 */
export interface TaskContainerDependency {
  /** The `name` of the other container. */
  readonly containerName: string;
  /** What the other container must have done. */
  readonly condition: TaskContainerDependencyCondition;
}

/**
 * The FireLens log router of a task: the container that receives the logs of the containers
 * whose log driver is `awsfirelens` (e.g. `ecs.LogDrivers.firelens(...)`).
 */
export interface FirelensSettings {
  /** Fluent Bit or Fluentd. */
  readonly type: ecs.FirelensLogRouterType;
  /**
   * Whether the log router adds the task's ECS metadata (cluster, task ARN, ...) to each record.
   * @default true - FireLens adds it
   */
  readonly enableEcsLogMetadata?: boolean;
  /**
   * Where the log router's own configuration file is: `ecs.FirelensConfigFileType.FILE` (a path
   * in the image) or `S3` (EC2 only).
   * @default - the log router image's configuration only
   */
  readonly configFileType?: ecs.FirelensConfigFileType;
  /**
   * The configuration file: its path in the image, or the ARN of the S3 object. Needs `configFileType`.
   * @default - none
   */
  readonly configFileValue?: string;
}

/**
 * A container of a multi-container ECS task. It takes every setting of a single job container
 * (image, resources, command, environment, secrets, volumes and mount points, ulimits, Linux
 * parameters, logging, user...) except the task-wide ones, which `EcsTask` holds: roles,
 * Fargate settings and ECS Exec. On Fargate, the containers' vCPUs and memory add up to the
 * task's size, which must be a Fargate size; each container's own values need not be.
 */
export interface TaskContainer extends ContainerSettings {
  /**
   * The name, which `dependsOn` and SubmitJob overrides use: 1-255 letters, digits, hyphens and
   * underscores, unique in the task.
   */
  readonly name: string;
  /**
   * Whether the task stops when this container stops. At least one container of a task is essential.
   * @default true
   */
  readonly essential?: boolean;
  /**
   * Containers of the task that must have started, completed or succeeded before this one starts.
   * @default - starts with the others
   */
  readonly dependsOn?: TaskContainerDependency[];
  /**
   * Makes this container the task's FireLens log router.
   * @default - not a log router
   */
  readonly firelens?: FirelensSettings;
  /**
   * How long the container waits for its dependencies before giving up: whole seconds, at least
   * 2 seconds, at most 120 seconds on Fargate.
   * @default - ECS's default (no limit on EC2 unless the agent sets one)
   */
  readonly startTimeout?: Duration;
  /**
   * How long the container may take to exit after SIGTERM before it is killed: whole seconds, at
   * least 2 seconds, at most 120 seconds on Fargate.
   * @default Duration.seconds(30)
   */
  readonly stopTimeout?: Duration;
}

/**
 * A multi-container ECS task: the job runs several containers together (a main container and its
 * sidecars), which share the task's network, volumes and roles.
 */
export interface EcsTask {
  /** The containers, 1 to 10. */
  readonly containers: TaskContainer[];
  /**
   * The role the containers' code assumes for AWS calls (the task role).
   * @default - no task role (none is ever created for you)
   */
  readonly taskRole?: iam.IRole;
  /**
   * The role ECS uses to pull the images, read the secrets and ship the logs.
   * @default - the definition's shared execution role, created only when a container needs it
   * (Fargate, secrets, an ECR or asset image, a log driver that needs one)
   */
  readonly executionRole?: iam.IRole;
  /**
   * The IPC namespace of the containers (EC2 Linux only).
   * @default - the Docker daemon's setting
   */
  readonly ipcMode?: ecs.IpcMode;
  /**
   * The process namespace of the containers: `TASK` shares one among them (on Fargate only `TASK`).
   * @default - each container has its own
   */
  readonly pidMode?: ecs.PidMode;
  /**
   * Whether ECS Exec is on for every container of the task. The task role is given the
   * `ssmmessages` permissions ECS Exec needs.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Fargate settings of the task; needs `PlatformCapability.FARGATE`.
   * @default - Fargate defaults when the definition runs on Fargate
   */
  readonly fargate?: FargateSettings;
  /**
   * Volumes of the task, which any of its containers can mount. Volumes declared on a container
   * are task volumes too; every volume name is unique in the task.
   * @default - none
   */
  readonly volumes?: Volume[];
}
