import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jointFromWire2 } from '../../contract';
import { frameQuery } from '../../contract/schemas';
import { indexDataset } from '../indexer/indexDataset';
import { openIndex } from '../store/db/openIndex';
import { listFrames } from '../store/frames/frameList';
import { getFrame } from '../store/frames/frameQueries';
import { readPerson } from '../store/labels/personStore';
import { commitEdit } from './editLog';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-unlabelled-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A COCO person whose joints 1 and 2 (left/right eye) are "not labelled": 0, 0, 0 in the file.
const keypoints = Array.from({ length: 17 }, (_, j) =>
  j === 1 || j === 2 ? [0, 0, 0] : [100 + 5 * j, 50 + 10 * j, 2],
).flat();

describe('a 2D set’s unlabelled joints (COCO visibility 0)', () => {
  const dir = join(tmp, 'coco');
  const dbFile = join(tmp, 'coco.sqlite');

  it('are absent in the frame and the thumbnail, never a point at the image corner', () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'person_keypoints_val.json'),
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.jpg', width: 640, height: 480 }],
        annotations: [
          { id: 7, image_id: 1, category_id: 1, iscrowd: 0, area: 5000, bbox: [90, 40, 100, 200], num_keypoints: 15, keypoints },
        ],
        categories: [{ id: 1, name: 'person' }],
      }), // prettier-ignore
    );
    indexDataset({ root: dir, dbFile });
    const db = openIndex(dbFile, { readonly: true });
    try {
      const ds = { sessionId: 1, dbId: 1, format: 'coco' as const, skeleton: 'coco17' as const };
      const frame = getFrame(db, ds, 1);
      const j2 = frame.people[0]!.joints2d!;
      expect(j2[1]).toBeNull();
      expect(j2[2]).toBeNull();
      expect(j2[0]).toEqual([100, 50]);
      expect(frame.people[0]!.visibility![1]).toBe(0);
      const page = listFrames(
        db,
        1,
        'coco',
        frameQuery.parse({ datasetId: 1, offset: 0, limit: 10 }),
      );
      expect(page.rows[0]!.skeletons[0]![1]).toBeNull();
    } finally {
      db.close();
    }
  });

  it('sent back untouched by an edit of another joint, keep the file’s placeholder', () => {
    const db = openIndex(dbFile);
    try {
      const ds = { sessionId: 1, dbId: 1, format: 'coco' as const, skeleton: 'coco17' as const };
      const person = getFrame(db, ds, 1).people[0]!;
      const moved = person.joints2d!.map((p, j) => (j === 5 && p ? [p[0] + 7, p[1]] : p));
      const r = commitEdit(
        db,
        1,
        {
          instanceId: person.instanceId,
          tool: 'drag-2d',
          joint: 5,
          joints2d: moved.map((p) => jointFromWire2(p as [number, number] | null)),
        } as never,
        'a',
      );
      expect(r.editId).not.toBeNull();
      const after = readPerson(db, 1, person.instanceId).joints;
      expect(after.joints2d![1]).toEqual([0, 0]);
      expect(after.joints2d![5]).toEqual([132, 100]);
      const log = db.prepare('SELECT before, after FROM edits').get() as {
        before: string;
        after: string;
      };
      // Only joint 5 is logged as changed: the unlabelled eyes are not "moved" to nowhere.
      expect(JSON.parse(log.before)).toEqual({ joints3d: null, joints2d: [[5, [125, 100]]] });
      expect(JSON.parse(log.after)).toEqual({ joints3d: null, joints2d: [[5, [132, 100]]] });
    } finally {
      db.close();
    }
  });
});
