import type {
  ContainerOverrides, EcsPropertiesOverride, JobDependency, KeyValuePair, ResourceRequirement, TaskContainerOverrides,
} from '@aws-sdk/client-batch';
import { SizeRoundingBehavior, Tokenization } from 'aws-cdk-lib';
import { DeployTimeJobContainerOverrides, DeployTimeJobEcsPropertiesOverride, DeployTimeJobProps } from './deploy-time-job-types';
import { renderEksPropertiesOverride } from './eks-override-render';
import { SubmitJobRequest } from './protocol';
import { renderConsumableResources } from '../private/consumable-requirements';

/**
 * Renders a DeployTimeJob's props as the SubmitJob request its job runner sends: the
 * SDK's own shape (`SubmitJobRequest` of `protocol.ts`), so a misspelt field fails `tsc`.
 * Strings and numbers may be tokens; CloudFormation resolves them.
 */
export function renderSubmitJob(props: DeployTimeJobProps): SubmitJobRequest {
  const dependsOn: JobDependency[] = (props.dependsOn ?? []).map((d) => ({
    jobId: d.job.jobId,
    ...(d.type !== undefined ? { type: d.type } : {}),
  }));
  // The SDK's SEQUENTIAL (the public enum member is deprecated: it only ever appears here).
  if (props.sequentialArrayChildren) dependsOn.push({ type: 'SEQUENTIAL' });
  return withoutUndefined<SubmitJobRequest>({
    jobQueue: props.jobQueue.jobQueueArn,
    jobDefinition: props.jobDefinition!.jobDefinitionArn,
    parameters: props.parameters,
    containerOverrides: renderContainerOverrides(props.containerOverrides),
    ecsPropertiesOverride: renderEcsPropertiesOverride(props.ecsPropertiesOverride),
    consumableResourcePropertiesOverride: renderConsumableResources(props.consumableResourcePropertiesOverride),
    nodeOverrides: props.nodeOverrides && withoutUndefined({
      numNodes: props.nodeOverrides.numNodes,
      nodePropertyOverrides: props.nodeOverrides.nodePropertyOverrides?.map((o) => withoutUndefined({
        targetNodes: o.targetNodes,
        containerOverrides: renderContainerOverrides(o.containerOverrides),
        ecsPropertiesOverride: renderEcsPropertiesOverride(o.ecsPropertiesOverride),
        consumableResourcePropertiesOverride: renderConsumableResources(o.consumableResourcePropertiesOverride),
        eksPropertiesOverride: renderEksPropertiesOverride(o.eksPropertiesOverride),
      })),
    }),
    eksPropertiesOverride: renderEksPropertiesOverride(props.eksPropertiesOverride),
    arrayProperties: props.arraySize !== undefined ? { size: props.arraySize } : undefined,
    dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    retryStrategy: props.retryAttempts !== undefined ? { attempts: props.retryAttempts } : undefined,
    timeout: props.timeout ? { attemptDurationSeconds: props.timeout.toSeconds() } : undefined,
    tags: props.tags,
    propagateTags: props.propagateTags,
    shareIdentifier: props.shareIdentifier,
    schedulingPriorityOverride: props.schedulingPriority,
  });
}

/** Container overrides in the SDK's shape; vCPUs, memory and GPUs as resource requirements. */
export function renderContainerOverrides(overrides: DeployTimeJobContainerOverrides | undefined): ContainerOverrides | undefined {
  if (overrides === undefined) return undefined;
  const requirements: ResourceRequirement[] = [
    { type: 'VCPU' as const, value: overrides.vcpus },
    { type: 'MEMORY' as const, value: overrides.memory?.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) },
    { type: 'GPU' as const, value: overrides.gpuCount },
  ].filter((r) => r.value !== undefined).map((r) => ({ type: r.type, value: Tokenization.stringifyNumber(r.value!) }));
  const environment: KeyValuePair[] | undefined = overrides.environment
    && Object.entries(overrides.environment).map(([name, value]) => ({ name, value }));
  return withoutUndefined<ContainerOverrides>({
    command: overrides.command,
    environment,
    instanceType: overrides.instanceType?.toString(),
    resourceRequirements: requirements.length > 0 ? requirements : undefined,
  });
}

/** The overrides of an ECS task's containers, each named, in the SDK's shape (one task). */
export function renderEcsPropertiesOverride(overrides: DeployTimeJobEcsPropertiesOverride | undefined): EcsPropertiesOverride | undefined {
  if (overrides === undefined) return undefined;
  return {
    taskProperties: [{
      containers: overrides.containers.map(({ name, ...rest }): TaskContainerOverrides => ({ name, ...renderContainerOverrides(rest) })),
    }],
  };
}

/** The object without its undefined members (they would render as nothing, but keep tests exact). */
function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
