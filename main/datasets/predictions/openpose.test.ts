import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { H36M_17 } from '../../../core';
import { CountingIssueLog } from '../issueLog';
import type { PredictionRecord } from '../predictionFile';
import { JointOrder } from './jointOrder';
import { PREDICTION_FORMATS, readPredictionFile } from './readPredictionFile';
import type { ImageRef } from './takeFrames';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-openpose-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, doc: unknown) => {
  const file = join(tmp, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(doc));
  return file;
};

/** K keypoints as OpenPose writes them: x = 100 + joint, y = 200 + joint, c 0.5; `lost` 0, 0, 0. */
const flat = (K: number, lost: readonly number[] = []) =>
  Array.from({ length: K }, (_, j) =>
    lost.includes(j) ? [0, 0, 0] : [100 + j, 200 + j, 0.5],
  ).flat();

/** One OpenPose frame (`--write_json`): version and people with their body keypoints. */
const frame = (...people: number[][]) => ({
  version: 1.3,
  people: people.map((p) => ({
    person_id: [-1],
    pose_keypoints_2d: p,
    face_keypoints_2d: [],
    hand_left_keypoints_2d: [],
    hand_right_keypoints_2d: [],
  })),
});

function read(path: string, images?: readonly ImageRef[]) {
  const order = new JointOrder(H36M_17);
  const issues = new CountingIssueLog();
  const records: PredictionRecord[] = [];
  const r = readPredictionFile(path, order, issues, (p) => records.push(p), undefined, { images });
  const problems = issues.summary().map((i) => [i.kind, i.count, i.examples[0]]);
  return { ...r, name: PREDICTION_FORMATS[r.format], joints: order.describe(), records, problems };
}

const xy = (r: PredictionRecord, j: number) => [r.jointsImg![2 * j], r.jointsImg![2 * j + 1]];

describe('OpenPose per-frame JSON as 2D predictions', () => {
  it('reads a folder of BODY_25 files, one per image, mapped onto the skeleton by anatomy', () => {
    const dir = join(tmp, 'body25');
    const folder = 's_01_act_02_subact_01_ca_01';
    for (const f of [1, 6])
      write(`body25/${folder}/${folder}_00000${f}_keypoints.json`, frame(flat(25, [4]), flat(25)));
    const r = read(dir);
    expect(r.format).toBe('openpose');
    expect(r.name).toBe('OpenPose per-frame JSON (people[].pose_keypoints_2d, BODY_25 or COCO-18)');
    expect(r.records.map((p) => p.imageName)).toEqual(
      [1, 1, 6, 6].map((f) => `${folder}/${folder}_00000${f}`),
    );
    expect(r.joints).toBe(
      'OpenPose BODY_25 → h36m17 by anatomy: 15 joints direct, 1 derived (Torso = mean(pelvis, thorax)), 1 missing (Head)',
    );
    const p = r.records[0]!;
    // Human3.6M-17's Pelvis is BODY_25's MidHip (8), its Neck OpenPose's Neck (1).
    expect(xy(p, 0)).toEqual([108, 208]);
    expect(xy(p, 8)).toEqual([101, 201]);
    // A joint OpenPose did not find (0, 0, 0: its RWrist) is missing, not the image's corner.
    expect(xy(p, 16)).toEqual([NaN, NaN]);
    expect(p.jointScores![16]).toBe(0);
    expect(p.score).toBe(0.5);
    expect(r.problems).toEqual([]);
  });

  it('reads one COCO-18 file, deriving the pelvis from the hips', () => {
    const file = write('coco18/img_7_keypoints.json', frame(flat(18)));
    const r = read(file);
    expect(r.format).toBe('openpose');
    expect(r.records[0]!.imageName).toBe('img_7');
    expect(r.joints).toMatch(
      /^OpenPose COCO-18 → h36m17 by anatomy: .*Pelvis = mean\(l_hip, r_hip\)/,
    );
    // COCO-18's RHip is 8, LHip 11.
    expect(xy(r.records[0]!, 0)).toEqual([109.5, 209.5]);
  });

  it('pairs the frames of OpenPose run on a Human3.6M video by take, camera and frame', () => {
    const at = (cam: string, f: number) =>
      `h36mvideo/S1/Directions 1.${cam}_${String(f).padStart(12, '0')}_keypoints.json`;
    for (let f = 0; f < 11; f++) write(at('54138969', f), frame(flat(25)));
    for (let f = 0; f < 8; f++) write(at('55011271', f), frame(flat(25)));
    const images: ImageRef[] = [1, 2].flatMap((c) =>
      [1, 6, 11].map((f) => {
        const folder = `s_01_act_02_subact_01_ca_0${c}`;
        return {
          sourceId: `${c}-${f}`,
          file: `${folder}/${folder}_${String(f).padStart(6, '0')}.jpg`,
        };
      }),
    );
    const r = read(join(tmp, 'h36mvideo'), images);
    // Frame 000000000005 is the sixth: image …_000006.jpg.
    expect(r.records.map((p) => p.imageSourceId)).toEqual(['1-1', '1-6', '1-11']);
    expect(r.notes).toEqual(['8 of 11 frames have no image in the dataset: not used']);
    expect(r.problems).toEqual([
      [
        'invalid record',
        1,
        `${join(tmp, 'h36mvideo')}: take S1 'Directions 1' (act 2, subact 1) camera 2: expected at least 11 frames (its last image is frame 11), found 8`,
      ],
    ]);
  });

  it('reports a keypoint list that is not x, y, c per joint, naming the file and person', () => {
    const file = write('odd/a_keypoints.json', frame(flat(25), flat(25).slice(0, 74)));
    const r = read(join(tmp, 'odd'));
    expect(r.records).toHaveLength(1);
    expect(r.problems).toEqual([
      [
        'wrong joint count',
        1,
        `${file} people[1]: pose_keypoints_2d has 74 values, not x, y, c per joint (a multiple of 3)`,
      ],
    ]);
  });
});

