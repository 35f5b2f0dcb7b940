import { describe, expect, it } from 'vitest';
import type { Pose2D } from '../types';
import { OKS_THRESHOLDS, oksApAt, type CocoAreaRange, type OksImage } from './oksAp';
import { OksApTally } from './oksApTally';
import { mulberry32 } from '../../test/helpers/random';

const J = 5;
const sigmas = [0.026, 0.025, 0.079, 0.107, 0.087];

/** Images with crowds, unlabelled people, small/medium/large areas, tied scores and too many detections. */
function images(seed: number): OksImage[] {
  const r = mulberry32(seed);
  return Array.from({ length: 12 }, () => {
    const gts = Array.from({ length: Math.floor(r() * 4) }, () => {
      const x = r() * 400;
      const y = r() * 300;
      const s = 20 + r() * 150;
      return {
        joints: Array.from({ length: J }, () => [x + r() * s, y + r() * s]) as Pose2D,
        visibility: Array.from({ length: J }, () => (r() < 0.15 ? 0 : r() < 0.5 ? 1 : 2)),
        area: [500, 3000, 20000][Math.floor(r() * 3)]! * (0.5 + r()),
        iscrowd: r() < 0.1,
      };
    });
    const dets = Array.from({ length: Math.floor(r() * 24) }, () => {
      const near = gts.length > 0 && r() < 0.7 ? gts[Math.floor(r() * gts.length)]! : undefined;
      const jitter = 2 + r() * 25;
      return {
        // Scores from a few values: ties within and across images.
        score: Math.floor(r() * 6) / 5,
        joints: Array.from({ length: J }, (_, j) =>
          near
            ? [near.joints[j]![0] + (r() - 0.5) * jitter, near.joints[j]![1] + (r() - 0.5) * jitter]
            : [r() * 500, r() * 400],
        ) as Pose2D,
      };
    });
    return { dets, gts };
  });
}

describe('OksApTally', () => {
  it('gives, image by image, what accumulating every image at once gives, at every pass', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const all = images(seed);
      const tally = new OksApTally(sigmas);
      for (const im of all) tally.addImage(im);
      const s = tally.stats();
      const whole = (range: CocoAreaRange) =>
        OKS_THRESHOLDS.map((t) => oksApAt(all, sigmas, t, range));
      const mean = (xs: number[]) =>
        xs.some(Number.isNaN) ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
      const [a, m, l] = (['all', 'medium', 'large'] as const).map(whole);
      expect(s, `seed ${seed}`).toEqual({
        ap: mean(a!.map((x) => x.ap)),
        ap50: a![0]!.ap,
        ap75: a![5]!.ap,
        apMedium: mean(m!.map((x) => x.ap)),
        apLarge: mean(l!.map((x) => x.ap)),
        ar: mean(a!.map((x) => x.ar)),
        ar50: a![0]!.ar,
        ar75: a![5]!.ar,
        arMedium: mean(m!.map((x) => x.ar)),
        arLarge: mean(l!.map((x) => x.ar)),
      });
      // The sets are not degenerate: something matched, something did not.
      expect(s.ap50, `seed ${seed}`).toBeGreaterThan(0);
      expect(s.ap50, `seed ${seed}`).toBeLessThan(100);
    }
  });

  it('scores nothing as NaN, as cocoapi prints −1', () => {
    const s = new OksApTally(sigmas).stats();
    expect(s.ap).toBeNaN();
    expect(s.ar).toBeNaN();
  });
});
