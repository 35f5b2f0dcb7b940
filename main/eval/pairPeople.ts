import {
  cameraToPixel,
  cocoIgnored,
  iou,
  matchImage,
  mupotsIdentityMatching,
  mupotsJoints,
  poseRoot,
  poseRoot2d,
  projectPose,
  type Intrinsics,
  type OksGroundTruth,
  type Pose2D,
  type Pose3D,
  type Skeleton,
  type Vec2,
  type Vec3,
} from '../../core';
import type { GtPerson } from '../store/labels/groundTruth';
import { toPose2, toPose3 } from '../store/labels/groundTruth';
import type { PredictionRecord } from '../datasets/predictionFile';

export interface PredictedPerson {
  readonly record: PredictionRecord;
  /** Absolute camera-space pose (mm). */
  readonly cam?: Pose3D;
  readonly root?: Vec3;
  readonly img?: Pose2D;
  readonly score: number;
}

const near0 = (v: Vec3) => Math.hypot(v[0], v[1], v[2]) < 1;

/**
 * A prediction in absolute camera space. `joints_cam` are absolute as RootNet writes them;
 * when they are root-relative (root joint at the origin) and `root_cam` is given, the root is
 * added, as PoseNet's outputs are combined with RootNet's. Root-relative joints without a root
 * (VideoPose3D-style arrays) have no root: root and absolute figures are not scored for them.
 */
export function predictedPerson(p: PredictionRecord, root: readonly number[]): PredictedPerson {
  let cam: Vec3[] | undefined = p.jointsCam ? toPose3(p.jointsCam) : undefined;
  const rel = cam ? poseRoot(cam, root) : undefined;
  if (cam && rel && p.rootCam && near0(rel)) {
    const [rx, ry, rz] = p.rootCam;
    cam = cam.map(([x, y, z]) => [x + rx, y + ry, z + rz] as const);
  }
  const relative = rel !== undefined && near0(rel);
  const r = p.rootCam ?? (cam && !relative ? poseRoot(cam, root) : undefined);
  return {
    record: p,
    cam,
    root: r && r.every(Number.isFinite) ? r : undefined,
    img: p.jointsImg ? toPose2(p.jointsImg) : undefined,
    score: p.score ?? 1,
  };
}

const ABSENT: Vec2 = [NaN, NaN];

/** A prediction's 2D joints for pairing: its own, else its 3D joints projected, else none. */
function pairingPose(p: PredictedPerson, intrinsics: Intrinsics | undefined): Pose2D | undefined {
  if (p.img) return p.img;
  if (p.cam && intrinsics) return projectPose(p.cam, intrinsics);
  return undefined;
}

/**
 * Predictions made from a person's own box (their `ann_id`) go to that person, before any
 * protocol pairs the rest: the person's index for each prediction, or −1.
 */
function pairBySource(
  preds: readonly PredictedPerson[],
  gts: readonly GtPerson[],
  scored: (j: number) => boolean,
): number[] {
  const byId = new Map(gts.map((g, j) => [g.sourceId, j]));
  const taken = new Set<number>();
  return preds.map((p) => {
    const j = p.record.annId === undefined ? undefined : byId.get(p.record.annId);
    if (j === undefined || taken.has(j) || !scored(j)) return -1;
    taken.add(j);
    return j;
  });
}

/**
 * Pairs one image's predictions with its people in 3D sets as MuPoTS-3D's evaluation does
 * (`mupotsIdentityMatching` on 2D joints: 40 px per axis, people in order each taking the
 * prediction with the most matching joints), after predictions made from a person's own box
 * are given to that person. A prediction with only a root (RootNet) is paired the same way by
 * its projected root against the person's. With `oneSubject` (Human3.6M, MPI-INF-3DHP) the
 * best-scored prediction is the frame's subject's. Returns each prediction's person index or −1.
 */
