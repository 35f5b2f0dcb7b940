/**
 * Float32Arrays for image inputs, handed back once their batch has run: a batch of crops is
 * megabytes, and fresh ones each batch cost page faults and garbage collection.
 */
export class FloatPool {
  private readonly free: Float32Array[] = [];

  /** `length` zeros. */
  take(length: number): Float32Array {
    const i = this.free.findIndex((a) => a.length === length);
    return i >= 0 ? this.free.splice(i, 1)[0]!.fill(0) : new Float32Array(length);
  }

  /** Takes back a batch's image inputs; nothing may use them afterwards. */
  give(feeds: { readonly images: readonly Float32Array[] }): void {
    this.free.push(...feeds.images);
    this.free.splice(0, this.free.length - 3);
  }
}
