import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type { PerspectiveCamera, Vector3 } from 'three';
import { presetPose, type Bounds, type ScenePoint, type ViewPreset } from './sceneMath';

/** What the rig needs of drei's OrbitControls (registered as the default controls). */
interface Controls {
  readonly target: Vector3;
  update(): void;
}

/**
 * Puts the camera where a preset says whenever the preset, the frame's content or `resetKey`
 * changes — in an effect, never per frame, so orbiting between those moments is the user's own.
 * The field of view follows the canvas's shape so the camera view shows the whole image.
 */
export function ViewRig({
  preset,
  bounds,
  up,
  fov,
  realCamera,
  resetKey,
  dolly = false,
}: {
  preset: ViewPreset;
  bounds: Bounds;
  up: ScenePoint;
  /** Vertical field of view (degrees) for a canvas of the given aspect. */
  fov: (aspect: number) => number;
  realCamera: { readonly imageCenterRay: ScenePoint } | undefined;
  resetKey: number;
  /** `bounds` is one person to fit: in the camera preset, move in towards them. */
  dolly?: boolean;
}) {
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const controls = useThree((s) => s.controls) as unknown as Controls | null;
  const invalidate = useThree((s) => s.invalidate);
  const width = useThree((s) => s.size.width);
  const height = useThree((s) => s.size.height);
  const get = useThree((s) => s.get);
  const aspect = width / Math.max(height, 1);

  useEffect(() => {
    // Through the store's getter: the camera is three's object to mutate, not React state.
    const cam = get().camera as PerspectiveCamera;
    cam.fov = fov(aspect);
    cam.updateProjectionMatrix();
    invalidate();
  }, [camera, fov, aspect, invalidate, get]);

  useEffect(() => {
    // Read, not subscribed: resizing changes the field of view but must not undo the user's orbit.
    const { size } = get();
    const a = size.width / Math.max(size.height, 1);
    const pose = presetPose(preset, bounds, up, fov(a), a, realCamera, dolly);
    camera.up.set(0, 1, 0);
    camera.position.set(...pose.position);
    if (controls) {
      controls.target.set(...pose.target);
      controls.update();
    } else {
      camera.lookAt(...pose.target);
    }
    invalidate();
  }, [camera, controls, preset, bounds, up, fov, realCamera, resetKey, dolly, invalidate, get]);

  return null;
}
