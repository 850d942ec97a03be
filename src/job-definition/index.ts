export * from './job-definition-types';
export * from './job-container';
export * from './ecs-task-types';
export type { S3FilesVolume } from './s3-files-volume';
export * from './eks-pod-types';
export * from './node-range';
export type { IJobDefinition } from './job-definition-base';
export { JobDefinitionBase } from './job-definition-base';
export * from './job-definition';
