import { OrbitControls } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import { memo, useRef, useState } from 'react';
import type { Frame, RunInfo } from '../../contract';
import { getSkeleton } from '../../core';
import { JointGizmo, JointGizmoNote } from '../edit/JointGizmo';
import type { CameraSync } from '../three/cameraSync';
import { CameraSyncRig } from '../three/CameraSyncRig';
import { CameraFrustum, FloorGrid, SCENE_BACKGROUND } from '../three/SceneGuides';
import { RigCameras, type Rig } from '../three/RigCameras';
import { rigCentre } from '../three/rigMath';
import { SceneLegend, SceneToolbar } from '../three/SceneOverlays';
import { SkeletonInstances } from '../three/SkeletonInstances';
import type { Bounds, ScenePoint, ViewPreset } from '../three/sceneMath';
import type { Mode, SceneModel } from '../three/sceneModel';
import {
  DEFAULT_FOV,
  useHeldView,
  useJointHover,
  useSceneModels,
  useViewCamera,
} from '../three/useFrameScene';
import { ViewRig } from '../three/ViewRig';
import { canvasQuality } from '../three/glProfile';
import { downloadBlob, fileStem } from '../ui/download';
import { boundsOf, personBounds } from '../three/sceneMath';
import { useDatasetStore } from '../data/useDatasetStore';

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
  /** The inspected person, whom F (Fit person) frames. */
  readonly focus?: number | null;
  /** The moment's other calibrated cameras, drawn where they stand (the views grid's rig). */
  readonly rig?: Rig | undefined;
}

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

/** What the hover line says of the joint instance under the pointer, or null. */
function hoverInfo(
  model: SceneModel,
  instances: ReturnType<typeof useSceneModels>['instances'],
  hovered: number | null,
  frame: Frame,
  mode: Mode,
): string | null {
  const j = hovered === null ? undefined : instances.joints[hovered];
  const s = j && model.skeletons[j.skeleton];
  const p = j && s?.mm[j.joint];
  if (!j || !s || !p) return null;
  const name = getSkeleton(frame.skeleton).joints[j.joint]?.name ?? `joint ${j.joint}`;
  const where = mode === 'absolute' ? 'camera' : 'root-relative';
  return `${s.label} · ${name} (${fmt(p[0])}, ${fmt(p[1])}, ${fmt(p[2])}) mm, ${where}`;
}

/** The people's bounds widened to hold the rig's cameras (the inspected one at the origin). */
function rigViewBounds(rig: Rig, people: Bounds): Bounds | null {
  const [x, y, z] = people.center;
  const r = people.radius;
  return boundsOf([
    [x - r, y, z],
    [x + r, y, z],
    [x, y - r, z],
    [x, y + r, z],
    [x, y, z - r],
    [x, y, z + r],
    [0, 0, 0],
    ...rig.others.map((o) => rigCentre(rig.inspected, o.camera)),
  ]);
}

/**
 * The frame inspector's 3D panel: the ground truth and every shown run's prediction for each
 * person, in camera space or root-aligned, with the camera's frustum and an estimated floor.
 * Scene units and axes are documented in `sceneMath.ts` (metres, Y up, the camera at the origin
 * looking down −Z).
 *
 * Memoised: the inspector re-renders as each of a frame's answers arrives (its take, its
 * panels' data), and a 3D view re-rendered with the same props still redraws (R3F invalidates
 * on every prop it applies); without a GPU each draw is read back from SwiftShader for the
 * compositor, about 20 ms for an inspector-sized view.
 */
