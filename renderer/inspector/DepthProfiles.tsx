import type { Skeleton } from '../../core';
import { mmToBin, profileRows } from './depthProfiles';

const ROW_H = 14;
const LABEL_W = 96;
const PLOT_W = 260;

/**
 * A volumetric model's depth profile for each joint: one shaded strip per joint over the
 * root-relative depth axis, with the expected depth (soft-argmax, ×), the ground truth (|) and
 * the run's decoded joint depth (○). A wide or two-peaked strip is a joint the model is unsure
 * of in depth, the failure 2D overlays cannot show.
 */
export function DepthProfiles({
  skeleton,
  values,
  shape,
  rangeMm,
  gtRelMm,
  predRelMm,
  color,
  highlight,
}: {
  skeleton: Skeleton;
  values: ArrayLike<number>;
  /** [joints, bins] */
  shape: readonly number[];
  /** The depth the bins span, centred on the root (mm). */
  rangeMm: number;
  /** Each joint's ground-truth depth relative to the root (mm), where labelled. */
  gtRelMm: readonly (number | null)[] | null;
  /** Each joint's predicted depth relative to the predicted root (mm). */
  predRelMm: readonly (number | null)[] | null;
  color: string;
  highlight?: readonly number[] | null;
}) {
  const [joints = 0, bins = 0] = shape;
  if (joints !== skeleton.joints.length || bins < 2)
    return (
      <p className="panel-empty">
        depth profiles of shape [{shape.join(', ')}] do not fit this skeleton&apos;s{' '}
        {skeleton.joints.length} joints
      </p>
    );
  const rows = profileRows(values, joints, bins, rangeMm);
  const x = (mm: number) => LABEL_W + (mmToBin(mm, bins, rangeMm) / bins) * PLOT_W;
  const cell = PLOT_W / bins;
  const height = joints * ROW_H + 28;
  const ticks = [-0.5, -0.25, 0, 0.25, 0.5].map((f) => f * rangeMm);
  const lit = new Set(highlight ?? []);
  return (
    <figure className="depth-profiles">
      <svg
        width={LABEL_W + PLOT_W + 8}
        height={height}
        viewBox={`0 0 ${LABEL_W + PLOT_W + 8} ${height}`}
        role="img"
        aria-label="Depth profile per joint"
      >
        {rows.map((r) => {
          const y = r.joint * ROW_H;
          const gt = gtRelMm?.[r.joint];
          const pred = predRelMm?.[r.joint];
          return (
            <g key={r.joint} data-joint={r.joint}>
              <text
                x={LABEL_W - 6}
                y={y + ROW_H - 3}
                textAnchor="end"
                className={`rank-label${lit.has(r.joint) ? ' active' : ''}`}
              >
                {skeleton.joints[r.joint]?.name}
              </text>
              {r.shade.map((v, d) => (
                <rect
                  key={d}
                  x={LABEL_W + d * cell}
                  y={y + 1}
                  width={cell + 0.5}
                  height={ROW_H - 2}
                  fill={color}
                  fillOpacity={v}
                />
              ))}
              <text
                x={x(r.expectedMm)}
                y={y + ROW_H - 3}
                textAnchor="middle"
                className="profile-expected"
              >
                ×
              </text>
              {gt != null && (
                <line
                  className="profile-gt"
                  x1={x(gt)}
                  x2={x(gt)}
                  y1={y}
                  y2={y + ROW_H}
                  data-mm={gt.toFixed(1)}
                />
              )}
              {pred != null && (
                <circle
                  className="profile-pred"
                  cx={x(pred)}
                  cy={y + ROW_H / 2}
                  r={3}
                  stroke={color}
                />
              )}
            </g>
          );
        })}
        {ticks.map((mm) => (
          <g key={mm}>
            <line
              x1={x(mm)}
              x2={x(mm)}
              y1={joints * ROW_H}
              y2={joints * ROW_H + 4}
              stroke="currentColor"
            />
            <text x={x(mm)} y={joints * ROW_H + 16} textAnchor="middle" className="axis-label">
              {(mm / 1000).toFixed(2)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="muted">
        Depth from the root (m; + is away from the camera), {bins} bins over{' '}
        {(rangeMm / 1000).toFixed(1)} m. × expected depth · | ground truth · ○ this run&apos;s
        joint.
      </figcaption>
    </figure>
  );
}
