export * from './deploy-time-job-types';
export { DeployTimeJob } from './deploy-time-job';
