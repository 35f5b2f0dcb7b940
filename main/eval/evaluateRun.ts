import { basename } from 'node:path';
import { getSkeleton } from '../../core';
import type { ImportReport } from '../../contract';
import { CountingIssueLog, type IssueSummary } from '../datasets/issueLog';
import type { PredictionRecord } from '../datasets/predictionFile';
import { JointOrder } from '../datasets/predictions/jointOrder';
import { PREDICTION_FORMATS, readPredictionFile } from '../datasets/predictions/readPredictionFile';
import { imageKeys } from '../store/datasets/imageKeys';
import type { IndexDb } from '../store/db/openIndex';
import { replaceImportedRun } from '../store/runs/runScores';
import { predictionPairing } from '../store/runs/runList';
import { NothingScoredError, nothingScored } from './nothingScored';
import { matchImages } from './predictionImages';
import { inMillimetres } from './predictionUnits';
import { scoreRun, type DatasetRef, type RunFigures } from './scoreRun';

export type { DatasetRef } from './scoreRun';

export interface RunResult {
  readonly run: string;
  readonly file: string;
  readonly predictions: number;
  readonly metrics: RunFigures;
  readonly issues: readonly IssueSummary[];
  /** Set for imported files (not for stored inference runs scored again). */
  readonly read?: ImportReport;
}

export type { ImportReport } from '../../contract';

/** A run's default name: the file's (or folder's) without the prediction format's extension. */
const runName = (file: string) => basename(file).replace(/\.(json|npz|npy)$/i, '');

/**
 * Imports a prediction file (any format PoseScope reads, detected from its content; or a folder
 * of MMPose per-image files) as a run of the dataset (replacing a run of the same name) and
 * scores it. `predSkeleton` names the skeleton of the file's joints when it is not the dataset's.
 * One transaction: a file that fails, or from which nothing could be scored (NothingScoredError,
 * saying why), leaves no half run and the run it would replace as it was.
 */
export function evaluateRun(
  db: IndexDb,
  dataset: DatasetRef,
  file: string,
  opts: { name?: string; onBytes?: (n: number) => void; predSkeleton?: string } = {},
): RunResult {
  const skeleton = getSkeleton(dataset.skeleton);
  const order = new JointOrder(
    skeleton,
    opts.predSkeleton ? getSkeleton(opts.predSkeleton) : undefined,
  );
  const issues = new CountingIssueLog();
  const read: PredictionRecord[] = [];
  // Take-keyed files (VideoPose3D arrays, OpenPose frames of a video) pair rows with images.
  const images = imageKeys(db, dataset.id);
  const {
    format,
    records: count,
    notes,
  } = readPredictionFile(file, order, issues, (p) => read.push(p), opts.onBytes, { images });
  const matched = matchImages(images, read, issues, file);
  // Arrays do not state their unit: metres are found by the unit check and scaled.
  const units =
    format === 'arrays'
      ? inMillimetres(db, dataset, skeleton, matched.records)
      : { records: matched.records, note: null };
  const records = units.records;
  const name = opts.name ?? runName(file);
  const { summary, pairing } = db.transaction(() => {
    const runId = replaceImportedRun(db, dataset.id, name, file);
    const figures = scoreRun(db, dataset, runId, records, issues, file);
    const why = nothingScored(file, records, issues.summary(), figures);
    if (why)
      throw new NothingScoredError(
        `${why} [read as ${PREDICTION_FORMATS[format]}: ${count} record${count === 1 ? '' : 's'}]`,
      );
    return { summary: figures, pairing: predictionPairing(db, runId) };
  })();
  return {
    run: name,
    file,
    predictions: count,
    metrics: summary,
    issues: issues.summary(),
    read: {
      format,
      formatName: PREDICTION_FORMATS[format],
      records: count,
      paired: pairing.paired,
      unpaired: pairing.stored - pairing.paired,
      unknownImages: { count: matched.unknown.count, first: [...matched.unknown.first] },
      notes: [...notes],
      joints: order.describe(),
      units:
        units.note ??
        summary.units ??
        (records.some((r) => r.jointsCam) && 'MPJPE' in summary
          ? 'predicted bone lengths agree with the labels (mm)'
          : 'no 3D poses to compare'),
      // Unknown images are counted above; the rest (wrong joint counts, bad values) here.
      problems: issues
        .summary()
        .filter((i) => i.kind !== 'prediction for unknown image')
        .map((i) => ({ kind: i.kind, count: i.count, examples: [...i.examples] })),
    },
  };
}
