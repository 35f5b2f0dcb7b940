import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headSizeOfBox, type Pose2D, type Vec3 } from '../../core';
import type { ProtocolResult } from '../../contract';
import type { GtImage, GtPerson } from '../../main/store/labels/groundTruth';
import type { PredictionRecord } from '../../main/datasets/predictionFile';
import { RunScorer } from '../../main/eval/runScorer';
import { evaluateRun, type DatasetRef } from '../../main/eval/evaluateRun';
import { indexDataset } from '../../main/indexer/indexDataset';
import { openIndex } from '../../main/store/db/openIndex';
import { sharedSample } from '../helpers/sharedData';
import { explainSkip } from '../helpers/skip';

/**
 * PoseScope's protocol figures against an independent numpy implementation of the official
 * scripts (reference_eval.py, see README.md here), on cases that hit the edges: an error of
 * exactly 150 mm, a mirrored person, missed people, junk detections with high scores, a crowd
 * region, an unlabelled person, two people whose predictions came from each other's side.
 */

type Num = number | null;
interface Case3d {
  name: string;
  format: 'mupots';
  skeleton: string;
  frames: {
    group: string;
    people: { cam: number[][]; img: number[][]; valid: boolean }[];
    preds: { joints_cam: number[][]; joints_img: number[][]; score: number }[];
  }[];
  expected: {
    'h36m-p1': { figures: [number, number]; rows: Record<string, Num[]> };
    'h36m-p2': { figures: [number, number]; rows: Record<string, Num[]> };
    mupots: { figures: Record<string, Num>; rows: Record<string, Num[]> };
    '3dhp': { figures: Record<string, Num>; tables: Record<string, Num[]>[] };
    default: Record<string, Num>;
  };
}
interface Case2d {
  name: string;
  format: 'coco';
  skeleton: string;
  images: {
    gts: {
      id: string;
      keypoints: number[];
      area: number;
      bbox: [number, number, number, number];
      iscrowd: number;
      head_box?: [number, number, number, number];
    }[];
    dts: { keypoints: number[]; score: number; ann_id?: string }[];
  }[];
  expected: {
    coco: Record<string, Num>;
    pckh: { rows: Record<string, Num[]>; PCKh: number; people: number } | null;
    default: Record<string, Num>;
  };
}

/** A COCO keypoint results file for a shared sample, with what cocoapi gives it. */
interface CaseResults {
  name: string;
  format: 'coco-results';
  sample: string;
  results: unknown[];
  expected: { coco: Record<string, Num> };
}

const fixtures = JSON.parse(readFileSync(new URL('./fixtures.json', import.meta.url), 'utf8')) as {
  cases: (Case3d | Case2d | CaseResults)[];
};

const TOL = 1e-9;
const close = (actual: Num | undefined, expected: Num, what: string) => {
  if (expected === null) return expect(actual ?? null, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
    TOL,
  );
};

const flat = (rows: number[][]) => Float64Array.from(rows.flat());
const triples = (kp: number[]) => Array.from({ length: kp.length / 3 }, (_, j) => j);

function score3d(c: Case3d) {
  const scorer = new RunScorer({ id: 1, format: c.format, skeleton: c.skeleton }, 1);
  let nextId = 1;
  c.frames.forEach((f, i) => {
    const people: GtPerson[] = f.people.map((p) => ({
      instanceId: nextId,
      sourceId: String(nextId++),
      cam: p.cam.map((v) => [v[0]!, v[1]!, v[2]!] as Vec3),
      img: p.img.map((v) => [v[0]!, v[1]!] as const) as Pose2D,
      valid: p.valid,
      iscrowd: false,
      area: 0,
    }));
    const im: GtImage = {
      imageId: i + 1,
      sourceId: String(i + 1),
      group: f.group,
      file: `${i}.jpg`,
      width: 2048,
      height: 2048,
      intrinsics: { f: [1500, 1500], c: [1024, 1024] },
      people,
    };
    const records: PredictionRecord[] = f.preds.map((q, k) => ({
      imageSourceId: im.sourceId,
      index: k,
      score: q.score,
      jointsCam: flat(q.joints_cam),
      jointsImg: flat(q.joints_img),
    }));
    scorer.image(im, records);
  });
  return scorer.summary();
}

function score2d(c: Case2d) {
  const scorer = new RunScorer({ id: 1, format: c.format, skeleton: c.skeleton }, 1);
  c.images.forEach((im, i) => {
    const people: GtPerson[] = im.gts.map((g, k) => ({
      instanceId: i * 100 + k + 1,
      sourceId: g.id,
      img: triples(g.keypoints).map((j) => [g.keypoints[3 * j]!, g.keypoints[3 * j + 1]!]),
      vis: Uint8Array.from(triples(g.keypoints).map((j) => g.keypoints[3 * j + 2]!)),
      bbox: g.bbox,
      valid: true,
      iscrowd: g.iscrowd === 1,
      area: g.area,
      ...(g.head_box ? { headSize: headSizeOfBox(...g.head_box) } : {}),
    }));
    const records: PredictionRecord[] = im.dts.map((d, k) => ({
      imageSourceId: String(i + 1),
      index: k,
      score: d.score,
      ...(d.ann_id === undefined ? {} : { annId: d.ann_id }),
      jointsImg: Float64Array.from(
        triples(d.keypoints).flatMap((j) => [d.keypoints[3 * j]!, d.keypoints[3 * j + 1]!]),
      ),
    }));
    scorer.image(
      {
        imageId: i + 1,
        sourceId: String(i + 1),
        group: '(none)',
        file: `${i}.jpg`,
        width: 1000,
        height: 800,
        people,
      },
      records,
    );
  });
  return scorer.summary();
}

