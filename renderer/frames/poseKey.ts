import type { FrameRow } from '../../contract';

/**
 * A short key of a frame's labelled skeletons for its thumbnail's URL: the main side draws
 * them into the thumbnail, and a correction must reach the grid as a new URL rather than the
 * browser's cached picture. FNV-1a over the joints at a tenth of a pixel; '' for no skeletons.
 */
export function poseKey(skeletons: FrameRow['skeletons']): string {
  if (skeletons.length === 0) return '';
  let h = 0x811c9dc5;
  const mix = (v: number) => {
    h ^= v;
    h = Math.imul(h, 0x01000193);
  };
  for (const joints of skeletons) {
    mix(joints.length);
    for (const p of joints) {
      if (!p) mix(-1);
      else {
        mix(Math.round(p[0] * 10));
        mix(Math.round(p[1] * 10));
      }
    }
  }
  return (h >>> 0).toString(36);
}
