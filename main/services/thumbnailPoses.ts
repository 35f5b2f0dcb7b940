import { jointSide, SIDE_COLORS, type Skeleton } from '../../core';

type Point = readonly [number, number] | null;

/** A frame's labelled 2D skeletons in the pixels of an image `width`×`height`. */
export interface ThumbnailPoses {
  readonly width: number;
  readonly height: number;
  readonly skeletons: readonly (readonly Point[])[];
}

/**
 * The frame's skeletons as an SVG the size of its thumbnail, drawn over it once on the main
 * side: a card in the grid is then one image instead of an image under an SVG of a few dozen
 * shapes, which a compositor without a GPU redraws whenever the grid scrolls. Strokes and
 * joints are sized in thumbnail pixels, in the app's left/right colours.
 */
export function posesSvg(
  poses: ThumbnailPoses,
  skeleton: Skeleton,
  thumb: { width: number; height: number },
): string {
  const sx = thumb.width / poses.width;
  const sy = thumb.height / poses.height;
  const xy = (p: readonly [number, number]) =>
    `${(p[0] * sx).toFixed(1)} ${(p[1] * sy).toFixed(1)}`;
  const side = (i: number) => jointSide(skeleton.joints[i]!);
  const shapes: string[] = [];
  for (const joints of poses.skeletons) {
    for (const [a, b] of skeleton.bones) {
      const p = joints[a];
      const q = joints[b];
      if (!p || !q) continue;
      const colour = SIDE_COLORS[side(b) === 'center' ? side(a) : side(b)];
      shapes.push(`<path d="M${xy(p)}L${xy(q)}" stroke="${colour}"/>`);
    }
    joints.forEach((p, i) => {
      if (p)
        shapes.push(
          `<circle cx="${xy(p).replace(' ', '" cy="')}" r="2" fill="${SIDE_COLORS[side(i)]}"/>`,
        );
    });
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${thumb.width}" height="${thumb.height}">` +
    `<g stroke-width="1.6" stroke-linecap="round">${shapes.join('')}</g></svg>`
  );
}
