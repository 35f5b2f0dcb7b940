import { Grid, OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import { useMemo } from 'react';
import { restPose, type Skeleton } from '../../core';
import { canvasQuality } from '../three/glProfile';
import { SCENE_BACKGROUND } from '../three/SceneGuides';
import { SkeletonModel } from './SkeletonModel';

const FLOOR_Y = -0.98;

/** 3D view of a skeleton's rest pose with orbit controls. */
export function SkeletonViewer({ skeleton }: { readonly skeleton: Skeleton }) {
  const pose = useMemo(() => restPose(skeleton), [skeleton]);
  const quality = canvasQuality();
  return (
    <div className="viewer" data-testid="skeleton-viewer">
      <Canvas
        camera={{ position: [1.6, 0.5, 2.4], fov: 38, near: 0.05, far: 50 }}
        gl={{ antialias: quality.antialias }}
        dpr={quality.dpr}
      >
        <color attach="background" args={[SCENE_BACKGROUND]} />
        <hemisphereLight args={['#ffffff', '#30363d', 1.2]} />
        <directionalLight position={[2, 4, 3]} intensity={1.4} />
        <SkeletonModel skeleton={skeleton} pose={pose} />
        <Grid
          position={[0, FLOOR_Y, 0]}
          args={[6, 6]}
          cellSize={0.1}
          sectionSize={0.5}
          cellColor="#2b333c"
          sectionColor="#47525e"
          fadeDistance={7}
          infiniteGrid
        />
        <OrbitControls target={[0, -0.1, 0]} makeDefault enableDamping />
      </Canvas>
      <p className="viewer-hint">Drag to orbit · scroll to zoom · hover a joint</p>
    </div>
  );
}
