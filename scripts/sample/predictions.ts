// The "baseline" prediction run: what a decent top-down model with a root-depth network would
// output for the true people — small joint noise, a noisier root depth — plus the planted
// mistakes such a model makes.
import {
  MUPOTS_17,
  cameraToPixel,
  dot3,
  jointIndex,
  norm3,
  scale3,
  sub3,
  type Rng,
  type Vec3,
} from '../../core';
import { boxAround, swapSides, type TruePerson } from './labels';
import { PREDICTION_ERRORS, isAt, type PredictionError } from './planted';
import { CAMERAS } from './scene';

const ROOT = MUPOTS_17.root[0]!;
/** Per-axis noise (mm): joints about the root, and the root itself (depth is the hard part). */
const JOINT_SD = 16;
const ROOT_SD: Vec3 = [10, 10, 55];
/** A depth flip must move its joint at least this far (mm) to be worth planting. */
const MIN_FLIP = 150;

export interface PredictionRecord {
  readonly image_id: number;
  readonly bbox: readonly number[];
  readonly score: number;
  readonly root_cam: Vec3;
  readonly joints_cam: readonly Vec3[];
  readonly joints_img: readonly (readonly [number, number])[];
}

/** A planted prediction mistake as it was applied, for the README and the tests. */
export interface AppliedPredictionError {
  readonly error: PredictionError;
  readonly annId: number;
  readonly imageId: number;
  /** For depth flips: the joint moved and how far (mm). */
  readonly joint?: string;
  readonly moved?: number;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const vec3 = (f: (k: 0 | 1 | 2) => number): Vec3 => [f(0), f(1), f(2)];

/**
 * The other point on the child joint's camera ray at the same distance from its parent: the
 * depth ambiguity a monocular model gets wrong while its 2D and bone length stay right.
 */
function flipDepth(parent: Vec3, child: Vec3): Vec3 {
  const s = norm3(child);
  const d = scale3(child, 1 / s);
  return scale3(d, 2 * dot3(d, parent) - s);
}

const LIMB_ENDS = ['L_Wrist', 'R_Wrist', 'L_Ankle', 'R_Ankle'] as const;
const PARENT = { L_Wrist: 'L_Elbow', R_Wrist: 'R_Elbow', L_Ankle: 'L_Knee', R_Ankle: 'R_Knee' };

function predictOne(p: TruePerson, rng: Rng, e: PredictionError | undefined) {
  const root = p.cam[ROOT]!;
  let rootPred = vec3((k) => root[k] + rng.normal(0, ROOT_SD[k]));
  let rel = p.cam.map((q, j) =>
    j === ROOT ? ([0, 0, 0] as Vec3) : vec3((k) => q[k] - root[k] + rng.normal(0, JOINT_SD)),
  );
  let applied: { joint?: string; moved?: number } = {};
  if (e?.kind === 'root-depth') {
    // Along the root's ray: the 2D stays put, as when only a root-depth network is wrong.
    rootPred = scale3(rootPred, (rootPred[2] + e.mm) / rootPred[2]);
  }
  if (e?.kind === 'swapped-sides') rel = swapSides(rel);
  let abs = rel.map((q) => [q[0] + rootPred[0], q[1] + rootPred[1], q[2] + rootPred[2]] as Vec3);
  if (e?.kind === 'depth-flip') {
    const flips = LIMB_ENDS.map((name) => {
      const j = jointIndex(MUPOTS_17, name);
      const moved = flipDepth(abs[jointIndex(MUPOTS_17, PARENT[name])]!, abs[j]!);
      return { name, j, moved, by: norm3(sub3(moved, abs[j]!)) };
    });
    const best = flips.reduce((a, b) => (b.by > a.by ? b : a));
    if (best.by < MIN_FLIP)
      throw new Error(
        `depth flip on ${p.actor} in ${p.seq} frame ${p.frame} moves only ${best.by} mm`,
      );
    abs = abs.map((q, j) => (j === best.j ? best.moved : q));
    applied = { joint: best.name, moved: best.by };
  }
  const jointsCam = abs.map((q) => vec3((k) => round(q[k], 1)));
  const jointsImg = jointsCam.map(
    (q) => cameraToPixel(q, p.intr).map((v) => round(v, 2)) as [number, number],
  );
  const cam = CAMERAS.find((c) => c.seq === p.seq)!;
  const record: PredictionRecord = {
    image_id: p.imageId,
    bbox: boxAround(jointsImg, cam.width, cam.height),
    score: round(0.9 + 0.09 * rng.next(), 3),
    root_cam: jointsCam[ROOT]!,
    joints_cam: jointsCam,
    joints_img: jointsImg,
  };
  return { record, applied };
}

/** One prediction per true person, except the planted misses, in annotation order. */
export function baselinePredictions(
  people: readonly TruePerson[],
  rng: Rng,
): { records: PredictionRecord[]; applied: AppliedPredictionError[]; source: Map<number, number> } {
  const records: PredictionRecord[] = [];
  const applied: AppliedPredictionError[] = [];
  /** Which annotation each record predicts, by record index. */
  const source = new Map<number, number>();
  for (const e of PREDICTION_ERRORS) {
    if (!people.some((p) => isAt(e, p.seq, p.frame, p.actor)))
      throw new Error(
        `prediction error planted on ${e.actor} in ${e.seq} frame ${e.frame}: not there`,
      );
  }
  for (const p of people) {
    const e = PREDICTION_ERRORS.find((x) => isAt(x, p.seq, p.frame, p.actor));
    // Each person draws from its own stream, so planting or removing a mistake moves nothing else.
    const own = rng.fork(`${p.seq}/${p.frame}/${p.actor}`);
    const where = { annId: p.annId, imageId: p.imageId };
    if (e?.kind === 'missed') {
      applied.push({ error: e, ...where });
      continue;
    }
    const { record, applied: extra } = predictOne(p, own, e);
    if (e) applied.push({ error: e, ...where, ...extra });
    source.set(records.length, p.annId);
    records.push(record);
  }
  return { records, applied, source };
}
