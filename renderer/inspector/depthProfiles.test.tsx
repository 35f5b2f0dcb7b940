import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MUPOTS_17 } from '../../core';
import { DepthProfiles } from './DepthProfiles';
import { binToMm, mmToBin, profileRows } from './depthProfiles';
import { tags, text } from '../testing/testMarkup';

const J = 17;
const D = 64;
const RANGE = 2000;

/** Profiles with all mass in one bin per joint: joint j peaks at bin 8 + 2j. */
function peaked(): Float32Array {
  const v = new Float32Array(J * D);
  for (let j = 0; j < J; j++) v[j * D + 8 + 2 * j] = 1;
  return v;
}

describe('depth profiles', () => {
  it('maps bins to root-relative millimetres as the volumetric decoder does, and back', () => {
    expect(binToMm(0, D, RANGE)).toBe(-1000);
    expect(binToMm(D / 2, D, RANGE)).toBe(0);
    expect(binToMm(D, D, RANGE)).toBe(1000);
    for (const mm of [-731, 0, 12.5, 999])
      expect(binToMm(mmToBin(mm, D, RANGE), D, RANGE)).toBeCloseTo(mm, 9);
  });

  it('finds each joint’s peak, expected depth and confidence', () => {
    const v = peaked();
    // Joint 0 split evenly over bins 8 and 10: expected at bin 9, half the mass at the peak.
    v[8] = 0.5;
    v[10] = 0.5;
    const rows = profileRows(v, J, D, RANGE);
    expect(rows[0]!.expectedMm).toBeCloseTo(binToMm(9, D, RANGE), 9);
    expect(rows[0]!.peakMass).toBeCloseTo(0.5, 9);
    expect(rows[3]!.peakMm).toBe(binToMm(14, D, RANGE));
    expect(rows[3]!.peakMass).toBe(1);
    expect(rows[3]!.shade[14]).toBe(1);
    expect(rows[3]!.shade.filter((s) => s > 0)).toHaveLength(1);
  });

  it('draws one strip per joint with the ground truth at its depth on the same axis', () => {
    const gt = Array.from({ length: J }, (_, j) => (j === 5 ? 250 : null));
    const html = renderToStaticMarkup(
      <DepthProfiles
        skeleton={MUPOTS_17}
        values={peaked()}
        shape={[J, D]}
        rangeMm={RANGE}
        gtRelMm={gt}
        predRelMm={null}
        color="#0072b2"
      />,
    );
    expect(tags(html, 'g').filter((t) => t['data-joint'] !== undefined)).toHaveLength(J);
    const [line] = tags(html, 'line').filter((t) => t.class === 'profile-gt');
    expect(line?.['data-mm']).toBe('250.0');
    // 96 px of labels, then 260 px for the 2 m span: +250 mm lands at 96 + (0.625 × 260).
    expect(Number(line?.x1)).toBeCloseTo(96 + 0.625 * 260, 6);
    expect(text(html)).toContain('64 bins over 2.0 m');
    for (const j of MUPOTS_17.joints) expect(text(html)).toContain(j.name);
  });

  it('says so when the profiles do not fit the skeleton', () => {
    const html = renderToStaticMarkup(
      <DepthProfiles
        skeleton={MUPOTS_17}
        values={new Float32Array(10 * D)}
        shape={[10, D]}
        rangeMm={RANGE}
        gtRelMm={null}
        predRelMm={null}
        color="#0072b2"
      />,
    );
    expect(text(html)).toContain(
      "depth profiles of shape [10, 64] do not fit this skeleton's 17 joints",
    );
  });
});
