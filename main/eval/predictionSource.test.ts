import { describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../datasets/predictionFile';
import { heldPredictions, orderedPredictions } from './predictionSource';

const rec = (image: number, index: number): PredictionRecord => ({
  imageSourceId: `im${image}`,
  index,
});
// Image row ids 2, 2, 3, 5, 5, 5, 8, 9 in that order (a stored run read by image).
const rows = [2, 2, 3, 5, 5, 5, 8, 9].map((image, i) => ({
  imageId: image,
  record: rec(image, i),
}));

describe('orderedPredictions', () => {
  it('hands each image its own predictions in order, and what no image asked for as leftovers', () => {
    const source = orderedPredictions(rows[Symbol.iterator]());
    const asked = [1, 2, 5, 6, 9].map((id) => source.forImage(id, `im${id}`).map((r) => r.index));
    expect(asked).toEqual([[], [0, 1], [3, 4, 5], [], [7]]);
    // Image 3 was passed over (out of scope), image 8 too; nothing after 9.
    expect([...source.leftovers()].map((r) => r.index)).toEqual([2, 6]);
  });

  it('gives what held predictions give for the same records', () => {
    const held = heldPredictions(rows.map((r) => r.record));
    const ordered = orderedPredictions(rows[Symbol.iterator]());
    for (const id of [2, 3, 5, 7])
      expect(ordered.forImage(id, `im${id}`)).toEqual(held.forImage(id, `im${id}`));
    expect([...ordered.leftovers()]).toEqual([...held.leftovers()]);
  });

  it('reads the rows no further than the image asked for', () => {
    let read = 0;
    const source = orderedPredictions(
      (function* () {
        for (const r of rows) {
          read++;
          yield r;
        }
      })(),
    );
    source.forImage(3, 'im3');
    // Images 2, 2 and 3, and the first of 5 to know that 3's are done.
    expect(read).toBe(4);
  });
});
