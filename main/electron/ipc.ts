import { BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import {
  CALL_NAMES,
  EVENT_NAMES,
  PLATFORM_CHANNELS,
  callChannel,
  eventChannel,
} from '../../contract';
import type { ServiceBackend } from '../services/backend';
import { APP_ORIGIN } from './appProtocol';

/** Only the app's own page may call: a frame from anywhere else (it should never load) is refused. */
const fromApp = (e: IpcMainInvokeEvent): boolean =>
  e.senderFrame?.url.startsWith(`${APP_ORIGIN}/`) ?? false;

/**
 * Wires the contract to IPC: one handler per call (arguments are validated by the backend's
 * dispatch), every event broadcast to every window, and the desktop's platform services.
 */
export function wireIpc(backend: ServiceBackend): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), (e, args: unknown) =>
      fromApp(e) ? backend.call(name, args) : { ok: false, error: 'refused: not the app page' },
    );
  }
  const off = backend.onEvent((event, payload) => {
    if (!(EVENT_NAMES as string[]).includes(event)) return;
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send(eventChannel(event), payload);
  });
  ipcMain.handle(PLATFORM_CHANNELS.pickFolder, async (e) => {
    if (!fromApp(e)) return null;
    const win = BrowserWindow.fromWebContents(e.sender);
    const r = await (win
      ? dialog.showOpenDialog(win, { title: 'Open dataset folder', properties: ['openDirectory'] })
      : dialog.showOpenDialog({ title: 'Open dataset folder', properties: ['openDirectory'] }));
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  ipcMain.handle(PLATFORM_CHANNELS.pickFile, async (e, filters: unknown) => {
    if (!fromApp(e)) return null;
    const r = await dialog.showOpenDialog({
      properties: ['openFile'],
      filters: Array.isArray(filters) ? (filters as Electron.FileFilter[]) : [],
    });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });
  ipcMain.handle(PLATFORM_CHANNELS.revealInFolder, (e, path: unknown) => {
    if (fromApp(e) && typeof path === 'string') shell.showItemInFolder(path);
  });
  return off;
}
