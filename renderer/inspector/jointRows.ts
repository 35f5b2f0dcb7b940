import type { PersonLabel, PersonPrediction } from '../../contract';
import type { Skeleton } from '../../core';
import { rootOf } from './personDepths';

/** One joint of the inspected person: its label, the prediction, their distance, the model's score. */
export interface JointRow {
  readonly joint: number;
  readonly name: string;
  /** COCO's visibility flag (0 unlabelled, 1 labelled but hidden, 2 visible), null when none. */
  readonly visibility: number | null;
  readonly labelled: boolean;
  /** Image distance between label and prediction (px). */
  readonly errorPx: number | null;
  /** Root-relative distance between label and prediction (mm), as MPJPE measures it. */
  readonly errorMm: number | null;
  /** The model's confidence in the joint. */
  readonly score: number | null;
}

const dist = (a: readonly number[] | null | undefined, b: readonly number[] | null | undefined) =>
  a && b ? Math.hypot(...a.map((v, k) => v - b[k]!)) : null;

export function jointRows(
  skeleton: Skeleton,
  person: PersonLabel,
  prediction: PersonPrediction | undefined,
): JointRow[] {
  const gtRoot = rootOf(person.joints3d, skeleton.root);
  const predRoot = prediction?.root ?? rootOf(prediction?.joints3d ?? null, skeleton.root);
  const rel = (p: readonly number[] | null | undefined, r: readonly number[] | undefined) =>
    p && r ? p.map((v, k) => v - r[k]!) : null;
  return skeleton.joints.map((j, i) => {
    const visibility = person.visibility?.[i] ?? null;
    const gt2 = person.joints2d?.[i];
    const labelled = visibility === null ? !!(gt2 ?? person.joints3d?.[i]) : visibility > 0;
    return {
      joint: i,
      name: j.name,
      visibility,
      labelled,
      errorPx: labelled ? dist(gt2, prediction?.joints2d?.[i]) : null,
      errorMm: labelled
        ? dist(rel(person.joints3d?.[i], gtRoot), rel(prediction?.joints3d?.[i], predRoot))
        : null,
      score: prediction?.jointScores?.[i] ?? null,
    };
  });
}

export type JointSort = 'joint' | 'error' | 'score';

/** Rows in skeleton order, worst error first, or least confident first; nulls last. */
export function sortJointRows(rows: readonly JointRow[], by: JointSort): JointRow[] {
  if (by === 'joint') return [...rows];
  const key = (r: JointRow) => (by === 'error' ? (r.errorMm ?? r.errorPx) : r.score);
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return ka === null ? (kb === null ? 0 : 1) : -1;
    return by === 'error' ? kb - ka : ka - kb;
  });
}
