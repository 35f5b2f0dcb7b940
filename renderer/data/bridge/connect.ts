import { createClient, type Bridge, type PlatformServices } from '../../../contract';
import { httpBridge } from './httpBridge';

declare global {
  interface Window {
    /** Set by the desktop shell's preload; absent in a browser. */
    posescope?: { bridge: Bridge; platform: PlatformServices };
  }
}

/**
 * The composition root's one decision: the preload's IPC bridge when a shell injected one, the
 * HTTP bridge otherwise. Past this point the UI only sees the typed client and platform services.
 */
export function connect() {
  const injected = window.posescope;
  return {
    client: createClient(injected?.bridge ?? httpBridge()),
    platform: injected?.platform ?? {},
  };
}
