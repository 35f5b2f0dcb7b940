import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFolder } from '../../../test/fixtures/indexedFolder';
import { PANOPTIC_SEQ, writePanopticFixture } from '../../../test/fixtures/panopticFixture';
import { THREEDPW_SEQ, writeThreeDpwFixture } from '../../../test/fixtures/threeDpwFixture';
import { sharedSample } from '../../../test/helpers/sharedData';
import { explainSkip } from '../../../test/helpers/skip';
import type { IndexDb } from '../db/openIndex';
import { datasetTakes, frameSlots, takeFrames, type TakeFrame } from './takes';
import { takePlaces } from './tracks';

const sample = join(__dirname, '..', '..', '..', 'assets', 'sample');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-takes-'));
const opened: IndexDb[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(tmp, { recursive: true, force: true });
});
let n = 0;
const indexed = (root: string) => indexFolder(root, join(tmp, `${n++}.sqlite`), opened);

/** Tracks of a take's frames, frame by frame: each frame's people's identities. */
function trackedFrames(db: IndexDb, ds: { id: number; format: 'mupots' | '3dpw' | 'panoptic' }) {
  const places = takePlaces(db, ds);
  const people = db
    .prepare('SELECT i.id, i.image_id FROM instances i ORDER BY i.image_id, i.id')
    .all() as { id: number; image_id: number }[];
  const out = new Map<string, string[][]>();
  for (const take of places.order) {
    const frames = takeFrames(db, ds.id, take);
    out.set(
      take,
      frames.map((f) =>
        people.filter((p) => p.image_id === f.imageId).map((p) => places.tracks.get(p.id)!),
      ),
    );
  }
  return out;
}

const frame = (imageId: number, f: number | null, file = `${imageId}.jpg`): TakeFrame => ({
  imageId,
  frame: f,
  file,
});

describe('frame slots: consecutive frames differ by one', () => {
  it('follows a take at its step and leaves a gap where a frame is missing or repeated', () => {
    expect(frameSlots([frame(1, 0), frame(2, 1), frame(3, 2), frame(4, 4)])).toEqual([0, 1, 2, 4]);
    // RootNet's Human3.6M test set keeps every 64th frame: 64 is the step, 192 a gap.
    expect(frameSlots([frame(1, 0), frame(2, 64), frame(3, 192)])).toEqual([0, 1, 3]);
    expect(frameSlots([frame(1, 5), frame(2, 5), frame(3, 6)])).toEqual([0, 2, 3]);
  });

  it('follows file order where the layout has no frame index', () => {
    expect(frameSlots([frame(1, null), frame(2, null), frame(3, null)])).toEqual([0, 1, 2]);
    expect(frameSlots([])).toEqual([]);
  });
});

