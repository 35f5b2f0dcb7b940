import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MUPOTS_17, cameraToPixel, dist3, jointIndex, type Vec2, type Vec3 } from '../core';
import { evaluateRun, type DatasetRef } from '../main/eval/evaluateRun';
import { indexDataset } from '../main/indexer/indexDataset';
import { blobF64 } from '../main/store/db/blobs';
import { openIndex, type IndexDb } from '../main/store/db/openIndex';
import {
  ANNOTATION_FILE,
  PREDICTION_FILE,
  SAMPLE_DIR,
  buildSample,
  type Sample,
} from '../scripts/sample/buildSample';
import { FRAMES, minSeparation, peopleAt, type ScenePerson } from '../scripts/sample/scene';

const tmp = mkdtempSync(join(tmpdir(), 'posescope-sample-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ROOT = MUPOTS_17.root[0]!;
const J = (name: string) => jointIndex(MUPOTS_17, name);

interface Annotation {
  id: number;
  image_id: number;
  keypoints_cam: Vec3[];
  keypoints_img: Vec2[];
  keypoints_vis: boolean[];
  bbox: [number, number, number, number];
}
interface Image {
  id: number;
  file_name: string;
  width: number;
  height: number;
  intrinsic: [number, number, number, number];
}
const committed = JSON.parse(readFileSync(join(SAMPLE_DIR, ANNOTATION_FILE), 'utf8')) as {
  images: Image[];
  annotations: Annotation[];
};
const imageOf = new Map(committed.images.map((im) => [im.id, im]));
const intrinsics = (a: Annotation) => {
  const [fx, fy, cx, cy] = imageOf.get(a.image_id)!.intrinsic;
  return { f: [fx, fy] as const, c: [cx, cy] as const };
};

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => relative(dir, join(dir, p)).split('\\').join('/'));
}

let sample: Sample;
beforeAll(async () => {
  sample = await buildSample();
});

describe('the bundled sample dataset (assets/sample)', () => {
  it('is exactly what `npm run sample` generates now, file for file', async () => {
    expect(listFiles(SAMPLE_DIR).sort()).toEqual([...sample.files.keys()].sort());
    for (const [rel, bytes] of sample.files) {
      const onDisk = readFileSync(join(SAMPLE_DIR, rel));
      if (onDisk.equals(bytes)) continue;
      // Only a JPEG may differ, and only by another platform's encoder rounding: same pixels.
      expect(rel, `${rel} differs from the generator's output: run npm run sample`).toMatch(
        /\.jpg$/,
      );
      const [a, b] = await Promise.all([onDisk, bytes].map((x) => sharp(x).raw().toBuffer()));
      const worst = a!.reduce((m, v, i) => Math.max(m, Math.abs(v - b![i]!)), 0);
      expect(worst, `${rel}: pixels differ from the generator's output`).toBeLessThanOrEqual(3);
    }
  });

  it('stays small enough to commit', () => {
    const bytes = listFiles(SAMPLE_DIR).reduce((s, p) => s + statSync(join(SAMPLE_DIR, p)).size, 0);
    expect(bytes).toBeLessThan(10e6);
  });

  it('has about 60 images from two cameras with 1–3 people each, 3–7 m away, inside the frame', () => {
    expect(committed.images).toHaveLength(60);
    expect(new Set(committed.images.map((im) => im.intrinsic.join())).size).toBe(2);
    const perImage = new Map<number, number>();
    for (const a of committed.annotations) {
      perImage.set(a.image_id, (perImage.get(a.image_id) ?? 0) + 1);
      expect(a.keypoints_cam[ROOT]![2]).toBeGreaterThan(3000);
      expect(a.keypoints_cam[ROOT]![2]).toBeLessThan(7000);
      const im = imageOf.get(a.image_id)!;
      for (const [u, v] of a.keypoints_img) {
        expect(u).toBeGreaterThan(0);
        expect(v).toBeGreaterThan(0);
        expect(u).toBeLessThan(im.width);
        expect(v).toBeLessThan(im.height);
      }
    }
    expect(new Set(perImage.values())).toEqual(new Set([1, 2, 3]));
    expect(perImage.size).toBe(60);
  });

  it('keeps everyone on the floor and people well apart, all the way through', () => {
    const points = (b: ScenePerson['body']) => [...b.joints, ...b.hands, ...b.heels, ...b.toes];
    for (let f = 0; f < FRAMES; f++) {
      const people = peopleAt(f);
      for (const p of people)
        for (const q of [...p.body.heels, ...p.body.toes]) expect(q[1]).toBeGreaterThan(-1e-6);
      for (let i = 0; i < people.length; i++)
        for (let j = i + 1; j < people.length; j++)
          for (const a of points(people[i]!.body))
            for (const b of points(people[j]!.body)) expect(dist3(a, b)).toBeGreaterThan(500);
    }
    expect(minSeparation()).toBeGreaterThan(1000);
  });

  it('ground truth reprojects exactly, except the planted 2D label mistakes', () => {
    const moved = new Map(
      sample.labelErrors.flatMap((e) =>
        e.error.kind === 'moved-2d' ? [[`${e.annId}/${J(e.error.joint)}`, e.error.offset]] : [],
      ),
    );
    expect(moved.size).toBe(2);
    for (const a of committed.annotations) {
      const K = intrinsics(a);
      a.keypoints_cam.forEach((p, j) => {
        const projected = cameraToPixel(p, K);
        const offset = moved.get(`${a.id}/${j}`);
        if (!offset) return expect(a.keypoints_img[j]).toEqual(projected);
        const off = a.keypoints_img[j]!.map((v, k) => v - projected[k]!);
        off.forEach((v, k) => expect(v).toBeCloseTo(offset[k]!, 1));
      });
    }
  });
});

