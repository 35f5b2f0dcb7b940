import { fileSkeleton, getSkeleton, type Skeleton } from '../../../core';
import type { IssueLog } from '../records';
import { wrongCount, type JointOrder } from './jointOrder';

/**
 * OpenPose's BODY_25 keypoints in output order (doc/02_output.md "Pose Output Format (BODY_25)",
 * `POSE_BODY_25_BODY_PARTS`) and the limbs it draws (`POSE_BODY_25_PAIRS_RENDER`). The names
 * carry the anatomy: `Neck` is the thorax, `MidHip` the pelvis, as core/skeletons reads names.
 */
const BODY_25 = {
  label: 'OpenPose BODY_25',
  joints: [
    'Nose',
    'Neck',
    'RShoulder',
    'RElbow',
    'RWrist',
    'LShoulder',
    'LElbow',
    'LWrist',
    'MidHip',
    'RHip',
    'RKnee',
    'RAnkle',
    'LHip',
    'LKnee',
    'LAnkle',
    'REye',
    'LEye',
    'REar',
    'LEar',
    'LBigToe',
    'LSmallToe',
    'LHeel',
    'RBigToe',
    'RSmallToe',
    'RHeel',
  ],
  bones: [
    [1, 8],
    [1, 2],
    [1, 5],
    [2, 3],
    [3, 4],
    [5, 6],
    [6, 7],
    [8, 9],
    [9, 10],
    [10, 11],
    [8, 12],
    [12, 13],
    [13, 14],
    [1, 0],
    [0, 15],
    [15, 17],
    [0, 16],
    [16, 18],
    [14, 19],
    [19, 20],
    [14, 21],
    [11, 22],
    [22, 23],
    [11, 24],
  ] as [number, number][],
  source: 'OpenPose doc/02_output.md, Pose Output Format (BODY_25)',
};

/** OpenPose's COCO model (18 keypoints, `POSE_COCO_BODY_PARTS`): BODY_25 without MidHip and feet. */
const COCO_18 = {
  label: 'OpenPose COCO-18',
  joints: BODY_25.joints.filter((n) => n !== 'MidHip').slice(0, 18),
  bones: [
    [1, 2],
    [1, 5],
    [2, 3],
    [3, 4],
    [5, 6],
    [6, 7],
    [1, 8],
    [8, 9],
    [9, 10],
    [1, 11],
    [11, 12],
    [12, 13],
    [1, 0],
    [0, 14],
    [14, 16],
    [0, 15],
    [15, 17],
  ] as [number, number][],
  source: 'OpenPose doc/02_output.md, Pose Output Format (COCO)',
};

/** OpenPose's layouts, built from their joint names (no built-in skeleton has them). */
export const OPENPOSE_BODY_25: Skeleton = fileSkeleton(BODY_25);
export const OPENPOSE_COCO_18: Skeleton = fileSkeleton(COCO_18);

/**
 * The layout a keypoint count means in OpenPose's and AlphaPose's outputs: 25 BODY_25, 18
 * OpenPose's COCO (AlphaPose's `--format open`/`cmu` too), 17 COCO's order (AlphaPose's default),
 * 26 Halpe-26, 133 COCO-WholeBody. Undefined for others: the joint count alone then decides.
 */
export function keypointLayout(count: number): Skeleton | undefined {
  if (count === 25) return OPENPOSE_BODY_25;
  if (count === 18) return OPENPOSE_COCO_18;
  const id = { 17: 'coco17', 26: 'halpe26', 133: 'wholebody133' }[count];
  return id ? getSkeleton(id) : undefined;
}

/**
 * A flat [x, y, c, …] list (OpenPose's `pose_keypoints_2d`, AlphaPose's `keypoints`) as K×2
 * pixels and K scores. A joint OpenPose did not find is written 0, 0, 0: its score 0 makes it
 * missing (NaN), not a point at the image corner. Undefined when the length is not 3 per joint.
 */
export function flatKeypoints(
  values: readonly (number | null)[],
): { xy: Float64Array; scores: Float64Array; count: number } | undefined {
  if (values.length % 3 !== 0) return undefined;
  const count = values.length / 3;
  const xy = new Float64Array(2 * count);
  const scores = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const [x, y, c] = [values[3 * j], values[3 * j + 1], values[3 * j + 2]];
    const missing = c === 0 && x === 0 && y === 0;
    xy[2 * j] = missing || x === null || x === undefined ? NaN : x;
    xy[2 * j + 1] = missing || y === null || y === undefined ? NaN : y;
    scores[j] = c ?? NaN;
  }
  return { xy, scores, count };
}

/** Flat keypoints placed in the dataset's skeleton: 2D joints and their confidences. */
export type PlacedKeypoints = { data: Float64Array; scores?: Float64Array };

/**
 * A person's flat x, y, c list (AlphaPose's `keypoints`, OpenPose's `pose_keypoints_2d`) read
 * in the layout its joint count names (else as the dataset's own or the named skeleton) and
 * mapped onto the dataset's skeleton by anatomy; undefined, reported as a wrong joint count
 * under `field`, when the list is not x, y, c triples or its count maps to no layout.
 * `checked` sees the triples before they are mapped (a reader's own value checks).
 */
export function placeKeypoints(
  values: readonly (number | null)[],
  order: JointOrder,
  issues: IssueLog,
  at: string,
  field: string,
  checked?: (kp: NonNullable<ReturnType<typeof flatKeypoints>>) => void,
): PlacedKeypoints | undefined {
  const kp = flatKeypoints(values);
  if (!kp) {
    issues.report(
      'wrong joint count',
      `${at}: ${field} has ${values.length} values, not x, y, c per joint (a multiple of 3)`,
    );
    return undefined;
  }
  checked?.(kp);
  const layout = keypointLayout(kp.count);
  const placed = (layout ? order.withLayout(layout) : order).toDataset(
    kp.xy,
    kp.count,
    2,
    kp.scores,
  );
  if ('error' in placed) {
    issues.report('wrong joint count', wrongCount(at, field, kp.count, order, placed.error));
    return undefined;
  }
  return placed;
}
