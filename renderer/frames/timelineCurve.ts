/** The curve's drawing box (the SVG's viewBox; it is stretched to the timeline's width). */
export const CURVE_W = 1000;
export const CURVE_H = 48;

type Slotted = { readonly slot: number };

/** Where a take's frames fall along the curve: its first slot, its span, and a slot's x. */
export function curveScale(frames: readonly Slotted[]) {
  const first = frames[0]?.slot ?? 0;
  const span = Math.max(1, (frames[frames.length - 1]?.slot ?? 0) - first);
  return { first, span, x: (slot: number) => ((slot - first) / span) * CURVE_W };
}

/**
 * A take's per-frame figure as SVG path segments in the CURVE_W × CURVE_H box: broken where a
 * frame has no value or the take has a gap. A take of more than two frames per unit of width is
 * drawn through each unit's lowest and highest point, in the order they come: at the timeline's
 * 1–2 screen pixels per unit that is the same picture (every spike keeps its height), and far
 * fewer segments for a software rasteriser to draw again when the take changes (5,000 frames:
 * about 20 ms a switch without a GPU, measured by bench:ui's trace).
 */
export function curvePath(
  frames: readonly Slotted[],
  values: readonly (number | null)[],
): { d: string; hi: number } {
  let hi = -Infinity;
  let lo = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v > hi) hi = v;
    if (v < lo) lo = v;
  }
  if (hi === -Infinity) hi = 0;
  const { x } = curveScale(frames);
  const y = (v: number) => CURVE_H - 4 - ((v - lo) / (hi - lo || 1)) * (CURVE_H - 8);
  const thin = frames.length > 2 * CURVE_W;

  let d = '';
  let open = false;
  const put = (px: number, v: number) => {
    d += `${open ? 'L' : 'M'}${px.toFixed(1)},${y(v).toFixed(1)}`;
    open = true;
  };
  // The unit of width being gathered (thinning only): its lowest and highest frames.
  let unit = -1;
  let low = -1;
  let high = -1;
  const flush = () => {
    if (unit < 0) return;
    const [a, b] = low <= high ? [low, high] : [high, low];
    put(x(frames[a]!.slot), values[a]!);
    if (b !== a) put(x(frames[b]!.slot), values[b]!);
    unit = -1;
  };
  frames.forEach((f, i) => {
    const v = values[i];
    const gap = i > 0 && f.slot - frames[i - 1]!.slot > 1;
    const missing = v === null || v === undefined || !Number.isFinite(v);
    if (gap || missing) {
      flush();
      open = false;
      if (missing) return;
    }
    if (!thin) return put(x(f.slot), v);
    const u = Math.floor(x(f.slot));
    if (u !== unit) {
      flush();
      unit = u;
      low = high = i;
    } else {
      if (v < values[low]!) low = i;
      if (v > values[high]!) high = i;
    }
  });
  flush();
  return { d, hi };
}
