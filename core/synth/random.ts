/**
 * A seeded pseudo-random source for synthetic data. Only 32-bit integer arithmetic (Math.imul)
 * goes into the stream, so the same seed gives the same numbers on every platform and Node
 * version; Gaussian draws add Math.log/sqrt/cos, which V8 computes with its own fdlibm port.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uniform(lo: number, hi: number): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Gaussian (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** An independent stream named `label`, so adding draws to one consumer never shifts another. */
  fork(label: string): Rng;
}

/** FNV-1a over the label's UTF-16 units, mixed with the parent seed. */
function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Mulberry32 (Tommy Ettinger): small state, full 2³² period, passes PractRand to 2⁴⁰ bytes. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    normal(mean = 0, sd = 1) {
      // 1 − u keeps the logarithm's argument in (0, 1].
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRng(deriveSeed(seed, label)),
  };
}
