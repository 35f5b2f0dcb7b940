export * from './jointLimits';
export * from './motions';
export * from './random';
export * from './rig';
