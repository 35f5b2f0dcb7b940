import type { DecodedArtifact } from '../data/useArtifacts';

/**
 * The heatmaps' colour for a response t ∈ [0, 1] of the shown maximum: a warm ramp (dark red
 * → yellow) whose alpha grows with √t, so weak responses stay see-through over the image.
 */
export function heatColor(t: number): [number, number, number, number] {
  const u = Math.min(1, Math.max(0, t));
  return [255, Math.round(60 + 195 * u), Math.round(40 * (1 - u)), Math.round(255 * Math.sqrt(u))];
}

/** One joint's map, or the maximum over joints, as one H×W plane with its largest value. */
export interface HeatPlane {
  readonly plane: Float32Array;
  readonly hi: number;
  readonly width: number;
  readonly height: number;
}

// The image layer and the Heatmaps panel's scale both need the shown plane: computed once per
// decoded artifact and joint, dropped with the artifact.
const planes = new WeakMap<DecodedArtifact, Map<number | null, HeatPlane>>();

export function heatPlane(maps: DecodedArtifact, joint: number | null): HeatPlane {
  let byJoint = planes.get(maps);
  if (!byJoint) planes.set(maps, (byJoint = new Map()));
  const had = byJoint.get(joint);
  if (had) return had;
  const made = computePlane(maps, joint);
  byJoint.set(joint, made);
  return made;
}

function computePlane(maps: DecodedArtifact, joint: number | null): HeatPlane {
  const [J, H, W] = [maps.shape[0]!, maps.shape[1]!, maps.shape[2]!];
  const plane = new Float32Array(H * W);
  for (let j = 0; j < J; j++) {
    if (joint !== null && j !== joint) continue;
    for (let k = 0; k < H * W; k++) plane[k] = Math.max(plane[k]!, maps.values[j * H * W + k]!);
  }
  let hi = 0;
  for (const v of plane) hi = Math.max(hi, v);
  return { plane, hi, width: W, height: H };
}

/** The cell of a W×H map under image point (x, y) of a crop [x, y, w, h]; null outside it. */
export function cellAt(
  crop: readonly [number, number, number, number],
  width: number,
  height: number,
  x: number,
  y: number,
): { col: number; row: number } | null {
  const col = Math.floor(((x - crop[0]) / crop[2]) * width);
  const row = Math.floor(((y - crop[1]) / crop[3]) * height);
  return col >= 0 && col < width && row >= 0 && row < height ? { col, row } : null;
}