describe('AlphaPose results as 2D predictions', () => {
  it('reads image_id, keypoints in their own layout, score and box; idx is not needed', () => {
    const file = write('alphapose-results.json', [
      {
        image_id: 'img_7.jpg',
        category_id: 1,
        keypoints: flat(17),
        score: 2.7,
        box: [10, 20, 30, 40],
        idx: [1],
      },
      {
        image_id: 'img_8.jpg',
        category_id: 1,
        keypoints: flat(136),
        score: 1.9,
        box: [1, 2, 3, 4],
        idx: [2],
      },
      { image_id: 'img_9.jpg', category_id: 1, keypoints: flat(17).slice(1), score: 1, idx: [3] },
    ]);
    const r = read(file);
    expect(r.format).toBe('alphapose');
    expect(r.name).toBe('AlphaPose results (image_id, keypoints, score, box, idx)');
    expect(r.records.map((p) => [p.imageName, p.score, p.bbox])).toEqual([
      ['img_7.jpg', 2.7, [10, 20, 30, 40]],
      ['img_8.jpg', 1.9, [1, 2, 3, 4]],
    ]);
    // 17 keypoints are COCO's order (not Human3.6M-17's): L_Shoulder is COCO's 5.
    expect(xy(r.records[0]!, 11)).toEqual([105, 205]);
    // Halpe-136's first 26 are Halpe-26, whose hip (19) is the pelvis.
    expect(xy(r.records[1]!, 0)).toEqual([119, 219]);
    expect(r.joints).toMatch(/^coco17 → h36m17 by anatomy: .*; halpe26 → h36m17 by anatomy/);
    expect(r.problems).toEqual([
      [
        'wrong joint count',
        1,
        `${file} [2]: keypoints has 50 values, not x, y, c per joint (a multiple of 3)`,
      ],
    ]);
  });
});
