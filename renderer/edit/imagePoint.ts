import type { PointerEvent } from 'react';

/** Image pixels under a pointer, through the overlay's own transform (pan, zoom, CSS). */
export function imagePoint(e: PointerEvent<SVGElement>): [number, number] | null {
  const svg = e.currentTarget.ownerSVGElement ?? (e.currentTarget as SVGSVGElement);
  const ctm = svg.getScreenCTM();
  if (!ctm) return null;
  const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
  return [p.x, p.y];
}
