import { app, BrowserWindow, Menu, protocol, session } from 'electron';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorMessage, eventChannel, type RecentDataset } from '../../contract';
import { rendererDirOf } from '../platform/paths';
import { startBackend } from '../services/startBackend';
import { CONTENT_SECURITY_POLICY } from '../platform/csp';
import { APP_SCHEME, answerAppRequest, protocolHeaders } from './appProtocol';
import { guardContents, guardSession } from './guards';
import { wireIpc } from './ipc';
import { buildMenu } from './menu';
import { createMainWindow } from './window';

// Must precede `ready`: a standard, secure scheme gets a real origin, so the CSP's 'self' and
// relative URLs work as they do in browser mode.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// On a machine without a usable GPU (annotation teams' virtual desktops) Chromium draws the page
// in software and WebGL on SwiftShader — since Chromium 139 only when opted into with this
// switch, or the 3D views would have no WebGL at all. The opt-in exists because SwiftShader is
// a larger attack surface for untrusted pages; this app shows only its own (CSP-locked,
// navigation guarded, guards.ts). Where a GPU works, Chromium uses it and ignores the switch.
app.commandLine.appendSwitch('enable-unsafe-swiftshader');

/** A dataset folder named on the command line (`posescope start <folder>`), if any. */
const folderArg = (argv: readonly string[]): string | undefined => {
  const args = argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  return args[0] ? resolve(args[0]) : undefined;
};

/** Electron lifecycle: one instance, locked-down navigation, the contract over IPC. */
export function runElectronApp(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const appRoot = app.getAppPath();
  const version = (
    JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  let main: BrowserWindow | undefined;

  app.on('second-instance', (_e, argv) => {
    if (!main) return;
    if (main.isMinimized()) main.restore();
    main.focus();
    const folder = folderArg(argv);
    if (folder)
      main.webContents.send(eventChannel('shellCommand'), { command: 'openPath', path: folder });
  });

  app.on('web-contents-created', (_event, contents) => guardContents(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    const backend = startBackend({
      appRoot,
      version,
      shell: 'electron',
      startDataset: folderArg(process.argv),
      sampleDir: app.isPackaged ? join(process.resourcesPath, 'sample') : undefined,
    });
    const rendererDir = rendererDirOf(appRoot);
    protocol.handle(APP_SCHEME, async (req) => {
      const reply = await answerAppRequest(req.url, rendererDir, backend).catch((err: unknown) => ({
        status: 500,
        type: 'text/plain; charset=utf-8',
        body: Buffer.from(`PoseScope: ${errorMessage(err)}`),
      }));
      return new Response(reply.body as ConstructorParameters<typeof Response>[0], {
        status: reply.status,
        headers: protocolHeaders(reply),
      });
    });
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: {
          ...details.responseHeaders,
          'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
        },
      });
    });
    guardSession(session.defaultSession);
    wireIpc(backend);
    const refreshMenu = () =>
      void backend.call('recentDatasets', {}).then((r) => {
        if (r.ok) Menu.setApplicationMenu(buildMenu(r.value as RecentDataset[]));
      });
    refreshMenu();
    backend.onEvent((event) => {
      if (event === 'indexProgress') refreshMenu();
    });
    main = createMainWindow(appRoot, app.getPath('userData'));
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0)
        main = createMainWindow(appRoot, app.getPath('userData'));
    });
    app.on('will-quit', () => void backend.close());
  });
}
