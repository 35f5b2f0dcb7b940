import { useMemo } from 'react';
import { argmax2d, cropTransform, inputToImage, softArgmax2d } from '../../core';
import type { DecodedArtifact } from '../data/useArtifacts';
import { heatColor, type HeatPlane } from './heatRamp';

/**
 * One joint's heatmap (or the maximum over joints) drawn over the image in the crop it was
 * computed in, with its argmax (+) and soft-argmax (×) marked in image pixels.
 */
export function HeatmapLayer({
  maps,
  shown,
  crop,
  joint,
  opacity,
  scale,
}: {
  maps: DecodedArtifact;
  /** The drawn plane (the joint's map, or the maximum over joints), from heatPlane. */
  shown: HeatPlane;
  crop: readonly [number, number, number, number];
  /** A joint index, or null for the maximum over joints. */
  joint: number | null;
  opacity: number;
  scale: number;
}) {
  const [J, H, W] = [maps.shape[0]!, maps.shape[1]!, maps.shape[2]!];
  const url = useMemo(() => {
    const { plane, hi } = shown;
    const canvas = document.createElement('canvas');
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(W, H);
    for (let k = 0; k < H * W; k++)
      img.data.set(heatColor(hi > 0 ? Math.max(0, plane[k]!) / hi : 0), 4 * k);
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL();
  }, [shown, H, W]);

  const marks = useMemo(() => {
    if (joint === null) return null;
    const t = cropTransform(crop, { width: W, height: H });
    const h = { data: maps.values, joints: J, height: H, width: W };
    const hard = argmax2d(h, true)[joint]!;
    const soft = softArgmax2d(h)[joint]!;
    return { hard: inputToImage(t, hard.xy), soft: inputToImage(t, soft) };
  }, [maps, crop, joint, J, H, W]);

  const r = 6 / scale;
  return (
    <g className="heatmap-layer" aria-label="heatmap">
      <image
        href={url}
        x={crop[0]}
        y={crop[1]}
        width={crop[2]}
        height={crop[3]}
        opacity={opacity}
        preserveAspectRatio="none"
        style={{ imageRendering: 'pixelated' }}
      />

      {marks && (
        <g strokeWidth={1.5 / scale}>
          <path
            d={`M${marks.hard[0] - r},${marks.hard[1]}h${2 * r}M${marks.hard[0]},${marks.hard[1] - r}v${2 * r}`}
            stroke="#ffffff"
            aria-label="argmax"
          />
          <path
            d={`M${marks.soft[0] - r},${marks.soft[1] - r}l${2 * r},${2 * r}M${marks.soft[0] + r},${marks.soft[1] - r}l${-2 * r},${2 * r}`}
            stroke="#56B4E9"
            aria-label="soft-argmax"
          />
        </g>
      )}
    </g>
  );
}
