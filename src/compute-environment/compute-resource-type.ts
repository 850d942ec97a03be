import { ComputeResourceType } from './compute-environment-types';

/**
 * Facts about compute resource types that rules in several folders need (the queue's and the
 * deploy-time job's rules too): which types are EC2, and how the user writes a type. A leaf:
 * import it from another folder like a `*-types.ts` file.
 */

/** The compute resource types whose capacity is EC2 instances. */
export const EC2_TYPES: readonly ComputeResourceType[] = [ComputeResourceType.ON_DEMAND, ComputeResourceType.SPOT];

/** Whether a type is an EC2 one (ON_DEMAND or SPOT); false for Fargate and unmanaged (undefined). */
export function isEc2(type: ComputeResourceType | undefined): boolean {
  return type !== undefined && EC2_TYPES.includes(type);
}

/** A type as the user writes it: `ON_DEMAND` for Batch's `EC2`. */
export function typeName(type: ComputeResourceType): string {
  return Object.entries(ComputeResourceType).find(([, value]) => value === type)?.[0] ?? type;
}
