import { BrowserWindow } from 'electron';
import { join } from 'node:path';

/** The main window: isolated, sandboxed renderer with no Node access. */
export function createMainWindow(appRoot: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'PoseScope',
    backgroundColor: '#101418',
    show: false,
    webPreferences: {
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(join(appRoot, 'dist', 'renderer', 'index.html'));
  return win;
}
