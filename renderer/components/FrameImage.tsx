import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Frame, RunInfo } from '../../contract';
import { getSkeleton, type SkeletonId } from '../../core';
import { usePanZoom } from '../hooks/usePanZoom';
import { useDatasetStore } from '../state/useDatasetStore';
import { runColor } from '../theme/sources';
import { ErrorLines } from './ErrorLines';
import { PoseOverlay } from './PoseOverlay';

/** The frame's image with every person's ground truth and each run's prediction on top. */
export function FrameImage({
  frame,
  runs,
  resetKey,
}: {
  frame: Frame;
  runs: readonly RunInfo[];
  resetKey: number;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const { view, fit, handlers } = usePanZoom();
  const sources = useDatasetStore((s) => s.showSources);
  const [hover, setHover] = useState<string | null>(null);
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(
    frame.width && frame.height ? { w: frame.width, h: frame.height } : null,
  );
  const skeleton = getSkeleton(frame.skeleton as SkeletonId);
  const w = natural?.w ?? frame.width ?? 1000;
  const h = natural?.h ?? frame.height ?? 1000;

  useLayoutEffect(() => {
    const el = viewport.current;
    if (el) fit(el.clientWidth, el.clientHeight, w, h);
  }, [fit, w, h, frame.imageId, resetKey]);
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const obs = new ResizeObserver(() => fit(el.clientWidth, el.clientHeight, w, h));
    obs.observe(el);
    return () => obs.disconnect();
  }, [fit, w, h]);

  const runIndex = new Map(runs.map((r, i) => [r.id, i]));
  return (
    <div className="frame-image" ref={viewport} {...handlers}>
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
            frame.predictions.map((p, k) =>
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
                    className={p.flags ? 'bbox flagged' : 'bbox'}
                    strokeWidth={1.2 / view.scale}
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
                  />
                )}
              </g>
            ))}
          {sources.gt && sources.runs && (
            <ErrorLines frame={frame} runIndex={runIndex} scale={view.scale} />
          )}
        </svg>
      </div>
      {hover && <div className="hover-info">{hover}</div>}
    </div>
  );
}
