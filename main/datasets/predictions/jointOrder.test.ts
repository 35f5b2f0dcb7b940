import { describe, expect, it } from 'vitest';
import { BLAZEPOSE_33, COCO_17, H36M_17, MPII_16, MUPOTS_17, jointIndex } from '../../../core';
import { JointOrder } from './jointOrder';

const flat = (n: number, dims: number, f: (j: number, d: number) => number) =>
  Float64Array.from({ length: n * dims }, (_, i) => f(Math.floor(i / dims), i % dims));

describe("placing a prediction's joints in the dataset's skeleton", () => {
  it("takes the dataset's own count as it is when no other skeleton is named", () => {
    const order = new JointOrder(MUPOTS_17);
    const data = flat(17, 3, (j, d) => 10 * j + d);
    expect(order.toDataset(data, 17, 3)).toEqual({ data });
    expect(order.describe()).toBeNull();
  });

  it('maps a named skeleton of the same count by anatomy, never by position', () => {
    const order = new JointOrder(MUPOTS_17, H36M_17);
    // Each H36M joint at x = its index: the MuPoTS joint of the same anatomy gets that index.
    const r = order.toDataset(
      flat(17, 3, (j, d) => (d === 0 ? j : 0)),
      17,
      3,
    );
    if ('error' in r) throw new Error(r.error);
    const x = (name: string) => r.data[3 * jointIndex(MUPOTS_17, name)]!;
    expect(x('R_Wrist')).toBe(jointIndex(H36M_17, 'R_Wrist'));
    expect(x('L_Ankle')).toBe(jointIndex(H36M_17, 'L_Ankle'));
    expect(x('Pelvis')).toBe(jointIndex(H36M_17, 'Pelvis'));
    expect(order.describe()).toMatch(/^h36m17 → mupots17 by anatomy: \d+ joints direct/);
  });

  it('derives joints the prediction lacks from their parts, and leaves the rest missing (NaN)', () => {
    const order = new JointOrder(H36M_17);
    const scores = flat(17, 1, (j) => j / 20);
    const r = order.toDataset(
      flat(17, 2, (j, d) => 100 * j + d),
      17,
      2,
    );
    expect(r).toEqual({ data: flat(17, 2, (j, d) => 100 * j + d) });
    // 17 is the dataset's own count: the COCO order must be named to be mapped.
    const named = new JointOrder(H36M_17, COCO_17);
    const m = named.toDataset(
      flat(17, 2, (j, d) => 100 * j + d),
      17,
      2,
      scores,
    );
    if ('error' in m) throw new Error(m.error);
    const at = (name: string) => jointIndex(H36M_17, name);
    const coco = (name: string) => jointIndex(COCO_17, name);
    // Pelvis = mean(left_hip, right_hip), in coordinates and in scores.
    expect(m.data[2 * at('Pelvis')]).toBe((100 * coco('left_hip') + 100 * coco('right_hip')) / 2);
    expect(m.scores![at('Pelvis')]).toBeCloseTo((coco('left_hip') + coco('right_hip')) / 40, 12);
    expect(m.data[2 * at('L_Knee')]).toBe(100 * coco('left_knee'));
    // COCO has no head top: missing, not zero.
    expect(m.data[2 * at('Head')]).toBeNaN();
    expect(m.scores![at('Head')]).toBeNaN();
    expect(named.describe()).toMatch(/coco17 → h36m17 .*missing \(Head\)/);
  });

  it('maps a count only one known skeleton has without being told', () => {
    const order = new JointOrder(COCO_17);
    const r = order.toDataset(
      flat(33, 2, (j) => j),
      33,
      2,
    );
    if ('error' in r) throw new Error(r.error);
    expect(r.data[2 * jointIndex(COCO_17, 'left_wrist')]).toBe(
      jointIndex(BLAZEPOSE_33, 'left_wrist'),
    );
    expect(order.describe()).toMatch(/^blazepose33 → coco17/);
  });

  it('refuses an ambiguous or unknown count, naming the count and the candidates', () => {
    const order = new JointOrder(MPII_16);
    const ambiguous = order.toDataset(new Float64Array(17 * 2), 17, 2);
    expect(ambiguous).toEqual({
      error: expect.stringMatching(
        /^17 joints could be .*h36m17.*coco17.*: name one with --pred-skeleton$/,
      ) as string,
    });
    const unknown = order.toDataset(new Float64Array(12 * 2), 12, 2);
    expect(unknown).toEqual({
      error: expect.stringMatching(
        /^no known skeleton has 12 joints \(.*coco17 17.*mpii16 16/,
      ) as string,
    });
    const named = new JointOrder(MPII_16, COCO_17);
    expect(named.toDataset(new Float64Array(16 * 2), 16, 2)).toEqual({
      error: '--pred-skeleton coco17 has 17',
    });
  });
});
