export * from './compute-environment';
export * from './job-queue';
export * from './job-definition';
export * from './scheduling-policy';
export * from './consumable-resource';
export * from './deploy-time-job';
export * from './service-environment';
export * from './quota-share';
