export * from './job-queue-types';
export { type IJobQueue, JobQueueBase } from './job-queue-base';
export * from './job-queue';
