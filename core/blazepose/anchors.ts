/**
 * SSD anchors as MediaPipe's SsdAnchorsCalculator makes them (ssd_anchors_calculator.cc), for
 * the options a detector card gives. Centres and sizes are normalised to the input (0…1).
 */

export interface SsdAnchorOptions {
  readonly numLayers: number;
  readonly minScale: number;
  readonly maxScale: number;
  readonly strides: readonly number[];
  /** Anchor centre within its feature-map cell, [x, y] (0.5: the cell centre). */
  readonly offset: readonly [number, number];
  readonly aspectRatios: readonly number[];
  /** Every anchor 1×1: the detector regresses sizes in input units, not relative to anchors. */
  readonly fixedAnchorSize: boolean;
  /**
   * The extra anchor per layer between this layer's scale and the next one's; MediaPipe's
   * proto default is 1.0, and pose_detection leaves it at that, which is what makes 2254.
   */
  readonly interpolatedScaleAspectRatio: number;
}

export interface Anchor {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

const layerScale = (o: SsdAnchorOptions, layer: number): number =>
  o.numLayers === 1
    ? (o.minScale + o.maxScale) / 2
    : o.minScale + ((o.maxScale - o.minScale) * layer) / (o.numLayers - 1);

/** Anchors for a `width`×`height` input, in MediaPipe's order (layer, row, column, anchor). */
export function ssdAnchors(
  o: SsdAnchorOptions,
  input: { width: number; height: number },
): Anchor[] {
  if (o.strides.length !== o.numLayers)
    throw new RangeError(`${o.strides.length} strides for ${o.numLayers} layers`);
  const anchors: Anchor[] = [];
  let layer = 0;
  while (layer < o.numLayers) {
    const sizes: { w: number; h: number }[] = [];
    // Consecutive layers with one stride share a feature map: their anchors interleave per cell.
    let last = layer;
    while (last < o.numLayers && o.strides[last] === o.strides[layer]) {
      const scale = layerScale(o, last);
      for (const ratio of o.aspectRatios) {
        const r = Math.sqrt(ratio);
        sizes.push({ w: scale * r, h: scale / r });
      }
      if (o.interpolatedScaleAspectRatio > 0) {
        const next = last === o.numLayers - 1 ? 1 : layerScale(o, last + 1);
        const s = Math.sqrt(scale * next);
        const r = Math.sqrt(o.interpolatedScaleAspectRatio);
        sizes.push({ w: s * r, h: s / r });
      }
      last++;
    }
    const stride = o.strides[layer]!;
    const rows = Math.ceil(input.height / stride);
    const cols = Math.ceil(input.width / stride);
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < cols; x++)
        for (const s of sizes)
          anchors.push({
            x: (x + o.offset[0]) / cols,
            y: (y + o.offset[1]) / rows,
            w: o.fixedAnchorSize ? 1 : s.w,
            h: o.fixedAnchorSize ? 1 : s.h,
          });
    layer = last;
  }
  return anchors;
}
