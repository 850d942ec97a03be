import { Names } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import { Construct } from 'constructs';
import { renderContainer } from './container-render';
import { boundContainerProblems } from './container-rules';
import { renderEksPod, RenderedEksPod } from './eks-pod-render';
import { ContainerBinding, ExecutionRoles } from './execution-role';
import { IJobDefinition, ImportedJobDefinition, JobDefinitionBase } from './job-definition-base';
import { containersOf, isEksJob, jobDefinitionProblems, platformOf } from './job-definition-rules';
import { JobDefinitionProps, PlatformCapability } from './job-definition-types';
import { reportProblems } from '../private/validation/problem';

/**
 * A Batch job definition: a single-node container job or a multi-node parallel job, on EC2 or Fargate,
 * or a pod (single-node or multi-node) on Amazon EKS.
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

  constructor(scope: Construct, id: string, props: JobDefinitionProps) {
    super(scope, id, { physicalName: props.jobDefinitionName });
    this.jobDefinitionName = props.jobDefinitionName ?? Names.uniqueResourceName(this, { maxLength: 128 });
    this.platformCapability = platformOf(props);
    const fargate = this.platformCapability === PlatformCapability.FARGATE;
    const multiNode = props.nodeProperties;

    // Validate first: the props, then what the images and log drivers bound to.
    reportProblems(this, jobDefinitionProblems(props));
    const containers = containersOf(props);
    const roles = new ExecutionRoles(this, fargate, containers.map(([, container]) => container));
    const bindings: ContainerBinding[] = containers.map(([, container], i) =>
      // Each node range binds in its own scope: image assets and log groups get distinct ids.
      roles.bind(multiNode ? new Construct(this, `NodeRange${i}`) : this, container));
    reportProblems(this, containers.flatMap(([property], i) => boundContainerProblems(bindings[i].image, bindings[i].logging,
      { property, fargate, multiNode: multiNode !== undefined })));

    // EKS pods bind their images as they render; what the bound images break is reported before the resource exists.
    const eks = isEksJob(props);
    const pod = props.eksPod && renderEksPod(this, props.eksPod, 'eksPod', false);
    const rangePods: Array<RenderedEksPod | undefined> = (multiNode?.nodeRanges ?? []).map((range, i) => range.eksPod
      && renderEksPod(new Construct(this, `NodeRange${i}`), range.eksPod, `nodeProperties.nodeRanges[${i}].eksPod`, true));
    reportProblems(this, [pod, ...rangePods].flatMap((p) => p?.problems ?? []));

    // Then render.
    const rendered = containers.map(([, container], i) => renderContainer(container, bindings[i], fargate));
    let nextContainer = 0;
    const resource = new CfnJobDefinition(this, 'Resource', {
      jobDefinitionName: this.jobDefinitionName,
      type: multiNode ? 'multinode' : 'container',
      containerProperties: props.container ? rendered[0] : undefined,
      eksProperties: pod?.eksProperties,
      nodeProperties: multiNode && {
        numNodes: multiNode.numNodes,
        mainNode: multiNode.mainNode,
        nodeRangeProperties: multiNode.nodeRanges.map((range, i) => ({
          targetNodes: range.targetNodes.toString(),
          container: range.container ? rendered[nextContainer++] : undefined,
          eksProperties: rangePods[i]?.eksProperties,
          instanceTypes: range.instanceType ? [range.instanceType.toString()] : undefined,
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
