import { Names } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import { Construct } from 'constructs';
import { renderContainer } from './container-render';
import { boundContainerProblems } from './container-rules';
import { ContainerBinding, ExecutionRoles } from './execution-role';
import { IJobDefinition, ImportedJobDefinition, JobDefinitionBase } from './job-definition-base';
import { containersOf, jobDefinitionProblems, platformOf } from './job-definition-rules';
import { JobDefinitionProps, PlatformCapability } from './job-definition-types';
import { reportProblems } from '../private/validation/problem';

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

    // Then render.
    const rendered = containers.map(([, container], i) => renderContainer(container, bindings[i], fargate));
    const resource = new CfnJobDefinition(this, 'Resource', {
      jobDefinitionName: this.jobDefinitionName,
      type: multiNode ? 'multinode' : 'container',
      containerProperties: props.container ? rendered[0] : undefined,
      nodeProperties: multiNode && {
        numNodes: multiNode.numNodes,
        mainNode: multiNode.mainNode,
        nodeRangeProperties: multiNode.nodeRanges.map((range, i) => ({ targetNodes: range.targetNodes.toString(), container: rendered[i] })),
      },
      parameters: props.parameters,
      platformCapabilities: props.platformCapabilities ?? [PlatformCapability.EC2],
      propagateTags: props.propagateTags,
      schedulingPriority: props.schedulingPriority,
      retryStrategy: renderRetryStrategy(props),
      timeout: props.timeout ? { attemptDurationSeconds: props.timeout.toSeconds() } : undefined,
      resourceRetentionPolicy: props.retainPreviousRevisions ? { skipDeregisterOnUpdate: true } : undefined,
      tags: props.tags,
    });
    roles.addDependencies(resource);
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
