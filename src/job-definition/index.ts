export * from './job-definition-types';
export * from './job-container';
export * from './node-range';
export type { IJobDefinition } from './job-definition-base';
export { JobDefinitionBase } from './job-definition-base';
export * from './job-definition';
