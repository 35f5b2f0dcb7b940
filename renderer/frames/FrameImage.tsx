import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Frame, PersonLabel, RunInfo } from '../../contract';
import { getSkeleton, placePerson } from '../../core';
import { usePanZoom, type SharedView } from '../ui/usePanZoom';
import { useDatasetStore } from '../data/useDatasetStore';
import { runColor } from '../theme/sources';
import { useEdits, useToolResult } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { EditHandles } from '../edit/EditHandles';
import { BoxDraw } from '../edit/BoxDraw';
import { drag2d } from '../edit/editTools';
import { ErrorLines } from './ErrorLines';
import { HeatmapLayer } from '../inspector/HeatmapLayer';
import { cellAt, heatPlane } from '../inspector/heatRamp';
import { PoseOverlay } from '../ui/PoseOverlay';
import type { Artifacts } from '../data/useArtifacts';

/** The extent of a person's labelled 2D joints, as [x, y, w, h]; undefined without any. */
function jointsBox(joints: PersonLabel['joints2d']): [number, number, number, number] | undefined {
  const pts = (joints ?? []).filter((p): p is [number, number] => p !== null);
  if (pts.length === 0) return undefined;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  return [x0, y0, Math.max(...xs) - x0, Math.max(...ys) - y0];
}

