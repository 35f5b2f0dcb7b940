import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildJointMapping, getSkeleton, H36M_17 } from '../../core';
import { loadCard } from '../../main/inference/modelCard';
import { openIndex } from '../../main/store/db/openIndex';
import { getArtifacts } from '../../main/store/runs/artifactQueries';
import { sharedSample } from '../helpers/sharedData';
import { explainSkip } from '../helpers/skip';
import { runCli } from './runCli';

/**
 * `--pipeline photo-3d` on real pictures: BlazePose 2D feeds the keypoint models, so a folder
 * of photos gets every panel the inspector shows — 2D with heatmaps, a ranking matrix, root-depth
 * bins and absolute 3D — for every person, including the joints BlazePose has no landmark for
 * (Human3.6M's head top), which reach the keypoint models as not labelled. And a 2D set's
 * unlabelled joints (COCO visibility 0) no longer spoil the 3D of the person they belong to.
 */
const root = resolve(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'posescope-photo3d-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Prediction {
  root_cam?: number[];
  joints_cam?: (number | null)[][];
  joints_img?: (number | null)[][];
}

function infer(dataset: string, pipeline: string, db: string, ...extra: string[]) {
  const r = runCli(['infer', dataset, '--pipeline', pipeline, '--json', '--db', db, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as {
    targets: { total: number; computed: number; failed: number };
    matched: number;
    instances: number;
    MPJPE: number | null;
    MRPE: number | null;
  };
}

/** Per person of the run: their stored predictions and the artifact kinds stored for them. */
function stored(dbFile: string) {
  const db = openIndex(dbFile, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT r.target, r.predictions,
           (SELECT group_concat(kind) FROM (SELECT DISTINCT a.kind FROM artifacts a
              WHERE a.run_id = r.run_id
                AND ('p' || a.instance_id = r.target OR 'i' || a.image_id = r.target)
              ORDER BY a.kind)) AS kinds
         FROM inference_results r ORDER BY r.target`,
      )
      .all() as { target: string; predictions: string; kinds: string | null }[];
    return rows.map((r) => ({
      target: r.target,
      predictions: JSON.parse(r.predictions) as Prediction[],
      kinds: (r.kinds ?? '').split(','),
    }));
  } finally {
    db.close();
  }
}

const finite = (v: (number | null)[]) =>
  v.every((x) => typeof x === 'number' && Number.isFinite(x));

/**
 * Every joint Human3.6M-17 has comes out — those the 2D lacked included (BlazePose's missing
 * head top, COCO's unlabelled joints) — and NaN only where the dataset's skeleton has a joint
 * Human3.6M lacks (MuPoTS's head centre, COCO's eyes and ears).
 */
function expectLifted(joints: (number | null)[][] | undefined, skeleton: string, who: string) {
  const absent = buildJointMapping(H36M_17, getSkeleton(skeleton)).entries.map(
    (e) => e.kind === 'missing',
  );
  expect(
    (joints ?? []).map((j) => !finite(j)),
    `${who} 3D`,
  ).toEqual(absent);
}

describe('posescope infer --pipeline photo-3d', () => {
  const datasets: {
    name: string;
    skeleton: string;
    where: { dir: string } | { skip: string };
  }[] = [
    {
      name: 'bundled sample',
      skeleton: 'mupots17',
      where: { dir: join(root, 'assets', 'sample') },
    },
    { name: 'Human3.6M sample', skeleton: 'h36m17', where: sharedSample('h36m-sample') },
  ];
  for (const { name, skeleton, where } of datasets) {
    if ('skip' in where) {
      explainSkip(where.skip);
      continue;
    }
    const ds = { name, dir: where.dir };
    it(`fills 2D, heatmaps, ranking, root-depth bins and absolute 3D for every person of the ${ds.name}`, () => {
      const db = join(tmp, `${ds.name.replace(/\W+/g, '-')}.sqlite`);
      const run = infer(ds.dir, 'photo-3d', db, '--boxes', 'gt');
      expect(run.targets.failed).toBe(0);
      expect(run.targets.computed).toBe(run.targets.total);
      expect(run.matched).toBe(run.instances);
      // Lifting BlazePose's 2D: worse than a mean pose (~200 mm) would mean nothing was lifted.
      expect(run.MPJPE).toBeLessThan(200);
      const people = stored(db);
      expect(people.length).toBe(run.targets.total);
      for (const p of people) {
        expect(p.kinds, p.target).toEqual(['depth_bins', 'heatmaps', 'ranking']);
        expect(p.predictions).toHaveLength(1);
        const [pred] = p.predictions;
        expect(finite(pred!.root_cam ?? [NaN]), `${p.target} root`).toBe(true);
        expectLifted(pred!.joints_cam, skeleton, p.target);
      }
      // The depth-bins panel draws the bins the card defines, not HDNet's default range.
      const { card } = loadCard(join(root, 'models', 'kp-rootbins-h36m17.json'));
      const index = openIndex(db, { readonly: true });
      try {
        const a = getArtifacts(index, 1, Number(people[0]!.target.slice(1)));
        if (card.family !== 'depthbins') throw new Error('kp-rootbins is not a depthbins card');
        const { alpha, beta, bins } = card.params;
        expect(a.pipeline.find((c) => c.family === 'depthbins')?.depthBins).toEqual({
          alpha,
          beta,
          bins,
        });
      } finally {
        index.close();
      }
    });
  }

  const coco = sharedSample('coco-sample');
  if ('skip' in coco) explainSkip(coco.skip);
  else {
    it('turns a bare folder of photos into people with 2D, ranking, root-depth bins and 3D', () => {
      const photos = join(tmp, 'photos');
      mkdirSync(photos);
      const jpgs = readdirSync(coco.dir).filter((f) => f.endsWith('.jpg'));
      for (const f of jpgs) copyFileSync(join(coco.dir, f), join(photos, f));
      const db = join(tmp, 'photos.sqlite');
      const run = infer(photos, 'photo-3d', db);
      expect(run.targets).toMatchObject({ total: jpgs.length, failed: 0 });
      const people = stored(db).flatMap((p) => p.predictions.map((pred) => ({ ...p, pred })));
      // BlazePose's detector finds the prominent person of each photo.
      expect(people.length).toBeGreaterThanOrEqual(jpgs.length);
      for (const p of people) {
        expect(p.kinds, p.target).toEqual(['depth_bins', 'heatmaps', 'ranking']);
        expect(finite(p.pred.root_cam ?? [NaN]), p.target).toBe(true);
        expect(p.pred.root_cam![2]).toBeGreaterThan(0);
        // A bare folder is indexed as COCO-17.
        expectLifted(p.pred.joints_cam, 'coco17', p.target);
      }
    });
    it('lifts COCO people with unlabelled joints (visibility 0) to finite 3D, not NaN', () => {
      const db = join(tmp, 'coco.sqlite');
      const run = infer(coco.dir, 'keypoints-3d-lifter', db);
      expect(run.targets.failed).toBe(0);
      const people = stored(db);
      const lifted = people.filter((p) => finite(p.predictions[0]?.root_cam ?? [NaN]));
      // COCO people with too few labelled joints for a 3D pose may stay empty; most must not.
      expect(lifted.length).toBeGreaterThan(people.length * 0.8);
      for (const p of lifted) expectLifted(p.predictions[0]!.joints_cam, 'coco17', p.target);
    });
  }
});
