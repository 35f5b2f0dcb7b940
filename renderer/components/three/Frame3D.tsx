import { OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Frame, RunInfo } from '../../../contract';
import { getSkeleton, pixelToCamera } from '../../../core';
import { HIGHLIGHT_COLOR, SIDE_COLORS } from '../../theme/palette';
import { runColor } from '../../theme/sources';
import type { CameraSync } from './cameraSync';
import { Segmented } from '../Segmented';
import { CameraSyncRig } from './CameraSyncRig';
import { JointGizmo, JointGizmoNote } from './JointGizmo';
import { CameraFrustum, FloorGrid } from './SceneGuides';
import { SkeletonInstances } from './SkeletonInstances';
import { fitFov, toScene, type ScenePoint, type ViewPreset } from './sceneMath';
import { buildSceneModel, sceneInstances, type Mode, type SceneModel } from './sceneModel';
import { ViewRig } from './ViewRig';

export interface Frame3DProps {
  readonly frame: Frame;
  /** The dataset's runs, in order: run k is drawn in `runColor(k)`. */
  readonly runs: readonly RunInfo[];
  /** Ids of the runs to draw; all of `runs` when absent. */
  readonly visibleRuns?: readonly number[];
  /** Draw the ground truth (default true). */
  readonly showGroundTruth?: boolean;
  /** Joint indices (skeleton order) drawn enlarged, e.g. the ranking matrix's selected pair. */
  readonly highlightJoints?: readonly number[];
  /** The joint index under the pointer, or null when it leaves the joints. */
  readonly onHoverJoint?: (joint: number | null) => void;
  /** A camera shared with other 3D views (compare panes): orbiting one moves them all. */
  readonly cameraSync?: CameraSync;
  /** Edit mode's person: their chosen joint (useEditStore) gets the free 3D drag gizmo. */
  readonly edit?: { readonly instanceId: number };
}

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
const DEFAULT_FOV = 50;
const LEVEL_UP: ScenePoint = [0, 1, 0];
const finiteJoint = (j: readonly number[] | null) => j !== null && j.every(Number.isFinite);

/** Why a frame has nothing to draw in 3D, in the user's terms. */
function emptyReason(frame: Frame, runs: readonly RunInfo[], props: Frame3DProps): string {
  const labelled = frame.people.some((p) => p.joints3d?.some(finiteJoint));
  const labels =
    frame.people.length === 0
      ? 'no person is labelled in this frame'
      : labelled
        ? 'the ground truth is hidden'
        : frame.skeleton === 'coco17'
          ? 'this dataset has no 3D labels (COCO is 2D only)'
          : "this frame's labels have no 3D joints";
  const shown = props.visibleRuns ?? runs.map((r) => r.id);
  const predictions =
    runs.length === 0
      ? 'no prediction run is loaded'
      : shown.length === 0
        ? 'every run is hidden'
        : 'no run predicted 3D joints';
  return `Nothing to show in 3D: ${labels} and ${predictions}.`;
}

const fmt = (v: number) => v.toFixed(0);

/**
 * The frame inspector's 3D panel: the ground truth and every shown run's prediction for each
 * person, in camera space or root-aligned, with the camera's frustum and an estimated floor.
 * Scene units and axes are documented in `sceneMath.ts` (metres, Y up, the camera at the origin
 * looking down −Z).
 */
