// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Frame, PersonLabel, PersonPrediction, RunInfo } from '../../contract';
import { getSkeleton, restPose, type Vec3 } from '../../core';
import { SIDE_COLORS } from '../theme/palette';
import { runColor } from '../theme/sources';
import { toScene } from './sceneMath';
import { buildSceneModel, rootOf, sceneInstances } from './sceneModel';

const MUPOTS = getSkeleton('mupots17');
const ROOT = 14; // MuPoTS-17's pelvis

/** The rest pose (body frame: y up, z facing, x the person's left) facing the camera at `at`. */
const standing = (at: Vec3): Vec3[] =>
  restPose(MUPOTS).map((p): Vec3 => [at[0] + p[0], at[1] - p[1], at[2] - p[2]]);

/** −0 reads as 0: the axis flip turns zeros negative, which says nothing about geometry. */
const clean = (p: readonly number[] | null | undefined) => p?.map((x) => x + 0);

const person = (instanceId: number, joints3d: Vec3[] | null): PersonLabel => ({
  instanceId,
  person: instanceId - 1,
  bbox: null,
  joints2d: null,
  joints3d: joints3d?.map((p) => [p[0], p[1], p[2]]) ?? null,
  visibility: null,
  flags: 0,
  valid: true,
  edited: false,
});
const prediction = (
  runId: number,
  instanceId: number | null,
  joints: Vec3[],
): PersonPrediction => ({
  runId,
  instanceId,
  score: null,
  joints2d: null,
  joints3d: joints.map((p) => [p[0], p[1], p[2]]),
  root: null,
  mpjpe: null,
  oks: null,
  jointScores: null,
});
const run = (id: number): RunInfo => ({
  id,
  name: `run${id}`,
  kind: 'import',
  status: null,
  source: null,
  createdAt: '',
  predictions: 0,
  summary: null,
  frames: null,
  resumable: false,
});
const frameOf = (people: PersonLabel[], predictions: PersonPrediction[]): Frame => ({
  datasetId: 1,
  imageId: 1,
  file: 'x.jpg',
  width: 800,
  height: 600,
  missing: false,
  review: 'unreviewed',
  subject: null,
  action: null,
  sequence: null,
  camera: null,
  intrinsics: { f: [700, 700], c: [400, 300] },
  skeleton: 'mupots17',
  people,
  predictions,
});

const shift = (pose: Vec3[], d: Vec3): Vec3[] =>
  pose.map((p) => [p[0] + d[0], p[1] + d[1], p[2] + d[2]]);
const a = standing([-900, 0, 4000]);
const b = standing([1200, 100, 6500]);
const frame = frameOf(
  [person(1, a), person(2, b)],
  [prediction(7, 1, shift(a, [30, -20, 250])), prediction(9, 2, shift(b, [0, 0, -400]))],
);
const runs = [run(7), run(9)];

describe('scene model', () => {
  it('keeps camera space in absolute mode and colours each run by its index', () => {
    const m = buildSceneModel(frame, MUPOTS, runs, { mode: 'absolute' });
    expect(m.skeletons.map((s) => s.color)).toEqual([null, null, runColor(0), runColor(1)]);
    expect(m.skeletons[0]!.joints[ROOT]).toEqual(toScene(a[ROOT]!));
    expect(m.skeletons[2]!.mm[ROOT]).toEqual(frame.predictions[0]!.joints3d![ROOT]);
  });

  it('root-aligned puts every skeleton on its own root, one slot per person', () => {
    const m = buildSceneModel(frame, MUPOTS, runs, { mode: 'root-aligned' });
    const [gtA, gtB, predA, predB] = m.skeletons;
    expect(clean(gtA!.joints[ROOT])).toEqual([-0.5, 0, 0]);
    expect(clean(gtB!.joints[ROOT])).toEqual([0.5, 0, 0]);
    expect(predA!.joints[ROOT]).toEqual(gtA!.joints[ROOT]);
    expect(predB!.joints[ROOT]).toEqual(gtB!.joints[ROOT]);
    // The hover shows root-relative millimetres.
    expect(gtA!.mm[ROOT]).toEqual([0, 0, 0]);
    expect(gtA!.mm[0]).toEqual([
      a[0]![0] - a[ROOT]![0],
      a[0]![1] - a[ROOT]![1],
      a[0]![2] - a[ROOT]![2],
    ]);
    // Slots follow the image's left-to-right order, not the label order.
    const swapped = buildSceneModel(frameOf([person(2, b), person(1, a)], []), MUPOTS, runs, {
      mode: 'root-aligned',
    });
    expect(swapped.skeletons.map((s) => [s.label, clean(s.joints[ROOT])])).toEqual([
      ['ground truth, person 1', [-0.5, 0, 0]],
      ['ground truth, person 2', [0.5, 0, 0]],
    ]);
    const single = buildSceneModel(frameOf([person(1, a)], []), MUPOTS, runs, {
      mode: 'root-aligned',
    });
    expect(clean(single.skeletons[0]!.joints[ROOT])).toEqual([0, 0, 0]);
  });

  it('draws only visible runs, and nothing for a 2D-only frame', () => {
    const m = buildSceneModel(frame, MUPOTS, runs, {
      mode: 'absolute',
      visibleRuns: [9],
      showGroundTruth: false,
    });
    expect(m.skeletons.map((s) => s.color)).toEqual([runColor(1)]);
    const flat = buildSceneModel(frameOf([person(1, null)], []), MUPOTS, runs, {
      mode: 'absolute',
    });
    expect(flat.skeletons).toEqual([]);
    expect(flat.bounds).toBeNull();
    expect(flat.labels3d || flat.predictions3d).toBe(false);
  });

  it("roots on the skeleton's root joints", () => {
    expect(rootOf(MUPOTS, a)).toEqual(a[ROOT]);
  });
});

describe('instances', () => {
  const m = buildSceneModel(frame, MUPOTS, runs, { mode: 'absolute' });
  const { joints, bones } = sceneInstances(m.skeletons, MUPOTS, new Set([4]), '#ffff00');

  it('colours ground-truth joints by side and highlights the given joints', () => {
    const gt = joints.filter((j) => j.skeleton === 0);
    expect(gt[7]!.color).toBe(SIDE_COLORS.left); // L_Wrist
    expect(gt[3]!.color).toBe(SIDE_COLORS.right); // R_Elbow
    expect(gt[4]!.color).toBe('#ffff00'); // R_Wrist, highlighted
    expect(gt[4]!.radius).toBeGreaterThan(gt[3]!.radius);
  });

  it("dashes a prediction's right-side bones", () => {
    const rightBones = MUPOTS.bones.filter(([, q]) =>
      MUPOTS.joints[q]!.key.startsWith('r_'),
    ).length;
    const per = MUPOTS.bones.length;
    // 2 GT skeletons with whole bones + 2 predictions whose right bones are 4 dashes each.
    expect(bones.length).toBe(2 * per + 2 * (per + 3 * rightBones));
    expect(rightBones).toBeGreaterThan(0);
  });
});
