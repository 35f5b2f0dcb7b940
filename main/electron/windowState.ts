import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof stateSchema>;

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false };

interface Area {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The window's last bounds, if the file is valid and the window would still be mostly on one of
 * the current displays (a monitor may have been unplugged); the default otherwise.
 */
export function loadWindowState(file: string, displays: readonly Area[]): WindowState {
  let state: WindowState;
  try {
    state = stateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return DEFAULT_WINDOW;
  }
  if (state.x === undefined || state.y === undefined) return state;
  const { x, y } = state;
  const visible = displays.some((d) => {
    const w = Math.min(x + state.width, d.x + d.width) - Math.max(x, d.x);
    const h = Math.min(y + state.height, d.y + d.height) - Math.max(y, d.y);
    return w > 0 && h > 0 && w * h >= 0.5 * state.width * state.height;
  });
  return visible ? state : { width: state.width, height: state.height, maximized: state.maximized };
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
