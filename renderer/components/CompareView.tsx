import { useMemo } from 'react';
import type { DatasetInfo, Frame } from '../../contract';
import { useFrame } from '../hooks/useFrame';
import { useCompareStore } from '../state/useCompareStore';
import { useDatasetStore } from '../state/useDatasetStore';
import type { useFramePages } from '../state/useFramePages';
import { runColor } from '../theme/sources';
import { FrameImage } from './FrameImage';

/** A frame's mean MPJPE over the people a run matched, or null when it matched none. */
function frameMpjpe(frame: Frame, runId: number): number | null {
  const v = frame.predictions
    .filter((p) => p.runId === runId && p.mpjpe !== null)
    .map((p) => p.mpjpe!);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** Panes to start with: two runs when there are two, else the labels beside the one run. */
function defaultPanes(dataset: DatasetInfo): (number | null)[] {
  const runs = dataset.runs.map((r) => r.id);
  return runs.length >= 2 ? runs.slice(0, 2) : [null, ...runs.slice(0, 1)];
}

/**
 * The same frame under 2–4 sources side by side, panning and zooming together, each pane with
 * its run's error on this frame and the difference from the first pane.
 */
export function CompareView({
  pages,
  generation,
}: {
  pages: ReturnType<typeof useFramePages>['pages'];
  generation: number;
}) {
  const dataset = useDatasetStore((s) => s.dataset)!;
  const position = useDatasetStore((s) => s.position);
  const focusImage = useDatasetStore((s) => s.focusImage);
  const chosen = useCompareStore((s) => s.panes);
  const setPanes = useCompareStore((s) => s.setPanes);
  const view = useCompareStore((s) => s.view);
  const setView = useCompareStore((s) => s.setView);
  const shared = useMemo(() => ({ view, setView }), [view, setView]);
  const valid = new Set(dataset.runs.map((r) => r.id));
  const panes =
    chosen.length >= 2 && chosen.every((p) => p === null || valid.has(p))
      ? chosen
      : defaultPanes(dataset);
  const imageId = focusImage ?? pages.row(position)?.imageId;
  const { frame, error } = useFrame(dataset.id, imageId, generation);
  const current = frame && frame.imageId === imageId ? frame : null;
  const baseline =
    current && panes[0] !== null && panes[0] !== undefined ? frameMpjpe(current, panes[0]) : null;
  const options = [
    { id: null as number | null, name: 'ground truth only' },
    ...dataset.runs.map((r) => ({ id: r.id as number | null, name: r.name })),
  ];

  const setPane = (k: number, value: string) => {
    const next = [...panes];
    next[k] = value === '' ? null : Number(value);
    setPanes(next);
  };

  return (
    <section className="compare-view" aria-label="Compare">
      <div className="toolbar">
        <span className="muted">
          {current ? current.file : 'Loading…'} · panes pan and zoom together · ←/→ step through
          frames
        </span>
        <button
          type="button"
          disabled={panes.length >= 4}
          onClick={() =>
            setPanes([
              ...panes,
              dataset.runs[panes.length % Math.max(1, dataset.runs.length)]?.id ?? null,
            ])
          }
        >
          Add pane
        </button>
        <button
          type="button"
          disabled={panes.length <= 2}
          onClick={() => setPanes(panes.slice(0, -1))}
        >
          Remove pane
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className={`compare-grid panes-${panes.length}`}>
        {panes.map((source, k) => {
          const runIndex = source === null ? -1 : dataset.runs.findIndex((r) => r.id === source);
          const err = current && source !== null ? frameMpjpe(current, source) : null;
          const diff = k > 0 && err !== null && baseline !== null ? err - baseline : null;
          return (
            <div className="compare-pane" key={k} data-pane={k}>
              <div className="pane-head">
                <select
                  aria-label={`Pane ${k + 1} source`}
                  value={source ?? ''}
                  onChange={(e) => setPane(k, e.target.value)}
                  style={{ color: runIndex >= 0 ? runColor(runIndex) : undefined }}
                >
                  {options.map((o) => (
                    <option key={o.id ?? 'gt'} value={o.id ?? ''}>
                      {o.name}
                    </option>
                  ))}
                </select>
                <span className="pane-metric">
                  {source === null
                    ? 'labels only'
                    : err === null
                      ? 'no matched people'
                      : `MPJPE ${err.toFixed(1)} mm`}
                  {diff !== null && (
                    <span className={diff > 0 ? 'worse' : 'better'}>
                      {' '}
                      ({diff > 0 ? '+' : '−'}
                      {Math.abs(diff).toFixed(1)} mm vs pane 1)
                    </span>
                  )}
                </span>
              </div>
              {current && (
                <FrameImage
                  frame={current}
                  runs={dataset.runs}
                  resetKey={0}
                  focus={null}
                  artifacts={null}
                  onlyRuns={source === null ? [] : [source]}
                  sharedView={shared}
                />
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
