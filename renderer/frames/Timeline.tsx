import { useCallback, useEffect, useMemo, useState } from 'react';
import { getSkeleton } from '../../core';
import { datasetKind, type DatasetInfo } from '../../contract';
import { useFrameCache } from '../data/useFrame';
import { TakeExportButton } from './TakeExportButton';
import { usePlayback } from './usePlayback';
import { useTakeTimeline } from './useTakeTimeline';
import { CURVE_H, CURVE_W, curvePath, curveScale } from './timelineCurve';
import { useTakeStore, type TakeSeriesKey } from '../data/useTakeStore';
import './timeline.css';

type SeriesKey = TakeSeriesKey;
const W = CURVE_W;
const H = CURVE_H;
/** A take's rate when its data states none (MuPoTS-3D's layout carries none). */
const FALLBACK_FPS = 10;

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

/**
 * The take under the inspector: play and pause at the take's rate (space), step (`,` `.`, with
 * shift ×10), scrub, and the primary run's per-frame error along it — a click on a spike goes
 * there.
 */
export function Timeline({
  dataset,
  imageId,
  runId,
  generation,
  shown,
}: {
  dataset: DatasetInfo;
  imageId: number | undefined;
  runId: number | null;
  generation: number;
  /** The frame's own labels are on screen (the timeline of a new take is asked for after them). */
  shown: boolean;
}) {
  const threeD = datasetKind(dataset.format) === '3d';
  const [series, setSeries] = useState<SeriesKey>(threeD ? 'mpjpe' : 'oks');
  const [joint, setJoint] = useState(0);
  const timeline = useTakeTimeline(
    dataset.id,
    imageId,
    runId,
    series === 'joint' ? joint : null,
    generation,
    shown,
  );
  const cache = useFrameCache();
  const prefetch = useCallback(
    (ids: readonly number[], decode: number) =>
      cache.prefetchMany(dataset.id, ids, generation, decode),
    [cache, dataset.id, generation],
  );
  const ids = useMemo(() => timeline?.frames.map((f) => f.imageId) ?? [], [timeline]);
  const index = imageId === undefined ? -1 : ids.indexOf(imageId);
  const fps = timeline?.take.fps ?? FALLBACK_FPS;
  const { playing, setPlaying, seek } = usePlayback(ids, Math.max(0, index), fps, prefetch);

  // The failure keys follow the take and the curve shown (useTakeStore's stepAlongTake).
  useEffect(() => {
    useTakeStore.setState({ timeline, series, threeD });
    return () => useTakeStore.setState({ timeline: null });
  }, [timeline, series, threeD]);
  useEffect(() => {
    if (!timeline) return;
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const step = e.shiftKey ? 10 : 1;
      if (e.key === ' ') {
        e.preventDefault();
        if (!playing && index >= ids.length - 1) seek(0);
        setPlaying(!playing);
      } else if (e.key === ',' || e.key === '<') {
        setPlaying(false);
        seek(index - step);
      } else if (e.key === '.' || e.key === '>') {
        setPlaying(false);
        seek(index + step);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [timeline, playing, index, ids.length, seek, setPlaying]);

  // The curve is a path through the take's thousands of frames: drawn once per take and figure,
  // not at every step along it.
  const shape = useMemo(() => {
    if (!timeline || timeline.frames.length === 0) return null;
    const values = timeline.series[series] ?? [];
    return { ...curveScale(timeline.frames), values, ...curvePath(timeline.frames, values) };
  }, [timeline, series]);

  if (!timeline) return null;
  // The shown frame's take is still loading: an empty bar and curve hold their place, so the
  // views above keep their size (a 3D view resized twice a frame switch reallocated its
  // drawing buffer both times).
  if (index < 0)
    return (
      <section className="timeline loading" aria-label="Take timeline" aria-busy="true">
        <div className="timeline-bar" />
        <div className="timeline-track" />
      </section>
    );
  // A frame of the take is shown, so the take has frames and a curve.
  if (!shape) return null;
  const { take, frames } = timeline;
  const { first, span, x, values, d, hi } = shape;
  const unit = series === 'oks' ? '' : series === 'joint' && !threeD ? ' px' : ' mm';
  const current = values[index];
  const joints = getSkeleton(dataset.skeleton).joints;
  return (
    <section className="timeline" aria-label="Take timeline">
      <div className="timeline-bar">
        <button
          type="button"
          aria-label={playing ? 'Pause' : 'Play'}
          title="space"
          onClick={() => {
            if (!playing && index >= ids.length - 1) seek(0);
            setPlaying(!playing);
          }}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <button type="button" aria-label="Previous frame" title="," onClick={() => seek(index - 1)}>
          ‹
        </button>
        <button type="button" aria-label="Next frame" title="." onClick={() => seek(index + 1)}>
          ›
        </button>
        <strong>{take.key}</strong>
        <span className="muted" aria-label="Take position">
          frame {index + 1} / {frames.length}
          {frames[index]?.frame !== null && ` (#${frames[index]!.frame})`} ·{' '}
          {take.fps ? `${take.fps} fps` : `rate unknown, plays at ${FALLBACK_FPS} fps`}
        </span>
        <input
          type="range"
          aria-label="Scrub take"
          min={0}
          max={frames.length - 1}
          value={index}
          onChange={(e) => {
            setPlaying(false);
            seek(Number(e.target.value));
          }}
        />
        <select
          aria-label="Timeline figure"
          value={series}
          onChange={(e) => setSeries(e.target.value as SeriesKey)}
        >
          {threeD && <option value="mpjpe">MPJPE</option>}
          {threeD && <option value="mrpe">MRPE</option>}
          {!threeD && <option value="oks">OKS</option>}
          <option value="joint">one joint&apos;s error</option>
        </select>
        {series === 'joint' && (
          <select
            aria-label="Timeline joint"
            value={joint}
            onChange={(e) => setJoint(Number(e.target.value))}
          >
            {joints.map((j, i) => (
              <option key={j.name} value={i}>
                {j.name}
              </option>
            ))}
          </select>
        )}
        <span className="muted">
          {runId === null
            ? 'no run: pick a primary run for its errors'
            : current === null || current === undefined
              ? '—'
              : `${current.toFixed(series === 'oks' ? 3 : 1)}${unit}`}
        </span>
        <TakeExportButton timeline={timeline} />
      </div>
      {/* The playhead is a layer of its own moved by the compositor: inside the SVG, each step
          made the whole curve be rasterised again (about 20 ms without a GPU). */}
      <div className="timeline-track">
        <svg
          className="timeline-curve"
          viewBox={`0 0 ${W} ${H}`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`${series} along the take, highest ${hi.toFixed(1)}${unit}`}
          onClick={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            const slot = first + ((e.clientX - box.left) / box.width) * span;
            let best = 0;
            frames.forEach((f, i) => {
              if (Math.abs(f.slot - slot) < Math.abs(frames[best]!.slot - slot)) best = i;
            });
            setPlaying(false);
            seek(best);
          }}
        >
          <path d={d} className="timeline-line" vectorEffect="non-scaling-stroke" />
        </svg>
        <div
          className="timeline-head"
          style={{ transform: `translateX(${((x(frames[index]!.slot) / W) * 100).toFixed(3)}%)` }}
        />
      </div>
    </section>
  );
}
