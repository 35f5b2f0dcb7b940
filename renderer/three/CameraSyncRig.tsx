import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type { Camera, EventDispatcher, Vector3 } from 'three';
import type { CameraSync } from './cameraSync';

/** What the rig needs of drei's OrbitControls (registered as the default controls). */
interface Controls extends EventDispatcher<{ change: object }> {
  readonly target: Vector3;
  update(): void;
}

/**
 * Keeps this canvas's camera in step with the others sharing `sync`: every orbit, zoom or preset
 * here is published, and a move published elsewhere is copied here and drawn on demand.
 */
export function CameraSyncRig({ sync }: { sync: CameraSync }) {
  const controls = useThree((s) => s.controls) as unknown as Controls | null;
  const camera = useThree((s) => s.camera) as Camera;
  const invalidate = useThree((s) => s.invalidate);

  useEffect(() => {
    if (!controls) return;
    const me = Symbol('pane');
    // Set while a pose from elsewhere is applied, so applying it is not published back.
    let applying = false;
    const apply = (pose: ReturnType<CameraSync['current']>) => {
      if (!pose) return;
      applying = true;
      camera.up.set(...pose.up);
      camera.position.set(...pose.position);
      controls.target.set(...pose.target);
      controls.update();
      applying = false;
      invalidate();
    };
    const onChange = () => {
      if (applying) return;
      sync.publish(
        {
          position: camera.position.toArray(),
          target: controls.target.toArray(),
          up: camera.up.toArray(),
        },
        me,
      );
    };
    controls.addEventListener('change', onChange);
    const off = sync.subscribe((pose, from) => from !== me && apply(pose));
    // A pane added later starts where the others are.
    apply(sync.current());
    return () => {
      off();
      controls.removeEventListener('change', onChange);
    };
  }, [controls, camera, sync, invalidate]);
  return null;
}
