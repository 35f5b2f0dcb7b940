import { Line } from '@react-three/drei';
import { useMemo } from 'react';
import { Color, MeshStandardMaterial, SphereGeometry } from 'three';
import type { Pose3D, Skeleton } from '../../core';
import { HIGHLIGHT_COLOR, SIDE_COLORS, jointColor } from '../theme/palette';
import { useReferenceStore } from './useReferenceStore';

const MM_TO_M = 1 / 1000;

// One geometry and one material per colour, shared by every joint (R3F pitfalls: no per-mesh
// allocations).
const JOINT_GEOMETRY = new SphereGeometry(0.022, 20, 14);
const JOINT_MATERIALS = Object.fromEntries(
  Object.entries({ ...SIDE_COLORS, highlight: HIGHLIGHT_COLOR }).map(([k, c]) => [
    k,
    new MeshStandardMaterial({ color: c, roughness: 0.45, metalness: 0.05 }),
  ]),
) as Record<keyof typeof SIDE_COLORS | 'highlight', MeshStandardMaterial>;

interface Props {
  readonly skeleton: Skeleton;
  readonly pose: Pose3D;
}

/** Joints as spheres and bones as one segmented line, coloured by body side. */
export function SkeletonModel({ skeleton, pose }: Props) {
  const hovered = useReferenceStore((s) => s.hoveredJoint);
  const hoverJoint = useReferenceStore((s) => s.hoverJoint);

  const points = useMemo(
    () => pose.map((p) => [p[0] * MM_TO_M, p[1] * MM_TO_M, p[2] * MM_TO_M] as const),
    [pose],
  );

  const { segments, colors } = useMemo(() => {
    const segs: (readonly [number, number, number])[] = [];
    const cols: Color[] = [];
    for (const [a, b] of skeleton.bones) {
      // A bone takes the side of its outer joint so limbs read as one colour.
      const side =
        jointColor(skeleton.joints[b]!) === SIDE_COLORS.center
          ? skeleton.joints[a]!
          : skeleton.joints[b]!;
      const c = new Color(jointColor(side));
      segs.push(points[a]!, points[b]!);
      cols.push(c, c);
    }
    return { segments: segs, colors: cols };
  }, [skeleton, points]);

  return (
    <group>
      <Line points={segments} segments vertexColors={colors} lineWidth={3} />
      {points.map((p, i) => {
        const j = skeleton.joints[i]!;
        const key =
          i === hovered
            ? 'highlight'
            : j.key.startsWith('l_')
              ? 'left'
              : j.key.startsWith('r_')
                ? 'right'
                : 'center';
        return (
          <mesh
            key={j.name}
            name={`joint:${j.name}`}
            position={p}
            geometry={JOINT_GEOMETRY}
            material={JOINT_MATERIALS[key]}
            scale={i === hovered ? 1.6 : 1}
            onPointerOver={(e) => {
              e.stopPropagation();
              hoverJoint(i);
            }}
            onPointerOut={() => hoverJoint(null)}
          />
        );
      })}
    </group>
  );
}
