import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { prettyJson } from './prettyJson';

const asPrettier = async (v: unknown) =>
  prettier.format(JSON.stringify(v), { parser: 'json', printWidth: 100 });

describe('prettyJson', () => {
  it('lays out the shapes the sample writes exactly as Prettier does', async () => {
    const cases: unknown[] = [
      { images: [{ id: 1, file_name: 'TS1/img_000000.jpg', width: 800, height: 600 }] },
      {
        matrix: [
          [1.5, -2, 3],
          [4, 5, 6],
        ],
        short: [true, false],
        long: Array.from({ length: 17 }, (_, i) => i % 3 === 0),
        nested: [{ a: 1 }, { a: 2, b: [1, 2] }],
        categories: [{ id: 1, name: 'person' }],
        empty: [],
        none: {},
        text: 'x'.repeat(120),
      },
      [
        {
          image_id: 0,
          bbox: [1, 2, 3, 4],
          joints: [
            [1, 2],
            [3, 4],
          ],
        },
        {
          image_id: 1,
          bbox: [1, 2, 3, 4],
          joints: [
            [5, 6],
            [7, 8],
          ],
        },
      ],
      // Just fits, and one character too long, at depth.
      { a: { b: ['y'.repeat(80)] } },
      { a: { b: ['y'.repeat(90)] } },
    ];
    for (const c of cases) expect(prettyJson(c)).toBe(await asPrettier(c));
  });
});
