import { Annotations, Arn, ArnFormat, Duration, Fn, IResource, Names, Resource, Size, Stack, Token } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IJobQueue } from './job-queue';
import { grantSubmitJob } from './private/grants';
import { checkMultiNode, checkRetryStrategies } from './private/job-definition-checks';
import { ContainerRenderer, undeclaredParameters } from './private/job-definition-container';
import { acknowledgeWildcardResource } from './private/nag';
import { checkTagMap, MAX_TAGS } from './private/tags';
import {
  checkBatchName, checkDuration, checkRange, Problem, problem, throwIfInvalid,
} from './private/validation';

/**
 * A Batch job definition, created here or imported.
 */
export interface IJobDefinition extends IResource {
  /**
   * The ARN of the job definition, including its revision.
   * @attribute
   */
  readonly jobDefinitionArn: string;
  /**
   * The name of the job definition (without revision).
   * @attribute
   */
  readonly jobDefinitionName: string;

  /**
   * Grants `batch:SubmitJob` with every revision of this job definition (`NAME:*`) to one job queue.
   */
  grantSubmitJob(grantee: iam.IGrantable, queue: IJobQueue): iam.Grant;
}

/**
 * What every job definition does, created here or imported.
 */
export abstract class JobDefinitionBase extends Resource implements IJobDefinition {
  /** The ARN of the job definition (with its revision when known). */
  public abstract readonly jobDefinitionArn: string;
  /** The name of the job definition (without revision). */
  public abstract readonly jobDefinitionName: string;

  /**
   * Grants `batch:SubmitJob` on `queue` and on every revision of this definition (`NAME:*`),
   * so the grant survives new revisions. Nothing wider.
   */
  public grantSubmitJob(grantee: iam.IGrantable, queue: IJobQueue): iam.Grant {
    return grantSubmitJob(this, grantee, queue.jobQueueArn, this);
  }
}

/**
 * Where the containers of a job definition run.
 */
export enum PlatformCapability {
  /** Amazon EC2 instances (also Spot) of an EC2 compute environment. */
  EC2 = 'EC2',
  /** AWS Fargate (also Fargate Spot) of a Fargate compute environment. */
  FARGATE = 'FARGATE',
}

/**
 * What Batch does when a retry rule matches a failed attempt.
 */
export enum RetryAction {
  /** Retry the job (while attempts remain). */
  RETRY = 'RETRY',
  /** Stop retrying; the job fails. */
  EXIT = 'EXIT',
}

/**
 * A rule deciding whether a failed attempt is retried (Batch's `evaluateOnExit`).
 *
 * Every condition given must match. A pattern may end with `*` to match the start of a value.
 */
export interface RetryStrategy {
  /** What to do when the rule matches. */
  readonly action: RetryAction;
  /**
   * Exit code pattern: up to 512 digits, optionally ending with `*`.
   * @default - any exit code
   */
  readonly onExitCode?: string;
  /**
   * Pattern of the reason Batch gives for the container's exit: up to 512 letters, digits,
   * periods, colons and white space, optionally ending with `*`.
   * @default - any reason
   */
  readonly onReason?: string;
  /**
   * Pattern of the job's status reason: up to 512 letters, digits, periods, colons and white
   * space, optionally ending with `*`.
   * @default - any status reason
   */
  readonly onStatusReason?: string;
}

/**
 * An Amazon EFS file system mounted as a volume.
 */
export interface EfsVolume {
  /** The file system. */
  readonly fileSystem: efs.IFileSystem;
  /**
   * The directory of the file system mounted as the volume's root.
   * Must be omitted (or `/`) with an access point.
   * @default "/"
   */
  readonly rootDirectory?: string;
  /**
   * Whether data is encrypted (TLS) between the container host and EFS.
   * Required with an access point or IAM authorization.
   * @default true
   */
  readonly transitEncryption?: boolean;
  /**
   * The port of the encrypted connection.
   * @default - the EFS mount helper's port selection
   */
  readonly transitEncryptionPort?: number;
  /**
   * The access point to mount through.
   * @default - no access point
   */
  readonly accessPoint?: efs.IAccessPoint;
  /**
   * Whether the job role authorizes the mount (EFS IAM authorization). The job role then needs
   * `elasticfilesystem:ClientMount` (and `ClientWrite`) on the file system.
   * @default false
   */
  readonly useJobRole?: boolean;
}

