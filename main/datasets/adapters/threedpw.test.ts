import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMPL_24 } from '../../../core';
import {
  THREEDPW_ACTORS,
  THREEDPW_FRAMES,
  THREEDPW_SEQ,
  threeDpwCamera,
  threeDpwJoint,
  writeThreeDpwFixture,
} from '../../../test/fixtures/threeDpwFixture';
import { detectFormat } from '../detect';
import { threeDpwAdapter } from './threedpw';
import { readUnits } from './adapterTestKit';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-3dpw-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, '3DPW');
beforeAll(() => writeThreeDpwFixture(dir));

const readAll = (root: string) => readUnits(threeDpwAdapter, root);

describe('3DPW adapter', () => {
  it('is detected from sequenceFiles/<split>/*.pkl, one unit per sequence file', () => {
    expect(detectFormat(dir)).toBe('3dpw');
    expect(threeDpwAdapter.listUnits(dir)).toEqual([
      {
        key: `validation/${THREEDPW_SEQ}`,
        files: [`sequenceFiles/validation/${THREEDPW_SEQ}.pkl`],
      },
    ]);
  });

  it('reads one image, camera and world pose per actor for every frame, joints in mm', () => {
    const got = readAll(dir);
    expect(got.issues).toEqual([]);
    expect(got.images.map((im) => im.file)).toEqual(
      [0, 1, 2].map((i) => join('imageFiles', THREEDPW_SEQ, `image_0000${i}.jpg`)),
    );
    expect(got.images[1]).toMatchObject({
      sourceId: `${THREEDPW_SEQ}/image_00001`,
      cameraKey: `${THREEDPW_SEQ}/1`,
      sequence: THREEDPW_SEQ,
      frame: 1,
      missing: false,
    });
    expect(got.people).toHaveLength(THREEDPW_FRAMES * THREEDPW_ACTORS);
    const p = got.people.find((x) => x.sourceId === `${THREEDPW_SEQ}/image_00002/1`)!;
    expect(p).toMatchObject({
      space: 'world',
      person: 1,
      imageSourceId: `${THREEDPW_SEQ}/image_00002`,
    });
    expect(p.joints3d).toHaveLength(SMPL_24.joints.length * 3);
    for (let k = 0; k < 24; k++) {
      const want = threeDpwJoint(1, 2, k);
      for (let c = 0; c < 3; c++) expect(p.joints3d![3 * k + c]).toBeCloseTo(want[c]!, 6);
    }
    expect(JSON.parse(p.raw!)).toMatchObject({ actor: 1, campose_valid: 1 });
    expect((JSON.parse(p.raw!) as { poses2d: number[] }).poses2d).toHaveLength(54);
  });

  it('gives every frame its own camera: cam_poses in mm, cam_intrinsics as f and c', () => {
    const { cameras } = readAll(dir);
    expect(cameras).toHaveLength(THREEDPW_FRAMES);
    cameras.forEach((cam, i) => {
      const want = threeDpwCamera(i);
      expect(cam.key).toBe(`${THREEDPW_SEQ}/${i}`);
      expect(cam.f).toEqual([1961, 1969]);
      expect(cam.c).toEqual([540, 960]);
      cam.R!.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(want.R[r]![c]!, 12)));
      cam.t!.forEach((v, r) => expect(v).toBeCloseTo(want.t[r]!, 9));
    });
  });

  it('keeps a person whose camera pose is not valid, or who has no 2D pose, as not valid', () => {
    const { people } = readAll(dir);
    const valid = Object.fromEntries(
      people.map((p) => [p.sourceId.slice(THREEDPW_SEQ.length + 1), p.valid]),
    );
    expect(valid).toEqual({
      'image_00000/0': true,
      'image_00000/1': false, // poses2d all zero, as 3dpw-eval's check_valid_inds drops it
      'image_00001/0': true,
      'image_00001/1': true,
      'image_00002/0': false, // campose_valid 0
      'image_00002/1': true,
    });
    const kept = people.find((p) => p.sourceId.endsWith('image_00002/0'))!;
    expect(kept.joints3d![0]).toBeCloseTo(threeDpwJoint(0, 2, 0)[0], 6);
    expect(JSON.parse(kept.raw!)).toMatchObject({ campose_valid: 0 });
  });

  it('names the file that is not a pickle', () => {
    const bad = join(tmp, 'bad');
    mkdirSync(join(bad, 'sequenceFiles', 'test'), { recursive: true });
    const file = join(bad, 'sequenceFiles', 'test', 'broken.pkl');
    writeFileSync(file, '{"not": "a pickle"}');
    expect(() => readAll(bad)).toThrow(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a readable Python pickle of a 3DPW sequence`,
      ),
    );
  });
});
