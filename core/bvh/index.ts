export * from './bvh';
export * from './h36mFromBvh';
