import { isFiniteVec } from '../linalg/vec';
import { applyJointMapping, type JointMapping } from '../skeletons/mapping';
import type { Vec2, Vec3 } from '../types';
import type { PersonJoints } from './types';

export interface AcceptOptions {
  /**
   * The prediction's skeleton mapped onto the label's (`buildJointMapping(runSkeleton,
   * datasetSkeleton)`), when a run predicts another skeleton; omitted, joint indices must agree.
   */
  readonly mapping?: JointMapping;
  /** Which channels to take; a channel the prediction lacks is never taken. Default: both. */
  readonly channels?: '3d' | '2d' | 'both';
}

export interface AcceptResult {
  readonly person: PersonJoints;
  /** Label joints that now hold the prediction. */
  readonly accepted: readonly number[];
  /** Requested joints the prediction has no value for (missing, or not mappable): left as they were. */
  readonly skipped: readonly number[];
}

/**
 * Accepts a run's prediction into the label for the given joints (`'all'` for the whole person;
 * a frame is its people one by one). A joint the prediction lacks keeps its label rather than
 * becoming NaN: accepting should never erase what an annotator drew. A label channel that was
 * absent (a COCO person's 3D) is created, with NaN for joints not taken.
 */
export function acceptPrediction(
  label: PersonJoints,
  prediction: PersonJoints,
  joints: readonly number[] | 'all',
  opts: AcceptOptions = {},
): AcceptResult {
  const channels = opts.channels ?? 'both';
  const size =
    opts.mapping?.to.joints.length ??
    label.joints3d?.length ??
    label.joints2d?.length ??
    Math.max(prediction.joints3d?.length ?? 0, prediction.joints2d?.length ?? 0);
  const wanted = joints === 'all' ? Array.from({ length: size }, (_, j) => j) : joints;
  for (const j of wanted) {
    if (!Number.isInteger(j) || j < 0 || j >= size) {
      throw new RangeError(`joint ${j} is outside a skeleton of ${size} joints`);
    }
  }
  const accepted = new Set<number>();
  const take = <V extends Vec2 | Vec3>(
    mine: readonly V[] | null,
    theirs: readonly V[] | null,
    dim: number,
  ): readonly V[] | null => {
    if (!theirs) return mine;
    const mapped = (
      opts.mapping ? applyJointMapping(theirs, opts.mapping) : theirs
    ) as readonly V[];
    if (mapped.length !== size) {
      throw new RangeError(`prediction has ${mapped.length} joints, label ${size}`);
    }
    const base =
      mine ?? Array.from({ length: size }, () => new Array<number>(dim).fill(NaN) as unknown as V);
    const out = [...base];
    for (const j of wanted) {
      const v = mapped[j]!;
      if (!isFiniteVec(v)) continue;
      out[j] = v;
      accepted.add(j);
    }
    return out;
  };
  const person: PersonJoints = {
    joints3d: channels === '2d' ? label.joints3d : take(label.joints3d, prediction.joints3d, 3),
    joints2d: channels === '3d' ? label.joints2d : take(label.joints2d, prediction.joints2d, 2),
  };
  return {
    person,
    accepted: [...accepted].sort((a, b) => a - b),
    skipped: wanted.filter((j) => !accepted.has(j)),
  };
}
