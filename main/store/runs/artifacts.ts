import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Model outputs kept for inspection, stored compactly. Maps (heatmaps, DRM centre maps) are
 * quantised to uint8 per channel between that channel's min and max and deflated: a 17×64×64
 * heatmap stack drops from 278 KB of float32 to a few KB, and 1/255 of a channel's range is far
 * below what anyone reads off a colour map. Small vectors and matrices (depth-bin
 * distributions, ranking matrices, depth profiles) stay exact float32.
 */
export type ArtifactKind = 'heatmaps' | 'depth_profiles' | 'depth_bins' | 'ranking' | 'drm_center';

export interface Artifact {
  readonly kind: ArtifactKind;
  readonly dtype: 'uint8' | 'float32';
  readonly shape: readonly number[];
  readonly encoding: 'u8-minmax-deflate' | 'u8-minmax' | 'raw';
  readonly data: Buffer;
}

// Run-length deflate: quantised maps are long runs of one code around a few peaks, so RLE
// keeps them within a few KB at under a tenth of a millisecond per person, where the default
// strategy spends its time searching for matches noisy maps do not have.
const DEFLATE = { level: 1, strategy: constants.Z_RLE };

/**
 * Deflated if that saves a quarter, judged on the first channel (a fair sample: a model's
 * channels are maps of the same kind). Maps with clear peaks shrink 3–20× and deflate fast;
 * maps without (an untrained or a very unsure model's, noise in 8 bits) shrink by a tenth at
 * best, by Huffman coding alone, and cost 0.8 ms per 17×64×48 person to deflate — a twentieth
 * of a light model's time, for a tenth of the bytes.
 */
function packed(out: Buffer, head: number, per: number): Pick<Artifact, 'encoding' | 'data'> {
  const probe = deflateRawSync(out.subarray(head, head + per), DEFLATE);
  if (probe.length > 0.75 * per) return { encoding: 'u8-minmax', data: out };
  return { encoding: 'u8-minmax-deflate', data: deflateRawSync(out, DEFLATE) };
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** `shape[0]` channels of `shape[1..]` values each, quantised per channel. */
export function quantisedMaps(
  kind: ArtifactKind,
  values: ArrayLike<number>,
  shape: readonly number[],
): Artifact {
  const channels = shape[0]!;
  const per = count(shape) / channels;
  if (values.length !== count(shape))
    throw new RangeError(`${kind}: ${values.length} values for shape [${shape.join(', ')}]`);
  // Layout: channels × (min, max) as float32, then the uint8 codes.
  const out = Buffer.alloc(channels * 8 + values.length);
  for (let c = 0; c < channels; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = c * per; k < (c + 1) * per; k++) {
      const v = values[k]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) lo = hi = 0;
    out.writeFloatLE(lo, c * 8);
    out.writeFloatLE(hi, c * 8 + 4);
    const step = hi > lo ? 255 / (hi - lo) : 0;
    const base = channels * 8;
    for (let k = c * per; k < (c + 1) * per; k++) {
      const v = values[k]!;
      out[base + k] = Number.isFinite(v) ? ((v - lo) * step + 0.5) | 0 : 0;
    }
  }
  return { kind, dtype: 'uint8', shape, ...packed(out, channels * 8, per) };
}

export function float32Artifact(
  kind: ArtifactKind,
  values: ArrayLike<number>,
  shape: readonly number[],
): Artifact {
  if (values.length !== count(shape))
    throw new RangeError(`${kind}: ${values.length} values for shape [${shape.join(', ')}]`);
  const f = Float32Array.from(values);
  return {
    kind,
    dtype: 'float32',
    shape,
    encoding: 'raw',
    data: Buffer.from(f.buffer, f.byteOffset, f.byteLength),
  };
}

/** Back to float32 values (quantised maps come back within half a step of the original). */
export function decodeArtifact(a: {
  shape: readonly number[];
  encoding: string;
  data: Buffer;
}): Float32Array {
  const n = count(a.shape);
  if (a.encoding === 'raw') {
    const out = new Float32Array(n);
    new Uint8Array(out.buffer).set(a.data.subarray(0, n * 4));
    return out;
  }
  if (a.encoding !== 'u8-minmax-deflate' && a.encoding !== 'u8-minmax')
    throw new Error(`unknown artifact encoding ${a.encoding}`);
  const buf = a.encoding === 'u8-minmax' ? a.data : inflateRawSync(a.data);
  const channels = a.shape[0]!;
  const per = n / channels;
  const out = new Float32Array(n);
  for (let c = 0; c < channels; c++) {
    const lo = buf.readFloatLE(c * 8);
    const hi = buf.readFloatLE(c * 8 + 4);
    const step = (hi - lo) / 255;
    for (let k = c * per; k < (c + 1) * per; k++) out[k] = lo + buf[channels * 8 + k]! * step;
  }
  return out;
}
