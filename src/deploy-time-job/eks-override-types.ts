import type { EksContainerResources } from '../job-definition/eks-pod-types';

/**
 * The SubmitJob overrides of a job on Amazon EKS (`eksPropertiesOverride`): per container the
 * command, arguments, environment, resources and image, and the pod's labels, annotations and
 * namespace. The rest of the pod (volumes, security settings, networking) cannot be overridden.
 */

/**
 * Overrides of one container of the job definition's pod.
 */
export interface DeployTimeJobEksContainerOverride {
  /**
   * The name of the container to override, as the job definition names it. Required when the pod
   * has more than one container.
   * @default - the pod's only container
   */
  readonly name?: string;
  /**
   * The image to run instead of the job definition's (an image reference, e.g. `repo/app:v2`).
   * @default - the job definition's image
   */
  readonly image?: string;
  /**
   * The entrypoint to run instead of the job definition's.
   * @default - the job definition's command
   */
  readonly command?: string[];
  /**
   * The entrypoint's arguments instead of the job definition's.
   * @default - the job definition's args
   */
  readonly args?: string[];
  /**
   * Environment variables to add or override; names must not start with `AWS_BATCH`.
   * @default - the job definition's environment
   */
  readonly environment?: { [name: string]: string };
  /**
   * CPU, memory and GPU requests and limits instead of the job definition's (the same rules apply).
   * @default - the job definition's resources
   */
  readonly resources?: EksContainerResources;
}

/**
 * Overrides of the pod of a job on Amazon EKS (SubmitJob `eksPropertiesOverride.podProperties`).
 */
export interface DeployTimeJobEksPropertiesOverride {
  /**
   * Overrides of the application containers.
   * @default - none
   */
  readonly containers?: DeployTimeJobEksContainerOverride[];
  /**
   * Overrides of the init containers.
   * @default - none
   */
  readonly initContainers?: DeployTimeJobEksContainerOverride[];
  /**
   * Pod labels to add or override.
   * @default - the job definition's labels
   */
  readonly labels?: { [key: string]: string };
  /**
   * Pod annotations to add or override.
   * @default - the job definition's annotations
   */
  readonly annotations?: { [key: string]: string };
  /**
   * The namespace to run the pod in (with the same RBAC for Batch as the compute environment's).
   * @default - the job definition's, or the compute environment's namespace
   */
  readonly namespace?: string;
}
