import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BLAZEPOSE_33, COCO_17, MUPOTS_17, binIndexToDepth, decodeDepth } from '../../core';
import { DepthBinsChart } from './DepthBinsChart';
import { JointsPanel } from './JointsPanel';
import { A, B, peakedProbs, swapPoses } from './panelFixtures';
import { RankingMatrix } from './RankingMatrix';
import { hasClass, tags, text } from '../testing/testMarkup';

const cellsOf = (html: string) => tags(html, 'rect').filter((t) => t['data-i'] !== undefined);

describe('RankingMatrix markup', () => {
  const { gt, pred } = swapPoses();

  it('marks exactly cells (i, j) and (j, i) of a swapped pair in the difference view', () => {
    const html = renderToStaticMarkup(<RankingMatrix skeleton={MUPOTS_17} gt={gt} pred={pred} />);
    const diff = cellsOf(html).filter((t) => t['data-disagree'] !== undefined);
    expect(diff).toHaveLength(17 * 16);
    const marked = diff.filter((t) => t['data-disagree'] === 'true');
    expect(marked.map((t) => [Number(t['data-i']), Number(t['data-j'])])).toEqual([
      [A, B],
      [B, A],
    ]);
    expect(marked.every((t) => hasClass(t, 'disagree'))).toBe(true);
    expect(tags(html, 'rect').filter((t) => hasClass(t, 'rank-outline'))).toHaveLength(2);
    // Three matrices with the skeleton's joint names on both axes of each.
    expect(tags(html, 'svg')).toHaveLength(3);
    const labels = [...html.matchAll(/class="rank-label[^"]*"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels).toHaveLength(3 * 2 * 17);
    expect(labels.slice(0, 17)).toEqual(MUPOTS_17.joints.map((j) => j.name));
    expect(text(html)).toContain('1 of 136 pairs disagree · 3D-pose ranking accuracy 99.3%');
  });

  it('names which ranking accuracy it shows: the network’s matrix, or the 3D pose’s depths', () => {
    const n = MUPOTS_17.joints.length;
    // A matrix that agrees with the ground truth on every pair.
    const gtDepth = gt.map((p) => p[2]);
    const matrix = gtDepth.map((zi) => gtDepth.map((zj) => (zi < zj ? 1 : 0)));
    const html = renderToStaticMarkup(
      <RankingMatrix skeleton={MUPOTS_17} gt={gt} pred={pred} predMatrix={matrix} />,
    );
    expect(text(html)).toMatch(/pairs disagree · matrix ranking accuracy/);
    expect(matrix).toHaveLength(n);
  });

  it('highlights the given pair’s row and column labels', () => {
    const html = renderToStaticMarkup(
      <RankingMatrix skeleton={MUPOTS_17} gt={gt} pred={pred} highlight={[2, 9]} />,
    );
    const active = [...html.matchAll(/class="rank-label active"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(active).toEqual(Array(3).fill(['R_Shoulder', 'R_Knee']).flat());
    expect(text(html)).toContain('R_Shoulder vs R_Knee: GT in front');
  });

  it('shows the ground truth alone with a note, or an empty state without 3D labels', () => {
    const only = renderToStaticMarkup(<RankingMatrix skeleton={MUPOTS_17} gt={gt} pred={null} />);
    expect(tags(only, 'svg')).toHaveLength(1);
    expect(text(only)).toContain('no prediction for this person: showing the ground truth only');
    const none = renderToStaticMarkup(<RankingMatrix skeleton={MUPOTS_17} gt={null} pred={pred} />);
    expect(text(none)).toContain('no 3D labels: the ranking matrix needs joint depths');
    expect(tags(none, 'svg')).toHaveLength(0);
  });

  it('draws 33 joints with 10 px cells and every label', () => {
    const pose = BLAZEPOSE_33.joints.map(
      (_, k) => [0, 0, 5000 + 37 * k] as [number, number, number],
    );
    const html = renderToStaticMarkup(
      <RankingMatrix skeleton={BLAZEPOSE_33} gt={pose} pred={pose} />,
    );
    expect(cellsOf(html).filter((t) => t['data-i'] === '0' && t['data-j'] === '1')[0]!.width).toBe(
      '10',
    );
    expect(text(html)).toContain('0 of 528 pairs disagree');
  });
});

describe('DepthBinsChart markup', () => {
  const focal = Math.sqrt(702.4 * 700.9);
  const probs = peakedProbs(52.6, 3);

  it('places the soft-argmax marker at core’s Eq. 7 depth and marks the GT label’s two bins', () => {
    const gtDepthMm = binIndexToDepth(50.25, focal);
    const html = renderToStaticMarkup(
      <DepthBinsChart probs={probs} focal={focal} gtDepthMm={gtDepthMm} />,
    );
    const pred = tags(html, 'g').find((t) => hasClass(t, 'bins-pred'))!;
    expect(Number(pred['data-depth-mm'])).toBe(decodeDepth(probs, focal));
    const marked = tags(html, 'rect').filter((t) => hasClass(t, 'gt-label'));
    expect(marked.map((t) => [t['data-k'], Number(t['data-gt-label'])])).toEqual([
      ['50', 0.75],
      ['51', 0.25],
    ]);
    const bars = tags(html, 'rect').filter((t) => hasClass(t, 'bins-bar'));
    expect(bars).toHaveLength(71);
    bars.forEach((t, k) => {
      expect(
        Math.abs(Number(t['data-lo-m']) - (binIndexToDepth(k - 0.5, 1) * focal) / 1000),
      ).toBeLessThan(1e-9);
      expect(
        Math.abs(Number(t['data-hi-m']) - (binIndexToDepth(k + 0.5, 1) * focal) / 1000),
      ).toBeLessThan(1e-9);
    });
    expect(text(html)).toContain('soft-argmax');
    expect(text(html)).toContain(`GT ${(gtDepthMm / 1000).toFixed(2)} m`);
  });

  it("draws a model's own d/f range (the keypoint root-depth cards' 0.5–16)", () => {
    const cfg = { alpha: 0.5, beta: 16, bins: 71 };
    const html = renderToStaticMarkup(
      <DepthBinsChart probs={probs} focal={focal} alpha={cfg.alpha} beta={cfg.beta} />,
    );
    const pred = tags(html, 'g').find((t) => hasClass(t, 'bins-pred'))!;
    expect(Number(pred['data-depth-mm'])).toBe(decodeDepth(probs, focal, cfg));
    const bars = tags(html, 'rect').filter((t) => hasClass(t, 'bins-bar'));
    expect(Number(bars[0]!['data-lo-m'])).toBeCloseTo(binIndexToDepth(-0.5, focal, cfg) / 1000, 9);
    expect(text(html)).toContain('d/f ∈ [0.5, 16]');
  });

  it("says where the run's root lies off the bins' own depth, and why", () => {
    const own = decodeDepth(probs, focal);
    const html = renderToStaticMarkup(
      <DepthBinsChart probs={probs} focal={focal} predDepthMm={own * 0.97} />,
    );
    const pred = tags(html, 'g').find((t) => hasClass(t, 'bins-pred'))!;
    expect(Number(pred['data-depth-mm'])).toBe(own * 0.97);
    expect(text(html)).toContain(`(bins alone ${(own / 1000).toFixed(2)} m)`);
    expect(text(html)).toContain('predicted (the bins weighed with a fit of the lifted pose)');
    const same = renderToStaticMarkup(
      <DepthBinsChart probs={probs} focal={focal} predDepthMm={own} />,
    );
    expect(text(same)).not.toContain('bins alone');
    expect(text(same)).toContain('predicted (HDNet Eq. 7)');
  });

  it('explains a missing distribution and missing intrinsics', () => {
    const none = renderToStaticMarkup(<DepthBinsChart probs={null} focal={focal} />);
    expect(text(none)).toBe(
      'this run has no depth-bin distribution: its model family does not produce one',
    );
    const noF = renderToStaticMarkup(<DepthBinsChart probs={probs} focal={null} />);
    expect(text(noF)).toContain('focal length');
  });
});

describe('JointsPanel markup', () => {
  const gt = COCO_17.joints.map((_, j): [number, number] => [10 * j, 5]);
  const props = (jointScores: (number | null)[] | null) => ({
    frame: {} as never,
    person: {
      instanceId: 1, person: 0, bbox: null, joints2d: gt, joints3d: null,
      visibility: gt.map(() => 2), flags: 0, valid: true, edited: false, version: 0,
    }, // prettier-ignore
    prediction: {
      runId: 1, instanceId: 1, score: 0.9, joints2d: gt, joints3d: null, root: null,
      mpjpe: null, oks: null, jointScores,
    }, // prettier-ignore
    skeleton: COCO_17,
    run: { name: 'vitpose' } as never,
    runIndex: 0,
    artifacts: null,
    noRun: null,
    correct: undefined,
  });

  it('lists every joint with its pixel error and the model’s score', () => {
    const html = renderToStaticMarkup(<JointsPanel {...props(gt.map((_, j) => j / 16))} />);
    expect(tags(html, 'tr')).toHaveLength(1 + 17);
    expect(text(html)).toContain('left_shoulder');
    expect(text(html)).toContain('0.31');
    expect(text(html)).toContain('error px');
    expect(text(html)).not.toContain('no per-joint scores');
  });

  it('says when the run has no per-joint scores', () => {
    const html = renderToStaticMarkup(<JointsPanel {...props(null)} />);
    expect(text(html)).toContain('vitpose: no per-joint scores in this run');
  });
});