describe('indexing and evaluating the sample', () => {
  let db: IndexDb;
  let ds: DatasetRef;
  beforeAll(() => {
    const dbFile = join(tmp, 'sample.sqlite');
    const s = indexDataset({ root: SAMPLE_DIR, dbFile });
    expect(s).toMatchObject({
      format: 'mupots',
      images: 60,
      people: 140,
      cameras: 2,
      flagged: 0,
      missingImages: 0,
      failed: [],
      issues: [],
    });
    db = openIndex(dbFile);
    ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
  });
  afterAll(() => db.close());

  /** The baseline run's per-person rows, by annotation id. */
  const perPerson = () =>
    new Map(
      (
        db
          .prepare(
            `SELECT i.source_id AS ann, m.mpjpe, m.mrpe, m.joint_errors AS errors
             FROM instance_metrics m JOIN runs r ON r.id = m.run_id
             JOIN instances i ON i.id = m.instance_id WHERE r.name = 'baseline'`,
          )
          .all() as { ann: string; mpjpe: number; mrpe: number; errors: Buffer }[]
      ).map((r) => [Number(r.ann), r]),
    );

  it('scores the baseline run as the README says', () => {
    const r = evaluateRun(db, ds, join(SAMPLE_DIR, PREDICTION_FILE));
    expect(r.issues).toEqual([]);
    const m = r.metrics as { MPJPE: number; MRPE: number; matched: number; instances: number };
    expect(m.instances).toBe(sample.expected.instances);
    expect(m.matched).toBe(sample.expected.matched);
    expect(m.MPJPE).toBeCloseTo(sample.expected.MPJPE, 6);
    expect(m.MRPE).toBeCloseTo(sample.expected.MRPE, 6);
    const readme = sample.files.get('README.md')!.toString();
    expect(readme).toContain(`MPJPE ${m.MPJPE.toFixed(1)} mm and MRPE ${m.MRPE.toFixed(1)} mm`);
  });

  it('shows every planted prediction mistake where it was planted', () => {
    const rows = perPerson();
    const byKind = (kind: string) => sample.predictionErrors.filter((e) => e.error.kind === kind);
    const planted = new Set(sample.predictionErrors.map((e) => e.annId));
    const clean = [...rows].filter(([ann]) => !planted.has(ann)).map(([, r]) => r);
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    // Missed people are unmatched: no metrics row.
    for (const e of byKind('missed')) expect(rows.has(e.annId)).toBe(false);
    // A 300 mm root-depth error shows in MRPE (on top of the ~55 mm depth noise).
    expect(byKind('root-depth')).toHaveLength(3);
    for (const e of byKind('root-depth')) {
      expect(rows.get(e.annId)!.mrpe).toBeGreaterThan(200);
      expect(rows.get(e.annId)!.mrpe).toBeLessThan(420);
    }
    expect(median(clean.map((r) => r.mrpe))).toBeLessThan(80);
    // A whole-body left/right swap is several times the noise.
    const cleanMpjpe = median(clean.map((r) => r.mpjpe));
    expect(cleanMpjpe).toBeLessThan(40);
    for (const e of byKind('swapped-sides'))
      expect(rows.get(e.annId)!.mpjpe).toBeGreaterThan(2 * cleanMpjpe);
    // A depth flip moves one joint by its flip distance.
    for (const e of byKind('depth-flip')) {
      const errors = blobF64(rows.get(e.annId)!.errors)!;
      expect(errors[J(e.joint!)]).toBeGreaterThan(0.6 * e.moved!);
    }
  });

  it('lets the 3D label mistakes be found among the worst people of the run', () => {
    const rows = perPerson();
    const worst = [...rows].sort((a, b) => b[1].mpjpe - a[1].mpjpe).map(([ann]) => ann);
    for (const e of sample.labelErrors) {
      const row = rows.get(e.annId)!;
      const errors = blobF64(row.errors)!;
      if (e.error.kind === 'swapped-sides') expect(worst.slice(0, 6)).toContain(e.annId);
      if (e.error.kind === 'wrong-depth') expect(errors[J(e.error.joint)]).toBeGreaterThan(250);
      if (e.error.kind === 'collapsed') expect(errors[J(e.error.joint)]).toBeGreaterThan(150);
    }
  });
});
