export * from './scheduling-policy-types';
export { type ISchedulingPolicy, SchedulingPolicyBase } from './scheduling-policy-base';
export * from './scheduling-policy';
