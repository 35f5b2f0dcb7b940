import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H36M_17, MUPOTS_17, cameraToPixel, type Vec3 } from '../../core';
import { MUPOTS_FIXTURE_INTRINSICS, writeMupotsFixture } from '../../test/fixtures/mupotsFixture';
import { npyNumbers, npyObjects, npyStrings, npz } from '../../test/fixtures/npyFixture';
import { indexDataset } from '../indexer/indexDataset';
import { blobF64 } from '../store/db/blobs';
import { openIndex, type IndexDb } from '../store/db/openIndex';
import { predictedPerson } from './pairPeople';
import { evaluateRun, type DatasetRef } from './evaluateRun';
import { NothingScoredError } from './nothingScored';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function indexed(dir: string, name: string): { db: IndexDb; ds: DatasetRef } {
  const dbFile = join(tmp, `${name}.sqlite`);
  expect(indexDataset({ root: dir, dbFile }).failed).toEqual([]);
  const db = openIndex(dbFile);
  const ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
  return { db, ds };
}

const write = (name: string, content: string | Buffer) => {
  const file = join(tmp, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  return file;
};

// ------------------------------------------------------------------ a small COCO keypoint set
/** A standing person's 17 COCO keypoints around (x, y), one unit a pixel. */
const LAYOUT = [
  [0, -70],
  [-6, -76],
  [6, -76],
  [-14, -72],
  [14, -72],
  [-30, -45],
  [30, -45],
  [-38, -10],
  [38, -10],
  [-40, 20],
  [40, 20],
  [-18, 25],
  [18, 25],
  [-20, 70],
  [20, 70],
  [-20, 115],
  [20, 115],
] as const;
const cocoPose = (x: number, y: number) => LAYOUT.map(([dx, dy]) => [x + dx, y + dy] as const);
const PEOPLE = [
  { id: 11, image: 1, at: [150, 200] },
  { id: 12, image: 1, at: [400, 210] },
  { id: 21, image: 2, at: [300, 220] },
] as const;
const boxOf = (pts: readonly (readonly [number, number])[]) => {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  return [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0] as const;
};

async function writeCocoFixture(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const id of [1, 2])
    await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } })
      .jpeg()
      .toFile(join(dir, `${id}.jpg`));
  writeFileSync(
    join(dir, 'person_keypoints_val.json'),
    JSON.stringify({
      images: [1, 2].map((id) => ({ id, file_name: `${id}.jpg`, width: 640, height: 480 })),
      annotations: PEOPLE.map((p) => {
        const pts = cocoPose(p.at[0], p.at[1]);
        return {
          id: p.id,
          image_id: p.image,
          category_id: 1,
          iscrowd: 0,
          num_keypoints: 17,
          area: 8000,
          bbox: boxOf(pts),
          keypoints: pts.flatMap(([x, y]) => [x, y, 2]),
        };
      }),
      categories: [{ id: 1, name: 'person', keypoints: [], skeleton: [] }],
    }),
  );
}

/** A COCO results record as cocoapi's loadRes reads it: keypoints [x, y, score] × 17. */
const cocoResult = (
  imageId: number | string,
  pts: readonly (readonly [number, number])[],
  score: number,
  extra: Record<string, unknown> = {},
) => ({
  image_id: imageId,
  category_id: 1,
  keypoints: pts.flatMap(([x, y], j) => [x, y, 0.5 + j / 100]),
  score,
  ...extra,
});

