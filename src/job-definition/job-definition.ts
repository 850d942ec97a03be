import { Names } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import { Construct } from 'constructs';
import type { IConsumableResource } from '../consumable-resource';
import { renderContainer } from './container-render';
import { boundContainerProblems } from './container-rules';
import { renderEcsTask } from './ecs-task-render';
import { renderEksPod, RenderedEksPod } from './eks-pod-render';
import { ExecutionRoles } from './execution-role';
import { IJobDefinition, ImportedJobDefinition, JobDefinitionBase } from './job-definition-base';
import { isEksJob, jobDefinitionProblems, platformOf } from './job-definition-rules';
import { JobDefinitionProps, PlatformCapability } from './job-definition-types';
import { bindWorkload, grantJobRoles, taskUsers, workloadsOf } from './workloads';
import { renderConsumableResources } from '../private/consumable-requirements';
import { reportProblems } from '../private/validation/problem';

/**
 * A Batch job definition: a single-container job, a multi-container (ECS task) job or a multi-node
 * parallel job, on EC2 or Fargate, or a pod (single-node or multi-node) on Amazon EKS.
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
    return ImportedJobDefinition.fromArn(scope, id, jobDefinitionArn);
  }

  /**
   * Imports a job definition by name; its ARN has no revision, so jobs use the latest ACTIVE revision.
   */
  public static fromJobDefinitionName(scope: Construct, id: string, jobDefinitionName: string): IJobDefinition {
    return ImportedJobDefinition.fromName(scope, id, jobDefinitionName);
  }

  /** The ARN of the revision this deployment registers. */
  public readonly jobDefinitionArn: string;
  /** The name: the one given, or a unique one derived from the construct path. */
  public readonly jobDefinitionName: string;

  /** Where the job runs. */
  public readonly platformCapability: PlatformCapability;

  /**
   * The consumable resources its jobs need (the definition's and its node ranges'): granting
   * `batch:SubmitJob` on this definition grants it on them too, as SubmitJob authorizes them.
   */
  public readonly consumableResources: IConsumableResource[];

  /**
   * The names of the containers of its ECS task (`ecsTask`), which DeployTimeJob's
   * `ecsPropertiesOverride` names.
   * @default - none: the definition runs no ECS task of its own (a container or nodes)
   */
  public readonly taskContainerNames?: string[];

  constructor(scope: Construct, id: string, props: JobDefinitionProps) {
    super(scope, id, { physicalName: props.jobDefinitionName });
    this.jobDefinitionName = props.jobDefinitionName ?? Names.uniqueResourceName(this, { maxLength: 128 });
    this.platformCapability = platformOf(props);
    const fargate = this.platformCapability === PlatformCapability.FARGATE;
    const multiNode = props.nodeProperties;

    // Validate first: the props, then what the images and log drivers bound to.
    reportProblems(this, jobDefinitionProblems(props));
    const workloads = workloadsOf(this, props);
    const roles = new ExecutionRoles(this, fargate, workloads.flatMap((w) => w.container ? [w.container] : taskUsers(w.task!)));
    const bound = workloads.map((w) => bindWorkload(w, roles));
    reportProblems(this, workloads.flatMap((w, i) => bound[i].map((binding, j) => boundContainerProblems(binding.image, binding.logging, {
      property: w.container ? w.property : `${w.property}.containers[${j}]`,
      fargate,
      multiNode: multiNode !== undefined,
      inTask: w.task ? { volumeNames: [] } : undefined,
    })).flat()));

    // EKS pods bind their images as they render; what the bound images break is reported before the resource exists.
    const eks = isEksJob(props);
    const pod = props.eksPod && renderEksPod(this, props.eksPod, 'eksPod', false);
    const rangePods: Array<RenderedEksPod | undefined> = (multiNode?.nodeRanges ?? []).map((range, i) => range.eksPod
      && renderEksPod(new Construct(this, `NodeRange${i}`), range.eksPod, `nodeProperties.nodeRanges[${i}].eksPod`, true));
    reportProblems(this, [pod, ...rangePods].flatMap((p) => p?.problems ?? []));

    // Then render, and grant the job and task roles what the containers use.
    const rendered = new Map(workloads.map((w, i) => [w.rangeIndex ?? 0, w.container
      ? { container: renderContainer(w.container, bound[i][0], fargate) }
      : { ecsProperties: { taskProperties: [renderEcsTask(w.task!, bound[i], fargate)] } }]));
    grantJobRoles(this, workloads);
    this.taskContainerNames = props.ecsTask?.containers.map((container) => container.name);
    this.consumableResources = [props.consumableResources ?? [], ...(multiNode?.nodeRanges ?? []).map((r) => r.consumableResources ?? [])]
      .flat().map((requirement) => requirement.resource);
    const resource = new CfnJobDefinition(this, 'Resource', {
      jobDefinitionName: this.jobDefinitionName,
      type: multiNode ? 'multinode' : 'container',
      containerProperties: props.container ? rendered.get(0)?.container : undefined,
      ecsProperties: props.ecsTask ? rendered.get(0)?.ecsProperties : undefined,
      eksProperties: pod?.eksProperties,
      consumableResourceProperties: renderConsumableResources(props.consumableResources),
      nodeProperties: multiNode && {
        numNodes: multiNode.numNodes,
        mainNode: multiNode.mainNode,
        nodeRangeProperties: multiNode.nodeRanges.map((range, i) => ({
          targetNodes: range.targetNodes.toString(),
          ...rendered.get(i),
          eksProperties: rangePods[i]?.eksProperties,
          instanceTypes: range.instanceType ? [range.instanceType.toString()] : undefined,
          consumableResourceProperties: renderConsumableResources(range.consumableResources),
        })),
      },
      parameters: props.parameters,
      // A job on EKS has no platform capabilities (Batch rejects them).
      platformCapabilities: eks ? undefined : props.platformCapabilities ?? [PlatformCapability.EC2],
      propagateTags: props.propagateTags,
      schedulingPriority: props.schedulingPriority,
      retryStrategy: renderRetryStrategy(props),
      timeout: props.timeout ? { attemptDurationSeconds: props.timeout.toSeconds() } : undefined,
      resourceRetentionPolicy: props.retainPreviousRevisions ? { skipDeregisterOnUpdate: true } : undefined,
      tags: props.tags,
    });
    roles.addDependencies(resource);
    // What the pinned L1 cannot render (pod annotations and namespace) goes in as overrides.
    for (const [path, value] of pod?.overrides ?? []) resource.addPropertyOverride(`EksProperties.${path}`, value);
    rangePods.forEach((rangePod, i) => {
      for (const [path, value] of rangePod?.overrides ?? []) {
        resource.addPropertyOverride(`NodeProperties.NodeRangeProperties.${i}.EksProperties.${path}`, value);
      }
    });
    // Ref of AWS::Batch::JobDefinition is the ARN of the new revision.
    this.jobDefinitionArn = resource.ref;
  }
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
