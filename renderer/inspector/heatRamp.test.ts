import { describe, expect, it } from 'vitest';
import { cellAt, heatColor, heatPlane } from './heatRamp';

describe('heatmap drawing helpers', () => {
  it('takes one joint’s map or the maximum over joints, with its largest value', () => {
    // Two joints of 2×3 maps.
    const values = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 1]);
    const maps = { shape: [2, 2, 3], values };
    expect(Array.from(heatPlane(maps, 1).plane)).toEqual([6, 0, 0, 0, 0, 1]);
    const all = heatPlane(maps, null);
    expect(Array.from(all.plane)).toEqual([6, 1, 2, 3, 4, 5]);
    expect([all.hi, all.width, all.height]).toEqual([6, 3, 2]);
  });

  it('finds the map cell under an image point of the crop, and none outside it', () => {
    const crop = [100, 50, 64, 32] as const;
    expect(cellAt(crop, 16, 8, 100, 50)).toEqual({ col: 0, row: 0 });
    expect(cellAt(crop, 16, 8, 163.9, 81.9)).toEqual({ col: 15, row: 7 });
    expect(cellAt(crop, 16, 8, 104, 54)).toEqual({ col: 1, row: 1 });
    expect(cellAt(crop, 16, 8, 164, 60)).toBeNull();
    expect(cellAt(crop, 16, 8, 99.9, 60)).toBeNull();
  });

  it('ramps dark red to yellow, transparent at 0 and opaque at the maximum', () => {
    expect(heatColor(0)).toEqual([255, 60, 40, 0]);
    expect(heatColor(1)).toEqual([255, 255, 0, 255]);
    expect(heatColor(2)).toEqual(heatColor(1));
  });
});
