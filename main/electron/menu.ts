import { app, BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { eventChannel, type EventPayload, type RecentDataset } from '../../contract';

const send = (payload: EventPayload<'shellCommand'>) =>
  BrowserWindow.getFocusedWindow()?.webContents.send(eventChannel('shellCommand'), payload);

/** The application menu: datasets, recent folders, view controls and the shortcut sheet. */
export function buildMenu(recent: readonly RecentDataset[]): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Open Dataset…',
          accelerator: 'CmdOrCtrl+O',
          click: () => send({ command: 'chooseDataset' }),
        },
        {
          label: 'Open Recent',
          enabled: recent.length > 0,
          submenu: recent.map((r) => ({
            label: `${r.name} — ${r.path}`,
            click: () => send({ command: 'openPath', path: r.path }),
          })),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Keyboard Shortcuts',
          accelerator: 'Shift+/',
          click: () => send({ command: 'showShortcuts' }),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
