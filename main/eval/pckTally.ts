import { AUC_THRESHOLDS_MM, PCK3D_THRESHOLD_MM, pck3dHit } from '../../core';
import { f64Blob, roundedF32Blob } from '../store/db/blobs';

const AT_PCK = AUC_THRESHOLDS_MM.indexOf(PCK3D_THRESHOLD_MM);
if (AT_PCK < 0) throw new Error('the 3DPCK threshold must be one of the AUC thresholds');

/**
 * Where an error starts to count on the AUC curve: the first threshold (ascending) it is a hit
 * at, `AUC_THRESHOLDS_MM.length` if none (NaN, +∞, or at least the last threshold). A hit at
 * one threshold is a hit at every larger one, so this one index says every threshold's answer;
 * found by bisection with `pck3dHit` itself, so the rule (error < threshold) stays in one place.
 */
export function firstHit(error: number): number {
  let lo = 0;
  let hi = AUC_THRESHOLDS_MM.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pck3dHit(error, AUC_THRESHOLDS_MM[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Joint errors counted at every AUC threshold (0, 5, …, 150 mm; error < threshold, as
 * `mpii_compute_3d_pck.m`): 3DPCK@150 is the last point of the curve, AUC its mean. NaN (a joint
 * the ground truth lacks) is not scored; +∞ (one the prediction lacks) is a miss. Each error is
 * counted once, at its `firstHit` (a million people's 17 joints each, at 31 thresholds, was a
 * tenth of scoring a run), and the hits at a threshold are the sum up to it.
 */
export class PckTally {
  /** Errors by their first hit; the last slot holds those that hit nowhere. */
  private readonly starts: number[] = new Array<number>(AUC_THRESHOLDS_MM.length + 1).fill(0);
  total = 0;

  /** Adds the errors (or those at `joints`). */
  add(errors: readonly number[] | undefined, joints?: readonly number[]): void {
    if (!errors) return;
    const n = joints ? joints.length : errors.length;
    for (let i = 0; i < n; i++) this.addOne(errors[joints ? joints[i]! : i]!);
  }

  /** Adds one error (`add([error])` without the array). */
  addOne(error: number): void {
    if (Number.isNaN(error)) return;
    this.total++;
    this.starts[firstHit(error)]!++;
  }

  /** Joints scored as wrong without errors: a missed person's. */
  miss(joints: number): void {
    this.total += joints;
  }

  /** This tally with `extra` wrong joints added, leaving this one as it is. */
  withMisses(extra: number): PckTally {
    const t = new PckTally();
    this.starts.forEach((h, k) => (t.starts[k] = h));
    t.total = this.total + extra;
    return t;
  }

  /** Errors under each AUC threshold. */
  get hits(): number[] {
    let sum = 0;
    return AUC_THRESHOLDS_MM.map((_, k) => (sum += this.starts[k]!));
  }

  /** 3DPCK@150 mm (%), null with nothing scored. */
  get pck(): number | null {
    return this.total === 0 ? null : (100 * this.hits[AT_PCK]!) / this.total;
  }

  /** The curve: 3DPCK (%) at each AUC threshold. */
  get curve(): number[] | null {
    return this.total === 0 ? null : this.hits.map((h) => (100 * h) / this.total);
  }

  /** AUC (%): the curve's mean over its 31 thresholds. */
  get auc(): number | null {
    const c = this.curve;
    return c === null ? null : c.reduce((s, v) => s + v, 0) / c.length;
  }
}

/** A running mean of finite values. */
export class Mean {
  sum = 0;
  n = 0;
  add(v: number | undefined): void {
    if (v === undefined || !Number.isFinite(v)) return;
    this.sum += v;
    this.n++;
  }
  get value(): number | null {
    return this.n === 0 ? null : this.sum / this.n;
  }
}

/** The mean of the non-null values, null when there are none (a table's "mean of rows"). */
export function meanOfRows(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : xs.reduce((s, v) => s + v, 0) / xs.length;
}

/** Whether float32 rounding leaves every error on the same side of every AUC threshold. */
function safeAsFloat32(errors: readonly number[]): boolean {
  for (const e of errors) {
    const f = Math.fround(e);
    if (f !== e && firstHit(f) !== firstHit(e)) return false;
  }
  return true;
}

/**
 * A person's root-relative per-joint errors as stored: float32, half the bytes, unless rounding
 * one moves it across an AUC threshold — what stored errors are compared with (the 3DPCK curve
 * the dashboard draws) — then float64. Rounding to float32 is monotone, so ranking people by one
 * joint's error keeps its order (two errors may become a tie); a shown error is off by at most
 * one part in 16 million.
 */
export function jointErrorBlob(errors: readonly number[]): Buffer {
  return safeAsFloat32(errors) ? roundedF32Blob(errors) : f64Blob(Float64Array.from(errors))!;
}