export const Frame3D = memo(function Frame3D(props: Frame3DProps) {
  const { frame, runs, visibleRuns, showGroundTruth, highlightJoints, onHoverJoint } = props;
  const skeleton = getSkeleton(frame.skeleton);
  const [mode, setMode] = useState<Mode>('absolute');
  const [preset, setPreset] = useState<ViewPreset>('camera');
  const [resetKey, setResetKey] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);
  // F (Fit person): the inspected person's bounds replace the frame's until the view is reset.
  const fitRequest = useDatasetStore((s) => s.fitPerson);
  const [fit, setFit] = useState<{ request: number; bounds: Bounds | null }>({
    request: fitRequest,
    bounds: null,
  });
  if (fit.request !== fitRequest) {
    const person = frame.people.find((p) => p.instanceId === props.focus);
    setFit({ request: fitRequest, bounds: personBounds(person?.joints3d ?? null) });
    setResetKey((k) => k + 1);
  }
  const fitBounds = fit.bounds && fit.request > 0 ? fit.bounds : null;
  const unfit = () => setFit((f) => ({ ...f, bounds: null }));
  const { full, model, instances } = useSceneModels(frame, skeleton, runs, mode, {
    visibleRuns,
    showGroundTruth,
    highlightJoints,
  });
  const view = useHeldView(frame, full, mode);
  const rig = mode === 'absolute' ? props.rig : undefined;
  // With a rig the view takes in its cameras too, not only the people; held while the rig is
  // the same (stepping through a take), as the view is, so it does not jump with every frame.
  const rigKey = rig ? JSON.stringify([rig.inspected, rig.others.map((o) => o.label)]) : null;
  const [held, setHeld] = useState<{ key: string | null; bounds: Bounds | null }>({
    key: null,
    bounds: null,
  });
  if (held.key !== rigKey && (rigKey === null || full.bounds)) {
    setHeld({ key: rigKey, bounds: rig && full.bounds ? rigViewBounds(rig, full.bounds) : null });
  }
  const rigBounds = held.key === rigKey ? held.bounds : null;
  const { hovered, onHover } = useJointHover(model, instances, onHoverJoint);
  const info = hoverInfo(model, instances, hovered, frame, mode);

  if (model.skeletons.length === 0 || !full.bounds) {
    return (
      <div className="frame-3d" data-testid="frame-3d">
        <p className="empty muted">{emptyReason(frame, runs, props)}</p>
      </div>
    );
  }
  const quality = canvasQuality();
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
        ref={canvas}
        // Kept after compositing so the PNG button reads the frame on screen (a demand loop
        // draws rarely, so the cost is small).
        gl={{ preserveDrawingBuffer: true, antialias: quality.antialias }}
        frameloop="demand"
        dpr={quality.dpr}
        camera={{ position: [0, 0, 0], fov: DEFAULT_FOV, near: 0.02, far: 500 }}
        fallback={<p className="empty muted">The 3D view needs WebGL, which is not available.</p>}
      >
        <Frame3DScene
          {...props}
          mode={mode}
          full={full}
          instances={instances}
          hovered={hovered}
          onHover={onHover}
          intr={view.intr}
          preset={preset}
          bounds={fitBounds ?? rigBounds ?? view.bounds ?? full.bounds}
          dolly={fitBounds !== null}
          up={view.up ?? LEVEL_UP}
          resetKey={resetKey}
        />
      </Canvas>
      {props.edit && (
        <JointGizmoNote frame={frame} instanceId={props.edit.instanceId} mode={mode} />
      )}
      <SceneToolbar
        preset={preset}
        onPreset={(p) => {
          setPreset(p);
          unfit();
          setResetKey((k) => k + 1);
        }}
        onReset={() => {
          unfit();
          setResetKey((k) => k + 1);
        }}
        mode={mode}
        onMode={setMode}
        onSave={() =>
          canvas.current?.toBlob((b) => {
            if (b) downloadBlob(`${fileStem(frame.file)}-3d.png`, b);
          }, 'image/png')
        }
      />
      <SceneLegend groundTruth={(showGroundTruth ?? true) && model.labels3d} runs={shownRuns} />
      {info && (
        <div className="hover-info" role="status">
          {info}
        </div>
      )}
    </div>
  );
});

/**
 * Inside the canvas: lights, the skeletons, the camera's frustum and the floor, the orbit
 * controls with the preset rig (and the shared camera), and edit mode's joint gizmo.
 */
function Frame3DScene(
  props: Frame3DProps & {
    mode: Mode;
    full: SceneModel;
    instances: ReturnType<typeof useSceneModels>['instances'];
    hovered: number | null;
    onHover(index: number | null): void;
    /** The intrinsics the view was set up with. */
    intr: Frame['intrinsics'];
    preset: ViewPreset;
    bounds: Bounds;
    up: ScenePoint;
    resetKey: number;
    dolly: boolean;
  },
) {
  const { frame, mode, full, instances, intr, cameraSync, edit } = props;
  const w = frame.width;
  const h = frame.height;
  const { fov, realCamera } = useViewCamera(intr, w, h, mode);
  const farMm = Math.max(...full.skeletons.flatMap((s) => s.mm.map((p) => (p ? p[2] : 0))));
  return (
    <>
      <color attach="background" args={[SCENE_BACKGROUND]} />
      <hemisphereLight args={['#ffffff', '#30363d', 1.2]} />
      <directionalLight position={[2, 4, 3]} intensity={1.4} />
      <SkeletonInstances
        joints={instances.joints}
        bones={instances.bones}
        hovered={props.hovered}
        onHover={props.onHover}
      />
      {mode === 'absolute' && intr && w && h && (
        <CameraFrustum intrinsics={intr} width={w} height={h} farMm={farMm} />
      )}
      {mode === 'absolute' && props.rig && (
        <RigCameras
          inspected={props.rig.inspected}
          inspectedLabel={props.rig.label}
          others={props.rig.others}
          farMm={farMm}
        />
      )}
      {full.floor && <FloorGrid floor={full.floor} />}
      <OrbitControls makeDefault enableDamping={false} />
      <ViewRig
        preset={props.preset}
        bounds={props.bounds}
        up={props.up}
        fov={fov}
        realCamera={realCamera}
        resetKey={props.resetKey}
        dolly={props.dolly}
      />
      {cameraSync && <CameraSyncRig sync={cameraSync} />}
      {edit && <JointGizmo frame={frame} instanceId={edit.instanceId} mode={mode} />}
    </>
  );
}