export function Frame3D(props: Frame3DProps) {
  const { frame, runs, visibleRuns, showGroundTruth, highlightJoints, onHoverJoint, cameraSync } =
    props;
  const edit = props.edit;
  const skeleton = getSkeleton(frame.skeleton);
  const [mode, setMode] = useState<Mode>('absolute');
  const [preset, setPreset] = useState<ViewPreset>('camera');
  const [resetKey, setResetKey] = useState(0);

  // Parents tend to pass fresh arrays on every render; key the memos on their contents.
  const visibleKey = visibleRuns?.join(',');
  const highlightKey = (highlightJoints ?? []).join(',');
  // Everything the frame holds decides the view and the floor, so hiding a run moves neither.
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
  // An edit changes the frame's joints, not what is being looked at: the preset (and the user's
  // orbit) is re-applied only for another frame or mode, never because a dragged joint moved.
  const viewKey = `${frame.imageId} ${mode}`;
  const held = () => ({
    key: viewKey,
    bounds: full.bounds,
    up: full.floor?.normal,
    intr: frame.intrinsics,
  });
  const [view, setView] = useState(held);
  if (view.key !== viewKey) setView(held());
  const instances = useMemo(() => {
    const lit = new Set(highlightKey.split(',').filter(Boolean).map(Number));
    return sceneInstances(model.skeletons, skeleton, lit, HIGHLIGHT_COLOR);
  }, [model, skeleton, highlightKey]);

  // Joint instance indices depend on the model alone (not on highlighting), so the hover belongs
  // to one model: a new frame or mode drops it without an effect, a new highlight keeps it.
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

  const intr = view.intr;
  const w = frame.width;
  const h = frame.height;
  const fov = useCallback(
    (aspect: number) => (intr && w && h ? fitFov(intr, w, h, aspect) : DEFAULT_FOV),
    [intr, w, h],
  );
  // The camera preset looks through the image centre; without intrinsics, down the optical axis.
  const realCamera = useMemo(() => {
    if (mode !== 'absolute') return undefined;
    const ray: ScenePoint =
      intr && w && h ? toScene(pixelToCamera([w / 2, h / 2], 1000, intr)) : [0, 0, -1];
    return { imageCenterRay: ray };
  }, [mode, intr, w, h]);

  const info = (() => {
    const j = hovered === null ? undefined : instances.joints[hovered];
    const s = j && model.skeletons[j.skeleton];
    const p = j && s?.mm[j.joint];
    if (!j || !s || !p) return null;
    const name = skeleton.joints[j.joint]?.name ?? `joint ${j.joint}`;
    const where = mode === 'absolute' ? 'camera' : 'root-relative';
    return `${s.label} · ${name} (${fmt(p[0])}, ${fmt(p[1])}, ${fmt(p[2])}) mm, ${where}`;
  })();

  if (model.skeletons.length === 0 || !full.bounds) {
    return (
      <div className="frame-3d" data-testid="frame-3d">
        <p className="empty muted">{emptyReason(frame, runs, props)}</p>
      </div>
    );
  }
  const farMm = Math.max(...full.skeletons.flatMap((s) => s.mm.map((p) => (p ? p[2] : 0))));
  const shownRuns = runs
    .map((r, i) => [r, i] as const)
    .filter(([r]) => visibleRuns?.includes(r.id) ?? true);

  return (
    <div
      className="frame-3d"
      data-testid="frame-3d"
      style={{ position: 'relative', width: '100%', height: '100%', minHeight: 280 }}
    >
      <Canvas
        frameloop="demand"
        dpr={[1, 2]}
        camera={{ position: [0, 0, 0], fov: DEFAULT_FOV, near: 0.02, far: 500 }}
        fallback={<p className="empty muted">The 3D view needs WebGL, which is not available.</p>}
      >
        <color attach="background" args={['#14191f']} />
        <hemisphereLight args={['#ffffff', '#30363d', 1.2]} />
        <directionalLight position={[2, 4, 3]} intensity={1.4} />
        <SkeletonInstances
          joints={instances.joints}
          bones={instances.bones}
          hovered={hovered}
          onHover={onHover}
        />
        {mode === 'absolute' && intr && w && h && (
          <CameraFrustum intrinsics={intr} width={w} height={h} farMm={farMm} />
        )}
        {full.floor && <FloorGrid floor={full.floor} />}
        <OrbitControls makeDefault enableDamping={false} />
        <ViewRig
          preset={preset}
          bounds={view.bounds ?? full.bounds}
          up={view.up ?? LEVEL_UP}
          fov={fov}
          realCamera={realCamera}
          resetKey={resetKey}
        />
        {cameraSync && <CameraSyncRig sync={cameraSync} />}
        {edit && <JointGizmo frame={frame} instanceId={edit.instanceId} mode={mode} />}
      </Canvas>
      {edit && <JointGizmoNote frame={frame} instanceId={edit.instanceId} mode={mode} />}
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
          onChange={(p) => {
            setPreset(p);
            setResetKey((k) => k + 1);
          }}
        />
        <button
          type="button"
          title="Back to the chosen view"
          onClick={() => setResetKey((k) => k + 1)}
        >
          Reset
        </button>
        <Segmented
          label="Joints"
          className="tabs"
          options={MODES}
          value={mode}
          onChange={setMode}
        />
      </div>
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
        {(showGroundTruth ?? true) && model.labels3d && (
          <div>
            <span className="swatch" style={{ background: SIDE_COLORS.left, marginRight: 2 }} />
            <span className="swatch" style={{ background: SIDE_COLORS.right }} />
            ground truth (left / right)
          </div>
        )}
        {shownRuns.map(([r, i]) => (
          <div key={r.id}>
            <span className="swatch" style={{ background: runColor(i) }} />
            {r.name} (right side dashed)
          </div>
        ))}
      </div>
      {info && (
        <div className="hover-info" role="status">
          {info}
        </div>
      )}
    </div>
  );
}