/** The frame's image with every person's ground truth and each run's prediction on top. */
export function FrameImage({
  frame,
  runs,
  resetKey,
  focus,
  artifacts,
  onlyRuns,
  sharedView,
}: {
  frame: Frame;
  runs: readonly RunInfo[];
  resetKey: number;
  /** The inspected person: their box is drawn bold, their heatmaps over the image. */
  focus: number | null;
  artifacts: Artifacts | null;
  /** Draw only these runs' predictions (a compare pane); all runs when absent. */
  onlyRuns?: readonly number[];
  sharedView?: SharedView;
}) {
  const panel = useDatasetStore((s) => s.panel);
  const heatmapJoint = useDatasetStore((s) => s.heatmapJoint);
  const heatmapOpacity = useDatasetStore((s) => s.heatmapOpacity);
  const highlight = useDatasetStore((s) => s.highlight);
  const select = useDatasetStore((s) => s.selectInstance);
  const maps = artifacts?.byKind.get('heatmaps');
  const crop = artifacts?.crop;
  const heat = useMemo(
    () => (panel === 'heatmaps' && maps ? heatPlane(maps, heatmapJoint) : null),
    [panel, maps, heatmapJoint],
  );
  const setProbe = useDatasetStore((s) => s.setHeatmapProbe);
  const viewport = useRef<HTMLDivElement>(null);
  const { view, fit, fitRegion, handlers } = usePanZoom(sharedView);
  const fitPerson = useDatasetStore((s) => s.fitPerson);
  const predictions = onlyRuns
    ? frame.predictions.filter((p) => onlyRuns.includes(p.runId))
    : frame.predictions;
  const sources = useDatasetStore((s) => s.showSources);
  const [hover, setHover] = useState<string | null>(null);
  // Compare panes only show; the inspector's image is where labels are corrected.
  const editing = useEditStore((s) => s.editing) && !onlyRuns;
  const editJoint = useEditStore((s) => s.joint);
  const boneLock = useEditStore((s) => s.boneLock);
  const drawing = useEditStore((s) => s.drawing) && editing;
  const { addPerson } = useEdits();
  const edited = editing ? frame.people.find((p) => p.instanceId === focus) : undefined;
  const use = useToolResult(edited);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(
    frame.width && frame.height ? { w: frame.width, h: frame.height } : null,
  );
  const skeleton = getSkeleton(frame.skeleton);
  const w = natural?.w ?? frame.width ?? 1000;
  const h = natural?.h ?? frame.height ?? 1000;

  // The viewport's size as the resize observer last saw it. Reading clientWidth while a frame
  // switch commits forced a layout of the whole page in the middle of it (half again the
  // layout the browser does anyway before painting); the observer reports any change of size
  // after layout and refits then.
  const size = useRef<{ w: number; h: number } | null>(null);
  const sizeOf = (el: HTMLElement) => (size.current ??= { w: el.clientWidth, h: el.clientHeight });

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const box = sizeOf(el);
    fit(box.w, box.h, w, h);
  }, [fit, w, h, frame.imageId, resetKey]);
  // F: the inspected person fills the view (their box, else their labelled joints' extent).
  useLayoutEffect(() => {
    const el = viewport.current;
    const p = frame.people.find((q) => q.instanceId === focus);
    if (!el || !p || fitPerson === 0) return;
    const box = p.bbox ?? jointsBox(p.joints2d);
    const view = sizeOf(el);
    if (box) fitRegion(view.w, view.h, box, Math.min(view.w / w, view.h / h));
    // Only a new request (or another person) refits; the frame's other changes keep the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitPerson, focus]);
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const obs = new ResizeObserver(() => {
      size.current = { w: el.clientWidth, h: el.clientHeight };
      fit(size.current.w, size.current.h, w, h);
    });
    obs.observe(el);
    return () => obs.disconnect();
  }, [fit, w, h]);

  const runIndex = new Map(runs.map((r, i) => [r.id, i]));
  return (
    <div
      className="frame-image"
      ref={viewport}
      {...handlers}
      onPointerMove={(e) => {
        handlers.onPointerMove(e);
        if (!heat || !crop) return;
        // The heatmap value under the pointer, read out in the Heatmaps panel.
        const r = e.currentTarget.getBoundingClientRect();
        const x = (e.clientX - r.left - view.x) / view.scale;
        const y = (e.clientY - r.top - view.y) / view.scale;
        const cell = cellAt(crop, heat.width, heat.height, x, y);
        setProbe(
          cell
            ? { ...cell, value: heat.plane[cell.row * heat.width + cell.col]!, hi: heat.hi }
            : null,
        );
      }}
      onPointerLeave={() => heat && setProbe(null)}
    >
      <div
        className="frame-layer"
        style={{
          width: w,
          height: h,
          transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`,
        }}
      >
        {frame.missing ? (
          <div className="missing-image" style={{ width: w, height: h }}>
            image file missing: {frame.file}
          </div>
        ) : (
          <img
            src={`media/${frame.datasetId}/image/${frame.imageId}`}
            alt={frame.file}
            width={w}
            height={h}
            draggable={false}
            onLoad={(e) =>
              setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })
            }
          />
        )}
        <svg
          className="overlay"
          width={w}
          height={h}
          viewBox={`0 0 ${w} ${h}`}
          aria-label="keypoints"
        >
          {sources.runs &&
            predictions.map((p, k) =>
              p.joints2d ? (
                <PoseOverlay
                  key={`run${p.runId}-${k}`}
                  skeleton={skeleton}
                  joints={p.joints2d}
                  scale={view.scale}
                  color={runColor(runIndex.get(p.runId) ?? 0)}
                  label={runs.find((r) => r.id === p.runId)?.name ?? `run ${p.runId}`}
                  onHover={setHover}
                />
              ) : null,
            )}
          {sources.gt &&
            frame.people.map((p) => (
              <g key={`gt${p.instanceId}`}>
                {p.bbox && (
                  <rect
                    x={p.bbox[0]}
                    y={p.bbox[1]}
                    width={p.bbox[2]}
                    height={p.bbox[3]}
                    className={`bbox${p.flags ? ' flagged' : ''}${p.instanceId === focus ? ' focus' : ''}`}
                    strokeWidth={(p.instanceId === focus ? 2.2 : 1.2) / view.scale}
                    onClick={() => select(p.instanceId)}
                  />
                )}
                {p.joints2d && (
                  <PoseOverlay
                    skeleton={skeleton}
                    joints={p.joints2d}
                    visibility={p.visibility}
                    scale={view.scale}
                    label={`ground truth, person ${p.person + 1}`}
                    onHover={setHover}
                    highlight={p.instanceId === focus ? highlight : null}
                  />
                )}
              </g>
            ))}
          {sources.gt && sources.runs && (
            <ErrorLines
              frame={onlyRuns ? { ...frame, predictions } : frame}
              runIndex={runIndex}
              scale={view.scale}
            />
          )}
          {edited && (
            <EditHandles
              person={edited}
              skeleton={skeleton}
              scale={view.scale}
              selected={editJoint}
              onSelect={useEditStore.getState().setJoint}
              onDrop={(joint, uv) =>
                use(drag2d(frame, edited, joint, uv, boneLock), 'drag-2d', joint)
              }
              onBox={(bbox) =>
                use({ ok: true, after: { bbox }, what: 'Moved the box' }, 'edit-box', null)
              }
            />
          )}
          {drawing && (
            <BoxDraw
              width={w}
              height={h}
              scale={view.scale}
              onBox={(box) =>
                void addPerson(
                  frame.imageId,
                  placePerson(skeleton, box, frame.intrinsics),
                  'Added a person: drag their joints into place',
                )
              }
            />
          )}
          {heat && maps && artifacts?.crop && (
            <HeatmapLayer
              maps={maps}
              shown={heat}
              crop={artifacts.crop}
              joint={heatmapJoint}
              opacity={heatmapOpacity}
              scale={view.scale}
            />
          )}
        </svg>
      </div>
      {hover && <div className="hover-info">{hover}</div>}
    </div>
  );
}
