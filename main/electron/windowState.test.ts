import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW, loadWindowState, saveWindowState } from './windowState';

describe('remembered window state', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'posescope-window-'));
  const file = join(tmp, 'window-state.json');
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('round-trips bounds and the maximised flag', () => {
    saveWindowState(file, { x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(file, screen)).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 800,
      maximized: true,
    });
  });

  it('drops the position when the window would be off every display (monitor unplugged)', () => {
    saveWindowState(file, { x: 2500, y: 100, width: 1200, height: 800, maximized: false });
    expect(loadWindowState(file, screen)).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('falls back to the default for a missing, malformed or invalid file', () => {
    expect(loadWindowState(join(tmp, 'none.json'), screen)).toEqual(DEFAULT_WINDOW);
    writeFileSync(file, '{not json');
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW);
    writeFileSync(file, JSON.stringify({ width: 10, height: 10 }));
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_WINDOW);
  });
});