/**
 * A data volume of a job container: a host path, an EFS file system, or (neither) a
 * Docker-managed scratch volume.
 */
export interface Volume {
  /** The name mount points refer to: 1-255 letters, digits, hyphens and underscores. */
  readonly name: string;
  /**
   * The path on the host presented to the container (EC2 only).
   * @default - a Docker-managed path that does not outlive the job
   */
  readonly hostPath?: string;
  /**
   * An EFS file system to mount.
   * @default - no EFS file system
   */
  readonly efs?: EfsVolume;
}

/**
 * Where a volume is mounted in the container.
 */
export interface MountPoint {
  /** The name of a volume of the same container. */
  readonly sourceVolume: string;
  /** The path in the container. */
  readonly containerPath: string;
  /**
   * Whether the container can only read the volume.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A resource limit of the container (EC2 only).
 */
export interface Ulimit {
  /** The limited resource. */
  readonly name: ecs.UlimitName;
  /** The soft limit; at most the hard limit. */
  readonly softLimit: number;
  /** The hard limit. */
  readonly hardLimit: number;
}

/**
 * A host device exposed to the container (EC2 only).
 */
export interface Device {
  /** The device's path on the host. */
  readonly hostPath: string;
  /**
   * The path in the container.
   * @default - the host path
   */
  readonly containerPath?: string;
  /**
   * What the container may do with the device.
   * @default - read, write and mknod
   */
  readonly permissions?: ecs.DevicePermission[];
}

/**
 * A tmpfs mount of the container (EC2 only).
 */
export interface Tmpfs {
  /** The path in the container. */
  readonly containerPath: string;
  /** The size, a whole number of MiB. */
  readonly size: Size;
  /**
   * Mount options.
   * @default - Docker's defaults
   */
  readonly mountOptions?: ecs.TmpfsMountOption[];
}

/**
 * Linux-specific settings of a container.
 */
export interface LinuxParameters {
  /**
   * Host devices exposed to the container (EC2 only).
   * @default - none
   */
  readonly devices?: Device[];
  /**
   * Whether an init process runs as PID 1, forwarding signals and reaping processes.
   * @default false
   */
  readonly initProcessEnabled?: boolean;
  /**
   * The swap the container may use, whole MiB (EC2 only). `Size.mebibytes(0)` disables swap.
   * @default - the container uses the instance's swap configuration
   */
  readonly maxSwap?: Size;
  /**
   * The size of `/dev/shm`, whole MiB (EC2 only).
   * @default - Docker's default (64 MiB)
   */
  readonly sharedMemorySize?: Size;
  /**
   * How readily memory pages are swapped, 0-100 (EC2 only; needs `maxSwap`).
   * @default 60
   */
  readonly swappiness?: number;
  /**
   * tmpfs mounts (EC2 only).
   * @default - none
   */
  readonly tmpfs?: Tmpfs[];
}

/**
 * Settings of a container that runs on Fargate.
 */
export interface FargateSettings {
  /**
   * Whether the job's network interface gets a public IP address. Needed to pull images from the
   * internet in a public subnet without a NAT gateway.
   * @default false - rendered as `assignPublicIp: DISABLED` on every Fargate job definition
   */
  readonly assignPublicIp?: boolean;
  /**
   * The Fargate platform version.
   * @default ecs.FargatePlatformVersion.LATEST
   */
  readonly platformVersion?: ecs.FargatePlatformVersion;
  /**
   * The task's ephemeral storage, 21-200 GiB.
   * @default - 20 GiB
   */
  readonly ephemeralStorage?: Size;
  /**
   * The CPU architecture.
   * @default ecs.CpuArchitecture.X86_64
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;
}

/**
 * The container of a single-node job or of a node range.
 */
export interface JobContainer {
  /** The image: `ecs.ContainerImage.fromRegistry`, `fromEcrRepository` (pull granted) or `fromAsset`. */
  readonly image: ecs.ContainerImage;
  /**
   * vCPUs reserved: a whole number >= 1 on EC2; 0.25, 0.5, 1, 2, 4, 8 or 16 on Fargate.
   * @default 1
   */
  readonly vcpus?: number;
  /**
   * Memory hard limit, whole MiB: at least 4 MiB on EC2; on Fargate a value that the vCPU value allows.
   * @default Size.mebibytes(2048)
   */
  readonly memory?: Size;
  /**
   * Physical GPUs reserved (EC2 only).
   * @default - no GPU
   */
  readonly gpuCount?: number;
  /**
   * The command; `Ref::NAME` is replaced with the job's parameter `NAME`.
   * @default - the image's CMD
   */
  readonly command?: string[];
  /**
   * Environment variables; names must not start with `AWS_BATCH`.
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * Environment variables read from Secrets Manager or SSM Parameter Store at start; the execution
   * role is granted read access.
   * @default - none
   */
  readonly secrets?: { [name: string]: ecs.Secret };
  /**
   * The role the container's code assumes for AWS calls.
   * @default - no job role (none is ever created for you)
   */
  readonly jobRole?: iam.IRole;
  /**
   * The role Batch uses to pull the image, read secrets and ship logs.
   * @default - a role shared by the definition's containers, created only when needed (Fargate,
   * secrets, an ECR or asset image, a log driver that needs one)
   */
  readonly executionRole?: iam.IRole;
  /**
   * The user (name or uid[:gid]) the command runs as.
   * @default - the image's USER
   */
  readonly user?: string;
  /**
   * Whether the container gets elevated privileges on the host (EC2 only).
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Whether the root file system is read-only.
   * @default false
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * Data volumes.
   * @default - none
   */
  readonly volumes?: Volume[];
  /**
   * Where volumes are mounted; each names a volume of `volumes`.
   * @default - none
   */
  readonly mountPoints?: MountPoint[];
  /**
   * Resource limits (EC2 only).
   * @default - the Docker daemon's defaults
   */
  readonly ulimits?: Ulimit[];
  /**
   * The instance type of a node range (multi-node jobs only; the same for every range).
   * @default - any instance type of the compute environment
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * The log driver, e.g. `ecs.LogDriver.awsLogs(...)` (Fargate: awslogs or splunk).
   * @default - Batch's default: awslogs to the `/aws/batch/job` log group
   */
  readonly logging?: ecs.LogDriver;
  /**
   * Linux-specific settings.
   * @default - none
   */
  readonly linuxParameters?: LinuxParameters;
  /**
   * Fargate settings; needs `PlatformCapability.FARGATE`.
   * @default - Fargate defaults when the definition runs on Fargate
   */
  readonly fargate?: FargateSettings;
}

/**
 * The node indexes a node range applies to.
 *
 * Ranges are applied in order: a later range overrides an earlier one for the nodes both cover.
 */
export class NodeRange {
  /** Nodes `from` to `to`, both included (`from:to`). */
  public static of(from: number, to: number): NodeRange {
    return new NodeRange(from, to);
  }

