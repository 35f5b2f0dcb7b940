import {
  HDNET_BINS,
  binIndexToDepth,
  decodeDepth,
  depthToBinIndex,
  encodeDepth,
  type DepthBinConfig,
} from '../../core';

/** One bin as drawn: it spans the log-midpoints to its neighbours (k ± ½), in metres. */
export interface BinBar {
  readonly index: number;
  readonly p: number;
  readonly loM: number;
  readonly centerM: number;
  readonly hiM: number;
  /** Bin centre in mm: what a click hands back. */
  readonly centerMm: number;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
}

export interface Marker {
  readonly mm: number;
  readonly x: number;
  /** The depth lies outside the drawn range; x sits on the nearer edge. */
  readonly clamped: boolean;
}

export interface BinChartGeometry {
  readonly cfg: DepthBinConfig;
  readonly plot: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
  };
  readonly domainM: readonly [number, number];
  readonly xTicks: readonly { readonly m: number; readonly x: number; readonly label: string }[];
  readonly yTicks: readonly { readonly p: number; readonly y: number; readonly label: string }[];
  readonly bars: readonly BinBar[];
  readonly pred: Marker & { readonly computed: boolean };
  /** The bins' own soft-argmax depth (mm), where the run placed the root elsewhere: the app
   * weighs the bins with a fit of the lifted pose when both models say how far to trust them. */
  readonly binsOnlyMm: number | null;
  readonly gt: (Marker & { readonly index: number }) | null;
  /** HDNet Eq. 6 two-bin label of the ground truth: the bins that share its mass. */
  readonly gtLabel: readonly { readonly index: number; readonly weight: number }[];
}

/** Round ticks on a 1–2–2.5–5 ladder, about `target` of them over [min, max]. */
export function niceTicks(min: number, max: number, target = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(target, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((s) => s * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
    // toFixed strips float noise such as 0.30000000000000004 from the tick value itself.
    out.push(Number((k * step).toFixed(10)));
  }
  return out;
}

const decimals = (ticks: readonly number[]): number =>
  ticks.reduce((d, t) => Math.max(d, (String(t).split('.')[1] ?? '').length), 0);

export const binConfig = (bins: number, alpha?: number, beta?: number): DepthBinConfig => ({
  alpha: alpha ?? HDNET_BINS.alpha,
  beta: beta ?? HDNET_BINS.beta,
  bins,
});

/** Metres of a continuous bin index at this image's focal length (HDNet Eq. 7 without the sum). */
export const binDepthM = (b: number, focal: number, cfg: DepthBinConfig): number =>
  binIndexToDepth(b, focal, cfg) / 1000;

/**
 * Everything the bar chart draws, in SVG pixels: bars spanning their bin edges on a linear
 * metre axis (so log-spaced bins widen with depth), the soft-argmax and ground-truth markers.
 */
export function binChartGeometry(input: {
  readonly probs: readonly number[];
  readonly focal: number;
  readonly alpha?: number;
  readonly beta?: number;
  readonly gtDepthMm?: number;
  readonly predDepthMm?: number;
  readonly width: number;
  readonly height: number;
}): BinChartGeometry {
  const { probs, focal, width, height } = input;
  const cfg = binConfig(probs.length, input.alpha, input.beta);
  const plot = { left: 44, right: width - 14, top: 24, bottom: height - 46 };
  const domainM = [binDepthM(-0.5, focal, cfg), binDepthM(cfg.bins - 0.5, focal, cfg)] as const;
  const xOf = (m: number) =>
    plot.left + ((m - domainM[0]) / (domainM[1] - domainM[0])) * (plot.right - plot.left);
  const maxP = Math.max(...probs.map((p) => (Number.isFinite(p) ? p : 0)), 1e-6);
  const yt = niceTicks(0, maxP * 1.05, 4);
  const yMax = Math.max(yt[yt.length - 1]!, maxP);
  const yOf = (p: number) => plot.bottom - (p / yMax) * (plot.bottom - plot.top);

  const bars = probs.map((p, index): BinBar => {
    const loM = binDepthM(index - 0.5, focal, cfg);
    const hiM = binDepthM(index + 0.5, focal, cfg);
    const centerMm = binIndexToDepth(index, focal, cfg);
    const v = Number.isFinite(p) ? Math.max(p, 0) : 0;
    return {
      index,
      p,
      loM,
      hiM,
      centerM: centerMm / 1000,
      centerMm,
      x0: xOf(loM),
      x1: xOf(hiM),
      y: yOf(v),
    };
  });
  const marker = (mm: number): Marker => {
    const m = mm / 1000;
    const clamped = m < domainM[0] || m > domainM[1];
    return { mm, x: xOf(Math.min(Math.max(m, domainM[0]), domainM[1])), clamped };
  };

  const computed = input.predDepthMm === undefined;
  const binsMm = decodeDepth(probs, focal, cfg);
  const predMm = input.predDepthMm ?? binsMm;
  // Half a percent: further apart than the run's rounding, nearer than a bin (1.7 % wide at 71).
  const binsOnlyMm = Math.abs(binsMm - predMm) > 0.005 * predMm ? binsMm : null;
  const gtMm = input.gtDepthMm;
  const hasGt = gtMm !== undefined && Number.isFinite(gtMm) && gtMm > 0;
  const gtLabel = hasGt
    ? encodeDepth(gtMm, focal, cfg)
        .map((weight, index) => ({ index, weight }))
        .filter((b) => b.weight > 0)
    : [];

  const xs = niceTicks(
    domainM[0],
    domainM[1],
    Math.max(3, Math.round((plot.right - plot.left) / 70)),
  );
  const xd = decimals(xs);
  const yd = decimals(yt);
  return {
    cfg,
    plot,
    domainM,
    xTicks: xs.map((m) => ({ m, x: xOf(m), label: m.toFixed(xd) })),
    yTicks: yt.map((p) => ({ p, y: yOf(p), label: p.toFixed(yd) })),
    bars,
    pred: { ...marker(predMm), computed },
    binsOnlyMm,
    gt: hasGt ? { ...marker(gtMm), index: depthToBinIndex(gtMm, focal, cfg) } : null,
    gtLabel,
  };
}
