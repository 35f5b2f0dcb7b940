import { useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import type { MomentView } from '../../contract';
import type { Skeleton } from '../../core';
import { imagePoint } from '../edit/imagePoint';
import { runColor } from '../theme/sources';
import { PoseOverlay } from '../ui/PoseOverlay';
import {
  followRegion,
  projectPose,
  reprojectionError,
  type Point2,
  type Point3,
} from './momentGeometry';

/** A pose in world space to draw reprojected into every view. */
export interface WorldPose {
  readonly person: number;
  readonly world: readonly Point3[];
  /** The run's index in the dataset's runs (its colour), or null for the labels. */
  readonly run: number | null;
  readonly label: string;
}

/** The joint being placed in this view, when correcting from views. */
export interface TilePlacement {
  readonly joint: number;
  /** Where the handle is: the user's placement, else the view's label, else the reprojection. */
  readonly at: Point2;
  readonly placed: boolean;
  /** Where the live triangulated point projects, and its distance from `at` (px). */
  readonly projected: Point2;
  readonly residual: number | null;
  onPlace(pixel: readonly [number, number]): void;
}

const fmt = (v: number) => v.toFixed(1);

/**
 * One camera's image of the moment: its own 2D labels (solid), the moment's world pose of the
 * labels (thin, white) and of each run (its colour) projected through the camera with its
 * distortion, and how far the focus person's labels here lie from that projection.
 */
export function ViewTile({
  view,
  anchor,
  poses,
  focus,
  skeleton,
  placement,
  showLabels,
  showRuns,
  follow,
}: {
  view: MomentView;
  /** The view the world pose of the labels is taken from. */
  anchor: string;
  poses: readonly WorldPose[];
  focus: number | null;
  skeleton: Skeleton;
  placement: TilePlacement | null;
  showLabels: boolean;
  showRuns: boolean;
  /** Show the focus person's part of the image rather than all of it. */
  follow: boolean;
}) {
  const { frame, camera } = view;
  const w = frame.width ?? 1000;
  const h = frame.height ?? 1000;
  const body = useRef<HTMLDivElement>(null);
  const projected = poses.map((p) => ({ ...p, uv: projectPose(p.world, camera) }));
  const mine = frame.people.find((p) => p.person === focus);
  const focusLabels = projected.find((p) => p.run === null && p.person === focus);
  const region =
    (follow && followRegion([...(mine?.joints2d ?? []), ...(focusLabels?.uv ?? [])], w, h)) ||
    ([0, 0, w, h] as const);
  const [rw, rh] = [region[2], region[3]];
  const [box, setBox] = useState<{ w: number; h: number } | null>(null);
  useLayoutEffect(() => {
    const el = body.current;
    if (!el) return;
    const measure = () => setBox({ w: el.clientWidth, h: el.clientHeight });
    measure();
    const obs = new ResizeObserver(measure);
    obs.observe(el);
    return () => obs.disconnect();
  }, []);
  // Screen pixels per image pixel, so strokes and handles keep their screen size at any zoom.
  const scale = box ? Math.min(box.w / rw, box.h / rh) || 0.5 : 0.5;
  const err = mine && focusLabels ? reprojectionError(mine.joints2d, focusLabels.uv) : null;
  const isAnchor = view.label === anchor;
  return (
    <figure
      className={`view-tile${isAnchor ? ' anchor' : ''}`}
      data-view={view.label}
      data-image={frame.imageId}
      data-reproj-mean={err ? err.mean.toFixed(3) : ''}
      data-reproj-max={err ? err.max.toFixed(3) : ''}
      data-residual={placement?.residual?.toFixed(3) ?? ''}
    >
      <figcaption>
        <strong>{view.label}</strong>
        {isAnchor && <span className="muted"> · inspected view</span>}
        {err && (
          <span
            className={err.max > 10 ? 'reproj bad' : 'reproj'}
            title={`The focus person's 2D labels in ${view.label} against their 3D labels from ${anchor}, projected through ${view.label}'s camera`}
          >
            {' '}
            · labels ↔ 3D: {fmt(err.mean)} px mean, {fmt(err.max)} px max (
            {skeleton.joints[err.worst]?.name})
          </span>
        )}
        {placement && placement.residual !== null && (
          <span className="residual"> · residual {fmt(placement.residual)} px</span>
        )}
      </figcaption>
      <div className="view-body" ref={body}>
        <svg
          viewBox={region.join(' ')}
          preserveAspectRatio="xMidYMid meet"
          aria-label={`view ${view.label}`}
        >
          {frame.missing ? (
            <text x={w / 2} y={h / 2} className="missing-text" textAnchor="middle">
              image file missing: {frame.file}
            </text>
          ) : (
            <image href={`media/${frame.datasetId}/image/${frame.imageId}`} width={w} height={h} />
          )}
          {showLabels &&
            frame.people.map((p) =>
              p.joints2d ? (
                <PoseOverlay
                  key={`gt${p.instanceId}`}
                  skeleton={skeleton}
                  joints={p.joints2d}
                  visibility={p.visibility}
                  scale={scale}
                  label={`ground truth in ${view.label}, person ${p.person + 1}`}
                />
              ) : null,
            )}
          {projected.map((p) =>
            (p.run === null ? showLabels : showRuns) ? (
              <g
                key={`${p.run ?? 'gt'}-${p.person}`}
                className={p.run === null ? 'reprojected' : 'reprojected-run'}
              >
                <PoseOverlay
                  skeleton={skeleton}
                  joints={p.uv}
                  scale={p.run === null ? scale * 2.5 : scale * 1.4}
                  color={p.run === null ? '#f4f6f8' : runColor(p.run)}
                  label={p.label}
                />
              </g>
            ) : null,
          )}
          {placement && <PlacementHandle placement={placement} scale={scale} />}
        </svg>
      </div>
    </figure>
  );
}

/** The joint's handle in this view: drag to place it; the triangulated point's projection as a cross. */
function PlacementHandle({ placement, scale }: { placement: TilePlacement; scale: number }) {
  const [dragging, setDragging] = useState(false);
  const r = 7 / scale;
  const { at, projected } = placement;
  const move = (e: PointerEvent<SVGCircleElement>) => {
    if (!dragging) return;
    e.stopPropagation();
    const uv = imagePoint(e);
    if (uv) placement.onPlace(uv);
  };
  return (
    <g className="placement" data-joint={placement.joint}>
      {at && projected && (
        <line
          x1={at[0]}
          y1={at[1]}
          x2={projected[0]}
          y2={projected[1]}
          className="placement-residual"
          strokeWidth={1.5 / scale}
        />
      )}
      {projected && (
        <path
          className="placement-projected"
          d={`M${projected[0] - r} ${projected[1]}h${2 * r}M${projected[0]} ${projected[1] - r}v${2 * r}`}
          strokeWidth={2 / scale}
        />
      )}
      {at && (
        <circle
          className={`placement-handle${placement.placed ? ' placed' : ''}`}
          cx={at[0]}
          cy={at[1]}
          r={r}
          strokeWidth={2 / scale}
          onPointerDown={(e) => {
            e.stopPropagation();
            e.currentTarget.setPointerCapture(e.pointerId);
            setDragging(true);
          }}
          onPointerMove={move}
          onPointerUp={(e) => {
            move(e);
            setDragging(false);
          }}
        >
          <title>drag to where the joint is in this view</title>
        </circle>
      )}
    </g>
  );
}
