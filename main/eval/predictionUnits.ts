import type { Skeleton } from '../../core';
import type { PredictionRecord } from '../datasets/predictionFile';
import type { DatasetRef } from '../store/datasets/datasets';
import type { IndexDb } from '../store/db/openIndex';
import { groundTruthImages, toPose3 } from '../store/labels/groundTruth';
import { UnitCheck } from './unitCheck';

/** Labelled people compared: the unit check's own sample size. */
const SAMPLE = 5000;

const fmt = (v: number) => (v >= 10 ? v.toFixed(1) : v.toPrecision(3));

/** What reading a file's poses in millimetres takes: a record's scaling (none: as given) and why. */
export interface MillimetreUnits {
  readonly scale: ((r: PredictionRecord) => PredictionRecord) | null;
  readonly note: string | null;
}

const toMillimetres = (r: PredictionRecord): PredictionRecord => ({
  ...r,
  ...(r.jointsCam ? { jointsCam: r.jointsCam.map((v) => v * 1000) } : {}),
  ...(r.rootCam ? { rootCam: r.rootCam.map((v) => v * 1000) as [number, number, number] } : {}),
});

/**
 * 3D poses from a file that does not state its unit (pose arrays: mm or m), in millimetres: the
 * unit check compares their median bone length with the labels', and poses it finds in metres
 * (a factor of 1/1000) are scaled ×1000, roots included, and the note says so. Any other
 * mismatch is left as it is, for the run's unit note to name. Records are sampled as the file
 * streams (`add`, the first few thousand poses); `units` decides once it has been read.
 */
export class MillimetreCheck {
  private readonly check: UnitCheck;
  private predicted = 0;

  constructor(skeleton: Skeleton) {
    this.check = new UnitCheck(skeleton);
  }

  add(r: PredictionRecord): void {
    if (r.jointsCam && this.predicted++ < SAMPLE) this.check.predicted(toPose3(r.jointsCam));
  }

  units(db: IndexDb, dataset: DatasetRef): MillimetreUnits {
    const none = { scale: null, note: null };
    if (this.predicted === 0) return none;
    let labelled = 0;
    images: for (const im of groundTruthImages(db, dataset.id, dataset.format))
      for (const g of im.people) {
        if (!g.valid || g.iscrowd || !g.cam) continue;
        this.check.labelled(g.cam);
        if (++labelled >= SAMPLE) break images;
      }
    const m = this.check.mismatch();
    if (m?.factor !== 1e-3) return none;
    return {
      scale: toMillimetres,
      note: `the poses are in metres (median bone length ${fmt(m.pred)} vs ${fmt(m.gt)} mm labelled): scaled ×1000 to millimetres`,
    };
  }
}
