export * from './deploy-time-job-types';
export * from './eks-override-types';
export { DeployTimeJob } from './deploy-time-job';
export * from './training-job-types';
