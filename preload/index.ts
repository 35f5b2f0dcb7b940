// The desktop window's bridge: the contract's untyped pipe and the platform services, exposed
// under one global. The renderer builds the typed client on top (contract/bridge.ts).
import { contextBridge, ipcRenderer } from 'electron';
import {
  PLATFORM_CHANNELS,
  callChannel,
  eventChannel,
  type Bridge,
  type PlatformServices,
} from '../contract';

const bridge: Bridge = {
  invoke: (call, args) => ipcRenderer.invoke(callChannel(call), args),
  subscribe(event, listener) {
    const handler = (_e: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), handler);
    return () => ipcRenderer.removeListener(eventChannel(event), handler);
  },
};

const platform: PlatformServices = {
  pickFolder: () => ipcRenderer.invoke(PLATFORM_CHANNELS.pickFolder),
  pickFile: (filters) => ipcRenderer.invoke(PLATFORM_CHANNELS.pickFile, filters),
  revealInFolder: (path) => ipcRenderer.invoke(PLATFORM_CHANNELS.revealInFolder, path),
};

contextBridge.exposeInMainWorld('posescope', { bridge, platform });
