export * from './compute-environment-types';
export * from './launch-template-overrides';
export * from './eks-configuration-types';
export type { IComputeEnvironment } from './compute-environment-base';
export { ComputeEnvironmentBase } from './compute-environment-base';
export { ComputeEnvironment } from './compute-environment';
