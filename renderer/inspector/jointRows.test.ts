import { describe, expect, it } from 'vitest';
import type { PersonLabel, PersonPrediction } from '../../contract';
import { COCO_17, H36M_17 } from '../../core';
import { jointRows, sortJointRows } from './jointRows';

const person = (over: Partial<PersonLabel>): PersonLabel => ({
  instanceId: 1,
  person: 0,
  bbox: null,
  joints2d: null,
  joints3d: null,
  visibility: null,
  flags: 0,
  valid: true,
  edited: false,
  version: 0,
  ...over,
});
const prediction = (over: Partial<PersonPrediction>): PersonPrediction => ({
  runId: 1,
  instanceId: 1,
  score: 0.9,
  joints2d: null,
  joints3d: null,
  root: null,
  mpjpe: null,
  oks: null,
  jointScores: null,
  ...over,
});

describe('the joints panel’s rows', () => {
  it('2D: pixel error where the joint is labelled, the model’s score per joint', () => {
    const gt = COCO_17.joints.map((_, j): [number, number] => [10 * j, 5]);
    const vis = COCO_17.joints.map((_, j) => (j === 1 ? 0 : j === 2 ? 1 : 2));
    const pred = gt.map(([x, y], j): [number, number] => [
      x + (j === 5 ? 3 : 0),
      y + (j === 5 ? 4 : 0),
    ]);
    const rows = jointRows(
      COCO_17,
      person({ joints2d: gt, visibility: vis }),
      prediction({
        joints2d: pred,
        jointScores: COCO_17.joints.map((_, j) => (j === 3 ? null : j / 20)),
      }),
    );
    expect(rows[5]).toEqual({
      joint: 5,
      name: 'left_shoulder',
      visibility: 2,
      labelled: true,
      errorPx: 5,
      errorMm: null,
      score: 0.25,
    });
    // Unlabelled: no error, even though both sides have coordinates.
    expect(rows[1]).toMatchObject({ labelled: false, errorPx: null, visibility: 0 });
    expect(rows[2]).toMatchObject({ labelled: true, visibility: 1, errorPx: 0 });
    expect(rows[3]!.score).toBeNull();
    const byError = sortJointRows(rows, 'error');
    expect(byError[0]!.joint).toBe(5);
    expect(byError.at(-1)!.joint).toBe(1);
    const byScore = sortJointRows(rows, 'score');
    expect(byScore.slice(0, 2).map((r) => r.joint)).toEqual([0, 1]);
    expect(byScore.at(-1)!.joint).toBe(3);
  });

  it('3D: root-relative mm, so a prediction off only in its root shows no joint error', () => {
    const gt = H36M_17.joints.map((_, j): [number, number, number] => [j * 10, -j * 5, 4000]);
    const shifted = gt.map(([x, y, z], j): [number, number, number] => [
      x + 100,
      y,
      z + 300 + (j === 6 ? 30 : 0),
    ]);
    const rows = jointRows(H36M_17, person({ joints3d: gt }), prediction({ joints3d: shifted }));
    expect(rows[0]!.errorMm).toBeCloseTo(0, 9);
    expect(rows[6]!.errorMm).toBeCloseTo(30, 9);
    expect(rows.every((r) => r.labelled && r.visibility === null)).toBe(true);
  });

  it('no prediction: every error and score is empty', () => {
    const rows = jointRows(
      COCO_17,
      person({ joints2d: COCO_17.joints.map(() => [1, 1]) }),
      undefined,
    );
    expect(rows.every((r) => r.errorPx === null && r.score === null && r.labelled)).toBe(true);
  });
});
