import type { EksContainerOverride, EksPropertiesOverride } from '@aws-sdk/client-batch';
import { DeployTimeJobEksContainerOverride, DeployTimeJobEksPropertiesOverride } from './eks-override-types';
import { renderKubernetesEnvironment, renderResources } from '../private/kubernetes-render';

/**
 * An EKS override in the SDK's shape (`EksPropertiesOverride` of SubmitJob): quantities as the
 * Kubernetes strings Batch takes, environment as `env` entries. Every field is a string, so the
 * job runner converts nothing back.
 */
export function renderEksPropertiesOverride(override: DeployTimeJobEksPropertiesOverride | undefined): EksPropertiesOverride | undefined {
  if (override === undefined) return undefined;
  const metadata = withoutUndefined({ labels: override.labels, annotations: override.annotations, namespace: override.namespace });
  return {
    podProperties: withoutUndefined({
      containers: override.containers?.map(renderContainer),
      initContainers: override.initContainers?.map(renderContainer),
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    }),
  };
}

function renderContainer(container: DeployTimeJobEksContainerOverride): EksContainerOverride {
  return withoutUndefined<EksContainerOverride>({
    name: container.name,
    image: container.image,
    command: container.command,
    args: container.args,
    env: renderKubernetesEnvironment(container.environment),
    resources: renderResources(container.resources) as EksContainerOverride['resources'],
  });
}

function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
