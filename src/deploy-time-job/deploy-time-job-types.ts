import type { Duration, Size } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { DeployTimeJob } from './deploy-time-job';
import type { ConsumableResourceRequirement } from '../consumable-resource';
import type { DeployTimeJobEksPropertiesOverride } from './eks-override-types';
import type { IJobDefinition } from '../job-definition';
import type { IJobQueue } from '../job-queue';
import type { IQuotaShare } from '../quota-share';
import type { SageMakerTrainingJob } from './training-job-types';

/**
 * How a job depends on another job.
 */
export enum JobDependencyType {
  /**
   * Each child of this array job waits for the child with the same index of the
   * other array job. Both jobs must be array jobs.
   */
  N_TO_N = 'N_TO_N',
  /**
   * The children of this array job run one after another, starting at index 0.
   *
   * @deprecated A SEQUENTIAL dependency names no other job, so it is always rejected in
   * `dependsOn`: set `sequentialArrayChildren: true` instead.
   */
  SEQUENTIAL = 'SEQUENTIAL',
}

/**
 * A dependency of a deploy-time job on another one.
 */
export interface DeployTimeJobDependency {
  /** The job that must succeed first. */
  readonly job: DeployTimeJob;
  /**
   * The kind of dependency.
   * @default - the whole job waits for the whole other job to succeed
   */
  readonly type?: JobDependencyType;
}

/**
 * Overrides of the job definition's container for one job.
 */
export interface DeployTimeJobContainerOverrides {
  /**
   * The command to run instead of the job definition's or the image's.
   * @default - the job definition's command
   */
  readonly command?: string[];
  /**
   * Environment variables to add or override. Names starting with `AWS_BATCH`
   * are reserved for Batch.
   * @default - the job definition's environment
   */
  readonly environment?: { [name: string]: string };
  /**
   * The vCPUs to reserve: a whole number, or 0.25 or 0.5 on Fargate.
   * @default - the job definition's vCPUs
   */
  readonly vcpus?: number;
  /**
   * The memory to reserve (whole MiB, at least 4 MiB).
   * @default - the job definition's memory
   */
  readonly memory?: Size;
  /**
   * The number of GPUs to reserve.
   * @default - the job definition's GPU count
   */
  readonly gpuCount?: number;
  /**
   * The instance type, for a node range of a multi-node parallel job only.
   * @default - the job definition's instance type
   */
  readonly instanceType?: ec2.InstanceType;
}

/**
 * Overrides of one container of the job definition's ECS task (`ecsTask`) for one job.
 */
export interface DeployTimeJobTaskContainerOverrides {
  /** The `name` of the task container to override. */
  readonly name: string;
  /**
   * The command to run instead of the container's.
   * @default - the container's command
   */
  readonly command?: string[];
  /**
   * Environment variables to add or override. Names starting with `AWS_BATCH` are reserved for Batch.
   * @default - the container's environment
   */
  readonly environment?: { [name: string]: string };
  /**
   * The vCPUs to reserve.
   * @default - the container's vCPUs
   */
  readonly vcpus?: number;
  /**
   * The memory to reserve (whole MiB, at least 4 MiB).
   * @default - the container's memory
   */
  readonly memory?: Size;
  /**
   * The number of GPUs to reserve (EC2 only).
   * @default - the container's GPU count
   */
  readonly gpuCount?: number;
}

/**
 * Overrides of the job definition's ECS task (`ecsTask`) for one job: Batch's `ecsPropertiesOverride`.
 */
export interface DeployTimeJobEcsPropertiesOverride {
  /** Overrides of the task's containers, each named. */
  readonly containers: DeployTimeJobTaskContainerOverrides[];
}

/**
 * Overrides for a range of nodes of a multi-node parallel job: container overrides or an ECS task
 * override (ECS), or an EKS override (EKS), and the consumable resources.
 */
export interface DeployTimeJobNodePropertyOverride {
  /**
   * The node indexes to override: `"0:3"` (nodes 0 to 3), `":3"` (from 0),
   * `"2:"` (to the last node) or `":"` (all).
   */
  readonly targetNodes: string;
  /**
   * The container overrides for the nodes of the range (a job on ECS).
   * @default - none
   */
  readonly containerOverrides?: DeployTimeJobContainerOverrides;
  /**
   * The overrides of the range's ECS task containers (a job on ECS with an `ecsTask` range).
   * @default - none
   */
  readonly ecsPropertiesOverride?: DeployTimeJobEcsPropertiesOverride;
  /**
   * The consumable resources each node of the range needs, instead of the range's (the whole list).
   * @default - the range's consumable resources
   */
  readonly consumableResourcePropertiesOverride?: ConsumableResourceRequirement[];
  /**
   * The pod overrides for the nodes of the range (a job on EKS).
   * @default - none
   */
  readonly eksPropertiesOverride?: DeployTimeJobEksPropertiesOverride;
}

/**
 * Overrides for a multi-node parallel job.
 */
export interface DeployTimeJobNodeOverrides {
  /**
   * The number of nodes. The job definition needs a node range with an open end
   * (`n:`), whose start and the main node index are below this number.
   * @default - the job definition's number of nodes
   */
  readonly numNodes?: number;
  /**
   * Container overrides per node range.
   * @default - no per-range overrides
   */
  readonly nodePropertyOverrides?: DeployTimeJobNodePropertyOverride[];
}

/**
 * Properties of a DeployTimeJob.
 */
