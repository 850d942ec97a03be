export * from './quota-share-types';
export { type IQuotaShare, QuotaShareBase } from './quota-share-base';
export * from './quota-share';
