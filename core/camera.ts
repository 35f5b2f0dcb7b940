import { mulMat3Vec3, sub3, transpose3 } from './linalg/vec';
import type { Mat3, Pose2D, Pose3D, Vec2, Vec3 } from './types';

/**
 * Pinhole intrinsics in pixels with optional Brown–Conrady distortion in OpenCV's parameter order
 * (radial k1, k2, k3; tangential p1, p2).
 */
export interface Intrinsics {
  readonly f: Vec2;
  readonly c: Vec2;
  readonly k?: Vec3;
  readonly p?: Vec2;
}

/** World → camera rigid transform in the Human3.6M / RootNet convention: X_cam = R·X_world + t (mm). */
export interface Extrinsics {
  readonly R: Mat3;
  readonly t: Vec3;
}

export type Camera = Intrinsics & Extrinsics;

/** X_cam = R·X_world + t of the world point (x, y, z), each row of R dotted in the order `dot3` takes. */
function worldToCameraXYZ(x: number, y: number, z: number, { R, t }: Extrinsics): Vec3 {
  const [r0, r1, r2] = R;
  return [
    r0[0] * x + r0[1] * y + r0[2] * z + t[0],
    r1[0] * x + r1[1] * y + r1[2] * z + t[1],
    r2[0] * x + r2[1] * y + r2[2] * z + t[2],
  ];
}

/** X_cam = R·X_world + t (RootNet `world2cam`). */
export const worldToCamera = (x: Vec3, cam: Extrinsics): Vec3 =>
  worldToCameraXYZ(x[0], x[1], x[2], cam);

/**
 * A world pose stored flat ([x0, y0, z0, x1, …], as the index keeps joints) in camera space:
 * `posesWorldToCamera` without building the world pose first (every labelled person of a run
 * being scored goes through it).
 */
export function flatPoseWorldToCamera(a: ArrayLike<number>, cam: Extrinsics): Pose3D {
  const out = new Array<Vec3>(a.length / 3);
  for (let j = 0; j < out.length; j++)
    out[j] = worldToCameraXYZ(a[3 * j]!, a[3 * j + 1]!, a[3 * j + 2]!, cam);
  return out;
}

/** Inverse of {@link worldToCamera}: X_world = Rᵀ·(X_cam − t), R being a rotation. */
export const cameraToWorld = (x: Vec3, cam: Extrinsics): Vec3 =>
  mulMat3Vec3(transpose3(cam.R), sub3(x, cam.t));

/** HDNet's single focal length for depth normalisation: f = √(fx·fy). */
export const focalLength = (intr: Intrinsics): number => Math.sqrt(intr.f[0] * intr.f[1]);

/**
 * Applies lens distortion to normalised image coordinates (x, y) = (X/Z, Y/Z):
 * x' = x·(1 + k1r² + k2r⁴ + k3r⁶) + 2p1xy + p2(r² + 2x²),
 * y' = y·(1 + k1r² + k2r⁴ + k3r⁶) + p1(r² + 2y²) + 2p2xy  (Brown 1966; OpenCV `projectPoints`).
 */
export function distortNormalized(xy: Vec2, intr: Intrinsics): Vec2 {
  const [x, y] = xy;
  const [k1, k2, k3] = intr.k ?? [0, 0, 0];
  const [p1, p2] = intr.p ?? [0, 0];
  const r2 = x * x + y * y;
  const radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
  return [
    x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x),
    y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y,
  ];
}

/**
 * Inverts {@link distortNormalized} by fixed-point iteration, as OpenCV's `undistortPoints` does:
 * x ← (x_d − Δ_tan(x)) / radial(x), until it settles. Converges for the mild distortion of pose
 * datasets.
 */
export function undistortNormalized(xy: Vec2, intr: Intrinsics, iterations = 200): Vec2 {
  if (!intr.k && !intr.p) return xy;
  const [xd, yd] = xy;
  const [k1, k2, k3] = intr.k ?? [0, 0, 0];
  const [p1, p2] = intr.p ?? [0, 0];
  let x = xd;
  let y = yd;
  for (let i = 0; i < iterations; i++) {
    const r2 = x * x + y * y;
    const radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3));
    const dx = 2 * p1 * x * y + p2 * (r2 + 2 * x * x);
    const dy = p1 * (r2 + 2 * y * y) + 2 * p2 * x * y;
    const nx = (xd - dx) / radial;
    const ny = (yd - dy) / radial;
    // Stop once converged; strong distortion near the edge needs more than OpenCV's few steps.
    const settled = Math.abs(nx - x) <= 1e-15 && Math.abs(ny - y) <= 1e-15;
    x = nx;
    y = ny;
    if (settled) break;
  }
  return [x, y];
}

/** Camera → pixel: u = fx·x' + cx, v = fy·y' + cy with (x', y') the (distorted) X/Z, Y/Z. */
export function cameraToPixel(x: Vec3, intr: Intrinsics): Vec2 {
  const n: Vec2 = [x[0] / x[2], x[1] / x[2]];
  const [xd, yd] = intr.k || intr.p ? distortNormalized(n, intr) : n;
  return [intr.f[0] * xd + intr.c[0], intr.f[1] * yd + intr.c[1]];
}

/**
 * Pixel + camera-space depth → camera point (back-projection, DRM Eq. 13):
 * X = (u − cx)·Z / fx, Y = (v − cy)·Z / fy, after removing lens distortion.
 */
export function pixelToCamera(uv: Vec2, depth: number, intr: Intrinsics): Vec3 {
  const xd: Vec2 = [(uv[0] - intr.c[0]) / intr.f[0], (uv[1] - intr.c[1]) / intr.f[1]];
  const [x, y] = undistortNormalized(xd, intr);
  return [x * depth, y * depth, depth];
}

export const posesWorldToCamera = (pose: Pose3D, cam: Extrinsics): Pose3D =>
  pose.map((p) => worldToCamera(p, cam));
export const posesCameraToWorld = (pose: Pose3D, cam: Extrinsics): Pose3D =>
  pose.map((p) => cameraToWorld(p, cam));
export const projectPose = (pose: Pose3D, intr: Intrinsics): Pose2D =>
  pose.map((p) => cameraToPixel(p, intr));