  /** Nodes `from` to the last node (`from:`). */
  public static from(from: number): NodeRange {
    return new NodeRange(from, undefined);
  }

  /** Every node (`0:`). */
  public static all(): NodeRange {
    return new NodeRange(0, undefined);
  }

  private constructor(
    /** The first node index. */
    public readonly start: number,
    /** The last node index; undefined means the last node. */
    public readonly end: number | undefined,
  ) {}

  /** The range as Batch writes it, e.g. `0:3` or `2:`. */
  public toString(): string {
    return `${this.start}:${this.end ?? ''}`;
  }
}

/**
 * The container of some nodes of a multi-node job.
 */
export interface NodeRangeContainer {
  /** The nodes this container applies to. */
  readonly targetNodes: NodeRange;
  /** The container they run. */
  readonly container: JobContainer;
}

/**
 * The nodes of a multi-node parallel job (EC2 only).
 */
export interface MultiNodeProperties {
  /** How many nodes the job has (>= 1). */
  readonly numNodes: number;
  /** The index of the main node (< numNodes). */
  readonly mainNode: number;
  /** Node ranges; together they must cover every node. */
  readonly nodeRanges: NodeRangeContainer[];
}

/**
 * Properties of a JobDefinition.
 */
export interface JobDefinitionProps {
  /**
   * The name: 1-128 letters, digits, hyphens and underscores.
   * @default - a unique name derived from the construct path
   */
  readonly jobDefinitionName?: string;
  /**
   * The container of a single-node job. Exactly one of `container` and `nodeProperties`.
   * @default - none (a multi-node job)
   */
  readonly container?: JobContainer;
  /**
   * The nodes of a multi-node parallel job. Exactly one of `container` and `nodeProperties`.
   * @default - none (a single-node job)
   */
  readonly nodeProperties?: MultiNodeProperties;
  /**
   * Default values of the `Ref::NAME` placeholders in commands; SubmitJob can override them.
   * @default - none
   */
  readonly parameters?: { [name: string]: string };
  /**
   * How many times a job is moved to RUNNABLE, 1-10.
   * @default - 1 (no retry)
   */
  readonly retryAttempts?: number;
  /**
   * Up to 5 rules deciding which failures are retried (Batch's `evaluateOnExit`).
   * @default - every failure is retried while attempts remain
   */
  readonly retryStrategies?: RetryStrategy[];
  /**
   * How long an attempt may run before Batch terminates it, at least 60 seconds. A timed-out
   * attempt is not retried.
   * @default - no timeout
   */
  readonly timeout?: Duration;
  /**
   * Where the job runs: exactly one of EC2 and FARGATE.
   * @default [PlatformCapability.EC2]
   */
  readonly platformCapabilities?: PlatformCapability[];
  /**
   * Whether the job definition's and job's tags are propagated to the ECS tasks.
   * @default false
   */
  readonly propagateTags?: boolean;
  /**
   * The scheduling priority in fair-share queues, 0-9999 (higher runs first).
   * @default - the priority given at SubmitJob, or none
   */
  readonly schedulingPriority?: number;
  /**
   * Whether an update keeps the previous revision ACTIVE instead of deregistering it, so jobs
   * queued or running with it are not affected (`ResourceRetentionPolicy.SkipDeregisterOnUpdate`).
   * @default false
   */
  readonly retainPreviousRevisions?: boolean;
  /**
   * Tags of the job definition: at most 50, keys of 1-128 characters not starting with
   * `aws:`, values of at most 256 characters.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
}

/** `job-definition/NAME:REVISION` -> NAME, also for tokens. */
function nameFromJobDefinitionArn(arn: string): string {
  const resourceName = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
  if (Token.isUnresolved(resourceName)) return Fn.select(0, Fn.split(':', resourceName));
  return resourceName.split(':')[0];
}

class ImportedJobDefinition extends JobDefinitionBase {
  constructor(scope: Construct, id: string, public readonly jobDefinitionArn: string, public readonly jobDefinitionName: string) {
    // The account and region of the ARN: grants name the definition where it lives.
    super(scope, id, { environmentFromArn: jobDefinitionArn });
  }
}

/**
 * A Batch job definition: a single-node container job or a multi-node parallel job, on EC2 or Fargate.
 *
 * One `AWS::Batch::JobDefinition` resource; an execution role only when the job needs one,
 * a job role never unless given.
 *
 * @resource AWS::Batch::JobDefinition
 */
export class JobDefinition extends JobDefinitionBase {
  /**
   * Imports a job definition by ARN (`...:job-definition/NAME:REVISION`).
   */
  public static fromJobDefinitionArn(scope: Construct, id: string, jobDefinitionArn: string): IJobDefinition {
    return new ImportedJobDefinition(scope, id, jobDefinitionArn, nameFromJobDefinitionArn(jobDefinitionArn));
  }

