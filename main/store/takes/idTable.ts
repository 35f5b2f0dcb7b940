import { grownTo } from '../../../core';

/**
 * Small integers by row id (an image's or a person's), kept in typed columns sorted by id and
 * found by binary search: a few bytes per row where a Map of objects costs a hundred, which for a
 * million-frame dataset is the difference between 20 MB and 400 MB while a run is scored.
 */
export class IdTable {
  private ids = new Float64Array(1024);
  private values: Int32Array;
  private rows = 0;
  private sealed = false;

  /** `width` values per id. */
  constructor(private readonly width: number) {
    this.values = new Int32Array(1024 * width);
  }

  get size(): number {
    return this.rows;
  }

  add(id: number, values: readonly number[]): void {
    if (this.sealed) throw new Error('IdTable: add after seal');
    this.ids = grownTo(this.ids, this.rows + 1);
    this.values = grownTo(this.values, (this.rows + 1) * this.width);
    this.ids[this.rows] = id;
    for (let k = 0; k < this.width; k++) this.values[this.rows * this.width + k] = values[k]!;
    this.rows++;
  }

  /** Sorts the rows by id, keeping the last row added for an id (as Map.set would); no add after. */
  seal(): this {
    const w = this.width;
    const order = new Uint32Array(this.rows).map((_, i) => i);
    order.sort((a, b) => this.ids[a]! - this.ids[b]! || b - a);
    const ids = new Float64Array(this.rows);
    const values = new Int32Array(this.rows * w);
    let n = 0;
    for (const from of order) {
      const id = this.ids[from]!;
      if (n > 0 && ids[n - 1] === id) continue;
      ids[n] = id;
      for (let k = 0; k < w; k++) values[n * w + k] = this.values[from * w + k]!;
      n++;
    }
    this.ids = ids;
    this.values = values;
    this.rows = n;
    this.sealed = true;
    return this;
  }

  /** The `k`th value of `id`, undefined when the table has no such id. */
  get(id: number, k = 0): number | undefined {
    if (!this.sealed) throw new Error('IdTable: get before seal');
    let lo = 0;
    let hi = this.rows - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid]!;
      if (v === id) return this.values[mid * this.width + k];
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
