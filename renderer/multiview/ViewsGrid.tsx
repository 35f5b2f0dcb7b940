import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Moment, RunInfo } from '../../contract';
import { getSkeleton } from '../../core';
import { useDatasetStore } from '../data/useDatasetStore';
import { useViewsStore } from '../data/useViewsStore';
import { anchorView, projectPose, toWorld } from './momentGeometry';
import type { Correction } from './useCorrection';
import { ViewTile, type TilePlacement, type WorldPose } from './ViewTile';
import './views.css';

/** Columns that make the tiles largest for `n` images of aspect w:h in a W×H box. */
export function bestColumns(n: number, W: number, H: number, w: number, h: number): number {
  let best = 1;
  let bestScale = 0;
  for (let c = 1; c <= n; c++) {
    const rows = Math.ceil(n / c);
    // 26 px per tile go to its caption.
    const s = Math.min(W / c / w, (H / rows - 26) / h);
    if (s > bestScale) [best, bestScale] = [c, s];
  }
  return best;
}

/**
 * The views grid: the shown frame's moment from every calibrated camera, each with its own
 * labels and the moment's world poses (labels from the inspected view, and each run's
 * prediction there) projected into it; while correcting, the chosen joint's handle in each.
 */
export function ViewsGrid({
  moment,
  runs,
  focus,
  correction,
}: {
  moment: Moment;
  runs: readonly RunInfo[];
  /** The focus person's index (shared by the views). */
  focus: number | null;
  correction: Correction | null;
}) {
  const sources = useDatasetStore((s) => s.showSources);
  const follow = useViewsStore((s) => s.follow);
  const anchor = anchorView(moment);
  const skeleton = getSkeleton(moment.views[0]!.frame.skeleton);
  const box = useRef<HTMLDivElement>(null);
  const [cols, setCols] = useState(2);
  const first = moment.views[0]!.frame;
  const [w, h] = [first.width ?? 4, first.height ?? 3];
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const n = moment.views.length;
    const measure = () => setCols(bestColumns(n, el.clientWidth, el.clientHeight, w, h));
    measure();
    const obs = new ResizeObserver(measure);
    obs.observe(el);
    return () => obs.disconnect();
  }, [moment.views.length, w, h]);

  const poses = useMemo((): WorldPose[] => {
    if (!anchor) return [];
    const out: WorldPose[] = [];
    const runIndex = new Map(runs.map((r, i) => [r.id, i]));
    for (const p of anchor.frame.people) {
      const world = toWorld(p.joints3d, anchor.camera);
      if (world)
        out.push({
          person: p.person,
          world,
          run: null,
          label: `3D labels from ${anchor.label}, person ${p.person + 1}`,
        });
      for (const pred of anchor.frame.predictions) {
        if (pred.instanceId !== p.instanceId) continue;
        const pw = toWorld(pred.joints3d, anchor.camera);
        const run = runIndex.get(pred.runId);
        if (pw && run !== undefined)
          out.push({
            person: p.person,
            world: pw,
            run,
            label: `${runs[run]!.name} from ${anchor.label}, person ${p.person + 1}`,
          });
      }
    }
    return out;
  }, [anchor, runs]);

  const placements = useMemo(() => {
    const out = new Map<number, TilePlacement>();
    if (!correction) return out;
    const live = correction.live;
    const { place } = useViewsStore.getState();
    moment.views.forEach((v, i) => {
      const p = correction.views[i]!;
      if (!p.labelled) return;
      const projected = live.ok ? (projectPose([live.point], v.camera)[0] ?? null) : null;
      out.set(v.frame.imageId, {
        joint: correction.joint,
        at: p.at,
        placed: p.used,
        projected,
        residual: correction.residual.get(v.frame.imageId) ?? null,
        onPlace: (pixel) => place(correction.key, v.frame.imageId, pixel),
      });
    });
    return out;
  }, [correction, moment.views]);

  if (!anchor) return null;
  return (
    <div
      className="views-grid"
      ref={box}
      style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}
      aria-label={`Views of ${moment.scene}, frame ${moment.frame}`}
    >
      {moment.views.map((v) => (
        <ViewTile
          key={v.frame.imageId}
          view={v}
          anchor={anchor.label}
          poses={poses}
          focus={focus}
          skeleton={skeleton}
          placement={placements.get(v.frame.imageId) ?? null}
          showLabels={sources.gt}
          showRuns={sources.runs}
          follow={follow && focus !== null}
        />
      ))}
    </div>
  );
}
