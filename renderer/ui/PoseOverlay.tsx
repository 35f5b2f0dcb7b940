import { memo } from 'react';
import type { Skeleton } from '../../core';
import { jointSide } from '../../core';
import { HIGHLIGHT_COLOR, SIDE_COLORS } from '../theme/palette';

type Point = readonly [number, number] | null;

/**
 * One person's 2D skeleton in image pixels. Ground truth is drawn solid in the left/right
 * colours; a prediction in its run's colour, dashed on the person's right side so sides stay
 * readable without relying on hue alone.
 */
export const PoseOverlay = memo(function PoseOverlay({
  skeleton,
  joints,
  scale,
  color,
  label,
  visibility,
  onHover,
  highlight,
}: {
  skeleton: Skeleton;
  joints: readonly Point[];
  /** Pixels per image pixel at the current zoom, to keep strokes a constant screen width. */
  scale: number;
  /** A run's colour; ground truth when absent. */
  color?: string;
  label: string;
  visibility?: readonly number[] | null;
  onHover?: (text: string | null) => void;
  /** Two joints to ring (a ranking-matrix cell under the pointer). */
  highlight?: readonly [number, number] | null;
}) {
  // A run's skeleton is drawn wider, under the ground truth, so both stay visible where they agree.
  const w = (color ? 3.5 : 1.6) / scale;
  const r = 3.2 / scale;
  const sideOf = (i: number) => jointSide(skeleton.joints[i]!);
  return (
    <g
      className="pose"
      aria-label={label}
      data-source={color ? 'run' : 'gt'}
      opacity={color ? 0.85 : 1}
    >
      {skeleton.bones.map(([a, b]) => {
        const p = joints[a];
        const q = joints[b];
        if (!p || !q) return null;
        const side = sideOf(b) === 'center' ? sideOf(a) : sideOf(b);
        return (
          <line
            key={`${a}-${b}`}
            x1={p[0]}
            y1={p[1]}
            x2={q[0]}
            y2={q[1]}
            stroke={color ?? SIDE_COLORS[side]}
            strokeWidth={w}
            strokeDasharray={color && side === 'right' ? `${4 / scale} ${3 / scale}` : undefined}
            strokeLinecap="round"
          />
        );
      })}
      {highlight?.map((i) => {
        const p = joints[i];
        return p ? (
          <circle
            key={`h${i}`}
            cx={p[0]}
            cy={p[1]}
            r={3 * r}
            fill="none"
            stroke={HIGHLIGHT_COLOR}
            strokeWidth={w}
          />
        ) : null;
      })}
      {joints.map((p, i) =>
        p ? (
          <circle
            key={i}
            cx={p[0]}
            cy={p[1]}
            r={r}
            fill={SIDE_COLORS[sideOf(i)]}
            stroke={color ?? '#101418'}
            strokeWidth={w / 2}
            opacity={visibility && visibility[i] === 0 ? 0.45 : 1}
            onMouseEnter={() =>
              onHover?.(
                `${label} · ${skeleton.joints[i]!.name} (${p[0].toFixed(1)}, ${p[1].toFixed(1)}) px`,
              )
            }
            onMouseLeave={() => onHover?.(null)}
          />
        ) : null,
      )}
    </g>
  );
});
