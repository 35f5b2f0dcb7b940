import { app, BrowserWindow, session } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { createMainWindow } from './window';

/** Electron lifecycle: one instance, locked-down navigation, CSP on every response. */
export function runElectronApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let main: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (!main) return;
    if (main.isMinimized()) main.restore();
    main.focus();
  });

  // No page may navigate away from the app or open windows of its own.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        },
      });
    });
    main = createMainWindow(app.getAppPath());
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) main = createMainWindow(app.getAppPath());
    });
  });
}