  /**
   * Imports a job definition by name; its ARN has no revision, so jobs use the latest ACTIVE revision.
   */
  public static fromJobDefinitionName(scope: Construct, id: string, jobDefinitionName: string): IJobDefinition {
    const arn = Stack.of(scope).formatArn({
      service: 'batch',
      resource: 'job-definition',
      resourceName: jobDefinitionName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return new ImportedJobDefinition(scope, id, arn, jobDefinitionName);
  }

  /** The ARN of the revision this deployment registers. */
  public readonly jobDefinitionArn: string;
  /** The name: the one given, or a unique one derived from the construct path. */
  public readonly jobDefinitionName: string;

  /** Where the job runs. */
  public readonly platformCapability: PlatformCapability;

  private executionRole?: iam.IRole;

  constructor(scope: Construct, id: string, props: JobDefinitionProps) {
    super(scope, id, { physicalName: props.jobDefinitionName });
    this.jobDefinitionName = props.jobDefinitionName ?? Names.uniqueResourceName(this, { maxLength: 128 });

    const capabilities = props.platformCapabilities ?? [PlatformCapability.EC2];
    this.platformCapability = capabilities[0] ?? PlatformCapability.EC2;
    const fargate = this.platformCapability === PlatformCapability.FARGATE;
    const multiNode = props.nodeProperties;

    throwIfInvalid(this, [
      checkBatchName('jobDefinitionName', props.jobDefinitionName),
      exactlyOneOf(props),
      capabilities.length === 1 || Token.isUnresolved(capabilities) ? undefined
        : problem('platformCapabilities', capabilities, 'must have exactly one entry', 'Choose [PlatformCapability.EC2] or [PlatformCapability.FARGATE]'),
      fargate && multiNode
        ? problem('platformCapabilities', capabilities, 'must be [EC2] for a multi-node job (nodeProperties)', 'Multi-node parallel jobs do not run on Fargate')
        : undefined,
      checkRange('retryAttempts', props.retryAttempts, { min: 1, max: 10, integer: true }),
      ...checkRetryStrategies(props.retryStrategies, props.retryAttempts),
      timeoutWholeSeconds(props.timeout)
        ?? checkDuration('timeout', props.timeout, { min: Duration.seconds(60), hint: 'Batch allows no shorter attempt timeout' }),
      checkRange('schedulingPriority', props.schedulingPriority, { min: 0, max: 9999, integer: true }),
      ...(multiNode ? checkMultiNode(multiNode) : []),
      ...checkTagMap('tags', props.tags, MAX_TAGS),
    ]);

    const renderer = (scopeOfContainer: Construct, property: string) => new ContainerRenderer(scopeOfContainer, property, {
      owner: this,
      fargate,
      multiNode: multiNode !== undefined,
      obtainExecutionRole: (given) => given ?? this.obtainExecutionRole(fargate && props.container?.logging === undefined),
    });

    let containerProperties: CfnJobDefinition.ContainerPropertiesProperty | undefined;
    let nodeProperties: CfnJobDefinition.NodePropertiesProperty | undefined;
    const commands: Array<[string, string[] | undefined]> = [];
    if (props.container) {
      containerProperties = renderer(this, 'container').render(props.container);
      commands.push(['container.command', props.container.command]);
    } else if (multiNode) {
      nodeProperties = {
        numNodes: multiNode.numNodes,
        mainNode: multiNode.mainNode,
        nodeRangeProperties: multiNode.nodeRanges.map((range, i) => {
          const property = `nodeProperties.nodeRanges[${i}].container`;
          commands.push([`${property}.command`, range.container.command]);
          return {
            targetNodes: range.targetNodes.toString(),
            // Each range binds in its own scope: image assets and log groups get distinct ids.
            container: renderer(new Construct(this, `NodeRange${i}`), property).render(range.container),
          };
        }),
      };
    }

    for (const [property, command] of commands) {
      for (const name of undeclaredParameters(command, props.parameters)) {
        Annotations.of(this).addWarningV2('@cdk-batch-constructs/job-definition:undeclared-parameter',
          `${property} uses Ref::${name} but parameters has no "${name}": the placeholder stays literal unless every SubmitJob passes it. Add a default to parameters.`);
      }
    }

    const resource = new CfnJobDefinition(this, 'Resource', {
      jobDefinitionName: this.jobDefinitionName,
      type: multiNode ? 'multinode' : 'container',
      containerProperties,
      nodeProperties,
      parameters: props.parameters,
      platformCapabilities: capabilities,
      propagateTags: props.propagateTags,
      schedulingPriority: props.schedulingPriority,
      retryStrategy: renderRetryStrategy(props),
      timeout: props.timeout ? { attemptDurationSeconds: props.timeout.toSeconds() } : undefined,
      resourceRetentionPolicy: props.retainPreviousRevisions ? { skipDeregisterOnUpdate: true } : undefined,
      tags: props.tags,
    });
    // A job submitted right after deployment must find its execution role's grants in
    // place. The role itself is already a dependency through ExecutionRoleArn's GetAtt.
    const executionPolicy = this.executionRole?.node.tryFindChild('DefaultPolicy');
    if (executionPolicy) resource.node.addDependency(executionPolicy);
    // Ref of AWS::Batch::JobDefinition is the ARN of the new revision.
    this.jobDefinitionArn = resource.ref;
  }

  /** The definition's shared execution role, created on first use. */
  private obtainExecutionRole(shipsDefaultFargateLogs: boolean): iam.IRole {
    if (!this.executionRole) {
      const stack = Stack.of(this);
      const defaultLogGroup = stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: '/aws/batch/job:*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
      this.executionRole = new iam.Role(this, 'ExecutionRole', {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
        description: `Execution role of Batch job definition ${this.node.path}`,
        // Fargate jobs without a log driver log through awslogs to /aws/batch/job with this role.
        inlinePolicies: shipsDefaultFargateLogs ? {
          Logs: new iam.PolicyDocument({
            statements: [new iam.PolicyStatement({
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [defaultLogGroup],
            })],
          }),
        } : undefined,
      });
      if (shipsDefaultFargateLogs) {
        acknowledgeWildcardResource(this.executionRole, defaultLogGroup,
          'Batch writes the logs of a Fargate job without a log driver to the shared /aws/batch/job log group, in streams it names '
          + 'at run time (NAME/default/TASK_ID); the grant covers that one log group only. Give container.logging with your own '
          + 'log group to get a role that writes only there');
      }
    }
    return this.executionRole;
  }
}

function exactlyOneOf(props: JobDefinitionProps): Problem {
  if ((props.container === undefined) === (props.nodeProperties === undefined)) {
    const given = props.container ? 'both' : 'neither';
    return `container and nodeProperties: exactly one must be set, got ${given}. Use container for a single-node job, nodeProperties for a multi-node parallel job`;
  }
  return undefined;
}

function timeoutWholeSeconds(timeout: Duration | undefined): Problem {
  if (!timeout || timeout.isUnresolved()) return undefined;
  const seconds = timeout.toSeconds({ integral: false });
  return Number.isInteger(seconds) ? undefined : problem('timeout', timeout, 'must be a whole number of seconds');
}

function renderRetryStrategy(props: JobDefinitionProps): CfnJobDefinition.RetryStrategyProperty | undefined {
  if (props.retryAttempts === undefined && props.retryStrategies === undefined) return undefined;
  return {
    attempts: props.retryAttempts,
    evaluateOnExit: props.retryStrategies?.map((rule) => ({
      action: rule.action,
      onExitCode: rule.onExitCode,
      onReason: rule.onReason,
      onStatusReason: rule.onStatusReason,
    })),
  };
}
