import { BufferGeometry, Color, Float32BufferAttribute, LineBasicMaterial } from 'three';

/** Metres between the fine lines and between the section lines (the shader grid's too). */
export const CELL_M = 0.25;
export const SECTION_M = 1;
/** How far each kind of line reaches from the centre before it has faded into the background. */
const CELL_REACH_M = 5;
const SECTION_REACH_M = 12;
/** Pieces per line, so the colour fades along it as well as across the grid. */
const PIECES = 12;

/**
 * The floor grid as plain line segments in the grid's local XZ plane, faded towards `background`
 * by distance from the centre through vertex colours. A CPU rasteriser shades only the lines'
 * pixels, where drei's shader grid shades every pixel of the floor (15–30 ms a frame switch on
 * SwiftShader, measured by `bench:ui`).
 */
export function lineGridGeometry(
  cell: string,
  section: string,
  background: string,
): BufferGeometry {
  const positions: number[] = [];
  const colors: number[] = [];
  const bg = new Color(background);
  const mixed = new Color();
  const put = (x: number, z: number, color: Color, reach: number) => {
    const t = Math.min(1, Math.hypot(x, z) / reach);
    // 1 − t^1.5: full strength near the centre, easing out towards the reach.
    mixed.copy(bg).lerp(color, 1 - t ** 1.5);
    positions.push(x, 0, z);
    colors.push(mixed.r, mixed.g, mixed.b);
  };
  const lines = (step: number, reach: number, color: Color, skip?: number) => {
    const n = Math.floor(reach / step);
    for (let k = -n; k <= n; k++) {
      const at = k * step;
      // Fine lines under a section line would be drawn over; leave them out.
      if (skip !== undefined && Math.abs(at / skip - Math.round(at / skip)) < 1e-9) continue;
      for (let p = 0; p < PIECES; p++) {
        const a = -reach + (2 * reach * p) / PIECES;
        const b = -reach + (2 * reach * (p + 1)) / PIECES;
        put(at, a, color, reach);
        put(at, b, color, reach);
        put(a, at, color, reach);
        put(b, at, color, reach);
      }
    }
  };
  lines(CELL_M, CELL_REACH_M, new Color(cell), SECTION_M);
  lines(SECTION_M, SECTION_REACH_M, new Color(section));
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(positions, 3));
  geometry.setAttribute('color', new Float32BufferAttribute(colors, 3));
  geometry.computeBoundingSphere();
  return geometry;
}

export const LINE_GRID_MATERIAL = new LineBasicMaterial({ vertexColors: true });
