import { datasetKind } from '../../contract';
import {
  getSkeleton,
  mupotsJoints,
  OksApTally,
  oksSigmasOf,
  pck3d,
  poseRoot,
  type MupotsJoints,
  type Skeleton,
} from '../../core';
import { poseBlob } from '../store/db/blobs';
import { jointErrorBlob } from './pckTally';
import type { DatasetRef } from '../store/datasets/datasets';
import type { ScoredPrediction, Value } from '../store/runs/scoredRows';
import type { GtImage } from '../store/labels/groundTruth';
import type { TakePlaces } from '../store/takes/tracks';
import { oksGroundTruth, pairPeople2d, pairPeople3d, predictedPerson } from './pairPeople';
import { personMetrics2d, personMetrics3d, pckPercent } from './personMetrics';
import type { PredictionRecord } from '../datasets/predictionFile';
import { SetMetrics2d, type Summary2d } from './setMetrics2d';
import { SetMetrics3d, type Summary3d } from './setMetrics';
import { TemporalTally, type TemporalFigures } from './temporalTally';
import { UnitCheck } from './unitCheck';

const finiteOrNull = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
/** One person's 3DPCK (%, 150 mm), null when no joint could be scored. */
const pckOrNull = (errors: readonly number[] | undefined) =>
  errors ? finiteOrNull(pck3d(errors)) : null;

/** A 3D set's figures with its temporal ones (null, and no takes, when not given the takes). */
export type Summary3dRun = Summary3d & TemporalFigures;

/**
 * Scores a run image by image: pairs each image's predictions with its people, adds them to the
 * set's figures, and gives back the rows to store (predictions, and per matched person their
 * metrics). The set's figures come from `summary` once every image has been seen; given the
 * dataset's takes, they include the temporal figures of the people followed across frames.
 */
export class RunScorer {
  private readonly skeleton: Skeleton;
  private readonly is3d: boolean;
  /** Human3.6M, MPI-INF-3DHP: one subject per frame, paired with the frame's prediction however far off. */
  private readonly oneSubject: boolean;
  private readonly metrics3d: SetMetrics3d;
  private readonly metrics2d: SetMetrics2d;
  private readonly mupots: MupotsJoints | undefined;
  private readonly oksAp: OksApTally;
  /** OKS constants of the dataset's skeleton (its layout's, or the documented default). */
  private readonly sigmas: readonly number[];
  /** Says so when the skeleton's layout publishes no OKS constants. */
  private readonly sigmaNote: string | null;
  private readonly units: UnitCheck;
  private readonly temporal: TemporalTally | undefined;

  constructor(
    dataset: DatasetRef,
    private readonly runId: number,
    takes?: TakePlaces,
  ) {
    this.skeleton = getSkeleton(dataset.skeleton);
    const sigmas = oksSigmasOf(this.skeleton);
    this.sigmas = sigmas.values;
    this.sigmaNote = sigmas.note;
    this.oksAp = new OksApTally(this.sigmas);
    // CMU Panoptic and 3DPW frames hold several people: paired as MuPoTS-3D pairs them.
    this.is3d = datasetKind(dataset.format) === '3d';
    this.oneSubject = dataset.format === 'h36m' || dataset.format === 'mpi3dhp';
    this.metrics3d = new SetMetrics3d(this.skeleton);
    this.metrics2d = new SetMetrics2d(this.skeleton);
    const m = mupotsJoints(this.skeleton);
    this.mupots = 'missing' in m ? undefined : m;
    this.units = new UnitCheck(this.skeleton);
    this.temporal = this.is3d && takes ? new TemporalTally(takes, this.skeleton.root) : undefined;
  }

