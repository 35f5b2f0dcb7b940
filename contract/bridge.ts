import {
  CALL_NAMES,
  type CallName,
  type EventName,
  type EventPayload,
  type PoseScopeApi,
} from './api';
import { unwrap, type Envelope } from './envelope';

/**
 * The untyped pipe a transport provides: Electron's preload (ipcRenderer) or the browser
 * client (HTTP + WebSocket). Everything typed is built on top of it, once.
 */
export interface Bridge {
  invoke(call: CallName, args: unknown): Promise<Envelope<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Services only the desktop shell has; the UI offers a typed-path fallback when absent. */
export interface PlatformServices {
  pickFolder?(): Promise<string | null>;
  pickFile?(filters: { name: string; extensions: string[] }[]): Promise<string | null>;
  revealInFolder?(path: string): Promise<void>;
}

export type EventListener<K extends EventName> = (payload: EventPayload<K>) => void;

export interface PoseScopeClient {
  readonly api: PoseScopeApi;
  on<K extends EventName>(event: K, listener: EventListener<K>): () => void;
}

/** The typed client over a bridge: every call unwraps its envelope and rethrows errors. */
export function createClient(bridge: Bridge): PoseScopeClient {
  const api = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      async (args: unknown) => unwrap(name, await bridge.invoke(name, args ?? {})),
    ]),
  ) as PoseScopeApi;
  return {
    api,
    on: (event, listener) =>
      bridge.subscribe(event, (payload) => listener(payload as EventPayload<typeof event>)),
  };
}
