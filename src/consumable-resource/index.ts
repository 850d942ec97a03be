export * from './consumable-resource-types';
export * from './consumable-resource-base';
export * from './consumable-resource';
