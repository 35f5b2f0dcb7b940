import type { Frame } from '../../contract';
import { runColor } from '../theme/sources';

/** Thin lines from each labelled joint to the same joint of its matched prediction. */
export function ErrorLines({
  frame,
  runIndex,
  scale,
}: {
  frame: Frame;
  runIndex: ReadonlyMap<number, number>;
  scale: number;
}) {
  const byInstance = new Map(frame.people.map((p) => [p.instanceId, p]));
  return (
    <g className="error-lines" aria-label="errors">
      {frame.predictions.map((pred, k) => {
        const person = pred.instanceId === null ? undefined : byInstance.get(pred.instanceId);
        if (!person?.joints2d || !pred.joints2d) return null;
        const color = runColor(runIndex.get(pred.runId) ?? 0);
        return (
          <g
            key={k}
            stroke={color}
            strokeWidth={1 / scale}
            strokeDasharray={`${2 / scale} ${2 / scale}`}
          >
            {person.joints2d.map((g, j) => {
              const p = pred.joints2d![j];
              return g && p ? <line key={j} x1={g[0]} y1={g[1]} x2={p[0]} y2={p[1]} /> : null;
            })}
          </g>
        );
      })}
    </g>
  );
}
