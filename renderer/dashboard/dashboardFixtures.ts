import type { RunDistributions, RunInfo, RunSummary } from '../../contract';
import type { RunDist } from './chartOptions';
import type { ShownRun } from './summaryRows';

/** A run as datasetInfo returns it, with the given summary. */
export function run(id: number, name: string, summary: RunSummary | null): RunInfo {
  return {
    id,
    name,
    kind: 'import',
    status: null,
    source: `${name}.json`,
    createdAt: '2025-01-01T00:00:00Z',
    predictions: 10,
    summary,
    frames: null,
    resumable: false,
  };
}

export const shown = (r: RunInfo, color = '#D55E00'): ShownRun => ({ run: r, color });

/** A MuPoTS-style summary (`posescope eval --json` keys), root AP/AR included. */
export function summary3d(mpjpe: number, extra: Partial<RunSummary> = {}): RunSummary {
  return {
    MPJPE: mpjpe,
    PA_MPJPE: mpjpe - 4,
    MRPE: 54.2,
    MRPE_x: 8.8,
    MRPE_y: 8.7,
    MRPE_z: 50.7,
    PCK3D_rel: 97.8,
    PCK3D_abs: 95.3,
    AUC_rel: 81.06,
    AP_root_25: 95.2,
    AR_root_25: 96.4,
    AP_root_20: 95.2,
    AR_root_20: 96.4,
    AP_root_15: 95.2,
    AR_root_15: 96.4,
    AP_root_10: 80.9,
    AR_root_10: 88.6,
    matched: 138,
    instances: 140,
    per_joint: [
      { joint: 'Head_top', MPJPE: mpjpe - 7, PCK3D_rel: 100 },
      { joint: 'Thorax', MPJPE: mpjpe - 6, PCK3D_rel: 99 },
      { joint: 'Pelvis', MPJPE: 0, PCK3D_rel: 100 },
    ],
    per_group: [
      { group: 'TS10', count: 5, MPJPE: mpjpe + 1, PA_MPJPE: 30, PCK3D_rel: 96 },
      { group: 'TS2', count: 5, MPJPE: mpjpe - 1, PA_MPJPE: 27, PCK3D_rel: 98 },
    ],
    ...extra,
  };
}

export const summary2d: RunSummary = {
  PCK2D: 88.5,
  AP_OKS: 70.25,
  AP_OKS_50: 90.1,
  AP_OKS_75: 77.7,
  AR_OKS: 74.2,
  mean_OKS: 0.8123,
  matched: 9,
  instances: 10,
  per_group: [{ group: 'val2017', count: 9, PCK2D: 88.5 }],
};

/** Distributions as `runDistributions` shapes them: 5 mm MPJPE bins, 25 mm MRPE bins. */
export function dist(runId: number, mpjpeCounts: number[], depth?: [number, number][]) {
  const pad = (c: number[], n: number) => [...c, ...new Array<number>(n - c.length).fill(0)];
  const d: RunDistributions = {
    runId,
    people: mpjpeCounts.reduce((a, b) => a + b, 0),
    histograms: [
      { metric: 'mpjpe', binWidth: 5, counts: pad(mpjpeCounts, 60) },
      { metric: 'pa_mpjpe', binWidth: 5, counts: pad([], 60) },
      { metric: 'mrpe', binWidth: 25, counts: pad([1, 2], 40) },
    ],
    pckCurve: {
      thresholds: Array.from({ length: 31 }, (_, k) => 5 * k),
      pck: Array.from({ length: 31 }, (_, k) => Math.min(100, 4 * k)),
    },
    depth: depth
      ? {
          gt: depth.map((p) => p[0]),
          pred: depth.map((p) => p[1]),
          imageId: depth.map((_, i) => 100 + i),
          instanceId: depth.map((_, i) => 200 + i),
        }
      : null,
  };
  return d;
}

export const runDist = (
  runId: number,
  d: RunDistributions,
  color = '#D55E00',
  primary = false,
): RunDist => ({ runId, name: `run${runId}`, color, primary, dist: d });
