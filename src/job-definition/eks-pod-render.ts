import { Stack } from 'aws-cdk-lib';
import { CfnJobDefinition } from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, DependencyGroup } from 'constructs';
import { eksImageProblems, eksRangeImageProblems } from './eks-pod-rules';
import { EksContainer, EksPod, EksVolume } from './eks-pod-types';
import { renderKubernetesEnvironment, renderResources, renderSize } from '../private/kubernetes-render';
import { Problem } from '../private/validation/problem';

/**
 * Renders a job definition's EKS pod as CloudFormation `EksProperties`. The pinned aws-cdk-lib's
 * L1 has no `Metadata.Annotations` and `Metadata.Namespace` (CloudFormation has them): they come
 * back as property overrides, with paths relative to `EksProperties`, for the construct to apply
 * where the pod sits (the job definition's root or a node range).
 */

/** A rendered pod. */
export interface RenderedEksPod {
  /** `EksProperties` as the L1 takes it. */
  readonly eksProperties: CfnJobDefinition.EksPropertiesProperty;
  /** Property overrides `[path under EksProperties, value]` for what the L1 cannot render. */
  readonly overrides: ReadonlyArray<[string, unknown]>;
  /** Findings that need the bound images (credentials, distinct images of a node range). */
  readonly problems: readonly Problem[];
}

/**
 * Images bind against an ECS container definition and ask it for an execution role to grant pulls
 * to. On EKS the kubelet pulls with the node's instance role (which this library's EKS compute
 * environments give ECR pull access), so the grant is satisfied by the nodes, not by a role of the
 * job definition: the adapter's principal records nothing.
 */
function nodePullAdapter(scope: Construct): ecs.ContainerDefinition {
  const account = Stack.of(scope).account;
  const principal: iam.IPrincipal = {
    get grantPrincipal() { return principal; },
    assumeRoleAction: 'sts:AssumeRole',
    policyFragment: new iam.AccountPrincipal(account).policyFragment,
    principalAccount: account,
    addToPrincipalPolicy: () => ({ statementAdded: true, policyDependable: new DependencyGroup() }),
  };
  return { taskDefinition: { obtainExecutionRole: () => principal } } as unknown as ecs.ContainerDefinition;
}

/** Renders a pod; `scope` holds what images create (assets). */
export function renderEksPod(scope: Construct, pod: EksPod, property: string, multiNode: boolean): RenderedEksPod {
  const adapter = nodePullAdapter(scope);
  const problems: Problem[] = [];
  const imageNames: string[] = [];
  const renderContainer = (container: EksContainer, at: string): CfnJobDefinition.EksContainerProperty => {
    const image = container.image instanceof ecs.EcrImage ? { imageName: container.image.imageName } : container.image.bind(scope, adapter);
    problems.push(eksImageProblems(`${at}.image`, image));
    imageNames.push(image.imageName);
    const security = container.securityContext;
    return {
      name: container.name,
      image: image.imageName,
      command: container.command,
      args: container.args,
      imagePullPolicy: container.imagePullPolicy,
      env: renderKubernetesEnvironment(container.environment),
      resources: renderResources(container.resources),
      securityContext: security && Object.values(security).some((v) => v !== undefined) ? {
        runAsUser: security.runAsUser,
        runAsGroup: security.runAsGroup,
        runAsNonRoot: security.runAsNonRoot,
        privileged: security.privileged,
        allowPrivilegeEscalation: security.allowPrivilegeEscalation,
        readOnlyRootFilesystem: security.readOnlyRootFilesystem,
      } : undefined,
      volumeMounts: container.volumeMounts?.map((mount) => ({
        name: mount.name,
        mountPath: mount.mountPath,
        subPath: mount.subPath,
        readOnly: mount.readOnly,
      })),
    };
  };
  const containers = pod.containers.map((c, i) => renderContainer(c, `${property}.containers[${i}]`));
  const initContainers = pod.initContainers?.map((c, i) => renderContainer(c, `${property}.initContainers[${i}]`));
  if (multiNode) problems.push(eksRangeImageProblems(property, imageNames));

  const overrides: Array<[string, unknown]> = [];
  if (pod.annotations !== undefined && Object.keys(pod.annotations).length > 0) {
    overrides.push(['PodProperties.Metadata.Annotations', pod.annotations]);
  }
  if (pod.namespace !== undefined) overrides.push(['PodProperties.Metadata.Namespace', pod.namespace]);

  return {
    eksProperties: {
      podProperties: {
        containers,
        initContainers: initContainers && initContainers.length > 0 ? initContainers : undefined,
        volumes: pod.volumes?.map(renderVolume),
        serviceAccountName: pod.serviceAccount,
        hostNetwork: pod.hostNetwork,
        dnsPolicy: pod.dnsPolicy,
        shareProcessNamespace: pod.shareProcessNamespace,
        imagePullSecrets: pod.imagePullSecrets?.map((name) => ({ name })),
        metadata: pod.labels !== undefined && Object.keys(pod.labels).length > 0 ? { labels: pod.labels } : undefined,
      },
    },
    overrides,
    problems,
  };
}

function renderVolume(volume: EksVolume): CfnJobDefinition.EksVolumeProperty {
  return {
    name: volume.name,
    emptyDir: volume.emptyDir && {
      medium: volume.emptyDir.medium,
      sizeLimit: volume.emptyDir.sizeLimit && renderSize(volume.emptyDir.sizeLimit),
    },
    hostPath: volume.hostPath !== undefined ? { path: volume.hostPath } : undefined,
    secret: volume.secret && { secretName: volume.secret.secretName, optional: volume.secret.optional },
    persistentVolumeClaim: volume.persistentVolumeClaim && {
      claimName: volume.persistentVolumeClaim.claimName,
      readOnly: volume.persistentVolumeClaim.readOnly,
    },
  };
}
