// Builds the whole sample in memory — images, MuPoTS-3D.json, the baseline prediction run and
// the README — so the generator can write it and the tests can compare it with what is committed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import {
  MUPOTS_17,
  createRng,
  finiteMean,
  mpjpe,
  poseRoot,
  rootError,
  type Vec3,
} from '../../core';
import { renderViews } from './frames';
import { IMAGES_DIR, fileName, mupotsAnnotations, mupotsImages, truePeople } from './labels';
import { LABEL_ERRORS, isAt } from './planted';
import { baselinePredictions, type AppliedPredictionError } from './predictions';
import { prettyJson } from './prettyJson';
import { sampleReadme } from './readme';
import type { AppliedLabelError, ExpectedFigures } from './sampleTypes';
import { CAMERAS, SEED } from './scene';

export const ANNOTATION_FILE = 'MuPoTS-3D.json';
export const PREDICTION_FILE = 'predictions/baseline.json';
/** PoseScope's rig file: TS1 and TS2 are two cameras of one room (main/datasets/adapters/rigFile.ts). */
export const RIG_FILE = 'posescope-rig.json';

/** Both cameras' extrinsics as the rig file states them: X_cam = R·X_world + t, mm. */
function rig() {
  const r6 = (v: number) => Math.round(v * 1e12) / 1e12;
  const cameras = Object.fromEntries(
    CAMERAS.map((c) => [
      c.seq,
      { R: c.ext.R.map((row) => row.map(r6)), t: c.ext.t.map((v) => Math.round(v * 1e6) / 1e6) },
    ]),
  );
  return { format: 'posescope-rig', version: 1, units: 'mm', scenes: { room: cameras } };
}
/** Where `npm run sample` writes, and what the tests compare against. */
export const SAMPLE_DIR = fileURLToPath(new URL('../../assets/sample/', import.meta.url));

/** A planted label mistake with the ids a tester looks it up by. */
export interface Sample {
  /** Relative path → bytes. */
  readonly files: ReadonlyMap<string, Buffer>;
  readonly labelErrors: readonly AppliedLabelError[];
  readonly predictionErrors: readonly AppliedPredictionError[];
  readonly expected: ExpectedFigures;
}

/** Markdown as the repository's Prettier config lays it out (tables aligned), so `format:check` passes. */
async function prettyMarkdown(text: string): Promise<string> {
  // Resolved for the committed folder, whatever folder is being written, so output never differs.
  const config = await prettier.resolveConfig(join(SAMPLE_DIR, 'README.md'));
  return prettier.format(text, { ...config, parser: 'markdown' });
}

export async function buildSample(): Promise<Sample> {
  const views = await renderViews();
  const people = truePeople(views);
  const annotations = mupotsAnnotations(people);
  const predictions = baselinePredictions(people, createRng(SEED).fork('baseline'));

  const labelErrors = LABEL_ERRORS.map((error) => {
    const p = people.find((q) => isAt(error, q.seq, q.frame, q.actor))!;
    return { error, imageId: p.imageId, annId: p.annId };
  });

  const root = MUPOTS_17.root;
  const perPerson = new Map<number, { mpjpe: number; mrpe: number }>();
  predictions.records.forEach((r, i) => {
    const annId = predictions.source.get(i)!;
    const gt = annotations[annId]!.keypoints_cam as readonly Vec3[];
    perPerson.set(annId, {
      mpjpe: mpjpe(r.joints_cam, gt, root),
      mrpe: rootError(r.root_cam, poseRoot(gt, root)).total,
    });
  });
  const expected: ExpectedFigures = {
    instances: annotations.length,
    matched: perPerson.size,
    MPJPE: finiteMean([...perPerson.values()].map((m) => m.mpjpe)),
    MRPE: finiteMean([...perPerson.values()].map((m) => m.mrpe)),
    perPerson,
  };

  const files = new Map<string, Buffer>();
  for (const v of views) files.set(`${IMAGES_DIR}/${fileName(v.camera.seq, v.frame)}`, v.jpeg);
  const dataset = { images: mupotsImages(), annotations, categories: [{ id: 1, name: 'person' }] };
  files.set(ANNOTATION_FILE, Buffer.from(prettyJson(dataset)));
  files.set(PREDICTION_FILE, Buffer.from(prettyJson(predictions.records)));
  files.set(RIG_FILE, Buffer.from(prettyJson(rig())));
  const readme = sampleReadme({
    images: views.length,
    people: people.length,
    labelErrors,
    predictionErrors: predictions.applied,
    expected,
  });
  files.set('README.md', Buffer.from(await prettyMarkdown(readme)));
  return { files, labelErrors, predictionErrors: predictions.applied, expected };
}

/** Replaces the sample in `dir` (its own files only) with a freshly built one. */
export async function writeSample(dir: string): Promise<Sample> {
  const sample = await buildSample();
  for (const owned of [IMAGES_DIR, 'predictions', ANNOTATION_FILE, RIG_FILE, 'README.md'])
    rmSync(join(dir, owned), { recursive: true, force: true });
  for (const [rel, bytes] of sample.files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), bytes);
  }
  return sample;
}
