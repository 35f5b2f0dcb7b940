import type { RunInfo } from '../../contract';
import { SIDE_COLORS } from '../theme/palette';
import { runColor } from '../theme/sources';
import { Segmented } from '../ui/Segmented';
import type { ViewPreset } from './sceneMath';
import type { Mode } from './sceneModel';

const PRESETS: readonly { value: ViewPreset; label: string }[] = [
  { value: 'camera', label: 'Camera' },
  { value: 'left-front', label: 'Left-front' },
  { value: 'right-front', label: 'Right-front' },
  { value: 'top', label: 'Top' },
];
const MODES: readonly { value: Mode; label: string }[] = [
  { value: 'absolute', label: 'Absolute' },
  { value: 'root-aligned', label: 'Root-aligned' },
];

/** The 3D view's toolbar over the canvas: the view preset, a reset to it, the joints' mode. */
export function SceneToolbar({
  preset,
  onPreset,
  onReset,
  mode,
  onMode,
  onSave,
}: {
  preset: ViewPreset;
  onPreset(preset: ViewPreset): void;
  onReset(): void;
  mode: Mode;
  onMode(mode: Mode): void;
  /** Saves the view as drawn (PNG). */
  onSave?(): void;
}) {
  return (
    <div
      role="toolbar"
      aria-label="3D view"
      style={{ position: 'absolute', top: 8, left: 8, display: 'flex', gap: 8, flexWrap: 'wrap' }}
    >
      <Segmented
        label="View"
        className="tabs"
        options={PRESETS}
        value={preset}
        onChange={onPreset}
      />
      <button type="button" title="Back to the chosen view" onClick={onReset}>
        Reset
      </button>
      <Segmented label="Joints" className="tabs" options={MODES} value={mode} onChange={onMode} />
      {onSave && (
        <button type="button" title="Save the 3D view as a PNG" onClick={onSave}>
          PNG
        </button>
      )}
    </div>
  );
}

/** Which colour is which skeleton: the ground truth's sides and each shown run (run k in `runColor(k)`). */
export function SceneLegend({
  groundTruth,
  runs,
}: {
  /** Whether the ground truth is drawn. */
  groundTruth: boolean;
  /** The shown runs, each with its index among the dataset's runs. */
  runs: readonly (readonly [RunInfo, number])[];
}) {
  return (
    <div
      className="muted"
      aria-label="Legend"
      style={{
        position: 'absolute',
        bottom: 10,
        right: 12,
        fontSize: 12,
        lineHeight: '18px',
        textAlign: 'right',
        pointerEvents: 'none',
      }}
    >
      {groundTruth && (
        <div>
          <span className="swatch" style={{ background: SIDE_COLORS.left, marginRight: 2 }} />
          <span className="swatch" style={{ background: SIDE_COLORS.right }} />
          ground truth (left / right)
        </div>
      )}
      {runs.map(([r, i]) => (
        <div key={r.id}>
          <span className="swatch" style={{ background: runColor(i) }} />
          {r.name} (right side dashed)
        </div>
      ))}
    </div>
  );
}
