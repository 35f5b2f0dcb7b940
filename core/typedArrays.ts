type Growable = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;

/**
 * `a` itself when it holds `need` values, else a copy of it in an array of the same type at
 * least twice as long (amortised appends into a typed column).
 */
export function grownTo<T extends Growable>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (length: number) => T)(Math.max(need, a.length * 2));
  b.set(a as never);
  return b;
}

/** Doubles per slab: 40 poses of 17 joints, so a kept view holds at most 16 KB alive. */
const SLAB = 2048;
let slab = new Float64Array(0);
let used = 0;

/**
 * A zeroed Float64Array of `n` values, carved from a shared slab when it is small. V8 keeps a
 * typed array of more than 64 bytes outside its heap, and making one costs 1–3 µs in Node 20
 * (measured: 2.8 µs for a pose's 51 doubles, 40 ns for 8 doubles or for a view on an existing
 * buffer): at one or two per person, seconds of a million-person evaluation. A view on a slab
 * costs what a small array does. The slab lives as long as any view on it does, so this suits
 * arrays that live and die with the ones made around them (a record read, a person scored), not
 * one kept long in a cache while its neighbours go; and posting one to another thread copies its
 * whole slab (transferring its buffer would take the slab from its neighbours): copy it first.
 */
export function f64Array(n: number): Float64Array {
  if (n <= 8 || n > SLAB / 4) return new Float64Array(n);
  if (used + n > slab.length) {
    slab = new Float64Array(SLAB);
    used = 0;
  }
  const a = slab.subarray(used, used + n);
  used += n;
  return a;
}
