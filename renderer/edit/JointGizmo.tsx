import { PivotControls, calculateScaleFactor } from '@react-three/drei';
import { useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import {
  CylinderGeometry,
  Matrix4,
  MeshBasicMaterial,
  Quaternion,
  SphereGeometry,
  Vector3,
  type Group,
  type InstancedMesh,
} from 'three';
import type { Frame, PersonLabel } from '../../contract';
import {
  descendants,
  getSkeleton,
  kinematicParents,
  type Pose3D,
  type Skeleton,
  type Vec3,
} from '../../core';
import { useToolResult } from '../data/useEdits';
import { useEditStore } from '../data/useEditStore';
import { HIGHLIGHT_COLOR } from '../theme/palette';
import { freeMove, freeMovePose, reprojectionNote } from './editTools';
import { fromScene, toScene } from '../three/sceneMath';
import type { Mode } from '../three/sceneModel';

// Shared by every gizmo (R3F pitfalls: no geometry or material per object), kept for the app's
// life like SkeletonInstances' shapes. Drawn over everything: the preview is what is being placed.
const SPHERE = new SphereGeometry(1, 12, 8);
const CYLINDER = new CylinderGeometry(1, 1, 1, 8, 1);
const PREVIEW = new MeshBasicMaterial({
  color: HIGHLIGHT_COLOR,
  depthTest: false,
  transparent: true,
  opacity: 0.9,
});
/** Joints and bones a preview can hold: more than any skeleton has. */
const CAPACITY = 64;
// A little larger than the ground truth's joints and bones (sceneModel.ts), which stay in place
// underneath as the "before".
const DOT_RADIUS = 0.034;
const BONE_RADIUS = 0.014;
/** The gizmo's arrows on screen (px), at any distance. */
const GIZMO_PX = 90;
/** Where along an arrow (0 origin, 1 tip) its grab point is published for pointers and tests. */
const GRAB_AT = 0.7;
const AXES = [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, 1)] as const;

// Scratch objects; pointer handlers and frames run one at a time.
const m = new Matrix4();
const q = new Quaternion();
const v = new Vector3();
const w = new Vector3();
const size = new Vector3();
const Y = new Vector3(0, 1, 0);

/** Draws the moved joints of `pose` as dots and every bone touching one as a rod. */
function placePreview(
  dots: InstancedMesh,
  rods: InstancedMesh,
  pose: Pose3D,
  moved: ReadonlySet<number>,
  skeleton: Skeleton,
) {
  const at = (k: number) => {
    const p = pose[k];
    return p?.every(Number.isFinite) ? toScene(p) : null;
  };
  let n = 0;
  for (const k of moved) {
    const p = at(k);
    if (!p || n >= CAPACITY) continue;
    dots.setMatrixAt(n++, m.makeScale(DOT_RADIUS, DOT_RADIUS, DOT_RADIUS).setPosition(...p));
  }
  dots.count = n;
  dots.instanceMatrix.needsUpdate = true;
  n = 0;
  for (const [a, b] of skeleton.bones) {
    const p = at(a);
    const r = at(b);
    if (!(moved.has(a) || moved.has(b)) || !p || !r || n >= CAPACITY) continue;
    // The unit cylinder runs along +Y from −½ to ½: stretch it to the bone and turn Y onto it.
    w.set(r[0] - p[0], r[1] - p[1], r[2] - p[2]);
    const length = w.length();
    q.setFromUnitVectors(Y, length > 0 ? w.divideScalar(length) : Y);
    v.set((p[0] + r[0]) / 2, (p[1] + r[1]) / 2, (p[2] + r[2]) / 2);
    rods.setMatrixAt(n++, m.compose(v, q, size.set(BONE_RADIUS, length, BONE_RADIUS)));
  }
  rods.count = n;
  rods.instanceMatrix.needsUpdate = true;
}

const jointName = (frame: Frame, joint: number) =>
  getSkeleton(frame.skeleton).joints[joint]?.name ?? `joint ${joint}`;

/** Why the gizmo is not drawn although a joint is chosen, or null when it is (or none is). */
function hiddenBecause(frame: Frame, instanceId: number, mode: Mode, joint: number | null) {
  const person = frame.people.find((p) => p.instanceId === instanceId);
  if (joint === null || !person) return null;
  if (!person.joints3d?.[joint]?.every(Number.isFinite))
    return `${jointName(frame, joint)} has no 3D label to drag in 3D.`;
  if (mode !== 'absolute')
    return 'The 3D drag gizmo shows in Absolute mode only: it moves joints in camera space, which root alignment shifts.';
  return null;
}

/** The line under the 3D view saying why the chosen joint has no gizmo. */
export function JointGizmoNote(props: { frame: Frame; instanceId: number; mode: Mode }) {
  const joint = useEditStore((s) => (s.editing ? s.joint : null));
  const why = hiddenBecause(props.frame, props.instanceId, props.mode, joint);
  return why && <p className="gizmo-note muted">{why}</p>;
}

/**
 * The free 3D drag of the chosen joint of the inspected person (edit mode, absolute mode): a drei
 * gizmo at the joint's label; dragging previews the joint (and, with the bone lock, its limb) and
 * its reprojection error, and releasing commits one 'free-drag' edit.
 */
export function JointGizmo({
  frame,
  instanceId,
  mode,
}: {
  frame: Frame;
  instanceId: number;
  mode: Mode;
}) {
  const joint = useEditStore((s) => (s.editing ? s.joint : null));
  const person = frame.people.find((p) => p.instanceId === instanceId);
  if (joint === null || !person || hiddenBecause(frame, instanceId, mode, joint) !== null)
    return null;
  const at = person.joints3d![joint]!;
  return <Gizmo frame={frame} person={person} joint={joint} at={[at[0], at[1], at[2]]} />;
}