describe('COCO keypoint results (MMPose, Detectron2, ViTPose, OpenPifPaf, leaderboards)', () => {
  let db: IndexDb;
  let ds: DatasetRef;
  beforeAll(async () => {
    await writeCocoFixture(join(tmp, 'coco'));
    ({ db, ds } = indexed(join(tmp, 'coco'), 'coco'));
  });
  afterAll(() => db.close());
  const poseOf = (i: number) => cocoPose(PEOPLE[i]!.at[0], PEOPLE[i]!.at[1]);

  it('is told apart by its content, scores AP 100 on the labels, keeps per-joint scores', () => {
    // No .json in the name: the content decides.
    const file = write(
      'coco-perfect.results',
      JSON.stringify(PEOPLE.map((p, i) => cocoResult(p.image, poseOf(i), 0.9 - i / 10))),
    );
    const r = evaluateRun(db, ds, file);
    expect(r.metrics).toMatchObject({ AP_OKS: 100, matched: 3, instances: 3 });
    expect(r.read).toEqual({
      format: 'coco-results',
      formatName: expect.stringMatching(/^COCO keypoint results/) as string,
      records: 3,
      paired: 3,
      unpaired: 0,
      unknownImages: { count: 0, first: [] },
      joints: null,
      units: 'no 3D poses to compare',
      problems: [],
      notes: [],
    });
    const stored = db
      .prepare(
        `SELECT p.joint_scores FROM predictions p JOIN runs r ON r.id = p.run_id
         WHERE r.name = 'coco-perfect.results' ORDER BY p.id LIMIT 1`,
      )
      .pluck()
      .get() as Buffer;
    expect(Array.from(blobF64(stored)!)).toEqual(LAYOUT.map((_, j) => 0.5 + j / 100));
  });

  it('reports unknown image ids (count and first few) and other categories, scoring the rest', () => {
    const file = write(
      'coco-mixed.json',
      JSON.stringify([
        cocoResult(1, poseOf(0), 0.9),
        cocoResult(99, poseOf(0), 0.8),
        cocoResult(98, poseOf(0), 0.8),
        cocoResult(98, poseOf(1), 0.7),
        cocoResult(2, poseOf(2), 0.95, { category_id: 2 }),
        // Far from everyone: read, on a known image, paired with nobody.
        cocoResult(2, cocoPose(600, 420), 0.3),
      ]),
    );
    const r = evaluateRun(db, ds, file);
    expect(r.read).toMatchObject({
      records: 5,
      paired: 1,
      unpaired: 1,
      unknownImages: { count: 3, first: ['99', '98'] },
    });
    const kinds = Object.fromEntries(r.issues.map((i) => [i.kind, i.count]));
    expect(kinds).toEqual({ 'other category': 1, 'prediction for unknown image': 3 });
    expect(r.issues.find((i) => i.kind === 'other category')?.examples[0]).toMatch(
      /coco-mixed\.json \[4\]: category_id 2, people are 1/,
    );
  });

  it("uses a prediction's box to pair it when its keypoints pair it with nobody", () => {
    // Keypoints 40 px off (OKS far below 0.5), box on person 11.
    const off = poseOf(0).map(([x, y]) => [x + 40, y] as const);
    const box = boxOf(poseOf(0));
    const withBox = evaluateRun(
      db,
      ds,
      write('coco-box.json', JSON.stringify([cocoResult(1, off, 0.9, { bbox: box })])),
    );
    expect(withBox.read).toMatchObject({ paired: 1, unpaired: 0 });
    expect(withBox.metrics).toMatchObject({ matched: 1, AP_OKS: 0 });
    // Without the box it is paired with nobody, and nothing else is in the file.
    const without = write('coco-nobox.json', JSON.stringify([cocoResult(1, off, 0.9)]));
    expect(() => evaluateRun(db, ds, without)).toThrow(
      /coco-nobox\.json: no prediction was paired with any of the dataset's 3 labelled people/,
    );
  });

  it('refuses keypoints of a count no skeleton has, naming the count and the skeletons', () => {
    const twelve = poseOf(0).slice(0, 12);
    const file = write('coco-12.json', JSON.stringify([cocoResult(1, twelve, 0.9)]));
    expect(() => evaluateRun(db, ds, file)).toThrow(NothingScoredError);
    expect(() => evaluateRun(db, ds, file)).toThrow(
      /no prediction could be read: 1 × wrong joint count \(.*keypoints has 12 joints, the dataset's skeleton 17; no known skeleton has 12 joints \(h36m17 17, .*\).*read as COCO keypoint results/,
    );
  });
});

// ------------------------------------------------------------------ MuPoTS-3D: MMPose and arrays
describe('MMPose inferencer predictions and 3D pose arrays on a MuPoTS-3D set', () => {
  let db: IndexDb;
  let ds: DatasetRef;
  let people: Vec3[][] = [];
  const K = MUPOTS_FIXTURE_INTRINSICS;
  // The fixture's images: TS1/img_000000 (people 0, 1), TS1/img_000001 (2), TS2/img_000000 (3).
  const files = ['TS1/img_000000', 'TS1/img_000000', 'TS1/img_000001', 'TS2/img_000000'];
  const imageIds = [1, 1, 2, 3];
  beforeAll(async () => {
    people = (await writeMupotsFixture(join(tmp, 'mupots'))).people;
    ({ db, ds } = indexed(join(tmp, 'mupots'), 'mupots'));
  });
  afterAll(() => db.close());

  /** One person as MMPose's split_instances writes them: K×2, scores, [[x1, y1, x2, y2]]. */
  const instance = (i: number, bboxScore = 0.9) => {
    const kp = people[i]!.map((p) => cameraToPixel(p, K));
    const xs = kp.map((p) => p[0]);
    const ys = kp.map((p) => p[1]);
    return {
      keypoints: kp,
      keypoint_scores: kp.map((_, j) => (j === 0 ? 0.1 : 0.8)),
      bbox: [[Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]],
      bbox_score: bboxScore,
    };
  };

  it("reads a pred_out_dir folder, matching each file's name to the image files", () => {
    const dir = join(tmp, 'mmpose-out');
    write('mmpose-out/TS1/img_000000.json', JSON.stringify([instance(0), instance(1)]));
    write('mmpose-out/TS1/img_000001.json', JSON.stringify([instance(2)]));
    write('mmpose-out/TS2/img_000000.json', JSON.stringify([instance(3)]));
    const r = evaluateRun(db, ds, dir);
    expect(r.run).toBe('mmpose-out');
    expect(r.read).toMatchObject({ format: 'mmpose', records: 4, paired: 4, unpaired: 0 });
    expect(r.metrics).toMatchObject({ matched: 4, MPJPE: null });
    // MMPose CocoMetric's score: bbox_score × mean of the keypoint scores above 0.2.
    const scores = db
      .prepare(
        `SELECT p.score FROM predictions p JOIN runs r ON r.id = p.run_id WHERE r.name = 'mmpose-out'`,
      )
      .pluck()
      .all();
    expect(scores).toEqual(
      [0.9 * 0.8, 0.9 * 0.8, 0.9 * 0.8, 0.9 * 0.8].map((v) => expect.closeTo(v, 12) as number),
    );
  });

  it('reports a file name two images share (flat folder) and matches the unique ones', () => {
    const dir = join(tmp, 'mmpose-flat');
    write('mmpose-flat/img_000000.json', JSON.stringify([instance(3)]));
    write('mmpose-flat/img_000001.json', JSON.stringify([instance(2)]));
    write('mmpose-flat/notes.json', JSON.stringify({ images: 3 }));
    const r = evaluateRun(db, ds, dir);
    expect(r.read).toMatchObject({ records: 2, paired: 1 });
    const kinds = Object.fromEntries(r.issues.map((i) => [i.kind, i.examples[0]]));
    expect(kinds['ambiguous image name']).toMatch(
      /img_000000 fits 2 images \(MultiPersonTestSet\/TS1\/img_000000\.jpg, MultiPersonTestSet\/TS2\/img_000000\.jpg\)/,
    );
    expect(kinds['not a prediction file']).toMatch(/notes\.json: not an MMPose prediction file/);
  });

  it("reads one per-image file, a demo script's {meta_info, instance_info}, and refuses video", () => {
    const single = evaluateRun(
      db,
      ds,
      write('single/img_000001.json', JSON.stringify([instance(2)])),
    );
    expect(single.read).toMatchObject({ format: 'mmpose', records: 1, paired: 1 });
    const demo = evaluateRun(
      db,
      ds,
      write(
        'demo/results_img_000001.json',
        JSON.stringify({ meta_info: { dataset_name: 'coco' }, instance_info: [instance(2)] }),
      ),
    );
    expect(demo.read).toMatchObject({ format: 'mmpose', paired: 1 });
    const video = write(
      'video/clip.json',
      JSON.stringify([{ frame_id: 0, instances: [instance(2)] }]),
    );
    expect(() => evaluateRun(db, ds, video)).toThrow(
      /clip\.json: MMPose video predictions \(frame_id per frame\) name no image/,
    );
  });

  /** The people's poses in H36M-17 order (the joint of each H36M anatomy; Nose, which MuPoTS lacks, 0). */
  const inH36mOrder = (pose: readonly Vec3[]) =>
    H36M_17.joints.map((j) => {
      const k = MUPOTS_17.joints.findIndex((m) => m.key === j.key);
      return k < 0 ? ([0, 0, 0] as const) : pose[k]!;
    });

  it('reads an .npz in metres with imgname, finds the unit and scales it', () => {
    const poses = people.flatMap((p) => p.flatMap(([x, y, z]) => [x / 1000, y / 1000, z / 1000]));
    const file = write(
      'arrays/metres.npz',
      npz({
        poses_3d: npyNumbers(poses, [4, 17, 3]),
        imgname: npyStrings(files.map((f) => `MultiPersonTestSet/${f}.jpg`)),
      }),
    );
    const r = evaluateRun(db, ds, file);
    expect(r.run).toBe('metres');
    expect(r.read).toMatchObject({ format: 'arrays', records: 4, paired: 4 });
    expect(r.read?.units).toMatch(
      /^the poses are in metres \(median bone length .* mm labelled\): scaled ×1000/,
    );
    expect(r.metrics).toMatchObject({ matched: 4, MPJPE: expect.closeTo(0, 9) as number });
    expect((r.metrics as { MRPE: number }).MRPE).toBeCloseTo(0, 9);
  });

  it('reads root-relative poses with root_cam in a compressed .npz, in mm', () => {
    const root = MUPOTS_17.root[0]!;
    const rel = people.flatMap((p) =>
      p.flatMap(([x, y, z]) => [x - p[root]![0], y - p[root]![1], z - p[root]![2]]),
    );
    const file = write(
      'arrays/relative.npz',
      npz(
        {
          preds: npyNumbers(rel, [4, 17, 3], '<f4'),
          image_ids: npyNumbers(imageIds, [4], '<i8'),
          root_cam: npyNumbers(
            people.flatMap((p) => [...p[root]!]),
            [4, 3],
          ),
        },
        true,
      ),
    );
    const r = evaluateRun(db, ds, file);
    expect(r.read).toMatchObject({
      records: 4,
      paired: 4,
      units: expect.stringMatching(/agree/) as string,
    });
    // float32 rounding only.
    expect((r.metrics as { MPJPE: number }).MPJPE).toBeLessThan(0.01);
    expect((r.metrics as { MRPE: number }).MRPE).toBeLessThan(0.01);
  });

  it('maps an .npy of H36M-ordered joints by --pred-skeleton, image ids in a sibling file', () => {
    const poses = people.flatMap((p) => inH36mOrder(p).flatMap((v) => [...v]));
    const file = write('arrays/h36m/preds.npy', npyNumbers(poses, [4, 17, 3]));
    write('arrays/h36m/preds_image_ids.npy', npyNumbers(imageIds, [4], '<i4'));
    // Unnamed, 17 joints are taken in the dataset's order: in the wrong order nobody pairs.
    expect(() => evaluateRun(db, ds, file, { name: 'as-is' })).toThrow(
      /preds\.npy: no prediction was paired/,
    );
    const mapped = evaluateRun(db, ds, file, { name: 'mapped', predSkeleton: 'h36m17' });
    expect(mapped.read?.joints).toMatch(
      /^h36m17 → mupots17 by anatomy: 16 joints direct, 1 missing \(Head\)/,
    );
    expect(mapped.read).toMatchObject({ records: 4, paired: 4 });
    expect((mapped.metrics as { MPJPE: number }).MPJPE).toBeCloseTo(0, 9);
  });

  it('reads ids beside an .npy from a text list, and a Fortran-order array', () => {
    // numpy's Fortran order: the first index varies fastest.
    const fortran: number[] = [];
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < 17; j++) for (let i = 0; i < 4; i++) fortran.push(people[i]![j]![k]!);
    const file = write('arrays/fortran/poses.npy', npyNumbers(fortran, [4, 17, 3], '<f8', true));
    write('arrays/fortran/imgname.txt', files.map((f) => `${f}.jpg`).join('\n'));
    const r = evaluateRun(db, ds, file);
    expect(r.read).toMatchObject({ records: 4, paired: 4 });
    expect((r.metrics as { MPJPE: number }).MPJPE).toBeCloseTo(0, 9);
  });

  it('refuses arrays it cannot place, saying what it found and what it needs', () => {
    const poses = npyNumbers(new Array(4 * 17 * 3).fill(1), [4, 17, 3]);
    expect(() => evaluateRun(db, ds, write('arrays/bad/noids.npz', npz({ pred: poses })))).toThrow(
      /noids\.npz: no image ids beside the poses: an array named image_ids, .*imgname.* \(found pred 4×17×3\)/,
    );
    expect(() =>
      evaluateRun(
        db,
        ds,
        write('arrays/bad/objects.npz', npz({ pred: poses, imgname: npyObjects(4) })),
      ),
    ).toThrow(/objects\.npz:imgname: an object array .*\.astype\(str\)/);
    expect(() =>
      evaluateRun(
        db,
        ds,
        write(
          'arrays/bad/short.npz',
          npz({ pred: poses, image_ids: npyNumbers([1, 2], [2], '<i8') }),
        ),
      ),
    ).toThrow(/short\.npz: 4 poses but 2 image ids/);
  });

  it('gives root-relative joints without a root no root (MRPE and absolute PCK not scored)', () => {
    const p = people[0]!;
    const r = MUPOTS_17.root[0]!;
    const rel = p.flatMap(([x, y, z]) => [x - p[r]![0], y - p[r]![1], z - p[r]![2]]);
    const record = { imageSourceId: '1', index: 0, jointsCam: Float64Array.from(rel) };
    expect(predictedPerson(record, MUPOTS_17.root).root).toBeUndefined();
    const absolute = { ...record, jointsCam: Float64Array.from(p.flat()) };
    expect(predictedPerson(absolute, MUPOTS_17.root).root).toEqual(p[r]);
  });
});
