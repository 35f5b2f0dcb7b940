import { createContext, useContext, useEffect, type ReactNode } from 'react';
import type {
  EventListener,
  EventName,
  PlatformServices,
  PoseScopeApi,
  PoseScopeClient,
} from '../../contract';

interface Shell {
  readonly client: PoseScopeClient;
  readonly platform: PlatformServices;
}

const ShellContext = createContext<Shell | null>(null);

/** Gives the UI the typed client and whatever platform services the shell injected. */
export function ShellProvider({ shell, children }: { shell: Shell; children: ReactNode }) {
  return <ShellContext.Provider value={shell}>{children}</ShellContext.Provider>;
}

function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('PoseScope UI rendered outside its ShellProvider');
  return shell;
}

export const useApi = (): PoseScopeApi => useShell().client.api;
export const usePlatform = (): PlatformServices => useShell().platform;

/** Subscribes to a main-side event for the component's lifetime. */
export function useEvent<K extends EventName>(event: K, listener: EventListener<K>): void {
  const { client } = useShell();
  useEffect(() => client.on(event, listener), [client, event, listener]);
}
