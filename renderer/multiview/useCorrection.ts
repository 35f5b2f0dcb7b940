import { useMemo } from 'react';
import type { Moment } from '../../contract';
import { placementKey, useViewsStore } from '../data/useViewsStore';
import {
  anchorView,
  personIn,
  projectPose,
  toWorld,
  triangulateLive,
  type LiveTriangulation,
  type Placement,
  type Point2,
} from './momentGeometry';

export interface ViewPlacement {
  readonly imageId: number;
  readonly label: string;
  /** The handle's position: dragged, else the view's 2D label, else the anchor's reprojection. */
  readonly at: Point2;
  /** Dragged by the user (not only the label it started from). */
  readonly dragged: boolean;
  /** Counted in the triangulation: has a position, the person is labelled there, not left out. */
  readonly used: boolean;
  readonly excluded: boolean;
  /** Labelled here (the person is in this view): only such views can be written. */
  readonly labelled: boolean;
}

export interface Correction {
  readonly key: string;
  readonly joint: number;
  readonly person: number;
  readonly views: readonly ViewPlacement[];
  readonly live: LiveTriangulation;
  /** Per view image: the residual (px) of the live point, for the used views. */
  readonly residual: ReadonlyMap<number, number>;
}

/**
 * Correct from views: where the chosen joint of the focus person is placed in each view (the
 * user's drags over the views' own labels), and the point triangulated from them, live.
 */
export function useCorrection(
  moment: Moment | null | undefined,
  person: number | null,
  joint: number | null,
): Correction | null {
  const placedBy = useViewsStore((s) => s.key);
  const dragged = useViewsStore((s) => s.placed);
  const left = useViewsStore((s) => s.excluded);
  return useMemo(() => {
    if (!moment || person === null || joint === null) return null;
    const anchor = anchorView(moment);
    if (!anchor) return null;
    const key = placementKey(moment.imageId, person, joint);
    const mine = placedBy === key;
    const anchorWorld = toWorld(personIn(anchor, person)?.joints3d ?? null, anchor.camera);
    const views = moment.views.map((v): ViewPlacement => {
      const who = personIn(v, person);
      const moved = mine ? dragged.get(v.frame.imageId) : undefined;
      const label = who?.joints2d?.[joint] ?? null;
      const reprojected = anchorWorld ? (projectPose(anchorWorld, v.camera)[joint] ?? null) : null;
      const at = moved ?? label ?? reprojected;
      const excluded = mine && left.has(v.frame.imageId);
      return {
        imageId: v.frame.imageId,
        label: v.label,
        at,
        dragged: moved !== undefined,
        used: who !== undefined && at !== null && !excluded && (moved !== undefined || !!label),
        excluded,
        labelled: who !== undefined,
      };
    });
    const placed: Placement[] = [];
    views.forEach((p, i) => {
      if (p.used && p.at)
        placed.push({ imageId: p.imageId, camera: moment.views[i]!.camera, pixel: p.at });
    });
    const live = triangulateLive(placed);
    const residual = new Map<number, number>();
    if (live.ok) placed.forEach((p, i) => residual.set(p.imageId, live.residuals[i]!));
    return { key, joint, person, views, live, residual };
  }, [moment, person, joint, placedBy, dragged, left]);
}
