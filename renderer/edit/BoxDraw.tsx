import { useState } from 'react';
import { BoxPreview } from './BoxPreview';
import { imagePoint } from './imagePoint';

type Box = [number, number, number, number];

/** Smaller than this (image pixels) a drag is a stray click, not a box. */
const MIN_SIDE = 4;

/**
 * Drawing a new person's box: the whole image takes the pointer (no pan while drawing), the box
 * follows the drag, and on release it is handed on in image pixels, clipped to the image.
 */
export function BoxDraw({
  width,
  height,
  scale,
  onBox,
}: {
  width: number;
  height: number;
  scale: number;
  onBox(box: Box): void;
}) {
  const [drag, setDrag] = useState<{ from: [number, number]; to: [number, number] } | null>(null);
  const clip = ([x, y]: [number, number]): [number, number] => [
    Math.min(Math.max(x, 0), width),
    Math.min(Math.max(y, 0), height),
  ];
  const box = (d: NonNullable<typeof drag>): Box => {
    const [[x0, y0], [x1, y1]] = [clip(d.from), clip(d.to)];
    return [Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)];
  };
  const shown = drag && box(drag);
  return (
    <g className="box-draw" aria-label="draw the new person's box">
      <rect
        className="box-draw-surface"
        x={0}
        y={0}
        width={width}
        height={height}
        onPointerDown={(e) => {
          e.stopPropagation();
          const p = imagePoint(e);
          if (!p) return;
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag({ from: p, to: p });
        }}
        onPointerMove={(e) => {
          if (!drag) return;
          e.stopPropagation();
          const p = imagePoint(e);
          if (p) setDrag({ ...drag, to: p });
        }}
        onPointerCancel={() => setDrag(null)}
        onLostPointerCapture={() => setDrag(null)}
        onPointerUp={(e) => {
          if (!drag) return;
          e.stopPropagation();
          const b = box(drag);
          setDrag(null);
          if (b[2] >= MIN_SIDE && b[3] >= MIN_SIDE) onBox(b);
        }}
      />
      {shown && <BoxPreview box={shown} scale={scale} />}
    </g>
  );
}