  image(im: GtImage, records: readonly PredictionRecord[]): ScoredPrediction[] {
    const { skeleton, is3d, sigmas, runId } = this;
    const preds = records.map((r) => predictedPerson(r, skeleton.root));
    const match = is3d
      ? pairPeople3d(preds, im.people, skeleton, im.intrinsics, this.oneSubject)
      : pairPeople2d(preds, im.people, sigmas);
    const counted = im.people.filter((g) => g.valid && !g.iscrowd);
    for (const p of preds) if (p.cam) this.units.predicted(p.cam);
    for (const g of counted) if (g.cam) this.units.labelled(g.cam);
    if (is3d) {
      this.metrics3d.addImage(
        preds.filter((p) => p.root).map((p) => ({ root: p.root!, score: p.score })),
        counted.filter((g) => g.cam).map((g) => poseRoot(g.cam!, skeleton.root)),
        counted.length,
      );
    } else {
      // People cocoapi ignores (no labelled keypoint) are neither found nor missed.
      this.metrics2d.instances += counted.filter((g) => g.vis?.some((v) => v > 0)).length;
      this.oksAp.addImage({
        dets: preds.filter((p) => p.img).map((p) => ({ score: p.score, joints: p.img! })),
        gts: im.people.filter((g) => g.img).map(oksGroundTruth),
      });
    }
    const results = new Map<number, ReturnType<typeof personMetrics3d>>();
    const rows = preds.map((p, i): ScoredPrediction => {
      const r = p.record;
      const gt = match[i]! >= 0 ? im.people[match[i]!] : undefined;
      const prediction: Value[] = [
        runId,
        im.imageId,
        gt?.instanceId ?? null,
        r.annId ?? null,
        r.score ?? null,
        r.bbox?.[0] ?? null,
        r.bbox?.[1] ?? null,
        r.bbox?.[2] ?? null,
        r.bbox?.[3] ?? null,
        // Float32 where every value is one (a model's outputs are, whatever digits the file
        // printed them with), float64 otherwise: read back to the last bit either way.
        r.rootCam ? poseBlob(Float64Array.from(r.rootCam), 3) : null,
        poseBlob(r.jointsCam, 3),
        poseBlob(r.jointsImg, 2),
        poseBlob(r.jointScores, 1),
      ];
      if (!gt || !gt.valid || gt.iscrowd) return { prediction, metric: null };
      const whose = [runId, gt.instanceId, im.group];
      if (is3d) {
        const m = personMetrics3d(p, gt, skeleton, im.group, this.mupots);
        results.set(gt.instanceId, m);
        this.metrics3d.addPerson(m);
        if (p.cam && gt.cam) this.temporal?.add(im.imageId, gt.instanceId, p.cam, gt.cam);
        return {
          prediction,
          metric: [
            ...whose,
            finiteOrNull(m.mpjpe),
            finiteOrNull(m.paMpjpe),
            finiteOrNull(m.root?.total),
            finiteOrNull(m.root?.x),
            finiteOrNull(m.root?.y),
            finiteOrNull(m.root?.z),
            pckOrNull(m.relErrors),
            pckOrNull(m.absErrors),
            null,
            null,
            finiteOrNull(m.rankingAcc),
            finiteOrNull(m.rootZ?.gt),
            finiteOrNull(m.rootZ?.pred),
            m.relErrors ? jointErrorBlob(m.relErrors) : null,
          ],
        };
      }
      const m = personMetrics2d(p, gt, sigmas);
      this.metrics2d.addPerson(im.group, m);
      return {
        prediction,
        metric: [
          ...whose,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          finiteOrNull(m?.oks),
          m ? pckPercent(m.pck) : null,
          null,
          null,
          null,
          null,
        ],
      };
    });
    if (!is3d) {
      // evalMPII scores every labelled person: one no prediction was paired with misses every
      // labelled joint (its distance is NaN, never ≤ the threshold) instead of dropping out.
      const paired = new Set(match.filter((k) => k >= 0));
      im.people.forEach((g, k) => {
        const labelled = g.vis?.some((v) => v > 0) ?? false;
        if (!paired.has(k) && g.valid && !g.iscrowd && g.headSize !== undefined && labelled)
          this.metrics2d.addMissedHead(Array.from(g.vis!, (v) => (v > 0 ? false : null)));
      });
    }
    if (is3d && this.mupots) {
      const evaluated = this.mupots.evaluated;
      for (const g of counted) {
        if (!g.cam) continue;
        const labelled = evaluated.filter((j) => g.cam![j]!.every(Number.isFinite)).length;
        this.metrics3d.addCounted(im.group, results.get(g.instanceId), labelled);
      }
    }
    this.temporal?.frameScored(im.imageId);
    return rows;
  }

  summary(): (Summary3dRun | Summary2d) & { units: string | null } {
    const none: TemporalFigures = { MPJVE: null, accel_error: null, per_take: [] };
    const figures = this.is3d
      ? { ...this.metrics3d.summary(), ...(this.temporal?.summary() ?? none) }
      : this.metrics2d.summary(this.oksAp.stats(), this.sigmaNote);
    return { ...figures, units: this.units.note() };
  }
}
