import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_COLOR, SIDE_COLORS } from '../theme/palette';
import { RUN_COLORS } from '../theme/sources';
import {
  MUPOTS_17,
  depthRankingMatrix,
  depthRankingProbabilities,
  rankingAccuracy,
} from '../../core';
import { A, B, swapPoses } from './panelFixtures';
import { buildRankingCells, rankingColor, rankingOf, type Joints3 } from './rankingCells';

const J = MUPOTS_17.joints.length;

const disagreeingCells = (d: readonly (readonly boolean[])[]) =>
  d.flatMap((row, i) => row.flatMap((v, j) => (v ? [[i, j]] : [])));

describe('ranking cells', () => {
  it('marks exactly (i, j) and (j, i) when a prediction swaps two joints’ depths', () => {
    const { gt, pred } = swapPoses();
    const cells = buildRankingCells({ gt, pred })!;
    expect(disagreeingCells(cells.disagree!)).toEqual([
      [A, B],
      [B, A],
    ]);
    expect(cells.disagreeing).toBe(1);
    expect(cells.accuracy).toEqual(
      rankingAccuracy(depthRankingMatrix(pred), depthRankingMatrix(gt)),
    );
    expect(cells.accuracy!.total).toBe((J * (J - 1)) / 2);
    expect(cells.source).toBe('joints');
  });

  it('uses core’s matrices unchanged where every joint is known', () => {
    const { gt } = swapPoses();
    const r = rankingOf(gt, 100)!;
    expect(r.m).toEqual(depthRankingMatrix(gt, 100));
    expect(r.p).toEqual(depthRankingProbabilities(gt, { tolerance: 100 }));
  });

  it('reads a stored network matrix instead of the predicted joints when one is given', () => {
    const { gt, pred } = swapPoses();
    const soft = depthRankingProbabilities(pred, { softness: 40 });
    const cells = buildRankingCells({ gt, pred: gt, predMatrix: soft })!;
    expect(cells.source).toBe('matrix');
    expect(cells.predProb).toEqual(soft);
    expect(disagreeingCells(cells.disagree!)).toEqual([
      [A, B],
      [B, A],
    ]);
  });

  it('treats a missing joint as unknown, never as a tie', () => {
    const { gt } = swapPoses();
    const holed: Joints3 = gt.map((p, k) => (k === 3 ? null : p));
    const cells = buildRankingCells({ gt: holed, pred: gt })!;
    expect(cells.gt[3]!.every(Number.isNaN)).toBe(true);
    expect(cells.gt[0]![3]).toBeNaN();
    expect(cells.disagree![0]![3]).toBe(false);
    expect(cells.accuracy!.total).toBe(((J - 1) * (J - 2)) / 2);
  });

  it('has nothing to show without ground-truth depths, and GT alone without a prediction', () => {
    expect(buildRankingCells({ gt: null, pred: null })).toBeNull();
    expect(buildRankingCells({ gt: Array<null>(J).fill(null), pred: null })).toBeNull();
    const only = buildRankingCells({ gt: swapPoses().gt, pred: null })!;
    expect(only.pred).toBeNull();
    expect(only.disagree).toBeNull();
  });

  it('colours front green, ties grey and behind magenta: never the skeleton’s side colours', () => {
    expect(rankingColor(0)).toBe('#4dac26');
    expect(rankingColor(0.5)).toBe('#5b6470');
    expect(rankingColor(1)).toBe('#d01c8b');
    expect(rankingColor(NaN)).toBeNull();
    const sides = Object.values(SIDE_COLORS).map((c) => c.toLowerCase());
    for (const p of [0, 0.25, 0.75, 1]) expect(sides).not.toContain(rankingColor(p));
  });

  it('gives runs colours far from the ground truth’s left and right', () => {
    const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const dist = (a: string, b: string) => Math.hypot(...rgb(a).map((v, k) => v - rgb(b)[k]!));
    for (const run of RUN_COLORS)
      for (const gt of [...Object.values(SIDE_COLORS), HIGHLIGHT_COLOR])
        expect(dist(run, gt)).toBeGreaterThan(100);
    // …and from each other.
    for (const a of RUN_COLORS)
      for (const b of RUN_COLORS) if (a !== b) expect(dist(a, b)).toBeGreaterThan(60);
  });
});
