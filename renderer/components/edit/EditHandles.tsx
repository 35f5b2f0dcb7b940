import { useRef, useState, type PointerEvent } from 'react';
import type { PersonLabel } from '../../../contract';
import type { Skeleton } from '../../../core';
import { HIGHLIGHT_COLOR } from '../../theme/palette';

/** Image pixels under a pointer, through the overlay's own transform (pan, zoom, CSS). */
function imagePoint(e: PointerEvent<SVGElement>): [number, number] | null {
  const svg = e.currentTarget.ownerSVGElement ?? (e.currentTarget as SVGSVGElement);
  const ctm = svg.getScreenCTM();
  if (!ctm) return null;
  const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
  return [p.x, p.y];
}

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
}: {
  person: PersonLabel;
  skeleton: Skeleton;
  scale: number;
  selected: number | null;
  onSelect(joint: number): void;
  onDrop(joint: number, uv: [number, number]): void;
}) {
  const [drag, setDrag] = useState<{ joint: number; uv: [number, number] } | null>(null);
  const moved = useRef(false);
  const r = 6 / scale;
  const joints = person.joints2d ?? [];
  return (
    <g className="edit-handles" aria-label="editable joints">
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
              r={r}
              strokeWidth={1.5 / scale}
              stroke={selected === j ? HIGHLIGHT_COLOR : undefined}
              onPointerDown={(e) => {
                // The handle's drag, not the image's pan.
                e.stopPropagation();
                e.currentTarget.setPointerCapture(e.pointerId);
                moved.current = false;
                onSelect(j);
                setDrag({ joint: j, uv: [p[0], p[1]] });
              }}
              onPointerMove={(e) => {
                if (drag?.joint !== j) return;
                e.stopPropagation();
                const uv = imagePoint(e);
                if (!uv) return;
                moved.current = true;
                setDrag({ joint: j, uv });
              }}
              onPointerUp={(e) => {
                if (drag?.joint !== j) return;
                e.stopPropagation();
                setDrag(null);
                if (moved.current) onDrop(j, drag.uv);
              }}
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
