import { useMemo } from 'react';
import type { DatasetInfo } from '../../contract';
import { useFrame } from '../data/useFrame';
import { useCompareStore, type CompareShow, type ComparePane } from './useCompareStore';
import { useDatasetStore } from '../data/useDatasetStore';
import type { useFramePages } from '../data/useFramePages';
import { ComparePaneView, frameMpjpe } from './ComparePaneView';
import { Segmented } from '../ui/Segmented';
import { CameraSync } from '../three/cameraSync';

/** Panes to start with: two runs when there are two, else the labels beside the one run. */
function defaultPanes(dataset: DatasetInfo): ComparePane[] {
  const runs = dataset.runs.map((r) => r.id);
  const sources = runs.length >= 2 ? runs.slice(0, 2) : [null, ...runs.slice(0, 1)];
  return sources.map((source) => ({ source, pinned: null }));
}

const SHOW: readonly { value: CompareShow; label: string }[] = [
  { value: 'image', label: 'Image' },
  { value: '3d', label: '3D' },
  { value: 'both', label: 'Both' },
];

/** One shared 3D camera per dataset, kept across visits to the compare view. */
const cameraSyncs = new Map<number, CameraSync>();

/**
 * The same frame under 2–4 sources side by side (or, with a pane pinned, two frames), panning,
 * zooming and orbiting together, each pane with its run's error and the difference from pane 1.
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
  const show = useCompareStore((s) => s.show);
  const setShow = useCompareStore((s) => s.setShow);
  const view = useCompareStore((s) => s.view);
  const setView = useCompareStore((s) => s.setView);
  const shared = useMemo(() => ({ view, setView }), [view, setView]);
  let cameraSync = cameraSyncs.get(dataset.id);
  if (!cameraSync) cameraSyncs.set(dataset.id, (cameraSync = new CameraSync()));
  const valid = new Set(dataset.runs.map((r) => r.id));
  const panes =
    chosen.length >= 2 && chosen.every((p) => p.source === null || valid.has(p.source))
      ? chosen
      : defaultPanes(dataset);
  const row = focusImage === null ? pages.row(position) : undefined;
  const currentImage = focusImage ?? row?.imageId;
  const { frame: current } = useFrame(dataset.id, currentImage, generation);
  const currentFile = current?.imageId === currentImage ? (current?.file ?? null) : null;
  // Pane 1's error is the others' baseline; its frame comes from the same cache as its pane's.
  const first = panes[0];
  const { frame: firstFrame } = useFrame(
    dataset.id,
    first?.pinned?.imageId ?? currentImage,
    generation,
  );
  const baseline =
    firstFrame && first?.source != null ? frameMpjpe(firstFrame, first.source) : null;
  const anyPinned = panes.some((p) => p.pinned !== null);

  const setPane = (k: number, pane: ComparePane) =>
    setPanes(panes.map((p, i) => (i === k ? pane : p)));

  return (
    <section className="compare-view" aria-label="Compare">
      <div className="toolbar">
        <span className="muted">
          {currentFile ?? 'Loading…'} · panes pan, zoom and orbit together ·{' '}
          {anyPinned ? 'pinned panes hold their frame' : 'pin a pane to compare two frames'} · ←/→
          step through frames
        </span>
        <Segmented
          label="Panes show"
          className="tabs"
          options={SHOW}
          value={show}
          onChange={setShow}
        />
        <button
          type="button"
          disabled={panes.length >= 4}
          onClick={() =>
            setPanes([
              ...panes,
              {
                source: dataset.runs[panes.length % Math.max(1, dataset.runs.length)]?.id ?? null,
                pinned: null,
              },
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
      <div className={`compare-grid panes-${panes.length} show-${show}`}>
        {panes.map((pane, k) => (
          <ComparePaneView
            key={k}
            index={k}
            pane={pane}
            dataset={dataset}
            currentImage={currentImage}
            currentFile={currentFile}
            generation={generation}
            baseline={baseline}
            show={show}
            sharedView={shared}
            cameraSync={cameraSync}
            onChange={(p) => setPane(k, p)}
          />
        ))}
      </div>
    </section>
  );
}
