import { useThree, type ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useRef } from 'react';
import {
  Color,
  CylinderGeometry,
  Matrix4,
  MeshStandardMaterial,
  Quaternion,
  SphereGeometry,
  Vector3,
  type InstancedMesh,
} from 'three';
import { HIGHLIGHT_COLOR } from '../theme/palette';
import type { BoneInstance, JointInstance } from './sceneModel';

// Unit shapes shared by every joint and bone of every panel: each instance's matrix sizes and
// places them (R3F pitfalls: no geometry or material per object). They live as long as the app,
// so they are never disposed; the instanced meshes holding them are disposed by R3F on unmount.
const SPHERE = new SphereGeometry(1, 16, 12);
const CYLINDER = new CylinderGeometry(1, 1, 1, 10, 1);
// White, so each instance's colour comes through unchanged.
const MATERIAL = new MeshStandardMaterial({ color: '#ffffff', roughness: 0.5, metalness: 0.05 });

const HOVER_SCALE = 1.5;

// Scratch objects for composing matrices; effects run one at a time, so sharing is safe.
const m = new Matrix4();
const q = new Quaternion();
const pos = new Vector3();
const size = new Vector3();
const dir = new Vector3();
const color = new Color();
const Y = new Vector3(0, 1, 0);

/** Capacity grows in powers of two so a frame with one more person does not rebuild the mesh. */
const capacityFor = (n: number) => Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(n, 1))));

function finish(mesh: InstancedMesh, n: number) {
  mesh.count = n;
  mesh.instanceMatrix.needsUpdate = true;
  if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  // Raycasting and culling test the instances' bounding sphere; it must follow the new matrices.
  mesh.computeBoundingSphere();
}

/**
 * Every joint as an instance of one sphere and every bone of one cylinder: two draw calls for
 * the whole frame. Matrices are rewritten only when the instances (or the hovered joint) change,
 * never per frame. Hovering reports the joint instance's index.
 */
export function SkeletonInstances({
  joints,
  bones,
  hovered,
  onHover,
}: {
  joints: readonly JointInstance[];
  bones: readonly BoneInstance[];
  /** Index into `joints` of the joint under the pointer. */
  hovered: number | null;
  onHover: (index: number | null) => void;
}) {
  const jointMesh = useRef<InstancedMesh>(null);
  const boneMesh = useRef<InstancedMesh>(null);
  const invalidate = useThree((s) => s.invalidate);
  const jointCapacity = capacityFor(joints.length);
  const boneCapacity = capacityFor(bones.length);

  useLayoutEffect(() => {
    const mesh = jointMesh.current;
    if (!mesh) return;
    joints.forEach((j, i) => {
      const r = j.radius * (i === hovered ? HOVER_SCALE : 1);
      m.compose(pos.set(...j.position), q.identity(), size.set(r, r, r));
      mesh.setMatrixAt(i, m);
      mesh.setColorAt(i, color.set(i === hovered ? HIGHLIGHT_COLOR : j.color));
    });
    finish(mesh, joints.length);
    invalidate();
  }, [joints, hovered, jointCapacity, invalidate]);

  useLayoutEffect(() => {
    const mesh = boneMesh.current;
    if (!mesh) return;
    bones.forEach((b, i) => {
      dir.set(b.to[0] - b.from[0], b.to[1] - b.from[1], b.to[2] - b.from[2]);
      const length = dir.length();
      // The cylinder runs along +Y from −½ to ½: stretch it to the bone and turn Y onto it.
      q.setFromUnitVectors(Y, length > 0 ? dir.divideScalar(length) : Y);
      pos.set((b.from[0] + b.to[0]) / 2, (b.from[1] + b.to[1]) / 2, (b.from[2] + b.to[2]) / 2);
      m.compose(pos, q, size.set(b.radius, length, b.radius));
      mesh.setMatrixAt(i, m);
      mesh.setColorAt(i, color.set(b.color));
    });
    finish(mesh, bones.length);
    invalidate();
  }, [bones, boneCapacity, invalidate]);

  const over = (e: ThreeEvent<PointerEvent>) => {
    // The nearest joint wins; joints behind it must not fight for the hover.
    e.stopPropagation();
    if (e.instanceId !== undefined && e.instanceId < joints.length) onHover(e.instanceId);
  };

  return (
    <group>
      <instancedMesh
        ref={jointMesh}
        args={[SPHERE, MATERIAL, jointCapacity]}
        onPointerMove={over}
        onPointerOut={() => onHover(null)}
      />
      <instancedMesh ref={boneMesh} args={[CYLINDER, MATERIAL, boneCapacity]} />
    </group>
  );
}
