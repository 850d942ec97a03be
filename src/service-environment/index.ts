export * from './service-environment-types';
export { type IServiceEnvironment, ServiceEnvironmentBase } from './service-environment-base';
export * from './service-environment';