export function pairPeople3d(
  preds: readonly PredictedPerson[],
  gts: readonly GtPerson[],
  skeleton: Skeleton,
  intrinsics: Intrinsics | undefined,
  oneSubject = false,
): number[] {
  const out = pairBySource(preds, gts, (j) => gts[j]!.valid && !gts[j]!.iscrowd);
  const held = new Set(out.filter((j) => j >= 0));
  /** A person the pairing may still give a prediction to. */
  const free = (j: number) => !held.has(j) && gts[j]!.valid && !gts[j]!.iscrowd;
  if (oneSubject) {
    // Human3.6M frames show one subject and Human36M.evaluate scores one prediction per frame,
    // however far off: the best-scored prediction is the subject's, ungated.
    const people = gts.flatMap((_, j) => (free(j) ? [j] : []));
    const open = preds.flatMap((_, k) => (out[k]! >= 0 ? [] : [k]));
    if (people.length === 1 && open.length > 0)
      out[open.reduce((a, b) => (preds[b]!.score > preds[a]!.score ? b : a))] = people[0]!;
    return out;
  }
  const m = mupotsJoints(skeleton);
  const joints = 'missing' in m ? skeleton.joints.map((_, j) => j) : m.matching;
  const poses = preds.map((p, k) => (out[k]! >= 0 ? undefined : pairingPose(p, intrinsics)));
  mupotsIdentityMatching(
    gts.map((g, j) => (free(j) ? g.img : undefined)),
    poses,
    joints,
  ).forEach((k, j) => {
    if (k < 0) return;
    out[k] = j;
    held.add(j);
  });
  // Root-only predictions: the root's pixel stands in for the joints.
  const r = skeleton.root[0]!;
  const rootPose = (root: Vec2): Pose2D => skeleton.joints.map((_, j) => (j === r ? root : ABSENT));
  const roots = preds.map((p, k) =>
    out[k]! >= 0 || poses[k] || !p.root || !intrinsics
      ? undefined
      : rootPose(cameraToPixel(p.root, intrinsics)),
  );
  if (roots.some((x) => x))
    mupotsIdentityMatching(
      gts.map((g, j) =>
        free(j) && g.img ? rootPose(poseRoot2d(g.img, skeleton.root)) : undefined,
      ),
      roots,
      [r],
    ).forEach((k, j) => {
      if (k >= 0) out[k] = j;
    });
  return out;
}

/** cocoapi's loosest AP threshold: a pairing COCO AP would not count as a hit is no pairing. */
export const PAIRING_MIN_OKS = 0.5;

/** cocoapi's loosest box AP threshold: the overlap at which a box pairs a person. */
export const PAIRING_MIN_IOU = 0.5;

/**
 * Pairs one image's predictions with its people in 2D (COCO) sets: a prediction made from a
 * person's own box goes to that person; the rest are paired as cocoapi's `evaluateImg` pairs
 * them at OKS 0.5 (in descending score, each takes the unpaired person of highest OKS ≥ 0.5).
 * A prediction with a `bbox` its keypoints left unpaired then takes, in descending score, the
 * unpaired person whose box it overlaps most at IoU ≥ 0.5: a badly posed detection on a person
 * is that person's bad pose, not a miss (AP is cocoapi's either way: it never reads pairings).
 * One that lands on a crowd region or a person with no labelled keypoint is paired with nobody.
 * Every prediction takes part (no maxDets cut). Returns each prediction's person index or −1.
 */
export function pairPeople2d(
  preds: readonly PredictedPerson[],
  gts: readonly GtPerson[],
  sigmas: readonly number[],
): number[] {
  const oksGts = gts.map(oksGroundTruth);
  const out = pairBySource(preds, gts, (j) => gts[j]!.valid && !cocoIgnored(oksGts[j]!));
  const dets = preds.map((p) => ({ score: p.score, joints: p.img ?? [] }));
  const usable = preds.map((p, k) => out[k]! < 0 && p.img !== undefined);
  const m = matchImage({ dets, gts: oksGts }, sigmas, PAIRING_MIN_OKS, {
    maxDets: Infinity,
    skip: new Set(usable.flatMap((u, k) => (u ? [] : [k]))),
    taken: new Set(out.filter((j) => j >= 0)),
  });
  m.order.forEach((k, i) => {
    const j = m.matched[i]!;
    if (j >= 0) out[k] = j;
  });
  pairByBox(preds, gts, out, (j) => gts[j]!.valid && !cocoIgnored(oksGts[j]!));
  // A crowd region or a person with no labelled keypoint scores nothing, as cocoapi ignores them:
  // a prediction on one (even from their own box) is paired with nobody.
  return out.map((j) => (j >= 0 && (cocoIgnored(oksGts[j]!) || !gts[j]!.valid) ? -1 : j));
}

/** Unpaired predictions with a box, best score first, each to the free person it overlaps most. */
function pairByBox(
  preds: readonly PredictedPerson[],
  gts: readonly GtPerson[],
  out: number[],
  scored: (j: number) => boolean,
): void {
  const held = new Set(out.filter((j) => j >= 0));
  const open = preds
    .map((_, k) => k)
    .filter((k) => out[k]! < 0 && preds[k]!.record.bbox)
    .sort((a, b) => preds[b]!.score - preds[a]!.score);
  for (const k of open) {
    let best = -1;
    let bestIou = 0;
    gts.forEach((g, j) => {
      if (held.has(j) || !g.bbox || !scored(j)) return;
      const o = iou(preds[k]!.record.bbox!, g.bbox);
      if (o >= PAIRING_MIN_IOU && o > bestIou) [best, bestIou] = [j, o];
    });
    if (best < 0) continue;
    out[k] = best;
    held.add(best);
  }
}

/** A person as cocoapi sees them: joints, visibility, segment area, box and crowd flag. */
export function oksGroundTruth(g: GtPerson): OksGroundTruth {
  const joints = g.img ?? [];
  return {
    joints,
    visibility: g.vis ? Array.from(g.vis) : joints.map(() => 0),
    area: g.area,
    ...(g.bbox ? { bbox: g.bbox } : {}),
    iscrowd: g.iscrowd,
  };
}
