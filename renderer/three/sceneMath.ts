import { pixelToCamera, type Vec2, type Vec3 } from '../../core';

/**
 * Scene conventions of the 3D panel.
 *
 * Labels and predictions are in camera space, millimetres, Human3.6M/RootNet axes: X right,
 * Y down, Z forward. three.js wants Y up, and its cameras look down −Z. Turning the data 180°
 * about the X axis, (X, Y, Z) → (X, −Y, −Z), satisfies both: it is a rotation, not a reflection,
 * so left and right are preserved, and a three.js camera at the origin with its default
 * orientation then sees exactly what the real camera saw (image right = +X, image up = +Y).
 * Scene units are metres, so three's defaults (near plane, grid cells, light falloff) fit.
 */
export type ScenePoint = readonly [number, number, number];

const MM_PER_M = 1000;

export const toScene = (p: Vec3): ScenePoint => [
  p[0] / MM_PER_M,
  -p[1] / MM_PER_M,
  -p[2] / MM_PER_M,
];

/** Back from the scene to camera space in millimetres: {@link toScene} undone. */
export const fromScene = (p: ScenePoint): Vec3 => [
  p[0] * MM_PER_M,
  -p[1] * MM_PER_M,
  -p[2] * MM_PER_M,
];

/** A direction (not a point): same axis flip, no unit change. */
export const dirToScene = (d: Vec3): ScenePoint => [d[0], -d[1], -d[2]];

export const add = (a: ScenePoint, b: ScenePoint): ScenePoint => [
  a[0] + b[0],
  a[1] + b[1],
  a[2] + b[2],
];
export const sub = (a: ScenePoint, b: ScenePoint): ScenePoint => [
  a[0] - b[0],
  a[1] - b[1],
  a[2] - b[2],
];
export const scale = (a: ScenePoint, s: number): ScenePoint => [a[0] * s, a[1] * s, a[2] * s];
export const dot = (a: ScenePoint, b: ScenePoint): number =>
  a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: ScenePoint, b: ScenePoint): ScenePoint => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
export const normalize = (a: ScenePoint): ScenePoint => scale(a, 1 / Math.hypot(...a));

export interface Pinhole {
  readonly f: Vec2;
  readonly c: Vec2;
}

/**
 * The image's corners — (0,0), (w,0), (w,h), (0,h), i.e. top-left, top-right, bottom-right,
 * bottom-left — back-projected to camera space at `depthMm` (mm).
 */
export function frustumCorners(
  intr: Pinhole,
  width: number,
  height: number,
  depthMm: number,
): readonly [Vec3, Vec3, Vec3, Vec3] {
  const at = (u: number, v: number) => pixelToCamera([u, v], depthMm, intr);
  return [at(0, 0), at(width, 0), at(width, height), at(0, height)];
}

const DEG = 180 / Math.PI;

/**
 * Vertical field of view (degrees) of a three.js camera on a canvas of `aspect` (w/h) that shows
 * the whole image: its full height, or its full width when the canvas is narrower than the image.
 * The principal point is taken at the image centre, a few pixels' approximation.
 */
export function fitFov(intr: Pinhole, width: number, height: number, aspect: number): number {
  const halfY = height / (2 * intr.f[1]);
  const halfX = width / (2 * intr.f[0]);
  return 2 * Math.atan(Math.max(halfY, halfX / aspect)) * DEG;
}

export interface Bounds {
  readonly center: ScenePoint;
  /** Largest distance of a point from the centre (m). */
  readonly radius: number;
}

/** Centroid of the points and the radius of the sphere around it that holds them all. */
export function boundsOf(points: readonly ScenePoint[]): Bounds | null {
  if (points.length === 0) return null;
  let c: ScenePoint = [0, 0, 0];
  for (const p of points) c = add(c, p);
  c = scale(c, 1 / points.length);
  let r = 0;
  for (const p of points) r = Math.max(r, Math.hypot(...sub(p, c)));
  return { center: c, radius: r };
}

/** The floor: a plane through `point` with unit `normal` pointing up (scene coordinates). */
export interface Floor {
  readonly normal: ScenePoint;
  readonly point: ScenePoint;
}

const dotV = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** How far an ankle joint sits above the sole (rest-pose anthropometry: ankle 60–75 mm). */
export const ANKLE_HEIGHT_MM = 70;
/** People must stand at least this far apart in depth before their feet decide the pitch. */
const MIN_DEPTH_SPREAD_MM = 500;
const MAX_PITCH = Math.tan((30 * Math.PI) / 180);

/**
 * The floor's up direction in camera space from the people's feet (camera mm, one list of foot
 * joints per person). Assumptions: the floor is flat and everyone stands on it; the camera has
 * no roll (its X axis is level), which holds for tripod and rig captures such as Human3.6M and
 * MuPoTS-3D. Then up is −Y tilted about X by the camera's pitch. The pitch is fitted (least
 * squares, foot height against depth) only when people stand at depths at least 0.5 m apart —
 * one person's two feet cannot tell a tilted floor from a raised foot — and is otherwise taken
 * to be zero, i.e. the floor is perpendicular to the camera's down axis.
 */
