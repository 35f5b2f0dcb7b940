import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COCO_17, MUPOTS_17, rayDrag } from '../../core';
import { writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { commitEdit } from '../edit/editLog';
import { readPerson } from '../store/labels/personStore';
import { groundTruthImages } from '../store/labels/groundTruth';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex } from '../store/db/openIndex';
import { COCO_KEYPOINTS_FILE, exportCocoKeypoints } from './cocoKeypoints';
import { linkImages } from './linkImages';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-cocokp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('COCO keypoints from a 3D dataset', () => {
  it('writes each person’s 2D on COCO-17, corrections in, and indexes back as COCO', async () => {
    const dir = join(tmp, 'mupots');
    await writeMupotsFixture(dir);
    indexDataset({ root: dir, dbFile: join(tmp, 'm.sqlite') });
    const db = openIndex(join(tmp, 'm.sqlite'));
    const ds = { id: 1, root: dir, format: 'mupots' as const, skeleton: 'mupots17' };
    const first = db.prepare('SELECT min(id) FROM instances').pluck().get() as number;
    const wrist = MUPOTS_17.joints.findIndex((j) => j.key === 'l_wrist');
    const p = readPerson(db, 1, first).joints.joints3d!;
    // A 3D-only correction: the 2D follows the joint's projection (MuPoTS keeps both).
    commitEdit(
      db,
      1,
      {
        instanceId: first,
        tool: 'ray-drag',
        joint: wrist,
        joints3d: rayDrag(p, wrist, p[wrist]![2] + 500),
      },
      'a',
    );
    const out = join(tmp, 'coco');
    const s = exportCocoKeypoints(db, ds, out);
    expect(s).toMatchObject({ images: 3, people: 4 });
    expect(linkImages(db, ds, out)).toEqual({ linked: 3, copied: 0, missing: 0, outside: 0 });
    const gt = [...groundTruthImages(db, 1, 'mupots')];
    db.close();

    const file = JSON.parse(readFileSync(join(out, COCO_KEYPOINTS_FILE), 'utf8'));
    expect(file.categories[0].keypoints).toEqual(COCO_17.joints.map((j) => j.key));
    const ann = file.annotations.find((a: { id: number }) => a.id === first);
    // MuPoTS-17 has no nose, eyes or ears: those five are unlabelled, the other 12 visible.
    expect(ann.num_keypoints).toBe(12);
    expect(ann.keypoints.slice(0, 15)).toEqual(Array(15).fill(0));

    const summary = indexDataset({ root: out, dbFile: join(tmp, 'c.sqlite') });
    expect(summary).toMatchObject({ format: 'coco', images: 3, people: 4, missingImages: 0 });
    const back = openIndex(join(tmp, 'c.sqlite'));
    const images = [...groundTruthImages(back, 1, 'coco')];
    back.close();
    const coco = COCO_17.joints.findIndex((j) => j.key === 'l_wrist');
    const corrected = gt.flatMap((im) => im.people).find((q) => q.instanceId === first)!;
    const again = images.flatMap((im) => im.people)[0]!;
    expect(again.img![coco]![0]).toBeCloseTo(corrected.img![wrist]![0], 9);
    expect(again.img![coco]![1]).toBeCloseTo(corrected.img![wrist]![1], 9);
  });
});
