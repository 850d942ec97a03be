import { Size, SizeRoundingBehavior, Tokenization } from 'aws-cdk-lib';
import { mebibytes } from './validation/checks';
import { KubernetesQuantities, KubernetesResources } from './validation/kubernetes';

/**
 * Kubernetes quantities as Batch on Amazon EKS takes them, shared by the job definition's pod and
 * the deploy-time job's `eksPropertiesOverride`: vCPUs as a decimal string ("0.25", "2"), memory as
 * whole MiB with the `Mi` suffix ("1024Mi"), GPUs under `nvidia.com/gpu`. Tokens stay tokens.
 */

/** The resource name Kubernetes gives NVIDIA GPUs. */
export const GPU_RESOURCE = 'nvidia.com/gpu';

/** A number as a Kubernetes quantity string (tokens stringified). */
function quantity(value: number): string {
  return Tokenization.stringifyNumber(value);
}

/** A Size as whole MiB with the `Mi` suffix ("1024Mi"). */
export function renderMemory(size: Size): string {
  return `${quantity(mebibytes(size))}Mi`;
}

/**
 * A Size as the shortest exact Kubernetes quantity: whole MiB as `Mi`, else whole KiB as `Ki`,
 * else bytes (for sizes such as emptyDir limits, which Kubernetes takes in any unit).
 */
export function renderSize(size: Size): string {
  if (size.isUnresolved()) return renderMemory(size);
  const exact = { rounding: SizeRoundingBehavior.NONE };
  if (Number.isInteger(size.toMebibytes(exact))) return `${size.toMebibytes(exact)}Mi`;
  if (Number.isInteger(size.toKibibytes(exact))) return `${size.toKibibytes(exact)}Ki`;
  return String(size.toBytes(exact));
}

/** One quantity map, or undefined when it is empty. */
export function renderQuantities(quantities: KubernetesQuantities | undefined): { [name: string]: string } | undefined {
  if (quantities === undefined) return undefined;
  const rendered: { [name: string]: string } = {};
  if (quantities.cpu !== undefined) rendered.cpu = quantity(quantities.cpu);
  if (quantities.memory !== undefined) rendered.memory = renderMemory(quantities.memory);
  if (quantities.gpu !== undefined) rendered[GPU_RESOURCE] = quantity(quantities.gpu);
  return Object.keys(rendered).length > 0 ? rendered : undefined;
}

/** Requests and limits, or undefined when neither has a value. */
export function renderResources(resources: KubernetesResources | undefined): { requests?: object; limits?: object } | undefined {
  const requests = renderQuantities(resources?.requests);
  const limits = renderQuantities(resources?.limits);
  return requests || limits ? { requests, limits } : undefined;
}

/** An environment map as Kubernetes `env` entries, in the order given. */
export function renderKubernetesEnvironment(environment: { [name: string]: string } | undefined): Array<{ name: string; value: string }> | undefined {
  if (environment === undefined) return undefined;
  const entries = Object.entries(environment).map(([name, value]) => ({ name, value }));
  return entries.length > 0 ? entries : undefined;
}
