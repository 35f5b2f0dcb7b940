import { Html } from '@react-three/drei';
import { useMemo } from 'react';
import { Matrix4 } from 'three';
import type { Extrinsics, Vec2 } from '../../core';
import { rigMatrix } from './rigMath';
import { CameraFrustum } from './SceneGuides';

/** Another calibrated camera of the moment, drawn where it stands. */
export interface RigCamera {
  readonly label: string;
  readonly camera: Extrinsics & { readonly f: Vec2; readonly c: Vec2 };
  readonly width: number;
  readonly height: number;
}

/** The moment's cameras as the 3D panel draws them: the inspected one and the others. */
export interface Rig {
  readonly inspected: Extrinsics;
  readonly label: string;
  readonly others: readonly RigCamera[];
}

/** The rig's other cameras as frusta, placed by their extrinsics relative to the inspected one. */
export function RigCameras({
  inspected,
  inspectedLabel,
  others,
  farMm,
}: {
  inspected: Extrinsics;
  inspectedLabel: string;
  others: readonly RigCamera[];
  farMm: number;
}) {
  return (
    <>
      <Html position={[0, 0.12, 0]} center className="rig-label">
        {inspectedLabel}
      </Html>
      {others.map((o) => (
        <RigCameraGlyph key={o.label} inspected={inspected} other={o} farMm={farMm} />
      ))}
    </>
  );
}

function RigCameraGlyph({
  inspected,
  other,
  farMm,
}: {
  inspected: Extrinsics;
  other: RigCamera;
  farMm: number;
}) {
  const matrix = useMemo(
    () => new Matrix4().fromArray(rigMatrix(inspected, other.camera)),
    [inspected, other.camera],
  );
  return (
    <group matrix={matrix} matrixAutoUpdate={false}>
      <CameraFrustum
        intrinsics={other.camera}
        width={other.width}
        height={other.height}
        farMm={farMm}
      />
      <Html position={[0, 0.12, 0]} center className="rig-label">
        {other.label}
      </Html>
    </group>
  );
}
