import type { BBox, Vec2, Vec3 } from '../types';

/**
 * The square, possibly rotated region a BlazePose landmark model sees, in image pixels
 * (continuous coordinates: pixel i spans [i, i + 1)), and the map between it and the S×S
 * model input. MediaPipe's conventions: LandmarkProjectionCalculator maps a normalised
 * landmark l to `centre + size · R(rotation) · (l − ½)`, with R the usual 2D rotation matrix
 * in image axes (y down), so a positive rotation turns the crop's "up" clockwise.
 */
export interface PoseRoi {
  readonly centre: Vec2;
  /** Side length in image pixels. */
  readonly size: number;
  /** Radians. */
  readonly rotation: number;
}

export interface AlignmentOptions {
  /** MediaPipe's rotation_vector_target_angle_degrees (90: the body axis points up). */
  readonly targetAngleDegrees: number;
  /** RectTransformationCalculator scale_x = scale_y (1.25 for pose_detection_to_roi). */
  readonly scale: number;
}

/** Wraps an angle into [−π, π), as MediaPipe's NormalizeRadians. */
export const normalizeRadians = (a: number): number =>
  a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));

/**
 * AlignmentPointsRectsCalculator + RectTransformationCalculator: centre at the first keypoint
 * (hip centre), side twice its distance to the second, rotated so that the first → second
 * vector points at the target angle, then scaled (square_long keeps it square: the side is
 * one length in pixels on both axes).
 */
export function roiFromAlignment(centre: Vec2, scalePoint: Vec2, o: AlignmentOptions): PoseRoi {
  const dx = scalePoint[0] - centre[0];
  const dy = scalePoint[1] - centre[1];
  const target = (o.targetAngleDegrees * Math.PI) / 180;
  return {
    centre,
    size: 2 * Math.hypot(dx, dy) * o.scale,
    rotation: normalizeRadians(target - Math.atan2(-dy, dx)),
  };
}

/** An upright ROI filling a square box (the ground-truth box path: no rotation). */
export const roiFromBox = (box: BBox): PoseRoi => ({
  centre: [box[0] + box[2] / 2, box[1] + box[3] / 2],
  size: Math.max(box[2], box[3]),
  rotation: 0,
});

/** Model input position (0…S, continuous) → image position. */
export function roiToImage(roi: PoseRoi, inputSize: number, p: Vec2): Vec2 {
  const k = roi.size / inputSize;
  const x = p[0] - inputSize / 2;
  const y = p[1] - inputSize / 2;
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  return [roi.centre[0] + k * (c * x - s * y), roi.centre[1] + k * (s * x + c * y)];
}

/** Image position → model input position: the exact inverse of {@link roiToImage}. */
export function imageToRoi(roi: PoseRoi, inputSize: number, p: Vec2): Vec2 {
  const k = inputSize / roi.size;
  const x = p[0] - roi.centre[0];
  const y = p[1] - roi.centre[1];
  const c = Math.cos(roi.rotation);
  const s = Math.sin(roi.rotation);
  return [inputSize / 2 + k * (c * x + s * y), inputSize / 2 + k * (-s * x + c * y)];
}

/**
 * The affine image ← input map as `[a, b, c, d, e, f]`: image x = a·u + b·v + c,
 * image y = d·u + e·v + f, for a continuous input position (u, v) — what a sampler steps along.
 */
export function roiAffine(roi: PoseRoi, inputSize: number): readonly number[] {
  const k = roi.size / inputSize;
  const c = Math.cos(roi.rotation) * k;
  const s = Math.sin(roi.rotation) * k;
  const h = inputSize / 2;
  return [c, -s, roi.centre[0] - c * h + s * h, s, c, roi.centre[1] - s * h - c * h];
}

/**
 * World landmarks come out in the crop's frame; MediaPipe's WorldLandmarkProjectionCalculator
 * turns x and y by the ROI's rotation so they are upright in the camera's view again.
 */
export function rotateWorld(points: readonly Vec3[], rotation: number): Vec3[] {
  if (rotation === 0) return points.map((p) => [p[0], p[1], p[2]]);
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  return points.map(([x, y, z]) => [c * x - s * y, s * x + c * y, z]);
}
