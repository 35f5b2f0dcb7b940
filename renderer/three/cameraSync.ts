import type { Vector3Tuple } from 'three';

export interface CameraPose {
  readonly position: Vector3Tuple;
  readonly target: Vector3Tuple;
  readonly up: Vector3Tuple;
}

type Listener = (pose: CameraPose, from: symbol) => void;

/**
 * One 3D camera shared by several canvases (the compare panes): a plain object outside React,
 * since orbiting changes it every animation frame and React state would re-render each pane per
 * frame. Each canvas publishes its own moves and applies the others'.
 */
export class CameraSync {
  private pose: CameraPose | null = null;
  private readonly listeners = new Set<Listener>();

  current(): CameraPose | null {
    return this.pose;
  }

  publish(pose: CameraPose, from: symbol): void {
    this.pose = pose;
    for (const l of this.listeners) l(pose, from);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