function Gizmo({
  frame,
  person,
  joint,
  at,
}: {
  frame: Frame;
  person: PersonLabel;
  joint: number;
  at: Vec3;
}) {
  const commit = useToolResult(person);
  const invalidate = useThree((s) => s.invalidate);
  const gl = useThree((s) => s.gl);
  const pivot = useRef<Group>(null);
  const dots = useRef<InstancedMesh>(null);
  const rods = useRef<InstancedMesh>(null);
  // The readout is a plain DOM node over the canvas, written per frame without React.
  const readout = useRef<HTMLDivElement | null>(null);
  const say = (text: string) => {
    if (readout.current) readout.current.textContent = text;
  };
  const target = useRef<Vec3 | null>(null);
  const [x, y, z] = at;
  const name = jointName(frame, joint);

  const rest = useCallback(() => {
    const here: Vec3 = [x, y, z];
    pivot.current?.matrix.makeTranslation(...toScene(here));
    if (dots.current) dots.current.count = 0;
    if (rods.current) rods.current.count = 0;
    target.current = null;
    const r = freeMovePose(frame, person, joint, here, false);
    say(`${name}: ${reprojectionNote(r.ok ? r.errorPx : NaN)}`);
    invalidate();
  }, [x, y, z, frame, person, joint, name, invalidate]);

  useLayoutEffect(() => {
    const el = document.createElement('div');
    el.className = 'gizmo-readout';
    el.dataset.testid = 'joint-gizmo';
    gl.domElement.parentElement?.appendChild(el);
    readout.current = el;
    return () => {
      el.remove();
      readout.current = null;
    };
  }, [gl]);
  // A new label (the edit landed, another tool moved it) or a new joint puts the gizmo back on it;
  // a frame refreshed mid-drag (runs re-scored) must not snatch it from under the pointer.
  const dragging = useRef(false);
  useLayoutEffect(() => {
    if (!dragging.current) rest();
  }, [rest]);
  // A rejected edit leaves the label where it was, so the gizmo goes back there.
  useEffect(
    () =>
      useEditStore.subscribe((s, was) => s.message !== was.message && s.message?.error && rest()),
    [rest],
  );

  const preview = (movedTo: Vec3) => {
    const boneLock = useEditStore.getState().boneLock;
    const r = freeMovePose(frame, person, joint, movedTo, boneLock);
    target.current = movedTo;
    if (!r.ok) {
      say(r.why);
      return;
    }
    const skeleton = getSkeleton(frame.skeleton);
    const moved = new Set(
      boneLock ? [joint, ...descendants(kinematicParents(skeleton), joint)] : [joint],
    );
    if (dots.current && rods.current)
      placePreview(dots.current, rods.current, r.joints3d, moved, skeleton);
    const depth = (r.joints3d[joint]![2] / 1000).toFixed(3);
    say(`${name}: ${reprojectionNote(r.errorPx)} · depth ${depth} m`);
  };

  const drop = () => {
    const to = target.current;
    target.current = null;
    dragging.current = false;
    if (!to) return;
    const { boneLock, busy } = useEditStore.getState();
    // While the last edit is on its way this move would build on stale labels, and the edit
    // hooks refuse it: the gizmo goes back to the label that is shown.
    const r = busy ? null : freeMove(frame, person, joint, to, boneLock);
    if (!r?.ok) rest();
    if (r) commit(r, 'free-drag', joint);
  };

  // The readout follows the gizmo's origin on screen, and each arrow's grab point is published on
  // it (canvas px) so a pointer can be aimed at a handle without reading the 3D camera.
  useFrame(({ camera, size }) => {
    const g = pivot.current;
    const el = readout.current;
    if (!g || !el) return;
    const origin = v.setFromMatrixPosition(g.matrix);
    const toPx = (p: Vector3) => {
      const s = w.copy(p).project(camera);
      return [((s.x + 1) / 2) * size.width, ((1 - s.y) / 2) * size.height] as const;
    };
    const scale = calculateScaleFactor(origin, GIZMO_PX, camera, size);
    AXES.forEach((dir, i) => {
      const axis = 'xyz'[i]!;
      const grab = toPx(
        w
          .copy(dir)
          .multiplyScalar(scale * GRAB_AT)
          .add(origin),
      );
      el.setAttribute(`data-axis-${axis}`, `${grab[0].toFixed(1)} ${grab[1].toFixed(1)}`);
    });
    const [ox, oy] = toPx(origin);
    el.setAttribute('data-origin', `${ox.toFixed(1)} ${oy.toFixed(1)}`);
    // Centred under the gizmo, but kept whole inside the canvas, which clips it.
    const half = el.offsetWidth / 2;
    const left = Math.max(4, Math.min(ox - half, size.width - 2 * half - 4));
    el.style.transform = `translate(${left.toFixed(1)}px, ${(oy + 18).toFixed(1)}px)`;
  });

  return (
    <>
      <PivotControls
        ref={pivot}
        fixed
        scale={GIZMO_PX}
        lineWidth={3}
        depthTest={false}
        disableRotations
        disableScaling
        hoveredColor="#ffffff"
        onDragStart={() => {
          dragging.current = true;
        }}
        onDrag={(_l, _dl, world) => preview(fromScene(v.setFromMatrixPosition(world).toArray()))}
        onDragEnd={drop}
      />
      <instancedMesh
        ref={dots}
        args={[SPHERE, PREVIEW, CAPACITY]}
        count={0}
        frustumCulled={false}
        renderOrder={499}
      />
      <instancedMesh
        ref={rods}
        args={[CYLINDER, PREVIEW, CAPACITY]}
        count={0}
        frustumCulled={false}
        renderOrder={499}
      />
    </>
  );
}
