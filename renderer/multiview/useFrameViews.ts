import { useMemo } from 'react';
import type { Moment } from '../../contract';
import { useViewsStore } from '../data/useViewsStore';
import type { Rig } from '../three/RigCameras';
import { anchorView } from './momentGeometry';
import { useCorrection, type Correction } from './useCorrection';
import { useMoment } from './useMoment';

export interface FrameViews {
  readonly open: boolean;
  /** The moment's views while the grid is open; null when the frame has no other calibrated view. */
  readonly moment: Moment | null | undefined;
  readonly error: string | null;
  /** The joint being placed (edit mode with a joint chosen), with the live triangulation. */
  readonly correction: Correction | null;
  /** The other cameras, for the 3D panel. */
  readonly rig: Rig | undefined;
}

/** Everything the inspector needs of the views grid for the shown frame. */
export function useFrameViews(
  datasetId: number,
  imageId: number | undefined,
  generation: number,
  person: number | null,
  joint: number | null,
): FrameViews {
  const open = useViewsStore((s) => s.open);
  const { moment, error } = useMoment(datasetId, imageId, generation, open);
  // While the next frame's moment loads the last one stays up (as the frame itself does), but
  // nothing is placed on it.
  const shown = open ? moment : undefined;
  const current = shown && shown.imageId === imageId ? shown : undefined;
  const correction = useCorrection(current, person, joint);
  const rig = useMemo(() => {
    const anchor = shown ? anchorView(shown) : undefined;
    if (!shown || !anchor) return undefined;
    return {
      inspected: anchor.camera,
      label: anchor.label,
      others: shown.views
        .filter((v) => v !== anchor)
        .map((v) => ({
          label: v.label,
          camera: v.camera,
          width: v.frame.width ?? 1000,
          height: v.frame.height ?? 1000,
        })),
    };
  }, [shown]);
  return { open, moment: shown, error, correction, rig };
}
