import { useMemo } from 'react';
import type { DecodedArtifact } from '../data/useArtifacts';
import { useDatasetStore } from '../data/useDatasetStore';
import { heatColor, heatPlane } from './heatRamp';

const RAMP_STEPS = 64;

/**
 * The heatmap's colour scale, 0 to the shown map's maximum (the ramp the image uses), and the
 * value under the pointer on the image with its cell and share of that maximum.
 */
export function HeatScale({
  maps,
  joint,
}: {
  readonly maps: DecodedArtifact;
  readonly joint: number | null;
}) {
  const probe = useDatasetStore((s) => s.heatmapProbe);
  const hi = useMemo(() => heatPlane(maps, joint).hi, [maps, joint]);
  const ramp = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = RAMP_STEPS;
    canvas.height = 1;
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(RAMP_STEPS, 1);
    for (let k = 0; k < RAMP_STEPS; k++) img.data.set(heatColor(k / (RAMP_STEPS - 1)), 4 * k);
    ctx.putImageData(img, 0, 0);
    return canvas.toDataURL();
  }, []);
  return (
    <div className="heat-scale">
      <div className="heat-scale-bar">
        <span>0</span>
        <img src={ramp} alt="" width={160} height={10} />
        <span>{hi.toPrecision(3)}</span>
      </div>
      <p className="heat-readout" aria-live="polite">
        {probe
          ? `value ${probe.value.toPrecision(3)} at cell (${probe.col}, ${probe.row}) · ${
              probe.hi > 0 ? ((100 * probe.value) / probe.hi).toFixed(0) : '0'
            } % of the maximum`
          : 'hover the image for the value under the pointer'}
      </p>
    </div>
  );
}
