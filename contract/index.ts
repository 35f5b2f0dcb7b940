export * from './api';
export * from './bridge';
export * from './envelope';
export type * from './schemas';
export * from './runSummary';
export * from './joints';
export * from './importReport';
export type * from './inference';
export { MODEL_FAMILIES, OUTPUT_MEANINGS } from './inference';