export function floorUp(feet: readonly (readonly Vec3[])[]): Vec3 {
  const level: Vec3 = [0, -1, 0];
  const lowest = (up: Vec3) =>
    feet
      .filter((f) => f.length > 0)
      .map((f) => f.reduce((a, b) => (dotV(b, up) < dotV(a, up) ? b : a)));
  const fit = (pts: readonly Vec3[]): Vec3 => {
    const zs = pts.map((p) => p[2]);
    if (pts.length < 2 || Math.max(...zs) - Math.min(...zs) < MIN_DEPTH_SPREAD_MM) return level;
    const mz = zs.reduce((a, b) => a + b, 0) / pts.length;
    const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
    let szy = 0;
    let szz = 0;
    for (const p of pts) {
      szy += (p[2] - mz) * (p[1] - my);
      szz += (p[2] - mz) ** 2;
    }
    // The floor is y = a·z + b (y down); its up normal is (0, −1, a)/|…|.
    const a = Math.max(-MAX_PITCH, Math.min(MAX_PITCH, szy / szz));
    const n = Math.hypot(1, a);
    return [0, -1 / n, a / n];
  };
  // Which foot is the lower one depends on the up direction; one refinement settles it.
  return fit(lowest(fit(lowest(level))));
}

/**
 * The floor in scene coordinates: perpendicular to `up` (camera space), `soleMm` below the
 * lowest of the points (camera mm), and passing under `center` (scene) so a grid drawn around
 * `point` sits beneath the people.
 */
export function floorBelow(
  points: readonly Vec3[],
  up: Vec3,
  soleMm: number,
  center: ScenePoint,
): Floor | null {
  if (points.length === 0) return null;
  const height = Math.min(...points.map((p) => dotV(p, up))) - soleMm;
  const normal = dirToScene(up);
  const onPlane = toScene([up[0] * height, up[1] * height, up[2] * height]);
  const point = sub(center, scale(normal, dot(sub(center, onPlane), normal)));
  return { normal, point };
}

export type ViewPreset = 'camera' | 'left-front' | 'right-front' | 'top';

/** The bounds of one person's labelled 3D joints (camera mm) in scene units; null without any. */
export function personBounds(
  joints: readonly (readonly [number, number, number] | null)[] | null,
): Bounds | null {
  const pts = (joints ?? []).filter((p) => p !== null).map((p) => toScene(p as Vec3));
  if (pts.length === 0) return null;
  const center = [0, 1, 2].map(
    (k) => pts.reduce((s, p) => s + p[k]!, 0) / pts.length,
  ) as unknown as ScenePoint;
  const radius = Math.max(...pts.map((p) => Math.hypot(...sub(p, center))));
  return { center, radius };
}

export interface ViewPose {
  readonly position: ScenePoint;
  readonly target: ScenePoint;
}

const RAD = Math.PI / 180;

/**
 * Where a preset puts the orbit camera. `camera`: at the real camera (the scene origin) looking
 * through the image centre, when `realCamera` is given (absolute mode); otherwise from the
 * camera's side along −Z. The others follow HDNet's Fig. 5 and look at the people's centroid:
 * `left-front` / `right-front` stand in front of the people (on the camera's side), 45° towards
 * the image's left / right and 25° above the floor; `top` looks down the floor's normal with the
 * camera's side at the bottom of the screen. The distance fits the bounding sphere in view.
 */
export function presetPose(
  preset: ViewPreset,
  bounds: Bounds,
  up: ScenePoint,
  fovDeg: number,
  aspect: number,
  realCamera?: { readonly imageCenterRay: ScenePoint },
  /** Fit `bounds` (one person) from the camera's own side: move in along the line to them. */
  dolly = false,
): ViewPose {
  const c = bounds.center;
  const halfY = (fovDeg / 2) * RAD;
  const half = Math.min(halfY, Math.atan(Math.tan(halfY) * aspect));
  const dist = Math.max(1, (1.1 * Math.max(bounds.radius, 0.3)) / Math.sin(half));
  if (preset === 'camera' && realCamera) {
    if (dolly) {
      // Towards the person along the line from the camera: the camera's view, closer.
      const toward = Math.hypot(...c);
      const step = Math.max(0, toward - dist);
      return { position: toward > 0 ? scale(c, step / toward) : [0, 0, 0], target: c };
    }
    const ray = realCamera.imageCenterRay;
    // The orbit pivot stays on the line of sight, at the people's depth.
    return { position: [0, 0, 0], target: scale(ray, c[2] / ray[2]) };
  }
  // A horizontal frame on the floor: towards the camera, and towards the image's right.
  const towardCamera = normalize(sub([0, 0, 1], scale(up, up[2])));
  const right = cross(up, towardCamera);
  const dir = (azimuthDeg: number, elevationDeg: number): ScenePoint => {
    const az = azimuthDeg * RAD;
    const el = elevationDeg * RAD;
    const h = add(scale(towardCamera, Math.cos(az)), scale(right, Math.sin(az)));
    return normalize(add(scale(h, Math.cos(el)), scale(up, Math.sin(el))));
  };
  const d =
    preset === 'left-front'
      ? dir(-45, 25)
      : preset === 'right-front'
        ? dir(45, 25)
        : preset === 'top'
          ? dir(0, 89) // not 90: the orbit controls' up axis must not be the line of sight
          : ([0, 0, 1] as const);
  return { position: add(c, scale(d, dist)), target: c };
}
