/**
 * HDNet root-depth bins (Lin & Lee, ECCV 2020, "HDNet: Human Depth Estimation for Multi-Person
 * Camera-Space Localization", Eq. 6–7). The root depth d (mm) is normalised by the focal length
 * f = √(fx·fy) (px) so one network serves every camera, and d/f is discretised into N_B bins
 * spaced evenly in log space over [α, β]:
 *   bin i ↔ d/f = exp(ln α + i·(ln β − ln α)/(N_B − 1)),  i = 0 … N_B − 1.
 * A depth sits at the continuous bin index b = (ln(d/f) − ln α)·(N_B − 1)/(ln β − ln α).
 */
export interface DepthBinConfig {
  readonly alpha: number;
  readonly beta: number;
  readonly bins: number;
}

export const HDNET_BINS: DepthBinConfig = { alpha: 1, beta: 8, bins: 71 };

function checkConfig(cfg: DepthBinConfig): void {
  if (!(cfg.alpha > 0 && cfg.beta > cfg.alpha && Number.isInteger(cfg.bins) && cfg.bins >= 2)) {
    throw new RangeError(
      `depth bins need 0 < alpha < beta and an integer bins ≥ 2; got alpha=${cfg.alpha}, beta=${cfg.beta}, bins=${cfg.bins}`,
    );
  }
}

const logStep = (cfg: DepthBinConfig): number =>
  (Math.log(cfg.beta) - Math.log(cfg.alpha)) / (cfg.bins - 1);

/** Continuous bin index of depth `d` (mm) at focal length `f` (px); may fall outside [0, N_B − 1]. */
export function depthToBinIndex(d: number, f: number, cfg: DepthBinConfig = HDNET_BINS): number {
  checkConfig(cfg);
  return (Math.log(d / f) - Math.log(cfg.alpha)) / logStep(cfg);
}

/** Depth (mm) at a continuous bin index `b`: d = f·exp(ln α + b·Δ). */
export function binIndexToDepth(b: number, f: number, cfg: DepthBinConfig = HDNET_BINS): number {
  checkConfig(cfg);
  return f * Math.exp(Math.log(cfg.alpha) + b * logStep(cfg));
}

/** Depth (mm) of every bin centre at focal length `f`: the x-axis of a bin chart. */
export function binCenterDepths(f: number, cfg: DepthBinConfig = HDNET_BINS): number[] {
  return Array.from({ length: cfg.bins }, (_, i) => binIndexToDepth(i, f, cfg));
}

/**
 * Two-bin soft label of a continuous index b (HDNet Eq. 6): t_⌊b⌋ = 1 − (b − ⌊b⌋),
 * t_⌊b⌋+1 = b − ⌊b⌋, zero elsewhere. Indices outside the range clamp to the end bins.
 * Worked example from the paper: N_B = 5, b = 2.4 → [0, 0, 0.6, 0.4, 0].
 */
export function softLabelFromIndex(b: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  const clamped = Math.min(Math.max(b, 0), bins - 1);
  const lo = Math.min(Math.floor(clamped), bins - 2);
  const frac = clamped - lo;
  out[lo] = 1 - frac;
  out[lo + 1] = frac;
  return out;
}

/** HDNet Eq. 6 from a depth: {@link softLabelFromIndex} of {@link depthToBinIndex}. */
export const encodeDepth = (d: number, f: number, cfg: DepthBinConfig = HDNET_BINS): number[] =>
  softLabelFromIndex(depthToBinIndex(d, f, cfg), cfg.bins);

/** Softmax of logits, stable against overflow. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const ex = Array.from(logits, (v) => Math.exp(v - max));
  const sum = ex.reduce((a, b) => a + b, 0);
  return ex.map((v) => v / sum);
}

/** Soft-argmax bin index b̂ = Σ_i i·p_i of a distribution over bins (HDNet Eq. 7). */
export function softArgmaxIndex(p: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.length; i++) {
    num += i * p[i]!;
    den += p[i]!;
  }
  return num / den;
}

/** Depth (mm) decoded from a bin distribution with the soft-argmax of HDNet Eq. 7. */
export function decodeDepth(
  p: ArrayLike<number>,
  f: number,
  cfg: DepthBinConfig = HDNET_BINS,
): number {
  if (p.length !== cfg.bins) {
    throw new RangeError(`expected ${cfg.bins} bin probabilities, got ${p.length}`);
  }
  return binIndexToDepth(softArgmaxIndex(p), f, cfg);
}