export interface DeployTimeJobProps {
  /** The queue to submit the job to: a queue of compute environments, or a SageMaker training queue for `trainingJob`. */
  readonly jobQueue: IJobQueue;
  /**
   * The job definition to run. Give a definition with its revision (an owned
   * `JobDefinition` has one) so that a new revision submits a new job. Exactly one of
   * `jobDefinition` and `trainingJob`.
   * @default - none: `trainingJob` says what runs
   */
  readonly jobDefinition?: IJobDefinition;
  /**
   * A SageMaker training job to run through a SageMaker training queue (SubmitServiceJob),
   * instead of a container job of a job definition. The container settings (`parameters`,
   * overrides, arrays, dependencies, `propagateTags`) do not apply to it.
   * @default - none: `jobDefinition` says what runs
   */
  readonly trainingJob?: SageMakerTrainingJob;
  /**
   * The quota share a training job counts against (SubmitServiceJob `quotaShareName`): required
   * on a queue with a quota-share scheduling policy, forbidden otherwise.
   * @default - none (a queue without a quota-share policy)
   */
  readonly quotaShare?: IQuotaShare;
  /**
   * How many times a preempted training job is requeued before Batch terminates it (an integer,
   * at least 0; SubmitServiceJob `preemptionConfiguration`). Only with `trainingJob`.
   * @default - requeued without limit
   */
  readonly preemptionRetries?: number;
  /**
   * The start of the job's name (at most 100 letters, digits, `-`, `_`, first
   * alphanumeric). The runner appends a suffix from the CloudFormation request
   * id and the job's inputs, so a request delivered twice finds its job instead of
   * starting another, and a rollback finds the job it rolls back to.
   * @default - the construct id, with characters Batch does not allow replaced by `-`
   */
  readonly jobName?: string;
  /**
   * Values for the job definition's parameter substitution placeholders.
   * @default - the job definition's parameter defaults
   */
  readonly parameters?: { [name: string]: string };
  /**
   * Overrides of the container of a single-node job.
   * @default - the job definition's container settings
   */
  readonly containerOverrides?: DeployTimeJobContainerOverrides;
  /**
   * Overrides of a multi-node parallel job.
   * @default - the job definition's node properties
   */
  readonly nodeOverrides?: DeployTimeJobNodeOverrides;
  /**
   * Overrides of the containers of a multi-container job (a job definition with `ecsTask`).
   * @default - the job definition's task settings
   */
  readonly ecsPropertiesOverride?: DeployTimeJobEcsPropertiesOverride;
  /**
   * The consumable resources the job needs, instead of the job definition's (the whole list, at
   * most 5). The job runner may submit with them.
   * @default - the job definition's consumable resources
   */
  readonly consumableResourcePropertiesOverride?: ConsumableResourceRequirement[];
  /**
   * Overrides of the pod of a job on Amazon EKS (a job definition with `eksPod`): containers'
   * image, command, args, environment and resources, the pod's labels, annotations and namespace.
   * @default - the job definition's pod
   */
  readonly eksPropertiesOverride?: DeployTimeJobEksPropertiesOverride;
  /**
   * Run the job as an array job of this many children (2 to 10,000).
   * @default - a single job
   */
  readonly arraySize?: number;
  /**
   * Run the children of this array job one after another, starting at index 0
   * (a `SEQUENTIAL` dependency). Needs `arraySize`.
   * @default false
   */
  readonly sequentialArrayChildren?: boolean;
  /**
   * Deploy-time jobs that must succeed before this one runs (at most 20). The job
   * is also created after them in the deployment.
   * @default - no dependencies
   */
  readonly dependsOn?: DeployTimeJobDependency[];
  /**
   * How many times Batch moves the job to RUNNABLE (1 to 10): more than one
   * retries a failed attempt.
   * @default - the job definition's retry strategy
   */
  readonly retryAttempts?: number;
  /**
   * How long an attempt may run before Batch terminates it (at least 60 seconds).
   * @default - the job definition's timeout
   */
  readonly timeout?: Duration;
  /**
   * Tags of the job (at most 49: the handler adds its own
   * `cdk-batch-constructs:submitted-by` tag).
   * @default - only the handler's tag
   */
  readonly tags?: { [key: string]: string };
  /**
   * Whether the job's and the job definition's tags are propagated to the ECS task.
   * @default - the job definition's setting
   */
  readonly propagateTags?: boolean;
  /**
   * The fair-share identifier of the job: required when the queue has a fair-share
   * scheduling policy, forbidden otherwise.
   * @default - none (a queue without a scheduling policy)
   */
  readonly shareIdentifier?: string;
  /**
   * The job's scheduling priority within its share identifier (0 to 9999); only
   * queues with a scheduling policy use it.
   * @default - the job definition's scheduling priority
   */
  readonly schedulingPriority?: number;
  /**
   * Whether the deployment waits until the job SUCCEEDED, and fails when it
   * fails. Without waiting, the resource completes once the job is submitted.
   * @default true
   */
  readonly waitForCompletion?: boolean;
  /**
   * How long the deployment waits for the job (1 minute to 1 hour). A job not
   * finished by then is terminated and the deployment fails. Only with
   * `waitForCompletion`.
   * @default Duration.minutes(30)
   */
  readonly completionTimeout?: Duration;
  /**
   * Whether deleting the resource (on stack delete, rollback, or replacement by a
   * new job) terminates the job if it has not finished.
   * @default true
   */
  readonly terminateOnDelete?: boolean;
}

/**
 * Settings of the per-stack runner of deploy-time jobs (`DeployTimeJob.configureRunner`).
 */
export interface DeployTimeJobRunnerOptions {
  /**
   * How long the runner's log group keeps its logs.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The KMS key that encrypts the runner's log group. A key of this app gets a key policy
   * statement that lets CloudWatch Logs of the stack's region use it; the policy of an
   * imported key must allow that itself.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: kms.IKey;
}
