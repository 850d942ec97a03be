export * from './compute-environment-types';
export type { IComputeEnvironment } from './compute-environment-base';
export { ComputeEnvironmentBase } from './compute-environment-base';
export { ComputeEnvironment } from './compute-environment';
