import type { DatasetInfo, Frame } from '../../contract';
import type { SharedView } from '../ui/usePanZoom';
import { useFrame } from '../data/useFrame';
import type { CompareShow, ComparePane } from './useCompareStore';
import { runColor } from '../theme/sources';
import { FrameImage } from '../frames/FrameImage';
import type { CameraSync } from '../three/cameraSync';
import { Frame3D } from '../frames/Frame3D';
import { ErrorNote } from '../ui/ErrorNote';

/** A frame's mean MPJPE over the people a run matched, or null when it matched none. */
export function frameMpjpe(frame: Frame, runId: number): number | null {
  const v = frame.predictions
    .filter((p) => p.runId === runId && p.mpjpe !== null)
    .map((p) => p.mpjpe!);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

/** One compare pane: its source picker, its error and difference, its frame in 2D and/or 3D. */
export function ComparePaneView({
  index,
  pane,
  dataset,
  currentImage,
  currentFile,
  generation,
  baseline,
  show,
  sharedView,
  cameraSync,
  onChange,
}: {
  index: number;
  pane: ComparePane;
  dataset: DatasetInfo;
  /** The frame the unpinned panes show. */
  currentImage: number | undefined;
  currentFile: string | null;
  generation: number;
  /** Pane 1's error, which the others are compared against. */
  baseline: number | null;
  show: CompareShow;
  sharedView: SharedView;
  cameraSync: CameraSync;
  onChange(pane: ComparePane): void;
}) {
  const imageId = pane.pinned?.imageId ?? currentImage;
  const { frame, error } = useFrame(dataset.id, imageId, generation);
  const source = pane.source;
  const runIndex = source === null ? -1 : dataset.runs.findIndex((r) => r.id === source);
  const err = frame && source !== null ? frameMpjpe(frame, source) : null;
  const diff = index > 0 && err !== null && baseline !== null ? err - baseline : null;
  const runs = source === null ? [] : [source];
  const options = [
    { id: null as number | null, name: 'ground truth only' },
    ...dataset.runs.map((r) => ({ id: r.id as number | null, name: r.name })),
  ];
  return (
    <div className="compare-pane" data-pane={index}>
      <div className="pane-head">
        <select
          aria-label={`Pane ${index + 1} source`}
          value={source ?? ''}
          onChange={(e) =>
            onChange({ ...pane, source: e.target.value === '' ? null : Number(e.target.value) })
          }
          style={{ color: runIndex >= 0 ? runColor(runIndex) : undefined }}
        >
          {options.map((o) => (
            <option key={o.id ?? 'gt'} value={o.id ?? ''}>
              {o.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={pane.pinned ? 'active' : undefined}
          aria-pressed={pane.pinned !== null}
          title={
            pane.pinned
              ? 'Follow the other panes again'
              : 'Keep this frame here while the other panes step to other frames'
          }
          disabled={!pane.pinned && (currentImage === undefined || currentFile === null)}
          onClick={() =>
            onChange({
              ...pane,
              pinned:
                pane.pinned || currentImage === undefined || currentFile === null
                  ? null
                  : { imageId: currentImage, file: currentFile },
            })
          }
        >
          {pane.pinned ? `Pinned: ${pane.pinned.file.split('/').pop()}` : 'Pin frame'}
        </button>
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
      <ErrorNote error={error} />
      {frame && show !== '3d' && (
        <FrameImage
          frame={frame}
          runs={dataset.runs}
          resetKey={0}
          focus={null}
          artifacts={null}
          onlyRuns={runs}
          sharedView={sharedView}
        />
      )}
      {frame && show !== 'image' && (
        <div className="compare-3d">
          <Frame3D frame={frame} runs={dataset.runs} visibleRuns={runs} cameraSync={cameraSync} />
        </div>
      )}
    </div>
  );
}
