export * from './anchors';
export * from './detections';
export * from './landmarks';
export * from './roi';
