import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Frame, RunInfo } from '../../contract';
import { pixelToCamera, type Skeleton } from '../../core';
import { HIGHLIGHT_COLOR } from '../theme/palette';
import { fitFov, toScene, type ScenePoint } from './sceneMath';
import { buildSceneModel, sceneInstances, type Mode, type SceneModel } from './sceneModel';

export const DEFAULT_FOV = 50;

/**
 * A frame's scene: `full` holds everything the frame has (it decides the view and the floor, so
 * hiding a run moves neither), `model` what is shown, `instances` the spheres and rods to draw.
 */
export function useSceneModels(
  frame: Frame,
  skeleton: Skeleton,
  runs: readonly RunInfo[],
  mode: Mode,
  shown: {
    readonly visibleRuns?: readonly number[] | undefined;
    readonly showGroundTruth?: boolean | undefined;
    readonly highlightJoints?: readonly number[] | undefined;
  },
) {
  const { visibleRuns, showGroundTruth, highlightJoints } = shown;
  // Parents tend to pass fresh arrays on every render; key the memos on their contents.
  const visibleKey = visibleRuns?.join(',');
  const highlightKey = (highlightJoints ?? []).join(',');
  const full = useMemo(
    () => buildSceneModel(frame, skeleton, runs, { mode }),
    [frame, skeleton, runs, mode],
  );
  const model = useMemo(
    () =>
      visibleKey === undefined && showGroundTruth !== false
        ? full
        : buildSceneModel(frame, skeleton, runs, {
            mode,
            visibleRuns: visibleKey?.split(',').filter(Boolean).map(Number),
            showGroundTruth,
          }),
    [full, frame, skeleton, runs, mode, visibleKey, showGroundTruth],
  );
  const instances = useMemo(() => {
    const lit = new Set(highlightKey.split(',').filter(Boolean).map(Number));
    return sceneInstances(model.skeletons, skeleton, lit, HIGHLIGHT_COLOR);
  }, [model, skeleton, highlightKey]);
  return { full, model, instances };
}

/**
 * What the view is set up from: the bounds, the floor's up and the intrinsics of the frame and
 * mode it was last set for. An edit changes the frame's joints, not what is being looked at: the
 * preset (and the user's orbit) is re-applied only for another frame or mode, never because a
 * dragged joint moved.
 */
export function useHeldView(frame: Frame, full: SceneModel, mode: Mode) {
  const viewKey = `${frame.imageId} ${mode}`;
  const held = () => ({
    key: viewKey,
    bounds: full.bounds,
    up: full.floor?.normal,
    intr: frame.intrinsics,
  });
  const [view, setView] = useState(held);
  if (view.key !== viewKey) setView(held());
  return view;
}

/**
 * The camera preset's field of view for a canvas's aspect, and where it looks: through the image
 * centre, or without intrinsics down the optical axis; no real camera in root-aligned mode.
 */
export function useViewCamera(
  intr: Frame['intrinsics'],
  w: number | null,
  h: number | null,
  mode: Mode,
) {
  const fov = useCallback(
    (aspect: number) => (intr && w && h ? fitFov(intr, w, h, aspect) : DEFAULT_FOV),
    [intr, w, h],
  );
  const realCamera = useMemo(() => {
    if (mode !== 'absolute') return undefined;
    const ray: ScenePoint =
      intr && w && h ? toScene(pixelToCamera([w / 2, h / 2], 1000, intr)) : [0, 0, -1];
    return { imageCenterRay: ray };
  }, [mode, intr, w, h]);
  return { fov, realCamera };
}

/**
 * The joint instance under the pointer, and the handler the instances report it to; the parent
 * hears of the joint (skeleton index) when it changes. Instance indices depend on the model
 * alone (not on highlighting), so the hover belongs to one model: a new frame or mode drops it
 * without an effect, a new highlight keeps it.
 */
export function useJointHover(
  model: SceneModel,
  instances: ReturnType<typeof sceneInstances>,
  onHoverJoint: ((joint: number | null) => void) | undefined,
) {
  const [hover, setHover] = useState<{ of: SceneModel; index: number } | null>(null);
  const hovered = hover?.of === model ? hover.index : null;
  const reported = useRef<number | null>(null);
  const onHoverRef = useRef(onHoverJoint);
  useEffect(() => {
    onHoverRef.current = onHoverJoint;
  });
  // The parent hears that the hover ended when the hovered skeletons go away.
  useEffect(
    () => () => {
      if (reported.current === null) return;
      reported.current = null;
      onHoverRef.current?.(null);
    },
    [model],
  );
  const onHover = useCallback(
    (index: number | null) => {
      setHover((h) =>
        index === null ? null : h?.of === model && h.index === index ? h : { of: model, index },
      );
      const joint = index === null ? null : (instances.joints[index]?.joint ?? null);
      if (joint !== reported.current) {
        reported.current = joint;
        onHoverJoint?.(joint);
      }
    },
    [model, instances, onHoverJoint],
  );
  return { hovered, onHover };
}
