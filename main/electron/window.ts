import { BrowserWindow, screen } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './appProtocol';
import { loadWindowState, saveWindowState } from './windowState';

/** The main window: isolated, sandboxed renderer with no Node access, where it was last left. */
export function createMainWindow(appRoot: string, userData: string): BrowserWindow {
  const stateFile = join(userData, 'window-state.json');
  const state = loadWindowState(
    stateFile,
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...state,
    minWidth: 960,
    minHeight: 600,
    title: 'PoseScope',
    backgroundColor: '#101418',
    show: false,
    webPreferences: {
      preload: join(appRoot, 'dist', 'preload', 'index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const remember = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  };
  win.on('close', remember);
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
