import { basename } from 'node:path';
import { getSkeleton } from '../../core';
import type { ImportReport } from '../../contract';
import { CountingIssueLog, type IssueSummary } from '../datasets/issueLog';
import type { PredictionRecord } from '../datasets/predictionFile';
import { JointOrder } from '../datasets/predictions/jointOrder';
import { PREDICTION_FORMATS, readPredictionFile } from '../datasets/predictions/readPredictionFile';
import { imageIdLookup } from '../store/datasets/imageIds';
import { imageKeys, type ImageKey } from '../store/datasets/imageKeys';
import type { IndexDb } from '../store/db/openIndex';
import { replaceImportedRun } from '../store/runs/runScores';
import { predictionPairing } from '../store/runs/runList';
import { NothingScoredError, carriesPose, nothingScored } from './nothingScored';
import { ImageMatcher } from './predictionImages';
import { PredictionStage } from './predictionStage';
import { stageFolderOf } from './storedRun';
import { MillimetreCheck, type MillimetreUnits } from './predictionUnits';
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

export interface EvaluateOptions {
  /** The run's name; the file's without its extension by default. */
  readonly name?: string;
  /** Bytes of the file read so far, for a progress bar. */
  readonly onBytes?: (n: number) => void;
  readonly predSkeleton?: string;
  /** Where to stage the file's predictions while they are scored. */
  readonly stageFolder?: string;
}

/**
 * Imports a prediction file (any format PoseScope reads, detected from its content; or a folder
 * of MMPose per-image files) as a run of the dataset (replacing a run of the same name) and
 * scores it. `predSkeleton` names the skeleton of the file's joints when it is not the dataset's.
 * One transaction: a file that fails, or from which nothing could be scored (NothingScoredError,
 * saying why), leaves no half run and the run it would replace as it was.
 *
 * The file is streamed: each record is matched to its image and staged on disk as it is read
 * (`stageFolder`, by default beside the index), then scored image by image, so memory does not
 * grow with the number of predictions.
 */
export function evaluateRun(
  db: IndexDb,
  dataset: DatasetRef,
  file: string,
  opts: EvaluateOptions = {},
): RunResult {
  const stage = new PredictionStage(opts.stageFolder ?? stageFolderOf(db), file);
  try {
    return evaluateStaged(db, dataset, file, stage, opts);
  } finally {
    stage.close();
  }
}

function evaluateStaged(
  db: IndexDb,
  dataset: DatasetRef,
  file: string,
  stage: PredictionStage,
  opts: EvaluateOptions,
): RunResult {
  const skeleton = getSkeleton(dataset.skeleton);
  const order = new JointOrder(
    skeleton,
    opts.predSkeleton ? getSkeleton(opts.predSkeleton) : undefined,
  );
  const issues = new CountingIssueLog();
  // Every image's id and file, read only for files that need them: take-keyed files (VideoPose3D
  // arrays, OpenPose frames of a video) pair rows with images, names are matched to files.
  let keys: ImageKey[] | undefined;
  const images = () => (keys ??= imageKeys(db, dataset.id));
  // Names are matched as the file streams; their problems are told after the read's own.
  const matchIssues = new CountingIssueLog();
  const matcher = new ImageMatcher(imageIdLookup(db, dataset.id), images, matchIssues, file);
  const sample = new MillimetreCheck(skeleton);
  const kept = { count: 0, carrying: false, jointsCam: false };
  const onRecord = (p: PredictionRecord) => {
    const m = matcher.match(p);
    if (!m) return;
    kept.count++;
    kept.carrying ||= carriesPose(m.record);
    kept.jointsCam ||= m.record.jointsCam !== undefined;
    sample.add(m.record);
    stage.add(m.record, m.imageId);
  };
  // One read transaction for the read's look-ups (an image id per record): each on its own
  // would open and close one, four times the cost of the look-up itself.
  const {
    format,
    records: count,
    notes,
    units,
  } = db.transaction(() => {
    const read = readPredictionFile(file, order, issues, onRecord, opts.onBytes, { images });
    // Arrays do not state their unit: metres are found by the unit check and scaled.
    const units: MillimetreUnits =
      read.format === 'arrays' ? sample.units(db, dataset) : { scale: null, note: null };
    return { ...read, units };
  })();
  issues.absorb(matchIssues);
  stage.finish(units.scale ?? undefined);
  const name = opts.name ?? runName(file);
  const { summary, pairing } = db.transaction(() => {
    const runId = replaceImportedRun(db, dataset.id, name, file);
    const figures = scoreRun(db, dataset, runId, stage, issues, file);
    const why = nothingScored(file, kept, issues.summary(), figures);
    if (why)
      throw new NothingScoredError(
        `${why} [read as ${PREDICTION_FORMATS[format]}: ${count} record${count === 1 ? '' : 's'}]`,
      );
    return { summary: figures, pairing: predictionPairing(db, runId) };
  })();
  const unknown = matcher.unknown;
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
      unknownImages: { count: unknown.count, first: [...unknown.first] },
      notes: [...notes],
      joints: order.describe(),
      units:
        units.note ??
        summary.units ??
        (kept.jointsCam && 'MPJPE' in summary
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
