export * from './api';
export * from './bridge';
export * from './envelope';
export type * from './schemas';
export * from './runSummary';
export * from './joints';
export * from './importReport';
