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