const protocol = (s: { protocols: ProtocolResult[] }, id: ProtocolResult['id']) => {
  const p = s.protocols.find((x) => x.id === id);
  if (!p) throw new Error(`no ${id} in the summary`);
  return p;
};
const fig = (p: ProtocolResult, key: string) => p.figures.find((f) => f.key === key)?.value;
const rowsOf = (t: ProtocolResult['tables'][number]) =>
  Object.fromEntries(t.rows.map((r) => [r.label, r.values]));

function sameRows(actual: Record<string, Num[]>, expected: Record<string, Num[]>, what: string) {
  expect(Object.keys(actual).sort(), what).toEqual(Object.keys(expected).sort());
  for (const [label, values] of Object.entries(expected))
    values.forEach((v, k) => close(actual[label]![k], v, `${what} ${label}[${k}]`));
}

describe('protocol figures equal the independent reference (test/reference/reference_eval.py)', () => {
  for (const c of fixtures.cases) {
    if (c.format === 'mupots') {
      describe(c.name, () => {
        const s = score3d(c);
        it('Human3.6M Protocols 1 and 2: pooled, action-averaged, per group', () => {
          for (const [id, key] of [
            ['h36m-p1', 'MPJPE'],
            ['h36m-p2', 'PA_MPJPE'],
          ] as const) {
            const p = protocol(s, id);
            const e = c.expected[id];
            close(fig(p, key), e.figures[0], `${id} ${key}`);
            close(fig(p, `${key}_action_avg`), e.figures[1], `${id} action average`);
            sameRows(rowsOf(p.tables[0]!), e.rows, id);
          }
        });
        it('MuPoTS-3D: all annotated and detected, rel and abs, per sequence and mean', () => {
          const p = protocol(s, 'mupots');
          for (const [k, v] of Object.entries(c.expected.mupots.figures))
            close(fig(p, k), v, `mupots ${k}`);
          sameRows(rowsOf(p.tables[0]!), c.expected.mupots.rows, 'mupots per sequence');
        });
        it('MPI-INF-3DHP: joint groups of the 14- and 17-joint sets, per sequence', () => {
          const p = protocol(s, '3dhp');
          for (const [k, v] of Object.entries(c.expected['3dhp'].figures))
            close(fig(p, k), v, `3dhp ${k}`);
          c.expected['3dhp'].tables.forEach((t, i) =>
            sameRows(rowsOf(p.tables[i]!), t, `3dhp ${p.tables[i]!.title}`),
          );
        });
        it('the default row: each figure the protocol that defines it', () => {
          for (const [k, v] of Object.entries(c.expected.default))
            close((s as unknown as Record<string, Num>)[k], v, `default ${k}`);
        });
      });
    } else if (c.format === 'coco-results') {
      const sample = sharedSample(c.sample);
      describe.skipIf('skip' in sample)(c.name, () => {
        it("COCO keypoint results imported as a file: cocoapi's ten figures", () => {
          if ('skip' in sample) return;
          const tmp = mkdtempSync(join(tmpdir(), 'posescope-reference-'));
          try {
            const dbFile = join(tmp, 'index.sqlite');
            indexDataset({ root: sample.dir, dbFile });
            const db = openIndex(dbFile);
            const ds = db.prepare('SELECT id, format, skeleton FROM datasets').get() as DatasetRef;
            const file = join(tmp, 'keypoints_results.json');
            writeFileSync(file, JSON.stringify(c.results));
            const r = evaluateRun(db, ds, file);
            db.close();
            expect(r.read?.format).toBe('coco-results');
            const p = protocol(r.metrics, 'coco');
            for (const [k, v] of Object.entries(c.expected.coco)) close(fig(p, k), v, `coco ${k}`);
          } finally {
            rmSync(tmp, { recursive: true, force: true });
          }
        });
      });
      explainSkip('skip' in sample ? sample.skip : undefined);
    } else {
      describe(c.name, () => {
        const s = score2d(c);
        it("COCO: cocoapi's ten keypoint figures", () => {
          const p = protocol(s, 'coco');
          for (const [k, v] of Object.entries(c.expected.coco)) close(fig(p, k), v, `coco ${k}`);
        });
        it('MPII PCKh@0.5 per group, pooled', () => {
          const p = protocol(s, 'pckh');
          const e = c.expected.pckh!;
          close(fig(p, 'PCKh'), e.PCKh, 'PCKh');
          close(fig(p, 'PCKh_people'), e.people, 'PCKh people');
          sameRows(rowsOf(p.tables[0]!), e.rows, 'PCKh groups');
        });
        it('per-person figures: ann_id first, then cocoapi pairing at OKS 0.5', () => {
          for (const [k, v] of Object.entries(c.expected.default))
            close((s as unknown as Record<string, Num>)[k], v, `default ${k}`);
        });
      });
    }
  }
});
