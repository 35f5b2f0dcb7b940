import {
  DEFAULT_RANKING_TOLERANCE_MM,
  depthRankingMatrix,
  depthRankingProbabilities,
  rankingAccuracy,
  rankingFromProbabilities,
  type Matrix,
  type RankingAccuracy,
  type Vec3,
} from '../../core';

/** Camera-space joints in mm as they cross the contract: a missing joint is null. */
export type Joints3 = readonly (readonly [number, number, number] | null)[];

/**
 * A network's P_ij needs a "similar depth" band to be compared with a toleranced ground truth:
 * DRPose3D's hard targets are {0, ½, 1}, so |P − ½| ≤ ¼ reads as the middle class (the margin
 * core's round-trip test uses).
 */
export const DEFAULT_PROBABILITY_MARGIN = 0.25;

export interface RankingCells {
  readonly size: number;
  /** Ground-truth ranking M ∈ {−1, 0, 1}; NaN where either joint is missing. */
  readonly gt: Matrix;
  /** Ground-truth P_ij = P(i behind j) for colouring, NaN where unknown. */
  readonly gtProb: Matrix;
  readonly pred: Matrix | null;
  /** The prediction's P_ij: the stored network matrix when given, else the hard form of its joints. */
  readonly predProb: Matrix | null;
  /** Where the prediction's ranking came from: a stored network matrix or predicted joints. */
  readonly source: 'matrix' | 'joints' | null;
  /** True where both are known and the ranks differ (the same test as core's rankingAccuracy). */
  readonly disagree: readonly (readonly boolean[])[] | null;
  /** Disagreeing unordered pairs i < j. */
  readonly disagreeing: number;
  readonly accuracy: RankingAccuracy | null;
  /** Accuracy over pairs ground truth separates by more than the tolerance. */
  readonly separable: RankingAccuracy | null;
}

const knownMask = (joints: Joints3): boolean[] =>
  joints.map((p) => p !== null && p.every(Number.isFinite));

/** Core's matrices treat NaN depths as ties; a missing joint must read as unknown instead. */
function masked(m: Matrix, known: readonly boolean[]): Matrix {
  return m.map((row, i) => row.map((v, j) => (known[i] && known[j] ? v : NaN)));
}

const asPose = (joints: Joints3): Vec3[] =>
  joints.map((p) => (p && p.every(Number.isFinite) ? p : ([NaN, NaN, NaN] as const)));

/** Hard ranking M and its probability form for one pose; null when it has fewer than two depths. */
export function rankingOf(
  joints: Joints3 | null | undefined,
  toleranceMm = DEFAULT_RANKING_TOLERANCE_MM,
): { readonly m: Matrix; readonly p: Matrix } | null {
  if (!joints) return null;
  const known = knownMask(joints);
  if (known.filter(Boolean).length < 2) return null;
  const pose = asPose(joints);
  return {
    m: masked(depthRankingMatrix(pose, toleranceMm), known),
    p: masked(depthRankingProbabilities(pose, { tolerance: toleranceMm }), known),
  };
}

function validProbabilities(p: readonly (readonly number[])[] | undefined, n: number): boolean {
  return !!p && p.length === n && p.every((row) => row.length === n);
}

export function buildRankingCells(input: {
  readonly gt: Joints3 | null;
  readonly pred: Joints3 | null;
  readonly predMatrix?: readonly (readonly number[])[] | undefined;
  readonly toleranceMm?: number;
  readonly margin?: number;
}): RankingCells | null {
  const tol = input.toleranceMm ?? DEFAULT_RANKING_TOLERANCE_MM;
  const g = rankingOf(input.gt, tol);
  if (!g) return null;
  const n = g.m.length;
  let pred: Matrix | null = null;
  let predProb: Matrix | null = null;
  let source: RankingCells['source'] = null;
  if (validProbabilities(input.predMatrix, n)) {
    source = 'matrix';
    predProb = input.predMatrix!.map((row) => [...row]);
    pred = rankingFromProbabilities(predProb, input.margin ?? DEFAULT_PROBABILITY_MARGIN);
  } else if (input.pred && input.pred.length === n) {
    const r = rankingOf(input.pred, tol);
    if (r) {
      ({ m: pred, p: predProb } = r);
      source = 'joints';
    }
  }
  if (!pred) {
    return {
      size: n,
      gt: g.m,
      gtProb: g.p,
      pred: null,
      predProb: null,
      source,
      disagree: null,
      disagreeing: 0,
      accuracy: null,
      separable: null,
    };
  }
  const p = pred;
  const disagree = g.m.map((row, i) =>
    row.map((v, j) => {
      const q = p[i]![j]!;
      return i !== j && Number.isFinite(v) && Number.isFinite(q) && q !== v;
    }),
  );
  const accuracy = rankingAccuracy(p, g.m);
  return {
    size: n,
    gt: g.m,
    gtProb: g.p,
    pred: p,
    predProb,
    source,
    disagree,
    disagreeing: accuracy.total - accuracy.correct,
    accuracy,
    separable: rankingAccuracy(p, g.m, true),
  };
}

/**
 * Green (i in front), a neutral grey (within tolerance), magenta (i behind): a diverging scale of
 * the matrix's own (ColorBrewer PiYG, safe for colour-vision deficiencies), not the skeleton's
 * left blue / right orange, which would read as sides.
 */
export const RANK_FRONT = '#4DAC26';
export const RANK_TIE = '#5B6470';
export const RANK_BEHIND = '#D01C8B';

const rgb = (hex: string): readonly [number, number, number] => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
];
// Parsed once: three matrices of 289 cells are coloured at every frame switch.
const FRONT = rgb(RANK_FRONT);
const TIE = rgb(RANK_TIE);
const BEHIND = rgb(RANK_BEHIND);
const HEX = Array.from({ length: 256 }, (_, v) => v.toString(16).padStart(2, '0'));

function mix(x: readonly number[], y: readonly number[], t: number): string {
  let out = '#';
  for (let k = 0; k < 3; k++) out += HEX[Math.round(x[k]! + (y[k]! - x[k]!) * t)];
  return out;
}

/** Diverging colour of P_ij = P(i behind j): green at 0, grey at ½, magenta at 1; null if unknown. */
export function rankingColor(p: number): string | null {
  if (!Number.isFinite(p)) return null;
  const t = Math.min(Math.max(p, 0), 1);
  return t < 0.5 ? mix(FRONT, TIE, t * 2) : mix(TIE, BEHIND, (t - 0.5) * 2);
}

/** Words for a rank M_ij, from joint i's point of view. */
export function rankWords(m: number): string {
  if (!Number.isFinite(m)) return 'unknown';
  return m > 0 ? 'behind' : m < 0 ? 'in front' : 'same depth';
}
