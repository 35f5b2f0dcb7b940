import { useRef, useState, type PointerEvent } from 'react';
import type { PersonLabel } from '../../contract';
import type { Skeleton } from '../../core';
import { BoxPreview } from './BoxPreview';
import { imagePoint } from './imagePoint';

/**
 * The inspected person's labelled joints as handles: click one to choose it for the tools, drag
 * it to move its 2D label (its 3D joint follows along its new ray, at its depth). The drag is
 * drawn here and committed once, on release, as one edit.
 */
export function EditHandles({
  person,
  skeleton,
  scale,
  selected,
  onSelect,
  onDrop,
  onBox,
}: {
  person: PersonLabel;
  skeleton: Skeleton;
  scale: number;
  selected: number | null;
  onSelect(joint: number): void;
  onDrop(joint: number, uv: [number, number]): void;
  /** The box's new [x, y, w, h] after a corner is dragged. */
  onBox?(bbox: [number, number, number, number]): void;
}) {
  const [drag, setDrag] = useState<{ joint: number; uv: [number, number] } | null>(null);
  const moved = useRef(false);
  const r = 6 / scale;
  const joints = person.joints2d ?? [];
  const box = person.bbox;
  // Corners as pseudo-joints −1 (top left) and −2 (bottom right), sharing the joints' drag.
  const corners: [number, [number, number]][] = box
    ? [
        [-1, [box[0], box[1]]],
        [-2, [box[0] + box[2], box[1] + box[3]]],
      ]
    : [];
  const boxNow = (): [number, number, number, number] | null => {
    if (!box) return null;
    let [x0, y0, x1, y1] = [box[0], box[1], box[0] + box[2], box[1] + box[3]];
    if (drag?.joint === -1) [x0, y0] = drag.uv;
    if (drag?.joint === -2) [x1, y1] = drag.uv;
    return [Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)];
  };
  const shown = boxNow();
  /**
   * Pointer handlers for handle `k` starting at `start`: capture the pointer (the handle's drag,
   * not the image's pan), follow it in image pixels, and call `done` on release if it moved.
   */
  const handle = (
    k: number,
    start: [number, number],
    done: (uv: [number, number]) => void,
    pressed?: () => void,
  ) => ({
    onPointerDown: (e: PointerEvent<SVGElement>) => {
      e.stopPropagation();
      e.currentTarget.setPointerCapture(e.pointerId);
      moved.current = false;
      pressed?.();
      setDrag({ joint: k, uv: start });
    },
    onPointerMove: (e: PointerEvent<SVGElement>) => {
      if (drag?.joint !== k) return;
      e.stopPropagation();
      const uv = imagePoint(e);
      if (!uv) return;
      moved.current = true;
      setDrag({ joint: k, uv });
    },
    onPointerUp: (e: PointerEvent<SVGElement>) => {
      if (drag?.joint !== k) return;
      e.stopPropagation();
      setDrag(null);
      if (moved.current) done(drag.uv);
    },
  });
  return (
    <g className="edit-handles" aria-label="editable joints">
      {shown && drag && drag.joint < 0 && <BoxPreview box={shown} scale={scale} />}
      {onBox &&
        corners.map(([k, p]) => {
          const at = drag?.joint === k ? drag.uv : p;
          return (
            <rect
              key={k}
              className="edit-box-corner"
              data-corner={k === -1 ? 'top-left' : 'bottom-right'}
              x={at[0] - r}
              y={at[1] - r}
              width={2 * r}
              height={2 * r}
              strokeWidth={1.5 / scale}
              {...handle(k, p, () => {
                const b = boxNow();
                if (b) onBox(b);
              })}
            >
              <title>box corner: drag to resize the box</title>
            </rect>
          );
        })}
      {drag && joints[drag.joint] && (
        <line
          className="edit-drag-line"
          x1={joints[drag.joint]![0]}
          y1={joints[drag.joint]![1]}
          x2={drag.uv[0]}
          y2={drag.uv[1]}
          strokeWidth={1.5 / scale}
        />
      )}
      {/* The chosen joint wears a ring twice its size: told apart at a glance, never grabbed. */}
      {selected !== null && joints[selected] && (
        <circle
          className="edit-handle-ring"
          cx={(drag?.joint === selected ? drag.uv : joints[selected]!)[0]}
          cy={(drag?.joint === selected ? drag.uv : joints[selected]!)[1]}
          r={2 * r}
          strokeWidth={2 / scale}
        />
      )}
      {/* Its depth beside it: a depth nudge moves nothing in the camera's own view, so the
          number is where the change shows. */}
      {selected !== null && joints[selected] && person.joints3d?.[selected] && (
        <text
          className="edit-depth"
          x={joints[selected]![0] + 2.4 * r}
          y={joints[selected]![1] - 1.2 * r}
          fontSize={12 / scale}
          strokeWidth={3 / scale}
        >
          z {(person.joints3d[selected]![2] / 1000).toFixed(3)} m
        </text>
      )}
      {/* The chosen joint is drawn last, on top of any handle it overlaps, so it is the one grabbed. */}
      {joints
        .map((p, j) => [p, j] as const)
        .sort(([, a], [, b]) => (a === selected ? 1 : 0) - (b === selected ? 1 : 0))
        .map(([p, j]) => {
          if (!p) return null;
          const at = drag?.joint === j ? drag.uv : p;
          return (
            <circle
              key={j}
              className={`edit-handle${selected === j ? ' selected' : ''}`}
              data-joint={j}
              cx={at[0]}
              cy={at[1]}
              r={selected === j ? 1.3 * r : r}
              strokeWidth={(selected === j ? 2.5 : 1.5) / scale}
              stroke={selected === j ? '#ffffff' : undefined}
              {...handle(
                j,
                [p[0], p[1]],
                (uv) => onDrop(j, uv),
                () => onSelect(j),
              )}
            >
              <title>
                {skeleton.joints[j]?.name ?? `joint ${j}`}: drag to move, click to choose
              </title>
            </circle>
          );
        })}
    </g>
  );
}
