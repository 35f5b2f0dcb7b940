import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MPII_16 } from '../../../core';
import { MPII_RECORDS, mpiiJoints, writeMpiiFixture } from '../../../test/fixtures/mpiiFixture';
import { ADAPTERS, detectFormat } from '../detect';
import { FLAG, type InstanceRecord } from '../records';
import { mpiiAdapter } from './mpii';
import { readUnits } from './adapterTestKit';

const GT_FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../test/fixtures/mpii/mpii_gt_val_3.mat',
);
const tmp = mkdtempSync(join(tmpdir(), 'posescope-mpii-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, 'mpii');
beforeAll(async () => {
  await writeMpiiFixture(dir);
});

/** Everything the folder's first list sends, and the issues reported while reading it. */
const readUnit = (root: string) => readUnits(mpiiAdapter, root, (_, i) => i === 0);

describe('MPII JSON list (MMPose mpii_val.json)', () => {
  it('is detected from a JSON array whose first record has joints and joints_vis: one unit per list, mpii16', () => {
    expect(detectFormat(dir)).toBe('mpii');
    expect(ADAPTERS.mpii).toBe(mpiiAdapter);
    expect(mpiiAdapter.skeleton).toBe('mpii16');
    expect(mpiiAdapter.listUnits(dir)).toEqual([
      { key: 'annotations/mpii_val.json', files: ['annotations/mpii_val.json'] },
    ]);
  });

  it('keeps MPII’s joint-id order: 0 r_ankle … 9 head_top … 15 l_wrist', () => {
    expect(MPII_16.joints.map((j) => j.name)).toEqual([
      'r_ankle',
      'r_knee',
      'r_hip',
      'l_hip',
      'l_knee',
      'l_ankle',
      'pelvis',
      'thorax',
      'upper_neck',
      'head_top',
      'r_wrist',
      'r_elbow',
      'r_shoulder',
      'l_shoulder',
      'l_elbow',
      'l_wrist',
    ]);
  });

  it('reads each record as a person: 0-based joints, labelled joints visible, the unlabelled missing, boxes from centre and scale', () => {
    const got = readUnit(dir);
    expect(got.issues).toEqual([]);
    expect(got.images.map((im) => [im.sourceId, im.file, im.missing])).toEqual([
      ['1', join('images', '000000001.jpg'), false],
      ['2', join('images', '000000002.jpg'), false],
    ]);
    expect(got.people.map((p) => [p.imageSourceId, p.sourceId, p.person, p.valid])).toEqual([
      ['1', '0', 0, true],
      ['1', '1', 1, true],
      ['2', '2', 0, true],
    ]);
    const [a, b, c] = got.people as [InstanceRecord, InstanceRecord, InstanceRecord];
    expect(Array.from(a.joints2d!.subarray(0, 4))).toEqual([19.5, 29.25, 22.5, 34.25]);
    expect(Array.from(a.vis!)).toEqual(new Array(16).fill(2));
    expect(b.vis![9]).toBe(0);
    expect(b.joints2d![18]).toBeNaN();
    expect(b.vis!.filter((v) => v === 2)).toHaveLength(15);
    // MMPose: centre y + 15·scale, side 200·scale·1.25, minus 1 (0-based).
    const side = 0.5 * 200 * 1.25;
    expect(a.bbox).toEqual([44 - side / 2, 69 + 7.5 - side / 2, side, side]);
    // No centre (−1): the labelled joints' extent.
    expect(c.bbox).toEqual([59.5, 19.25, 45, 75]);
    expect(a.raw && JSON.parse(a.raw)).toEqual(MPII_RECORDS[0]);
  });

  it('says once that PCKh needs the head boxes of mpii_gt_val.mat when it is not there', () => {
    const units = mpiiAdapter.listUnits(dir);
    expect(units[0]!.files).toEqual(['annotations/mpii_val.json']);
    expect(mpiiAdapter.note?.(dir, units)).toMatch(
      /^PCKh needs each person's head box, which MPII keeps in mpii_gt_val\.mat \(headboxes_src\), not in this folder: the pckh protocol reports no head size/,
    );
  });

  it('takes each person’s head size from mpii_gt_val.mat beside the list: 0.6 × the box diagonal', async () => {
    const withGt = join(tmp, 'with-gt');
    await writeMpiiFixture(withGt);
    copyFileSync(GT_FIXTURE, join(withGt, 'annotations', 'mpii_gt_val.mat'));
    const units = mpiiAdapter.listUnits(withGt);
    // The .mat is part of the unit: a new one re-reads the list.
    expect(units[0]!.files).toEqual(['annotations/mpii_val.json', 'annotations/mpii_gt_val.mat']);
    expect(mpiiAdapter.note?.(withGt, units)).toBeNull();
    const got = readUnit(withGt);
    // scipy's loadmat and MMPose's formula give 30, 24 and 9 px (test/fixtures/mpii/make_mpii_gt.py).
    expect(got.people.map((p) => p.headSize)).toEqual([30, 24, 9]);
    expect(got.issues).toEqual([]);
  });

  it('pairs no head box with a list of another length, and says so', async () => {
    const other = join(tmp, 'train-gt');
    await writeMpiiFixture(other, MPII_RECORDS.slice(0, 2));
    copyFileSync(GT_FIXTURE, join(other, 'annotations', 'mpii_gt_val.mat'));
    const got = readUnit(other);
    expect(got.people.map((p) => p.headSize)).toEqual([undefined, undefined]);
    expect(got.issues).toEqual([
      "no head box: annotations/mpii_val.json: annotations/mpii_gt_val.mat holds 3 head boxes and the list 2 records, so they cannot be paired (it pairs with mpii_val.json): PCKh scores none of this list's people",
    ]);
  });

  it('names the .mat when it is not a MAT-file with head boxes', async () => {
    const broken = join(tmp, 'broken-gt');
    await writeMpiiFixture(broken);
    writeFileSync(join(broken, 'annotations', 'mpii_gt_val.mat'), 'MATLAB 5.0 MAT-file, but short');
    expect(() => readUnit(broken)).toThrow(/^annotations\/mpii_gt_val\.mat: /);
  });

  it('flags a record of 15 joints, naming the file and record index', async () => {
    const bad = join(tmp, 'bad');
    const short = { ...MPII_RECORDS[1]!, joints: MPII_RECORDS[1]!.joints.slice(0, 15) };
    await writeMpiiFixture(bad, [MPII_RECORDS[0], short]);
    const got = readUnit(bad);
    expect(got.issues).toEqual([
      `wrong joint count: ${join(bad, 'annotations', 'mpii_val.json')} [1]: 15 joints and 16 joints_vis, expected 16 × [x, y] and 16 × 0/1 (MPII-16)`,
    ]);
    expect(got.people[1]).toMatchObject({ valid: false, joints2d: undefined });
    expect(got.people[1]!.flags & FLAG.wrongJointCount).toBeTruthy();
  });

  it('does not take a JSON that is not an array, or an array of other records, for MPII', () => {
    for (const [name, value] of [
      ['object', { image: 'a.jpg', ...mpiiJoints(0, 0), center: [1, 1], scale: 1 }],
      ['other', [{ image: 'a.jpg', keypoints: [1, 2, 2] }]],
    ] as const) {
      const root = join(tmp, name);
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'mpii_val.json'), JSON.stringify(value));
      expect(mpiiAdapter.listUnits(root)).toEqual([]);
      expect(() => detectFormat(root)).toThrow(/no reader for the annotation files/);
    }
  });
});