describe('takes of the bundled sample (MuPoTS-3D layout)', () => {
  const x = indexed(sample);

  it('lists TS1 and TS2 with 30 frames each, at the rate its image records state', () => {
    // MuPoTS-3D's layout has no rate: the sample's records carry one (`fps`), or it is unknown.
    const file = JSON.parse(readFileSync(join(sample, 'MuPoTS-3D.json'), 'utf8')) as {
      images: { fps?: number }[];
    };
    expect(datasetTakes(x.db, x.ds)).toEqual(
      ['TS1', 'TS2'].map((s) => ({
        key: s,
        sequence: s,
        camera: null,
        subject: null,
        action: null,
        frames: 30,
        first: 0,
        last: 29,
        fps: file.images[0]!.fps ?? null,
      })),
    );
  });

  it("gives a take's frames in frame order with their image ids", () => {
    const frames = takeFrames(x.db, x.ds.id, 'TS2');
    expect(frames.map((f) => f.frame)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(frames[3]).toEqual({
      imageId: x.db.prepare("SELECT id FROM images WHERE source_id = '33'").pluck().get(),
      frame: 3,
      file: 'MultiPersonTestSet/TS2/img_000003.jpg',
    });
    expect(takeFrames(x.db, x.ds.id, 'TS3')).toEqual([]);
  });

  it('follows each person by their index in the sequence: Ana, then Ben from frame 6, Cleo from 14', () => {
    const ts1 = trackedFrames(x.db, { id: x.ds.id, format: 'mupots' }).get('TS1')!;
    expect(ts1[0]).toEqual(['0']);
    expect(ts1[6]).toEqual(['0', '1']);
    expect(ts1[29]).toEqual(['0', '1', '2']);
    const places = takePlaces(x.db, { id: x.ds.id, format: 'mupots' });
    expect(places.order).toEqual(['TS1', 'TS2']);
    expect(places.groups.get('TS1')).toBe('');
    expect(takeFrames(x.db, x.ds.id, 'TS1').map((f) => places.frames.get(f.imageId)!.slot)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
  });

  it("reads a take's frames through the takes index", () => {
    const plan = x.db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM images WHERE dataset_id = 1 AND sequence IN ('TS1', 'TS2')",
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/images_takes/);
  });
});

describe('takes of the other video layouts', () => {
  it('CMU Panoptic: one take per HD camera at 29.97 fps, people followed by body id', async () => {
    const dir = join(tmp, 'panoptic');
    await writePanopticFixture(dir);
    const x = indexed(dir);
    const takes = datasetTakes(x.db, x.ds);
    expect(takes.map((t) => [t.key, t.frames, t.first, t.last, t.fps])).toEqual([
      [`${PANOPTIC_SEQ}/00_03`, 2, 100, 101, 29.97],
      [`${PANOPTIC_SEQ}/00_16`, 2, 100, 101, 29.97],
    ]);
    const tracks = trackedFrames(x.db, { id: x.ds.id, format: 'panoptic' });
    expect(tracks.get(`${PANOPTIC_SEQ}/00_16`)).toEqual([
      ['0', '3'],
      ['0', '3'],
    ]);
  });

  it('3DPW: one take per sequence, people followed by actor', () => {
    const dir = join(tmp, '3dpw');
    writeThreeDpwFixture(dir);
    const x = indexed(dir);
    expect(datasetTakes(x.db, x.ds).map((t) => [t.key, t.frames, t.fps])).toEqual([
      [THREEDPW_SEQ, 3, null],
    ]);
    expect(trackedFrames(x.db, { id: x.ds.id, format: '3dpw' }).get(THREEDPW_SEQ)).toEqual([
      ['0', '1'],
      ['0', '1'],
      ['0', '1'],
    ]);
  });

  it('an image folder: a subfolder is a take in natural file order, a key with a slash found', () => {
    const dir = join(tmp, 'clips');
    mkdirSync(join(dir, 'walk', 'run1'), { recursive: true });
    for (const f of ['f_10.jpg', 'f_2.jpg', 'f_1.jpg'])
      writeFileSync(join(dir, 'walk', 'run1', f), '');
    writeFileSync(join(dir, 'loose.jpg'), '');
    const x = indexFolder(dir, join(tmp, 'clips.sqlite'), opened);
    expect(datasetTakes(x.db, x.ds).map((t) => [t.key, t.frames, t.fps])).toEqual([
      ['walk/run1', 3, null],
    ]);
    expect(takeFrames(x.db, x.ds.id, 'walk/run1').map((f) => f.file)).toEqual([
      'walk/run1/f_1.jpg',
      'walk/run1/f_2.jpg',
      'walk/run1/f_10.jpg',
    ]);
    expect(takePlaces(x.db, x.ds).tracks.size).toBe(0);
  });
});

const h36m = sharedSample('h36m-sample');
describe.skipIf('skip' in h36m)('takes of the real Human3.6M sample', () => {
  it('one take per subject, action, subaction and camera, at 50 fps', () => {
    if ('skip' in h36m) return;
    const x = indexed(h36m.dir);
    const takes = datasetTakes(x.db, x.ds);
    expect(takes).toHaveLength(4);
    for (const t of takes) {
      expect(t.key).toBe(`${t.sequence}/${t.camera}`);
      expect(t.sequence).toMatch(new RegExp(`^${t.subject} ${t.action} [12]$`));
      expect(t.fps).toBe(50);
      expect(takeFrames(x.db, x.ds.id, t.key)).toHaveLength(1);
    }
    expect(takes.map((t) => t.subject)).toEqual(['S1', 'S5', 'S7', 'S8']);
  });
});

explainSkip('skip' in h36m ? h36m.skip : undefined);
