import { Grid } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useLayoutEffect, useMemo } from 'react';
import {
  BufferGeometry,
  Float32BufferAttribute,
  LineBasicMaterial,
  Quaternion,
  Vector3,
} from 'three';
import { softwareWebGl } from './glProfile';
import { CELL_M, LINE_GRID_MATERIAL, SECTION_M, lineGridGeometry } from './lineGrid';
import { frustumCorners, toScene, type Floor, type Pinhole, type ScenePoint } from './sceneMath';

const FRUSTUM_COLOR = '#8b96a3';
// Shared by every 3D view and never disposed: a material disposed on a frame switch (as drei's
// Line does whenever its points change) makes three.js compile its shader again, ~150 ms each.
const NEAR_MATERIAL = new LineBasicMaterial({ color: FRUSTUM_COLOR });
const FAR_MATERIAL = new LineBasicMaterial({
  color: FRUSTUM_COLOR,
  transparent: true,
  opacity: 0.3,
});
/** Depth of the drawn image plane: 1 m reads as "the camera" without reaching the people. */
const IMAGE_PLANE_MM = 1000;

type Segment = readonly [ScenePoint, ScenePoint];

const mid = (a: ScenePoint, b: ScenePoint): ScenePoint => [
  (a[0] + b[0]) / 2,
  (a[1] + b[1]) / 2,
  (a[2] + b[2]) / 2,
];
const lerp = (a: ScenePoint, b: ScenePoint, t: number): ScenePoint => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/**
 * The camera at the scene origin: rays to the image's corners back-projected 1 m deep, the image
 * rectangle there with a small triangle on its top edge (which way is up in the image, as
 * COLMAP's and RViz's camera glyphs show), and faint edges carried on to `farMm`, so one can see
 * whether the people stand inside the field of view.
 */
export function CameraFrustum({
  intrinsics,
  width,
  height,
  farMm,
}: {
  intrinsics: Pinhole;
  width: number;
  height: number;
  farMm: number;
}) {
  const { near, far } = useMemo(() => {
    const o: ScenePoint = [0, 0, 0];
    const n = frustumCorners(intrinsics, width, height, IMAGE_PLANE_MM).map(toScene);
    const f = frustumCorners(intrinsics, width, height, Math.max(farMm, IMAGE_PLANE_MM)).map(
      toScene,
    );
    const [tl, tr, br, bl] = n as [ScenePoint, ScenePoint, ScenePoint, ScenePoint];
    const top = mid(tl, tr);
    const apex = lerp(top, mid(bl, br), -0.18);
    const nearSegs: Segment[] = [
      ...n.map((c): Segment => [o, c]),
      ...n.map((c, i): Segment => [c, n[(i + 1) % 4]!]),
      [lerp(tl, tr, 0.35), apex],
      [apex, lerp(tl, tr, 0.65)],
    ];
    const farSegs: Segment[] = [
      ...n.map((c, i): Segment => [c, f[i]!]),
      ...f.map((c, i): Segment => [c, f[(i + 1) % 4]!]),
    ];
    return { near: nearSegs.flat(), far: farSegs.flat() };
  }, [intrinsics, width, height, farMm]);
  return (
    <group>
      <Segments points={near} material={NEAR_MATERIAL} />
      <Segments points={far} material={FAR_MATERIAL} />
    </group>
  );
}

/** Line segments (point pairs) in one geometry kept for the view's life, rewritten in place. */
function Segments({
  points,
  material,
}: {
  points: readonly ScenePoint[];
  material: LineBasicMaterial;
}) {
  const geometry = useMemo(() => new BufferGeometry(), []);
  const invalidate = useThree((s) => s.invalidate);
  useLayoutEffect(() => {
    geometry.setAttribute('position', new Float32BufferAttribute(points.flat(), 3));
    geometry.computeBoundingSphere();
    invalidate();
  }, [geometry, points, invalidate]);
  useLayoutEffect(() => () => geometry.dispose(), [geometry]);
  return <lineSegments geometry={geometry} material={material} />;
}

const UP = new Vector3(0, 1, 0);
const CELL_COLOR = '#2b333c';
const SECTION_COLOR = '#47525e';
/** The 3D views' background, which the line grid fades into. */
export const SCENE_BACKGROUND = '#14191f';
let lineGrid: BufferGeometry | undefined;

/**
 * A grid on the estimated floor (see `floorUp` for what is assumed). drei's grid lies in its
 * local XZ plane, so it is turned to the floor's normal; infinite and faded with distance, so
 * its extent never has to be chosen. Where WebGL is drawn on the CPU the same grid is drawn as
 * faded line segments instead (lineGrid.ts), one geometry shared by every view.
 */
export function FloorGrid({ floor }: { floor: Floor }) {
  const quaternion = useMemo(
    () => new Quaternion().setFromUnitVectors(UP, new Vector3(...floor.normal)),
    [floor],
  );
  if (softwareWebGl()) {
    lineGrid ??= lineGridGeometry(CELL_COLOR, SECTION_COLOR, SCENE_BACKGROUND);
    return (
      <lineSegments
        geometry={lineGrid}
        material={LINE_GRID_MATERIAL}
        position={floor.point as [number, number, number]}
        quaternion={quaternion}
      />
    );
  }
  return (
    <Grid
      position={floor.point as [number, number, number]}
      quaternion={quaternion}
      args={[1, 1]}
      cellSize={CELL_M}
      sectionSize={SECTION_M}
      cellThickness={0.6}
      sectionThickness={1}
      cellColor={CELL_COLOR}
      sectionColor={SECTION_COLOR}
      fadeDistance={30}
      fadeStrength={1.5}
      infiniteGrid
    />
  );
}
